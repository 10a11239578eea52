#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The fetch bench's guest side (tests/bench/fetch/run.sh packs it as
# /bench/init, the rdinit of the payload kernel): puts GUEST_ADDR on eth0
# (/bench/params: 10.0.2.15/24 on QEMU's user network, restrict=on; or an
# address on the tap into the bench's network namespace), then runs the tools in turn, RUNS
# rounds, each round every tool once in an order of its own (so neither a
# busy host, coming first nor coming after one certain tool favours one):
#   HTTP, SIZE_MIB from http://HTTP_HOST/ (user network: nginx on the
#   host's 127.0.0.1 through guestfwd; netns: nginx in the namespace):
#     kexboot   /bench/kexboot fetch URL (its own figures: seconds, peak RSS, CPU)
#     kexboot-NAME  the same from another build (run.sh KEXBOOT_VARIANTS), for an A/B
#     wget      BusyBox wget -O /dev/null
#     curl      curl -o /dev/null (the host's, with its libraries), when packed
#     wget-tmpfs  BusyBox wget -O /tmp/FILE: keeps the bytes in memory (tmpfs), as kexboot does
#     nc        a raw GET through BusyBox nc -e (dd reads 256 KiB at a time into
#               /dev/null), no HTTP parsing: the link's own pace
#     nc2       the same over two connections at once, each a Range GET of one
#               half (not in the default list): what a second connection buys
#   TFTP, TFTP_MIB from TFTP_HOST (user network: QEMU's own server;
#   netns: dnsmasq in the namespace):
#     kexboot   /bench/kexboot fetch tftp://... (asks blksize 1468, windowsize 16;
#               QEMU grants 1428, dnsmasq 1468, neither a window)
#     tftp-best BusyBox tftp -g -b TFTP_BLK (the largest block the server grants)
#     tftp-512  BusyBox tftp -g -l /dev/null (RFC 1350 blocks)
# HTTP_TOOLS and TFTP_TOOLS (params) may name fewer tools, for a quick look.
# KSI_FIFO (run.sh BENCH_KSI_FIFO=N): the ksoftirqd threads at SCHED_FIFO N
# before the warm-up, for every tool alike (evidence, not the issue's figure).
# Around every HTTP run, a "BENCH net" line: what changed in the guest
# during it (nonzero deltas only): the CPU's ticks from /proc/stat (cpu_user,
# cpu_system, cpu_idle, cpu_softirq...; USER_HZ), Tcp/TcpExt counters
# (/proc/net/snmp, /proc/net/netstat: segments in and out, delayed ACKs,
# window advertisements...), eth0's frames (/proc/net/dev), the virtio
# interrupts (/proc/interrupts) and the ksoftirqd threads' context switches
# and CPU ticks (ksi_switches, kst_ticks: softirq work deferred to a thread
# that must be scheduled like any other). With STRACE_TOOLS (run.sh BENCH_STRACE=1):
# one more run of each named tool under strace, summed in the guest per
# system call (calls, EAGAIN, bytes, the sizes returned). With
# /bench/memprobe (BENCH_PROBE=1): the memory probe, three times, at the end.
# then once more each tool but nc into /tmp for the evidence (bytes,
# SHA-256; kexboot prints its SHA-256 on every run). nginx's access log on
# the host has the bytes it sent on each request, by User-Agent.
# Prints "BENCH ..." lines for the host and powers off. BusyBox here is
# Debian's busybox-static (/bench/busybox): it has time -v (elapsed, peak
# RSS), awk, nc and tftp -b, which the payload's small BusyBox leaves out.
bb=/bench/busybox
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
$bb mount -t proc proc /proc
$bb mount -t sysfs sysfs /sys
$bb mount -t devtmpfs devtmpfs /dev 2>/dev/null
$bb mount -t tmpfs -o size=90% tmpfs /tmp
. /bench/params

say() { echo "BENCH $*"; }
fin() {
	say "done $*"
	$bb sync
	$bb poweroff -f
}

