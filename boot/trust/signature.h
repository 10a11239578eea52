/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * signature: detached PKCS#7/CMS SignedData over a manifest, checked against
 * the payload's trust anchors (root certificates) with OpenSSL.
 *
 * A signature counts when its bytes match the manifest AND its signer's
 * certificate chains (through certificates carried in the signature) to an
 * anchor, with every certificate of the chain valid at `now` (passed in, so
 * tests can check expiry without a clock). Signers are told apart by the
 * SHA-256 of their public key: the same key signing twice, or two
 * certificates for one key, count once toward the threshold.
 *
 * Anchors are PEM files (one or more certificates each) in a directory of
 * the initramfs (config/defaults.h KEXBOOT_TRUST_DIR), read under a root
 * prefix.
 *
 * Ownership: struct trust_anchors owns its OpenSSL store; everything else is
 * borrowed.
 */
#ifndef KEXBOOT_BOOT_TRUST_SIGNATURE_H
#define KEXBOOT_BOOT_TRUST_SIGNATURE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "boot/trust/manifest.h"
#include "lib/diag.h"

#define TRUST_ANCHORS_MAX_FILES 32
#define TRUST_ANCHOR_FILE_MAX (64u << 10)
#define SIG_MAX_SIGNERS 8 /* signer infos in one signature block */

struct trust_anchors;

/* Every *.pem under root+dir. -ENOENT (with a reason) when there is none. */
int trust_anchors_load(const char *root, const char *dir, struct trust_anchors **ret, struct diag_list *diags);
/* Certificates from PEM text (tests, fuzz, `kexboot verify`); appends to *a, creating it when NULL. */
int trust_anchors_add_pem(struct trust_anchors **a, const void *pem, size_t len, const char *name,
			  struct diag_list *diags);
size_t trust_anchors_count(const struct trust_anchors *a);
void trust_anchors_free(struct trust_anchors *a);

struct sig_signer {
	uint8_t key_id[32]; /* SHA-256 of the signer's SubjectPublicKeyInfo */
	char subject[128];  /* for messages */
};

/*
 * One signature (PEM or DER) over data[0..len). 0 and up to max signers in
 * ret (their number in *ret_n) when every signer info matches and every
 * signer chains to an anchor at now; else a negative errno and the reason
 * ("signature does not match the manifest", "signer CN=x: certificate has
 * expired", "signer CN=x: unable to get local issuer certificate").
 */
int sig_verify_one(const struct trust_anchors *a, const void *data, size_t len, const void *sig, size_t sig_len,
		   time_t now, struct sig_signer *ret, size_t max, size_t *ret_n, struct diag_list *diags);

/*
 * Every signature block of f over f->text: *ret_good is the number of
 * distinct good signers; each failing block adds "name:line: reason" to
 * diags->msgs and the first one is left in diags->reason.
 */
int sig_count(const struct trust_anchors *a, const char *name, const struct manifest_file *f, time_t now,
	      size_t *ret_good, struct diag_list *diags);

#endif
