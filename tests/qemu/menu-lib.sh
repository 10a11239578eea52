# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the menu cases (sourced after lib.sh): boots kexboot on a Debian
# kernel with the demo disk (build/demo.img) attached. Its menu, in order:
#   1 UKI (6.1)   2 BLS 6.12   3 BLS 6.1 (loader.conf default)
#   4 BLS entry whose kernel is junk   5 BLS entry whose kernel is missing
#   6 GRUB "Debian GNU/Linux" (5.10)
#   7, 8 GRUB "Advanced options for Debian GNU/Linux>..." (normal, recovery)
# Each entry's target prints "TARGET: cmdline ... entry=<which>".
# Choosing an entry by the number the menu shows before its title ("  9   title"),
# in any case whose entries come in an order it does not fix:
#   menu_row TITLE       the row's number, last drawn (TITLE an extended regexp);
#                        fails, with the serial log's tail, when the menu shows none
#   menu_pick ROW TITLE [N]   types ROW, then Enter 2 s later, and waits for the
#                        N-th (default first) "kexboot: booting 'TITLE'"
menu_boot() { # menu_boot SERIES "EXTRA APPEND" [QEMU ARGS...]
	k=$(kernel_dir "$1")
	a=$2
	shift 2
	qemu_start "$k/vmlinuz" build/kexboot.cpio "console=ttyS0 panic=-1 $a" \
		-drive file=build/demo.img,if=virtio,format=raw,snapshot=on "$@"
}

menu_row() {
	row=$(tr -d '\r' <"$QEMU_LOG" | grep -aoE "[0-9]+ [ !] $1" | tail -n 1 | awk '{print $1}')
	[ -n "$row" ] || { echo "  cannot find the row of '$1' in the menu" >&2; qemu_tail >&2; return 1; }
	echo "$row"
}

menu_pick() {
	qemu_send "$1"
	sleep 2
	qemu_send '\r'
	qemu_expect_count "kexboot: booting '$2'" "${3:-1}" 60
}
