// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/cleanup.h"
#include "lib/pe.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-pe-build.h"

#include <errno.h>

static void test_sections_found(void)
{
	struct tpe_sec s[] = { { ".linux", "KERNEL" }, { ".initrd", "INITRD-DATA" }, { ".cmdline", "quiet" } };
	size_t len;
	_cleanup_free_ uint8_t *b = tpe_build(s, 3, &len);
	const struct pe_section *sec;
	struct pe_file pe;

	CHECK_EQ(pe_open(&pe, b, len, len), 0);
	CHECK_EQ(pe.n_sections, 3);
	CHECK_EQ(pe.machine, 0x8664);
	sec = pe_find_section(&pe, ".initrd");
	CHECK(sec != NULL);
	if (sec) {
		CHECK_EQ(sec->size, 11);
		CHECK(memcmp(b + sec->offset, "INITRD-DATA", 11) == 0);
	}
	CHECK(pe_find_section(&pe, ".osrel") == NULL);
	/* headers only in the buffer, data beyond it: still fine */
	CHECK_EQ(pe_open(&pe, b, 0x400, len), 0);
}

static void test_bad_headers(void)
{
	struct tpe_sec s[] = { { ".linux", "KERNEL" } };
	size_t len;
	_cleanup_free_ uint8_t *b = tpe_build(s, 1, &len);
	struct pe_file pe;

	CHECK_EQ(pe_open(&pe, b, 10, len), -EBADMSG);           /* truncated */
	CHECK_EQ(pe_open(&pe, b, len, 0x300), -ERANGE);          /* section past the end of file */
	tpe_put32(b + 0x3c, 0xfffffff0);                         /* e_lfanew outside */
	CHECK_EQ(pe_open(&pe, b, len, len), -EBADMSG);
	tpe_put32(b + 0x3c, 0x80);
	b[0x86] = 0xff;                                          /* too many sections */
	CHECK_EQ(pe_open(&pe, b, len, len), -E2BIG);
	b[0x86] = 30;                                            /* section table past the buffer */
	CHECK_EQ(pe_open(&pe, b, 0x200, len), -EBADMSG);
	b[0x86] = 1;
	tpe_put32(b + 0x80 + 24 + 20, 0xffffff00);               /* PointerToRawData huge */
	CHECK_EQ(pe_open(&pe, b, len, len), -ERANGE);
	b[0] = 'X';
	CHECK_EQ(pe_open(&pe, b, len, len), -EBADMSG);
}

static const struct test tests[] = {
	TEST(sections_found),
	TEST(bad_headers),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
