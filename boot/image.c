// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/image.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void boot_image_done(struct boot_image *img)
{
	blob_release(&img->kernel);
	for (size_t i = 0; i < img->n_initrds; i++)
		blob_release(&img->initrds[i]);
	free(img->initrds);
	free(img->cmdline);
	free(img->sig_name);
	free(img->sig_data);
	free(img->sig_error);
	memset(img, 0, sizeof(*img));
	img->kernel = (struct blob)BLOB_INIT;
}

/* The kernel's reference with the signature suffix appended (the file beside it, or the URL beside it). */
static int sig_ref(const struct boot_ref *k, struct boot_ref *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (k->url)
		return asprintf(&ret->url, "%s%s", k->url, BOOT_IMAGE_SIG_SUFFIX) < 0 ? -ENOMEM : 0;
	if (!k->path)
		return -EINVAL;
	if (asprintf(&ret->path, "%s%s", k->path, BOOT_IMAGE_SIG_SUFFIX) < 0)
		return -ENOMEM;
	if (k->device && !(ret->device = strdup(k->device))) {
		boot_ref_done(ret);
		return -ENOMEM;
	}
	return 0;
}

/* Optional: records the bytes, or why there are none; fails only on -ENOMEM. */
static int sig_fetch(const struct fetch_ctx *ctx, const struct boot_entry *e, struct boot_image *t)
{
	struct boot_ref ref;
	struct blob b = BLOB_INIT;
	struct diag_list why = { 0 };
	const char *base;
	int r;

	r = sig_ref(&e->kernel, &ref);
	if (r < 0)
		return r == -ENOMEM ? r : 0;
	/* Messages name the file alone ("vmlinuz.kexboot-sig:3: ..."): the status line is short. */
	base = strrchr(ref.url ? ref.url : ref.path, '/');
	t->sig_name = strdup(base ? base + 1 : ref.url ? ref.url : ref.path);
	r = t->sig_name ? 0 : -ENOMEM;
	if (r >= 0)
		r = fetch_ref(ctx, &ref, BOOT_IMAGE_SIG_MAX, &b, &why);
	if (r >= 0) {
		t->sig_data = malloc(b.size + 1);
		if (t->sig_data) {
			if (b.size)
				memcpy(t->sig_data, b.data, b.size);
			t->sig_data[b.size] = '\0';
			t->sig_len = b.size;
		}
		r = t->sig_data ? 0 : -ENOMEM;
	} else if (r != -ENOMEM) {
		t->sig_error = strdup(diag_reason(&why, strerror(-r)));
		r = t->sig_error ? 0 : -ENOMEM;
	}
	blob_release(&b);
	boot_ref_done(&ref);
	diag_list_done(&why);
	return r;
}

int boot_image_fetch(const struct fetch_ctx *ctx, const struct boot_entry *e, const char *cmdline,
		     struct boot_image *img, struct diag_list *why)
{
	struct boot_image t = { .kernel = BLOB_INIT };
	int r;

	memset(img, 0, sizeof(*img));
	img->kernel = (struct blob)BLOB_INIT;
	if (e->state != BOOT_ENTRY_OK)
		return diag_fail(why, EINVAL, "%s", e->reason ? e->reason : "the entry is broken");
	if (e->n_initrds > BOOT_IMAGE_MAX_INITRDS)
		return diag_fail(why, E2BIG, "too many initrds (%zu, at most %d)", e->n_initrds,
				 BOOT_IMAGE_MAX_INITRDS);
	r = fetch_ref(ctx, &e->kernel, BOOT_IMAGE_KERNEL_MAX, &t.kernel, why);
	if (r < 0)
		goto fail;
	if (e->n_initrds) {
		t.initrds = calloc(e->n_initrds, sizeof(*t.initrds));
		if (!t.initrds) {
			r = -ENOMEM;
			goto fail;
		}
	}
	for (size_t i = 0; i < e->n_initrds; i++) {
		r = fetch_ref(ctx, &e->initrds[i], BOOT_IMAGE_INITRD_MAX, &t.initrds[i], why);
		if (r < 0)
			goto fail;
		t.n_initrds++;
	}
	t.cmdline = strdup(cmdline ? cmdline : e->cmdline ? e->cmdline : "");
	if (!t.cmdline) {
		r = -ENOMEM;
		goto fail;
	}
	if (ctx->signatures) {
		r = sig_fetch(ctx, e, &t);
		if (r < 0)
			goto fail;
	}
	*img = t;
	return 0;
fail:
	boot_image_done(&t);
	return r;
}
