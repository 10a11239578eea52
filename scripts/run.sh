#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `make run`: boots kexboot in QEMU on the serial console (this terminal)
# with the demo disk attached. Uses the LinuxBoot payload when it is built
# (build/payload/bzImage, kexboot inside), else Debian's 6.1 kernel with
# build/kexboot.cpio. Leave QEMU with Ctrl-A X.
#
# Environment: RUN_KERNEL=5.10|6.1|6.12 picks the Debian kernel,
# RUN_APPEND adds kernel command-line words (e.g. kexboot.timeout=-1).
set -eu
cd "$(dirname "$0")/.."
append="console=ttyS0 panic=-1 ${RUN_APPEND:-}"
if [ -f build/payload/bzImage ] && [ -z "${RUN_KERNEL:-}" ]; then
	echo "run: LinuxBoot payload build/payload/bzImage (kexboot built in)"
	set -- -kernel build/payload/bzImage
else
	k=$(scripts/kernels.sh "${RUN_KERNEL:-6.1}" | awk '{print $3}')
	echo "run: Debian kernel $(cat "$k/kver") with build/kexboot.cpio"
	set -- -kernel "$k/vmlinuz" -initrd build/kexboot.cpio
fi
echo "run: demo disk build/demo.img (read-only snapshot); leave QEMU with Ctrl-A X"
exec qemu-system-x86_64 -M q35 -m 1G -nographic -no-reboot \
	-drive file=build/demo.img,if=virtio,format=raw,snapshot=on \
	"$@" -append "$append"
