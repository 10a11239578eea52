// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the input is an iPXE script behind a URL source, and
 * also every script it chains (any URL ending in .ipxe serves the input
 * again), with a few settings the source knows.
 */
#include "boot/ipxe/ipxe.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct ffetch {
	struct fetch_ctx base; /* first: the context fetch_text is handed */
	const uint8_t *data;
	size_t size;
};

static int ffetch_text(const struct fetch_ctx *ctx, const char *url, size_t max, char **ret_text, size_t *ret_len,
		       struct diag_list *why)
{
	const struct ffetch *f = (const struct ffetch *)ctx;
	const char *end = url + strcspn(url, "?#");

	(void)why;
	if (end - url < 5 || strncmp(end - 5, ".ipxe", 5) != 0)
		return -ENOENT;
	if (f->size > max)
		return -EFBIG;
	*ret_text = malloc(f->size + 1);
	if (!*ret_text)
		return -ENOMEM;
	memcpy(*ret_text, f->data, f->size);
	(*ret_text)[f->size] = '\0';
	if (ret_len)
		*ret_len = f->size;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct source_setting settings[] = {
		{ "net0/mac", "52:54:00:12:34:56" },
		{ "net0/ip", "10.0.0.5" },
		{ "hostname", "fuzz" },
	};
	struct ffetch fake = { .data = data, .size = size };
	struct source_ctx url = source_url("http://srv/pxe/boot.ipxe", &fake.base, ffetch_text);
	struct boot_set set;
	struct diag_list d;

	url.settings = settings;
	url.n_settings = sizeof(settings) / sizeof(settings[0]);
	boot_set_init(&set);
	diag_list_init(&d);
	ipxe_discover(&url, &set, &d);
	boot_set_done(&set);
	diag_list_done(&d);
	return 0;
}
