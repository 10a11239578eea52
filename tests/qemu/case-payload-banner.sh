#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: none
# The flashable payload boots alone (-kernel, no -initrd): our kernel, the
# built-in command line in front of the firmware's, kexboot as PID 1, and a
# rescue shell (the payload's BusyBox) that sees the built-in drivers and
# file systems with no module support at all: an ext4 disk on virtio-blk, a
# vfat disk on NVMe, a SATA disk on AHCI, an e1000e and a virtio-net NIC, and
# a USB keyboard on xHCI.
#   tests/qemu/case-payload-banner.sh
set -eu
. tests/qemu/lib.sh
ver=$(cat VERSION)
bz=build/payload/bzImage
[ -f "$bz" ] || { echo "  $bz missing: run 'make payload'" >&2; exit 1; }

# Commands typed below split their answer words ("") so the serial echo
# of the command line never matches what we wait for.
# Small disks made here, each with a marker file to read back in the guest.
mkdir -p "$QEMU_DIR/m"
echo payload-ext4-marker >"$QEMU_DIR/m/marker"
truncate -s 16M "$QEMU_DIR/ext4.img"
mkfs.ext4 -q -F -d "$QEMU_DIR/m" "$QEMU_DIR/ext4.img"
truncate -s 16M "$QEMU_DIR/vfat.img"
mkfs.vfat "$QEMU_DIR/vfat.img" >/dev/null
echo payload-vfat-marker >"$QEMU_DIR/m/marker"
mcopy -i "$QEMU_DIR/vfat.img" "$QEMU_DIR/m/marker" ::MARKER.TXT
truncate -s 8M "$QEMU_DIR/sata.img"

qemu_start "$bz" "" "console=ttyS0 panic=-1" \
	-drive "file=$QEMU_DIR/ext4.img,format=raw,if=virtio" \
	-drive "file=$QEMU_DIR/vfat.img,format=raw,if=none,id=nv" -device nvme,drive=nv,serial=kb1 \
	-drive "file=$QEMU_DIR/sata.img,format=raw,if=none,id=sa" -device ide-hd,drive=sa,bus=ide.0 \
	-netdev user,id=n1 -device e1000e,netdev=n1 \
	-netdev user,id=n2 -device virtio-net-pci,netdev=n2 \
	-device qemu-xhci -device usb-kbd

qemu_expect "Linux version 6\.1\.[0-9]+-kexboot " 120
# CONFIG_CMDLINE comes first, the firmware's (QEMU's -append) after it.
qemu_expect "Kernel command line: console=ttyS0,115200 console=tty0 console=ttyS0 panic=-1"
qemu_expect "kexboot $ver \(PID 1\)" 120
qemu_expect "choose: \[r\] retry" 120
qemu_send s
qemu_expect "kexboot# "
qemu_send 'test -e /proc/modules || echo no-module-""support; ls /lib/modules | wc -l | sed "s/^/module-dirs-/"\n'
qemu_expect "no-module-support"
qemu_expect "module-dirs-0"
qemu_send 'for f in ext2 ext3 ext4 vfat xfs btrfs iso9660 devtmpfs tmpfs securityfs; do grep -qw $f /proc/filesystems || echo fs-miss""ing-$f; done; echo fs-""checked\n'
qemu_expect "fs-checked"
qemu_send 'for d in virtio-pci virtio_blk virtio_scsi nvme ahci e1000 e1000e igb ixgbe virtio_net xhci_hcd ehci-pci usb-storage usbhid tpm_tis tpm_crb; do ls -d /sys/bus/*/drivers/$d >/dev/null 2>&1 || echo drv-miss""ing-$d; done; echo drv-""checked\n'
qemu_expect "drv-checked"
# What kexboot's loader reads: the firmware memory map and the boot_params.
qemu_send 'test -d /sys/firmware/memmap/0 && test -s /sys/kernel/boot_params/data && echo kexec-""inputs-ok\n'
qemu_expect "kexec-inputs-ok"
qemu_send 'mkdir -p /tmp/a /tmp/b && mount -o ro /dev/vda /tmp/a && mount -o ro /dev/nvme0n1 /tmp/b && cat /tmp/a/marker /tmp/b/MARKER.TXT\n'
qemu_expect "payload-ext4-marker"
qemu_expect "payload-vfat-marker"
qemu_send 'cat /sys/block/sda/size /sys/class/net/eth*/address | wc -l | sed "s/^/sata-nic-lines-/"; grep -l "QEMU USB Keyboard" /sys/bus/usb/devices/*/product >/dev/null && echo usb-kbd-""seen\n'
qemu_expect "sata-nic-lines-3"
qemu_expect "usb-kbd-seen"
qemu_send 'umount /tmp/a /tmp/b; exit\n'
qemu_expect "kexboot: rescue shell ended"
qemu_send p
qemu_expect "kexboot: powering off"
qemu_wait_exit 60
if tr -d '\r' <"$QEMU_LOG" | grep -E "fs-missing-|drv-missing-"; then
	echo "  FAIL: payload kernel lacks a built-in file system or driver" >&2
	exit 1
fi
echo "  ok: payload boots alone with its drivers and file systems built in"
