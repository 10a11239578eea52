// SPDX-License-Identifier: GPL-2.0-or-later
/* The kernel seam (see sys.h): every dangerous syscall lives here. */
#include "loader/sys.h"

#include <errno.h>
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
