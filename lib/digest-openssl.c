// SPDX-License-Identifier: GPL-2.0-or-later
/* segment_digest with OpenSSL's SHA-256 (libcrypto, assembly where it has it). */
#include "lib/digest.h"
#include "lib/sha256.h"

#include <openssl/evp.h>

void segment_digest(const void *data, size_t len, uint8_t out[32])
{
	unsigned int n = 0;

	/* EVP_Digest fails only without memory or a provider; fall back to our own then. */
	if (EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) != 1 || n != 32)
		sha256_digest(data, len, out);
}
