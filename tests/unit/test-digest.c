// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The binary records segment digests with OpenSSL's SHA-256; the purgatory
 * checks them with lib/sha256.c. Both must agree on every length, including
 * the block and padding edges.
 */
#include "lib/cleanup.h"
#include "lib/digest.h"
#include "lib/sha256.h"
#include "tests/unit/harness.h"

#include <stdlib.h>

static void test_openssl_matches_own(void)
{
	const size_t max = 300000;
	_cleanup_free_ uint8_t *buf = malloc(max);
	uint32_t x = 12345;
	unsigned mismatches = 0;

	CHECK(buf != NULL);
	if (!buf)
		return;
	for (size_t i = 0; i < max; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (uint8_t)(x >> 16);
	}
	for (size_t len = 0; len <= max; len = len < 200 ? len + 1 : len * 3 + 7) {
		uint8_t a[32], b[32];

		segment_digest(buf, len, a);
		sha256_digest(buf, len, b);
		mismatches += memcmp(a, b, 32) != 0;
	}
	CHECK_EQ(mismatches, 0);
}

static void test_known_vector(void)
{
	uint8_t d[32];
	char hex[65];

	segment_digest("abc", 3, d);
	sha256_hex(d, hex);
	CHECK_STREQ(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static const struct test tests[] = {
	TEST(openssl_matches_own),
	TEST(known_vector),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
