#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# NMI storm during the kexec handoff (seed item 1): kexboot (`kexboot kexec
# -c`, own purgatory with an IDT) against Debian's kexec-tools (`kexec -c`,
# i.e. kexec_load), same kernel, same target, N trials each, NMIs at ~RATE/s
# from just before the handoff until the target prints "Linux version".
# NMIs are paced one at a time, and the rate that arrived is measured in the
# guest (/proc/interrupts before and after a 2 s pause under the flood).
#   PATH=exec:  `-l` then `-e`
#   PATH=crash: `-p` (crashkernel=256M) then `echo c > /proc/sysrq-trigger`
#   tests/bench/nmi/run.sh [TRIALS=20] [SERIES=6.1] [RATE=700] [PATH=exec]
#   TOOLS="kexboot kexec-tools" (the default) picks which loaders run;
#   KEXEC_TOOLS=DIR takes kexec-tools from DIR (DIR/sbin/kexec, its
#   libraries under DIR/usr/lib/x86_64-linux-gnu), e.g. the packages
#   unpacked with `apt-get download` + `dpkg-deb -x`, instead of the host's
#   /usr/sbin/kexec;
#   KEXBOOT_OPTS adds options to kexboot's load (e.g. --kernel-proper);
#   KEXBOOT_IFACE=s loads with kexec_file_load (the kernel's own purgatory)
#   instead of c (kexec_load with kexboot's purgatory).
#   LOADER_KERNEL runs the loader on another kernel than the target series',
#   e.g. LOADER_KERNEL=build/payload/bzImage (the payload, with
#   config/kexec-nmi-gate.patch): the bench's cpio goes in as -initrd and is
#   unpacked over the payload's built-in initramfs, so its /init runs. The
#   target stays Debian's SERIES kernel. The payload has no modules, no
#   kexec-tools libraries and no sysrq: use TOOLS=kexboot; on the crash path
#   the panic comes from init exiting.
# Prints one JSON line per trial and a summary table.
set -eu
. tests/qemu/kexec-lib.sh
trials=${1:-20} series=${2:-6.1} rate=${3:-700} how=${4:-exec}
kdir=$(scripts/kernels.sh "$series" | awk '{print $3}')
loader_kernel=${LOADER_KERNEL:-$kdir/vmlinuz}
w=$(mktemp -d /tmp/kexboot-nmi.XXXXXX)
kx_target_initrds "$w"
# earlyprintk: the banner reaches the serial port as soon as the target runs setup_arch.
append="console=ttyS0 panic=-1 earlyprintk=serial,ttyS0,115200 kexboot.nmi=1"
# loglevel=0: the old kernel prints an "NMI received for unknown reason" line per
# NMI, and at 115200 baud that line alone caps delivery near 200/s.
# no_timer_check: on a busy host a TCG guest can fail the IO-APIC timer check
# and panic during its own boot, before any NMI (as tests/qemu/lib.sh says).
loader_append="console=ttyS0 panic=-1 loglevel=0 no_timer_check"
if [ "$how" = crash ]; then
	append="$append maxcpus=1 reset_devices"
	loader_append="$loader_append crashkernel=256M"
	op=-p
else
	op=-l
fi

mkinit() { # TOOL
	case $1 in
	kexboot) load="/kexboot kexec $op -${KEXBOOT_IFACE:-c} --debug ${KEXBOOT_OPTS:-} /target/vmlinuz --initrd /target/a.cpio --command-line '$append'"
		 exec=/kexboot\ kexec\ -e ;;
	kexec-tools) load="/sbin/kexec $op -c /target/vmlinuz --initrd=/target/a.cpio --command-line='$append'"
		 exec=/sbin/kexec\ -e ;;
	esac
	# Without sysrq (the payload kernel), PID 1 exiting panics the same way.
	[ "$how" = crash ] && exec="[ -e /proc/sysrq-trigger ] && echo c >/proc/sysrq-trigger; exec /bin/busybox true"
	cat <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
