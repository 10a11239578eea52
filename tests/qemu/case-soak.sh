#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# The soak (tests/bench/soak/run.sh) for 5 cycles: kexboot as PID 1 kexecs
# into itself through the disk's entry four times in one guest, and MemTotal,
# the online CPUs and the e820 map stay as the first boot saw them, with no
# kernel warning. Then the same analysis over doctored copies of the serial
# log must report drift: a lost page of MemTotal, a CPU gone missing, a
# changed e820 range, a changed /sys/kernel/kexec_nmi_safe, a warning on the
# console, a cycle that never came.
set -eu
series=$1
mkdir -p build/qemu-runs
QEMU_DIR=$(mktemp -d build/qemu-runs/soak.XXXXXX)
export QEMU_DIR
echo "soak: 5 cycles on $series"
rc=0
sh tests/bench/soak/run.sh 5 "$series" >"$QEMU_DIR/table.txt" || rc=$?
cat "$QEMU_DIR/table.txt"
[ "$rc" -eq 0 ] || { echo "  the soak failed (exit $rc)" >&2; exit 1; }
rows=$(grep -Ec '^[1-5] +[0-9]+\.[0-9]' "$QEMU_DIR/table.txt")
[ "$rows" -eq 5 ] || { echo "  expected 5 table rows, got $rows" >&2; exit 1; }
echo "  ok: 5 cycles, no drift"

log=$QEMU_DIR/serial.log
tr -d '\r' <"$log" >"$QEMU_DIR/clean.log"
sh tests/bench/soak/run.sh --check "$QEMU_DIR/clean.log" >/dev/null ||
	{ echo "  the untouched log reports drift" >&2; exit 1; }
# doctor NAME AWK-STATEMENTS: edit cycle 4's SOAK line (in $0) with the
# statements; the analysis of the edited log must report drift on cycle 4.
doctor() {
	awk "/^SOAK /{n++} n == 4 && /^SOAK / && !done {$2; done = 1} {print}" "$QEMU_DIR/clean.log" >"$QEMU_DIR/$1.log"
	cmp -s "$QEMU_DIR/clean.log" "$QEMU_DIR/$1.log" && { echo "  $1: the edit changed nothing" >&2; exit 1; }
	if sh tests/bench/soak/run.sh --check "$QEMU_DIR/$1.log" >"$QEMU_DIR/$1.out"; then
		echo "  $1: not reported as drift" >&2
		cat "$QEMU_DIR/$1.out" >&2
		exit 1
	fi
	grep -Eq '^4 +[0-9]+\..*(MemTotal|cpus|e820|warnings|nmi_safe)' "$QEMU_DIR/$1.out" ||
		{ echo "  $1: failed, but not on cycle 4" >&2; cat "$QEMU_DIR/$1.out" >&2; exit 1; }
	echo "  ok: $1 reported:$(grep -E '^4 +[0-9]+\.' "$QEMU_DIR/$1.out" | sed 's/.*  //')"
}
# shellcheck disable=SC2016 # awk code, for awk
doctor memtotal 'match($0, /memtotal=[0-9]+/); v = substr($0, RSTART + 9, RLENGTH - 9); sub(/memtotal=[0-9]+/, "memtotal=" (v - 4))'
doctor cpus 'sub(/cpus=[^ ]+/, "cpus=0")'
doctor e820 'sub(/e820=[0-9a-f]/, "e820=x")'
doctor nmisafe 'sub(/nmisafe=[^ ]+/, "nmisafe=0")'
doctor warning '$0 = $0 "\nWARNING: CPU: 1 PID: 1 at kernel/smp.c:1 (doctored)"'
if sh tests/bench/soak/run.sh --check "$QEMU_DIR/clean.log" "" 6 >/dev/null; then
	echo "  a missing 6th cycle was not reported" >&2
	exit 1
fi
echo "  ok: a missing cycle reported"
