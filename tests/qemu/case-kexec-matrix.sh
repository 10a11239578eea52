#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 5.10 6.1 6.12
# The kexec matrix: every (running, target) pair of {5.10, 6.1, 6.12}, through
# kexec_load with kexboot's purgatory (c) and through kexec_file_load (s):
# 18 hops of case-kexec-load.sh. Prints one line per hop and a total.
#   tests/qemu/case-kexec-matrix.sh [SERIES...]
set -u
series=${*:-5.10 6.1 6.12}
pass=0 fail=0
for mode in c s; do
	for from in $series; do
		for to in $series; do
			log=$(mktemp /tmp/kexboot-kexec-hop.XXXXXX)
			start=$(date +%s)
			if sh tests/qemu/case-kexec-load.sh "$from" "$to" "$mode" >"$log" 2>&1; then
				pass=$((pass + 1)); res=PASS
			else
				fail=$((fail + 1)); res=FAIL
			fi
			echo "$res -$mode $from -> $to ($(($(date +%s) - start)) s) log: $log"
			[ "$res" = PASS ] && rm -f "$log"
		done
	done
done
echo "kexec matrix: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
