// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/trust/trust.h"
#include "boot/trust/authenticode.h"
#include "boot/trust/dbx.h"
#include "boot/trust/manifest.h"
#include "boot/trust/signature.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *trust_policy_name(enum trust_policy p)
{
	switch (p) {
	case TRUST_POLICY_WARN:
		return "warn";
	case TRUST_POLICY_ENFORCE:
		return "enforce";
	case TRUST_POLICY_OFF:
		break;
	}
	return "off";
}

/*
 * Authenticode (authenticode.h): 0 when the kernel carries a valid signature
 * by an anchor (marked verified, as are a UKI's own sections); *ret_all when
 * that signature covers everything booted: every initrd, and the command
 * line (a UKI booted with its embedded one). Otherwise the negative errno
 * with the reason in why->reason.
 */
static int trust_authenticode(const struct trust_ctx *ctx, const struct boot_entry *e, struct boot_image *img,
			      bool *ret_all, struct diag_list *why)
{
	struct authenticode_anchors a;
	bool cmdline_signed = false;
	int r;

	r = authenticode_anchors_load(&a, ctx->root, why);
	if (r < 0)
		return r;
	r = authenticode_verify_image(&a, e, img, &cmdline_signed, why);
	authenticode_anchors_done(&a);
	if (r < 0)
		return r;
	*ret_all = cmdline_signed && !boot_image_has_devicetree(img);
	for (size_t i = 0; i < img->n_initrds; i++)
		*ret_all = *ret_all && img->initrds[i].verified;
	return 0;
}

/* The payload's dbx (boot/trust/dbx.h) over img: 0, or -EKEYREVOKED (or why the list is unreadable). */
static int trust_dbx(const struct trust_ctx *ctx, struct boot_image *img, struct diag_list *d)
{
	struct dbx x = { 0 };
	int r;

	if (!ctx->dbx_path)
		return 0;
	r = dbx_load(ctx->root, ctx->dbx_path, &x, d);
	if (r >= 0)
		r = dbx_check_image(&x, img, d);
	dbx_done(&x);
	return r;
}

/*
 * The checks, in the order that parses least unauthenticated text: the
 * container, the signatures over the manifest bytes, then the manifest and
 * the hashes. 0 and the number of good signers, or the first failure.
 */
static int verify_image(const struct trust_ctx *ctx, struct boot_image *img, size_t *ret_good,
			struct diag_list *d)
{
	const char *name = img->sig_name ? img->sig_name : "signature file";
	const unsigned need = ctx->threshold ? ctx->threshold : 1;
	struct trust_anchors *anchors = NULL;
	struct manifest_file f;
	struct manifest m;
	size_t good = 0;
	int r;

	if (!img->sig_data)
		return diag_fail(d, ENOKEY, "unsigned: %s", img->sig_error ? img->sig_error : "no signature file");
	r = manifest_file_split(name, img->sig_data, img->sig_len, &f, d);
	if (r < 0)
		return r;
	if (!ctx->anchors_dir)
		return diag_fail(d, ENOKEY, "no trust anchors are configured");
	r = trust_anchors_load(ctx->root, ctx->anchors_dir, &anchors, d);
	if (r < 0)
		return r;
	r = sig_count(anchors, name, &f, ctx->now, &good, d);
	trust_anchors_free(anchors);
	if (r < 0)
		return r;
	if (good < need) {
		/* With no good signer, the first block's failure is the reason already. */
		if (good > 0 || !d->reason[0])
			return diag_fail(d, EKEYREJECTED, "%s: %zu good signer(s), %u required", name, good, need);
		return -EKEYREJECTED;
	}
	r = manifest_parse(name, f.text, f.text_len, &m, d);
	if (r < 0)
		return r;
	r = manifest_check(name, &m, img, d);
	if (r < 0)
		return r;
	*ret_good = good;
	return 0;
}

int trust_verify(const struct trust_ctx *ctx, const struct boot_entry *e, struct boot_image *img,
		 struct diag_list *why)
{
	const char *title = e->title ? e->title : e->id ? e->id : "entry";
	struct diag_list d, ac;
	size_t good = 0;
	bool all = false;
	int r;

	if (ctx->policy == TRUST_POLICY_OFF)
		return 0;
	diag_list_init(&d);
	diag_list_init(&ac);
	/* Revoked pieces first: a signature does not bring them back. */
	r = trust_dbx(ctx, img, &d);
	if (r >= 0 && img->sig_data) {
		/* The signature file decides (the one the entry names, or the one beside the kernel). */
		r = verify_image(ctx, img, &good, &d);
		if (r >= 0) {
			img->kernel.verified = true;
			for (size_t i = 0; i < img->n_initrds; i++)
				img->initrds[i].verified = true;
			img->devicetree.verified = boot_image_has_devicetree(img);
			(void)diag_note(why, "%s: verified (%s: %zu signer(s))", title,
					img->sig_name ? img->sig_name : "signature file", good);
		}
	} else if (r >= 0) {
		/*
		 * No manifest: a Secure Boot signature on the kernel itself (a UKI
		 * signed with sbsign) may cover the kernel, its initrds and its
		 * command line.
		 */
		r = trust_authenticode(ctx, e, img, &all, &ac);
		if (r >= 0 && all)
			(void)diag_note(why, "%s: verified (Authenticode signature over the image)", title);
		else if (r >= 0 && boot_image_has_devicetree(img))
			/* A devicetree the entry adds is never part of the kernel's signed file. */
			r = diag_fail(&d, EKEYREJECTED, "%s: the kernel is signed, its devicetree is not (only a manifest "
				      "can sign one)", title);
		else if (r >= 0)
			r = diag_fail(&d, EKEYREJECTED, "%s: the kernel is signed, its initrds or command line are not",
				      title);
		else if (r == -ENOEXEC)
			/* Not a PE image: only a manifest could have vouched for it. */
			r = diag_fail(&d, ENOKEY, "unsigned: %s", img->sig_error ? img->sig_error : "no signature file");
		else if (r != -ENOMEM)
			/* Say both: no manifest, and why the kernel's own signature does not vouch for it. */
			r = diag_fail(&d, -r, "unsigned: %s; the kernel's own signature: %s",
				      img->sig_error ? img->sig_error : "no signature file", diag_reason(&ac, strerror(-r)));
	}
	for (size_t i = 0; i < d.n; i++)
		(void)diag_note(why, "%s", d.msgs[i]);
	if (r >= 0) {
		r = 0;
	} else if (r == -ENOMEM) {
		(void)diag_fail(why, ENOMEM, "verify: out of memory");
	} else if (ctx->policy == TRUST_POLICY_WARN) {
		(void)diag_note(why, "%s: not verified: %s (policy warn: booting anyway)", title,
				diag_reason(&d, strerror(-r)));
		r = 0;
	} else {
		r = diag_fail(why, EPERM, "refused by policy enforce: %s", diag_reason(&d, strerror(-r)));
	}
	diag_list_done(&ac);
	diag_list_done(&d);
	return r;
}
