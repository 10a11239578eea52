#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: payload
# A console that goes away: the payload (virtio console built in) runs the
# menu on two consoles, a virtio console (hvc0, its host side a file this
# case reads) and the serial line. Once the menu is drawn on both, the
# virtio console port is unplugged (QMP device_del); kexboot says so on the
# menu's status line and keeps going on the serial line: its keys move the
# selection and Enter boots the entry to the target's markers. The demo disk is attached read-only (snapshot).
set -eu
. tests/qemu/lib.sh
bz=build/payload/bzImage
for f in "$bz" build/demo.img build/target/expected.sha256; do
	[ -f "$f" ] || { echo "  $f missing: run 'make payload demo'" >&2; exit 1; }
done
hvclog=$QEMU_DIR/hvc.log
qemu_start "$bz" "" "console=hvc0 console=ttyS0 panic=-1 kexboot.timeout=-1" \
	-drive file=build/demo.img,if=virtio,format=raw,snapshot=on \
	-device virtio-serial-pci,id=vser \
	-chardev file,id=hc,path="$hvclog" \
	-device virtconsole,chardev=hc,id=hvcport
qemu_expect "kexboot: consoles: .*hvc0" 120
qemu_expect "kexboot [0-9.]+ - boot menu" 120
# The menu went out on hvc0 too.
i=0
until grep -aq "boot menu" "$hvclog" 2>/dev/null; do
	i=$((i + 1))
	[ "$i" -lt 60 ] || { echo "  the menu never reached hvc0" >&2; exit 1; }
	sleep 1
done
echo "  seen on hvc0: boot menu"
echo "  device_del: $(qemu_qmp '{"execute": "device_del", "arguments": {"id": "hvcport"}}')"
# Said on the serial line's status row (no countdown runs: kexboot.timeout=-1).
qemu_expect "console hvc0 went away; the menu goes on on the others" 30
# The serial line still drives the menu: down and up redraw the rows that changed
# (the default, entry 3, and the one below it); Enter boots the default.
n=$(qemu_count "Bad image \(not a kernel\)")
qemu_send '\033[B'
qemu_expect_more "Bad image \(not a kernel\)" "$n" 30
sleep 1
qemu_send '\033[A'
sleep 1
qemu_send '\r'
qemu_expect "kexboot: booting 'Debian GNU/Linux \(Linux 6\.1\)'" 60
qemu_expect "TARGET: up" 240
qemu_expect "TARGET: done" 120
qemu_wait_exit 60
# The port was really gone: what kexboot said after the unplug reached only the serial line.
if grep -aq "kexboot: booting" "$hvclog"; then
	echo "  hvc0 still received output after device_del" >&2
	exit 1
fi
echo "  hvc0 got nothing after the unplug ($(wc -c <"$hvclog") bytes before it)"
echo "  ok: hvc0 went away under the menu; the serial console kept it and booted the entry"
