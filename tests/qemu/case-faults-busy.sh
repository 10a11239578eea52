#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# Fault: kexec_load answered EBUSY by the kernel itself (no kexboot.fault
# hook). A second loader in the same guest, started from the rescue shell
# (tests/qemu/tools/kexec-hold.c, in an archive beside kexboot's), holds
# the kernel's kexec lock without a gap until it is told to stop: its own
# kexec_load takes the lock (6.1 kernel/kexec.c: kexec_trylock(), an atomic
# cmpxchg; EBUSY for anyone else while it is taken) and then waits inside
# the kernel, the lock still taken, for its segment's first page, which
# lies in userfaultfd memory and is given only when /run/kexec-hold.stop
# exists. The loader's "holding the kexec lock" line (its fault message:
# the kernel is past kexec_trylock) comes before kexboot's attempt, and its
# "released" line only after the stop file: kexboot's load falls inside the
# hold by construction, not by timing. The demo disk's default entry is
# chosen: the kernel's EBUSY is shown in plain words and the menu comes
# back, nothing loaded by kexboot. The loader is then stopped from the
# shell (its load ends, it unloads it) and the same entry boots to the
# target's markers. The disk is attached writable and is byte for byte the
# same afterwards.
#   tests/qemu/case-faults-busy.sh SERIES
# KEXEC_HOLD=off starts no second loader: the case must then fail (the
# entry boots at the first try).
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
	shell "setsid /kexec-hold 1 /run/kexec-hold.stop </dev/null >/dev/null 2>&1 &" \
		"while ! dmesg | grep -q -e 'kexec-hold: holding' -e 'kexec-hold: not holding'; do sleep 1; done; echo hold-\$((6*7))"
	qemu_expect "kexec-hold: holding the kexec lock: kexec_load waits in the kernel for its segment's first page" 5
	# Where it waits, from its kernel stack: inside do_kexec_load's copy of the segment, past kexec_trylock().
	qemu_expect "kexec-hold: the waiting load's kernel stack: .*_copy_from_user < kimage_load_segment < do_kexec_load" 5
fi
qemu_expect "hold-42" 5
# The menu again: its default (the loader.conf entry) is chosen with Enter.
menu 2
qemu_send '\r'
qemu_expect "kexboot: booting '$entry'" 60
qemu_expect "kexboot: could not boot '$entry': kexec_load: the kernel is busy with another kexec load or unload; try again" 120
# The kernel said it, not a test hook: none was asked for, and the other loader held the lock
# from before kexboot's attempt (its "holding" line) to after it (no "released" line yet).
log() { tr -d '\r' <"$QEMU_LOG"; }
if log | grep -aq "kexboot.fault"; then
	echo "  a kexboot.fault hook is in play" >&2
	exit 1
fi
if log | grep -a "kexec-hold: " | grep -av "dmesg" | grep -aq "kexec-hold: released\|kexec-hold: not holding\|kexec-hold: the load ended"; then
	echo "  the other loader was not holding the lock through kexboot's load" >&2
	exit 1
fi
held=$(log | grep -an "kexec-hold: holding the kexec lock" | grep -av dmesg | head -n 1 | cut -d: -f1)
tried=$(log | grep -anE "kexboot: booting '$entry'" | head -n 1 | cut -d: -f1)
[ -n "$held" ] && [ "$held" -lt "$tried" ] || {
	echo "  no hold began before kexboot's load (log lines ${held:-none} and $tried)" >&2
	exit 1
}
echo "  the kernel's EBUSY, inside the other loader's hold (log lines $held .. now)"
sleep 2
# Stop the other loader from the shell: its load gets its page and ends; it unloads it.
shell "touch /run/kexec-hold.stop" \
	"while ! dmesg | grep -q 'kexec-hold: stopped'; do sleep 1; done; echo hold-\$((6*7+1))"
qemu_expect "hold-43" 5
qemu_expect "kexec-hold: released the kexec lock after [0-9]+ ms: the load went on and ended: ok" 5
qemu_expect "kexec-hold: stopped; unloaded: ok" 5
# The hold window and kexboot's attempt, in the order the console got them.
log | grep -aE "kexec-hold: |^kexboot: (booting|could not boot)" | grep -av "dmesg" | sed 's/^/  | /'
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
