#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds 64 fixture "partitions" (copies of the discovery fixtures, generated
# ones included when tests/golden/run.sh has made them) and times discovery
# over each with an optimised, sanitizer-free build. Prints per-partition cost.
set -eu
cd "$(dirname "$0")/../../.."

out=build/bench/discover
make -s "$out/bench"
rm -rf "$out/parts"
mkdir -p "$out/parts"
set -- tests/fixtures/discovery/*/ build/fixtures/discovery/*/
srcs=""
for d; do [ -d "$d" ] && srcs="$srcs $d"; done
i=0
while [ "$i" -lt 64 ]; do
	for d in $srcs; do
		[ "$i" -lt 64 ] || break
		cp -r "$d" "$out/parts/p$(printf %02d "$i")-$(basename "$d")"
		i=$((i + 1))
	done
done
${NOKEXEC:-../shared/tools/nokexec} "$out/bench" "$out"/parts/*
