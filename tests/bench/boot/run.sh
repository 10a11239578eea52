#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Time from PID 1 start to the menu with the demo disk's entries drawn, on
# the payload under QEMU (TCG): median of 5 runs. Prints figures, never asserts.
#   tests/bench/boot/run.sh [--bzimage FILE] [--disk FILE] [--runs N]
# Target: <= 300 ms (guest figure). Older kexboot builds print no marker;
# the host figure still compares them (same host, same load).
set -eu
cd "$(dirname "$0")/../../.."
for f in build/payload/bzImage build/demo.img; do
	[ -f "$f" ] || echo "bench: $f missing (make payload build/demo.img), unless given" >&2
done
exec python3 tests/bench/boot/bench.py "$@"