$load
echo "LOADER load rc=\$?"
# Delivered NMIs, counted by the old kernel over a pause under the flood
# (shell only: the payload's small BusyBox has no awk).
nmis() { while read -r name n rest; do [ "\$name" = NMI: ] && { echo "\$n"; return; }; done </proc/interrupts; }
ms() { read -r up rest </proc/uptime; echo "\${up%.*}\${up#*.}0"; }
t0=\$(ms)
echo "LOADER nmi-before \$(nmis)"
sleep 2
t1=\$(ms)
echo "LOADER nmi-after \$(nmis) \$((t1 - t0))"
$exec
echo "LOADER exec failed"
poweroff -f
INIT
}

kexec=/usr/sbin/kexec kexec_libs=
if [ -n "${KEXEC_TOOLS:-}" ]; then
	kexec=$KEXEC_TOOLS/sbin/kexec
	kexec_libs=$KEXEC_TOOLS/usr/lib/x86_64-linux-gnu:$KEXEC_TOOLS/lib/x86_64-linux-gnu
fi
case " ${TOOLS:-kexboot kexec-tools} " in
*" kexec-tools "*)
	kexec_ldd=$(LD_LIBRARY_PATH=$kexec_libs ldd "$kexec")
	case $kexec_ldd in *"not found"*)
		echo "nmi: $kexec: a library is missing (set KEXEC_TOOLS?):" >&2; echo "$kexec_ldd" >&2; exit 1 ;;
	esac ;;
esac
libs() { # kexec and its dynamic libraries, as cpio spec lines
	echo "dir lib 755"; echo "dir lib64 755"; echo "dir lib/x86_64-linux-gnu 755"; echo "dir sbin 755"
	echo "file sbin/kexec 755 $kexec"
	# The dynamic loader in lib64, every other library in lib/x86_64-linux-gnu (the guest's search path).
	echo "$kexec_ldd" | awk '/=>/ {print $3} /ld-linux/ {print $1}' | while read -r l; do
		case $l in
		*/ld-linux*) echo "file ${l#/} 755 $(readlink -f "$l")" ;;
		*) echo "file lib/x86_64-linux-gnu/${l##*/} 755 $(readlink -f "$l")" ;;
		esac
	done
}

# Only the loaders that run: kexec-tools (package kexec-tools) need not be installed for TOOLS=kexboot.
for tool in ${TOOLS:-kexboot kexec-tools}; do
	mkinit $tool >"$w/init-$tool"
	{
		echo "dir dev 755"; echo "nod dev/console 600 5 1"; echo "dir proc 755"; echo "dir sys 755"
		echo "dir bin 755"; echo "dir target 755"
		echo "file init 755 $w/init-$tool"
		echo "file bin/busybox 755 build/busybox/busybox"
		echo "file target/vmlinuz 644 $kdir/vmlinuz"
		echo "file target/a.cpio 644 $w/a.cpio"
		if [ $tool = kexboot ]; then echo "file kexboot 755 build/kexboot"; else libs; fi
	} | kx_cpio "$w/$tool.cpio"
done

for tool in ${TOOLS:-kexboot kexec-tools}; do
	reached=0 delivered=""
	i=1
	while [ $i -le "$trials" ]; do
		out=$(nice python3 tests/bench/nmi/nmi-bench.py "$loader_kernel" "$w/$tool.cpio" \
			"$w/$tool-$i" --rate "$rate" --append "$loader_append")
		# The host's load (1-minute average) beside each trial: the guests share the cores.
		echo "$tool trial $i (host load $(cut -d' ' -f1 /proc/loadavg)): $out"
		case $out in *'"reached"'*) reached=$((reached + 1)) ;; esac
		d=$(printf '%s' "$out" | sed -n 's/.*"delivered_per_s": \([0-9]*\).*/\1/p')
		[ -n "$d" ] && delivered="$delivered $d"
		i=$((i + 1))
	done
	range=$(echo "$delivered" | tr ' ' '\n' | sort -n | awk 'NF {a[n++] = $1} END {if (n) printf "%d..%d (median %d)", a[0], a[n-1], a[int(n/2)]; else printf "not measured"}')
	echo "SUMMARY $tool ($how): reached the target in $reached/$trials trials (loader kernel $loader_kernel, target $series, paced at $rate NMI/s, delivered per s: $range)"
done
echo "logs in $w"
