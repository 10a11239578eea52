#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: none
# A disk hot-added while the menu is open appears in it. The payload (its
# kernel has virtio-scsi and sd built in) boots with the demo disk and an
# empty virtio-scsi controller, kexboot.timeout=-1; the user moves up from the
# default (entry 3) to entry 2; then QMP device_add puts a small ext4 disk with one BLS entry on the
# controller. The kernel's uevent makes the disk source mount it and the
# entry joins the open menu as entry 9, "(searching...)" goes away, and
# Enter still boots entry 2 (the selection did not move), from the disks
# mounted before and after the hot-add.
#   tests/qemu/case-hotplug.sh
set -eu
. tests/qemu/lib.sh
ver=$(cat VERSION)
bz=build/payload/bzImage
for f in "$bz" build/demo.img build/target/expected.sha256; do
	[ -f "$f" ] || { echo "  $f missing: run 'make payload build/demo.img'" >&2; exit 1; }
done

mkdir -p "$QEMU_DIR/hot/loader/entries"
printf 'title Hotplugged Linux\nlinux /vmlinuz-hot\noptions console=ttyS0 entry=hot\n' \
	>"$QEMU_DIR/hot/loader/entries/hot.conf"
printf 'not a kernel\n' >"$QEMU_DIR/hot/vmlinuz-hot"
truncate -s 16M "$QEMU_DIR/hot.img"
mkfs.ext4 -q -F -L HOTDISK -d "$QEMU_DIR/hot" "$QEMU_DIR/hot.img"

qemu_start "$bz" "" "console=ttyS0 panic=-1 kexboot.timeout=-1" \
	-drive file=build/demo.img,if=virtio,format=raw,snapshot=on \
	-device virtio-scsi-pci,id=scsi0 \
	-drive if=none,id=hot,file="$QEMU_DIR/hot.img",format=raw,readonly=on
qemu_expect "kexboot $ver \(PID 1\)" 120
qemu_expect "found 8 boot entries on 2 filesystem" 120
qemu_expect "Debian GNU/Linux" 60
# Wait for the disk source to stop "searching" (1 s without new disks) so the
# hot-add below is followed through uevents, not found by the first enumeration.
sleep 3
qemu_send 'k'
sleep 1
! tr -d '\r' <"$QEMU_LOG" | grep -q "Hotplugged Linux" || { echo "  hot entry before the hot-add" >&2; exit 1; }
echo "  device_add: $(qemu_qmp '{"execute": "device_add", "arguments": {"driver": "scsi-hd", "bus": "scsi0.0", "drive": "hot", "id": "hotdisk"}}')"
qemu_expect "Hotplugged Linux" 60
qemu_expect "9 .{0,20}Hotplugged Linux" 5
sleep 1
qemu_send '\r'
qemu_expect "kexboot: booting 'Debian GNU/Linux \(Linux 6\.12\)'" 60
qemu_expect "kexboot: quiescing: unmounting 3 filesystem\(s\)" 60
qemu_expect "TARGET: cmdline .*entry=bls-6\.12( |$)" 240
qemu_expect "TARGET: done" 120
qemu_wait_exit 60
echo "  ok: the hot-added disk's entry joined the open menu; entry 2 booted"
