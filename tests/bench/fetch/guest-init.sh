#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The fetch bench's guest side (tests/bench/fetch/run.sh packs it as
# /bench/init, the rdinit of the payload kernel): puts GUEST_ADDR on eth0
# (/bench/params: 10.0.2.15/24 on QEMU's user network, restrict=on; or an
# address on the tap into the bench's network namespace), then runs the tools in turn, RUNS
# rounds, each round every tool once and one tool later than the last
# round (so neither a busy host nor coming first favours one tool):
#   HTTP, SIZE_MIB from http://HTTP_HOST/ (user network: nginx on the
#   host's 127.0.0.1 through guestfwd; netns: nginx in the namespace):
#     kexboot   /bench/kexboot fetch URL (its own figures: seconds, peak RSS, CPU)
#     kexboot-NAME  the same from another build (run.sh KEXBOOT_VARIANTS), for an A/B
#     wget      BusyBox wget -O /dev/null
#     curl      curl -o /dev/null (the host's, with its libraries), when packed
#     wget-tmpfs  BusyBox wget -O /tmp/FILE: keeps the bytes in memory (tmpfs), as kexboot does
#     nc        a raw GET through BusyBox nc -e (dd reads 256 KiB at a time into
#               /dev/null), no HTTP parsing: the link's own pace
#   TFTP, TFTP_MIB from TFTP_HOST (user network: QEMU's own server;
#   netns: dnsmasq in the namespace):
#     kexboot   /bench/kexboot fetch tftp://... (asks blksize 1468, windowsize 16;
#               QEMU grants 1428, dnsmasq 1468, neither a window)
#     tftp-best BusyBox tftp -g -b TFTP_BLK (the largest block the server grants)
#     tftp-512  BusyBox tftp -g -l /dev/null (RFC 1350 blocks)
# HTTP_TOOLS and TFTP_TOOLS (params) may name fewer tools, for a quick look.
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
		/User time \(seconds\)/ { user = $NF }
		/System time \(seconds\)/ { sys = $NF }
		END { printf "BENCH run proto=%s tool=%s n=%s seconds=%.2f rss_kib=%s user_s=%s sys_s=%s rc=%s\n", p, t, n, s, rss, user, sys, rc }
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
# nc's program (nc PEER PORT -e /tmp/rawget PATH): the request, then the whole answer read 256 KiB at a time into /dev/null
printf '#!%s sh\nprintf "GET %%s HTTP/1.0\\r\\nHost: %s\\r\\n\\r\\n" "$1"\nexec %s dd bs=262144 of=/dev/null 2>/dev/null\n' \
	"$bb" "$HTTP_HOST" "$bb" >/tmp/rawget
$bb chmod 755 /tmp/rawget

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
# one HTTP tool, by name
http_tool() {
	case $1 in
	kexboot | kexboot-*) kexboot_run http "$1" "$2" "$http" ;;
	wget) timed http wget "$2" $bb wget -q -O /dev/null "$http" ;;
	curl) [ -x /bench/curl ] && timed http curl "$2" /bench/curl -s -o /dev/null "$http" ;;
	wget-tmpfs)
		timed http wget-tmpfs "$2" $bb wget -q -O /tmp/w.bin "$http"
		$bb rm -f /tmp/w.bin
		;;
	nc) timed http nc "$2" $bb nc "$HTTP_HOST" 80 -e /tmp/rawget /big.bin ;;
	esac
}
# Each round starts one tool later than the last: no tool always comes first (or after the same one).
rotate() { # rotate N WORDS...: the words, starting at the Nth (mod their count)
	k=$(( ($1 - 1) % ($# - 1) ))
	shift
	i=0
	for w in "$@"; do [ "$i" -ge "$k" ] && printf '%s ' "$w"; i=$((i + 1)); done
	i=0
	for w in "$@"; do [ "$i" -lt "$k" ] && printf '%s ' "$w"; i=$((i + 1)); done
}
n=1
while [ "$n" -le "$RUNS" ]; do
	[ -n "$HTTP_TOOLS" ] && for t in $(rotate "$n" $HTTP_TOOLS); do http_tool "$t" "$n"; done
	n=$((n + 1))
done
case " $HTTP_TOOLS " in *" wget "*) evidence http wget $bb wget -q -O /tmp/got "$http" ;; esac
case " $HTTP_TOOLS " in *" curl "*) [ -x /bench/curl ] && evidence http curl /bench/curl -s -o /tmp/got "$http" ;; esac

tftp=tftp://$TFTP_HOST/$TFTP_FILE
tftp_tool() {
	case $1 in
	kexboot | kexboot-*) kexboot_run tftp "$1" "$2" "$tftp" ;;
	tftp-best) timed tftp "tftp-$TFTP_BLK" "$2" $bb tftp -g -b "$TFTP_BLK" -r "$TFTP_FILE" -l /dev/null "$TFTP_HOST" ;;
	tftp-512) timed tftp tftp-512 "$2" $bb tftp -g -r "$TFTP_FILE" -l /dev/null "$TFTP_HOST" ;;
	esac
}
n=1
while [ "$n" -le "$RUNS" ]; do
	[ -n "$TFTP_TOOLS" ] && for t in $(rotate "$n" $TFTP_TOOLS); do tftp_tool "$t" "$n"; done
	n=$((n + 1))
done
case " $TFTP_TOOLS " in *" tftp-best "*) evidence tftp "tftp-$TFTP_BLK" $bb tftp -g -b "$TFTP_BLK" -r "$TFTP_FILE" -l /tmp/got "$TFTP_HOST" ;; esac
fin
