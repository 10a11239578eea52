#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# Menu (b): the selection starts on the first entry (kexboot.default=0);
# Down, Enter boots the second entry (BLS, Linux 6.12).
set -eu
. tests/qemu/lib.sh
. tests/qemu/menu-lib.sh
menu_boot "$1" "kexboot.timeout=30 kexboot.default=0"
qemu_expect "kexboot [0-9.]+ - boot menu" 120
qemu_send '\033[B'
sleep 1
qemu_send '\r'
qemu_expect "kexboot: booting 'Debian GNU/Linux \(Linux 6.12\)'"
qemu_expect "TARGET: uname 6.12" 180
qemu_expect "TARGET: cmdline console=ttyS0 panic=-1 entry=bls-6.12$"
qemu_wait_exit 180
