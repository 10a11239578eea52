/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the discovery unit tests: an in-memory volume named
 * "root" (match_any, like `kexboot list --root`) and diagnostic lookup.
 */
#ifndef KEXBOOT_TESTS_DISCOVER_UTIL_H
#define KEXBOOT_TESTS_DISCOVER_UTIL_H

#include "lib/diag.h"
#include "boot/entry.h"
#include "boot/fsaccess.h"
#include "boot/volume.h"
#include "lib/cleanup.h"

#include <stdbool.h>
#include <string.h>

struct tvol {
	struct fsaccess fs;
	struct boot_volume v;
	struct boot_volumes vs;
	struct boot_set set;
	struct diag_list diags;
};

static inline void tvol_init(struct tvol *t, const struct fsa_mem_file *files, size_t n)
{
	memset(t, 0, sizeof(*t));
	fsa_init_mem(&t->fs, files, n);
	t->v.name = "root";
	t->v.match_any = true;
	t->v.fs = &t->fs;
	t->vs.v = &t->v;
	t->vs.n = 1;
	boot_set_init(&t->set);
	diag_list_init(&t->diags);
}

static inline void tvol_done(struct tvol *t)
{
	boot_set_done(&t->set);
	diag_list_done(&t->diags);
}

/* True when some diagnostic contains every one of the given substrings. */
static inline bool tdiag_has(const struct diag_list *d, const char *a, const char *b)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->msgs[i], a) && (!b || strstr(d->msgs[i], b)))
			return true;
	return false;
}

static inline const struct boot_entry *tentry(const struct boot_set *s, size_t i)
{
	return i < s->n_entries ? s->entries[i] : NULL;
}

#define TFILE(p, text) { p, text, sizeof(text) - 1 }

#endif
