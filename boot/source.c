// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A netboot source sets fetch_text itself: keep the pointer type in step (no link needed). */
_Static_assert(__builtin_types_compatible_p(__typeof__(&fetch_text), source_fetch_text_fn),
	       "source_fetch_text_fn must match fetch_text (boot/fetch/fetch.h)");

struct source_ctx source_volume(const struct boot_volumes *vols, size_t vol)
{
	return (struct source_ctx){ .kind = SOURCE_VOLUME, .vols = vols, .vol = vol };
}

struct source_ctx source_url(const char *base_url, const struct fetch_ctx *fetch, source_fetch_text_fn read_text)
{
	return (struct source_ctx){ .kind = SOURCE_URL, .base_url = base_url, .fetch = fetch,
				    .fetch_text = read_text };
}

const struct boot_volume *source_volume_get(const struct source_ctx *ctx)
{
	if (ctx->kind != SOURCE_VOLUME || !ctx->vols || ctx->vol >= ctx->vols->n)
		return NULL;
	return &ctx->vols->v[ctx->vol];
}

const char *source_name(const struct source_ctx *ctx)
{
	const struct boot_volume *v = source_volume_get(ctx);

	if (v)
		return v->name;
	return ctx->base_url ? ctx->base_url : "?";
}

/* base + path with exactly one '/' between; a path that is a URL already stays as it is. */
static int source_url_join(const struct source_ctx *ctx, const char *path, char **ret)
{
	const char *base = ctx->base_url ? ctx->base_url : "";
	size_t bl = strlen(base);

	if (strstr(path, "://")) {
		*ret = strdup(path);
		return *ret ? 0 : -ENOMEM;
	}
	while (bl && base[bl - 1] == '/')
		bl--;
	path += strspn(path, "/");
	if (asprintf(ret, "%.*s/%s", (int)bl, base, path) < 0) {
		*ret = NULL;
		return -ENOMEM;
	}
	return 0;
}

int source_read(const struct source_ctx *ctx, const char *path, size_t max, char **ret_text, size_t *ret_len,
		struct diag_list *diags)
{
	const struct boot_volume *v;
	char *url = NULL;
	size_t len = 0;
	int r;

	if (ctx->kind == SOURCE_URL) {
		if (!ctx->fetch_text)
			return -EPROTONOSUPPORT;
		if (discover_budget_spent(ctx->budget))
			return -EDQUOT;
		r = source_url_join(ctx, path, &url);
		if (r >= 0)
			r = ctx->fetch_text(ctx->fetch, url, max, ret_text, &len, diags);
		free(url);
	} else {
		v = source_volume_get(ctx);
		if (!v || !v->fs)
			return -ENOENT;
		if (discover_budget_spent(ctx->budget))
			return -EDQUOT;
		r = fsa_read(v->fs, path, max, ret_text, &len);
	}
	if (r < 0)
		return r;
	if (discover_budget_charge(ctx->budget, 1, len) < 0) {
		free(*ret_text);
		*ret_text = NULL;
		return -EDQUOT;
	}
	if (ret_len)
		*ret_len = len;
	return r;
}

bool source_is_file(const struct source_ctx *ctx, const char *path)
{
	const struct boot_volume *v = source_volume_get(ctx);

	return v && v->fs && fsa_is_file(v->fs, path);
}

int source_origin(const struct source_ctx *ctx, const char *path, char **ret)
{
	if (ctx->kind == SOURCE_URL)
		return source_url_join(ctx, path, ret);
	if (asprintf(ret, "%s:%s", source_name(ctx), path) < 0) {
		*ret = NULL;
		return -ENOMEM;
	}
	return 0;
}

int source_ref_set(const struct source_ctx *ctx, struct boot_ref *ref, const char *path)
{
	char *url = NULL;
	int r;

	if (ctx->kind != SOURCE_URL)
		return boot_ref_set(ref, source_name(ctx), path);
	r = source_url_join(ctx, path, &url);
	if (r < 0)
		return r;
	boot_ref_done(ref);
	ref->url = url;
	return 0;
}

int source_merge(struct boot_set *dst, struct boot_set *src)
{
	int r = 0;

	for (size_t i = 0; i < src->n_entries; i++) {
		struct boot_entry *e = src->entries[i];

		if (!e || (e->id && boot_set_find(dst, e->id)))
			continue;
		r = boot_set_add(dst, e);
		if (r < 0)
			break;
		src->entries[i] = NULL;
	}
	if (r >= 0 && !dst->default_id && src->default_id && boot_set_find(dst, src->default_id))
		r = str_set(&dst->default_id, src->default_id);
	if (dst->timeout == BOOT_TIMEOUT_UNSET)
		dst->timeout = src->timeout;
	for (size_t i = 0; i < src->n_entries; i++)
		boot_entry_free(src->entries[i]);
	src->n_entries = 0;
	boot_set_done(src);
	return r;
}
