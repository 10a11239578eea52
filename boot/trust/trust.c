// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/trust/trust.h"

#include <errno.h>

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

int trust_verify(const struct trust_ctx *ctx, const struct boot_entry *e, struct boot_image *img,
		 struct diag_list *why)
{
	(void)img; /* nothing is checked yet, so nothing is marked verified */
	switch (ctx->policy) {
	case TRUST_POLICY_OFF:
		return 0;
	case TRUST_POLICY_WARN:
		(void)diag_note(why, "%s: not verified (signature checks are not built yet; policy warn)",
				e->title ? e->title : e->id ? e->id : "entry");
		return 0;
	case TRUST_POLICY_ENFORCE:
		break;
	}
	return diag_fail(why, EPERM, "refused by policy enforce: signature checks are not built yet, so nothing can be verified");
}
