#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the hostile disks the QEMU case tests/qemu/case-hostile.sh attaches:
# bare ext4 filesystems (no partition table) made with mkfs.ext4 -d from
# staging directories, nothing mounted. One healthy volume, then one per
# class of hostile input:
#   good.img   BLS entry "Healthy volume entry"                     UUID ...a1
#   fifo.img   FIFOs where configs are expected: a BLS entry .conf,
#              loader.conf, a GRUB `source` target, a syslinux INCLUDE
#   bomb.img   nine syslinux files, each INCLUDEing the others 5 times
#   vars.img   a grub.cfg with 20,000 variables and 200 menuentries
#   huge.img   a grub.cfg just under GRUB's 16 MiB cap, one entry first
#   dup1.img, dup2.img  two filesystems with the same UUID (...d0): dup2's
#              grub.cfg names its own kernel through that UUID (resolves to
#              dup2) and dup1's kernel through it too (ambiguous)
# Every kernel here is a few bytes of text: the case checks discovery, not boot.
#
# usage: scripts/hostile-disks.sh OUTDIR
set -eu
out=$1
mkdir -p "$out"
stage=$(mktemp -d /tmp/kexboot-hostile.XXXXXX)
trap 'rm -rf "$stage"' EXIT
export E2FSPROGS_FAKE_TIME=1700000000

# mkimg NAME LABEL UUID: an ext4 image of $stage/NAME sized to fit.
mkimg() {
	kib=$(du -sk "$stage/$1" | cut -f1)
	rm -f "$out/$1.img"
	truncate -s "$(((kib * 13 / 10 + 4096) / 1024 + 4))M" "$out/$1.img"
	mkfs.ext4 -q -F -L "$2" -U "$3" -E root_owner=0:0 -d "$stage/$1" "$out/$1.img"
}

d=$stage/good
mkdir -p "$d/loader/entries"
printf 'title Healthy volume entry\nlinux /vmlinuz-good\noptions entry=good\n' >"$d/loader/entries/good.conf"
echo kernel >"$d/vmlinuz-good"
mkimg good GOOD 0d1c0000-0000-4000-8000-0000000000a1

d=$stage/fifo
mkdir -p "$d/loader/entries" "$d/boot/grub" "$d/syslinux"
echo kernel >"$d/vmlinuz"
printf 'title FIFO volume BLS survivor\nlinux /vmlinuz\n' >"$d/loader/entries/a-ok.conf"
mkfifo "$d/loader/entries/b-fifo.conf" "$d/loader/loader.conf" "$d/boot/grub/fifo.cfg" "$d/syslinux/fifo.cfg"
printf "source /boot/grub/fifo.cfg\nmenuentry 'FIFO volume GRUB survivor' { linux /vmlinuz }\n" >"$d/boot/grub/grub.cfg"
printf 'INCLUDE fifo.cfg\nLABEL fifo-syslinux-survivor\n  KERNEL /vmlinuz\n' >"$d/syslinux/syslinux.cfg"
mkimg fifo FIFOS 0d1c0000-0000-4000-8000-0000000000a2

d=$stage/bomb
mkdir -p "$d/syslinux"
echo kernel >"$d/vmlinuz"
printf 'LABEL bomb-first\n  KERNEL /vmlinuz\nINCLUDE b0.cfg\n' >"$d/syslinux/syslinux.cfg"
for i in 0 1 2 3 4 5 6 7 8; do
	for k in 1 2 3 4 5 6 7 8; do
		for rep in 1 2 3 4 5; do
			echo "INCLUDE b$(((i + k) % 9)).cfg"
		done
	done >"$d/syslinux/b$i.cfg"
done
mkimg bomb BOMB 0d1c0000-0000-4000-8000-0000000000a3

d=$stage/vars
mkdir -p "$d/boot/grub"
echo kernel >"$d/vmlinuz"
awk 'BEGIN {
	for (i = 0; i < 20000; i++) printf "set v%d=value%d\n", i, i
	for (i = 0; i < 200; i++) printf "menuentry \047Var entry %d\047 { linux /vmlinuz v=$v%d }\n", i, i
}' >"$d/boot/grub/grub.cfg"
mkimg vars VARS 0d1c0000-0000-4000-8000-0000000000a4

d=$stage/huge
mkdir -p "$d/boot/grub"
echo kernel >"$d/vmlinuz"
awk 'BEGIN {
	printf "menuentry \047Huge first\047 { linux /vmlinuz }\n"
	# 64-byte lines up to 16 MiB less 4 KiB: under the cap, so it is read and parsed.
	n = int((16 * 1048576 - 4096) / 64)
	for (i = 0; i < n; i++) printf "set pad%07d=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", i
	printf "menuentry \047Huge last\047 { linux /vmlinuz }\n"
}' >"$d/boot/grub/grub.cfg"
mkimg huge HUGE 0d1c0000-0000-4000-8000-0000000000a5

dup=0d1c0000-0000-4000-8000-0000000000d0
d=$stage/dup1
mkdir -p "$d/loader/entries"
echo kernel-a >"$d/vmlinuz-a"
printf 'title Dup A\nlinux /vmlinuz-a\n' >"$d/loader/entries/dup-a.conf"
mkimg dup1 DUP1 "$dup"
d=$stage/dup2
mkdir -p "$d/boot/grub"
echo kernel-b >"$d/vmlinuz-b"
cat >"$d/boot/grub/grub.cfg" <<CFG
menuentry 'Dup B own' { search --fs-uuid --set=root $dup; linux /vmlinuz-b }
menuentry 'Dup B elsewhere' { linux (UUID=$dup)/vmlinuz-a }
CFG
mkimg dup2 DUP2 "$dup"