$bb ip link set lo up
$bb ip link set eth0 up || fin "error=no-eth0"
$bb ip addr add "$GUEST_ADDR" dev eth0
$bb ip route add default via "$GW"
echo # the firmware's screen codes end the line before
# the link's and the CPU's settings that shape a download
say "guest tcp_rmem=$($bb cat /proc/sys/net/ipv4/tcp_rmem | $bb tr '\t ' ',,') rmem_max=$($bb cat /proc/sys/net/core/rmem_max)" \
	"rmem_default=$($bb cat /proc/sys/net/core/rmem_default) tcp_moderate_rcvbuf=$($bb cat /proc/sys/net/ipv4/tcp_moderate_rcvbuf)" \
	"thp=$($bb cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null | $bb tr ' ' ',')" \
	"cpu_flags=$($bb awk '/^flags/ { for (i = 3; i <= NF; i++) if ($i ~ /^(erms|fsrm|rep_good|sse2|avx2)$/) f = f "," $i; print substr(f, 2); exit }' /proc/cpuinfo)" \
	"cpu_model=$($bb awk -F': ' '/^model name/ { gsub(/ /, "_", $2); print $2; exit }' /proc/cpuinfo)"
say "guest kernel=$($bb uname -r) cpus=$($bb nproc) memtotal_kib=$($bb awk '/MemTotal/ {print $2}' /proc/meminfo)" \
	"clocksource=$($bb cat /sys/devices/system/clocksource/clocksource0/current_clocksource) mode=$MODE"

# timed PROTO TOOL N CMD...: CMD under time -v; one line with seconds, peak RSS and the exit status.
timed() {
	proto=$1 tool=$2 n=$3
	shift 3
	$bb time -v "$@" >/dev/null 2>/tmp/time.out
	rc=$?
	$bb awk -v p="$proto" -v t="$tool" -v n="$n" -v rc="$rc" '
		/Elapsed \(wall clock\)/ {
			v = $0; sub(/.*: /, "", v); s = 0
			k = split(v, f, /[ :]/)
			# "1h 2m 3s", "0m 12.34s" or "1:02.03": each part by its unit, else base 60
			for (i = 1; i <= k; i++) {
				x = f[i]
				if (x ~ /h$/) s += x * 3600
				else if (x ~ /m$/) s += x * 60
				else if (x ~ /s$/) s += x + 0
				else s = s * 60 + x
			}
		}
		/Maximum resident set size/ { rss = $NF }
		/Minor \(reclaiming a frame\) page faults/ { minflt = $NF }
		/Voluntary context switches/ { nvcsw = $NF }
		/Involuntary context switches/ { nivcsw = $NF }
		/User time \(seconds\)/ { user = $NF }
		/System time \(seconds\)/ { sys = $NF }
		END { printf "BENCH run proto=%s tool=%s n=%s seconds=%.2f rss_kib=%s user_s=%s sys_s=%s minflt=%s nvcsw=%s nivcsw=%s rc=%s\n",
			p, t, n, s, rss, user, sys, minflt, nvcsw, nivcsw, rc }
	' /tmp/time.out
}

# kexboot_run PROTO TOOL N URL: TOOL is kexboot, or kexboot-NAME (another build, packed as /bench/kexboot-NAME, for an A/B)
kexboot_run() {
	proto=$1 tool=$2 n=$3 url=$4
	line=$(/bench/$tool fetch "$url" 2>/tmp/kexboot.err)
	rc=$?
	if [ "$rc" = 0 ]; then
		say "run proto=$proto tool=$tool n=$n rc=0 ${line#kexboot-fetch }"
	else
		say "run proto=$proto tool=$tool n=$n rc=$rc error=$($bb head -c 200 /tmp/kexboot.err | $bb tr ' \n' '_ ')"
	fi
}

# evidence PROTO TOOL CMD...: CMD writes /tmp/got; its size and SHA-256.
evidence() {
	proto=$1 tool=$2
	shift 2
	"$@" >/dev/null 2>&1
	rc=$?
	say "verify proto=$proto tool=$tool rc=$rc bytes=$($bb wc -c </tmp/got 2>/dev/null || echo 0)" \
		"sha256=$($bb sha256sum /tmp/got 2>/dev/null | $bb cut -d' ' -f1)"
	$bb rm -f /tmp/got
}

