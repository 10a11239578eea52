#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1
# Fault: out of memory while an entry's initrds are read into memory, for
# real. Debian's kernel and kexboot in a 512 MiB guest with the demo disk (a writable copy)
# and QEMU's DHCP + TFTP (restrict=on) serving the Debian 6.1 kernel with a
# 64 MiB initrd (tests/qemu/tools/tftp-big-tree.sh). The first process is a
# memory hog (tests/qemu/tools/memsqueeze.c, rdinit=/memsqueeze, in an
# archive beside kexboot's) that execs kexboot's /init and waits for
# commands on the guest's second serial port; the OOM killer may not choose
# it (oom_score_adj -1000). The network entry is chosen: its size fits
# MemAvailable, so kexboot starts the download; once the progress line shows
# the initrd arriving, the hog takes memory until under 16 MiB is left. The
# download goes on filling its memory and the kernel's OOM killer ends the
# pipeline child (its own "Out of memory: Killed process N (init)" line).
# PID 1 lives on, says "out of memory", takes back the child's mounts, and
# offers its choices; the hog gives its memory back and retry brings the
# menu. Part 2, out of memory inside kexec_load: the hog holds 300 MiB
# lazily (MADV_FREE: reclaimable, so MemAvailable counts them and kexboot's
# memory check passes) and takes them back, without allocating, once the
# pipeline is inside kexec_load (its /proc/PID/stack); the kernel's page
# allocations for the image fail and the OOM killer ends the pipeline (its
# report's call trace is kexec_load's). Same answer from PID 1. Then the
# disk's Debian 6.1 entry (a smaller one) boots with every digest checked.
# The disk is byte for byte the same afterwards.
set -eu
. tests/qemu/lib.sh
. tests/qemu/kexec-lib.sh
. tests/qemu/menu-lib.sh
QEMU_MEM=512M
kdir=$(kernel_dir "$1")
squeeze=build/tests/qemu-memsqueeze
for f in build/kexboot.cpio "$squeeze" build/target/base.cpio build/demo.img build/target/expected.sha256; do
	[ -f "$f" ] || { echo "  $f missing: run 'make all unit target demo'" >&2; exit 1; }
done
k=$kdir
tftp=$QEMU_DIR/tftp
sh tests/qemu/tools/tftp-big-tree.sh "$k" "$tftp" 64 17
disk=$QEMU_DIR/demo.img
cp build/demo.img "$disk"
before=$(sha256sum <"$disk")
kx_cpio "$QEMU_DIR/squeeze.cpio" <<SPEC
file memsqueeze 755 $squeeze
SPEC
cat build/kexboot.cpio "$QEMU_DIR/squeeze.cpio" >"$QEMU_DIR/initrd.cpio"
# The hog's line: ttyS1 on a pipe chardev (QEMU holds both FIFOs open read-write: a writer that
# comes and goes is no end of file for it).
ctl=$QEMU_DIR/ctl
mkfifo "$ctl.in" "$ctl.out"
# squeeze COMMAND: one line to the hog.
squeeze() {
	printf '%s\n' "$1" >"$ctl.in"
	echo "  to the hog: $1"
}
big="TFTP Debian 6\.1 with a big initrd"
deb="Debian GNU/Linux \(Linux 6\.1\)"
url="tftp://10\.0\.2\.2/deb/big\.cpio"
qemu_start "$kdir/vmlinuz" "$QEMU_DIR/initrd.cpio" "console=ttyS0 panic=-1 rdinit=/memsqueeze kexboot.timeout=-1" \
	-drive file="$disk",if=virtio,format=raw \
	-netdev "user,id=n0,restrict=on,tftp=$tftp,bootfile=pxelinux.0" \
	-device virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56 \
	-chardev "pipe,id=ctl,path=$ctl" -device isa-serial,chardev=ctl
qemu_expect "memsqueeze: listening on /dev/ttyS1; MemAvailable [0-9]+ MiB" 120
qemu_expect "$big" 180
sleep 2
# The menu numbers its rows ("  9   title"): each entry is chosen by its number.
n_big=$(menu_row "$big")
n_disk=$(menu_row "$deb")
echo "  rows: '$n_big' is the network entry, '$n_disk' the disk's Debian 6.1"
menu_pick "$n_big" "$big"
qemu_expect "kexboot: $url: [0-9.]+ (KiB|MiB) of 64\.0 MiB \([0-9]+%\)" 240
squeeze "take 16"
qemu_expect "memsqueeze: took [0-9]+ chunk\(s\); MemAvailable [0-9]+ MiB, MemFree [0-9]+ MiB" 120
# The kernel's own word: the OOM killer chose the pipeline child (PID 1's fork: its name is init too, its pid is not 1).
qemu_expect "Out of memory: Killed process [0-9]+ \(init\)" 120
victim=$(tr -d '\r' <"$QEMU_LOG" | sed -n 's/.*Out of memory: Killed process \([0-9]*\) .*/\1/p' | head -n 1)
[ "$victim" != 1 ] || { echo "  the OOM killer chose PID 1" >&2; exit 1; }
echo "  the OOM killer chose pid $victim, the pipeline child"
# PID 1 takes back what the child left mounted (the demo disk's volumes), then says why.
qemu_expect "kexboot: the ended pipeline left [1-9][0-9]* filesystem\(s\) mounted; unmounted them" 60
qemu_expect "kexboot: out of memory: the kernel's OOM killer ended the boot pipeline while it was loading an entry" 60
qemu_expect "kexboot: choose: \[r\] retry" 30
tr -d '\r' <"$QEMU_LOG" | grep -aE "memsqueeze: took|Out of memory: Killed|kexboot: out of memory|left [0-9]+ filesystem" | sed 's/^/  | /'
if tr -d '\r' <"$QEMU_LOG" | grep -Eaq "kexboot: loading |big\.cpio: 64\.0 MiB in"; then
	echo "  kexboot went on to load after the pipeline was killed" >&2
	exit 1
