// SPDX-License-Identifier: GPL-2.0-or-later
/* The kernel seam (see sys.h): every dangerous syscall lives here. */
#include "loader/sys.h"

#include <errno.h>
#include <linux/kexec.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

int sys_finit_module(int fd, const char *params, int flags)
{
	if (syscall(SYS_finit_module, fd, params ? params : "", flags) < 0)
		return -errno;
	return 0;
}

int sys_reboot(enum sys_reboot_cmd cmd)
{
	int how;

	switch (cmd) {
	case SYS_REBOOT_RESTART:
		how = RB_AUTOBOOT;
		break;
	case SYS_REBOOT_POWER_OFF:
		how = RB_POWER_OFF;
		break;
	case SYS_REBOOT_KEXEC:
		how = RB_KEXEC;
		break;
	default:
		return -EINVAL;
	}
	sync();
	reboot(how);
	return -errno;
}

int sys_kexec_load(const struct kexec_plan *plan, bool crash)
{
	struct kexec_segment segs[KEXEC_PLAN_MAX_SEGMENTS];
	unsigned long flags = KEXEC_ARCH_X86_64 | (crash ? KEXEC_ON_CRASH : 0);

	if (plan->nr_segments > KEXEC_PLAN_MAX_SEGMENTS)
		return -E2BIG;
	for (size_t i = 0; i < plan->nr_segments; i++) {
		segs[i].buf = plan->seg[i].buf;
		segs[i].bufsz = plan->seg[i].bufsz;
		segs[i].mem = (const void *)(uintptr_t)plan->seg[i].mem;
		segs[i].memsz = plan->seg[i].memsz;
	}
	if (syscall(SYS_kexec_load, plan->entry, plan->nr_segments, segs, flags) < 0)
		return -errno;
	return 0;
}

int sys_kexec_file_load(int kernel_fd, int initrd_fd, const char *cmdline, bool crash)
{
	unsigned long flags = crash ? KEXEC_FILE_ON_CRASH : 0;

	if (initrd_fd < 0)
		flags |= KEXEC_FILE_NO_INITRAMFS;
	/* cmdline_len counts the NUL, which the kernel insists on. */
	if (syscall(SYS_kexec_file_load, kernel_fd, initrd_fd, strlen(cmdline) + 1, cmdline,
		    flags) < 0)
		return -errno;
	return 0;
}

int sys_kexec_unload(bool crash)
{
	int r_file = 0, r_load = 0;

	/* Either interface may have loaded the image; unloading through both is harmless. */
	if (syscall(SYS_kexec_file_load, -1, -1, 0, NULL,
		    KEXEC_FILE_UNLOAD | (crash ? KEXEC_FILE_ON_CRASH : 0)) < 0)
		r_file = -errno;
	if (syscall(SYS_kexec_load, 0, 0, NULL,
		    KEXEC_ARCH_X86_64 | (crash ? KEXEC_ON_CRASH : 0)) < 0)
		r_load = -errno;
	if (r_file == 0 || r_load == 0)
		return 0;
	return r_load;
}
