// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The https source: the secrets kexboot.secrets requires that no local source
 * holds, fetched from a folder `secrets/` beside the network config the entry
 * came from, over verified https:// only, through the fetch seam
 * (struct secrets_fetch). The rule and why: boot/secrets/secrets.h.
 */
#include "boot/secrets/internal.h"
#include "lib/cleanup.h"
#include "lib/url.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int secrets_https_url(const char *source_url, const char *name, char **ret)
{
	char ref[sizeof("secrets/") + SECRET_NAME_MAX];

	*ret = NULL;
	if (!source_url || strncasecmp(source_url, "https://", 8) != 0 || !secret_name_valid(name))
		return -EINVAL;
	snprintf(ref, sizeof(ref), "secrets/%s", name);
	return url_resolve(source_url, ref, ret) < 0 ? -EINVAL : 0;
}

/* "http" of "http://...": at most n - 1 letters before "://", else "". */
static const char *url_scheme(const char *url, char *buf, size_t n)
{
	const char *sep = strstr(url, "://");
	size_t len = sep ? (size_t)(sep - url) : 0;

	if (len >= n)
		len = 0;
	memcpy(buf, url, len);
	buf[len] = '\0';
	return buf;
}

/* One missing required secret: fetched and taken, or the entry's reason. */
static int https_fetch_one(const struct secrets_ctx *ctx, const char *name, struct secret_set *set,
			   struct diag_list *why)
{
	_cleanup_free_ char *url = NULL;
	struct blob b = BLOB_INIT;
	int r;

	if (secrets_https_url(ctx->source_url, name, &url) < 0)
		return diag_fail(why, EINVAL, "secret '%s': no URL for it beside %s", name, ctx->source_url);
	r = ctx->fetch->get(ctx->fetch->userdata, url, SECRET_MAX_SIZE, &b, why);
	if (r < 0) {
		char reason[DIAG_REASON_MAX];

		/* the fetch's reason names the URL and what went wrong; the entry's names the secret too */
		snprintf(reason, sizeof(reason), "%s", diag_reason(why, strerror(-r)));
		return diag_fail(why, r, "secret '%s': %s", name, reason);
	}
	if (!b.sensitive) {
		blob_release(&b);
		return diag_fail(why, EINVAL, "secret '%s': %s was not fetched into locked memory", name, url);
	}
	return secret_set_take(set, name, "https", &b, why);
}

int secrets_https_gather(const struct secrets_ctx *ctx, struct secret_set *set, struct diag_list *why)
{
	_cleanup_free_ char *list = NULL;
	char *save = NULL, scheme[8];

	if (!ctx->fetch || !ctx->source_url || !ctx->required || !*ctx->required)
		return 0;
	list = strdup(ctx->required);
	if (!list)
		return diag_fail(why, ENOMEM, "secrets: out of memory");
	for (char *name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		int r;

		/* an invalid name is secrets_check_required()'s to report; one already held is not fetched */
		if (!secret_name_valid(name) || secret_set_find(set, name))
			continue;
		if (strncasecmp(ctx->source_url, "https://", 8) != 0)
			return diag_fail(why, EPERM,
					 "secret '%s': not fetched: the entry came from %s, and secrets are fetched "
					 "over verified https:// only, never %s://",
					 name, ctx->source_url, url_scheme(ctx->source_url, scheme, sizeof(scheme)));
		if (ctx->plain_piece)
			return diag_fail(why, EPERM,
					 "secret '%s': not fetched: %s came over %s:// and is not verified, so the "
					 "kernel a secret would go to may not be the one the config named",
					 name, ctx->plain_piece, url_scheme(ctx->plain_piece, scheme, sizeof(scheme)));
		r = https_fetch_one(ctx, name, set, why);
		if (r < 0)
			return r;
	}
	return 0;
}
