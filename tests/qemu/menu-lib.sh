# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the menu cases (sourced after lib.sh): boots kexboot on a Debian
# kernel with the demo disk (build/demo.img) attached. Its menu, in order:
#   1 UKI (6.1)   2 BLS 6.12   3 BLS 6.1 (loader.conf default)
#   4 BLS entry whose kernel is junk   5 BLS entry whose kernel is missing
#   6 GRUB "Debian GNU/Linux" (5.10)
#   7, 8 GRUB "Advanced options for Debian GNU/Linux>..." (normal, recovery)
# Each entry's target prints "TARGET: cmdline ... entry=<which>".
menu_boot() { # menu_boot SERIES "EXTRA APPEND" [QEMU ARGS...]
	k=$(kernel_dir "$1")
	a=$2
	shift 2
	qemu_start "$k/vmlinuz" build/kexboot.cpio "console=ttyS0 panic=-1 $a" \
		-drive file=build/demo.img,if=virtio,format=raw,snapshot=on "$@"
}
