#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: payload
# Netboot (h): a NIC on which nothing answers DHCP (a QEMU hub port with
# nothing else on the hub: frames go nowhere) and the demo disk, no
# kexboot.url. The network source starts because there is a wired link, but
# it is a slow source: the menu opens with the disk's entries at once
# ("still looking"), the network gives up after kexboot.net.timeout=5 and
# says so as a broken entry, and the countdown (not stopped by it, no key
# pressed) boots the disk's default. The link that got nothing is taken down
# at once; quiesce reports it ("eth0: no DHCP offer ...: taken down").
set -eu
. tests/qemu/lib.sh
bz=build/payload/bzImage
for f in "$bz" build/demo.img build/target/expected.sha256; do
	[ -f "$f" ] || { echo "  $f missing: run 'make payload demo'" >&2; exit 1; }
done
echo "payload with a silent NIC and the demo disk, kexboot.net.timeout=5"
qemu_start "$bz" "" "console=ttyS0 panic=-1 kexboot.timeout=25 kexboot.net.timeout=5" \
	-drive file=build/demo.img,if=virtio,format=raw,snapshot=on \
	-netdev hubport,id=n0,hubid=7 -device virtio-net-pci,netdev=n0,mac=52:54:00:12:34:57
qemu_expect "kexboot: network: asking DHCP where the boot config is \(1 wired link\(s\)\)" 120
qemu_expect "kexboot: found 8 boot entries on 2 filesystem\(s\); still looking" 120
qemu_expect "kexboot [0-9.]+ - boot menu \(searching\.\.\.\)" 60
qemu_expect "Network: eth0: no DHCP offer within 5 s \([0-9]+ messages sent\) \(broken\)" 90
if tr -d '\r' <"$QEMU_LOG" | grep -q "kexboot: booting"; then
	echo "  the default booted before the network gave up: the countdown is too short for this machine" >&2
	exit 1
fi
qemu_expect "kexboot: booting 'Debian GNU/Linux \(Linux 6.1\)'" 90
# The link that got nothing was taken down at once: the report says so, nothing is left to take back.
qemu_expect "kexboot: network: eth0: no DHCP offer within 5 s \([0-9]+ messages sent\): taken down$" 60
qemu_expect_target "console=ttyS0 panic=-1 entry=bls-6.1"
echo "  ok: local entries at once, the network said no lease within 5 s, the local default booted on time"