http=http://$HTTP_HOST/big.bin
# nc's program (nc PEER PORT -e /tmp/rawget PATH [RANGE]): the request, then the whole answer read 256 KiB
# at a time into /dev/null; with RANGE (nc2's halves) a Range request under the User-Agent nc2
printf '#!%s sh\nextra=\n[ -n "$2" ] && extra="User-Agent: nc2\\r\\nRange: bytes=$2\\r\\n"\nprintf "GET %%s HTTP/1.0\\r\\nHost: %s\\r\\n${extra}\\r\\n" "$1"\nexec %s dd bs=262144 of=/dev/null 2>/dev/null\n' \
	"$bb" "$HTTP_HOST" "$bb" >/tmp/rawget
$bb chmod 755 /tmp/rawget
# nc2: both halves at once, waiting for both
half=$((${SIZE_MIB:-256} * 524288))
printf '%s nc %s 80 -e /tmp/rawget /big.bin 0-%s &\n%s nc %s 80 -e /tmp/rawget /big.bin %s-\nwait\n' \
	"$bb" "$HTTP_HOST" "$((half - 1))" "$bb" "$HTTP_HOST" "$half" >/tmp/nc2

if [ -n "$KSI_FIFO" ]; then
	for d in /proc/[0-9]*; do
		pid=${d#/proc/}
		case $($bb cat "$d/comm" 2>/dev/null) in
		ksoftirqd/*) /bench/chrt -f -p "$KSI_FIFO" "$pid" && say "ksoftirqd $pid $(/bench/chrt -p "$pid" | $bb tr '\n' ' ')" ;;
		esac
	done
fi
# A warm-up, not counted: every tool once over a 1 MiB file, so that no timed run pays for
# QEMU translating code it has not run yet (TCG) or for the first ARP and connections.
/bench/kexboot fetch "http://$HTTP_HOST/warm.bin" >/dev/null 2>&1
for v in /bench/kexboot-*; do [ -x "$v" ] && "$v" fetch "http://$HTTP_HOST/warm.bin" >/dev/null 2>&1; done
$bb wget -q -O /dev/null "http://$HTTP_HOST/warm.bin"
[ -x /bench/curl ] && /bench/curl -s -o /dev/null "http://$HTTP_HOST/warm.bin"
$bb nc "$HTTP_HOST" 80 -e /tmp/rawget /warm.bin
/bench/kexboot fetch "tftp://$TFTP_HOST/warm.bin" >/dev/null 2>&1
for v in /bench/kexboot-*; do [ -x "$v" ] && "$v" fetch "tftp://$TFTP_HOST/warm.bin" >/dev/null 2>&1; done
$bb tftp -g -b "$TFTP_BLK" -r warm.bin -l /dev/null "$TFTP_HOST"
say "warm-up done"
# netsnap: the guest's counters as key=value words (see the head of this file)
netsnap() {
	{
		$bb cat /proc/net/snmp /proc/net/netstat
		$bb awk '/^cpu / { printf "Cpu: user nice system idle iowait irq softirq\nCpu: %s %s %s %s %s %s %s\n", $2, $3, $4, $5, $6, $7, $8 }' /proc/stat
		$bb awk '/eth0:/ { sub(/.*eth0:/, ""); split($0, f, " "); printf "Dev: rx_bytes rx_frames tx_frames\nDev: %s %s %s\n", f[1], f[2], f[10] }' /proc/net/dev
		$bb awk '/virtio/ && /input/ { s += $2 } END { printf "Irq: virtio_input\nIrq: %d\n", s }' /proc/interrupts
		# the kernel threads that take over softirq work the interrupts leave: CPU ticks and times scheduled
		$bb awk 'FNR == 1 { k = 0 } /^Name:/ { k = $2 ~ /^ksoftirqd/ }
			k && /ctxt_switches:/ { s += $2 } END { printf "Ksi: switches\nKsi: %d\n", s }' /proc/[0-9]*/status
		$bb awk '$2 ~ /^\(ksoftirqd/ { t += $14 + $15 } END { printf "Kst: ticks\nKst: %d\n", t }' /proc/[0-9]*/stat
	} | $bb awk '($1 == "Tcp:" || $1 ~ /^(TcpExt|Cpu|Dev|Irq|Ksi|Kst):$/) {
		if (!($1 in head)) { head[$1] = $0; next }
		n = split(head[$1], k, " "); split($0, v, " ")
		px = tolower(substr($1, 1, length($1) - 1))
		for (i = 2; i <= n; i++) printf "%s_%s=%s ", px, k[i], v[i]
		delete head[$1]
	}'
}
# netdelta BEFORE AFTER: the keys whose value changed, and by how much
netdelta() {
	echo "$1 / $2" | $bb awk '{ after = 0; for (i = 1; i <= NF; i++) { if ($i == "/") { after = 1; continue }
		split($i, kv, "="); if (after) d[kv[1]] = kv[2] - b[kv[1]]; else b[kv[1]] = kv[2] }
		for (i = 1; i <= NF; i++) { split($i, kv, "="); if ((kv[1] in d) && d[kv[1]] != 0 && !(kv[1] in done)) { printf " %s=%d", kv[1], d[kv[1]]; done[kv[1]] = 1 } } }'
}
# one HTTP tool, by name, with the guest's counters around it
http_tool() {
	before=$(netsnap)
	say "begin proto=http tool=$1 n=$2" # (run.sh's host side: hostcpu.py takes the host's CPU from here to the run line)
	http_tool_run "$@"
	say "net proto=http tool=$1 n=$2$(netdelta "$before" "$(netsnap)")"
}
http_tool_run() {
	case $1 in
	kexboot | kexboot-*) kexboot_run http "$1" "$2" "$http" ;;
	wget) timed http wget "$2" $bb wget -q -O /dev/null "$http" ;;
	curl) [ -x /bench/curl ] && timed http curl "$2" /bench/curl -s -o /dev/null "$http" ;;
	wget-tmpfs)
		timed http wget-tmpfs "$2" $bb wget -q -O /tmp/w.bin "$http"
		$bb rm -f /tmp/w.bin
		;;
	nc) timed http nc "$2" $bb nc "$HTTP_HOST" 80 -e /tmp/rawget /big.bin ;;
	nc2) timed http nc2 "$2" $bb sh /tmp/nc2 ;;
	esac
}
# Each round in its own order, a shuffle seeded by the round's number (the same for the same tools
# every time): no tool always comes first, or always right after the same one. (A run can leave the
# guest or the host in a slower state for the next; in a fixed cyclic order, as before 2026-12-07,
# one tool always paid for the same other.)
round_order() { # round_order N WORDS...: the words in round N's order
	n=$1
	shift
	printf '%s\n' "$@" | $bb awk -v seed="$n" '
		BEGIN { srand(seed) }
		{ w[NR] = $0; k[NR] = rand() }
		END {
			for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++)
				if (k[j] < k[i]) { t = k[i]; k[i] = k[j]; k[j] = t; t = w[i]; w[i] = w[j]; w[j] = t }
			for (i = 1; i <= NR; i++) printf "%s ", w[i]
		}'
}
n=1
while [ "$n" -le "$RUNS" ]; do
	[ -n "$HTTP_TOOLS" ] && for t in $(round_order "$n" $HTTP_TOOLS); do http_tool "$t" "$n"; done
	n=$((n + 1))
