#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.12
# Non-interactive mode (kexboot.menu=off): no menu is drawn, the default
# boots at once and each step is logged.
set -eu
. tests/qemu/lib.sh
. tests/qemu/menu-lib.sh
menu_boot "$1" "kexboot.menu=off"
qemu_expect "kexboot: found 8 boot entries on 2 filesystem" 120
qemu_expect "kexboot: booting 'Debian GNU/Linux \(Linux 6.1\)'"
qemu_expect "kexboot: loading UUID=1234-ABC1:/debian/6.1/vmlinuz with 3 initrd\(s\)"
qemu_expect "kexboot: loaded through kexec_load"
qemu_expect "kexboot: starting the new kernel"
qemu_expect "TARGET: uname 6.1" 180
qemu_wait_exit 180
if tr -d '\r' <"$QEMU_LOG" | grep -q "boot menu"; then
	echo "  the menu was drawn although kexboot.menu=off" >&2
	exit 1
fi
