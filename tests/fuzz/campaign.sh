#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The fuzzing campaign (make fuzz SECONDS=N): builds every libFuzzer target
# the make fragments register (clang, ASan+UBSan, the host's libraries; no
# dependency library is rebuilt), then fuzzes each for N seconds, niced,
# under the seccomp wrapper, into build/fuzz/corpus-NAME seeded from its
# committed or generated seeds. Crash artifacts go to build/fuzz/artifacts/NAME/.
# One line per target as it finishes (execs, exec/s, cov and ft from
# libFuzzer's final stats, crashes written), then a table. Exits non-zero
# when a target crashed or did not build.
# Environment: FUZZ_ONLY="a b" (targets), NOKEXEC (the wrapper).
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/fuzz/seeds.sh

secs=${1:-60}
case $secs in '' | *[!0-9]*) echo "usage: campaign.sh SECONDS" >&2; exit 2 ;; esac
targets=${FUZZ_ONLY:-$(make -s print-fuzz-targets)}
nokexec=${NOKEXEC:-../shared/tools/nokexec}
[ -x "$nokexec" ] || { echo "campaign: $nokexec missing (the seccomp wrapper every fuzz binary runs under)" >&2; exit 2; }
mkdir -p build/fuzz/artifacts
table=build/fuzz/campaign.txt
: >"$table"
bad=0

# Largest input libFuzzer makes per target: about the size of what the code reads.
max_len() {
	case $1 in
	keys | initrd) echo 512 ;;
	url | fsaccess | tftp) echo 4096 ;;
	dhcp4) echo 2048 ;;
	payload | bzimage | elf) echo 65536 ;;
	*) echo 16384 ;;
	esac
}

for t in $targets; do
	bin=build/fuzz/fuzz-$t
	if ! make -s "$bin" >"build/fuzz/$t.build.log" 2>&1; then
		echo "fuzz-$t: build failed: $(tail -n 3 "build/fuzz/$t.build.log" | tr '\n' ' ')"
		echo "$t - - - - build-failed" >>"$table"
		bad=1
		continue
	fi
	if ! seeds=$(fuzz_seeds "$t"); then
		echo "fuzz-$t: seed generator failed: $(tail -n 2 "build/fuzz/$t.seeds.log" | tr '\n' ' ')"
		echo "$t - - - - seeds-failed" >>"$table"
		bad=1
		continue
	fi
	art=build/fuzz/artifacts/$t
	mkdir -p "build/fuzz/corpus-$t" "$art"
	stamp=build/fuzz/$t.stamp
	: >"$stamp"
	sleep 1 # artifacts of this run are newer than the stamp
	log=build/fuzz/$t.fuzz.log
	nice -n 19 "$nokexec" "$bin" -max_total_time="$secs" -print_final_stats=1 -rss_limit_mb=2048 \
		-timeout=10 -max_len="$(max_len "$t")" -artifact_prefix="$art/" \
		"build/fuzz/corpus-$t" "$seeds" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
	crashes=$(find "$art" -type f -newer "$stamp" ! -name 'slow-unit-*' | wc -l)
	rm -f "$stamp"
	if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then
		crashes=1 # died without an artifact (e.g. the wrapper refused a syscall)
	fi
	echo "fuzz-$t: execs=${execs:-?} exec/s=${rate:-?} cov=${cov:-?} ft=${ft:-?} crashes=$crashes"
	if [ "$crashes" -ne 0 ]; then
		grep -E 'SUMMARY|^artifact_prefix|Test unit written' "$log" | head -n 3 | sed 's/^/    /'
		bad=1
	fi
	echo "$t ${execs:--} ${rate:--} ${cov:--} ${ft:--} $crashes" >>"$table"
done

echo
printf '%-14s %12s %8s %6s %7s %8s\n' target execs exec/s cov ft crashes
while read -r t e r c f x; do
	printf '%-14s %12s %8s %6s %7s %8s\n' "$t" "$e" "$r" "$c" "$f" "$x"
done <"$table"
echo "(${secs} s per target; logs build/fuzz/NAME.fuzz.log, artifacts build/fuzz/artifacts/NAME/)"
exit "$bad"
