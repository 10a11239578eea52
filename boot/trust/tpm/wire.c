// SPDX-License-Identifier: GPL-2.0-or-later
/* TPM 2.0 commands and responses as bytes (pure: no I/O, no allocation). */
#include "boot/trust/tpm/tpm.h"
#include "boot/trust/tpm/wire-internal.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define TPM_CC_GET_CAPABILITY 0x0000017A
#define TPM_CC_PCR_READ 0x0000017E
#define TPM_CC_PCR_EXTEND 0x00000182
#define TPM_CAP_PCRS 0x00000005
#define TPM_PCR_SELECT_MAX 8 /* bytes of a pcrSelect bitmap we accept (64 PCRs) */

size_t tpm_alg_digest_size(uint16_t alg)
{
	switch (alg) {
	case TPM_ALG_SHA1:
		return 20;
	case TPM_ALG_SHA256:
		return 32;
	case TPM_ALG_SHA384:
		return 48;
	case TPM_ALG_SHA512:
		return 64;
	}
	return 0;
}

const char *tpm_alg_name(uint16_t alg, char buf[7])
{
	switch (alg) {
	case TPM_ALG_SHA1:
		return "sha1";
	case TPM_ALG_SHA256:
		return "sha256";
	case TPM_ALG_SHA384:
		return "sha384";
	case TPM_ALG_SHA512:
		return "sha512";
	}
	snprintf(buf, 7, "0x%04x", alg);
	return buf;
}

int tpm_cmd_get_pcr_banks(uint8_t *buf, size_t cap)
{
	struct wbuf w = { buf, cap, 0, false };

	tpm_start(&w, TPM_ST_NO_SESSIONS, TPM_CC_GET_CAPABILITY);
	put32(&w, TPM_CAP_PCRS);
	put32(&w, 0);             /* property: unused for TPM_CAP_PCRS */
	put32(&w, TPM_MAX_BANKS); /* propertyCount */
	return tpm_finish(&w);
}

int tpm_cmd_pcr_extend(uint8_t *buf, size_t cap, uint32_t pcr, const struct tpm_digests *d)
{
	struct wbuf w = { buf, cap, 0, false };

	if (pcr >= TPM_NUM_PCRS || d->n > TPM_MAX_BANKS)
		return -EINVAL;
	tpm_start(&w, TPM_ST_SESSIONS, TPM_CC_PCR_EXTEND);
	put32(&w, pcr);     /* pcrHandle: a PCR's handle is its index */
	put_pw_session(&w);
	put32(&w, (uint32_t)d->n); /* TPML_DIGEST_VALUES */
	for (size_t i = 0; i < d->n; i++) {
		size_t n = tpm_alg_digest_size(d->alg[i]);

		if (!n)
			return -EINVAL;
		put16(&w, d->alg[i]);
		put(&w, d->d[i], n);
	}
	return tpm_finish(&w);
}

int tpm_cmd_pcr_read(uint8_t *buf, size_t cap, uint32_t pcr, uint16_t alg)
{
	struct wbuf w = { buf, cap, 0, false };
	uint8_t sel[3] = { 0 };

	if (pcr >= TPM_NUM_PCRS)
		return -EINVAL;
	sel[pcr / 8] = (uint8_t)(1u << (pcr % 8));
	tpm_start(&w, TPM_ST_NO_SESSIONS, TPM_CC_PCR_READ);
	put32(&w, 1); /* TPML_PCR_SELECTION.count */
	put16(&w, alg);
	put8(&w, sizeof(sel));
	put(&w, sel, sizeof(sel));
	return tpm_finish(&w);
}

