// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sealed file's layout and the unseal commands as bytes (seal.h; TPM 2.0
 * Part 3: CreatePrimary 0x131, Load 0x157, Unseal 0x15E, FlushContext 0x165,
 * StartAuthSession 0x176, PolicyPCR 0x17F). Pure: no I/O, no allocation.
 */
#include "boot/trust/tpm/seal.h"
#include "boot/trust/tpm/wire-internal.h"

#include <errno.h>
#include <string.h>

#define TPM_CC_CREATE_PRIMARY 0x00000131
#define TPM_CC_LOAD 0x00000157
#define TPM_CC_UNSEAL 0x0000015E
#define TPM_CC_FLUSH_CONTEXT 0x00000165
#define TPM_CC_START_AUTH_SESSION 0x00000176
#define TPM_CC_POLICY_PCR 0x0000017F

#define TPM_ALG_RSA 0x0001
#define TPM_ALG_AES 0x0006
#define TPM_ALG_NULL 0x0010
#define TPM_ALG_CFB 0x0043
#define TPM_SE_POLICY 0x01

/* tpm2_createprimary's default: fixedTPM fixedParent sensitiveDataOrigin userWithAuth restricted decrypt. */
#define SRK_ATTRIBUTES 0x00030072u

int tpm_pcr_selected(const struct tpm_pcr_selection *sel, uint32_t pcr)
{
	return pcr < 8 * TPM_PCR_SELECT_BYTES && (sel->select[pcr / 8] >> (pcr % 8) & 1);
}

int tpm_sealed_parse(const uint8_t *buf, size_t len, struct tpm_sealed *ret, const char **ret_what)
{
	struct tpm_reader r = { buf, len, 0, false }, pub;
	struct tpm_sealed s = { 0 };
	const uint8_t *magic, *sel;
	uint16_t n, type, policy_len;
	const char *what = NULL;

	*ret_what = "malformed";
	magic = tpm_reader_take(&r, TPM_SEALED_MAGIC_LEN);
	if (!magic || memcmp(magic, TPM_SEALED_MAGIC, TPM_SEALED_MAGIC_LEN) != 0) {
		*ret_what = "not a kexboot sealed file (no KXSEAL header of format 1)";
		return -EBADMSG;
	}
	if (get32(&r) != 1) {
		*ret_what = "the PCR selection must name exactly one bank";
		return r.bad ? -EBADMSG : -EPERM;
	}
	s.sel.alg = get16(&r);
	if (get8(&r) != TPM_PCR_SELECT_BYTES) {
		*ret_what = "the PCR selection must have 3 bytes (PCRs 0-23)";
		return r.bad ? -EBADMSG : -EPERM;
	}
	sel = tpm_reader_take(&r, TPM_PCR_SELECT_BYTES);
	if (r.bad)
		return -EBADMSG;
	memcpy(s.sel.select, sel, TPM_PCR_SELECT_BYTES);

	/* TPM2B_PUBLIC: kept whole, and read inside for the rules. */
	s.pub = r.p + r.off;
	n = get16(&r);
	pub = (struct tpm_reader){ tpm_reader_take(&r, n), n, 0, false };
	s.pub_len = (size_t)n + 2;
	s.priv = r.p + r.off;
	n = get16(&r);
	(void)tpm_reader_take(&r, n);
	s.priv_len = (size_t)n + 2;
	if (r.bad || r.off != r.len || !pub.p || !n) {
		*ret_what = "the public and private parts are truncated or followed by other bytes";
		return -EBADMSG;
	}
	type = get16(&pub);
	(void)get16(&pub); /* nameAlg */
	s.attributes = get32(&pub);
	(void)get2b(&pub, &policy_len);
	if (pub.bad)
		return -EBADMSG;

	if (!tpm_alg_digest_size(s.sel.alg))
		what = "the PCR selection's bank is not sha1, sha256, sha384 or sha512";
	else if (!tpm_pcr_selected(&s.sel, 8) && !tpm_pcr_selected(&s.sel, 9))
		what = "the policy names neither PCR 8 nor PCR 9, so what runs after kexboot could unseal it too";
	else if (type != TPM_ALG_KEYEDHASH)
		what = "the sealed object is not a keyedhash (sealed data) object";
	else if (!policy_len)
		what = "the sealed object has no policy";
	else if (s.attributes & TPMA_OBJECT_USERWITHAUTH)
		what = "the sealed object has userWithAuth set: a password unseals it without the PCR policy";
	if (what) {
		*ret_what = what;
		return -EPERM;
	}
	*ret_what = NULL;
	*ret = s;
	return 0;
}

