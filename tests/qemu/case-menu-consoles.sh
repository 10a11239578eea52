#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# Menu (e): two consoles (console=tty0 console=ttyS0). The menu appears on
# the serial line and on the VGA console: a QMP screendump of the VGA
# console is not blank (kept as build/test-artifacts/menu-vga.png). Serial
# then drives the menu and the VGA console is told it is in use.
set -eu
. tests/qemu/lib.sh
. tests/qemu/menu-lib.sh
art=build/test-artifacts
mkdir -p "$art"
menu_boot "$1" "console=tty0 console=ttyS0 kexboot.timeout=-1"
qemu_expect "kexboot: consoles: ttyS0, tty0" 120
qemu_expect "boot menu"
sleep 3
qemu_qmp "{\"execute\": \"screendump\", \"arguments\": {\"filename\": \"$PWD/$art/menu-vga.png\", \"format\": \"png\"}}"
python3 tests/qemu/png-check.py "$art/menu-vga.png"
# A key on serial takes the session; VGA shows that it is in use, then Enter boots.
qemu_send '\033[A'
sleep 2
qemu_qmp "{\"execute\": \"screendump\", \"arguments\": {\"filename\": \"$PWD/$art/menu-vga-in-use.png\", \"format\": \"png\"}}"
python3 tests/qemu/png-check.py "$art/menu-vga-in-use.png"
qemu_send '\r'
qemu_expect "kexboot: booting 'Debian GNU/Linux \(Linux 6.12\)'"
qemu_expect "TARGET: uname 6.12" 180
qemu_wait_exit 180
