/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * seal: secrets sealed to a PCR policy with tpm2-tools on a build machine,
 * unsealed by kexboot only while the PCRs hold the state they were sealed
 * to (the way Heads unseals its disk key).
 *
 * The sealed file (NAME.tpm2; scripts/tpm-seal.sh writes it), big-endian:
 *
 *   8 bytes   "KXSEAL\0\1" (TPM_SEALED_MAGIC: format 1)
 *   TPML_PCR_SELECTION  the policy's PCRs: count 1, then one
 *             TPMS_PCR_SELECTION (hash u16, sizeofSelect u8 = 3, a bitmap
 *             of PCRs 0-23); it must name PCR 8 or PCR 9, which kexboot
 *             caps with EV_SEPARATOR before the jump, or what runs after
 *             could unseal it too
 *   TPM2B_PUBLIC        the sealed object's public area, exactly the bytes
 *             `tpm2_create -u FILE` writes: a keyedhash object whose
 *             authPolicy is not empty and whose userWithAuth is clear (no
 *             password can stand in for the policy)
 *   TPM2B_PRIVATE       exactly the bytes `tpm2_create -r FILE` writes
 *
 * and nothing after. The parent is the owner hierarchy's primary key made
 * from tpm2_createprimary's default template (`tpm2_createprimary -C o`:
 * RSA 2048, AES-128-CFB, SHA-256 name, restricted decrypt, fixedTPM,
 * fixedParent, sensitiveDataOrigin, userWithAuth, empty unique): the owner
 * seed derives the same key every time, so no persistent handle has to be
 * provisioned and the blob only loads on the TPM it was made with (with an
 * empty owner authorisation, as tpm2-tools' default).
 *
 * Unsealing: tpm_unseal_parent() makes the primary (CreatePrimary, the
 * template above; an RSA key generation, which takes a hardware TPM seconds,
 * so one serves every sealed file of a boot), then tpm_unseal(): Load the
 * blob under it -> StartAuthSession (a policy
 * session, no salt, no bind, SHA-256) -> PolicyPCR (the file's selection,
 * the TPM's current values) -> Unseal (the item, authorised by the policy
 * session, which the TPM closes after it) -> FlushContext(item); the
 * caller flushes the primary (tpm_flush). Every handle is flushed on every
 * path. The TPM answers TPM_RC_POLICY_FAIL when
 * the PCRs differ from the policy's. The unsealed bytes (at most
 * TPM_SEALED_MAX_DATA) go straight from the response buffer into a
 * sensitive blob (lib/blob.h), and the buffer is wiped.
 *
 * Not done: parameter encryption (the unsealed bytes cross the TPM's bus in
 * the clear, as with tpm2_unseal without -S); an owner password; policies
 * other than one PolicyPCR.
 *
 * Ownership: struct tpm_sealed borrows the file's bytes.
 */
#ifndef KEXBOOT_BOOT_TRUST_TPM_SEAL_H
#define KEXBOOT_BOOT_TRUST_TPM_SEAL_H

#include <stddef.h>
#include <stdint.h>

#include "boot/trust/tpm/tpm.h"
#include "lib/blob.h"
#include "lib/diag.h"

#define TPM_SEALED_MAGIC "KXSEAL\0\1"
#define TPM_SEALED_MAGIC_LEN 8
#define TPM_SEALED_MAX 4096     /* bytes of a sealed file */
#define TPM_SEALED_MAX_DATA 128 /* MAX_SYM_DATA: what a keyedhash object can seal */
#define TPM_PCR_SELECT_BYTES 3  /* PCRs 0-23 */
#define TPM_NONCE_SIZE 32

#define TPM_ALG_KEYEDHASH 0x0008
#define TPMA_OBJECT_USERWITHAUTH 0x00000040u

/* The TPM's handles kexboot names. */
#define TPM_RH_OWNER 0x40000001u
#define TPM_RH_NULL 0x40000007u

