#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the discovery libFuzzer targets (clang -fsanitize=fuzzer,address,
# undefined) and runs each once over its committed seed corpus
# (tests/fuzz/corpus/NAME/, or the seeds tests/fuzz/NAME-seeds.py writes for
# targets whose seeds are binary). One PASS/FAIL line per target, then
# "N passed, N failed". FUZZ_SECONDS=N additionally fuzzes each target for N
# seconds (niced, into a scratch corpus; never run by make test); for the
# campaign with figures per target, see tests/fuzz/campaign.sh (make fuzz).
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/fuzz/seeds.sh

# Every target the folders' make fragments register in FUZZ_TARGETS.
targets=${FUZZ_ONLY:-$(make -s print-fuzz-targets)}
nokexec=${NOKEXEC:-../shared/tools/nokexec}
[ -x "$nokexec" ] || nokexec=
pass=0
fail=0
mkdir -p build/fuzz

for t in $targets; do
	bin=build/fuzz/fuzz-$t
	if ! make -s "$bin" >"build/fuzz/$t.build.log" 2>&1; then
		echo "FAIL fuzz-$t: build failed: $(tail -n 3 "build/fuzz/$t.build.log" | tr '\n' ' ')"
		fail=$((fail + 1))
		continue
	fi
	# Binary seeds are generated, not committed (tests/fuzz/NAME-seeds.py DIR).
	if ! corpus=$(fuzz_seeds "$t"); then
		echo "FAIL fuzz-$t: seed generator failed: $(tail -n 2 "build/fuzz/$t.seeds.log" | tr '\n' ' ')"
		fail=$((fail + 1))
		continue
	fi
	if [ -z "$(ls "$corpus" 2>/dev/null)" ]; then
		echo "FAIL fuzz-$t: empty corpus $corpus"
		fail=$((fail + 1))
		continue
	fi
	if ! $nokexec "$bin" -rss_limit_mb=2048 -timeout=20 "$corpus"/* >"build/fuzz/$t.replay.log" 2>&1; then
		echo "FAIL fuzz-$t: replay crashed or timed out:"
		grep -E 'ERROR|SUMMARY|runtime error' "build/fuzz/$t.replay.log" | head -n 5
		fail=$((fail + 1))
		continue
	fi
	if [ -n "${FUZZ_SECONDS:-}" ]; then
		mkdir -p "build/fuzz/corpus-$t"
		if ! nice -n 19 $nokexec "$bin" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 -timeout=10 \
			-max_len=65536 -artifact_prefix="build/fuzz/$t-" "build/fuzz/corpus-$t" "$corpus" \
			>"build/fuzz/$t.fuzz.log" 2>&1; then
			echo "FAIL fuzz-$t: fuzzing found a crash: $(grep -E 'SUMMARY|artifact' "build/fuzz/$t.fuzz.log" | head -n 2 | tr '\n' ' ')"
			fail=$((fail + 1))
			continue
		fi
	fi
	echo "PASS fuzz-$t ($(ls "$corpus" | wc -l) inputs)"
	pass=$((pass + 1))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
