// SPDX-License-Identifier: GPL-2.0-or-later
#include "tests/unit/sys-fake.h"

#include <string.h>
#include <sys/stat.h>

static struct sys_fake fake;

struct sys_fake *sys_fake(void)
{
	return &fake;
}

void sys_fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	fake.last_initrd_fd = -1;
}

static long long fd_size(int fd)
{
	struct stat st;

	return fd >= 0 && fstat(fd, &st) == 0 ? (long long)st.st_size : -1;
}

int sys_finit_module(int fd, const char *params, int flags)
{
	(void)fd;
	(void)params;
	fake.finit_module_calls++;
	fake.last_module_flags = flags;
	return fake.finit_module_ret;
}

int sys_reboot(enum sys_reboot_cmd cmd)
{
	fake.reboot_calls++;
	fake.last_reboot = cmd;
	return fake.reboot_ret;
}

int sys_kexec_load(const struct kexec_plan *plan, bool crash)
{
	fake.kexec_load_calls++;
	fake.last_nr_segments = plan->nr_segments;
	fake.last_entry = plan->entry;
	fake.last_crash = crash;
	if (fake.on_segments)
		fake.on_segments(plan, fake.hook_userdata);
	return fake.kexec_load_ret;
}

int sys_kexec_file_load(int kernel_fd, int initrd_fd, const char *cmdline, bool crash)
{
	fake.kexec_file_load_calls++;
	fake.last_kernel_size = fd_size(kernel_fd);
	fake.last_initrd_fd = initrd_fd;
	fake.last_initrd_size = fd_size(initrd_fd);
	fake.last_crash = crash;
	strncpy(fake.last_cmdline, cmdline, sizeof(fake.last_cmdline) - 1);
	if (fake.on_files)
		fake.on_files(kernel_fd, initrd_fd, fake.hook_userdata);
	return fake.kexec_file_load_ret;
}

int sys_kexec_unload(bool crash)
{
	fake.unload_calls++;
	fake.last_crash = crash;
	return fake.unload_ret;
}
