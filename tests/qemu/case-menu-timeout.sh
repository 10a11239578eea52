#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# Menu (a): no key pressed; the default (loader.conf's) boots when the
# countdown ends, through kexboot's own loader, with all three initrds.
set -eu
. tests/qemu/lib.sh
. tests/qemu/menu-lib.sh
menu_boot "$1" "kexboot.timeout=2"
qemu_expect "found 8 boot entries on 2 filesystem" 120
qemu_expect "Press any key to stop. Booting in 2 s"
qemu_expect "kexboot: booting 'Debian GNU/Linux \(Linux 6.1\)'"
qemu_expect "kexboot: quiescing: released 1 device\(s\) from their drivers"
qemu_expect_target "console=ttyS0 panic=-1 entry=bls-6.1" 180
