#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Soak (the reliability issue, item 6): the full kexboot path N times in ONE
# QEMU guest (TCG, -smp 2, 1 GiB, no NIC; a guest reset ends QEMU). Each
# boot runs kexboot as PID 1 from its initramfs; it finds the disk's Boot
# Loader Spec entries, counts down, loads the default entry's kernel with
# kexboot's cpio again as its initrd, quiesces and kexecs into the next
# cycle. A small rdinit
# (guest-init.sh) prints one "SOAK ..." line per boot before kexboot starts.
#
#   tests/bench/soak/run.sh N [ROTATION]
#       N cycles; ROTATION is a comma-separated list of kernel series
#       (default 6.1: the same kernel every time; e.g. 6.1,6.12,5.10,7.3).
#       The series `payload` is kexboot's own LinuxBoot kernel
#       (build/payload/bzImage, kexboot built in as its /init): its entry
#       carries the soak rdinit alone as an extra initrd, which the kernel
#       unpacks over the built-in initramfs (`payload` alone: the patched
#       payload kexecs into itself every cycle).
#   tests/bench/soak/run.sh --check LOG [TIMES [N]]
#       the analysis alone, over a serial log kept from an earlier run
#       (TIMES: its per-cycle timestamps; N: the cycles that should be there).
#
# Rotation without state in the guest: the disk has one entry per series,
# titled soak-SERIES, and each entry's command line names the next one in
# the rotation as kexboot.default. The first (cold) boot is QEMU's -kernel
# with the first series and the same command line.
#
# Prints a table (cycle, kernel, MemTotal, MemAvailable, online CPUs, e820
# digest, warnings, /sys/kernel/kexec_nmi_safe, seconds per cycle) and exits
# 1 on drift: MemTotal, the online CPUs, the NMI-safe attribute (`-`: the
# kernel has none) or the e820 map (sysfs and boot-log digests) differing from
# the first boot of the same kernel, any kernel warning (in the guest's
# kernel log at boot, or on the serial console over the cycle), or a cycle
# that did not arrive. Seconds are printed, never judged.
# Environment: SOAK_CYCLE_MAX (seconds one cycle may take, default 300);
# SOAK_APPEND (words added to every boot's command line, for a diagnosis run:
# e.g. "kexboot.debug earlyprintk=serial,ttyS0,115200" puts the purgatory's
# progress and the kernel's early messages on the console as they happen).
# The per-cycle times file also records QEMU's CPU seconds (user + system),
# printed as a median next to the wall-clock one.
set -eu
cd "$(dirname "$0")/../../.."

