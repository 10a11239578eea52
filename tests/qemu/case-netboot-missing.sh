#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: payload
# Netboot (b): kexboot.url names a config the server does not have (404),
# with the demo disk attached. The disks' entries are in the menu at once;
# the network's failure joins it as one broken entry "Network: URL" whose
# reason (End highlights it) is the server's answer; a local entry still
# boots.
set -eu
. tests/qemu/lib.sh
. tests/qemu/netboot-lib.sh
bz=build/payload/bzImage
url=http://10.0.2.100/none/pxelinux.cfg/default
for f in "$bz" build/demo.img build/target/expected.sha256; do
	[ -f "$f" ] || { echo "  $f missing: run 'make payload demo'" >&2; exit 1; }
done
echo "payload with kexboot.url=$url (missing) and the demo disk"
netboot_serve
qemu_start "$bz" "" "console=ttyS0 panic=-1 kexboot.timeout=-1 kexboot.url=$url" \
	-drive file=build/demo.img,if=virtio,format=raw,snapshot=on \
	-netdev "$NB_NETDEV" -device virtio-net-pci,netdev=n0
netboot_trap
qemu_expect "kexboot [0-9.]+ - boot menu" 120
qemu_expect "Network: $url \(broken\)" 120
# The menu lists entries as they arrive: the network's failure may come
# before the disks' entries or after them. Highlight it (Home or End) and
# pick the disk's BLS 6.1 by its number (tests/qemu/menu-lib.sh: third
# of the disk's entries).
if tr -d '\r' <"$QEMU_LOG" | grep -Eq '\|  1 ! Network: '; then
	qemu_send '\033[H'
	pick=4
else
	qemu_send '\033[F'
	pick=3
fi
qemu_expect "Broken: $url: 404 Not Found" 30
qemu_send "$pick"
qemu_send '\r'
qemu_expect "kexboot: booting 'Debian GNU/Linux \(Linux 6.1\)'" 60
qemu_expect "kexboot: network: took back [1-9][0-9]* change\(s\)$" 60
qemu_expect_target "console=ttyS0 panic=-1 entry=bls-6.1"
grep -q '"GET /none/pxelinux.cfg/default HTTP/1.[01]" 404 ' "$NB_DIR/access.log" ||
	{ echo "  nginx saw no request for the missing config" >&2; exit 1; }
echo "  ok: the 404 was shown as the network entry's reason and a disk entry booted"