done
# strace_sum TOOL: /tmp/st.log (strace -f -o) summed per system call: calls, EAGAIN, bytes returned, sizes returned
strace_sum() {
	$bb awk -v t="$1" '
		{ sub(/^[0-9]+ +/, "") }
		/^[a-z_0-9]+\(/ && / = / {
			c = substr($0, 1, index($0, "(") - 1); calls[c]++
			r = $0; sub(/.* = /, "", r); split(r, rv, " ")
			if (rv[1] == -1) { if (r ~ /EAGAIN/) again[c]++; else errs[c]++; next }
			if (c ~ /^(read|recvfrom|recvmsg|recv)$/) {
				bytes[c] += rv[1]
				b = rv[1] < 4096 ? "<4K" : rv[1] < 65536 ? "4K-64K" : rv[1] < 1048576 ? "64K-1M" : ">=1M"
				sz[c, b]++
			}
		}
		END {
			for (c in calls) {
				line = sprintf("BENCH strace tool=%s call=%s calls=%d eagain=%d errors=%d", t, c, calls[c], again[c], errs[c])
				if (c in bytes) line = line sprintf(" bytes=%d lt4k=%d 4k_64k=%d 64k_1m=%d ge1m=%d", bytes[c], sz[c, "<4K"], sz[c, "4K-64K"], sz[c, "64K-1M"], sz[c, ">=1M"])
				print line
			}
		}' /tmp/st.log
	$bb rm -f /tmp/st.log
}
for t in $STRACE_TOOLS; do
	case $t in
	kexboot | kexboot-*) /bench/strace -f -o /tmp/st.log /bench/$t fetch "$http" >/dev/null 2>&1 ;;
	wget) /bench/strace -f -o /tmp/st.log $bb wget -q -O /dev/null "$http" ;;
	curl) /bench/strace -f -o /tmp/st.log /bench/curl -s -o /dev/null "$http" ;;
	esac
	strace_sum "$t"
