#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Reproducible build check: builds kexboot and its archives a second time in
# another build directory and compares them byte for byte with build/.
set -eu
cd "$(dirname "$0")/.."
env -u MAKEFLAGS -u MFLAGS make -s build/kexboot build/kexboot.cpio build/kexboot.cpio.xz
rm -rf build/repro
env -u MAKEFLAGS -u MFLAGS make -s BUILD=build/repro \
	build/repro/kexboot build/repro/kexboot.cpio build/repro/kexboot.cpio.xz
fail=0
for f in kexboot kexboot.cpio kexboot.cpio.xz; do
	if cmp -s "build/$f" "build/repro/$f"; then
		echo "PASS $f identical ($(stat -c %s "build/$f") bytes, sha256 $(sha256sum <"build/$f" | cut -c1-16))"
	else
		echo "FAIL $f differs between two builds"
		fail=$((fail + 1))
	fi
done
env -u MAKEFLAGS -u MFLAGS make -s build/kexboot build/kexboot.cpio build/kexboot.cpio.xz
rm -rf build/repro
echo "$((3 - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
