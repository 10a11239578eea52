// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lib/pe-hash.h on PE32+ images built here: the ranges the Authenticode
 * hash covers (CheckSum and the Certificate Table entry left out, sections
 * in PointerToRawData order, trailing data without the table), the
 * WIN_CERTIFICATE iteration, and hostile headers. The digests themselves
 * are checked against real tools in test-authenticode.c.
 */
#include "lib/cleanup.h"
#include "lib/pe-hash.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define LFANEW 0x80
#define OPT (LFANEW + 24)
#define OPTSZ 240 /* PE32+ with 16 data directories */
#define CERTDIR (OPT + 112 + 4 * 8)
#define HDRS 0x400
#define CERT_OFF 0xb00
#define IMG_LEN 0xb20

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

static void section(uint8_t *b, int i, const char *name, uint32_t raw, uint32_t ptr)
{
	uint8_t *s = b + OPT + OPTSZ + i * 40;

	memcpy(s, name, strlen(name));
	put32(s + 8, raw ? raw : 0x1000);
	put32(s + 12, 0x1000u * (unsigned)(i + 1));
	put32(s + 16, raw);
	put32(s + 20, ptr);
}

/*
 * Headers to 0x400; sections (table order) .text at 0x800 (0x200 bytes),
 * .data at 0x400 (0x400), .bss with no raw data; trailing data to 0xb00;
 * a certificate table of two 16-byte entries at 0xb00.
 */
static uint8_t *image(size_t *len)
{
	uint8_t *b = calloc(1, IMG_LEN);

	if (!b)
		return NULL;
	b[0] = 'M', b[1] = 'Z';
	put32(b + 0x3c, LFANEW);
	memcpy(b + LFANEW, "PE\0\0", 4);
	put16(b + LFANEW + 4, 0x8664);
	put16(b + LFANEW + 6, 3);
	put16(b + LFANEW + 20, OPTSZ);
	put16(b + OPT, 0x20b);
	put32(b + OPT + 60, HDRS);
	put32(b + OPT + 64, 0xdeadbeef); /* CheckSum */
	put32(b + OPT + 108, 16);
	put32(b + CERTDIR, CERT_OFF);
	put32(b + CERTDIR + 4, IMG_LEN - CERT_OFF);
	section(b, 0, ".text", 0x200, 0x800);
	section(b, 1, ".data", 0x400, 0x400);
	section(b, 2, ".bss", 0, 0);
	/* Entry 1: 5 bytes, padded to 16; entry 2: 8 bytes. */
	put32(b + CERT_OFF, 13);
	put16(b + CERT_OFF + 4, PE_CERT_REVISION_2_0);
	put16(b + CERT_OFF + 6, PE_CERT_TYPE_PKCS_SIGNED_DATA);
	memcpy(b + CERT_OFF + 8, "hello", 5);
	put32(b + CERT_OFF + 16, 16);
	put16(b + CERT_OFF + 20, 0x0100);
	put16(b + CERT_OFF + 22, 0x0001);
	*len = IMG_LEN;
	return b;
}

#define CHECK_RANGE(l, i, o, n)                       \
	do {                                          \
		CHECK_EQ((l).ranges[i].off, (o));     \
		CHECK_EQ((l).ranges[i].len, (n));     \
	} while (0)

static void test_ranges_follow_the_spec(void)
{
	_cleanup_free_ uint8_t *b = NULL;
	struct pe_hash_layout l;
	size_t len = 0;

	b = image(&len);
	CHECK(b != NULL);
	if (!b)
		return;
	CHECK_EQ(pe_hash_layout(b, len, &l), 0);
	CHECK_EQ(l.n_ranges, 6);
	CHECK_RANGE(l, 0, 0, OPT + 64);                      /* up to CheckSum */
	CHECK_RANGE(l, 1, OPT + 68, CERTDIR - (OPT + 68));   /* up to the Certificate Table entry */
	CHECK_RANGE(l, 2, CERTDIR + 8, HDRS - (CERTDIR + 8)); /* the rest of the headers */
	CHECK_RANGE(l, 3, 0x400, 0x400);                     /* .data first: PointerToRawData order */
	CHECK_RANGE(l, 4, 0x800, 0x200);
	CHECK_RANGE(l, 5, 0xa00, 0x100);                     /* trailing data, not the table */
	CHECK_EQ(l.cert_off, CERT_OFF);
	CHECK_EQ(l.cert_size, IMG_LEN - CERT_OFF);
}

