#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 5.10 6.1 6.12
# The boot pipeline child dies by SIGSEGV (kexboot.fault=segv): PID 1 stays
# alive, says why on the console, offers its choices, and still answers.
#   tests/qemu/case-crash.sh SERIES
set -eu
. tests/qemu/lib.sh
kdir=$(kernel_dir "$1")
qemu_start "$kdir/vmlinuz" build/kexboot.cpio "console=ttyS0 panic=-1 kexboot.fault=segv"
qemu_expect "crashing the boot pipeline on purpose" 120
qemu_expect "the boot pipeline crashed \(signal 11, Segmentation fault\)"
qemu_expect "choose: \[r\] retry"
# PID 1 is still in charge: the rescue shell starts and sees itself as a child of init.
qemu_send s
qemu_expect "kexboot# "
qemu_send 'echo ppid-$PPID\n'
qemu_expect "ppid-1"
qemu_send 'exit\n'
qemu_expect "rescue shell ended"
qemu_send p
qemu_expect "kexboot: powering off"
qemu_wait_exit 60
