// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pe_blob_uki / pe_blob_narrow (lib/pe-blob.c): a UKI's sections as
 * kernel, microcode, initrd and command line, the way both the CLI and the
 * fetch stage split one.
 */
#include "lib/cleanup.h"
#include "lib/pe-blob.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-pe-build.h"

#include <errno.h>

static struct blob heap(const void *data, size_t len)
{
	struct blob b;

	CHECK_EQ(blob_new_heap(len, false, "uki.efi", &b), 0);
	if (len)
		memcpy(b.storage, data, len);
	return b;
}

static void test_sections(void)
{
	const struct tpe_sec secs[] = {
		{ ".osrel", "ID=debian\n" }, { ".cmdline", "root=/dev/vda2 quiet\n" },
		{ ".linux", "KERNELBYTES" }, { ".initrd", "INITRDBYTES" }, { ".ucode", "UCODE" },
	};
	struct pe_uki u;
	size_t len = 0;
	_cleanup_free_ uint8_t *pe = tpe_build(secs, ARRAY_SIZE(secs), &len);
	struct blob b = heap(pe, len), s = heap(pe, len);
	struct diag_list why = { 0 };

	CHECK_EQ(pe_blob_uki(&b, &u), 0);
	CHECK(u.has_ucode && u.has_initrd);
	/* The trailing newline is not part of the command line. */
	CHECK_STREQ(u.cmdline, "root=/dev/vda2 quiet");
	pe_uki_done(&u);
	CHECK_EQ(pe_blob_narrow(&b, ".linux", &why), 0);
	CHECK_EQ(b.size, 11);
	CHECK(memcmp(b.data, "KERNELBYTES", 11) == 0);
	CHECK_EQ(pe_blob_narrow(&s, ".ucode", &why), 0);
	CHECK_EQ(s.size, 5);
	CHECK(memcmp(s.data, "UCODE", 5) == 0);
	/* Views into the storage, no copies. */
	CHECK((const uint8_t *)s.data > (const uint8_t *)s.storage &&
	      (const uint8_t *)s.data < (const uint8_t *)s.storage + len);
	blob_release(&b);
	blob_release(&s);
}

static void test_not_a_uki(void)
{
	const struct tpe_sec no_linux[] = { { ".osrel", "ID=x\n" }, { ".text", "code" } };
	struct pe_uki u;
	size_t len = 0;
	_cleanup_free_ uint8_t *pe = tpe_build(no_linux, ARRAY_SIZE(no_linux), &len);
	struct blob b = heap(pe, len), elf = heap("\x7f" "ELF not a PE at all", 20), empty = BLOB_INIT;
	struct diag_list why = { 0 };

	CHECK_EQ(pe_blob_uki(&b, &u), -ENOEXEC);
	CHECK_EQ(pe_blob_narrow(&b, ".linux", &why), -ENOENT);
	CHECK_STREQ(why.reason, "uki.efi: no such section in the image");
	CHECK_EQ(b.size, len);
	CHECK_EQ(pe_blob_uki(&elf, &u), -ENOEXEC);
	CHECK(pe_blob_narrow(&elf, ".linux", &why) < 0);
	CHECK_STREQ(why.reason, "uki.efi: not a valid PE image");
	CHECK_EQ(pe_blob_uki(&empty, &u), -ENOEXEC);
	/* Truncated: the section table points past the end. */
	CHECK_EQ(blob_narrow(&b, 0, 0x100), 0);
	CHECK_EQ(pe_blob_uki(&b, &u), -ENOEXEC);
	blob_release(&b);
	blob_release(&elf);
}

static const struct test tests[] = {
	TEST(sections),
	TEST(not_a_uki),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
