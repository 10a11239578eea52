#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Golden tests for discovery: every fixture tree (generated at test time by
# scripts/fixtures/*.sh with the real generators, or committed under
# tests/fixtures/discovery/) is listed with `kexboot list --json --root DIR`
# and compared with tests/golden/discovery/<name>.json.
#
#   tests/golden/run.sh            compare; one PASS/FAIL line per fixture
#   tests/golden/run.sh --update   rewrite the goldens (a deliberate, reviewed act)
set -u
cd "$(dirname "$0")/../.." || exit 2

list=${KEXBOOT_LIST:-build/tests/kexboot-list-host}
nokexec=${NOKEXEC:-../shared/tools/nokexec}
[ -x "$nokexec" ] || nokexec=
fixtures=build/fixtures/discovery
golden=tests/golden/discovery
update=false
[ "${1:-}" = --update ] && update=true
pass=0
fail=0

if [ ! -x "$list" ]; then
	echo "FAIL golden: $list not built (make $list)"
	echo "0 passed, 1 failed"
	exit 1
fi
mkdir -p "$fixtures"
# A UKI fixture is built from Debian's real 6.1 kernel when the cache has it.
if [ -z "${UKI_FIXTURE_KERNEL:-}" ] && [ -f build/kernels.txt ]; then
	UKI_FIXTURE_KERNEL=$(awk '$1 == "6.1" {print $3 "/vmlinuz"}' build/kernels.txt)
	export UKI_FIXTURE_KERNEL
fi

check() { # NAME DIR
	out=$fixtures/$1.json
	if ! $nokexec "$list" list --root "$2" --json >"$out" 2>"$fixtures/$1.err"; then
		echo "FAIL $1: kexboot list failed: $(head -c 300 "$fixtures/$1.err")"
		fail=$((fail + 1))
		return
	fi
	if $update; then
		cp "$out" "$golden/$1.json"
		echo "UPDATED $1"
		pass=$((pass + 1))
	elif [ ! -f "$golden/$1.json" ]; then
		echo "FAIL $1: no golden $golden/$1.json"
		fail=$((fail + 1))
	elif diff -u "$golden/$1.json" "$out" >"$fixtures/$1.diff"; then
		echo "PASS $1"
		pass=$((pass + 1))
	else
		echo "FAIL $1: output differs from $golden/$1.json:"
		head -n 40 "$fixtures/$1.diff"
		fail=$((fail + 1))
	fi
}

for gen in scripts/fixtures/*.sh; do
	name=$(basename "$gen" .sh)
	if ! sh "$gen" "$fixtures/$name" >"$fixtures/$name.gen.log" 2>&1; then
		echo "FAIL $name: generator $gen failed: $(tail -n 3 "$fixtures/$name.gen.log" | tr '\n' ' ')"
		fail=$((fail + 1))
		continue
	fi
	check "$name" "$fixtures/$name"
done
for dir in tests/fixtures/discovery/*/; do
	check "$(basename "$dir")" "$dir"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
