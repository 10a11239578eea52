// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the input is /syslinux/syslinux.cfg (and an INCLUDEd
 * file) on a volume, then pxelinux.cfg/default (and any *.cfg it includes)
 * behind a URL source whose fake fetch serves the input.
 */
#include "boot/syslinux/syslinux.h"

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
	size_t n = strlen(url);

	(void)why;
	if (!strstr(url, "pxelinux.cfg/") && (n < 4 || strcmp(url + n - 4, ".cfg") != 0))
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
	struct fsa_mem_file f[] = {
		{ "/syslinux/syslinux.cfg", data, size },
		{ "/syslinux/inc.cfg", data, size },
		{ "/vmlinuz", "k", 1 },
	};
	struct fsaccess fs;
	struct boot_volume v = { .name = "root", .match_any = true, .fs = &fs };
	struct ffetch fake = { .data = data, .size = size };
	struct source_ctx url = source_url("http://srv/pxe/", &fake.base, ffetch_text);
	struct boot_set set;
	struct diag_list d;

	fsa_init_mem(&fs, f, sizeof(f) / sizeof(f[0]));
	boot_set_init(&set);
	diag_list_init(&d);
	syslinux_parse(&v, "/syslinux/syslinux.cfg", &set, &d);
	syslinux_discover(&url, &set, &d);
	boot_set_done(&set);
	diag_list_done(&d);
	return 0;
}
