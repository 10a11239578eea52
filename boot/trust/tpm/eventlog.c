// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The TCG PC Client crypto-agile event log (PFP specification, section
 * "Event Log"), little-endian: first a TCG_PCR_EVENT (SHA-1 layout) of type
 * EV_NO_ACTION whose data is TCG_EfiSpecIdEvent ("Spec ID Event03"), then
 * TCG_PCR_EVENT2 records. Pure: no I/O.
 */
#include "boot/trust/tpm/measure.h"
#include "boot/trust/tpm/reader.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const char spec_id_signature[16] = "Spec ID Event03";

struct lbuf {
	uint8_t *p;
	size_t len, cap;
	bool failed;
};

static void lput(struct lbuf *b, const void *src, size_t n)
{
	if (b->failed)
		return;
	if (n > b->cap - b->len) {
		size_t cap = b->cap ? b->cap : 512;
		uint8_t *p;

		while (cap - b->len < n) {
			if (cap > SIZE_MAX / 2) {
				b->failed = true;
				return;
			}
			cap *= 2;
		}
		p = realloc(b->p, cap);
		if (!p) {
			b->failed = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->len, src, n);
	b->len += n;
}

static void lput8(struct lbuf *b, uint8_t v)
{
	lput(b, &v, 1);
}

static void lput16(struct lbuf *b, uint16_t v)
{
	const uint8_t x[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	lput(b, x, 2);
}

static void lput32(struct lbuf *b, uint32_t v)
{
	const uint8_t x[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

	lput(b, x, 4);
}

int eventlog_build(const struct measure_plan *p, const struct tpm_banks *banks, uint8_t **ret, size_t *ret_len)
{
	static const uint8_t zero[20];
	struct lbuf b = { 0 };

	if (!banks->n || banks->n > TPM_MAX_BANKS)
		return -EINVAL;
	for (size_t i = 0; i < banks->n; i++)
		if (!tpm_alg_digest_size(banks->alg[i]))
			return -EOPNOTSUPP;
	/* TCG_PCR_EVENT: PCR 0, EV_NO_ACTION, a zero SHA-1 digest, the Spec ID event. */
	lput32(&b, 0);
	lput32(&b, EV_NO_ACTION);
	lput(&b, zero, sizeof(zero));
	lput32(&b, (uint32_t)(sizeof(spec_id_signature) + 4 + 4 + 4 + 4 * banks->n + 1));
	lput(&b, spec_id_signature, sizeof(spec_id_signature));
	lput32(&b, 0);  /* platformClass: client */
	lput8(&b, 0);   /* specVersionMinor */
	lput8(&b, 2);   /* specVersionMajor */
	lput8(&b, 0);   /* specErrata */
	lput8(&b, 2);   /* uintnSize: UINT64 */
	lput32(&b, (uint32_t)banks->n);
	for (size_t i = 0; i < banks->n; i++) {
		lput16(&b, banks->alg[i]);
		lput16(&b, (uint16_t)tpm_alg_digest_size(banks->alg[i]));
	}
	lput8(&b, 0);   /* vendorInfoSize */
	for (size_t i = 0; i < p->n; i++) {
		const struct measure_event *e = &p->ev[i];

		if (e->digests.n != banks->n) {
			free(b.p);
			return -EINVAL;
		}
		lput32(&b, e->pcr);
		lput32(&b, e->type);
		lput32(&b, (uint32_t)banks->n);
		for (size_t k = 0; k < banks->n; k++) {
			lput16(&b, e->digests.alg[k]);
			lput(&b, e->digests.d[k], tpm_alg_digest_size(e->digests.alg[k]));
		}
		lput32(&b, e->event_size);
		lput(&b, e->event, e->event_size);
	}
	if (b.failed) {
		free(b.p);
		return -ENOMEM;
	}
	*ret = b.p;
	*ret_len = b.len;
	return 0;
}

/* Little-endian fields over the shared bounds-checked reader (reader.h). */
static uint16_t lget16(struct tpm_reader *r)
{
	const uint8_t *x = tpm_reader_take(r, 2);

	return x ? (uint16_t)(x[0] | x[1] << 8) : 0;
}

static uint32_t lget32(struct tpm_reader *r)
{
	const uint8_t *x = tpm_reader_take(r, 4);

	return x ? (uint32_t)x[0] | (uint32_t)x[1] << 8 | (uint32_t)x[2] << 16 | (uint32_t)x[3] << 24 : 0;
}

int eventlog_replay(const uint8_t *log, size_t len, uint16_t alg, uint32_t pcr, uint8_t out[TPM_MAX_DIGEST])
{
	struct tpm_reader r = { log, len, 0, false };
	struct { uint16_t alg, size; } algs[TPM_MAX_BANKS];
	uint8_t value[TPM_MAX_DIGEST] = { 0 };
	uint32_t n_algs, spec_size;
	const uint8_t *sig, *vendor;
	size_t spec_end, n_events = 0;
	bool have = false;

	/* The header event and its Spec ID data. */
	(void)lget32(&r);
	if (lget32(&r) != EV_NO_ACTION)
		return -EBADMSG;
	(void)tpm_reader_take(&r, 20);
	spec_size = lget32(&r);
	if (r.bad || spec_size > len - r.off)
		return -EBADMSG;
	spec_end = r.off + spec_size;
	sig = tpm_reader_take(&r, sizeof(spec_id_signature));
	if (!sig || memcmp(sig, spec_id_signature, sizeof(spec_id_signature)) != 0)
		return -EBADMSG;
	(void)tpm_reader_take(&r, 8); /* platformClass, versions, errata, uintnSize */
	n_algs = lget32(&r);
	if (r.bad || n_algs == 0 || n_algs > TPM_MAX_BANKS)
		return -EBADMSG;
	for (uint32_t i = 0; i < n_algs; i++) {
		algs[i].alg = lget16(&r);
		algs[i].size = lget16(&r);
		if (algs[i].size > TPM_MAX_DIGEST)
			return -EBADMSG;
		if (algs[i].alg == alg) {
			if (algs[i].size != tpm_alg_digest_size(alg))
				return -EBADMSG;
			have = true;
		}
	}
	vendor = tpm_reader_take(&r, 1);
	(void)tpm_reader_take(&r, vendor ? *vendor : 0); /* vendorInfo */
	if (r.bad || r.off != spec_end)
		return -EBADMSG;
	if (!have)
		return -ENOENT;
	while (r.off < r.len) {
		uint32_t index, type, count, size;
		const uint8_t *digest = NULL;
		uint8_t dig[TPM_MAX_DIGEST];

		if (++n_events > EVENTLOG_MAX_EVENTS)
			return -EBADMSG;
		index = lget32(&r);
		type = lget32(&r);
		count = lget32(&r);
		if (r.bad || count > n_algs)
			return -EBADMSG;
		for (uint32_t k = 0; k < count; k++) {
			uint16_t a = lget16(&r);
			size_t dsize = 0;
			bool known = false;
			const uint8_t *d;

			for (uint32_t i = 0; i < n_algs; i++)
				if (algs[i].alg == a) {
					dsize = algs[i].size;
					known = true;
				}
			if (!known)
				return -EBADMSG;
			d = tpm_reader_take(&r, dsize);
			if (a == alg)
				digest = d;
		}
		size = lget32(&r);
		(void)tpm_reader_take(&r, size);
		if (r.bad)
			return -EBADMSG;
		if (index != pcr || type == EV_NO_ACTION)
			continue;
		if (!digest)
			return -EBADMSG; /* an extend of pcr that skips the bank */
		memcpy(dig, digest, tpm_alg_digest_size(alg));
		if (measure_extend(alg, value, dig) < 0)
			return -ENOMEM;
	}
	memcpy(out, value, tpm_alg_digest_size(alg));
	return 0;
}
