// SPDX-License-Identifier: GPL-2.0-or-later
/* fetch_ref(): a reference to the back end its kind or URL scheme names, then its PE section. */
#include "boot/fetch/backend.h"
#include "lib/pe-blob.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool url_has_scheme(const char *url, const char *scheme)
{
	size_t n = strlen(scheme);

	return strncasecmp(url, scheme, n) == 0 && strncmp(url + n, "://", 3) == 0;
}

/* Whole file into *ret, from whichever back end the reference names. */
static int fetch_whole(const struct fetch_ctx *ctx, const struct boot_ref *ref, const char *name, uint64_t max,
		       struct blob *ret, struct diag_list *why)
{
	if (ref->url) {
		/* A secret crosses the network only inside verified TLS: no other scheme is even tried. */
		if (ctx->secret && !url_has_scheme(ref->url, "https"))
			return diag_fail(why, EPERM, "%s: refused: secrets are fetched over verified https:// only", ref->url);
		if (url_has_scheme(ref->url, "file"))
			return fetch_file_url(ref->url, name, max, ret, why);
		if (url_has_scheme(ref->url, "http") || url_has_scheme(ref->url, "https"))
			return fetch_http_url(ctx, ref->url, name, max, ret, why);
		if (url_has_scheme(ref->url, "tftp"))
			return fetch_tftp_url(ctx, ref->url, name, max, ret, why);
		return diag_fail(why, EPROTONOSUPPORT, "%s: not a URL kexboot can fetch", ref->url);
	}
	if (ctx->secret)
		return diag_fail(why, EPERM, "%s: refused: secrets are fetched over verified https:// only", name);
	if (!ref->path)
		return diag_fail(why, EINVAL, "an entry names no file");
	return fetch_file_volume(ctx, ref, name, max, ret, why);
}

/*
 * A download stopped for the reason the caller gave (ctx->stop_says):
 * "download of URL cancelled by a key (stopped after N bytes)", the back
 * end's own words after the URL kept in the parentheses.
 */
static int fetch_stopped(const struct fetch_ctx *ctx, const char *name, struct diag_list *why)
{
	char detail[DIAG_REASON_MAX];
	const char *d = diag_reason(why, "stopped");
	size_t n = strlen(name);

	/* "URL: stopped after 5 bytes", "URL; stopped before retrying": the URL is said once */
	if (!strncmp(d, name, n) && (d[n] == ':' || d[n] == ';') && d[n + 1] == ' ')
		d += n + 2;
	snprintf(detail, sizeof(detail), "%s", d);
	return diag_fail(why, ECANCELED, "download of %s %s (%s)", name, ctx->stop_says, detail);
}

int fetch_ref(const struct fetch_ctx *ctx, const struct boot_ref *ref, uint64_t max, struct blob *ret,
	      struct diag_list *why)
{
	char *name = NULL;
	int r;

	*ret = (struct blob)BLOB_INIT;
	/* The name messages use: "UUID=...:/vmlinuz", "UUID=...:/uki.efi.linux", the URL. */
	if (ref->url)
		r = asprintf(&name, "%s%s", ref->url, ref->section ? ref->section : "");
	else
		r = asprintf(&name, "%s:%s%s", ref->device ? ref->device : "?", ref->path ? ref->path : "",
			     ref->section ? ref->section : "");
	if (r < 0)
		return -ENOMEM;
	r = fetch_whole(ctx, ref, name, max, ret, why);
	if (r == -ECANCELED && ref->url && ctx->stop_says)
		r = fetch_stopped(ctx, name, why);
	free(name);
	if (r < 0)
		return r;
	if (ref->section) {
		r = pe_blob_narrow(ret, ref->section, why);
		if (r < 0)
			blob_release(ret);
	}
	return r;
}

int fetch_text(const struct fetch_ctx *ctx, const char *url, size_t max, char **ret_text, size_t *ret_len,
	       struct diag_list *why)
{
	struct boot_ref ref = { .url = (char *)url };
	struct blob b;
	char *text;
	int r;

	r = fetch_ref(ctx, &ref, max, &b, why);
	if (r < 0)
		return r;
	text = malloc(b.size + 1);
	if (!text) {
		blob_release(&b);
		return -ENOMEM;
	}
	if (b.size)
		memcpy(text, b.data, b.size);
	text[b.size] = '\0';
	*ret_text = text;
	if (ret_len)
		*ret_len = b.size;
	blob_release(&b);
	return 0;
}
