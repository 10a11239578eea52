// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/diag.h"
#include "lib/strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void diag_list_init(struct diag_list *d)
{
	memset(d, 0, sizeof(*d));
}

void diag_list_done(struct diag_list *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		free(d->msgs[i]);
	free(d->msgs);
	diag_list_init(d);
}

/* Room for one more message? Past DIAG_MAX messages are only counted. */
static bool diag_room(struct diag_list *d)
{
	if (d->n < DIAG_MAX)
		return true;
	d->n_dropped++;
	return false;
}

/* Appends sb (already holding any prefix) with fmt... after it; sb is consumed. */
static int diag_vpush(struct diag_list *d, struct strbuf *sb, const char *fmt, va_list ap)
{
	char **n = NULL;
	int r;

	r = strbuf_vprintf(sb, fmt, ap);
	if (r >= 0)
		n = realloc(d->msgs, (d->n + 1) * sizeof(*n));
	if (!n) {
		strbuf_done(sb);
		return r < 0 ? r : -ENOMEM;
	}
	d->msgs = n;
	d->msgs[d->n] = strbuf_steal(sb); /* "" when empty */
	if (!d->msgs[d->n])
		return -ENOMEM;
	d->n++;
	return 0;
}

int diag_add(struct diag_list *d, const char *file, unsigned line, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int r;

	if (!d || !diag_room(d))
		return 0;
	if (line)
		r = strbuf_printf(&sb, "%s:%u: ", file ? file : "?", line);
	else
		r = strbuf_printf(&sb, "%s: ", file ? file : "?");
	if (r < 0) {
		strbuf_done(&sb);
		return r;
	}
	va_start(ap, fmt);
	r = diag_vpush(d, &sb, fmt, ap);
	va_end(ap);
	return r;
}

int diag_note(struct diag_list *d, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int r;

	if (!d || !diag_room(d))
		return 0;
	va_start(ap, fmt);
	r = diag_vpush(d, &sb, fmt, ap);
	va_end(ap);
	return r;
}

void diag_list_drop_msgs(struct diag_list *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		free(d->msgs[i]);
	free(d->msgs);
	d->msgs = NULL;
	d->n = 0;
	d->n_dropped = 0;
}

int diag_fail(struct diag_list *d, int errnum, const char *fmt, ...)
{
	va_list ap;

	if (d) {
		va_start(ap, fmt);
		vsnprintf(d->reason, sizeof(d->reason), fmt, ap);
		va_end(ap);
	}
	return errnum > 0 ? -errnum : (errnum ? errnum : -EINVAL);
}

const char *diag_reason(const struct diag_list *d, const char *fallback)
{
	return d && d->reason[0] ? d->reason : fallback;
}
