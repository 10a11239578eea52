/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * diag: the one carrier for what a user is told, used by boot/, loader/,
 * config/ and init/ alike. Two parts:
 *
 *  - reason: why the last call that failed failed, in plain words with its
 *    context ("UUID=...:/vmlinuz: not a regular file", "kexec refused the image: ...").
 *    diag_fail() writes it and returns the negative errno, so a failing
 *    function ends with `return diag_fail(d, ENOENT, "...")`. A fixed buffer:
 *    setting it never allocates, so no caller has to free it.
 *  - msgs: the problems noticed along the way that did not stop anything
 *    ("grub.cfg:42: unknown command 'foo'"), owned, capped at DIAG_MAX so
 *    hostile input cannot grow the list without bound; more are counted in
 *    n_dropped.
 *
 * Library code (parsers, planners) fills a diag_list and never prints; the
 * stage driver that owns the list shows it once.
 */
#ifndef KEXBOOT_LIB_DIAG_H
#define KEXBOOT_LIB_DIAG_H

#include <stddef.h>

#define DIAG_MAX 256
#define DIAG_REASON_MAX 320

struct diag_list {
	char **msgs;      /* owned, "file:line: message" */
	size_t n;
	size_t n_dropped; /* messages beyond DIAG_MAX */
	char reason[DIAG_REASON_MAX]; /* "" until diag_fail() */
};

void diag_list_init(struct diag_list *d);
/* Frees the messages and clears the reason. NULL allowed. */
void diag_list_done(struct diag_list *d);
/* Frees the messages once they were shown; keeps the reason. */
void diag_list_drop_msgs(struct diag_list *d);

/*
 * Adds "<file>:<line>: <message>" (line 0 leaves ":<line>" out). A NULL list
 * is allowed and drops the message. Returns 0 or -ENOMEM.
 */
int diag_add(struct diag_list *d, const char *file, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Adds a message as it is, with no location. */
int diag_note(struct diag_list *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Sets the reason (d may be NULL) and returns -errnum (errnum > 0), errnum
 * itself when it is already negative, or -EINVAL for 0.
 */
int diag_fail(struct diag_list *d, int errnum, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The reason, or fallback when none was set (d may be NULL). */
const char *diag_reason(const struct diag_list *d, const char *fallback);

#endif