int tpm_cmd_create_primary(uint8_t *buf, size_t cap)
{
	struct wbuf w = { buf, cap, 0, false };

	tpm_start(&w, TPM_ST_SESSIONS, TPM_CC_CREATE_PRIMARY);
	put32(&w, TPM_RH_OWNER);
	put_pw_session(&w);
	put16(&w, 4);   /* inSensitive: TPM2B_SENSITIVE_CREATE */
	put16(&w, 0);   /*   userAuth: empty */
	put16(&w, 0);   /*   data: empty */
	put16(&w, 26);  /* inPublic: TPM2B_PUBLIC, the TPMT_PUBLIC below */
	put16(&w, TPM_ALG_RSA);
	put16(&w, TPM_ALG_SHA256);       /* nameAlg */
	put32(&w, SRK_ATTRIBUTES);
	put16(&w, 0);                    /* authPolicy: empty */
	put16(&w, TPM_ALG_AES);          /* TPMS_RSA_PARMS: symmetric aes-128-cfb */
	put16(&w, 128);
	put16(&w, TPM_ALG_CFB);
	put16(&w, TPM_ALG_NULL);         /*   scheme */
	put16(&w, 2048);                 /*   keyBits */
	put32(&w, 0);                    /*   exponent: the default 65537 */
	put16(&w, 0);                    /* unique: empty */
	put16(&w, 0);                    /* outsideInfo: empty */
	put32(&w, 0);                    /* creationPCR: none */
	return tpm_finish(&w);
}

int tpm_cmd_load(uint8_t *buf, size_t cap, uint32_t parent, const struct tpm_sealed *s)
{
	struct wbuf w = { buf, cap, 0, false };

	tpm_start(&w, TPM_ST_SESSIONS, TPM_CC_LOAD);
	put32(&w, parent);
	put_pw_session(&w);
	put(&w, s->priv, s->priv_len); /* inPrivate */
	put(&w, s->pub, s->pub_len);   /* inPublic */
	return tpm_finish(&w);
}

int tpm_cmd_start_policy_session(uint8_t *buf, size_t cap, const uint8_t nonce[TPM_NONCE_SIZE])
{
	struct wbuf w = { buf, cap, 0, false };

	tpm_start(&w, TPM_ST_NO_SESSIONS, TPM_CC_START_AUTH_SESSION);
	put32(&w, TPM_RH_NULL); /* tpmKey: no salt */
	put32(&w, TPM_RH_NULL); /* bind: none */
	put16(&w, TPM_NONCE_SIZE);
	put(&w, nonce, TPM_NONCE_SIZE);
	put16(&w, 0);           /* encryptedSalt: empty */
	put8(&w, TPM_SE_POLICY);
	put16(&w, TPM_ALG_NULL); /* symmetric: no parameter encryption */
	put16(&w, TPM_ALG_SHA256);
	return tpm_finish(&w);
}

int tpm_cmd_policy_pcr(uint8_t *buf, size_t cap, uint32_t session, const struct tpm_pcr_selection *sel)
{
	struct wbuf w = { buf, cap, 0, false };

	tpm_start(&w, TPM_ST_NO_SESSIONS, TPM_CC_POLICY_PCR);
	put32(&w, session);
	put16(&w, 0); /* pcrDigest: empty, the TPM takes its current values */
	put32(&w, 1); /* TPML_PCR_SELECTION.count */
	put16(&w, sel->alg);
	put8(&w, TPM_PCR_SELECT_BYTES);
	put(&w, sel->select, TPM_PCR_SELECT_BYTES);
	return tpm_finish(&w);
}

int tpm_cmd_unseal(uint8_t *buf, size_t cap, uint32_t item, uint32_t session, const uint8_t nonce[TPM_NONCE_SIZE])
{
	struct wbuf w = { buf, cap, 0, false };

	tpm_start(&w, TPM_ST_SESSIONS, TPM_CC_UNSEAL);
	put32(&w, item);
	put32(&w, 4 + 2 + TPM_NONCE_SIZE + 1 + 2); /* authorizationSize */
	put32(&w, session);
	put16(&w, TPM_NONCE_SIZE);
	put(&w, nonce, TPM_NONCE_SIZE);
	put8(&w, 0);  /* sessionAttributes: continueSession clear, the TPM closes the session */
	put16(&w, 0); /* hmac: none, the policy needs no authValue */
	return tpm_finish(&w);
}

