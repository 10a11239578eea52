// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * systemd-boot's menu on one volume: where it looks for Type #1 entries,
 * UKIs and loader.conf, and how it makes titles unique. The discovery
 * table's "bls" row.
 */
#include "boot/bls/bls.h"
#include "boot/uki/uki.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const bls_entry_dirs[] = { "/loader/entries", "/boot/loader/entries" };
static const char *const bls_uki_dirs[] = { "/EFI/Linux", "/efi/Linux", "/boot/EFI/Linux", "/boot/efi/EFI/Linux" };
static const char *const bls_confs[] = { "/loader/loader.conf", "/boot/loader/loader.conf" };

static bool bls_title_clash(const struct bls_list *l, size_t i)
{
	for (size_t j = 0; j < l->n; j++)
		if (j != i && l->v[j].e->title && strcmp(l->v[i].e->title, l->v[j].e->title) == 0)
			return true;
	return false;
}

/* Like systemd-boot: titles shown twice get " (version)", then " (id)". */
static int bls_titles_unique(struct bls_list *l)
{
	for (int pass = 0; pass < 2; pass++) {
		bool clash[BLS_MAX_ENTRIES + UKI_MAX_ENTRIES * 4] = { false };

		for (size_t i = 0; i < l->n && i < sizeof(clash); i++)
			clash[i] = l->v[i].e->title && bls_title_clash(l, i);
		for (size_t i = 0; i < l->n && i < sizeof(clash); i++) {
			const char *extra = pass == 0 ? l->v[i].e->version : l->v[i].stem;
			char *t;

			if (!clash[i] || !extra)
				continue;
			if (asprintf(&t, "%s (%s)", l->v[i].e->title, extra) < 0)
				return -ENOMEM;
			free(l->v[i].e->title);
			l->v[i].e->title = t;
		}
	}
	return 0;
}

/* A URL source whose base names a "*.conf" document: that entry file. */
static int bls_discover_url(const struct source_ctx *ctx, struct boot_set *set, struct diag_list *diags)
{
	const char *url = ctx->base_url;
	size_t n = strcspn(url, "?#");
	char *text = NULL;
	struct boot_entry *e = NULL;
	struct boot_set tmp;
	int r;

	if (n < 5 || strncmp(url + n - 5, ".conf", 5) != 0 || !strstr(url, "://"))
		return 0;
	r = source_read(ctx, url, BLS_MAX_FILE, &text, NULL, diags);
	if (r < 0)
		return r == -ENOMEM ? r : 0; /* not there, or not this row's: another row says why */
	r = bls_entry_parse_url(url, text, &e, diags);
	free(text);
	if (r < 0 && r != -ENOMEM) {
		/* a reference no URL can be made of (longer than URL_MAX) */
		diag_add(diags, url, 0, "%s", strerror(-r));
		return 0;
	}
	if (r < 0 || !e)
		return r;
	free(e->id);
	if (asprintf(&e->id, "bls:%s", url) < 0) {
		e->id = NULL;
		boot_entry_free(e);
		return -ENOMEM;
	}
	boot_set_init(&tmp);
	r = boot_set_add(&tmp, e);
	if (r < 0) {
		boot_entry_free(e);
		boot_set_done(&tmp);
		return r;
	}
	return source_merge(set, &tmp);
}

int bls_discover(const struct source_ctx *ctx, struct boot_set *set, struct diag_list *diags)
{
	const struct boot_volume *v = source_volume_get(ctx);
	struct bls_list l = { 0 };
	struct boot_set tmp;
	int r = 0;

	if (ctx->kind == SOURCE_URL && ctx->base_url)
		return bls_discover_url(ctx, set, diags);
	if (!v || discover_budget_spent(ctx->budget))
		return 0;
	boot_set_init(&tmp);
	for (size_t i = 0; i < sizeof(bls_entry_dirs) / sizeof(bls_entry_dirs[0]) && r >= 0; i++) {
		r = bls_collect_dir(v, bls_entry_dirs[i], &l, diags);
		if (r == -ENOENT)
			r = 0;
	}
	/*
	 * Entry files are bounded by BLS_MAX_ENTRIES x BLS_MAX_FILE, UKIs by
	 * UKI_MAX_ENTRIES; they still count as files against the source's
	 * budget so the parsers after this one see what was spent.
	 */
	for (size_t i = 0; i < l.n; i++)
		(void)discover_budget_charge(ctx->budget, 1, 0);
	for (size_t i = 0; i < sizeof(bls_uki_dirs) / sizeof(bls_uki_dirs[0]) && r >= 0; i++) {
		/* vfat matches names case-insensitively: list a directory once */
		if (i == 1 && fsa_is_dir(v->fs, bls_uki_dirs[0]))
			continue;
		r = uki_collect_dir(v, bls_uki_dirs[i], &l, diags);
		if (r == -ENOENT)
			r = 0;
	}
	if (r >= 0 && l.n) {
		bls_list_sort(&l);
		r = bls_titles_unique(&l);
		for (size_t i = 0; i < sizeof(bls_confs) / sizeof(bls_confs[0]) && r >= 0; i++) {
			r = bls_loader_conf(v, bls_confs[i], &l, &tmp, diags);
			if (r == -FSA_ENOTREG)
				diag_add(diags, bls_confs[i], 0, "%s", fsa_strerror(r));
			if (r != -ENOMEM)
				r = 0;
		}
		if (r >= 0)
			r = bls_list_move(&l, &tmp);
	}
	bls_list_done(&l);
	if (r < 0) {
		boot_set_done(&tmp);
		return r;
	}
	return source_merge(set, &tmp);
}
