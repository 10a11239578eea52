// SPDX-License-Identifier: GPL-2.0-or-later
/* Digests for the PCR banks (OpenSSL's libcrypto: sha1, sha256, sha384, sha512). */
#include "boot/trust/tpm/measure.h"

#include <errno.h>
#include <openssl/evp.h>
#include <string.h>

static const EVP_MD *measure_md(uint16_t alg)
{
	switch (alg) {
	case TPM_ALG_SHA1:
		return EVP_sha1();
	case TPM_ALG_SHA256:
		return EVP_sha256();
	case TPM_ALG_SHA384:
		return EVP_sha384();
	case TPM_ALG_SHA512:
		return EVP_sha512();
	}
	return NULL;
}

int measure_hash(uint16_t alg, const void *data, size_t size, uint8_t out[TPM_MAX_DIGEST])
{
	const EVP_MD *md = measure_md(alg);
	unsigned int n = 0;

	if (!md)
		return -EOPNOTSUPP;
	if (EVP_Digest(size ? data : "", size, out, &n, md, NULL) != 1 || n != tpm_alg_digest_size(alg))
		return -ENOMEM;
	return 0;
}

int measure_extend(uint16_t alg, uint8_t pcr[TPM_MAX_DIGEST], const uint8_t digest[TPM_MAX_DIGEST])
{
	uint8_t buf[2 * TPM_MAX_DIGEST];
	size_t n = tpm_alg_digest_size(alg);

	if (!n)
		return -EOPNOTSUPP;
	memcpy(buf, pcr, n);
	memcpy(buf + n, digest, n);
	return measure_hash(alg, buf, 2 * n, pcr);
}

int measure_plan_hash(struct measure_plan *p, const struct tpm_banks *banks, struct diag_list *why)
{
	char name[7];

	for (size_t b = 0; b < banks->n; b++)
		if (!measure_md(banks->alg[b]))
			return diag_fail(why, EOPNOTSUPP, "the TPM's %s PCR bank is active and kexboot cannot hash for it",
					 tpm_alg_name(banks->alg[b], name));
	for (size_t i = 0; i < p->n; i++) {
		struct measure_event *e = &p->ev[i];

		e->digests.n = banks->n;
		for (size_t b = 0; b < banks->n; b++) {
			int r = measure_hash(banks->alg[b], e->data, e->size, e->digests.d[b]);

			if (r < 0)
				return diag_fail(why, r, "hashing for the TPM: out of memory");
			e->digests.alg[b] = banks->alg[b];
		}
	}
	return 0;
}