static void test_without_a_certificate_directory(void)
{
	_cleanup_free_ uint8_t *b = NULL;
	struct pe_hash_layout l;
	size_t len = 0;

	b = image(&len);
	CHECK(b != NULL);
	if (!b)
		return;
	/* Four data directories: no Certificate Table entry, so everything after CheckSum is hashed. */
	put32(b + OPT + 108, 4);
	CHECK_EQ(pe_hash_layout(b, len, &l), 0);
	CHECK_EQ(l.n_ranges, 5);
	CHECK_RANGE(l, 1, OPT + 68, HDRS - (OPT + 68));
	CHECK_RANGE(l, 4, 0xa00, IMG_LEN - 0xa00);
	CHECK_EQ(l.cert_size, 0);
	/* A directory entry of size 0: unsigned, the whole tail is trailing data. */
	put32(b + OPT + 108, 16);
	put32(b + CERTDIR + 4, 0);
	CHECK_EQ(pe_hash_layout(b, len, &l), 0);
	CHECK_EQ(l.cert_size, 0);
	CHECK_RANGE(l, l.n_ranges - 1, 0xa00, IMG_LEN - 0xa00);
}

static void test_certificate_entries(void)
{
	_cleanup_free_ uint8_t *b = NULL;
	struct pe_hash_layout l;
	struct pe_cert_iter it = { 0 };
	struct pe_cert c;
	size_t len = 0;

	b = image(&len);
	CHECK(b != NULL);
	if (!b || pe_hash_layout(b, len, &l) < 0)
		return;
	CHECK_EQ(pe_cert_next(b, &l, &it, &c), 1);
	CHECK_EQ(c.revision, PE_CERT_REVISION_2_0);
	CHECK_EQ(c.type, PE_CERT_TYPE_PKCS_SIGNED_DATA);
	CHECK_EQ(c.len, 5);
	CHECK(c.data == b + CERT_OFF + 8 && memcmp(c.data, "hello", 5) == 0);
	CHECK_EQ(pe_cert_next(b, &l, &it, &c), 1); /* 8-byte aligned after the first */
	CHECK_EQ(c.revision, 0x0100);
	CHECK_EQ(c.len, 8);
	CHECK_EQ(pe_cert_next(b, &l, &it, &c), 0);
	CHECK_EQ(it.n, 2);
}

static void test_certificate_entries_hostile(void)
{
	_cleanup_free_ uint8_t *b = NULL;
	struct pe_hash_layout l;
	struct pe_cert_iter it = { 0 };
	struct pe_cert c;
	size_t len = 0;
	int r, n = 0;

	b = image(&len);
	CHECK(b != NULL);
	if (!b || pe_hash_layout(b, len, &l) < 0)
		return;
	put32(b + CERT_OFF, 7); /* shorter than its own header */
	CHECK_EQ(pe_cert_next(b, &l, &it, &c), -EBADMSG);
	put32(b + CERT_OFF, 0x21); /* longer than the table */
	CHECK_EQ(pe_cert_next(b, &l, &it, &c), -EBADMSG);
	/* A table of 8-byte entries: PE_CERT_MAX_ENTRIES, then -E2BIG. */
	l.cert_off = 0;
	l.cert_size = 8 * (PE_CERT_MAX_ENTRIES + 2);
	memset(b, 0, (size_t)l.cert_size);
	for (size_t i = 0; i < PE_CERT_MAX_ENTRIES + 2; i++)
		put32(b + 8 * i, 8);
	while ((r = pe_cert_next(b, &l, &it, &c)) > 0)
		n++;
	CHECK_EQ(n, PE_CERT_MAX_ENTRIES);
	CHECK_EQ(r, -E2BIG);
}

