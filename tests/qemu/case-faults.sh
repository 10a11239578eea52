#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# Broken things on disk (scripts/fault-disks.sh), one guest: an ext4 whose
# superblock cannot be mounted next to a disk of Boot Loader Spec entries,
# one good and one per fault, and a SCSI disk that is removed (QMP
# device_del) once the menu shows its entry. Each faulty entry is chosen in
# turn from the menu: its reason is shown and the menu comes back. The
# guest runs with kexboot.fault=busy-load (test only: the first load step
# answers EBUSY without asking the kernel), so the good entry is refused
# once as busy, then boots to the target's markers at the end. Faults:
# truncated kernel, bad bzImage header, missing initrd, bad ELF program
# headers, initrds cut short (gzip, xz, zstd, newc without TRAILER!!!), an
# initrd bigger than the guest's memory, kexec busy, a disk gone after
# discovery. Every disk is attached writable and is byte for byte the same
# afterwards.
#   tests/qemu/case-faults.sh SERIES
set -eu
. tests/qemu/lib.sh
kdir=$(kernel_dir "$1")
disks=$QEMU_DIR/disks
sh scripts/fault-disks.sh "$disks" build/target build/kernels.txt
before=$(cd "$disks" && sha256sum fault.img badsb.img gone.img)
qemu_start "$kdir/vmlinuz" build/kexboot.cpio \
	"console=ttyS0 panic=-1 kexboot.timeout=-1 kexboot.debug kexboot.fault=busy-load" \
	-drive file="$disks/fault.img",if=virtio,format=raw \
	-drive file="$disks/badsb.img",if=virtio,format=raw \
	-device virtio-scsi-pci,id=scsi0 \
	-drive if=none,id=gone,file="$disks/gone.img",format=raw \
	-device scsi-hd,bus=scsi0.0,drive=gone,id=gonedisk
qemu_expect "kexboot: found 11 boot entries on 2 filesystem\(s\)" 120
# The filesystem that cannot be mounted is named, with the kernel's answer.
qemu_expect "/dev/vdb: cannot mount ext4 read-only: Invalid argument" 5
qemu_expect "kexboot [0-9.]+ - boot menu" 30
# choose N: select entry N by its number, then Enter.
choose() {
	qemu_send "$1"
	sleep 1
	qemu_send '\r'
}
# The SCSI disk (sda) is scanned first: entry 1 is its "Gone: disk removed", 2 the good kernel.
choose 3
qemu_expect "kexboot: could not boot 'Fault: truncated kernel': bzImage truncated: 2097152 bytes, its header says at least [0-9]+" 60
choose 4
qemu_expect "kexboot: could not boot 'Fault: bad bzImage header': boot protocol 2\.00 is older than 2\.12" 60
choose 5
qemu_expect "initrd /k/missing\.cpio not found on " 60
choose 6
qemu_expect "kexboot: could not boot 'Fault: ELF with bad program headers': ELF: PT_LOAD 0 runs past the file" 60
choose 7
qemu_expect "kexboot: could not boot 'Fault: gzip initrd cut short': [^ ]*/k/cut\.cpio\.gz: gzip stream at byte 0 ends early \(the file has 300000 bytes; truncated\?\)" 60
choose 8
qemu_expect "kexboot: could not boot 'Fault: xz initrd cut short': [^ ]*/k/cut\.cpio\.xz: xz stream at byte 0 ends early" 60
choose 9
qemu_expect "kexboot: could not boot 'Fault: zstd initrd cut short': [^ ]*/k/cut\.cpio\.zst: zstd frame at byte 0 ends early" 60
choose 10
qemu_expect "kexboot: could not boot 'Fault: cpio initrd without TRAILER': [^ ]*/k/notrailer\.cpio: cpio archive has no TRAILER!!!" 60
choose 11
qemu_expect "kexboot: could not boot 'Fault: initrd too big for memory': the image needs 1[0-9]{3} MiB of memory \(kernel [0-9]+ MiB, initrds 1[0-9]{3} MiB\) and [0-9]+ MiB are available: it does not fit" 60
# The good entry, once: kexec is busy (kexboot.fault=busy-load), said as such.
choose 2
qemu_expect "kexboot: kexboot.fault=busy-load: the load step answered EBUSY on purpose" 60
qemu_expect "kexboot: could not boot 'Good kernel': kexec_load: the kernel is busy with another kexec load or unload; try again" 60
# The SCSI disk goes away after discovery; its entry is still listed.
echo "  device_del: $(qemu_qmp '{"execute": "device_del", "arguments": {"id": "gonedisk"}}')"
sleep 3
choose 1
# Its files cannot be opened or read any more: the kernel's answer, with the file's name.
qemu_expect "kexboot: could not boot 'Gone: disk removed': UUID=[-0-9a-f]+:/k/vmlinuz: (I/O error|Input/output error|No such device|cannot be read)" 60
# The menu is still usable: the good entry boots.
choose 2
qemu_expect "kexboot: booting 'Good kernel'" 30
qemu_expect "TARGET: cmdline .*entry=good( |$)" 240
qemu_expect "TARGET: done" 120
qemu_wait_exit 60
after=$(cd "$disks" && sha256sum fault.img badsb.img gone.img)
[ "$before" = "$after" ] || { echo "  a disk changed:" >&2; echo "$before" >&2; echo "$after" >&2; exit 1; }
echo "  disks unchanged: $(echo "$after" | awk '{printf "%s ", $2}')"
echo "  ok: every fault gave its reason, the menu came back each time, the good entry booted"
