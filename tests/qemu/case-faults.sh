#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# Broken things on disk (scripts/fault-disks.sh), one guest: an ext4 whose
# superblock cannot be mounted next to a disk of Boot Loader Spec entries,
# one good and one per fault. Each faulty entry is chosen in turn from the
# menu: its reason is shown and the menu comes back; then the good entry
# boots to the target's markers. Both disks are attached writable and are
# byte for byte the same afterwards.
#   tests/qemu/case-faults.sh SERIES
set -eu
. tests/qemu/lib.sh
kdir=$(kernel_dir "$1")
disks=$QEMU_DIR/disks
sh scripts/fault-disks.sh "$disks" build/target build/kernels.txt
before=$(cd "$disks" && sha256sum fault.img badsb.img)
qemu_start "$kdir/vmlinuz" build/kexboot.cpio "console=ttyS0 panic=-1 kexboot.timeout=-1 kexboot.debug" \
	-drive file="$disks/fault.img",if=virtio,format=raw \
	-drive file="$disks/badsb.img",if=virtio,format=raw
qemu_expect "kexboot: found 5 boot entries on 1 filesystem\(s\)" 120
# The filesystem that cannot be mounted is named, with the kernel's answer.
qemu_expect "/dev/vdb: cannot mount ext4 read-only: Invalid argument" 5
qemu_expect "kexboot [0-9.]+ - boot menu" 30
# choose N: select entry N by its number, then Enter.
choose() {
	qemu_send "$1"
	sleep 1
	qemu_send '\r'
}
choose 2
qemu_expect "kexboot: could not boot 'Fault: truncated kernel': bzImage truncated: 2097152 bytes, its header says at least [0-9]+" 60
choose 3
qemu_expect "kexboot: could not boot 'Fault: bad bzImage header': boot protocol 2\.00 is older than 2\.12" 60
choose 4
qemu_expect "initrd /k/missing\.cpio not found on " 60
choose 5
qemu_expect "kexboot: could not boot 'Fault: ELF with bad program headers': ELF: PT_LOAD 0 runs past the file" 60
# The menu is still usable: the good entry boots.
choose 1
qemu_expect "kexboot: booting 'Good kernel'" 30
qemu_expect "TARGET: cmdline .*entry=good( |$)" 240
qemu_expect "TARGET: done" 120
qemu_wait_exit 60
after=$(cd "$disks" && sha256sum fault.img badsb.img)
[ "$before" = "$after" ] || { echo "  a disk changed:" >&2; echo "$before" >&2; echo "$after" >&2; exit 1; }
echo "  disks unchanged: $(echo "$after" | awk '{printf "%s ", $2}')"
echo "  ok: every fault gave its reason, the menu came back each time, the good entry booted"
