#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Load cost in one guest: `kexboot kexec -l` against Debian's `kexec -l`
# (kexec-tools 2.0.25, kexec_load) on the same kernel and a 64 MiB initrd,
# ROUNDS rounds each, wall time and peak RSS from GNU time, and the ratios.
# `kexboot kexec -l -s` (kexec_file_load) is measured too, for reference.
#   tests/bench/kexec-load/run.sh [ROUNDS=3] [SERIES=6.1] [CPUS=1]
set -eu
. tests/qemu/lib.sh
. tests/qemu/kexec-lib.sh
rounds=${1:-3} series=${2:-6.1} cpus=${3:-1}
kdir=$(kernel_dir "$series")
w=$QEMU_DIR/bench
mkdir -p "$w"

cat >"$w/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
head -c 67108864 /dev/urandom >/initrd.img
i=1
while [ \$i -le $rounds ]; do
	/usr/bin/time -f "BENCH kexboot %e %M" /kexboot kexec -l /vmlinuz --initrd /initrd.img --command-line console=ttyS0
	/kexboot kexec -u
	/usr/bin/time -f "BENCH kexec-tools %e %M" /sbin/kexec -l /vmlinuz --initrd=/initrd.img --command-line=console=ttyS0
	/sbin/kexec -u
	/usr/bin/time -f "BENCH kexboot-s %e %M" /kexboot kexec -l -s /vmlinuz --initrd /initrd.img --command-line console=ttyS0
	/kexboot kexec -u
	/usr/bin/time -f "BENCH kexboot-plan %e %M" /kexboot kexec -l --dry-run /vmlinuz --initrd /initrd.img --command-line console=ttyS0 >/dev/null
	i=\$((i + 1))
done
echo "BENCH done"
poweroff -f
INIT
{
	echo "dir dev 755"; echo "nod dev/console 600 5 1"; echo "dir proc 755"; echo "dir sys 755"
	echo "dir bin 755"; echo "dir sbin 755"; echo "dir usr 755"; echo "dir usr/bin 755"
	echo "dir lib 755"; echo "dir lib64 755"; echo "dir lib/x86_64-linux-gnu 755"
	echo "file init 755 $w/init"
	echo "file bin/busybox 755 build/busybox/busybox"
	echo "file kexboot 755 build/kexboot"
	echo "file vmlinuz 644 $kdir/vmlinuz"
	echo "file sbin/kexec 755 /usr/sbin/kexec"
	echo "file usr/bin/time 755 /usr/bin/time"
	{ ldd /usr/sbin/kexec; ldd /usr/bin/time; } | awk '/=>/ {print $3} /ld-linux/ {print $1}' | sort -u |
		while read -r l; do echo "file ${l#/} 755 $(readlink -f "$l")"; done
} | kx_cpio "$w/guest.cpio"

echo "guest: 1 GiB, $cpus vCPU(s), TCG"
QEMU_MEM=1G qemu_start "$kdir/vmlinuz" "$w/guest.cpio" "console=ttyS0 panic=-1 quiet" -smp "$cpus"
qemu_expect "BENCH done" 900
# Lines may carry console escape codes in front: match BENCH anywhere.
tr -d '\r' <"$QEMU_LOG" | sed -n 's/.*BENCH \([a-z-]*\) \([0-9.]*\) \([0-9]*\)$/\1 \2 \3/p' | awk '
	$1 == "kexboot" { kt[++nk] = $2; km[nk] = $3 }
	$1 == "kexec-tools" { tt[++nt] = $2; tm[nt] = $3 }
	$1 == "kexboot-s" { st[++ns] = $2; sm[ns] = $3 }
	$1 == "kexboot-plan" { pt[++np] = $2; pm[np] = $3 }
	function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t } return a[int((n + 1) / 2)] }
	END {
		if (!nk || !nt) { print "no measurements"; exit 1 }
		a = med(kt, nk); b = med(tt, nt); c = med(km, nk); d = med(tm, nt)
		printf "kexboot kexec -l:     median %.2f s, peak RSS %d KB (%d rounds)\n", a, c, nk
		printf "kexec-tools kexec -l: median %.2f s, peak RSS %d KB (%d rounds)\n", b, d, nt
		printf "ratio kexboot/kexec-tools: time %.2fx, peak RSS %.2fx\n", a / b, c / d
		if (ns) {
			e = med(st, ns); f = med(sm, ns)
			printf "kexboot kexec -l -s:  median %.2f s, peak RSS %d KB (ratio %.2fx time, %.2fx RSS)\n", e, f, e / b, f / d
		}
		if (np)
			printf "kexboot --dry-run:    median %.2f s, peak RSS %d KB (the plan and its digests, no syscall)\n", med(pt, np), med(pm, np)
	}'
qemu_wait_exit 60