/* The header: the size must be the response's length, the code success. */
int tpm_resp_open(struct tpm_reader *r, const uint8_t *resp, size_t len, uint32_t *ret_rc)
{
	uint16_t tag;
	uint32_t size, rc;

	*r = (struct tpm_reader){ resp, len, 0, false };
	tag = get16(r);
	size = get32(r);
	rc = get32(r);
	if (r->bad || size != len || (tag != TPM_ST_NO_SESSIONS && tag != TPM_ST_SESSIONS))
		return -EBADMSG;
	if (ret_rc)
		*ret_rc = rc;
	if (rc != 0)
		return size == TPM_HEADER ? -EPROTO : -EBADMSG;
	return 0;
}

int tpm_resp_check(const uint8_t *resp, size_t len, uint32_t *ret_rc)
{
	struct tpm_reader r;

	return tpm_resp_open(&r, resp, len, ret_rc);
}

int tpm_resp_get_pcr_banks(const uint8_t *resp, size_t len, struct tpm_banks *ret, uint32_t *ret_rc)
{
	struct tpm_banks b = { .n = 0 };
	struct tpm_reader r;
	uint32_t count;
	int rv = tpm_resp_open(&r, resp, len, ret_rc);

	if (rv < 0)
		return rv;
	(void)get8(&r); /* moreData: TPM_CAP_PCRS fits one answer */
	if (get32(&r) != TPM_CAP_PCRS)
		return -EBADMSG;
	count = get32(&r);
	if (r.bad || count > TPM_MAX_BANKS)
		return -EBADMSG;
	for (uint32_t i = 0; i < count; i++) {
		uint16_t alg = get16(&r);
		uint8_t n = get8(&r);
		const uint8_t *sel;
		bool any = false;

		if (n > TPM_PCR_SELECT_MAX)
			return -EBADMSG;
		sel = tpm_reader_take(&r, n);
		if (r.bad)
			return -EBADMSG;
		for (uint8_t k = 0; k < n; k++)
			any |= sel[k] != 0;
		if (any)
			b.alg[b.n++] = alg;
	}
	if (r.off != r.len)
		return -EBADMSG;
	*ret = b;
	return 0;
}

int tpm_resp_pcr_extend(const uint8_t *resp, size_t len, uint32_t *ret_rc)
{
	struct tpm_reader r;
	uint32_t psize;
	int rv = tpm_resp_open(&r, resp, len, ret_rc);

	if (rv < 0)
		return rv;
	/* parameterSize (no parameters), then the password session's response. */
	psize = get32(&r);
	if (r.bad || psize != 0)
		return -EBADMSG;
	return tpm_resp_session_end(&r);
}

int tpm_resp_session_end(struct tpm_reader *r)
{
	(void)tpm_reader_take(r, get16(r)); /* nonceTPM */
	(void)get8(r);                      /* sessionAttributes */
	(void)tpm_reader_take(r, get16(r)); /* hmac */
	return r->bad || r->off != r->len ? -EBADMSG : 0;
}

int tpm_resp_pcr_read(const uint8_t *resp, size_t len, uint8_t out[TPM_MAX_DIGEST], size_t *ret_size,
		      uint32_t *ret_rc)
{
	struct tpm_reader r;
	const uint8_t *d;
	uint32_t sel, count;
	uint16_t n;
	int rv = tpm_resp_open(&r, resp, len, ret_rc);

	if (rv < 0)
		return rv;
	(void)get32(&r); /* pcrUpdateCounter */
	sel = get32(&r);  /* pcrSelectionOut: the one bank asked for, or none */
	if (sel > 1)
		return -EBADMSG;
	if (sel) {
		(void)get16(&r);
		(void)tpm_reader_take(&r, get8(&r));
	}
	count = get32(&r); /* pcrValues: one digest, none when the bank has not this PCR */
	if (r.bad || count > 1)
		return -EBADMSG;
	if (!count)
		return r.off == r.len ? -ENODATA : -EBADMSG;
	n = get16(&r);
	if (n > TPM_MAX_DIGEST)
		return -EBADMSG;
	d = tpm_reader_take(&r, n);
	if (r.bad || r.off != r.len)
		return -EBADMSG;
	memcpy(out, d, n);
	*ret_size = n;
	return 0;
}
