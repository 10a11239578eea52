#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 5.10 6.1 6.12 7.3
# One kexec hop inside a guest: kernel FROM runs `kexboot kexec -l` of kernel
# TO with three initrds (the third gzip-compressed) and a marker on the
# command line, then `kexboot kexec -e`. The target's init reports uname -r,
# /proc/cmdline and the SHA-256 of every file the initrds delivered; each is
# checked against what was sent.
#   tests/qemu/case-kexec-load.sh FROM TO [c|s]   one hop
#     c: kexec_load with kexboot's purgatory (default; its progress lines are checked)
#     s: kexec_file_load (initrds composed into a sealed memfd)
#   tests/qemu/case-kexec-load.sh FROM   one row of the matrix: FROM to each of
#     5.10, 6.1, 6.12 and 7.3 through both interfaces (8 hops; tests/run.sh runs
#     the four rows: the 32-hop matrix)
set -eu
if [ $# -eq 1 ]; then
	pass=0 fail=0
	for mode in c s; do
		for to in 5.10 6.1 6.12 7.3; do
			if sh "$0" "$1" "$to" "$mode"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
		done
	done
	echo "kexec hops from $1:"
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
fi
. tests/qemu/lib.sh
. tests/qemu/kexec-lib.sh
from=$1 to=$2 mode=${3:-c}
fdir=$(kernel_dir "$from")
tdir=$(kernel_dir "$to")
tver=$(cat "$tdir/kver")
# Kernel versions like 6.12.117+deb13-amd64 hold ERE metacharacters.
ere() { printf '%s' "$1" | sed 's/[].[+*?(){}|^$\\]/\\&/g'; }
mark=kx$$-$(date +%s)
w=$QEMU_DIR/kx
mkdir -p "$w"
echo "kexec $from -> $to ($tver) via -$mode"

kx_target_initrds "$w"
cat >"$w/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
echo "LOADER up \$(uname -r)"
/kexboot kexec -l -$mode --debug /target/vmlinuz --initrd /target/a.cpio --initrd /target/b.cpio \
	--initrd /target/c.cpio.gz --command-line "console=ttyS0 panic=-1 kexboot.mark=$mark"
echo "LOADER load rc=\$?"
/kexboot kexec -e
echo "LOADER exec failed rc=\$?"
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

qemu_start "$fdir/vmlinuz" "$w/loader.cpio" "console=ttyS0 panic=-1"
qemu_expect "LOADER up $(ere "$(cat "$fdir/kver")")" 120
qemu_expect "LOADER load rc=0" 120
if [ "$mode" = c ]; then
	# Off the old kernel's page tables first; no NMI in a calm guest, so it sends itself one.
	qemu_expect "kexboot purgatory: own identity map up to 0x" 60
	qemu_expect "kexboot purgatory: verifying 0x" 60
	qemu_expect "kexboot purgatory: NMIs blocked \(sent one to ourselves\)" 120
	qemu_expect "kexboot purgatory: ok, jumping to 0x" 120
fi
qemu_expect "TARGET uname=$(ere "$tver")" 180
qemu_expect "TARGET cmdline=.*kexboot.mark=$mark" 30
qemu_expect "TARGET done" 60
while read -r sum file; do
	qemu_expect "TARGET sha256 $sum  $file" 5
done <"$w/expected.sha256"
qemu_wait_exit 60
