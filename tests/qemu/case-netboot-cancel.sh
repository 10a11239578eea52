#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: payload
# Netboot (failure): the operator cancels a download with a key. QEMU's
# user network (restrict=on) answers DHCP with boot file pxelinux.0 and
# serves a TFTP tree whose pxelinux.cfg/default boots the Debian 6.1 kernel
# with a 128 MiB initrd (about 10 MiB/s over QEMU's TFTP under TCG); the
# demo disk is attached too. The network entry is chosen by its number; once
# the progress line shows the big initrd arriving (and says which keys
# cancel), an arrow key is typed (nothing happens: the transfer goes on),
# then Esc on the serial console: the download stops at once, the menu comes
# back with "download of URL cancelled by a key", nothing was loaded, and the
# disk's Debian 6.1 entry, chosen next, boots with every initrd's digest
# checked.
set -eu
. tests/qemu/lib.sh
. tests/qemu/menu-lib.sh
bz=build/payload/bzImage
for f in "$bz" build/kernels.txt build/target/base.cpio build/demo.img build/target/expected.sha256; do
	[ -f "$f" ] || { echo "  $f missing: run 'make payload target demo build/kernels.txt'" >&2; exit 1; }
done
k=$(awk '$1 == "6.1" {print $3}' build/kernels.txt)
tftp=$QEMU_DIR/tftp
sh tests/qemu/tools/tftp-big-tree.sh "$k" "$tftp" 128 15
big="TFTP Debian 6\.1 with a big initrd"
disk="Debian GNU/Linux \(Linux 6\.1\)"
echo "payload with the demo disk and QEMU's DHCP + TFTP; a 128 MiB initrd cancelled by Esc"
qemu_start "$bz" "" "console=ttyS0 panic=-1 kexboot.timeout=-1" \
	-drive file=build/demo.img,if=virtio,format=raw,snapshot=on \
	-netdev "user,id=n0,restrict=on,tftp=$tftp,bootfile=pxelinux.0" \
	-device virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56
qemu_expect "$big" 180
sleep 2
# The menu numbers its rows ("  9   title"): each entry is chosen by its number.
n_big=$(menu_row "$big")
n_disk=$(menu_row "$disk")
echo "  rows: '$n_big' is the network entry, '$n_disk' the disk's Debian 6.1"
menu_pick "$n_big" "$big"
progress="kexboot: tftp://10\.0\.2\.2/deb/big\.cpio: [0-9.]+ (KiB|MiB) of 128\.0 MiB \([0-9]+%\).* \(Esc or Ctrl-C cancels\)$"
qemu_expect "$progress" 240
# An arrow key is no cancel: the transfer goes on (more progress lines, no reason).
qemu_send '\033[B'
before=$(qemu_count "$progress")
qemu_expect_more "$progress" "$before" 60
if tr -d '\r' <"$QEMU_LOG" | grep -aq "^kexboot: could not boot"; then
	echo "  an arrow key stopped the download" >&2
	exit 1
fi
tr -d '\r' <"$QEMU_LOG" | grep -a "kexboot: tftp://10\.0\.2\.2/deb/big\.cpio: " | tail -n 1 | sed 's/^/  when Esc was typed: /'
key_at=$(date +%s)
qemu_send '\033'
qemu_expect "kexboot: could not boot '$big': download of tftp://10\.0\.2\.2/deb/big\.cpio cancelled by a key \(stopped after [0-9]+ bytes\)$" 60
echo "  the reason came $(($(date +%s) - key_at)) s after Esc was typed"
tr -d '\r' <"$QEMU_LOG" | grep -a "^kexboot: could not boot" | sed 's/^/  | /'
if tr -d '\r' <"$QEMU_LOG" | grep -Eaq "kexboot: loading |big\.cpio: 128\.0 MiB in"; then
	echo "  kexboot went on to load after the download was cancelled" >&2
	exit 1
fi
# The menu is back with the reason on its status line (a second occurrence: the console line was the first).
qemu_expect_more "could not boot '$big'" 1 60
sleep 2
menu_pick "$n_disk" "$disk"
qemu_expect "kexboot: network: took back [1-9][0-9]* change\(s\)$" 60
qemu_expect_target "console=ttyS0 panic=-1 entry=bls-6.1"
echo "  ok: Esc cancelled the 128 MiB download mid-transfer (an arrow key did not), the menu came back with"
echo "  the reason, and the disk's entry booted after it"
