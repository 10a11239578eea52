#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: payload
# Netboot on two links at once: the payload, no disk, two NICs. eth0 has
# carrier but nothing answers on it (a QEMU hub port alone on its hub:
# frames go nowhere); eth1 is the usual restricted user network with QEMU's
# DHCP and the HTTP config of the other netboot cases (tests/qemu/
# netboot-lib.sh). kexboot asks DHCP on both at once; eth1 reaches
# kexboot.url, eth0 (earlier in the order) gets its grace and is then cut
# and taken down, long before kexboot.net.timeout. The log names both links
# and what each got; only eth1's NIC is handed back to the firmware's state
# (released from its driver), and the target boots from eth1 with every
# digest checked.
set -eu
. tests/qemu/lib.sh
. tests/qemu/netboot-lib.sh
timeout_s=20
netboot_need
echo "payload with a silent eth0 and eth1 on QEMU's network, kexboot.net.timeout=$timeout_s"
netboot_serve
qemu_start "$bz" "" "console=ttyS0 panic=-1 kexboot.timeout=3 kexboot.net.timeout=$timeout_s kexboot.url=http://10.0.2.100/boot/pxelinux.cfg/default" \
	-netdev hubport,id=n0,hubid=7 -device virtio-net-pci,netdev=n0,mac=52:54:00:12:34:57,addr=0x4 \
	-netdev "$(echo "$NB_NETDEV" | sed 's/^user,id=n0,/user,id=n1,/')" \
	-device virtio-net-pci,netdev=n1,mac=52:54:00:12:34:56,addr=0x5
netboot_trap
qemu_expect "kexboot $ver \(PID 1\)" 120
qemu_expect "kexboot: network: reading http://10.0.2.100/boot/pxelinux.cfg/default" 120
qemu_expect "Network Debian 6\.1" 120
qemu_expect "kexboot: booting 'Network Debian 6\.1'" 60
qemu_expect "kexboot: loading .*vmlinuz with 3 initrd\(s\)" 120
# Quiesce: what each link got, eth0 cut while still asking, eth1 used and handed back.
qemu_expect "kexboot: network: eth0: no answer yet after [0-9]+\.[0-9] s, when eth1 was chosen: taken down$" 60
qemu_expect "kexboot: network: eth1: IPv4 10\.0\.2\.15/24 by DHCP from 10\.0\.2\.2.*, names the config \(kexboot\.url\): used$" 10
qemu_expect "kexboot: network: took back [1-9][0-9]* change\(s\)$" 60
qemu_expect "kexboot: quiescing: released 1 device\(s\) from their drivers" 60
# The choice came within the bound (the guest's own clock): eth0 did not hold the boot for the timeout.
after=$(tr -d '\r' <"$QEMU_LOG" | sed -n 's/.*eth0: no answer yet after \([0-9]*\)\.[0-9] s.*/\1/p' | head -n 1)
if [ "$after" -ge "$timeout_s" ]; then
	echo "  the links were decided after $after s, not within kexboot.net.timeout=$timeout_s" >&2
	exit 1
fi
echo "  eth1 was chosen after $after s (bound $timeout_s s)"
qemu_expect "TARGET: uname 6\.1\." 180
qemu_expect "TARGET: cmdline console=ttyS0 panic=-1 entry=net-6\.1$"
while read -r sum path; do
	qemu_expect "TARGET: sha256 $sum  $path"
done <build/target/expected.sha256
qemu_expect "TARGET: done"
qemu_wait_exit 60
for p in /boot/pxelinux.cfg/default /boot/vmlinuz /boot/a.cpio /boot/b.cpio /boot/c.cpio; do
	netboot_fetched "$p" || { echo "  nginx did not serve $p:" >&2; cat "$NB_DIR/access.log" >&2; exit 1; }
done
echo "  ok: DHCP on both links at once, eth1 used, eth0 taken down, the target booted over eth1"