# analyse LOG TIMES: the table and the verdict (exit 1 on drift)
analyse() {
	tr -d '\r' <"$1" | awk -v times="${2:-/dev/null}" '
	function field(k,   i, kv) {
		for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return substr($i, length(k) + 2) }
		return "?"
	}
	BEGIN {
		while ((getline line < times) > 0) { split(line, t, " "); at[t[1]] = t[2]; if (t[3] != "") cpu[t[1]] = t[3] }
		if (!(0 in at)) at[0] = ""
	}
	/Linux version [0-9]/ { boot++ }
	/WARNING:|BUG:|Oops|Call Trace/ && !/^SOAK / { logwarn[boot]++ }
	/^SOAK / {
		c++
		onboot[c] = boot
		kern[c] = field("kernel"); mt[c] = field("memtotal"); ma[c] = field("memavail")
		cpus[c] = field("cpus"); e820[c] = field("e820"); e820n[c] = field("e820n")
		e820log[c] = field("e820log"); warn[c] = field("warnings"); nmi[c] = field("nmisafe")
	}
	END {
		printf "%-5s %-22s %9s %9s %5s %-16s %5s %-16s %9s %3s %6s  %s\n", "cycle", "kernel", "MemTotal", "MemAvail",
			"cpus", "e820 (sysfs)", "n", "e820 (boot log)", "warn k/s", "nmi", "secs", "drift"
		bad = 0
		for (i = 1; i <= c; i++) {
			k = kern[i]
			lw = logwarn[onboot[i]] + 0
			if (!(k in base)) base[k] = i
			b = base[k]
			why = ""
			if (mt[i] != mt[b]) why = why " MemTotal(" mt[i] - mt[b] " kB vs cycle " b ")"
			if (cpus[i] != cpus[b]) why = why " cpus(" cpus[b] "->" cpus[i] ")"
			if (e820[i] != e820[b] || e820n[i] != e820n[b]) why = why " e820(sysfs)"
			if (e820log[i] != e820log[b]) why = why " e820(boot log)"
			if (nmi[i] != nmi[b]) why = why " nmi_safe(" nmi[b] "->" nmi[i] ")"
			if (warn[i] != 0 || lw != 0) why = why " warnings"
			if (mt[i] == "?" || ma[i] == "?" || cpus[i] == "" || e820n[i] + 0 == 0) why = why " missing-values"
			secs = (i in at && (i - 1) in at && at[i - 1] != "") ? sprintf("%.1f", at[i] - at[i - 1]) : "-"
			if (why != "") bad++
			printf "%-5d %-22s %9s %9s %5s %-16s %5s %-16s %4s/%-4d %3s %6s  %s\n", i, k, mt[i], ma[i], cpus[i],
				e820[i], e820n[i], e820log[i], warn[i], lw, nmi[i], secs, why == "" ? "-" : why
			if (i > 1 && secs != "-") { tsum += secs; tv[++tn] = secs + 0 }
			if (i > 1 && i in cpu && (i - 1) in cpu) { csum += cpu[i] - cpu[i - 1]; cv[++cn] = cpu[i] - cpu[i - 1] }
			if (!(k in mamin) || ma[i] < mamin[k]) mamin[k] = ma[i]
			if (!(k in mamax) || ma[i] > mamax[k]) mamax[k] = ma[i]
		}
		for (k in base)
			printf "%s: MemAvailable %s..%s kB over its boots (first %s)\n", k, mamin[k], mamax[k], ma[base[k]]
		for (i = 2; i <= tn; i++)
			for (j = i; j > 1 && tv[j - 1] > tv[j]; j--) { tmp = tv[j]; tv[j] = tv[j - 1]; tv[j - 1] = tmp }
		if (tn)
			printf "kexec cycles: %d, median %.1f s per cycle (%.1f..%.1f), mean %.1f (cold boot not counted)\n",
				tn, tn % 2 ? tv[(tn + 1) / 2] : (tv[tn / 2] + tv[tn / 2 + 1]) / 2, tv[1], tv[tn], tsum / tn
		for (i = 2; i <= cn; i++)
			for (j = i; j > 1 && cv[j - 1] > cv[j]; j--) { tmp = cv[j]; cv[j] = cv[j - 1]; cv[j - 1] = tmp }
		if (cn)
			printf "QEMU CPU time: median %.1f s per kexec cycle (%.1f..%.1f), mean %.1f (user + system, all of its threads)\n",
				cn % 2 ? cv[(cn + 1) / 2] : (cv[cn / 2] + cv[cn / 2 + 1]) / 2, cv[1], cv[cn], csum / cn
		printf "%d cycle(s), %d with drift\n", c, bad
		if (want != "" && c < want) { printf "only %d of %d cycles arrived\n", c, want; bad++ }
		exit bad ? 1 : 0
	}' want="${3:-}"
}

if [ "${1:-}" = --check ]; then
	analyse "$2" "${3:-}" "${4:-}"
	exit
fi

n=${1:?usage: tests/bench/soak/run.sh N [ROTATION]}
rotation=$(echo "${2:-6.1}" | tr ',' ' ')
bound=${SOAK_CYCLE_MAX:-300}
need="build/tools/mkcpio"
case " $rotation " in *" payload "*) need="$need build/payload/bzImage" ;; esac
for s in $rotation; do
	[ "$s" = payload ] || { need="$need build/initramfs.list build/kernels.txt"; break; }
done
for f in $need; do
	[ -f "$f" ] || { echo "soak: $f missing (make all, and make payload for the payload series)" >&2; exit 2; }
done
. tests/qemu/lib.sh

# The disk: an ESP with one BLS entry per series. A Debian series' entry has
# kexboot's cpio and the soak rdinit as its two initrds; the payload's has
# the soak rdinit alone (kexboot is the payload's built-in /init).
esp=$QEMU_DIR/esp
mkdir -p "$esp/loader/entries" "$esp/soak"
printf 'dir /soak 0755\nfile /soak/init tests/bench/soak/guest-init.sh 0755\n' >"$QEMU_DIR/soak.list"
build/tools/mkcpio "$QEMU_DIR/soak.list" "$esp/soak/soak.cpio"
# kexboot's cpio for the soak: build/initramfs.list (the declared list
# build/kexboot.cpio is packed from, the same build inputs) less the module
# trees of the test kernels that are not in the rotation. Each kernel still
# finds exactly what build/kexboot.cpio gives it; the archive the kernel
# unpacks, the loader reads and the purgatory hashes every cycle is smaller
# (6.1 alone: about 13 MB instead of 21).
kvers=""
for s in $rotation; do
	[ "$s" = payload ] || kvers="$kvers $(awk -v s="$s" '$1 == s {print $2}' build/kernels.txt)"
