#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the disks the QEMU case tests/qemu/case-faults.sh attaches, as bare
# ext4 filesystems made with mkfs.ext4 -d (nothing mounted):
#   fault.img  Boot Loader Spec entries, one good and one per fault:
#              a kernel cut short (first 2 MiB), a bzImage whose header asks
#              for boot protocol 2.00, a missing initrd, an ELF kernel whose
#              PT_LOAD runs past the end of the file
#   badsb.img  an ext4 filesystem (no metadata_csum, so it is still probed as
#              ext4) whose superblock says 2^255 KiB blocks: it cannot be mounted
# The good entry boots Debian's 6.1 kernel with the target initrds.
#
# usage: scripts/fault-disks.sh OUTDIR TARGET_DIR KERNELS_TXT
set -eu
out=$1 target=$2 kernels=$3
k61=$(awk '$1 == "6.1" {print $3}' "$kernels")/vmlinuz
mkdir -p "$out"
stage=$(mktemp -d /tmp/kexboot-faults.XXXXXX)
trap 'rm -rf "$stage"' EXIT
export E2FSPROGS_FAKE_TIME=1700000000

d=$stage/fault
mkdir -p "$d/loader/entries" "$d/k"
cp "$k61" "$d/k/good"
for f in base.cpio payload1.cpio payload2.cpio.gz; do
	cp "$target/$f" "$d/k/$f"
done
head -c 2097152 "$k61" >"$d/k/truncated"
cp "$k61" "$d/k/oldproto"
# The boot protocol version (setup header offset 0x206) as 2.00.
printf '\000\002' | dd of="$d/k/oldproto" bs=1 seek=518 conv=notrunc status=none
python3 - "$d/k/badelf" <<'PY'
import struct, sys
# An x86_64 ET_EXEC ELF64 with one PT_LOAD of 1 MiB at file offset 0x1000 in a 8 KiB file.
eh = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
eh += struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, 0x1000000, 64, 0, 0, 64, 56, 1, 64, 0, 0)
ph = struct.pack("<IIQQQQQQ", 1, 5, 0x1000, 0x1000000, 0x1000000, 0x100000, 0x100000, 0x1000)
data = eh + ph
open(sys.argv[1], "wb").write(data + bytes(8192 - len(data)))
PY
# entry FILE SORTKEY TITLE KERNEL [INITRD...]
entry() {
	f=$1 key=$2 title=$3 kernel=$4
	shift 4
	{
		echo "title   $title"
		echo "sort-key $key"
		echo "linux   $kernel"
		for i in "$@"; do echo "initrd  $i"; done
		echo "options console=ttyS0 panic=-1 entry=$f"
	} >"$d/loader/entries/$f.conf"
}
entry good a1 "Good kernel" /k/good /k/base.cpio /k/payload1.cpio /k/payload2.cpio.gz
entry truncated a2 "Fault: truncated kernel" /k/truncated /k/base.cpio
entry oldproto a3 "Fault: bad bzImage header" /k/oldproto /k/base.cpio
entry noinitrd a4 "Fault: missing initrd" /k/good /k/base.cpio /k/missing.cpio
entry badelf a5 "Fault: ELF with bad program headers" /k/badelf
kib=$(du -sk "$d" | cut -f1)
rm -f "$out/fault.img"
truncate -s "$(((kib * 13 / 10 + 4096) / 1024 + 4))M" "$out/fault.img"
mkfs.ext4 -q -F -L FAULTS -U 0d1c0000-0000-4000-8000-0000000000f1 -E root_owner=0:0 -d "$d" "$out/fault.img"

mkdir -p "$stage/badsb/loader/entries"
printf 'title Unreachable\nlinux /vmlinuz\n' >"$stage/badsb/loader/entries/x.conf"
rm -f "$out/badsb.img"
truncate -s 8M "$out/badsb.img"
mkfs.ext4 -q -F -O ^metadata_csum -L BADSB -U 0d1c0000-0000-4000-8000-0000000000f2 -E root_owner=0:0 \
	-d "$stage/badsb" "$out/badsb.img"
# s_log_block_size (superblock at 1024, field at +24) = 255.
printf '\377' | dd of="$out/badsb.img" bs=1 seek=1048 conv=notrunc status=none
