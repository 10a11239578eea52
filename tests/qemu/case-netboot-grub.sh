#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: payload
# Netboot of a GRUB config: the real grub-mkconfig's grub.cfg
# (scripts/fixtures/grub-debian.sh runs Debian's /etc/grub.d scripts) for
# the Debian 6.1 kernel with the target's initrds joined into its
# initrd.img, served by nginx under /boot/ (tests/qemu/netboot-lib.sh:
# 127.0.0.1 only, reached through guestfwd with restrict=on). kexboot.url
# names the grub.cfg; kexboot runs it through its GRUB parser with the
# config's server as GRUB's (http,10.0.2.100) device (the config's own
# `set root='hd0,gpt2'` and `search --fs-uuid` find no disk and leave it
# there), shows its entries and boots the first when the countdown ends;
# the target checks every byte it received.
set -eu
. tests/qemu/lib.sh
. tests/qemu/netboot-lib.sh
netboot_need
command -v grub-mkconfig >/dev/null || { echo "  grub-mkconfig is missing: install grub2-common" >&2; exit 1; }
kv=6.1.0-netgrub
netboot_serve
src=$NB_DIR/grubsrc
mkdir -p "$src"
cp "$(kernel_dir 6.1)/vmlinuz" "$src/vmlinuz-$kv"
cat build/target/base.cpio build/target/payload1.cpio build/target/payload2.cpio.gz >"$src/initrd.img-$kv"
GRUB_FIXTURE_BOOT=$src GRUB_FIXTURE_CMDLINE="console=ttyS0 panic=-1 entry=grub-net" \
	sh scripts/fixtures/grub-debian.sh "$NB_DIR/grubout" >/dev/null
cp -r "$NB_DIR/grubout/boot/." "$NB_DIR/www/boot/"
chmod -R a+rX "$NB_DIR/www"
grep -q "^menuentry 'Debian GNU/Linux'" "$NB_DIR/www/boot/grub/grub.cfg" ||
	{ echo "  grub-mkconfig wrote no menuentry:" >&2; cat "$NB_DIR/www/boot/grub/grub.cfg" >&2; exit 1; }
echo "payload netboots http://10.0.2.100/boot/grub/grub.cfg (grub-mkconfig's)"
qemu_start "$bz" "" "console=ttyS0 panic=-1 kexboot.timeout=3 kexboot.url=http://10.0.2.100/boot/grub/grub.cfg" \
	-netdev "$NB_NETDEV" -device virtio-net-pci,netdev=n0
netboot_trap
qemu_expect "kexboot $ver \(PID 1\)" 120
qemu_expect "kexboot: network: reading http://10.0.2.100/boot/grub/grub\.cfg" 120
qemu_expect "kexboot: booting 'Debian GNU/Linux'" 120
qemu_expect "kexboot: loading .*/boot/vmlinuz-$kv with 1 initrd\(s\)" 120
qemu_expect "TARGET: uname 6\.1\." 180
qemu_expect "TARGET: cmdline BOOT_IMAGE=/boot/vmlinuz-$kv root=[^ ]+ ro console=ttyS0 panic=-1 entry=grub-net quiet$"
while read -r sum path; do
	qemu_expect "TARGET: sha256 $sum  $path"
done <build/target/expected.sha256
qemu_expect "TARGET: done"
qemu_wait_exit 60
for p in /boot/grub/grub.cfg /boot/vmlinuz-$kv /boot/initrd.img-$kv; do
	netboot_fetched "$p" || { echo "  nginx did not serve $p:" >&2; cat "$NB_DIR/access.log" >&2; exit 1; }
	echo "  served: $p"
done
echo "  ok: netbooted grub-mkconfig's first menuentry over HTTP, every byte checked"
