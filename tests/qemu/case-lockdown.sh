#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# kexec refused for real: Debian's 6.1 kernel booted with lockdown=integrity
# (its lockdown LSM) refuses kexec_load and takes through kexec_file_load
# only a kernel whose signature it verifies. A small disk holds two BLS
# entries: Debian's signed 6.1 kernel, and the same kernel with its
# signature removed (sbattach --remove). Two guests:
#   1. kexboot.interface=segments (kexec_load forced): the signed entry is
#      refused and the reason says the kernel is locked down; the menu comes
#      back and still answers keys.
#   2. auto: kexboot sees the lockdown and uses kexec_file_load. The
#      unsigned entry is refused (the kernel could not verify it), and so is
#      the signed one: Debian's kernel trusts its own signing CA only through
#      the UEFI db (the platform keyring), and this guest boots without UEFI.
#      Both reasons are shown, and the menu comes back and answers keys.
# Nothing can boot under lockdown here; PID 1 and the menu stay up. The disk
# is attached writable and is byte for byte the same afterwards.
#   tests/qemu/case-lockdown.sh 6.1
set -eu
. tests/qemu/lib.sh
kdir=$(kernel_dir "$1")
command -v sbattach >/dev/null || { echo "  sbattach is missing (Debian package sbsigntool)" >&2; exit 1; }
stage=$QEMU_DIR/lockdown
mkdir -p "$stage/loader/entries" "$stage/k"
cp "$kdir/vmlinuz" "$stage/k/signed"
cp "$kdir/vmlinuz" "$stage/k/unsigned"
sbattach --remove "$stage/k/unsigned" >/dev/null
cp build/target/base.cpio "$stage/k/base.cpio"
printf 'title Signed Debian\nsort-key a1\nlinux /k/signed\ninitrd /k/base.cpio\noptions console=ttyS0 panic=-1 entry=signed\n' \
	>"$stage/loader/entries/signed.conf"
printf 'title Unsigned Debian\nsort-key a2\nlinux /k/unsigned\ninitrd /k/base.cpio\noptions console=ttyS0 panic=-1 entry=unsigned\n' \
	>"$stage/loader/entries/unsigned.conf"
export E2FSPROGS_FAKE_TIME=1700000000
truncate -s 40M "$QEMU_DIR/lockdown.img"
mkfs.ext4 -q -F -L LOCKDOWN -E root_owner=0:0 -d "$stage" "$QEMU_DIR/lockdown.img"
before=$(sha256sum "$QEMU_DIR/lockdown.img" | cut -d' ' -f1)
choose() {
	qemu_send "$1"
	sleep 1
	qemu_send '\r'
}

echo "guest 1: lockdown=integrity, kexboot.interface=segments"
qemu_start "$kdir/vmlinuz" build/kexboot.cpio "console=ttyS0 panic=-1 lockdown=integrity kexboot.timeout=-1 kexboot.interface=segments" \
	-drive file="$QEMU_DIR/lockdown.img",if=virtio,format=raw
qemu_expect "kexboot: found 2 boot entries on 1 filesystem\(s\)" 120
qemu_expect "kexboot [0-9.]+ - boot menu" 30
choose 1
qemu_expect "kexboot: could not boot 'Signed Debian': kexec_load: refused: the kernel is locked down \(integrity\): kexec_load is not allowed, only kexec_file_load of a kernel it can verify" 90
# The menu still answers: choosing again gives the same reason again.
choose 2
qemu_expect_count "kexboot: could not boot '(Signed|Unsigned) Debian': kexec_load: refused: the kernel is locked down" 2 90
qemu_stop
cp "$QEMU_LOG" "$QEMU_DIR/serial-1.log"

echo "guest 2: lockdown=integrity, interface chosen by kexboot"
qemu_start "$kdir/vmlinuz" build/kexboot.cpio "console=ttyS0 panic=-1 lockdown=integrity kexboot.timeout=-1" \
	-drive file="$QEMU_DIR/lockdown.img",if=virtio,format=raw
qemu_expect "kexboot: found 2 boot entries on 1 filesystem\(s\)" 120
qemu_expect "kexboot [0-9.]+ - boot menu" 30
choose 2
qemu_expect "kexboot: could not boot 'Unsigned Debian': kexec_file_load: refused: the kernel is locked down and could not verify the kernel image's signature against its keys" 90
choose 1
qemu_expect "kexboot: could not boot 'Signed Debian': kexec_file_load: refused: the kernel is locked down and could not verify the kernel image's signature against its keys" 90
qemu_expect "Lockdown: .*kexec of unsigned images is restricted" 5
# The menu answers: down redraws the rows that changed.
n=$(qemu_count "Unsigned Debian")
qemu_send '\033[B'
qemu_expect_more "Unsigned Debian" "$n" 30
if tr -d '\r' <"$QEMU_LOG" | grep -q "kexboot: loaded through"; then
	echo "  an image was loaded under lockdown" >&2
	exit 1
fi
qemu_stop
after=$(sha256sum "$QEMU_DIR/lockdown.img" | cut -d' ' -f1)
[ "$before" = "$after" ] || { echo "  the disk changed: $before -> $after" >&2; exit 1; }
echo "  disk unchanged: $after"
echo "  ok: kexec_load refused under lockdown with the reason; kexboot chose kexec_file_load itself, whose"
echo "  refusals (unsigned, and signed by a CA this kernel does not hold) came with the reason; the menu stayed"
