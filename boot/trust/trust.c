// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/trust/trust.h"
#include "boot/trust/authenticode.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
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
	*ret_all = cmdline_signed;
	for (size_t i = 0; i < img->n_initrds; i++)
		*ret_all = *ret_all && img->initrds[i].verified;
	return 0;
}

int trust_verify(const struct trust_ctx *ctx, const struct boot_entry *e, struct boot_image *img,
		 struct diag_list *why)
{
	const char *title = e->title ? e->title : e->id ? e->id : "entry";
	struct diag_list ac;
	bool all = false;
	int r;

	if (ctx->policy == TRUST_POLICY_OFF)
		return 0;
	diag_list_init(&ac);
	r = trust_authenticode(ctx, e, img, &all, &ac);
	if (ctx->policy == TRUST_POLICY_WARN) {
		if (r < 0)
			(void)diag_note(why, "%s: not verified: %s (policy warn)", title, diag_reason(&ac, "no reason"));
		else if (!all)
			(void)diag_note(why, "%s: kernel signed; its initrds or command line are not verified (policy warn)",
					title);
		diag_list_done(&ac);
		return 0;
	}
	if (r < 0)
		r = diag_fail(why, EPERM, "refused by policy enforce: %s", diag_reason(&ac, "not verified"));
	else if (!all)
		r = diag_fail(why, EPERM, "refused by policy enforce: %s: the kernel is signed, its initrds or command line are not",
			      title);
	diag_list_done(&ac);
	return r;
}
