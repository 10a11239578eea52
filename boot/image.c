// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/image.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void boot_image_done(struct boot_image *img)
{
	blob_release(&img->kernel);
	for (size_t i = 0; i < img->n_initrds; i++)
		blob_release(&img->initrds[i]);
	free(img->initrds);
	free(img->cmdline);
	memset(img, 0, sizeof(*img));
	img->kernel = (struct blob)BLOB_INIT;
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
	*img = t;
	return 0;
fail:
	boot_image_done(&t);
	return r;
}
