/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * diag: the diagnostics a parser or discovery pass collects instead of
 * printing ("grub.cfg:42: unknown command 'foo'"). struct diag_list owns its
 * messages. The list is capped at DIAG_MAX messages so hostile input cannot
 * grow it without bound; further messages are counted in n_dropped.
 */
#ifndef KEXBOOT_BOOT_DIAG_H
#define KEXBOOT_BOOT_DIAG_H

#include <stddef.h>

#define DIAG_MAX 256

struct diag_list {
	char **msgs;      /* owned, "file:line: message" */
	size_t n;
	size_t n_dropped; /* messages beyond DIAG_MAX */
};

void diag_list_init(struct diag_list *d);
void diag_list_done(struct diag_list *d);

/*
 * Adds "<file>:<line>: <message>" (line 0 leaves ":<line>" out). A NULL list
 * is allowed and drops the message. Returns 0 or -ENOMEM.
 */
int diag_add(struct diag_list *d, const char *file, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
