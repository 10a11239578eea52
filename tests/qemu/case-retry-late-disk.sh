#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: none
# A disk that appears late is found without a key. The payload (virtio-scsi
# built in) starts with an empty controller: no bootable entry, the rescue
# prompt. While it waits, QMP device_add puts the demo disk on the
# controller; after kexboot.retry=10 s with no key the prompt looks again by
# itself, finds the disk's entries and the menu's countdown boots the
# default (loader.conf: BLS 6.1) to the target's markers. No key is typed.
#   tests/qemu/case-retry-late-disk.sh
set -eu
. tests/qemu/lib.sh
ver=$(cat VERSION)
bz=build/payload/bzImage
for f in "$bz" build/demo.img build/target/expected.sha256; do
	[ -f "$f" ] || { echo "  $f missing: run 'make payload build/demo.img'" >&2; exit 1; }
done
qemu_start "$bz" "" "console=ttyS0 panic=-1 kexboot.retry=10" \
	-device virtio-scsi-pci,id=scsi0 \
	-drive if=none,id=late,file=build/demo.img,format=raw,readonly=on
qemu_expect "kexboot $ver \(PID 1\)" 120
qemu_expect "kexboot: no bootable entry was found" 120
qemu_expect "kexboot: looking again in 10 s unless a key is pressed" 30
echo "  device_add: $(qemu_qmp '{"execute": "device_add", "arguments": {"driver": "scsi-hd", "bus": "scsi0.0", "drive": "late", "id": "latedisk"}}')"
qemu_expect "kexboot: looking for boot entries again \(no key in 10 s\)" 60
qemu_expect "found 8 boot entries on 2 filesystem" 120
qemu_expect "kexboot: booting 'Debian GNU/Linux \(Linux 6\.1\)'" 120
qemu_expect "TARGET: cmdline .*entry=bls-6\.1( |$)" 240
qemu_expect "TARGET: done" 120
qemu_wait_exit 60
! grep -q "automatic retry off" "$QEMU_LOG" || { echo "  a key was seen" >&2; exit 1; }
echo "  ok: the late disk was found by the prompt's own retry and its default booted"
