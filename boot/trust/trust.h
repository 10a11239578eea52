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
 *   Before any signature, the payload's dbx (boot/trust/dbx.h): a kernel
 *   whose Authenticode image hash, or a kernel or initrd whose SHA-256, is
 *   listed is refused under enforce ("revoked: ..."), signed or not.
 *   Without a signature file, a kernel that is a PE image (a UKI) may
 *   carry a Secure Boot Authenticode signature instead (authenticode.h): it
 *   passes when a built-in UEFI anchor signed it and the signature covers
 *   every initrd (the UKI's own sections) and the command line (the
 *   embedded .cmdline).
 *   measure (boot/trust/measure-stage.c over boot/trust/tpm/): two steps.
 *            trust_measure() before compose: opens <root>/dev/tpmrm0, reads
 *            the active PCR banks, plans the events (boot/trust/tpm/measure.h
 *            has the table), hashes them for every bank and builds the TCG
 *            event log, extending nothing yet; trust_measure_commit() once
 *            the kernel holds the image, before quiesce: extends every event
 *            in order (the separator last) and reads the PCRs back against
 *            the log's replay. So whatever compose unseals does so before any
 *            extend, and the PCRs say what was loaded.
 *            No TPM: nothing measured (a note under warn and enforce); a TPM
 *            that fails: enforce refuses the boot with the reason, warn and
 *            off say it and boot unmeasured.
 *
 * Ownership: the context borrows its root prefix; the stages borrow the
 * image; struct trust_measurement owns its TPM descriptor, plan and log (the
 * plan borrows the image's bytes: the image outlives it).
 */
#ifndef KEXBOOT_BOOT_TRUST_H
#define KEXBOOT_BOOT_TRUST_H

#include <time.h>

#include "boot/entry.h"
#include "boot/image.h"
#include "boot/trust/tpm/measure.h"
#include "boot/trust/tpm/tpm.h"
#include "lib/blob.h"
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
	const char *dbx_path;     /* forbidden hashes (boot/trust/dbx.h), under root; NULL: none */
};

const char *trust_policy_name(enum trust_policy p);

/*
 * The verify stage. 0: the entry may boot (notes in why->msgs); negative
 * errno with why->reason when the policy refuses it. img->cmdline is the
 * one that will be booted (edited or not).
 */
int trust_verify(const struct trust_ctx *ctx, const struct boot_entry *e, struct boot_image *img,
		 struct diag_list *why);

struct trust_measurement {
	struct tpm tpm;           /* owned; fd -1 when nothing is to be measured */
	struct tpm_banks banks;
	struct measure_plan plan; /* owned; borrows the image's bytes */
	struct blob eventlog;     /* owned heap blob: the log for EVENTLOG_PATH; BLOB_EMPTY when nothing is measured */
};

#define TRUST_MEASUREMENT_INIT { .tpm = TPM_INIT, .eventlog = BLOB_INIT }

/*
 * The measure stage's first step (see above): *ret always initialised.
 * 0 unless the policy is enforce and a TPM failed.
 */
int trust_measure(const struct trust_ctx *ctx, const struct boot_image *img, struct trust_measurement *ret,
		  struct diag_list *why);
/* The extends, after load and before quiesce. 0 unless the policy is enforce and an extend failed. */
int trust_measure_commit(const struct trust_ctx *ctx, struct trust_measurement *m, struct diag_list *why);
void trust_measurement_done(struct trust_measurement *m);

#endif
