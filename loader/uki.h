/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * uki: a unified kernel image (systemd-stub PE with .linux, .initrd,
 * .ucode, .cmdline sections) seen as a kernel, its initrds and a command
 * line, as views into the caller's mapping of the whole file (no copies).
 * Microcode comes first among the initrds, as systemd-stub orders it.
 */
#ifndef KEXBOOT_LOADER_UKI_H
#define KEXBOOT_LOADER_UKI_H

#include <stddef.h>

struct uki_slice {
	const void *data; /* into the caller's buffer; NULL when the section is absent */
	size_t size;
};

struct uki_parts {
	struct uki_slice linux_;  /* the kernel (bzImage) */
	struct uki_slice ucode;   /* early microcode cpio */
	struct uki_slice initrd;
	struct uki_slice cmdline; /* not NUL-terminated; trailing NULs and newlines dropped */
};

/* 0 and *ret filled; -ENOEXEC when buf is not a PE image with a .linux section. */
int uki_split(const void *buf, size_t len, struct uki_parts *ret);

#endif
