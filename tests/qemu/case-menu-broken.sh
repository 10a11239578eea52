#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# Menu (d): choosing the entry whose kernel is junk fails at load time, says
# why in plain words and comes back to the menu with nothing loaded;
# choosing the one whose kernel is missing shows the reason and stays in the
# menu; then a good entry (GRUB's first, Linux 5.10) boots.
set -eu
. tests/qemu/lib.sh
. tests/qemu/menu-lib.sh
menu_boot "$1" "kexboot.timeout=30"
qemu_expect "kexboot [0-9.]+ - boot menu" 120
qemu_send '\033[B'
sleep 1
qemu_send '\r'
qemu_expect "kexboot: could not boot 'Bad image \(not a kernel\)': not a kernel image kexboot can load" 60
qemu_send '\033[B'
sleep 1
qemu_send '\r'
qemu_expect "kernel /debian/missing/vmlinuz not found on UUID=1234-ABC1"
qemu_send '\033[B'
sleep 1
qemu_send '\r'
qemu_expect "kexboot: booting 'Debian GNU/Linux'$"
qemu_expect "TARGET: uname 5.10" 180
qemu_expect "TARGET: cmdline .*entry=grub-5.10 quiet$"
qemu_wait_exit 180
