#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 5.10 6.1 6.12
# The rescue shell (BusyBox) answers a command typed over serial, and PID 1
# takes over again when it exits.
#   tests/qemu/case-rescue.sh SERIES
set -eu
. tests/qemu/lib.sh
kdir=$(kernel_dir "$1")
qemu_start "$kdir/vmlinuz" build/kexboot.cpio "console=ttyS0 panic=-1"
qemu_expect "choose: \[r\] retry" 120
qemu_send s
qemu_expect "starting rescue shell on ttyS0"
qemu_expect "kexboot# "
qemu_send 'echo answer-$((6*7)) from $(cat /proc/1/comm)\n'
qemu_expect "answer-42 from init"
qemu_send 'exit\n'
qemu_expect "kexboot: rescue shell ended"
# Retry runs the pipeline again. The prompt said "no bootable entry" twice
# already (before the shell and after it); wait for the retry's own, or the
# next key would go to the retried pipeline's menu, which opens while the
# sources search.
qemu_send r
qemu_expect_count "kexboot: looking for boot entries" 2 30
qemu_expect_count "kexboot: no bootable entry was found" 3 30
qemu_send p
qemu_expect "kexboot: powering off"
qemu_wait_exit 60