/* The last certificate entry may leave up to 7 bytes of padding: the end, not an error. */
static void test_certificate_table_padding_ends_it(void)
{
	_cleanup_free_ uint8_t *b = NULL;
	struct pe_hash_layout l;
	struct pe_cert_iter it = { 0 };
	struct pe_cert c;
	size_t len = 0;

	b = image(&len);
	CHECK(b != NULL);
	if (!b)
		return;
	put32(b + CERT_OFF + 16, 8); /* the second entry: a header alone */
	put32(b + CERTDIR + 4, 0x18 + 7);
	CHECK_EQ(pe_hash_layout(b, CERT_OFF + 0x18 + 7, &l), 0);
	CHECK_EQ(pe_cert_next(b, &l, &it, &c), 1);
	CHECK_EQ(pe_cert_next(b, &l, &it, &c), 1);
	CHECK_EQ(pe_cert_next(b, &l, &it, &c), 0);
}

static void test_hostile_headers(void)
{
	_cleanup_free_ uint8_t *b = NULL;
	struct pe_hash_layout l;
	size_t len = 0;

	b = image(&len);
	CHECK(b != NULL);
	if (!b)
		return;
	put32(b + OPT + 60, IMG_LEN + 1); /* SizeOfHeaders past the end */
	CHECK_EQ(pe_hash_layout(b, len, &l), -EBADMSG);
	put32(b + OPT + 60, OPT + OPTSZ + 40); /* the section table outside the hashed headers */
	CHECK_EQ(pe_hash_layout(b, len, &l), -EBADMSG);
	put32(b + OPT + 60, HDRS);
	section(b, 0, ".text", 0x200, IMG_LEN - 0x100); /* raw data past the end */
	CHECK_EQ(pe_hash_layout(b, len, &l), -ERANGE);
	section(b, 0, ".text", 0x700, 0x400); /* SUM of raw sizes runs into the certificate table */
	CHECK_EQ(pe_hash_layout(b, len, &l), -EBADMSG);
	section(b, 0, ".text", 0x200, 0x800);
	put32(b + CERTDIR + 4, 0x10); /* the table does not end the file */
	CHECK_EQ(pe_hash_layout(b, len, &l), -EBADMSG);
	put32(b + CERTDIR + 4, IMG_LEN - CERT_OFF);
	put16(b + LFANEW + 6, PE_MAX_SECTIONS + 1);
	CHECK_EQ(pe_hash_layout(b, len, &l), -E2BIG);
	put16(b + LFANEW + 6, 3);
	put16(b + LFANEW + 20, 100); /* too small for the data directories */
	CHECK_EQ(pe_hash_layout(b, len, &l), -EBADMSG);
	put16(b + LFANEW + 20, OPTSZ);
	put16(b + OPT, 0x107); /* neither PE32 nor PE32+ */
	CHECK_EQ(pe_hash_layout(b, len, &l), -EBADMSG);
	put16(b + OPT, 0x20b);
	put32(b + 0x3c, IMG_LEN - 10); /* PE header past the end */
	CHECK_EQ(pe_hash_layout(b, len, &l), -EBADMSG);
	put32(b + 0x3c, LFANEW);
	CHECK_EQ(pe_hash_layout(b, len, &l), 0);
}

/* Every truncation either fails or gives ranges inside what is there (ASan watches the reads). */
static void test_every_truncation_is_bounded(void)
{
	_cleanup_free_ uint8_t *b = NULL;
	struct pe_hash_layout l;
	size_t len = 0, ok = 0;

	b = image(&len);
	CHECK(b != NULL);
	if (!b)
		return;
	put32(b + CERTDIR + 4, 0); /* unsigned, so shorter files can still be laid out */
	for (size_t n = 0; n <= len; n++) {
		uint8_t *copy = malloc(n ? n : 1);

		CHECK(copy != NULL);
		if (!copy)
			return;
		memcpy(copy, b, n);
		if (pe_hash_layout(copy, n, &l) == 0) {
			ok++;
			for (size_t i = 0; i < l.n_ranges; i++)
				CHECK(l.ranges[i].off <= n && l.ranges[i].len <= n - l.ranges[i].off);
		}
		free(copy);
	}
	CHECK_EQ(ok, len - 0xa00 + 1); /* from the end of .text on */
}

static const struct test tests[] = {
	TEST(ranges_follow_the_spec),
	TEST(without_a_certificate_directory),
	TEST(certificate_entries),
	TEST(certificate_entries_hostile),
	TEST(certificate_table_padding_ends_it),
	TEST(hostile_headers),
	TEST(every_truncation_is_bounded),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
