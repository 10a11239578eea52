#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: none
# The payload started by UEFI firmware (OVMF) through its EFI stub, the way
# a LinuxBoot DXE build starts it: EFI runtime services and the runtime map
# (which kexec hands to the next kernel), the EFI framebuffer console, and
# kexboot as PID 1.
#   tests/qemu/case-payload-efi.sh
set -eu
. tests/qemu/lib.sh
ver=$(cat VERSION)
bz=build/payload/bzImage
ovmf=${OVMF:-/usr/share/ovmf/OVMF.fd}
[ -f "$bz" ] || { echo "  $bz missing: run 'make payload'" >&2; exit 1; }
[ -f "$ovmf" ] || { echo "  $ovmf missing: install package ovmf (scripts/host-deps.sh)" >&2; exit 1; }

qemu_start "$bz" "" "console=ttyS0 panic=-1" -bios "$ovmf"
qemu_expect "efi: EFI v[0-9.]+ by EDK II" 180
qemu_expect "fb0: EFI VGA frame buffer device" 120
qemu_expect "kexboot $ver \(PID 1\)" 120
qemu_expect "kexboot: consoles: ttyS0, tty0"
qemu_expect "choose: \[r\] retry" 120
qemu_send s
qemu_expect "kexboot# "
# The answer words are split ("") so the serial echo of the command never
# matches what we wait for.
qemu_send 'test -d /sys/firmware/efi/runtime-map/0 && echo runtime-""map-ok; test -c /dev/fb0 && echo fb0-""ok\n'
qemu_expect "runtime-map-ok"
qemu_expect "fb0-ok"
qemu_send 'exit\n'
qemu_expect "kexboot: rescue shell ended"
qemu_send p
qemu_expect "kexboot: powering off"
qemu_wait_exit 60
echo "  ok: payload boots through its EFI stub with the runtime map and EFI framebuffer"
