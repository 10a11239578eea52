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
 *            event log, extending nothing yet; trust_measure_extend() right
 *            after: extends the entry's events (PCR 8 and 9, or 11 and 12 of
 *            a UKI), all but the closing separators, so that the secrets
 *            stage unseals against the state of the entry being booted (a
 *            secret sealed to another command line or kernel does not
 *            unseal); trust_measure_commit() once the kernel holds the
 *            image, before quiesce: extends the separators into PCRs 8 and 9
 *            and reads the PCRs back against the log's replay. So nothing
 *            that runs after kexboot can unseal what was sealed to
 *            kexboot's state, and the PCRs say what was loaded.
 *            An attempt that fails after trust_measure_extend() is closed
 *            with trust_measure_abandon(): its separators go in at once (no
 *            later attempt of this boot unseals anything sealed to a state
 *            before them) and its events are kept in ctx->measured, which
 *            the next attempt's log starts with, so that log still replays
 *            to what the TPM holds.
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

/* What earlier attempts of this boot extended: their TCG_PCR_EVENT2 records, in order. */
struct trust_measured {
	uint8_t *records; /* owned (malloc) */
	size_t len;
};

void trust_measured_done(struct trust_measured *m);

struct trust_ctx {
	enum trust_policy policy; /* from config/ at payload build time */
	const char *root;         /* prefix for /dev and the anchors (tests); "" in production */
	const char *anchors_dir;  /* root certificates, *.pem (config/defaults.h KEXBOOT_TRUST_DIR) */
	unsigned threshold;       /* distinct good signers needed; 0 counts as 1 */
	time_t now;               /* certificates must be valid at this time */
	const char *dbx_path;     /* forbidden hashes (boot/trust/dbx.h), under root; NULL: none */
	struct trust_measured *measured; /* borrowed: kept across attempts; NULL: a single attempt */
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
	size_t extended;          /* the plan's events the TPM holds already */
	uint16_t check_alg;       /* the bank read back (sha256 when active) */
	bool before_read[TPM_NUM_PCRS];
	uint8_t before[TPM_NUM_PCRS][TPM_MAX_DIGEST]; /* the PCRs before the first extend, to check against */
};

#define TRUST_MEASUREMENT_INIT { .tpm = TPM_INIT, .eventlog = BLOB_INIT }

/*
 * The measure stage's first step (see above): *ret always initialised.
 * 0 unless the policy is enforce and a TPM failed.
 */
int trust_measure(const struct trust_ctx *ctx, const struct boot_image *img, struct trust_measurement *ret,
		  struct diag_list *why);
/*
 * The entry's events into the TPM, the closing separators left for
 * trust_measure_commit(). 0 unless the policy is enforce and an extend
 * failed (warn: said, and m no longer measures).
 */
int trust_measure_extend(const struct trust_ctx *ctx, struct trust_measurement *m, struct diag_list *why);
/*
 * The rest of the extends (all of them when trust_measure_extend() was not
 * called), after load and before quiesce, then the read-back check. 0
 * unless the policy is enforce and an extend failed.
 */
int trust_measure_commit(const struct trust_ctx *ctx, struct trust_measurement *m, struct diag_list *why);
/*
 * An attempt that failed after trust_measure_extend(): the rest of its
 * events (the separators) go in and the log's events join ctx->measured.
 * Does nothing when nothing was extended. Problems are notes.
 */
void trust_measure_abandon(const struct trust_ctx *ctx, struct trust_measurement *m, struct diag_list *why);
void trust_measurement_done(struct trust_measurement *m);

#endif
