#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# PID 1 never waits forever. Discovery hangs on purpose once the demo disk's
# two filesystems are mounted (kexboot.fault=hang-discovery) with a 5 s
# bound: PID 1 kills the pipeline child, says why, unmounts what the child
# left mounted and shows the rescue prompt; with no key typed the prompt
# looks again after kexboot.retry=4 s, the retry hangs and is killed too;
# then a key cancels the automatic retry, and PID 1 still answers (rescue
# shell, power off).
#   tests/qemu/case-watchdog.sh SERIES
set -eu
. tests/qemu/lib.sh
kdir=$(kernel_dir "$1")
qemu_start "$kdir/vmlinuz" build/kexboot.cpio \
	"console=ttyS0 panic=-1 kexboot.fault=hang-discovery kexboot.discovery_limit=5 kexboot.retry=4" \
	-drive file=build/demo.img,if=virtio,format=raw,snapshot=on
qemu_expect "kexboot.fault=hang-discovery: discovery stops here on purpose" 120
qemu_expect "kexboot: discovery did not finish in 5 s; killed$" 60
qemu_expect "kexboot: the killed pipeline left 2 filesystem\(s\) mounted; unmounted them" 30
qemu_expect "choose: \[r\] retry" 30
qemu_expect "kexboot: looking again in 4 s unless a key is pressed" 30
# No key: the prompt looks again by itself, and the watchdog catches the second hang.
qemu_expect "kexboot: looking for boot entries again \(no key in 4 s\)" 60
qemu_expect_count "discovery stops here on purpose" 2 60
qemu_expect_count "kexboot: discovery did not finish in 5 s; killed$" 2 60
qemu_expect_count "kexboot: the killed pipeline left 2 filesystem\(s\) mounted; unmounted them" 2 30
qemu_expect_count "kexboot: looking again in 4 s unless a key is pressed" 2 30
# A key at the prompt: the automatic retry is off, and nothing more is looked for.
qemu_send x
qemu_expect "kexboot: automatic retry off" 30
sleep 8
n=$(tr -d '\r' <"$QEMU_LOG" | grep -c "looking for boot entries again" || true)
[ "$n" -eq 1 ] || { echo "  the prompt retried after a key ($n retries)" >&2; qemu_tail >&2; exit 1; }
echo "  no retry after the key"
# PID 1 is alive and in charge.
qemu_send s
qemu_expect "kexboot# " 30
qemu_send 'echo ppid-$PPID mounts-$(grep -c /run/kexboot/mnt/ /proc/mounts)\n'
qemu_expect "ppid-1 mounts-0"
qemu_send 'exit\n'
qemu_expect "rescue shell ended"
qemu_send p
qemu_expect "kexboot: powering off"
qemu_wait_exit 60
echo "  ok: hung discovery killed twice at its bound, the prompt retried on its own, a key stopped that"
