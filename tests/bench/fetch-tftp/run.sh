#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# 64 MiB over TFTP from a dnsmasq on a loopback address of this run's own:
# kexboot's back end (tests/bench/fetch-tftp/bench.c, -O2, no sanitizers)
# against `busybox tftp -g`, 3 runs each, at blksize 512 and 1468. Prints
# seconds, MiB/s and peak RSS; never asserts on time. Nothing leaves the
# machine: the server listens on 127.x.y.z only.
set -eu
cd "$(dirname "$0")/../../.."

runs=${RUNS:-3}
nokexec=${NOKEXEC:-../shared/tools/nokexec}
out=build/bench/fetch-tftp
make -s "$out/bench"
command -v dnsmasq >/dev/null 2>&1 || [ -x /usr/sbin/dnsmasq ] || { echo "dnsmasq missing: install dnsmasq-base"; exit 1; }
dnsmasq=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)
addr=127.78.$(($$ / 256 % 256)).$(($$ % 254 + 1))
tmp=$(mktemp -d /tmp/kexboot-tftp-bench-XXXXXX)
chmod 755 "$tmp"
mkdir -m 755 "$tmp/root"
pid=
cleanup() {
	[ -n "$pid" ] && kill -CONT "$pid" 2>/dev/null && kill "$pid" 2>/dev/null
	[ -n "$pid" ] && wait "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap "exit 1" INT TERM HUP PIPE
head -c 64M /dev/urandom >"$tmp/root/64m.bin"
chmod 644 "$tmp/root/64m.bin"
want=$(sha256sum "$tmp/root/64m.bin" | cut -d' ' -f1)
"$dnsmasq" --no-daemon --port=0 --enable-tftp --tftp-root="$tmp/root" --listen-address="$addr" \
	--bind-interfaces --pid-file="$tmp/pid" --conf-file=/dev/null --log-facility="$tmp/log" --quiet-tftp \
	>/dev/null 2>&1 &
pid=$!
i=0
until grep -q "TFTP root is" "$tmp/log" 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -lt 100 ] || { echo "dnsmasq did not start"; exit 1; }
	sleep 0.05
done

now() { date +%s.%N; }
rss() { # peak RSS in KiB of a command, when GNU time is there
	if [ -x /usr/bin/time ]; then /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; else "$@" >/dev/null 2>&1; echo "?"; fi
}

echo "64 MiB from dnsmasq on $addr, $runs runs each"
line=$($nokexec "$out/bench" "tftp://$addr/64m.bin" 1468 16 notsize)
echo "kexboot blksize=1468 without tsize (the body grows): ${line% sha256=*}"
for bs in 512 1468; do
	for n in $(seq "$runs"); do
		line=$($nokexec "$out/bench" "tftp://$addr/64m.bin" "$bs")
		case "$line" in *"sha256=$want"*) ok=ok ;; *) ok="SHA-256 MISMATCH" ;; esac
		echo "kexboot blksize=$bs run $n: ${line% sha256=*} $ok"
	done
	for n in $(seq "$runs"); do
		t0=$(now)
		if [ "$bs" = 512 ]; then k=$(rss busybox tftp -g -r 64m.bin -l /dev/null "$addr"); else
			k=$(rss busybox tftp -g -b "$bs" -r 64m.bin -l /dev/null "$addr"); fi
		t1=$(now)
		echo "busybox blksize=$bs run $n: seconds=$(echo "$t1 - $t0" | bc -l | sed 's/^\./0./' | cut -c1-6) maxrss_kib=$k"
	done
done
