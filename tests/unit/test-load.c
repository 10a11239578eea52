// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * load_mapped (loader/load.c) against the fake kernel seam: which
 * interface it picks, what reaches the kernel, and what a refusal says.
 */
#include "lib/cleanup.h"
#include "loader/load.h"
#include "tests/unit/harness.h"
#include "tests/unit/loader-util.h"
#include "tests/unit/sys-fake.h"

#include <errno.h>

static void test_own_loader_when_not_locked_down(void)
{
	struct util_bz bz = util_bz_default();
	size_t len = 0;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	const struct kexec_initrd rd[2] = { { "first", 5, "a" }, { "second", 6, "b" } };
	struct load_input in = { .root = util_fixture("q35-1g"), .kernel = img, .kernel_size = len,
				       .initrds = rd, .nr_initrds = 2, .cmdline = "console=ttyS0" };
	struct load_result res;
	struct diag_list err = { 0 };

	sys_fake_reset();
	CHECK_EQ(load_mapped(&in, &res, &err), 0);
	CHECK_EQ(res.used, KEXEC_IFACE_LOAD);
	CHECK_EQ(sys_fake()->kexec_load_calls, 1);
	CHECK_EQ(sys_fake()->kexec_file_load_calls, 0);
	/* kernel, initrd pieces, zero page, purgatory; the entry is the purgatory's */
	CHECK(sys_fake()->last_nr_segments >= 4);
	CHECK(sys_fake()->last_entry != 0);
	CHECK(!sys_fake()->last_crash);
}

static void test_file_load_under_lockdown(void)
{
	struct util_bz bz = util_bz_default();
	size_t len = 0;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	const struct kexec_initrd rd[2] = { { "first", 5, "a" }, { "second", 6, "b" } };
	struct load_input in = { .root = util_fixture("lockdown"), .kernel = img, .kernel_size = len,
				       .initrds = rd, .nr_initrds = 2, .cmdline = "quiet" };
	struct load_result res;
	struct diag_list err = { 0 };

	sys_fake_reset();
	CHECK_EQ(load_mapped(&in, &res, &err), 0);
	CHECK_EQ(res.used, KEXEC_IFACE_FILE);
	CHECK(strstr(res.why, "locked down") != NULL);
	CHECK_EQ(sys_fake()->kexec_load_calls, 0);
	CHECK_EQ(sys_fake()->kexec_file_load_calls, 1);
	/* The whole image as the kernel file; the initrds joined, each 4-byte aligned (8 + 6). */
	CHECK_EQ(sys_fake()->last_kernel_size, (long long)len);
	CHECK_EQ(sys_fake()->last_initrd_size, 14);
	CHECK_STREQ(sys_fake()->last_cmdline, "quiet");
}

static void test_refusal_in_plain_words(void)
{
	struct util_bz bz = util_bz_default();
	size_t len = 0;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	struct load_input in = { .root = util_fixture("q35-1g"), .kernel = img, .kernel_size = len,
				       .iface = KEXEC_IFACE_LOAD };
	struct load_result res;
	struct diag_list err = { 0 };

	sys_fake_reset();
	sys_fake()->kexec_load_ret = -EBUSY;
	CHECK_EQ(load_mapped(&in, &res, &err), -EBUSY);
	CHECK_STREQ(err.reason, "kexec_load: a kexec image is already loaded; unload it with -u");
	sys_fake_reset();
	sys_fake()->kexec_file_load_ret = -EKEYREJECTED;
	in.iface = KEXEC_IFACE_FILE;
	CHECK_EQ(load_mapped(&in, &res, &err), -EKEYREJECTED);
	CHECK_STREQ(err.reason, "kexec_file_load: the kernel refused the image's signature");
	/* No kernel: refused before the kernel is asked. */
	sys_fake_reset();
	in.kernel = NULL;
	CHECK_EQ(load_mapped(&in, &res, &err), -EINVAL);
	CHECK_EQ(sys_fake()->kexec_file_load_calls + sys_fake()->kexec_load_calls, 0);
}

static const struct test tests[] = {
	TEST(own_loader_when_not_locked_down),
	TEST(file_load_under_lockdown),
	TEST(refusal_in_plain_words),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
