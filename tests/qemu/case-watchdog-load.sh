#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# A load that never finishes (kexboot.fault=hang-load) is killed at its bound
# (kexboot.load_limit=6), while the menu before it, waiting for a key far
# longer than that bound, is left alone. Then the rescue prompt: PID 1 answers.
#   tests/qemu/case-watchdog-load.sh SERIES
set -eu
. tests/qemu/lib.sh
. tests/qemu/menu-lib.sh
menu_boot "$1" "kexboot.timeout=-1 kexboot.fault=hang-load kexboot.load_limit=6 kexboot.retry=0"
qemu_expect "kexboot [0-9.]+ - boot menu" 120
# The menu waits for a key: not a stage, so no bound applies.
sleep 12
! tr -d '\r' <"$QEMU_LOG" | grep -q "did not finish" || { echo "  the menu was killed" >&2; qemu_tail >&2; exit 1; }
echo "  the menu outlived the load bound untouched"
qemu_send '\r'
qemu_expect "kexboot: booting 'Debian GNU/Linux \(Linux 6\.1\)'" 30
qemu_expect "kexboot.fault=hang-load: loading stops here on purpose" 30
qemu_expect "kexboot: loading the chosen entry did not finish in 6 s; killed$" 60
qemu_expect "choose: \[r\] retry" 30
! tr -d '\r' <"$QEMU_LOG" | grep -q "looking again in" || { echo "  kexboot.retry=0 still retried" >&2; exit 1; }
qemu_send s
qemu_expect "kexboot# " 30
qemu_send 'echo ppid-$PPID\n'
qemu_expect "ppid-1"
qemu_send 'poweroff -f\n'
qemu_wait_exit 60
echo "  ok: the hung load was killed at its bound, the waiting menu was not"
