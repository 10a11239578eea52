// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/image.h"
#include "boot/net/dns.h"
#include "lib/pe-blob.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void boot_image_done(struct boot_image *img)
{
	blob_release(&img->kernel);
	/* Callers may zero the struct without BLOB_INIT here: fd 0 is never a devicetree's. */
	if (img->devicetree.name || img->devicetree.storage || img->devicetree.fd > 0)
		blob_release(&img->devicetree);
	for (size_t i = 0; i < img->n_initrds; i++)
		blob_release(&img->initrds[i]);
	free(img->initrds);
	free(img->cmdline);
	free(img->sig_name);
	free(img->sig_data);
	free(img->sig_error);
	memset(img, 0, sizeof(*img));
	img->kernel = (struct blob)BLOB_INIT;
	img->devicetree = (struct blob)BLOB_INIT;
}

/*
 * The section called name of kernel (a whole PE file) as a blob of its own:
 * the same file mapped again through its descriptor and narrowed, never
 * copied; a download in anonymous memory (HTTP: no descriptor) has the
 * section's bytes copied into a read-only heap blob.
 */
static int boot_image_section(const struct blob *kernel, const char *name, struct blob *ret, struct diag_list *why)
{
	struct blob view;
	int r;

	if (kernel->fd >= 0) {
		r = blob_map_fd(kernel->fd, UINT64_MAX, kernel->name, ret, why);
		if (r < 0)
			return r;
		r = pe_blob_narrow(ret, name, why);
		if (r < 0)
			blob_release(ret);
		return r;
	}
	/* a borrowed look at kernel's bytes, narrowed to the section: never released */
	view = *kernel;
	r = pe_blob_narrow(&view, name, why);
	if (r < 0)
		return r;
	r = blob_new_heap(view.size, false, kernel->name, ret);
	if (r < 0)
		return diag_fail(why, -r, "%s: %s: %s", kernel->name, name, strerror(-r));
	if (view.size)
		memcpy(ret->storage, view.data, view.size);
	r = blob_seal(ret);
	if (r < 0) {
		blob_release(ret);
		return diag_fail(why, -r, "%s: %s: %s", kernel->name, name, strerror(-r));
	}
	return 0;
}

/*
 * A kernel reference naming a whole unified kernel image (no section: a
 * BLS uki-url, an iPXE chain of a .efi): .linux becomes the kernel, .ucode
 * and .initrd (boot_image_section: another view of the file, or a copy of
 * a download's bytes) go to pre[] in that order, and .cmdline to
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
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		if (!(i == 0 ? u.has_ucode : u.has_initrd))
			continue;
		r = boot_image_section(kernel, sections[i], &pre[n], why);
		if (r < 0)
			goto out;
		n++;
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

/*
 * The signature file the entry names (BLS kexboot-sig, iPXE imgverify), else
 * the kernel's reference with the signature suffix appended (the file beside
 * it, or the URL beside it).
 */
static int sig_ref(const struct boot_entry *e, struct boot_ref *ret)
{
	const struct boot_ref *k = &e->kernel;

	memset(ret, 0, sizeof(*ret));
	if (e->signature.path || e->signature.url)
		return boot_ref_copy(ret, &e->signature);
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

/*
 * Optional: records the bytes, or why there are none; fails only on -ENOMEM,
 * and on -ECANCELED (the stop fd fired: the whole fetch stops, the reason in
 * ret_why).
 */
static int sig_fetch(const struct fetch_ctx *ctx, const struct boot_entry *e, struct boot_image *t,
		     struct diag_list *ret_why)
{
	struct boot_ref ref;
	struct blob b = BLOB_INIT;
	struct diag_list why = { 0 };
	const char *base;
	int r;

	r = sig_ref(e, &ref);
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
	} else if (r == -ECANCELED) {
		r = diag_fail(ret_why, ECANCELED, "%s", diag_reason(&why, "stopped"));
	} else if (r != -ENOMEM) {
		t->sig_error = strdup(diag_reason(&why, strerror(-r)));
		r = t->sig_error ? 0 : -ENOMEM;
	}
	blob_release(&b);
	boot_ref_done(&ref);
	diag_list_done(&why);
	return r;
}

int boot_image_fetch(const struct fetch_ctx *given, const struct boot_entry *e, const char *cmdline,
		     struct boot_image *img, struct diag_list *why)
{
	/* the entry's own name servers (its network source's) look up the host names in its URLs, once per name */
	struct dns_cache cache = { 0 };
	struct fetch_ctx own = *given;
	const struct fetch_ctx *ctx = &own;
	struct boot_image t = { .kernel = BLOB_INIT, .devicetree = BLOB_INIT };
	struct blob pre[2] = { BLOB_INIT, BLOB_INIT };
	char *uki_cmdline = NULL;
	size_t n_pre = 0;
	int r;

	memset(img, 0, sizeof(*img));
	img->kernel = (struct blob)BLOB_INIT;
	img->devicetree = (struct blob)BLOB_INIT;
	if (e->dns) {
		own.dns = e->dns;
		own.dns_cache = &cache;
	}
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
	if (e->devicetree.path || e->devicetree.url) {
		r = fetch_ref(ctx, &e->devicetree, BOOT_IMAGE_DTB_MAX, &t.devicetree, why);
		if (r < 0)
			goto fail;
	}
	/* an edit, else the entry's own, else the UKI's .cmdline */
	t.cmdline = strdup(cmdline ? cmdline : e->cmdline && *e->cmdline ? e->cmdline : uki_cmdline ? uki_cmdline : "");
	if (!t.cmdline) {
		r = -ENOMEM;
		goto fail;
	}
	free(uki_cmdline);
	uki_cmdline = NULL;
	if (ctx->signatures) {
		r = sig_fetch(ctx, e, &t, why);
		if (r < 0)
			goto fail;
	}
	*img = t;
	return 0;
fail:
	for (size_t i = 0; i < n_pre; i++)
		blob_release(&pre[i]);
	free(uki_cmdline);
	boot_image_done(&t);
	return r;
}
