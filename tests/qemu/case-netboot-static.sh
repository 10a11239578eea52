#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: payload
# Netboot (c): static addressing. kexboot.ip= in the kernel's ip= syntax
# puts 10.0.2.15/24 on eth0 through rtnetlink (no DHCP); kexboot.url names
# the PXELINUX config on nginx (tests/qemu/netboot-lib.sh: 127.0.0.1 only,
# reached through guestfwd with restrict=on). The entry boots over HTTP.
set -eu
. tests/qemu/lib.sh
. tests/qemu/netboot-lib.sh
bz=build/payload/bzImage
ip=10.0.2.15::10.0.2.2:255.255.255.0:kexboot:eth0:off
for f in "$bz" build/target/base.cpio build/target/expected.sha256; do
	[ -f "$f" ] || { echo "  $f missing: run 'make payload target'" >&2; exit 1; }
done
echo "payload netboots http://10.0.2.100/boot/pxelinux.cfg/default with kexboot.ip=$ip"
netboot_serve
qemu_start "$bz" "" "console=ttyS0 panic=-1 kexboot.timeout=3 kexboot.ip=$ip kexboot.url=http://10.0.2.100/boot/pxelinux.cfg/default" \
	-netdev "$NB_NETDEV" -device virtio-net-pci,netdev=n0
netboot_trap
qemu_expect "kexboot: network: addressing from kexboot.ip=10\.0\.2\.15::10\.0\.2\.2:255\.255\.255\.0:kexboot:eth0:off" 120
qemu_expect "Network Debian 6\.1" 120
qemu_expect "kexboot: booting 'Network Debian 6\.1'" 60
qemu_expect "kexboot: loading .*vmlinuz with 3 initrd\(s\)" 120
# link up, address, route via 10.0.2.2: no lease among them
qemu_expect "kexboot: network: took back 3 change\(s\)$" 60
qemu_expect "TARGET: cmdline console=ttyS0 panic=-1 entry=net-6\.1$" 180
while read -r sum path; do
	qemu_expect "TARGET: sha256 $sum  $path"
done <build/target/expected.sha256
qemu_expect "TARGET: done"
qemu_wait_exit 60
netboot_fetched /boot/vmlinuz || { echo "  nginx did not serve /boot/vmlinuz" >&2; exit 1; }
echo "  ok: static address from kexboot.ip, config and kernel over HTTP"
