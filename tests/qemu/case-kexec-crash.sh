#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kdump: with crashkernel=256M, `kexboot kexec -p` loads a crash kernel;
# `echo c > /proc/sysrq-trigger` must reach it, and it must see an ELF
# /proc/vmcore, "elfcorehdr=" on its command line and every initrd file intact.
#   tests/qemu/case-kexec-crash.sh [FROM=6.1] [TO=6.1] [c|s]
#     c: kexec_load, kexboot's ELF core header and purgatory (default)
#     s: kexec_file_load (the kernel builds the header, its own purgatory runs)
#   With one argument K: K -> K through both.
# KX_EFI=1 boots the loading kernel under UEFI (OVMF): the crash kernel must
# then come up as an EFI boot too ("efi: EFI v..." in its own log), from the
# EFI state in kexboot's plan (its --debug JSON names it).
set -eu
if [ $# -eq 1 ]; then
	sh "$0" "$1" "$1" c && sh "$0" "$1" "$1" s
	exit
fi
. tests/qemu/lib.sh
. tests/qemu/kexec-lib.sh
from=${1:-6.1} to=${2:-6.1} mode=${3:-c}
fdir=$(kernel_dir "$from")
tdir=$(kernel_dir "$to")
mark=kx$$-$(date +%s)
w=$QEMU_DIR/kx
mkdir -p "$w"
echo "crash kernel $from -> $to via -$mode"
ere() { printf '%s' "$1" | sed 's/[].[+*?(){}|^$\\]/\\&/g'; }

kx_target_initrds "$w"
cat >"$w/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
echo "LOADER up \$(uname -r)"
/kexboot kexec -p -$mode --debug /target/vmlinuz --initrd /target/a.cpio --initrd /target/b.cpio \
	--initrd /target/c.cpio.gz --command-line "console=ttyS0 panic=-1 maxcpus=1 reset_devices kexboot.mark=$mark"
echo "LOADER load rc=\$?"
echo "LOADER crash loaded: \$(cat /sys/kernel/kexec_crash_loaded)"
echo c >/proc/sysrq-trigger
echo "LOADER still alive"
poweroff -f
INIT
kx_cpio "$w/loader.cpio" <<SPEC
dir dev 755
nod dev/console 600 5 1
dir proc 755
dir sys 755
dir bin 755
dir target 755
file init 755 $w/init
file bin/busybox 755 build/busybox/busybox
file kexboot 755 build/kexboot
file target/vmlinuz 644 $tdir/vmlinuz
file target/a.cpio 644 $w/a.cpio
file target/b.cpio 644 $w/b.cpio
file target/c.cpio.gz 644 $w/c.cpio.gz
SPEC

if [ "${KX_EFI:-0}" = 1 ]; then
	ovmf=${OVMF:-/usr/share/ovmf/OVMF.fd}
	[ -f "$ovmf" ] || { echo "  $ovmf missing: install package ovmf (scripts/host-deps.sh)" >&2; exit 1; }
	qemu_start "$fdir/vmlinuz" "$w/loader.cpio" "console=ttyS0 panic=-1 crashkernel=256M" -bios "$ovmf"
	qemu_expect "efi: EFI v[0-9.]+ by EDK II" 180
else
	qemu_start "$fdir/vmlinuz" "$w/loader.cpio" "console=ttyS0 panic=-1 crashkernel=256M"
fi
qemu_expect "LOADER load rc=0" 120
if [ "${KX_EFI:-0}" = 1 ] && [ "$mode" = c ]; then
	qemu_expect '"efi": \{"systab": "0x[0-9a-f]+", "runtime_map_entries": [1-9]' 5
fi
qemu_expect "LOADER crash loaded: 1" 10
if [ "$mode" = c ]; then
	qemu_expect "\"kernel_entry\": \"kernel-proper\"" 5
	qemu_expect "kexboot purgatory: own identity map up to 0x" 120
	qemu_expect "kexboot purgatory: NMIs blocked \(sent one to ourselves\)" 120
	qemu_expect "kexboot purgatory: ok, jumping to 0x" 120
fi
qemu_expect "TARGET uname=$(ere "$(cat "$tdir/kver")")" 180
# The crash kernel's own log: an EFI boot, with the firmware's memory map.
[ "${KX_EFI:-0}" = 1 ] && qemu_expect_count "efi: EFI v[0-9.]+ by EDK II" 2 5
qemu_expect "TARGET cmdline=.*elfcorehdr=.*kexboot.mark=$mark|TARGET cmdline=.*kexboot.mark=$mark.*elfcorehdr=" 30
qemu_expect "TARGET vmcore magic=ELF" 60
while read -r sum file; do
	qemu_expect "TARGET sha256 $sum  $file" 5
done <"$w/expected.sha256"
qemu_wait_exit 60
