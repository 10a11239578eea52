#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 5.10 6.1 6.12
# Raw segments: a 60-byte freestanding payload loaded with --raw/--entry
# through kexec_load and kexboot's purgatory prints a marker on COM1 and ends
# QEMU through isa-debug-exit (exit status (0x31 << 1) | 1 = 99).
#   tests/qemu/case-kexec-raw.sh [SERIES]
set -eu
. tests/qemu/lib.sh
. tests/qemu/kexec-lib.sh
series=${1:-6.1}
kdir=$(kernel_dir "$series")
w=$QEMU_DIR/kx
mkdir -p "$w"
echo "raw payload from $series"

# The purgatory jumps in 64-bit mode on the old kernel's identity map.
cat >"$w/payload.S" <<'ASM'
	.code64
	.globl _start
_start:
	leaq	msg(%rip), %rsi
	movw	$0x3f8, %dx
1:	lodsb
	testb	%al, %al
	jz	2f
	outb	%al, %dx
	jmp	1b
2:	movw	$0xf4, %dx
	movb	$0x31, %al
	outb	%al, %dx
3:	cli
	hlt
	jmp	3b
msg:	.asciz "KEXBOOT RAW PAYLOAD OK\r\n"
ASM
as --64 -o "$w/payload.o" "$w/payload.S"
objcopy -O binary -j .text "$w/payload.o" "$w/payload.bin"

cat >"$w/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
echo "LOADER up"
/kexboot kexec -l -c --debug --raw 0x1000000:/payload.bin --entry 0x1000000
echo "LOADER load rc=$?"
/kexboot kexec -e
echo "LOADER exec failed rc=$?"
poweroff -f
INIT
kx_cpio "$w/loader.cpio" <<SPEC
dir dev 755
nod dev/console 600 5 1
dir proc 755
dir sys 755
dir bin 755
file init 755 $w/init
file bin/busybox 755 build/busybox/busybox
file kexboot 755 build/kexboot
file payload.bin 644 $w/payload.bin
SPEC

qemu_start "$kdir/vmlinuz" "$w/loader.cpio" "console=ttyS0 panic=-1" \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
qemu_expect "LOADER load rc=0" 120
qemu_expect "kexboot purgatory: ok, jumping to 0x0000000001000000" 60
qemu_expect "KEXBOOT RAW PAYLOAD OK" 60
rc=0
wait "$QEMU_PID" || rc=$?
QEMU_PID=
echo "  QEMU exit status $rc"
[ "$rc" -eq 99 ]
