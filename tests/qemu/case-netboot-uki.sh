#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: payload
# Netboot (d): HTTP boot of a UKI. QEMU's DHCP (restrict=on) hands out a
# boot file that is a full URL, http://10.0.2.100/boot/uki.efi, served by
# nginx on 127.0.0.1 (tests/qemu/netboot-lib.sh). No kexboot.url: kexboot
# takes option 67 as the config's URL, finds by its content that it is a
# UKI (MZ + PE with .linux), and makes one entry that boots its .linux with
# its .initrd and .cmdline. The UKI is made here the way scripts/demo-disk.sh
# makes one (systemd-stub + objcopy).
set -eu
. tests/qemu/lib.sh
. tests/qemu/netboot-lib.sh
bz=build/payload/bzImage
stub=/usr/lib/systemd/boot/efi/linuxx64.efi.stub
for f in "$bz" "$stub" build/kernels.txt build/target/base.cpio build/target/payload1.cpio build/target/expected.sha256; do
	[ -f "$f" ] || { echo "  $f missing (make payload target; systemd-boot-efi for the stub)" >&2; exit 1; }
done
k=$(awk '$1 == "6.1" {print $3}' build/kernels.txt)
st=$QEMU_DIR/uki
mkdir -p "$st"
cat build/target/base.cpio build/target/payload1.cpio >"$st/initrd"
printf 'PRETTY_NAME="Debian GNU/Linux 12 (HTTP UKI)"\nID=debian\n' >"$st/osrel"
printf 'console=ttyS0 panic=-1 entry=uki-http' >"$st/cmdline"
align=$(objdump -p "$stub" | awk '/SectionAlignment/ {print strtonum("0x" $2)}')
end=$(objdump -h -w "$stub" | awk 'NR > 5 && NF >= 6 {e = strtonum("0x" $4) + strtonum("0x" $3); if (e > m) m = e} END {print m}')
off=$(((end + align - 1) / align * align))
args=""
for sec in osrel cmdline linux initrd; do
	case $sec in
	linux) f=$k/vmlinuz ;;
	*) f=$st/$sec ;;
	esac
	args="$args --add-section .$sec=$f --change-section-vma .$sec=$(printf 0x%x "$off")"
	off=$(((off + $(stat -c %s "$f") + align - 1) / align * align))
done
# shellcheck disable=SC2086
objcopy $args "$stub" "$st/uki.efi"
echo "payload HTTP-boots a UKI named by DHCP option 67 (no kexboot.url)"
netboot_serve
cp "$st/uki.efi" "$NB_DIR/www/boot/uki.efi"
chmod a+r "$NB_DIR/www/boot/uki.efi"
netdev=$(echo "$NB_NETDEV" | sed 's|restrict=on,|restrict=on,bootfile=http://10.0.2.100/boot/uki.efi,|')
qemu_start "$bz" "" "console=ttyS0 panic=-1 kexboot.timeout=3" -netdev "$netdev" -device virtio-net-pci,netdev=n0
netboot_trap
qemu_expect "kexboot: network: asking DHCP where the boot config is \(1 wired link\(s\)\)" 120
qemu_expect "Network: uki\.efi \(UKI\)" 180
qemu_expect "kexboot: booting 'Network: uki\.efi \(UKI\)'" 60
qemu_expect "kexboot: loading http://10\.0\.2\.100/boot/uki\.efi\.linux with 1 initrd\(s\)" 180
qemu_expect "TARGET: uname 6\.1\." 180
qemu_expect "TARGET: cmdline console=ttyS0 panic=-1 entry=uki-http$"
qemu_expect "TARGET: sha256 $(sed -n 's|  /payload/one.bin$||p' build/target/expected.sha256)  /payload/one.bin"
qemu_expect "TARGET: done"
qemu_wait_exit 60
netboot_fetched /boot/uki.efi || { echo "  nginx did not serve /boot/uki.efi" >&2; exit 1; }
echo "  ok: option 67's URL held a UKI; it booted as one entry with its own initrd and command line"
