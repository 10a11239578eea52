#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: none
# EFI survives kexboot's own kexec_load handoff. The payload starts under
# UEFI (OVMF) through its EFI stub; from the rescue shell, `kexboot kexec -c`
# (kexboot's loader and purgatory, not the kernel's kexec_file_load) loads
# Debian's 6.1 kernel from the demo disk's ESP and boots it. The target must
# come up as an EFI boot: "efi: EFI v..." in its own log, /sys/firmware/efi
# with the runtime map, and working runtime services at the virtual
# addresses the firmware already had (efivarfs lists variables through
# GetNextVariableName). Without the handoff the target boots as a legacy
# machine and every one of these checks fails.
#   tests/qemu/case-kexec-efi.sh
# KEXBOOT_PAYLOAD=FILE tests another payload bzImage.
set -eu
. tests/qemu/lib.sh
. tests/qemu/kexec-lib.sh
bz=${KEXBOOT_PAYLOAD:-build/payload/bzImage}
ovmf=${OVMF:-/usr/share/ovmf/OVMF.fd}
for f in "$bz" build/demo.img build/kernels.txt; do
	[ -f "$f" ] || { echo "  $f missing: run 'make payload demo'" >&2; exit 1; }
done
[ -f "$ovmf" ] || { echo "  $ovmf missing: install package ovmf (scripts/host-deps.sh)" >&2; exit 1; }
kdir=$(awk '$1 == "6.1" {print $3}' build/kernels.txt)
kver=$(awk '$1 == "6.1" {print $2}' build/kernels.txt)
ko=$kdir/lib/modules/$kver/kernel/fs/efivarfs/efivarfs.ko
[ -f "$ko" ] || { echo "  $ko missing: run scripts/kernels.sh 6.1" >&2; exit 1; }

# The target's efivarfs is a module: hand it over as a second target initrd,
# itself carried into the payload's rootfs by QEMU's -initrd (/efitest/).
kx_cpio "$QEMU_DIR/mod.cpio" <<SPEC
dir lib 755
file lib/efivarfs.ko 644 $ko
SPEC
kx_cpio "$QEMU_DIR/carry.cpio" <<SPEC
dir efitest 755
file efitest/mod.cpio 644 $QEMU_DIR/mod.cpio
SPEC

qemu_start "$bz" "$QEMU_DIR/carry.cpio" "console=ttyS0 panic=-1 kexboot.timeout=-1" \
	-bios "$ovmf" -drive file=build/demo.img,if=virtio,format=raw,snapshot=on
qemu_expect "efi: EFI v[0-9.]+ by EDK II" 180
qemu_expect "Press any key|boot menu" 240
qemu_send c
qemu_expect "kexboot# " 60
# Answer words are split ("") so the serial echo of a command never matches.
qemu_send 'test -d /sys/firmware/efi/runtime-map/0 && test -f /efitest/mod.cpio && echo payload-""efi-ok\n'
qemu_expect "^payload-efi-ok" 30
qemu_send 'mkdir -p /mnt/esp && mount -o ro -t vfat /dev/vda1 /mnt/esp && kexboot kexec -c -l --debug --initrd /mnt/esp/debian/base.cpio --initrd /efitest/mod.cpio --command-line "console=ttyS0 panic=-1 target.shell" /mnt/esp/debian/6.1/vmlinuz && echo loaded-""ok\n'
qemu_expect "^loaded-ok" 90
# The plan (--debug) names the EFI state it hands over.
qemu_expect '"efi": \{"systab": "0x[0-9a-f]+", "runtime_map_entries": [1-9]' 5
qemu_send 'umount /mnt/esp; kexboot kexec -e\n'
qemu_expect "TARGET: uname 6\.1\." 240
qemu_expect "TARGET: done" 60
# The target's own boot log, then its view of EFI, from its shell.
qemu_send 'dmesg | grep -E "efi: (EFI v|SMBIOS|ACPI)" | sed "s/^/TARGET-DMESG: /"\n'
qemu_expect "TARGET-DMESG: .*efi: EFI v[0-9.]+ by EDK II" 30
qemu_send 'test -d /sys/firmware/efi/runtime-map/0 && echo target-""runtime-map-ok\n'
qemu_expect "^target-runtime-map-ok" 30
# shellcheck disable=SC2016 # expanded by the target's shell
qemu_send 'insmod /lib/efivarfs.ko; mount -t efivarfs efivarfs /sys/firmware/efi/efivars && echo "target-""efivars $(ls /sys/firmware/efi/efivars | wc -l)"\n'
qemu_expect "^target-efivars [1-9][0-9]*" 30
tr -d '\r' <"$QEMU_LOG" | grep -E "^target-efivars|^TARGET-DMESG" | sed 's/^/  | /'
qemu_send 'poweroff -f\n'
qemu_wait_exit 60
echo "  ok: the target of kexboot's kexec_load is an EFI boot with working runtime services"
