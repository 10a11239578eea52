#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the demo disk that `make run` and the QEMU boot cases use: a GPT
# disk with
#   p1 ESP (vfat, "ESP"):  Boot Loader Spec entries for 6.1 and 6.12, a
#                          loader.conf choosing 6.1, one entry whose kernel
#                          is missing, one whose kernel is not a kernel, and
#                          a UKI made with systemd-stub
#   p2 / (ext4, "root"):   grub-mkconfig's /boot/grub/grub.cfg for Debian's 5.10
#                          (a normal entry, and a submenu with recovery)
# Every entry boots a Debian test kernel with the target initrds (they
# print TARGET: marker lines and power off), and says which entry it was
# through an "entry=" word on its command line.
#
# usage: scripts/demo-disk.sh OUT.img TARGET_DIR KERNELS_TXT
set -eu
out=$1 target=$2 kernels=$3
kdir() { awk -v s="$1" '$1 == s {print $3}' "$kernels"; }
kver() { awk -v s="$1" '$1 == s {print $2}' "$kernels"; }
stage=$(mktemp -d /tmp/kexboot-demo.XXXXXX)
trap 'rm -rf "$stage"' EXIT
esp=$stage/esp
mkdir -p "$esp/loader/entries" "$esp/debian" "$esp/EFI/Linux"
initrds="base.cpio payload1.cpio payload2.cpio.gz"
for f in $initrds; do
	cp "$target/$f" "$esp/debian/$f"
done
common="console=ttyS0 panic=-1"

for s in 6.1 6.12; do
	mkdir -p "$esp/debian/$s"
	cp "$(kdir "$s")/vmlinuz" "$esp/debian/$s/vmlinuz"
	{
		echo "title      Debian GNU/Linux (Linux $s)"
		echo "version    $(kver "$s")"
		echo "machine-id 4b6578626f6f7444656d6f4469736b31"
		echo "sort-key   debian"
		echo "linux      /debian/$s/vmlinuz"
		for f in $initrds; do echo "initrd     /debian/$f"; done
		echo "options    $common entry=bls-$s"
	} >"$esp/loader/entries/debian-$s.conf"
done
cat >"$esp/loader/entries/zz-broken.conf" <<CONF
title   Broken entry (kernel missing)
linux   /debian/missing/vmlinuz
options $common entry=broken
CONF
# ... and one whose "kernel" is not a kernel: it fails at load time, not at discovery.
printf 'this is not a kernel image\n' >"$esp/debian/not-a-kernel"
cat >"$esp/loader/entries/zzz-bad-image.conf" <<CONF
title   Bad image (not a kernel)
linux   /debian/not-a-kernel
options $common entry=bad-image
CONF
printf 'default debian-6.1.conf\ntimeout 5\n' >"$esp/loader/loader.conf"

# A unified kernel image the way systemd documents it for systems without ukify.
stub=/usr/lib/systemd/boot/efi/linuxx64.efi.stub
if [ -f "$stub" ]; then
	cat "$target/base.cpio" "$target/payload1.cpio" >"$stage/uki-initrd"
	printf 'PRETTY_NAME="Debian GNU/Linux 12 (UKI)"\nVERSION_ID="12"\nID=debian\n' >"$stage/osrel"
	printf '%s entry=uki' "$common" >"$stage/cmdline"
	kver "6.1" | tr -d '\n' >"$stage/uname"
	align=$(objdump -p "$stub" | awk '/SectionAlignment/ {print strtonum("0x" $2)}')
	end=$(objdump -h -w "$stub" | awk 'NR > 5 && NF >= 6 {e = strtonum("0x" $4) + strtonum("0x" $3); if (e > m) m = e} END {print m}')
	off=$(( (end + align - 1) / align * align ))
	args=""
	for sec in osrel cmdline uname linux initrd; do
		case $sec in
		osrel | cmdline | uname) f=$stage/$sec ;;
		linux) f=$(kdir 6.1)/vmlinuz ;;
		initrd) f=$stage/uki-initrd ;;
		esac
		args="$args --add-section .$sec=$f --change-section-vma .$sec=$(printf 0x%x "$off")"
		size=$(stat -c %s "$f")
		off=$(( (off + size + align - 1) / align * align ))
	done
	# shellcheck disable=SC2086
	objcopy $args "$stub" "$esp/EFI/Linux/debian-uki.efi"
fi

# /boot as Debian's grub-mkconfig writes it (scripts/fixtures/grub-debian.sh
# runs the real /etc/grub.d scripts in a private mount namespace), for the
# 5.10 kernel with the target initrds joined into its initrd.img.
mkdir -p "$stage/bootsrc"
cp "$(kdir 5.10)/vmlinuz" "$stage/bootsrc/vmlinuz-$(kver 5.10)"
# Debian installs the kernel's config beside it; kexboot reads it to say what the target inherits.
cp "$(kdir 5.10)/config" "$stage/bootsrc/config-$(kver 5.10)"
cat "$target/base.cpio" "$target/payload1.cpio" "$target/payload2.cpio.gz" \
	>"$stage/bootsrc/initrd.img-$(kver 5.10)"
GRUB_FIXTURE_BOOT=$stage/bootsrc GRUB_FIXTURE_UUID=0d1c0000-0000-4000-8000-000000000002 \
	GRUB_FIXTURE_CMDLINE="$common entry=grub-5.10" \
	sh scripts/fixtures/grub-debian.sh "$stage/grubout" >/dev/null
boot=$stage/grubout

scripts/disk-image.sh "$out" "esp:$esp:ESP" "ext4:$boot:root"