struct tpm_pcr_selection {
	uint16_t alg;
	uint8_t select[TPM_PCR_SELECT_BYTES];
};

struct tpm_sealed {
	struct tpm_pcr_selection sel;
	const uint8_t *pub;   /* TPM2B_PUBLIC, its size field included; borrowed */
	size_t pub_len;
	const uint8_t *priv;  /* TPM2B_PRIVATE, its size field included; borrowed */
	size_t priv_len;
	uint32_t attributes;  /* the sealed object's objectAttributes */
};

/*
 * Pure: checks the layout above and the rules (one bank of a known hash,
 * PCR 8 or 9 selected, a keyedhash object with a policy and without
 * userWithAuth). -EBADMSG for a malformed file, -EPERM for one that breaks
 * a rule; *ret_what says which (static text).
 */
int tpm_sealed_parse(const uint8_t *buf, size_t len, struct tpm_sealed *ret, const char **ret_what);
/* Whether the selection names pcr. */
int tpm_pcr_selected(const struct tpm_pcr_selection *sel, uint32_t pcr);

/* Command encoders (wire-seal.c): the length written, or -ENOBUFS / -EINVAL. */
int tpm_cmd_create_primary(uint8_t *buf, size_t cap);
int tpm_cmd_load(uint8_t *buf, size_t cap, uint32_t parent, const struct tpm_sealed *s);
int tpm_cmd_start_policy_session(uint8_t *buf, size_t cap, const uint8_t nonce[TPM_NONCE_SIZE]);
int tpm_cmd_policy_pcr(uint8_t *buf, size_t cap, uint32_t session, const struct tpm_pcr_selection *sel);
int tpm_cmd_unseal(uint8_t *buf, size_t cap, uint32_t item, uint32_t session, const uint8_t nonce[TPM_NONCE_SIZE]);
int tpm_cmd_flush_context(uint8_t *buf, size_t cap, uint32_t handle);

/*
 * Response decoders: -EBADMSG for a malformed or truncated response, -EPROTO
 * with *ret_rc for a TPM error (ret_rc may be NULL). The handle decoders
 * return the new handle in *ret_handle; unseal points *ret_data into resp.
 */
int tpm_resp_create_primary(const uint8_t *resp, size_t len, uint32_t *ret_handle, uint32_t *ret_rc);
int tpm_resp_load(const uint8_t *resp, size_t len, uint32_t *ret_handle, uint32_t *ret_rc);
int tpm_resp_start_auth_session(const uint8_t *resp, size_t len, uint32_t *ret_handle, uint32_t *ret_rc);
int tpm_resp_policy_pcr(const uint8_t *resp, size_t len, uint32_t *ret_rc);
int tpm_resp_unseal(const uint8_t *resp, size_t len, const uint8_t **ret_data, size_t *ret_size, uint32_t *ret_rc);
int tpm_resp_flush_context(const uint8_t *resp, size_t len, uint32_t *ret_rc);

/* A few response codes in words ("the PCRs differ from the policy's"), else NULL. */
const char *tpm_rc_describe(uint32_t rc);

/* The primary key the sealed files' parent is: its transient handle into *ret_parent. */
int tpm_unseal_parent(struct tpm *t, uint32_t *ret_parent, struct diag_list *why);
/*
 * The rest of the flow above (unseal.c) under parent: the secret into a new
 * sensitive blob named name. -EACCES when the TPM refuses the policy (the
 * PCR state differs), other negative errnos for the rest; why->reason says
 * which, never the bytes.
 */
int tpm_unseal(struct tpm *t, uint32_t parent, const struct tpm_sealed *s, const char *name, struct blob *ret,
	       struct diag_list *why);
/* Flushes a transient handle or session (a failure leaves it to the resource manager); *handle becomes 0. */
void tpm_flush(struct tpm *t, uint32_t *handle);

#endif
