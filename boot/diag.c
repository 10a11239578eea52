// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/diag.h"
#include "lib/strbuf.h"

#include <errno.h>
#include <stdarg.h>
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

int diag_add(struct diag_list *d, const char *file, unsigned line, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	char **n;
	int r;

	if (!d)
		return 0;
	if (d->n >= DIAG_MAX) {
		d->n_dropped++;
		return 0;
	}
	if (line)
		r = strbuf_printf(&sb, "%s:%u: ", file ? file : "?", line);
	else
		r = strbuf_printf(&sb, "%s: ", file ? file : "?");
	if (r >= 0) {
		va_start(ap, fmt);
		r = strbuf_vprintf(&sb, fmt, ap);
		va_end(ap);
	}
	if (r < 0)
		goto fail;
	n = realloc(d->msgs, (d->n + 1) * sizeof(*n));
	if (!n) {
		r = -ENOMEM;
		goto fail;
	}
	d->msgs = n;
	d->msgs[d->n++] = strbuf_steal(&sb);
	return 0;
fail:
	strbuf_done(&sb);
	return r;
}
