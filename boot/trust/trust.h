/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trust: the verify and measure stages, between fetch and compose.
 *
 *   verify   decides from the payload's policy (off | warn | enforce) whether
 *            the fetched kernel, initrds and command line may boot, and marks
 *            the blobs it checked as verified.
 *   measure  records what is booted in the TPM (when the machine has one)
 *            before anything of it runs.
 *
 * What they do today:
 *   verify:  off  -> passes, checks and marks nothing;
 *            warn -> checks the kernel's Authenticode signature
 *            (authenticode.h), marks what it covers, passes with a note
 *            saying what was not verified;
 *            enforce -> passes only when a valid Authenticode signature by
 *            a built-in anchor covers the kernel, every initrd and the
 *            command line (a UKI booted with its embedded .cmdline);
 *            refuses anything else with the reason.
 *   measure: no TPM -> nothing; a TPM (<root>/dev/tpmrm0) -> a note that
 *            measurement is not built yet; never fails the boot.
 *
 * Ownership: the context borrows its root prefix; the stages borrow the image.
 */
#ifndef KEXBOOT_BOOT_TRUST_H
#define KEXBOOT_BOOT_TRUST_H

#include "boot/entry.h"
#include "boot/image.h"
#include "lib/diag.h"

enum trust_policy {
	TRUST_POLICY_OFF,
	TRUST_POLICY_WARN,
	TRUST_POLICY_ENFORCE,
};

struct trust_ctx {
	enum trust_policy policy; /* from config/ at payload build time */
	const char *root;         /* prefix for /dev and the anchors in /etc (tests); "" in production */
};

const char *trust_policy_name(enum trust_policy p);

/*
 * The verify stage. 0: the entry may boot (notes in why->msgs); negative
 * errno with why->reason when the policy refuses it. cmdline is the one that
 * will be booted (edited or not).
 */
int trust_verify(const struct trust_ctx *ctx, const struct boot_entry *e, struct boot_image *img,
		 struct diag_list *why);

/* The measure stage. 0 unless measuring was required and failed. */
int trust_measure(const struct trust_ctx *ctx, const struct boot_image *img, struct diag_list *why);

#endif
