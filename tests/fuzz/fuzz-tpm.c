// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: every TPM response decoder (boot/trust/tpm/wire.c and
 * the unseal commands' wire-seal.c), the sealed file's parser (seal.h) and
 * the event log reader (eventlog.c) over the same input.
 */
#include "boot/trust/tpm/measure.h"
#include "boot/trust/tpm/seal.h"
#include "boot/trust/tpm/tpm.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t algs[] = { TPM_ALG_SHA1, TPM_ALG_SHA256, TPM_ALG_SHA384, TPM_ALG_SHA512 };
	uint8_t out[TPM_MAX_DIGEST];
	struct tpm_banks b;
	struct tpm_sealed sealed;
	const uint8_t *d;
	const char *what;
	size_t n;
	uint32_t rc, h;

	(void)tpm_resp_check(data, size, &rc);
	(void)tpm_resp_get_pcr_banks(data, size, &b, &rc);
	(void)tpm_resp_pcr_extend(data, size, &rc);
	(void)tpm_resp_pcr_read(data, size, out, &n, &rc);
	(void)tpm_resp_create_primary(data, size, &h, &rc);
	(void)tpm_resp_load(data, size, &h, &rc);
	(void)tpm_resp_start_auth_session(data, size, &h, &rc);
	(void)tpm_resp_policy_pcr(data, size, &rc);
	(void)tpm_resp_flush_context(data, size, &rc);
	if (tpm_resp_unseal(data, size, &d, &n, &rc) == 0 && n)
		out[0] = d[n - 1]; /* the data must lie inside the input */
	if (tpm_sealed_parse(data, size, &sealed, &what) == 0 && sealed.priv_len)
		out[0] = sealed.priv[sealed.priv_len - 1] ^ sealed.pub[sealed.pub_len - 1];
	for (size_t i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		(void)eventlog_replay(data, size, algs[i], 9, out);
	return 0;
}
