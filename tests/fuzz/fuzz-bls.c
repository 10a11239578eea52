// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the input is a BLS entry and loader.conf on a volume, and
 * an entry read from a URL; its halves also feed the version comparison.
 */
#include "boot/bls/bls.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fsa_mem_file f[] = {
		{ "/loader/entries/x-1.2+3-1.conf", data, size },
		{ "/loader/entries/y.conf", "title Y\nsort-key y\nversion 2\nlinux /k\n", 38 },
		{ "/loader/loader.conf", data, size },
	};
	struct fsaccess fs;
	struct boot_volume v = { .name = "root", .match_any = true, .fs = &fs };
	struct bls_list l = { 0 };
	struct boot_set set;
	struct diag_list d;
	char *a = strndup((const char *)data, size / 2);
	char *b = strndup((const char *)data + size / 2, size - size / 2);

	if (a && b)
		bls_version_cmp(a, b);
	free(a);
	free(b);
	fsa_init_mem(&fs, f, sizeof(f) / sizeof(f[0]));
	boot_set_init(&set);
	diag_list_init(&d);
	if (bls_collect_dir(&v, "/loader/entries", &l, &d) >= 0) {
		bls_list_sort(&l);
		bls_loader_conf(&v, "/loader/loader.conf", &l, &set, &d);
		bls_list_move(&l, &set);
	}
	bls_list_done(&l);
	boot_set_done(&set);
	{
		char *text = strndup((const char *)data, size);
		struct boot_entry *e = NULL;

		if (text && bls_entry_parse_url("http://srv/boot/entries/x.conf", text, &e, &d) >= 0)
			boot_entry_free(e);
		free(text);
	}
	diag_list_done(&d);
	return 0;
}
