#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# A unified kernel image (systemd-stub + objcopy) boots: kexboot takes its
# .linux, .initrd and .cmdline sections straight from the mapped PE file.
set -eu
. tests/qemu/lib.sh
. tests/qemu/menu-lib.sh
menu_boot "$1" "kexboot.timeout=0 kexboot.default=0"
qemu_expect "kexboot: booting 'Debian GNU/Linux 12 \(UKI\) \(6\.1\.0-50-amd64\)'" 120
qemu_expect "TARGET: cmdline console=ttyS0 panic=-1 entry=uki$" 180
qemu_expect "TARGET: sha256 $(sed -n 's|  /payload/one.bin||p' build/target/expected.sha256)  /payload/one.bin"
qemu_wait_exit 180
