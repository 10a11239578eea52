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
 * verify (boot/trust/manifest.h, boot/trust/signature.h): the entry's
 * signature file (<kernel>.kexboot-sig, fetched beside the kernel) holds a
 * manifest (the SHA-256 of the kernel, of every initrd in order, of the
 * exact command line) and detached PKCS#7/CMS signatures over it. The entry
 * passes when at least `threshold` distinct signers chain to the payload's
 * anchors (root certificates, valid at `now`) and every hash matches what
 * was fetched and the command line that will be booted (edited or not);
 * then the kernel and initrd blobs are marked verified.
 *   off      nothing is checked, nothing marked;
 *   warn     the same checks; a failure is a note and the boot goes on;
 *   enforce  a failure refuses the entry (-EPERM, "refused by policy
 *            enforce: <reason>"): unsigned, altered, edited, unknown or
 *            expired signer, too few signers.
 * measure: no TPM -> nothing; a TPM (<root>/dev/tpmrm0) -> a note that
 * measurement is not built yet; never fails the boot.
 *
 * Ownership: the context borrows its strings; the stages borrow the image.
 */
#ifndef KEXBOOT_BOOT_TRUST_H
#define KEXBOOT_BOOT_TRUST_H

#include <time.h>

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
	const char *root;         /* prefix for /dev and the anchors (tests); "" in production */
	const char *anchors_dir;  /* root certificates, *.pem (config/defaults.h KEXBOOT_TRUST_DIR) */
	unsigned threshold;       /* distinct good signers needed; 0 counts as 1 */
	time_t now;               /* certificates must be valid at this time */
};

const char *trust_policy_name(enum trust_policy p);

/*
 * The verify stage. 0: the entry may boot (notes in why->msgs); negative
 * errno with why->reason when the policy refuses it. img->cmdline is the
 * one that will be booted (edited or not).
 */
int trust_verify(const struct trust_ctx *ctx, const struct boot_entry *e, struct boot_image *img,
		 struct diag_list *why);

/* The measure stage. 0 unless measuring was required and failed. */
int trust_measure(const struct trust_ctx *ctx, const struct boot_image *img, struct diag_list *why);

#endif
