// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the Authenticode path over untrusted bytes: the image
 * hash layout (lib/pe-hash.h), the certificate table, each PKCS#7
 * SignedData and its SpcIndirectDataContent (boot/trust/authenticode.h),
 * against an empty anchor set (every signer is unknown, so the whole
 * parsing and digest path runs and nothing is accepted).
 */
#include "boot/trust/authenticode.h"
#include "lib/pe-hash.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct authenticode_anchors none = { 0 };
	struct pe_hash_layout l;
	struct diag_list why;
	uint8_t d[AUTHENTICODE_MAX_DIGEST];
	size_t dlen;

	if (pe_hash_layout(data, size, &l) == 0) {
		struct pe_cert_iter it = { 0 };
		struct pe_cert c;
		volatile uint8_t sink = 0;

		/* every range and entry must be readable */
		for (size_t i = 0; i < l.n_ranges; i++)
			sink ^= data[l.ranges[i].off] ^ data[l.ranges[i].off + l.ranges[i].len - 1];
		while (pe_cert_next(data, &l, &it, &c) > 0)
			if (c.len)
				sink ^= c.data[0] ^ c.data[c.len - 1];
		(void)sink;
		(void)authenticode_image_hash(data, size, "sha256", d, &dlen);
	}
	diag_list_init(&why);
	/* A valid signature here would mean an empty anchor set accepted a signer. */
	if (authenticode_verify(data, size, "fuzz", &none, &why) == 0)
		abort();
	diag_list_done(&why);
	return 0;
}
