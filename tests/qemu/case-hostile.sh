#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# Hostile disks (scripts/hostile-disks.sh) next to a healthy one, all in one
# guest: FIFOs where configs are expected, a syslinux INCLUDE bomb, a GRUB
# variable bomb, a grub.cfg just under 16 MiB, and two filesystems sharing a
# UUID. Discovery finishes within its bound, the menu opens with the healthy
# volume's entry, each hostile volume's reason is shown (kexboot.debug), and
# PID 1 is alive (the menu's 'c' reaches its rescue shell, where `kexboot
# list` shows how the shared UUID's references resolved).
#   tests/qemu/case-hostile.sh SERIES
set -eu
. tests/qemu/lib.sh
kdir=$(kernel_dir "$1")
sh scripts/hostile-disks.sh "$QEMU_DIR/disks"
set --
for n in good fifo bomb vars huge dup1 dup2; do
	set -- "$@" -drive "file=$QEMU_DIR/disks/$n.img,if=virtio,format=raw,readonly=on"
done
# discovery_limit: the hostile disks are bounded by their budgets (16-33 s here), but a busy
# host slows TCG several times over; the watchdog has its own case (case-watchdog.sh).
qemu_start "$kdir/vmlinuz" build/kexboot.cpio "console=ttyS0 panic=-1 kexboot.timeout=-1 kexboot.debug kexboot.discovery_limit=300" "$@"
qemu_expect "kexboot: looking for boot entries" 120
t0=$(date +%s)
# Seven volumes: each has a 2 s work budget; 90 s is generous for TCG but finite.
qemu_expect "kexboot: found [0-9]+ boot entries on 7 filesystem\(s\)" 90
qemu_expect "Healthy volume entry" 30
echo "  menu with the healthy entry $(($(date +%s) - t0)) s after discovery began"
# (a) FIFOs: each refused by name, the regular files beside them still read.
qemu_expect "b-fifo\.conf.*not a regular file" 5
qemu_expect "loader\.conf.*not a regular file" 5
qemu_expect_count "fifo\.cfg.*not a regular file" 2 5
# (b) the INCLUDE bomb stops at the budget.
qemu_expect "discovery budget spent: more than [0-9]+ (files|ms)" 5
# (c) the variable bomb ends, in full or at the budget (its entries are checked below).
# (d) the huge config is read (it is under the 16 MiB cap) and stops at a bound: the parsed
# form's memory cap, or the volume's time budget, whichever the host's speed reaches first.
qemu_expect "0000000000a5:/boot/grub/grub\.cfg.*(discovery budget spent|parsed form larger than)|0000000000a5: discovery budget spent" 5
# (e) the shared UUID, and PID 1 alive: its rescue shell from the menu.
qemu_send c
qemu_expect "starting rescue shell on ttyS0" 30
qemu_expect "kexboot# " 30
qemu_send 'echo ppid-$PPID; kexboot list >/tmp/l.txt; echo list-exit=$?\n'
qemu_expect "ppid-1" 30
qemu_expect "list-exit=0" 120
# (The huge volume's own entries are not required: whether its first menuentry is reached
# before its time budget runs out depends on the host's speed; its bound is checked above.)
qemu_send 'grep -E "Healthy|survivor|bomb-first|Var entry 0 |Dup" /tmp/l.txt; grep -A1 "Dup B own" /tmp/l.txt | grep kernel\n'
qemu_expect "Healthy volume entry  \[bls\]" 30
qemu_expect "FIFO volume BLS survivor" 10
qemu_expect "FIFO volume GRUB survivor" 10
qemu_expect "fifo-syslinux-survivor" 10
qemu_expect "bomb-first" 10
qemu_expect "Var entry 0  \[grub\]" 10
qemu_expect "Dup A  \[bls\]" 10
qemu_expect "Dup B elsewhere  \[grub, broken: UUID=0d1c0000-0000-4000-8000-0000000000d0 is on two filesystems" 10
# dup2's own reference stays on dup2 (/dev/vdg), not on dup1 which has the same UUID.
qemu_expect "kernel +/dev/vdg:/vmlinuz-b" 10
qemu_send 'poweroff -f\n'
qemu_wait_exit 60
echo "  ok: every hostile class reported, healthy entries listed, PID 1 alive"
