// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/bls/list.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void bls_list_done(struct bls_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		boot_entry_free(l->v[i].e);
		free(l->v[i].stem);
		free(l->v[i].fname);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* "name+3-1" / "name+3": the boot-counting suffix. Returns the stem length. */
static size_t bls_counter_split(const char *s, size_t n, int *left, int *done)
{
	size_t i = n, j;
	long l = 0, d = 0;

	*left = *done = -1;
	while (i > 0 && isdigit((unsigned char)s[i - 1]))
		i--;
	if (i == n || i == 0)
		return n;
	j = i;
	if (s[i - 1] == '-') {
		/* "+LEFT-DONE": digits before '-' too */
		size_t k = i - 1;

		while (k > 0 && isdigit((unsigned char)s[k - 1]))
			k--;
		if (k == i - 1 || k == 0 || s[k - 1] != '+')
			return n;
		for (size_t x = k; x < i - 1 && l < 100000; x++)
			l = l * 10 + (s[x] - '0');
		for (size_t x = i; x < n && d < 100000; x++)
			d = d * 10 + (s[x] - '0');
		*left = (int)l;
		*done = (int)d;
		return k - 1;
	}
	if (s[j - 1] != '+')
		return n;
	for (size_t x = j; x < n && l < 100000; x++)
		l = l * 10 + (s[x] - '0');
	*left = (int)l;
	*done = 0;
	return j - 1;
}

int bls_list_add(struct bls_list *l, struct boot_entry *e, const char *fname, const char *suffix)
{
	size_t n = strlen(fname), sl = strlen(suffix);
	struct bls_item it = { .e = e };
	struct bls_item *v;

	if (n >= sl && strcasecmp(fname + n - sl, suffix) == 0)
		n -= sl;
	n = bls_counter_split(fname, n, &it.tries_left, &it.tries_done);
	it.stem = strndup(fname, n);
	it.fname = strdup(fname);
	v = realloc(l->v, (l->n + 1) * sizeof(*v));
	if (!it.stem || !it.fname || !v) {
		free(it.stem);
		free(it.fname);
		if (v)
			l->v = v;
		boot_entry_free(e);
		return -ENOMEM;
	}
	l->v = v;
	v[l->n++] = it;
	return 0;
}

static int bls_cmp_int(int a, int b)
{
	return (a > b) - (a < b);
}

static int bls_strcmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int bls_item_cmp(const void *pa, const void *pb)
{
	const struct bls_item *a = pa, *b = pb;
	int r;

	r = bls_cmp_int(a->tries_left == 0, b->tries_left == 0);
	if (r)
		return r;
	r = bls_cmp_int(!a->e->sort_key, !b->e->sort_key);
	if (r)
		return r;
	if (a->e->sort_key && b->e->sort_key) {
		r = strcmp(a->e->sort_key, b->e->sort_key);
		if (r)
			return r;
		r = bls_strcmp0(a->e->machine_id, b->e->machine_id);
		if (r)
			return r;
		r = -bls_version_cmp(a->e->version, b->e->version);
		if (r)
			return r;
	}
	r = -bls_version_cmp(a->stem, b->stem);
	if (r)
		return r;
	if (a->tries_left < 0 || b->tries_left < 0)
		return strcmp(a->fname, b->fname);
	r = -bls_cmp_int(a->tries_left, b->tries_left);
	if (r)
		return r;
	r = bls_cmp_int(a->tries_done, b->tries_done);
	return r ? r : strcmp(a->fname, b->fname);
}

void bls_list_sort(struct bls_list *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), bls_item_cmp);
}

int bls_list_move(struct bls_list *l, struct boot_set *out)
{
	for (size_t i = 0; i < l->n; i++) {
		int r;

		if (!l->v[i].e)
			continue;
		r = boot_set_add(out, l->v[i].e);
		if (r < 0)
			return r;
		l->v[i].e = NULL;
	}
	return 0;
}
