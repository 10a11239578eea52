#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# Discovery in a guest: the demo disk (ESP with BLS entries and a UKI, ext4
# root with grub-mkconfig's grub.cfg). The menu's 'c' opens the rescue
# shell, where `kexboot list` shows every entry with its device.
set -eu
. tests/qemu/lib.sh
. tests/qemu/menu-lib.sh
menu_boot "$1" "kexboot.timeout=-1"
qemu_expect "found 8 boot entries on 2 filesystem" 120
qemu_expect "kexboot [0-9.]+ - boot menu"
qemu_send c
qemu_expect "starting rescue shell on ttyS0"
qemu_expect "kexboot# "
qemu_send 'kexboot list --json >/tmp/l.json; kexboot list; echo list-exit=$?\n'
qemu_expect "list-exit=0" 60
esp=UUID=1234-ABC1 root=UUID=0d1c0000-0000-4000-8000-000000000002
qemu_expect "1\. Debian GNU/Linux 12 \(UKI\) \(6\.1\.0-50-amd64\)  \[uki\]"
qemu_expect "kernel   $esp:/EFI/Linux/debian-uki\.efi \.linux"
qemu_expect "2\. Debian GNU/Linux \(Linux 6\.12\)  \[bls\]"
qemu_expect "\*  3\. Debian GNU/Linux \(Linux 6\.1\)  \[bls\]"
qemu_expect "kernel   $esp:/debian/6\.1/vmlinuz"
qemu_expect "initrd   $esp:/debian/payload2\.cpio\.gz"
qemu_expect "5\. Broken entry \(kernel missing\)  \[bls, broken: kernel /debian/missing/vmlinuz not found on $esp\]"
qemu_expect "4\. Bad image \(not a kernel\)  \[bls\]"
qemu_expect "6\. Debian GNU/Linux  \[grub\]"
qemu_expect "kernel   $root:/boot/vmlinuz-5\.10\.0-32-amd64"
qemu_expect "initrd   $root:/boot/initrd\.img-5\.10\.0-32-amd64"
qemu_expect "origin   $root:/boot/grub/grub\.cfg:[0-9]+"
qemu_expect "7\. Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 5\.10\.0-32-amd64  \[grub\]"
qemu_expect "8\. Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux 5\.10\.0-32-amd64 \(recovery mode\)  \[grub\]"
# The JSON names the default and every entry's device.
qemu_send 'grep -c "\\"device\\": \\"UUID=" /tmp/l.json; grep "\\"default\\"" /tmp/l.json\n'
qemu_expect '"default": "bls:UUID=1234-ABC1:debian-6.1"'
qemu_send 'poweroff -f\n'
qemu_wait_exit 60
