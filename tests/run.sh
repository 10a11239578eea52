#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The test runner behind `make test`: unit tests (under nokexec), golden
# and fuzz-corpus checks, then the QEMU cases. Prints PASS/FAIL per test and
# ends with one line "N passed, N failed". Exit status 0 only if none failed.
#
# Environment: TESTS_QEMU=0 skips the QEMU cases; TESTS_NET=0 the network
# namespace tests (tests/net/); TESTS_ONLY=REGEX runs only
# the tests whose names match; TESTS_JOBS=N runs N QEMU cases at a time;
# NOKEXEC overrides the seccomp wrapper.
set -u
cd "$(dirname "$0")/.."

nokexec=${NOKEXEC:-}
if [ -z "$nokexec" ]; then
	for n in ../shared/tools/nokexec build/tools/nokexec; do
		[ -x "$n" ] && { nokexec=$n; break; }
	done
fi
if [ -z "$nokexec" ]; then
	echo "tests: no nokexec wrapper found (../shared/tools/nokexec); refusing to run" >&2
	exit 1
fi
case $nokexec in /*) ;; *) nokexec=$PWD/$nokexec ;; esac

passed=0 failed=0
failures=""
logdir=build/test-logs
rm -rf "$logdir" build/qemu-runs
mkdir -p "$logdir"

want() {
	[ -z "${TESTS_ONLY:-}" ] || echo "$1" | grep -Eq -- "$TESTS_ONLY"
}

# Adds up a sub-runner's own "N passed, N failed" line, or counts it as one.
record() {
	name=$1 rc=$2 log=$3
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -n "$line" ]; then
		p=${line%% passed*}
		f=${line#*passed, }
		f=${f%% failed*}
		passed=$((passed + p))
		failed=$((failed + f))
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			# exited badly without saying which test failed (crash, sanitizer)
			failed=$((failed + 1))
		fi
	elif [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
	if [ "$rc" -eq 0 ]; then
		echo "PASS $name"
	else
		echo "FAIL $name (log: $log)"
		failures="$failures $name"
		sed 's/^/    /' "$log" | tail -n 30
	fi
}

run() {
	name=$1
	shift
	want "$name" || return 0
	log=$logdir/$(echo "$name" | tr '/ ' '__').log
	"$@" >"$log" 2>&1
	record "$name" $? "$log"
}

# 1. Unit tests: one program per module, host-built with ASan/UBSan.
for t in build/tests/test-*; do
	[ -x "$t" ] || continue
	run "unit/${t#build/tests/test-}" "$nokexec" "$t"
done

# 2. Goldens, fuzz-corpus replays and the reproducible-build check.
for r in tests/golden/run.sh tests/fuzz/replay.sh tests/repro.sh; do
	[ -f "$r" ] && run "${r%.sh}" "$nokexec" sh "$r"
done

# 2b. Network tests on the host: each script makes its own network
# namespaces and veth pairs, runs its servers there and removes them (no
# packet leaves the machine). TESTS_NET=0 skips them.
if [ "${TESTS_NET:-1}" != 0 ]; then
	for r in tests/net/dhcp4.sh tests/net/dhcp6.sh; do
		[ -f "$r" ] && run "${r%.sh}" env NOKEXEC="$nokexec" sh "$r"
	done
fi

# 3. QEMU cases: each declares "# kernels: ..." (default: all three). They
# run TESTS_JOBS at a time (default: one per CPU; TCG runs a guest on one
# core) and are reported in a fixed order.
if [ "${TESTS_QEMU:-1}" != 0 ]; then
	jobs_max=${TESTS_JOBS:-$(nproc)}
	queue="" pids=""
	running() {
		n=0
		for p in $pids; do
			kill -0 "$p" 2>/dev/null && n=$((n + 1))
		done
		echo "$n"
	}
	for c in tests/qemu/case-*.sh; do
		[ -f "$c" ] || continue
		ks=$(sed -n 's/^# kernels: *//p' "$c" | head -n 1)
		ks=${ks:-5.10 6.1 6.12}
		base=$(basename "$c" .sh)
		for k in $ks; do
			if [ "$k" = none ]; then
				name="qemu/${base#case-}" arg=""
			else
				name="qemu/${base#case-}/$k" arg=$k
			fi
			want "$name" || continue
			log=$logdir/$(echo "$name" | tr '/ ' '__').log
			while [ "$(running)" -ge "$jobs_max" ]; do
				sleep 0.5
			done
			# shellcheck disable=SC2086
			(sh "$c" $arg >"$log" 2>&1; echo $? >"$log.rc") &
			pids="$pids $!"
			queue="$queue $name"
		done
	done
	wait
	for name in $queue; do
		log=$logdir/$(echo "$name" | tr '/ ' '__').log
		record "$name" "$(cat "$log.rc" 2>/dev/null || echo 1)" "$log"
	done
fi

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
