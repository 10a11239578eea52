/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * authenticode: Secure Boot signatures of PE images (a UKI, an EFI-stub
 * kernel) checked in user space, the way UEFI firmware checks them against
 * its db:
 *
 *   - the image hash over the ranges lib/pe-hash.h names (SHA-256, -384 or
 *     -512, as the signature's DigestInfo says; SHA-1 is refused);
 *   - every WIN_CERTIFICATE of revision 2.0 and type PKCS_SIGNED_DATA is a
 *     PKCS#7 SignedData whose content is an SpcIndirectDataContent; its
 *     DigestInfo must equal the image hash, its one SignerInfo must verify
 *     over the DER of that content's value (without its outer tag and
 *     length), and the signer's certificate must chain, through the
 *     certificates the signature carries, to an anchor. One valid signature
 *     is enough (an image may carry several).
 *
 * Anchors are the PEM certificates in <root>/etc/kexboot/trust/uefi/ (files ending .pem),
 * built into the payload (one file may hold several). They are kept apart
 * from the manifest anchors in /etc/kexboot/trust/: a UEFI signing CA (a
 * distribution's, or Microsoft's) vouches for EFI binaries, not for
 * kexboot's manifests. As in the firmware's db, an anchor need not be
 * self-signed: a chain may end at any anchor (partial chains).
 *
 * Time: certificate validity periods are not checked. UEFI firmware ignores
 * them for Authenticode (there is no trusted clock before the OS runs, and
 * signed kernels outlive their signing certificates), sbverify accepts
 * expired and not-yet-valid certificates for the same reason, and
 * kexboot's own clock is the RTC that whoever holds the machine can set.
 * Neither key usage nor extended key usage is required of the signer (the
 * firmware requires none either). Revocation (dbx) is not consulted yet.
 *
 * Errors (negative errno, why->reason naming the image):
 *   -ENODATA       no signature ("unsigned")
 *   -EKEYREJECTED  digest mismatch, or a signature that does not verify
 *   -ENOKEY        the signer chains to no anchor ("unknown signer")
 *   -EBADMSG       malformed PE headers, certificate table or PKCS#7
 *   -ENOPKG        a digest algorithm kexboot does not accept
 *   -ENOEXEC       not a PE image
 *
 * Ownership: struct authenticode_anchors owns its store and directory name;
 * authenticode_anchors_done() accepts a zeroed struct.
 */
#ifndef KEXBOOT_BOOT_TRUST_AUTHENTICODE_H
#define KEXBOOT_BOOT_TRUST_AUTHENTICODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/entry.h"
#include "boot/image.h"
#include "lib/blob.h"
#include "lib/diag.h"

#define AUTHENTICODE_ANCHOR_DIR "/etc/kexboot/trust/uefi"
#define AUTHENTICODE_MAX_ANCHOR_FILES 64
#define AUTHENTICODE_MAX_ANCHOR_FILE (256u << 10)
#define AUTHENTICODE_MAX_DIGEST 64 /* SHA-512 */

struct x509_store_st; /* OpenSSL's X509_STORE */

struct authenticode_anchors {
	struct x509_store_st *store; /* owned */
	size_t n;                    /* certificates in the store */
	char *dir;                   /* owned: where they were read, for messages */
};

/*
 * Reads every file ending .pem in <root>AUTHENTICODE_ANCHOR_DIR (root "" in
 * production). A missing directory gives an empty set (every signer is then
 * unknown); an unreadable or malformed file fails with the file named.
 */
int authenticode_anchors_load(struct authenticode_anchors *ret, const char *root, struct diag_list *why);
void authenticode_anchors_done(struct authenticode_anchors *a);

/*
 * The Authenticode image hash of the len bytes at pe with the digest named
 * md ("sha256", "sha384", "sha512"); *ret_len bytes written to out
 * (AUTHENTICODE_MAX_DIGEST). -EBADMSG/-ERANGE/-E2BIG for headers
 * lib/pe-hash.h refuses, -ENOPKG for an unknown digest.
 */
int authenticode_image_hash(const void *pe, size_t len, const char *md, uint8_t *out, size_t *ret_len);

/* Verifies the whole PE file at pe (len bytes); name is used in messages. 0 when a signature is valid. */
int authenticode_verify(const void *pe, size_t len, const char *name, const struct authenticode_anchors *a,
			struct diag_list *why);

/*
 * authenticode_verify() over the whole file a blob's storage holds: pe may
 * be narrowed to a section of it (a UKI's .linux), the signature covers the
 * file. Nothing is marked.
 */
int authenticode_verify_blob(const struct blob *pe, const struct authenticode_anchors *a, struct diag_list *why);

/*
 * The verify stage's Authenticode step (authenticode-image.c). When img's
 * kernel is a PE image with a valid signature by an anchor, marks the
 * kernel verified; when it is a UKI (e's kernel a section of it), also marks
 * the initrds that are sections of the same signed file, and sets
 * *ret_cmdline_signed when the command line to be booted is the UKI's
 * embedded .cmdline. Returns 0 when the kernel was verified, or the negative
 * errno above with why->reason (-ENOEXEC: the kernel is not a PE image;
 * -ENODATA: it is unsigned); nothing is marked then.
 */
int authenticode_verify_image(const struct authenticode_anchors *a, const struct boot_entry *e,
			      struct boot_image *img, bool *ret_cmdline_signed, struct diag_list *why);

#endif
