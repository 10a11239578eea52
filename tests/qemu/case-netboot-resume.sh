#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: payload
# Netboot resume: as case-netboot.sh, but the guest reaches nginx through
# tests/cutproxy.py (127.0.0.1 only), which drops the connection of the
# first answer that passes 2 MiB (the kernel). kexboot says where it
# resumes, asks for the rest with Range (nginx answers 206), and the target
# checks every byte it got.
set -eu
. tests/qemu/lib.sh
. tests/qemu/netboot-lib.sh
netboot_need
cut=2097152
netboot_serve
python3 tests/cutproxy.py "$NB_PORT" drop "$cut" 1 >"$QEMU_DIR/cutproxy.port" 2>"$QEMU_DIR/cutproxy.log" &
proxy=$!
i=0
until [ -s "$QEMU_DIR/cutproxy.port" ]; do
	i=$((i + 1))
	[ "$i" -lt 50 ] || { echo "  the proxy did not start" >&2; kill "$proxy"; exit 1; }
	sleep 0.1
done
pport=$(head -n 1 "$QEMU_DIR/cutproxy.port")
echo "  cutproxy on 127.0.0.1:$pport drops the first answer past $cut bytes"
netdev="user,id=n0,restrict=on,guestfwd=tcp:10.0.2.100:80-cmd:busybox nc 127.0.0.1 $pport"
qemu_start "$bz" "" "console=ttyS0 panic=-1 kexboot.timeout=3 kexboot.url=http://10.0.2.100/boot/pxelinux.cfg/default" \
	-netdev "$netdev" -device virtio-net-pci,netdev=n0
trap 'qemu_stop; kill "$proxy" 2>/dev/null || true; wait "$proxy" 2>/dev/null || true; netboot_stop' EXIT
qemu_expect "kexboot: booting 'Network Debian 6\.1'" 180
# what broke depends on QEMU's user network: a close reaches the guest as a
# close, or not at all (then kexboot's stall timeout notices)
qemu_expect "kexboot: http://10\.0\.2\.100/boot/vmlinuz: (connection closed|connection cut|transfer stalled: no data within 10 s) after [1-9][0-9]* bytes; resuming at byte [1-9][0-9]*$" 300
qemu_expect "kexboot: loading .*vmlinuz with 3 initrd\(s\)" 300
qemu_expect "TARGET: uname 6\.1\." 180
qemu_expect "TARGET: cmdline console=ttyS0 panic=-1 entry=net-6\.1$"
while read -r sum path; do
	qemu_expect "TARGET: sha256 $sum  $path"
done <build/target/expected.sha256
qemu_expect "TARGET: done"
qemu_wait_exit 60
sed 's/^/  proxy: /' "$QEMU_DIR/cutproxy.log"
grep -q "drop after $cut bytes" "$QEMU_DIR/cutproxy.log" || { echo "  the proxy cut nothing" >&2; exit 1; }
grep -Eq '"GET /boot/vmlinuz HTTP/1\.[01]" 206 ' "$NB_DIR/access.log" ||
	{ echo "  nginx answered no Range request for the kernel:" >&2; cat "$NB_DIR/access.log" >&2; exit 1; }
echo "  ok: the kernel's transfer was cut at $cut bytes, resumed with Range, and every byte checked"
