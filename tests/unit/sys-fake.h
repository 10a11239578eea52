/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A fake of the kernel seam (loader/sys.h) for unit tests: linked instead of
 * loader/sys.c, it records every call and returns what the test asks for,
 * so module loading, the load step and the pipeline's decisions run on any
 * host without touching the kernel. Its state is this one test-only struct.
 */
#ifndef KEXBOOT_TESTS_SYS_FAKE_H
#define KEXBOOT_TESTS_SYS_FAKE_H

#include "loader/sys.h"

struct sys_fake {
	/* what the next calls return (0 by default) */
	int finit_module_ret, kexec_load_ret, kexec_file_load_ret, unload_ret, reboot_ret;
	/* what was called */
	unsigned finit_module_calls, kexec_load_calls, kexec_file_load_calls, unload_calls, reboot_calls;
	int last_module_flags;
	size_t last_nr_segments;
	unsigned long long last_entry;
	bool last_crash;
	int last_initrd_fd;          /* -1 when no initrd was passed */
	long long last_kernel_size;  /* size of the kernel fd given to kexec_file_load */
	long long last_initrd_size;
	char last_cmdline[256];
	enum sys_reboot_cmd last_reboot;
	/* Called inside the loads with what the kernel would read (a test looks, or keeps a descriptor). */
	void (*on_segments)(const struct kexec_plan *plan, void *userdata);
	void (*on_files)(int kernel_fd, int initrd_fd, void *userdata);
	void *hook_userdata;
};

/* The recorder; sys_fake_reset() zeroes it. */
struct sys_fake *sys_fake(void);
void sys_fake_reset(void);

#endif
