#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the disks the QEMU case tests/qemu/case-faults.sh attaches, as bare
# ext4 filesystems made with mkfs.ext4 -d (nothing mounted):
#   fault.img  Boot Loader Spec entries, one good and one per fault:
#              a kernel cut short (first 2 MiB), a bzImage whose header asks
#              for boot protocol 2.00, a missing initrd, an ELF kernel whose
#              PT_LOAD runs past the end of the file, initrds cut short
#              (gzip, xz, zstd, and a newc cpio without its TRAILER!!!),
#              and an initrd too big for the guest's memory (a newc cpio
#              holding one 1.2 GiB sparse file)
#   gone.img   one BLS entry ("Gone: disk removed"); the case attaches it as
#              a SCSI disk and removes it (QMP device_del) after discovery
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
# Initrds cut short: each the kernel would unpack only in part (or not at all).
head -c 300000 "$target/payload2.cpio.gz" >"$d/k/cut.cpio.gz"
xz --check=crc32 -T1 -c "$target/payload1.cpio" >"$stage/p1.xz"
head -c $(($(stat -c %s "$stage/p1.xz") - 40)) "$stage/p1.xz" >"$d/k/cut.cpio.xz"
zstd -q -c --check "$target/payload1.cpio" >"$stage/p1.zst"
head -c $(($(stat -c %s "$stage/p1.zst") / 2)) "$stage/p1.zst" >"$d/k/cut.cpio.zst"
python3 - "$target/payload1.cpio" "$d/k/notrailer.cpio" "$d/k/huge.cpio" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
# Everything before the TRAILER!!! entry's 110-byte header: every file whole, no end.
open(sys.argv[2], "wb").write(data[:data.index(b"TRAILER!!!") - 110])
# One newc entry of 1.2 GiB (a hole on disk), then TRAILER!!!: whole, but bigger than the guest's memory.
size = 1200 << 20
def hdr(name, n, mode):
    name = name + b"\0"
    h = b"070701" + b"".join(b"%08X" % v for v in (1, mode, 0, 0, 1, 0, n, 0, 0, 0, 0, len(name), 0)) + name
    return h + b"\0" * (-len(h) % 4)
with open(sys.argv[3], "wb") as f:
    f.write(hdr(b"huge.bin", size, 0o100644))
    f.seek(size, 1)
    t = hdr(b"TRAILER!!!", 0, 0)
    f.write(t + b"\0" * (-(f.tell() + len(t)) % 512))
PY
entry good a1 "Good kernel" /k/good /k/base.cpio /k/payload1.cpio /k/payload2.cpio.gz
entry truncated a2 "Fault: truncated kernel" /k/truncated /k/base.cpio
entry oldproto a3 "Fault: bad bzImage header" /k/oldproto /k/base.cpio
entry noinitrd a4 "Fault: missing initrd" /k/good /k/base.cpio /k/missing.cpio
entry badelf a5 "Fault: ELF with bad program headers" /k/badelf
entry cutgz a6 "Fault: gzip initrd cut short" /k/good /k/base.cpio /k/cut.cpio.gz
entry cutxz a7 "Fault: xz initrd cut short" /k/good /k/base.cpio /k/cut.cpio.xz
entry cutzst a8 "Fault: zstd initrd cut short" /k/good /k/base.cpio /k/cut.cpio.zst
entry notrailer a9 "Fault: cpio initrd without TRAILER" /k/good /k/base.cpio /k/notrailer.cpio
entry huge b1 "Fault: initrd too big for memory" /k/good /k/base.cpio /k/huge.cpio
kib=$(du -sk "$d" | cut -f1) # the huge initrd is a hole: it counts for nothing here
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

d=$stage/gone
mkdir -p "$d/loader/entries" "$d/k"
cp "$k61" "$d/k/vmlinuz"
cp "$target/base.cpio" "$d/k/base.cpio"
entry gone z1 "Gone: disk removed" /k/vmlinuz /k/base.cpio
kib=$(du -sk "$d" | cut -f1)
rm -f "$out/gone.img"
truncate -s "$(((kib * 13 / 10 + 4096) / 1024 + 4))M" "$out/gone.img"
mkfs.ext4 -q -F -L GONE -U 0d1c0000-0000-4000-8000-0000000000f3 -E root_owner=0:0 -d "$d" "$out/gone.img"
