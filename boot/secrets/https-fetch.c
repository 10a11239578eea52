// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The https source's real fetch (struct secrets_fetch): the fetch stage with
 * `secret` set (boot/fetch/fetch.h: https:// only, a sensitive blob, the
 * transfer's buffers wiped), over the boot path's fetch context. Linked into
 * kexboot and the tests that run the real fetch; test-secrets fakes it.
 */
#include "boot/fetch/fetch.h"
#include "boot/secrets/secrets.h"

int secrets_fetch_https(void *userdata, const char *url, size_t max, struct blob *ret, struct diag_list *why)
{
	const struct fetch_ctx *base = userdata;
	/* the boot path's stop (a cancelling key) ends this download too */
	struct fetch_ctx ctx = { .root = base ? base->root : NULL, .secret = true,
				 .stop_fd = base ? base->stop_fd : NULL, .stop_says = base ? base->stop_says : NULL };
	struct boot_ref ref = { .url = (char *)url };

	return fetch_ref(&ctx, &ref, max, ret, why);
}