fi
# PID 1 answers; the hog gives its memory back; retry brings the menu with the entries again.
squeeze release
qemu_expect "memsqueeze: released [0-9]+ chunk\(s\)" 60
n_rows=$(qemu_count "[0-9]+ [ !] $big")
sleep 1
qemu_send r
qemu_expect_count "kexboot: looking for boot entries" 2 60
qemu_expect_count "kexboot: found [0-9]+ boot entr" 2 180
qemu_expect_more "[0-9]+ [ !] $big" "$n_rows" 180

echo "part 2: out of memory inside kexec_load, after kexboot's own check passed"
# 300 MiB held lazily: reclaimable, so MemAvailable counts them and the check passes; taken back
# (written to, without allocating) once the pipeline is inside kexec_load.
squeeze "lazy 300"
qemu_expect "memsqueeze: lazy: 300 MiB held as reclaimable; MemAvailable [0-9]+ MiB before, [0-9]+ MiB now" 60
squeeze grab-on-kexec
sleep 3
menu_pick "$n_big" "$big" 2
qemu_expect "kexboot: $url: 64\.0 MiB in" 240
# Every check passed (the memory one among them): kexboot goes on to load.
qemu_expect "kexboot: loading tftp://10\.0\.2\.2/deb/vmlinuz with 2 initrd\(s\)" 120
qemu_expect "memsqueeze: grabbed 300 MiB back while pid [0-9]+ was in kexec_load" 120
qemu_expect_count "Out of memory: Killed process [0-9]+ \(init\)" 2 120
qemu_expect_count "kexboot: out of memory: the kernel's OOM killer ended the boot pipeline while it was loading an entry" 2 60
qemu_expect_count "kexboot: choose: \[r\] retry" 2 30
# The kernel's report of that OOM: the allocation that failed was kexec_load's own.
report=$(tr -d '\r' <"$QEMU_LOG" | awk '/invoked oom-killer/ {n++} n == 2' | sed '/Out of memory: Killed process/q')
echo "$report" | grep -aE "invoked oom-killer|kexec|kimage|Killed process" | sed 's/^/  | /'
echo "$report" | grep -aqE "(do_kexec_load|kimage_load_segment|kimage_alloc_page|__x64_sys_kexec_load)" ||
	{ echo "  the second OOM was not inside kexec_load" >&2; exit 1; }
grabbed=$(tr -d '\r' <"$QEMU_LOG" | sed -n 's/.*memsqueeze: grabbed .* while pid \([0-9]*\) was in kexec_load.*/\1/p' | head -n 1)
victim=$(tr -d '\r' <"$QEMU_LOG" | sed -n 's/.*Out of memory: Killed process \([0-9]*\) .*/\1/p' | sed -n 2p)
[ -n "$grabbed" ] && [ "$grabbed" = "$victim" ] ||
	{ echo "  the process in kexec_load ($grabbed) is not the one killed ($victim)" >&2; exit 1; }
echo "  pid $victim was inside kexec_load when the hog took its memory back, and the OOM killer ended it"
if tr -d '\r' <"$QEMU_LOG" | grep -aq "kexboot: loaded through"; then
	echo "  the load went through" >&2
	exit 1
fi
squeeze release
qemu_expect_count "memsqueeze: released [0-9]+ chunk\(s\)" 2 60
sleep 1
qemu_send r
qemu_expect_count "kexboot: found [0-9]+ boot entr" 3 180
sleep 3
menu_pick "$n_disk" "$deb"
qemu_expect_target "console=ttyS0 panic=-1 entry=bls-6.1"
after=$(sha256sum <"$disk")
[ "$before" = "$after" ] || { echo "  the disk changed" >&2; exit 1; }
echo "  disk unchanged"
echo "  ok: the OOM killer ended the pipeline mid-download and again inside kexec_load; each time PID 1 said"
echo "  out of memory and took back the mounts, the menu came back, and the smaller disk entry booted"
