#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: payload
# Netboot (c): static addressing. kexboot.ip= in the kernel's ip= syntax
# puts 10.0.2.15/24 on eth0 through rtnetlink (no DHCP) and names the DNS
# server 10.0.2.53 (its dns0 field); kexboot.url names the PXELINUX config
# on nginx by a host name, boot.test (tests/qemu/netboot-lib.sh: nginx and
# a dnsmasq that knows only boot.test, both on 127.0.0.1, reached through
# guestfwd with restrict=on; the lookup goes over TCP, as the UDP query is
# dropped). The config, the kernel and its initrds are fetched by name.
set -eu
. tests/qemu/lib.sh
. tests/qemu/netboot-lib.sh
ip=10.0.2.15::10.0.2.2:255.255.255.0:kexboot:eth0:off:10.0.2.53
netboot_need
echo "payload netboots http://boot.test/boot/pxelinux.cfg/default with kexboot.ip=$ip"
netboot_serve
netboot_dns boot.test 10.0.2.100
qemu_start "$bz" "" "console=ttyS0 panic=-1 kexboot.timeout=3 kexboot.ip=$ip kexboot.url=http://boot.test/boot/pxelinux.cfg/default" \
	-netdev "$NB_NETDEV" -device virtio-net-pci,netdev=n0
netboot_trap
qemu_expect "kexboot: network: addressing from kexboot.ip=10\.0\.2\.15::10\.0\.2\.2:255\.255\.255\.0:kexboot:eth0:off:10\.0\.2\.53" 120
qemu_expect "Network Debian 6\.1" 120
qemu_expect "kexboot: booting 'Network Debian 6\.1'" 60
qemu_expect "kexboot: loading .*vmlinuz with 3 initrd\(s\)" 120
# link up, address, route via 10.0.2.2: no lease among them
qemu_expect "kexboot: network: took back 3 change\(s\)$" 60
qemu_expect_target "console=ttyS0 panic=-1 entry=net-6\.1"
for p in /boot/pxelinux.cfg/default /boot/vmlinuz /boot/a.cpio; do
	netboot_fetched "$p" || { echo "  nginx did not serve $p" >&2; exit 1; }
done
netboot_dns_asked boot.test || { echo "  dnsmasq was not asked for boot.test:" >&2; cat "$NB_DIR/dnsmasq.log" >&2; exit 1; }
echo "  ok: static address and DNS server from kexboot.ip, config and kernel over HTTP by host name"
