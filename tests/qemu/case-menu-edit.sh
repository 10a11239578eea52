#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# Menu (c): 'e' edits the default entry's command line (End, type more,
# Enter); the target kernel's /proc/cmdline carries the edit.
set -eu
. tests/qemu/lib.sh
. tests/qemu/menu-lib.sh
menu_boot "$1" "kexboot.timeout=30"
qemu_expect "kexboot [0-9.]+ - boot menu" 120
qemu_send e
qemu_expect "Editing"
qemu_send '\005 kexboot_edit=yes'
sleep 1
qemu_send '\r'
qemu_expect "booting 'Debian GNU/Linux \(Linux 6.1\)' \(edited\)"
qemu_expect "TARGET: cmdline console=ttyS0 panic=-1 entry=bls-6.1 kexboot_edit=yes$" 180
qemu_wait_exit 180
