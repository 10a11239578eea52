#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 5.10 6.1 6.12
# kexboot boots as PID 1 on a Debian kernel: banner, consoles, modules
# loaded from the initramfs, and the rescue choices when nothing is found;
# 'p' powers the guest off so QEMU exits. q35's empty CD-ROM drive (open()
# says ENOMEDIUM) is no problem to report: the scan names none.
#   tests/qemu/case-banner.sh SERIES (5.10 | 6.1 | 6.12)
set -eu
. tests/qemu/lib.sh
kdir=$(kernel_dir "$1")
ver=$(cat VERSION)
qemu_start "$kdir/vmlinuz" build/kexboot.cpio "console=ttyS0 panic=-1"
qemu_expect "kexboot $ver \(PID 1\)" 120
qemu_expect "kexboot: consoles: ttyS0"
qemu_expect "kexboot: loaded [1-9][0-9]* kernel modules for $(sed 's/[.+]/\\&/g' "$kdir/kver")"
qemu_expect "kexboot: no bootable entry was found"
if [ "$(qemu_count 'problem\(s\) while looking for entries')" -ne 0 ]; then
	echo "  an empty drive reported as a problem:" >&2
	qemu_tail >&2
	exit 1
fi
qemu_expect "choose: \[r\] retry  \[s\] rescue shell  \[b\] reboot  \[p\] power off"
qemu_send p
qemu_expect "kexboot: powering off"
qemu_wait_exit 60
