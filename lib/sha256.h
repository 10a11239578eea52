/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sha256: FIPS 180-4 SHA-256. Compiled twice: hosted (loader, tests) and
 * freestanding (purgatory), so it includes only compiler-provided headers
 * and calls no library function.
 */
#ifndef KEXBOOT_LIB_SHA256_H
#define KEXBOOT_LIB_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_BLOCK_SIZE 64

struct sha256_ctx {
	uint32_t h[8];
	uint64_t bytes;                 /* total bytes fed so far */
	uint8_t block[SHA256_BLOCK_SIZE]; /* pending partial block */
	size_t fill;                    /* bytes used in block */
};

void sha256_init(struct sha256_ctx *ctx);
void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len);
void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE]);
/* One-shot digest of a buffer. */
void sha256_digest(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE]);
/* Lower-case hex into out (65 bytes incl. NUL). */
void sha256_hex(const uint8_t digest[SHA256_DIGEST_SIZE], char out[2 * SHA256_DIGEST_SIZE + 1]);

#endif
