/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel seam: the only place kexboot issues syscalls that can take a
 * machine down (kexec_load, kexec_file_load, reboot, finit_module).
 * Everything else is pure and runs unprivileged. Each wrapper returns 0 or a
 * negative errno.
 */
#ifndef KEXBOOT_LOADER_SYS_H
#define KEXBOOT_LOADER_SYS_H

#include "loader/loader.h"

#include <stdbool.h>
#include <stddef.h>

/* finit_module(2); flags may include MODULE_INIT_COMPRESSED_FILE (4). */
int sys_finit_module(int fd, const char *params, int flags);

enum sys_reboot_cmd {
	SYS_REBOOT_RESTART,
	SYS_REBOOT_POWER_OFF,
	SYS_REBOOT_KEXEC,
};
/* reboot(2); returns only on failure. */
int sys_reboot(enum sys_reboot_cmd cmd);

/* kexec_load(2) of a plan (entry = the plan's purgatory). crash = KEXEC_ON_CRASH. */
int sys_kexec_load(const struct kexec_plan *plan, bool crash);
/*
 * kexec_file_load(2): the kernel parses and verifies kernel_fd itself.
 * initrd_fd < 0 means no initrd; cmdline must be NUL-terminated.
 */
int sys_kexec_file_load(int kernel_fd, int initrd_fd, const char *cmdline, bool crash);
/* Unloads the normal (or crash) image through both interfaces. */
int sys_kexec_unload(bool crash);

#endif
