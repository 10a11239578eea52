// SPDX-License-Identifier: GPL-2.0-or-later
/* uki_split: a UKI's sections as kernel, microcode, initrd and command line. */
#include "lib/cleanup.h"
#include "loader/uki.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-pe-build.h"

#include <errno.h>

static void test_sections(void)
{
	const struct tpe_sec secs[] = {
		{ ".osrel", "ID=debian\n" }, { ".cmdline", "root=/dev/vda2 quiet\n" },
		{ ".linux", "KERNELBYTES" }, { ".initrd", "INITRDBYTES" }, { ".ucode", "UCODE" },
	};
	struct uki_parts u;
	size_t len = 0;
	_cleanup_free_ uint8_t *pe = tpe_build(secs, ARRAY_SIZE(secs), &len);

	CHECK(pe != NULL);
	CHECK_EQ(uki_split(pe, len, &u), 0);
	CHECK_EQ(u.linux_.size, 11);
	CHECK(memcmp(u.linux_.data, "KERNELBYTES", 11) == 0);
	CHECK_EQ(u.initrd.size, 11);
	CHECK(memcmp(u.initrd.data, "INITRDBYTES", 11) == 0);
	CHECK_EQ(u.ucode.size, 5);
	CHECK(memcmp(u.ucode.data, "UCODE", 5) == 0);
	/* The trailing newline is not part of the command line. */
	CHECK_EQ(u.cmdline.size, 20);
	CHECK(memcmp(u.cmdline.data, "root=/dev/vda2 quiet", 20) == 0);
	/* Views into the buffer, no copies. */
	CHECK((const uint8_t *)u.linux_.data > pe && (const uint8_t *)u.linux_.data < pe + len);
}

static void test_not_a_uki(void)
{
	const struct tpe_sec no_linux[] = { { ".osrel", "ID=x\n" }, { ".text", "code" } };
	struct uki_parts u;
	size_t len = 0;
	_cleanup_free_ uint8_t *pe = tpe_build(no_linux, ARRAY_SIZE(no_linux), &len);

	CHECK_EQ(uki_split(pe, len, &u), -ENOEXEC);
	CHECK_EQ(uki_split("\x7f" "ELF not a PE at all", 20, &u), -ENOEXEC);
	CHECK_EQ(uki_split("", 0, &u), -ENOEXEC);
	/* Truncated: the section table points past the end. */
	CHECK_EQ(uki_split(pe, 0x100, &u), -ENOEXEC);
}

static const struct test tests[] = {
	TEST(sections),
	TEST(not_a_uki),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
