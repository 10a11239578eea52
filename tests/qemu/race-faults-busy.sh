#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# Run by hand, not by tests/run.sh (the file name is not case-*): kexboot's load can fall
# in the gap between two of the other loader's loads (1 run in 4 so far), and then it boots.
# Fault: kexec_load answered EBUSY by the kernel itself (no kexboot.fault
# hook). A second loader in the same guest, started from the rescue shell
# (tests/qemu/tools/kexec-hold.c, in an archive beside kexboot's), loads a
# 192 MiB image again and again through the kernel's kexec_load, holding
# its kexec lock nearly all the time (6.1 kernel/kexec.c: kexec_trylock()
# or EBUSY). The demo disk's default entry is chosen: the kernel's EBUSY is
# shown in plain words and the menu comes back, nothing loaded by kexboot.
# The loader is then stopped from the shell (it unloads its image) and the
# same entry boots to the target's markers. The disk is attached writable
# and is byte for byte the same afterwards.
#   tests/qemu/race-faults-busy.sh SERIES
# KEXEC_HOLD=off starts no second loader: the case must then fail (the
# entry boots at the first try). Even 1 MiB loads keep the lock held almost
# all the time (thousands of 20 ms loads back to back), so the image's size
# only sets how long each hold lasts.
set -eu
. tests/qemu/lib.sh
kdir=$(kernel_dir "$1")
. tests/qemu/kexec-lib.sh
hold=build/tests/qemu-kexec-hold
for f in build/kexboot.cpio build/demo.img "$hold"; do
	[ -f "$f" ] || { echo "  $f missing: run 'make all unit build/demo.img'" >&2; exit 1; }
done
disk=$QEMU_DIR/demo.img
cp build/demo.img "$disk"
before=$(sha256sum <"$disk")
kx_cpio "$QEMU_DIR/hold.cpio" <<SPEC
file kexec-hold 755 $hold
SPEC
cat build/kexboot.cpio "$QEMU_DIR/hold.cpio" >"$QEMU_DIR/initrd.cpio"
entry="Debian GNU/Linux \(Linux 6\.1\)"
qemu_start "$kdir/vmlinuz" "$QEMU_DIR/initrd.cpio" "console=ttyS0 panic=-1 kexboot.timeout=-1" \
	-drive file="$disk",if=virtio,format=raw

# menu N: wait for the Nth discovery's menu. shell CMD...: from the menu, the
# rescue shell runs the commands and exits; the pipeline starts again.
menu() {
	qemu_expect_count "kexboot: found [0-9]+ boot entries" "$1" 180
	sleep 2
}
shell() {
	shells=$(qemu_count "kexboot: rescue shell ended")
	qemu_send c
	qemu_expect_count "kexboot: starting rescue shell" $((shells + 1)) 60
	sleep 2
	for cmd in "$@"; do
		qemu_send "$cmd\n"
	done
	qemu_send 'exit\n'
	qemu_expect_count "kexboot: rescue shell ended" $((shells + 1)) 120
}

menu 1
# The second loader runs on after the shell ends (its own session, no terminal).
if [ "${KEXEC_HOLD:-on}" = off ]; then
	shell "echo hold-\$((6*7))"
else
	shell "setsid /kexec-hold 192 /run/kexec-hold.stop </dev/null >/dev/null 2>&1 &" \
		"while ! dmesg | grep -q 'kexec-hold: first load done'; do sleep 1; done; echo hold-\$((6*7))"
fi
qemu_expect "hold-42" 5
# The menu again: its default (the loader.conf entry) is chosen with Enter.
menu 2
qemu_send '\r'
qemu_expect "kexboot: booting '$entry'" 60
qemu_expect "kexboot: could not boot '$entry': kexec_load: the kernel is busy with another kexec load or unload; try again" 120
# The kernel said it, not a test hook: none was asked for, and the other loader was still loading.
if tr -d '\r' <"$QEMU_LOG" | grep -aq "kexboot.fault"; then
	echo "  a kexboot.fault hook is in play" >&2
	exit 1
fi
if tr -d '\r' <"$QEMU_LOG" | grep -aq "kexec-hold: stopped"; then
	echo "  the other loader had stopped before kexboot's load" >&2
	exit 1
fi
echo "  the kernel's EBUSY, with the other loader holding its lock"
sleep 2
# Stop the other loader from the shell; it unloads its image.
shell "touch /run/kexec-hold.stop" \
	"while ! dmesg | grep -q 'kexec-hold: stopped'; do sleep 1; done; echo hold-\$((6*7+1))"
qemu_expect "hold-43" 5
qemu_expect "kexec-hold: stopped after [1-9][0-9]* load\(s\) \(0 failed, the longest [0-9]+ ms\); unloaded: ok" 5
tr -d '\r' <"$QEMU_LOG" | grep -a "kexec-hold: " | grep -v "dmesg" | sed 's/^/  | /'
menu 3
qemu_send '\r'
qemu_expect_count "kexboot: booting '$entry'" 2 60
qemu_expect "kexboot: loaded through kexec_load" 240
qemu_expect "TARGET: uname 6\.1\." 240
qemu_expect "TARGET: cmdline console=ttyS0 panic=-1 entry=bls-6\.1$" 60
qemu_expect "TARGET: done" 120
qemu_wait_exit 60
after=$(sha256sum <"$disk")
[ "$before" = "$after" ] || { echo "  the disk changed" >&2; exit 1; }
echo "  disk unchanged"
echo "  ok: the kernel's own EBUSY was shown and the menu came back; with the other loader stopped the entry booted"