done
if [ -n "$kvers" ]; then
	awk -v keep="$kvers" '
		BEGIN { n = split(keep, k, " "); for (i = 1; i <= n; i++) want[k[i]] = 1 }
		$2 ~ "^/lib/modules/[^/]+" { split($2, p, "/"); if (!(p[4] in want)) next }
		{ print }' build/initramfs.list >"$QEMU_DIR/kexboot.list"
	build/tools/mkcpio "$QEMU_DIR/kexboot.list" "$esp/soak/kexboot.cpio"
fi

# options SERIES: the command line of SERIES's entry (it names the next
# series). no_timer_check on every boot, not only QEMU's cold one: a TCG
# guest on a loaded host can fail the kernel's IO-APIC timer check.
# tests/qemu/lib.sh appends it to the cold boot's command line, so the cold
# boot gets options_cold, and both lines are the same bytes: the kernel's
# early allocations (the saved command lines among them) then match too.
# nokaslr: with KASLR the kernel's random physical place (most likely) costs it one more
# page of early page tables, so MemTotal varies by 4 kB between boots with no
# kexec at all (Debian 6.12 cold-booted 24 times here: 990,304 kB twice,
# 990,308 kB 22 times; with nokaslr 24 of 24 the same). Without it, one
# 6.12 boot of 33 in a 100-cycle rotation was 4 kB lower. The soak asks
# whether kexec loses memory, so the place is fixed.
# loglevel=6: the console gets emergency to notice (0-5), not the
# informational boot chatter (6) every cycle would push through the polled
# 8250 under TCG. What the soak reads on the console stays: WARNING: (level
# 4), the Call Trace after it and Oops (the default level, 4), BUG: (1-3),
# the "Linux version" banner that separates the boots (5) and kexec's
# "Starting new kernel" (5). The SOAK line counts the warnings in dmesg,
# which keeps every level.
options_cold() {
	next=$(echo "$rotation" | awk -v s="$1" '{for (i = 1; i <= NF; i++) if ($i == s) {print $(i % NF + 1); exit}}')
	echo "console=ttyS0 loglevel=6 panic=-1 nokaslr rdinit=/soak/init kexboot.timeout=1 kexboot.default=soak-$next${SOAK_APPEND:+ $SOAK_APPEND}"
}
options() {
	echo "$(options_cold "$1") no_timer_check"
}
# kernel SERIES: the kernel image of SERIES on this host
kernel() {
	if [ "$1" = payload ]; then
		echo build/payload/bzImage
	else
		kdir=$(kernel_dir "$1")
		[ -n "$kdir" ] && [ -f "$kdir/vmlinuz" ] && echo "$kdir/vmlinuz"
	fi
}
for s in $rotation; do
	k=$(kernel "$s") || { echo "soak: no cached kernel for series $s" >&2; exit 2; }
	mkdir -p "$esp/soak/$s"
	cp "$k" "$esp/soak/$s/vmlinuz"
	{
		echo "title   soak-$s"
		echo "linux   /soak/$s/vmlinuz"
		[ "$s" = payload ] || echo "initrd  /soak/kexboot.cpio"
		echo "initrd  /soak/soak.cpio"
		echo "options $(options "$s")"
	} >"$esp/loader/entries/soak-$s.conf"
done
scripts/disk-image.sh "$QEMU_DIR/soak.img" "esp:$esp:SOAK" >/dev/null

# qemu_cpu_seconds: user + system CPU seconds QEMU has used so far
qemu_cpu_seconds() {
	awk -v hz="$(getconf CLK_TCK)" '{sub(/.*\) /, ""); printf "%.2f\n", ($12 + $13) / hz}' "/proc/$QEMU_PID/stat" 2>/dev/null || echo ""
}
first=${rotation%% *}
echo "soak: $n cycle(s), rotation: $rotation; serial log $QEMU_LOG"
times=$QEMU_DIR/times
echo "0 $(date +%s.%N) 0" >"$times"
if [ "$first" = payload ]; then
	cp "$esp/soak/soak.cpio" "$QEMU_DIR/initrd.cpio"
else
	cat "$esp/soak/kexboot.cpio" "$esp/soak/soak.cpio" >"$QEMU_DIR/initrd.cpio"
fi
qemu_start "$(kernel "$first")" "$QEMU_DIR/initrd.cpio" "$(options_cold "$first")" -smp 2 -nic none \
	-drive "file=$QEMU_DIR/soak.img,if=virtio,format=raw,snapshot=on"
i=0
while [ "$i" -lt "$n" ]; do
	i=$((i + 1))
	qemu_expect_count '^SOAK ' "$i" "$bound" >/dev/null || break
	echo "$i $(date +%s.%N) $(qemu_cpu_seconds)" >>"$times"
	tr -d '\r' <"$QEMU_LOG" | grep '^SOAK ' | sed -n "${i}p"
done
qemu_stop
analyse "$QEMU_LOG" "$times" "$n"
