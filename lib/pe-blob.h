/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pe-blob: PE sections of a blob (lib/pe.h over lib/blob.h), shared by the
 * fetch stage (a boot entry's ".linux" / ".initrd" references) and the
 * `kexboot kexec` CLI (a unified kernel image given as KERNEL), so a UKI is
 * split by one piece of code whichever door it came in by.
 */
#ifndef KEXBOOT_LIB_PE_BLOB_H
#define KEXBOOT_LIB_PE_BLOB_H

#include <stdbool.h>

#include "lib/blob.h"
#include "lib/diag.h"

/*
 * Narrows b (holding a whole PE file) to the section called name.
 * -EBADMSG/-ERANGE/-E2BIG "<name>: not a valid PE image", -ENOENT
 * "<name>: no such section in the image". b is unchanged on failure.
 */
int pe_blob_narrow(struct blob *b, const char *section, struct diag_list *why);

/* A unified kernel image's layout (systemd-stub sections). */
struct pe_uki {
	bool has_ucode;   /* .ucode: early microcode, the first initrd */
	bool has_initrd;  /* .initrd, after it */
	char *cmdline;    /* owned copy of .cmdline, trailing NULs/newlines/spaces cut; NULL when absent */
};

/* 0 and *ret filled when b is a PE image with a .linux section; -ENOEXEC otherwise. */
int pe_blob_uki(const struct blob *b, struct pe_uki *ret);
void pe_uki_done(struct pe_uki *u);

#endif
