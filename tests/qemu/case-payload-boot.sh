#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 5.10 6.1 6.12 7.3
# The issue-6 acceptance run: the flashable payload alone (-kernel, no
# -initrd, no modules anywhere) with the demo disk (BLS + UKI on the ESP,
# GRUB on /boot) discovers the entries and boots a Debian kernel to the
# target's markers, with every initrd byte delivered.
#   tests/qemu/case-payload-boot.sh SERIES
#     6.1   the disk's own default (loader.conf: debian-6.1.conf, BLS)
#     6.12  chosen with kexboot.default=<BLS title>
#     5.10  chosen with kexboot.default=<GRUB menuentry title>
#     7.3   (the newest kernel) from a second disk with one BLS entry for
#           it, made here, chosen with kexboot.default=<its title>
set -eu
. tests/qemu/lib.sh
series=$1
ver=$(cat VERSION)
bz=build/payload/bzImage
for f in "$bz" build/demo.img build/kernels.txt build/target/expected.sha256; do
	[ -f "$f" ] || { echo "  $f missing: run 'make payload demo'" >&2; exit 1; }
done
kver=$(awk -v s="$series" '$1 == s {print $2}' build/kernels.txt)
[ -n "$kver" ] || { echo "  no test kernel for series $series" >&2; exit 2; }
# Kernel versions like 6.12.117+deb13-amd64 hold ERE metacharacters.
ere() { printf '%s' "$1" | sed 's/[].[+*?(){}|^$\\]/\\&/g'; }

case $series in
6.1) pick="" entry=bls-6.1 ;;
6.12) pick='kexboot.default="Debian GNU/Linux (Linux 6.12)"' entry=bls-6.12 ;;
5.10) pick="kexboot.default=\"Debian GNU/Linux, with Linux $kver\"" entry=grub-5.10 ;;
7.3)
	pick='kexboot.default="Debian GNU/Linux (Linux 7.3)"' entry=bls-7.3
	st=$QEMU_DIR/newest
	mkdir -p "$st/loader/entries" "$st/debian"
	cp "$(kernel_dir 7.3)/vmlinuz" "$st/debian/vmlinuz"
	for f in base.cpio payload1.cpio payload2.cpio.gz; do cp "build/target/$f" "$st/debian/$f"; done
	cat >"$st/loader/entries/debian-7.3.conf" <<CONF
title   Debian GNU/Linux (Linux 7.3)
linux   /debian/vmlinuz
initrd  /debian/base.cpio
initrd  /debian/payload1.cpio
initrd  /debian/payload2.cpio.gz
options console=ttyS0 panic=-1 entry=bls-7.3
CONF
	scripts/disk-image.sh "$QEMU_DIR/newest.img" "esp:$st:NEWEST" >/dev/null
	set -- -drive "file=$QEMU_DIR/newest.img,if=virtio,format=raw,snapshot=on"
	;;
*) echo "  unknown series $series" >&2; exit 2 ;;
esac
[ "$series" = 7.3 ] || set --
echo "payload boots $entry ($kver) from the demo disk"

qemu_start "$bz" "" "console=ttyS0 panic=-1 kexboot.timeout=0 $pick" \
	-drive file=build/demo.img,if=virtio,format=raw,snapshot=on "$@"
qemu_expect "Linux version 6\.1\.[0-9]+-kexboot " 120
qemu_expect "kexboot $ver \(PID 1\)" 120
# (no "Linux version" check: the GRUB entry boots with quiet)
qemu_expect "TARGET: uname $(ere "$kver")" 180
qemu_expect "TARGET: cmdline .*entry=$entry( |$)"
while read -r sum path; do
	qemu_expect "TARGET: sha256 $sum  $path"
done <build/target/expected.sha256
qemu_expect "TARGET: done"
qemu_wait_exit 60
echo "  ok: payload booted $entry into $kver"
