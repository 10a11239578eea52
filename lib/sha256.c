// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SHA-256 (FIPS 180-4). No libc: the purgatory builds this file with
 * -ffreestanding -nostdinc, so copying and clearing are plain loops.
 */
#include "lib/sha256.h"

static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror32(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static inline uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * The compression function, written for few instructions and few loop
 * iterations per block: the eight working variables are renamed by the round
 * macro instead of being shifted one place every round (16 rounds per pass,
 * so the names come back to where they started), the message schedule is a
 * ring of 16 words computed as it is used, Ch and Maj take three operations
 * each, and each Sigma is two rotations of partial sums plus the last one.
 * Same function as FIPS 180-4 section 6.2.2. On x86-64 with the purgatory's
 * flags: 42 instructions per byte instead of 65, 3 loop iterations per block
 * instead of 128. Natively about as fast as the textbook loop (a round's
 * dependency chain bounds both). Under QEMU's TCG the iterations matter
 * most: system emulation does not chain a jump into a translation block that
 * spans two pages (QEMU's tb_find), so a loop that straddles a page boundary
 * goes back through QEMU's dispatcher on every iteration. The textbook
 * loop's message schedule did in the purgatory blob (0xfd0-0x1017), and
 * verifying the soak's segments there took about five times longer
 * (tests/bench/soak/README.md); with 3 iterations a block it matters little
 * wherever the code lands.
 */
#define SHA_BSIG0(x) ror32(ror32(ror32(x, 9) ^ (x), 11) ^ (x), 2)   /* ROTR 2 ^ 13 ^ 22 */
#define SHA_BSIG1(x) ror32(ror32(ror32(x, 14) ^ (x), 5) ^ (x), 6)   /* ROTR 6 ^ 11 ^ 25 */
#define SHA_SSIG0(x) (ror32(ror32(x, 11) ^ (x), 7) ^ ((x) >> 3))    /* ROTR 7 ^ 18 ^ SHR 3 */
#define SHA_SSIG1(x) (ror32(ror32(x, 2) ^ (x), 17) ^ ((x) >> 10))   /* ROTR 17 ^ 19 ^ SHR 10 */
#define SHA_CH(e, f, g) ((g) ^ ((e) & ((f) ^ (g))))
#define SHA_MAJ(a, b, c) ((b) ^ (((a) ^ (b)) & ((b) ^ (c))))

/* One round; the caller passes the variables in their rotated order. */
#define SHA_ROUND(a, b, c, d, e, f, g, h, kw)                                    \
	do {                                                                     \
		uint32_t t1_ = (h) + SHA_BSIG1(e) + SHA_CH(e, f, g) + (kw);      \
		(d) += t1_;                                                      \
		(h) = t1_ + SHA_BSIG0(a) + SHA_MAJ(a, b, c);                     \
	} while (0)

/* Schedule word i (16..63) in place in the ring, then return it. */
#define SHA_W(w, i)                                                                          \
	((w)[(i) & 15] += SHA_SSIG1((w)[((i) - 2) & 15]) + (w)[((i) - 7) & 15] +              \
			  SHA_SSIG0((w)[((i) - 15) & 15]))

#define SHA_ROUNDS16(K)                                         \
	do {                                                    \
		SHA_ROUND(a, b, c, d, e, f, g, h, K(0));        \
		SHA_ROUND(h, a, b, c, d, e, f, g, K(1));        \
		SHA_ROUND(g, h, a, b, c, d, e, f, K(2));        \
		SHA_ROUND(f, g, h, a, b, c, d, e, K(3));        \
		SHA_ROUND(e, f, g, h, a, b, c, d, K(4));        \
		SHA_ROUND(d, e, f, g, h, a, b, c, K(5));        \
		SHA_ROUND(c, d, e, f, g, h, a, b, K(6));        \
		SHA_ROUND(b, c, d, e, f, g, h, a, K(7));        \
		SHA_ROUND(a, b, c, d, e, f, g, h, K(8));        \
		SHA_ROUND(h, a, b, c, d, e, f, g, K(9));        \
		SHA_ROUND(g, h, a, b, c, d, e, f, K(10));       \
		SHA_ROUND(f, g, h, a, b, c, d, e, K(11));       \
		SHA_ROUND(e, f, g, h, a, b, c, d, K(12));       \
		SHA_ROUND(d, e, f, g, h, a, b, c, K(13));       \
		SHA_ROUND(c, d, e, f, g, h, a, b, K(14));       \
		SHA_ROUND(b, c, d, e, f, g, h, a, K(15));       \
	} while (0)

static void sha256_block(uint32_t hs[8], const uint8_t *p)
{
	uint32_t w[16];
	uint32_t a = hs[0], b = hs[1], c = hs[2], d = hs[3], e = hs[4], f = hs[5], g = hs[6], h = hs[7];

	/* Rounds 0-15 take the message words as they are loaded. */
#define SHA_K_LOAD(i) (sha256_k[i] + (w[i] = load_be32(p + 4 * (i))))
	SHA_ROUNDS16(SHA_K_LOAD);
#undef SHA_K_LOAD
	/* Rounds 16-63: three passes of 16, each extending the schedule by 16 words. */
	for (unsigned j = 16; j < 64; j += 16) {
#define SHA_K_SCHED(i) (sha256_k[j + (i)] + SHA_W(w, (i) + 16))
		SHA_ROUNDS16(SHA_K_SCHED);
#undef SHA_K_SCHED
	}
	hs[0] += a, hs[1] += b, hs[2] += c, hs[3] += d;
	hs[4] += e, hs[5] += f, hs[6] += g, hs[7] += h;
}

void sha256_init(struct sha256_ctx *ctx)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	for (unsigned i = 0; i < 8; i++)
		ctx->h[i] = iv[i];
	ctx->bytes = 0;
	ctx->fill = 0;
}

void sha256_update(struct sha256_ctx *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;

	ctx->bytes += len;
	if (ctx->fill) {
		while (len && ctx->fill < SHA256_BLOCK_SIZE) {
			ctx->block[ctx->fill++] = *p++;
			len--;
		}
		if (ctx->fill < SHA256_BLOCK_SIZE)
			return;
		sha256_block(ctx->h, ctx->block);
		ctx->fill = 0;
	}
	/* Whole blocks straight from the caller's memory: no copy. */
	while (len >= SHA256_BLOCK_SIZE) {
		sha256_block(ctx->h, p);
		p += SHA256_BLOCK_SIZE;
		len -= SHA256_BLOCK_SIZE;
	}
	while (len--)
		ctx->block[ctx->fill++] = *p++;
}

void sha256_final(struct sha256_ctx *ctx, uint8_t out[SHA256_DIGEST_SIZE])
{
	uint64_t bits = ctx->bytes * 8;

	ctx->block[ctx->fill++] = 0x80;
	if (ctx->fill > SHA256_BLOCK_SIZE - 8) {
		while (ctx->fill < SHA256_BLOCK_SIZE)
			ctx->block[ctx->fill++] = 0;
		sha256_block(ctx->h, ctx->block);
		ctx->fill = 0;
	}
	while (ctx->fill < SHA256_BLOCK_SIZE - 8)
		ctx->block[ctx->fill++] = 0;
	for (unsigned i = 0; i < 8; i++)
		ctx->block[SHA256_BLOCK_SIZE - 1 - i] = (uint8_t)(bits >> (8 * i));
	sha256_block(ctx->h, ctx->block);
	for (unsigned i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(ctx->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(ctx->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(ctx->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)ctx->h[i];
	}
}

void sha256_digest(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, out);
}

void sha256_hex(const uint8_t digest[SHA256_DIGEST_SIZE], char out[2 * SHA256_DIGEST_SIZE + 1])
{
	static const char hex[] = "0123456789abcdef";

	for (unsigned i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[2 * SHA256_DIGEST_SIZE] = '\0';
}
