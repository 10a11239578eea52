#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: payload
# Netboot (a): the flashable payload, no disk, kexboot.url naming a
# PXELINUX config over HTTP. kexboot brings the virtio NIC up, leases
# 10.0.2.15 from QEMU's DHCP, reads the config from nginx (tests/qemu/
# netboot-lib.sh: 127.0.0.1 only, reached through guestfwd with
# restrict=on), shows its entry while the menu is open and boots it when
# the countdown ends: the Debian 6.1 kernel with three initrds fetched over
# HTTP, every byte checked by the target. nginx's log shows the fetches.
set -eu
. tests/qemu/lib.sh
. tests/qemu/netboot-lib.sh
netboot_need
echo "payload netboots http://10.0.2.100/boot/pxelinux.cfg/default"
netboot_serve
qemu_start "$bz" "" "console=ttyS0 panic=-1 kexboot.timeout=3 kexboot.url=http://10.0.2.100/boot/pxelinux.cfg/default" \
	-netdev "$NB_NETDEV" -device virtio-net-pci,netdev=n0
netboot_trap
qemu_expect "kexboot $ver \(PID 1\)" 120
qemu_expect "kexboot: network: reading http://10.0.2.100/boot/pxelinux.cfg/default" 120
qemu_expect "Network Debian 6\.1" 120
qemu_expect "kexboot: booting 'Network Debian 6\.1'" 60
qemu_expect "kexboot: loading .*vmlinuz with 3 initrd\(s\)" 120
qemu_expect "kexboot: network: took back [1-9][0-9]* change\(s\)$" 60
qemu_expect "TARGET: uname 6\.1\." 180
qemu_expect "TARGET: cmdline console=ttyS0 panic=-1 entry=net-6\.1$"
while read -r sum path; do
	qemu_expect "TARGET: sha256 $sum  $path"
done <build/target/expected.sha256
qemu_expect "TARGET: done"
qemu_wait_exit 60
for p in /boot/pxelinux.cfg/default /boot/vmlinuz /boot/a.cpio /boot/b.cpio /boot/c.cpio; do
	netboot_fetched "$p" || { echo "  nginx did not serve $p:" >&2; cat "$NB_DIR/access.log" >&2; exit 1; }
	echo "  served: $p"
done
echo "  ok: netbooted the 6.1 kernel with three initrds over HTTP"
