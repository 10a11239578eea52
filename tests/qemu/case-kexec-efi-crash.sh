#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# EFI survives kexboot's crash path: the loading kernel boots under OVMF,
# `kexboot kexec -p -c` loads the crash kernel (its kernel proper, with the
# EFI state in the zero page), a panic reaches it, and it comes up as an EFI
# boot with /proc/vmcore (case-kexec-crash.sh with KX_EFI=1).
#   tests/qemu/case-kexec-efi-crash.sh [K=6.1]
KX_EFI=1 exec sh tests/qemu/case-kexec-crash.sh "${1:-6.1}" "${1:-6.1}" c
