// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * load_request_build + load_run (loader/load.c) against the fake kernel
 * seam: which interface it picks, what reaches the kernel, and what a
 * refusal says.
 */
#include "lib/cleanup.h"
#include "loader/load.h"
#include "tests/unit/harness.h"
#include "tests/unit/loader-util.h"
#include "tests/unit/sys-fake.h"

#include <errno.h>

/* A heap blob holding a copy of data. */
static struct blob heap(const void *data, size_t len, const char *name)
{
	struct blob b;

	CHECK_EQ(blob_new_heap(len, false, name, &b), 0);
	if (len)
		memcpy(b.storage, data, len);
	return b;
}

/* Builds the request and runs it; the blobs stay the test's. */
static int run(const struct blob *kernel, const struct blob *rd, size_t n, const char *cmdline,
	       const struct load_options *opt, struct load_result *res, struct diag_list *err)
{
	const struct blob *pieces[8];
	struct load_request req;
	int r;

	if (n > 8)
		return -E2BIG;
	for (size_t i = 0; i < n; i++)
		pieces[i] = &rd[i];
	r = load_request_build(&req, kernel, pieces, n, cmdline, opt, err);
	if (r < 0)
		return r;
	r = load_run(&req, res, err);
	load_result_done(res);
	return r;
}

static void test_own_loader_when_not_locked_down(void)
{
	struct util_bz bz = util_bz_default();
	size_t len = 0;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	struct blob k = heap(img, len, "kernel"), rd[2] = { heap("first", 5, "a"), heap("second", 6, "b") };
	const struct load_options opt = { .root = util_fixture("q35-1g"), .serial_port = 0x3f8 };
	struct load_result res;
	struct diag_list err = { 0 };

	sys_fake_reset();
	CHECK_EQ(run(&k, rd, 2, "console=ttyS0", &opt, &res, &err), 0);
	CHECK_EQ(res.used, KEXEC_IFACE_LOAD);
	CHECK_EQ(sys_fake()->kexec_load_calls, 1);
	CHECK_EQ(sys_fake()->kexec_file_load_calls, 0);
	/* kernel, initrd pieces, zero page, purgatory; the entry is the purgatory's */
	CHECK(sys_fake()->last_nr_segments >= 4);
	CHECK(sys_fake()->last_entry != 0);
	CHECK(!sys_fake()->last_crash);
	blob_release(&k);
	blob_release(&rd[0]);
	blob_release(&rd[1]);
}

static void test_file_load_under_lockdown(void)
{
	struct util_bz bz = util_bz_default();
	size_t len = 0;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	struct blob k = heap(img, len, "kernel"), rd[2] = { heap("first", 5, "a"), heap("second", 6, "b") };
	const struct load_options opt = { .root = util_fixture("lockdown") };
	struct load_result res;
	struct diag_list err = { 0 };

	sys_fake_reset();
	CHECK_EQ(run(&k, rd, 2, "quiet", &opt, &res, &err), 0);
	CHECK_EQ(res.used, KEXEC_IFACE_FILE);
	CHECK(strstr(res.why, "locked down") != NULL);
	CHECK_EQ(sys_fake()->kexec_load_calls, 0);
	CHECK_EQ(sys_fake()->kexec_file_load_calls, 1);
	/* The whole image as the kernel file; the initrds joined, each 4-byte aligned (8 + 6). */
	CHECK_EQ(sys_fake()->last_kernel_size, (long long)len);
	CHECK_EQ(sys_fake()->last_initrd_size, 14);
	CHECK_STREQ(sys_fake()->last_cmdline, "quiet");
	blob_release(&k);
	blob_release(&rd[0]);
	blob_release(&rd[1]);
	diag_list_done(&err);
}

static void test_refusal_in_plain_words(void)
{
	struct util_bz bz = util_bz_default();
	size_t len = 0;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	struct blob k = heap(img, len, "kernel");
	struct load_options opt = { .root = util_fixture("q35-1g"), .iface = KEXEC_IFACE_LOAD };
	struct load_result res;
	struct diag_list err = { 0 };

	sys_fake_reset();
	sys_fake()->kexec_load_ret = -EBUSY;
	CHECK_EQ(run(&k, NULL, 0, NULL, &opt, &res, &err), -EBUSY);
	CHECK_STREQ(err.reason, "kexec_load: a kexec image is already loaded; unload it with -u");
	sys_fake_reset();
	sys_fake()->kexec_file_load_ret = -EKEYREJECTED;
	opt.iface = KEXEC_IFACE_FILE;
	CHECK_EQ(run(&k, NULL, 0, NULL, &opt, &res, &err), -EKEYREJECTED);
	CHECK_STREQ(err.reason, "kexec_file_load: the kernel refused the image's signature");
	/* No kernel: refused before the kernel is asked. */
	sys_fake_reset();
	CHECK_EQ(run(NULL, NULL, 0, NULL, &opt, &res, &err), -EINVAL);
	CHECK_STREQ(err.reason, "kexec_file_load needs a kernel image (forced)");
	opt.iface = KEXEC_IFACE_LOAD;
	CHECK_EQ(run(NULL, NULL, 0, NULL, &opt, &res, &err), -EINVAL);
	CHECK_EQ(sys_fake()->kexec_file_load_calls + sys_fake()->kexec_load_calls, 0);
	blob_release(&k);
	diag_list_done(&err);
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
