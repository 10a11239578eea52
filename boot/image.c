// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/image.h"
#include "lib/pe-blob.h"

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

/*
 * A kernel reference naming a whole unified kernel image (no section: a
 * BLS uki-url, an iPXE chain of a .efi): .linux becomes the kernel, .ucode
 * and .initrd (each the same file mapped again through its descriptor and
 * narrowed, never copied) go to pre[] in that order, and .cmdline to
 * *ret_cmdline (NULL when none). Returns how many blobs pre[] got, 0 for a
 * kernel that is no UKI (left as it is), or a negative errno with why set.
 */
static int boot_image_split_uki(struct blob *kernel, struct blob pre[2], char **ret_cmdline, struct diag_list *why)
{
	static const char *const sections[] = { ".ucode", ".initrd" };
	struct pe_uki u;
	int n = 0, r = 0;

	*ret_cmdline = NULL;
	if (pe_blob_uki(kernel, &u) < 0)
		return 0;
	if (kernel->fd < 0) {
		r = diag_fail(why, EINVAL, "%s: a unified kernel image without a file behind it", kernel->name);
		goto out;
	}
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		if (!(i == 0 ? u.has_ucode : u.has_initrd))
			continue;
		r = blob_map_fd(kernel->fd, UINT64_MAX, kernel->name, &pre[n], why);
		if (r < 0)
			goto out;
		n++;
		r = pe_blob_narrow(&pre[n - 1], sections[i], why);
		if (r < 0)
			goto out;
	}
	r = pe_blob_narrow(kernel, ".linux", why);
	if (r >= 0) {
		*ret_cmdline = u.cmdline;
		u.cmdline = NULL;
	}
out:
	pe_uki_done(&u);
	if (r < 0) {
		while (n > 0)
			blob_release(&pre[--n]);
		return r;
	}
	return n;
}

int boot_image_fetch(const struct fetch_ctx *ctx, const struct boot_entry *e, const char *cmdline,
		     struct boot_image *img, struct diag_list *why)
{
	struct boot_image t = { .kernel = BLOB_INIT };
	struct blob pre[2] = { BLOB_INIT, BLOB_INIT };
	char *uki_cmdline = NULL;
	size_t n_pre = 0;
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
	if (!e->kernel.section) {
		r = boot_image_split_uki(&t.kernel, pre, &uki_cmdline, why);
		if (r < 0)
			goto fail;
		n_pre = (size_t)r;
	}
	if (n_pre + e->n_initrds > BOOT_IMAGE_MAX_INITRDS) {
		r = diag_fail(why, E2BIG, "too many initrds (%zu with the image's own, at most %d)", n_pre + e->n_initrds,
			      BOOT_IMAGE_MAX_INITRDS);
		goto fail;
	}
	if (n_pre + e->n_initrds) {
		t.initrds = calloc(n_pre + e->n_initrds, sizeof(*t.initrds));
		if (!t.initrds) {
			r = -ENOMEM;
			goto fail;
		}
	}
	/* a whole UKI's own pieces come first, as systemd-stub and `kexboot kexec` order them */
	for (size_t i = 0; i < n_pre; i++) {
		t.initrds[t.n_initrds++] = pre[i];
		blob_forget(&pre[i]);
	}
	for (size_t i = 0; i < e->n_initrds; i++) {
		r = fetch_ref(ctx, &e->initrds[i], BOOT_IMAGE_INITRD_MAX, &t.initrds[t.n_initrds], why);
		if (r < 0)
			goto fail;
		t.n_initrds++;
	}
	/* an edit, else the entry's own, else the UKI's .cmdline */
	t.cmdline = strdup(cmdline ? cmdline : e->cmdline && *e->cmdline ? e->cmdline : uki_cmdline ? uki_cmdline : "");
	if (!t.cmdline) {
		r = -ENOMEM;
		goto fail;
	}
	free(uki_cmdline);
	*img = t;
	return 0;
fail:
	for (size_t i = 0; i < n_pre; i++)
		blob_release(&pre[i]);
	free(uki_cmdline);
	boot_image_done(&t);
	return r;
}