done
# With PERF_TOOLS (run.sh BENCH_PERF=1): each named tool PERF_REPEAT more times under the host's perf,
# sampling the whole guest (cpu-clock: no PMU under TCG, and the tick is the timer: few samples); the
# payload kernel has no kallsyms, so the lines carry raw addresses, summed over the repeats, which the
# host maps with the kernel's System.map (run.sh prints the map's path).
for t in $PERF_TOOLS; do
	i=0
	while [ "$i" -lt "${PERF_REPEAT:-3}" ]; do
		case $t in
		kexboot | kexboot-*) set -- /bench/$t fetch "$http" ;;
		wget) set -- $bb wget -q -O /dev/null "$http" ;;
		nc) set -- $bb nc "$HTTP_HOST" 80 -e /tmp/rawget /big.bin ;;
		esac
		/bench/perf record -q -a -e cpu-clock -o /tmp/perf.data -- "$@" >/dev/null 2>&1
		/bench/perf script -i /tmp/perf.data -F ip 2>/dev/null >>/tmp/perf.ips
		i=$((i + 1))
	done
	$bb sort /tmp/perf.ips | $bb uniq -c | $bb sort -rn | $bb awk -v t="$t" '{ n++; all += $1; if (n <= 400) printf "BENCH perf tool=%s ip=%s samples=%s\n", t, $2, $1 } END { printf "BENCH perf tool=%s total=%d\n", t, all }'
	$bb rm -f /tmp/perf.ips /tmp/perf.data
done
case " $HTTP_TOOLS " in *" wget "*) evidence http wget $bb wget -q -O /tmp/got "$http" ;; esac
case " $HTTP_TOOLS " in *" curl "*) [ -x /bench/curl ] && evidence http curl /bench/curl -s -o /tmp/got "$http" ;; esac

tftp=tftp://$TFTP_HOST/$TFTP_FILE
tftp_tool() {
	say "begin proto=tftp tool=$1 n=$2"
	case $1 in
	kexboot | kexboot-*) kexboot_run tftp "$1" "$2" "$tftp" ;;
	tftp-best) timed tftp "tftp-$TFTP_BLK" "$2" $bb tftp -g -b "$TFTP_BLK" -r "$TFTP_FILE" -l /dev/null "$TFTP_HOST" ;;
	tftp-512) timed tftp tftp-512 "$2" $bb tftp -g -r "$TFTP_FILE" -l /dev/null "$TFTP_HOST" ;;
	esac
}
n=1
while [ "$n" -le "$RUNS" ]; do
	[ -n "$TFTP_TOOLS" ] && for t in $(round_order "$n" $TFTP_TOOLS); do tftp_tool "$t" "$n"; done
	n=$((n + 1))
done
case " $TFTP_TOOLS " in *" tftp-best "*) evidence tftp "tftp-$TFTP_BLK" $bb tftp -g -b "$TFTP_BLK" -r "$TFTP_FILE" -l /tmp/got "$TFTP_HOST" ;; esac
if [ -x /bench/memprobe ]; then
	for i in 1 2 3; do /bench/memprobe "${PROBE_MIB:-256}" | while read -r l; do say "$l"; done; done
fi
fin
