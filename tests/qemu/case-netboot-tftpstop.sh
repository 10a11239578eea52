#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: payload
# Netboot (TFTP, fault): the server stops answering in the middle of a
# transfer. QEMU's user network (restrict=on) answers DHCP with boot file
# pxelinux.0 and serves a TFTP tree whose pxelinux.cfg/default boots the
# Debian 6.1 kernel with a 64 MiB initrd. Once kexboot's progress line shows
# the initrd arriving, the guest's link is cut through QMP set_link (QEMU's
# own TFTP server cannot be stopped apart from the network: from the guest
# nothing answers any more). kexboot retries a bounded number of times,
# shows the reason (no answer in N s) and the menu comes back; with the link
# back, Enter starts the entry again. No disk is attached.
set -eu
. tests/qemu/lib.sh
bz=build/payload/bzImage
for f in "$bz" build/kernels.txt build/target/base.cpio; do
	[ -f "$f" ] || { echo "  $f missing: run 'make payload target build/kernels.txt'" >&2; exit 1; }
done
k=$(awk '$1 == "6.1" {print $3}' build/kernels.txt)
tftp=$QEMU_DIR/tftp
sh tests/qemu/tools/tftp-big-tree.sh "$k" "$tftp" 64 14
qemu_start "$bz" "" "console=ttyS0 panic=-1 kexboot.timeout=-1" \
	-netdev "user,id=n0,restrict=on,tftp=$tftp,bootfile=pxelinux.0" \
	-device virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56
qemu_expect "TFTP Debian 6\.1 with a big initrd" 180
sleep 2
qemu_send '\r'
qemu_expect "kexboot: booting 'TFTP Debian 6\.1 with a big initrd'" 60
qemu_expect "kexboot: tftp://10\.0\.2\.2/deb/big\.cpio: [0-9.]+ (KiB|MiB) of 64\.0 MiB \([0-9]+%\)" 240
echo "  set_link off: $(qemu_qmp '{"execute": "set_link", "arguments": {"name": "n0", "up": false}}')"
tr -d '\r' <"$QEMU_LOG" | grep -a "kexboot: tftp://10\.0\.2\.2/deb/big\.cpio: " | tail -n 1 | sed 's/^/  when cut: /'

cut_at=$(date +%s)
qemu_expect "kexboot: could not boot 'TFTP Debian 6\.1 with a big initrd': tftp://10\.0\.2\.2/deb/big\.cpio: no answer in [0-9.]+ s" 120
echo "  the reason came $(($(date +%s) - cut_at)) s after the link was cut"
tr -d '\r' <"$QEMU_LOG" | grep -a "^kexboot: could not boot" | sed 's/^/  | /'
if tr -d '\r' <"$QEMU_LOG" | grep -Eq "kexboot: loading |big\.cpio: 64\.0 MiB in"; then
	echo "  kexboot went on to load after the transfer stopped" >&2
	exit 1
fi
echo "  set_link on: $(qemu_qmp '{"execute": "set_link", "arguments": {"name": "n0", "up": true}}')"
# The menu answers: Enter starts the entry again.
qemu_send '\r'
qemu_expect_count "kexboot: booting 'TFTP Debian 6\.1 with a big initrd'" 2 60
qemu_stop
echo "  ok: the transfer stopped halfway gave a bounded timeout, its reason, and the menu back"
