#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.12
# `kexboot kexec -l UKI` from the rescue shell: the unified kernel image on
# the demo disk's ESP is taken apart (.linux as the kernel, .initrd, and
# .cmdline since none was given) and booted with `kexboot kexec -e`.
set -eu
. tests/qemu/lib.sh
. tests/qemu/menu-lib.sh
menu_boot "$1" "kexboot.timeout=-1"
qemu_expect "kexboot [0-9.]+ - boot menu" 120
qemu_send c
qemu_expect "kexboot# "
qemu_send 'mkdir -p /mnt/esp && mount -o ro -t vfat /dev/vda1 /mnt/esp && kexboot kexec -l --debug /mnt/esp/EFI/Linux/debian-uki.efi && echo loaded-ok\n'
qemu_expect "is a unified kernel image: \.linux, \.initrd, \.cmdline" 60
qemu_expect "^loaded-ok" 60
qemu_send 'umount /mnt/esp; kexboot kexec -e\n'
qemu_expect "TARGET: uname 6.1.0" 180
qemu_expect "TARGET: cmdline console=ttyS0 panic=-1 entry=uki$"
qemu_expect "TARGET: sha256 $(sed -n 's|  /payload/one.bin||p' build/target/expected.sha256)  /payload/one.bin"
qemu_wait_exit 180
