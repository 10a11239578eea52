/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * strbuf: a growing, always NUL-terminated byte buffer. The struct owns buf.
 * Appends return 0 or -ENOMEM and leave the buffer unchanged on failure.
 */
#ifndef KEXBOOT_LIB_STRBUF_H
#define KEXBOOT_LIB_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;  /* owned; NULL until the first append */
	size_t len; /* bytes used, not counting the NUL */
	size_t cap; /* bytes allocated */
};

#define STRBUF_INIT { NULL, 0, 0 }

int strbuf_append(struct strbuf *sb, const char *s, size_t n);
int strbuf_puts(struct strbuf *sb, const char *s);
int strbuf_putc(struct strbuf *sb, char c);
int strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
/* Appends s as a JSON string literal with quotes; NULL appends null. */
int strbuf_json_string(struct strbuf *sb, const char *s);
/* Hands the buffer to the caller ("" when empty) and resets sb. */
char *strbuf_steal(struct strbuf *sb);
void strbuf_done(struct strbuf *sb);

#endif