int tpm_cmd_flush_context(uint8_t *buf, size_t cap, uint32_t handle)
{
	struct wbuf w = { buf, cap, 0, false };

	tpm_start(&w, TPM_ST_NO_SESSIONS, TPM_CC_FLUSH_CONTEXT);
	put32(&w, handle);
	return tpm_finish(&w);
}

/* A handle, then parameterSize and parameters, then one session's answer. */
static int resp_handle_with_session(const uint8_t *resp, size_t len, uint32_t *ret_handle, uint32_t *ret_rc)
{
	struct tpm_reader r;
	uint32_t handle, psize;
	int rv = tpm_resp_open(&r, resp, len, ret_rc);

	if (rv < 0)
		return rv;
	handle = get32(&r);
	psize = get32(&r);
	if (r.bad || psize > r.len - r.off)
		return -EBADMSG;
	(void)tpm_reader_take(&r, psize);
	rv = tpm_resp_session_end(&r);
	if (rv < 0)
		return rv;
	*ret_handle = handle;
	return 0;
}

int tpm_resp_create_primary(const uint8_t *resp, size_t len, uint32_t *ret_handle, uint32_t *ret_rc)
{
	return resp_handle_with_session(resp, len, ret_handle, ret_rc);
}

int tpm_resp_load(const uint8_t *resp, size_t len, uint32_t *ret_handle, uint32_t *ret_rc)
{
	return resp_handle_with_session(resp, len, ret_handle, ret_rc);
}

int tpm_resp_start_auth_session(const uint8_t *resp, size_t len, uint32_t *ret_handle, uint32_t *ret_rc)
{
	struct tpm_reader r;
	uint32_t handle;
	uint16_t n;
	int rv = tpm_resp_open(&r, resp, len, ret_rc);

	if (rv < 0)
		return rv;
	handle = get32(&r);
	(void)get2b(&r, &n); /* nonceTPM */
	if (r.bad || r.off != r.len)
		return -EBADMSG;
	*ret_handle = handle;
	return 0;
}

/* A response that is its header only. */
static int resp_empty(const uint8_t *resp, size_t len, uint32_t *ret_rc)
{
	struct tpm_reader r;
	int rv = tpm_resp_open(&r, resp, len, ret_rc);

	if (rv < 0)
		return rv;
	return r.off == r.len ? 0 : -EBADMSG;
}

int tpm_resp_policy_pcr(const uint8_t *resp, size_t len, uint32_t *ret_rc)
{
	return resp_empty(resp, len, ret_rc);
}

int tpm_resp_flush_context(const uint8_t *resp, size_t len, uint32_t *ret_rc)
{
	return resp_empty(resp, len, ret_rc);
}

int tpm_resp_unseal(const uint8_t *resp, size_t len, const uint8_t **ret_data, size_t *ret_size, uint32_t *ret_rc)
{
	struct tpm_reader r;
	const uint8_t *d;
	uint32_t psize;
	uint16_t n;
	size_t end;
	int rv = tpm_resp_open(&r, resp, len, ret_rc);

	if (rv < 0)
		return rv;
	psize = get32(&r);
	if (r.bad || psize > r.len - r.off)
		return -EBADMSG;
	end = r.off + psize;
	d = get2b(&r, &n); /* outData: TPM2B_SENSITIVE_DATA */
	if (r.bad || r.off != end || n > TPM_SEALED_MAX_DATA)
		return -EBADMSG;
	rv = tpm_resp_session_end(&r);
	if (rv < 0)
		return rv;
	*ret_data = d;
	*ret_size = n;
	return 0;
}

const char *tpm_rc_describe(uint32_t rc)
{
	/* Format-one codes carry the parameter, handle or session number in bits 6-11. */
	uint32_t base = rc & 0x80 ? (rc & 0xbf) : rc;

	switch (base) {
	case 0x09d:
		return "the PCRs do not hold the state it was sealed to (TPM_RC_POLICY_FAIL)";
	case 0x09f:
		return "it was not made with this TPM's owner key (TPM_RC_INTEGRITY)";
	case 0x12f:
		return "its policy cannot authorise it (TPM_RC_AUTH_UNAVAILABLE)";
	case 0x921:
		return "the TPM is locked out (TPM_RC_LOCKOUT)";
	case 0x128:
		return "the PCRs changed while it was unsealed (TPM_RC_PCR_CHANGED)";
	}
	return NULL;
}
