// SPDX-License-Identifier: GPL-2.0-or-later
/* fetch_ref / fetch_text (boot/fetch) over a fixture directory standing for one volume. */
#include "boot/fetch/fetch.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-pe-build.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

static char dir[64];
static struct fsaccess fs;
static struct boot_volume vol;
static struct boot_volumes vols;
static const struct fetch_ctx ctx = { &vols };

static void put(const char *name, const void *data, size_t len)
{
	_cleanup_free_ char *p = NULL;
	int fd;

	CHECK(asprintf(&p, "%s/%s", dir, name) > 0);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(fd_write_all(fd, data, len), 0);
	close(fd);
}

static void setup(void)
{
	const struct tpe_sec secs[] = { { ".osrel", "ID=x\n" }, { ".linux", "LINUXBYTES" }, { ".initrd", "INITRD" } };
	size_t len = 0;
	uint8_t *pe;

	strcpy(dir, "/tmp/kexboot-fetch-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	put("vmlinuz", "KERNEL", 6);
	put("boot.cfg", "menuentry x\n", 12);
	pe = tpe_build(secs, 3, &len);
	CHECK(pe != NULL);
	put("uki.efi", pe, len);
	free(pe);
	CHECK_EQ(fsa_open_dir(&fs, dir), 0);
	vol = (struct boot_volume){ .name = "UUID=abcd", .uuid = "abcd", .fs = &fs };
	vols = (struct boot_volumes){ &vol, 1 };
}

static void teardown(void)
{
	_cleanup_free_ char *cmd = NULL;

	fsa_close(&fs);
	CHECK(asprintf(&cmd, "rm -rf %s", dir) > 0);
	CHECK_EQ(system(cmd), 0);
}

static void test_file_ref(void)
{
	struct boot_ref ref = { 0 };
	struct diag_list why = { 0 };
	struct blob b;

	setup();
	CHECK_EQ(boot_ref_set(&ref, "UUID=abcd", "/vmlinuz"), 0);
	CHECK_EQ(fetch_ref(&ctx, &ref, 1 << 20, &b, &why), 0);
	CHECK_EQ(b.store, BLOB_FILE_MAP);
	CHECK_EQ(b.size, 6);
	CHECK(memcmp(b.data, "KERNEL", 6) == 0);
	CHECK_STREQ(b.name, "UUID=abcd:/vmlinuz");
	blob_release(&b);
	/* Too large for the caller's limit. */
	CHECK_EQ(fetch_ref(&ctx, &ref, 5, &b, &why), -EFBIG);
	CHECK_STREQ(why.reason, "UUID=abcd:/vmlinuz: file too large");
	CHECK(b.storage == NULL);
	boot_ref_done(&ref);
	teardown();
}

static void test_missing_file_named(void)
{
	struct boot_ref ref = { 0 };
	struct diag_list why = { 0 };
	struct blob b;

	setup();
	CHECK_EQ(boot_ref_set(&ref, "UUID=abcd", "/gone.img"), 0);
	CHECK_EQ(fetch_ref(&ctx, &ref, 1 << 20, &b, &why), -ENOENT);
	CHECK_STREQ(why.reason, "UUID=abcd:/gone.img: No such file or directory");
	CHECK_EQ(b.store, BLOB_EMPTY);
	CHECK_EQ(boot_ref_set(&ref, "LABEL=nope", "/vmlinuz"), 0);
	CHECK_EQ(fetch_ref(&ctx, &ref, 1 << 20, &b, &why), -ENODEV);
	CHECK_STREQ(why.reason, "LABEL=nope:/vmlinuz: no such device");
	boot_ref_done(&ref);
	teardown();
}

static void test_uki_section(void)
{
	struct boot_ref ref = { 0 };
	struct diag_list why = { 0 };
	struct blob b;

	setup();
	CHECK_EQ(boot_ref_set(&ref, "UUID=abcd", "/uki.efi"), 0);
	CHECK_EQ(str_set(&ref.section, ".initrd"), 0);
	CHECK_EQ(fetch_ref(&ctx, &ref, 1 << 20, &b, &why), 0);
	CHECK_EQ(b.size, 6);
	CHECK(memcmp(b.data, "INITRD", 6) == 0);
	/* A view: the storage is the whole file. */
	CHECK(b.storage_len > b.size);
	CHECK_STREQ(b.name, "UUID=abcd:/uki.efi.initrd");
	blob_release(&b);
	CHECK_EQ(str_set(&ref.section, ".cmdline"), 0);
	CHECK_EQ(fetch_ref(&ctx, &ref, 1 << 20, &b, &why), -ENOENT);
	CHECK_STREQ(why.reason, "UUID=abcd:/uki.efi.cmdline: no such section in the image");
	CHECK(b.storage == NULL);
	boot_ref_done(&ref);
	teardown();
}

static void test_file_url(void)
{
	_cleanup_free_ char *url = NULL, *url2 = NULL;
	struct boot_ref ref = { 0 };
	struct diag_list why = { 0 };
	struct blob b;

	setup();
	CHECK(asprintf(&url, "file://%s/uki.efi", dir) > 0);
	ref.url = url;
	CHECK_EQ(str_set(&ref.section, ".linux"), 0);
	/* No volumes needed: a file:// URL is a path on this machine. */
	CHECK_EQ(fetch_ref(&(struct fetch_ctx){ NULL }, &ref, 1 << 20, &b, &why), 0);
	CHECK_EQ(b.size, 10);
	CHECK(memcmp(b.data, "LINUXBYTES", 10) == 0);
	blob_release(&b);
	free(ref.section);
	ref.section = NULL;
	CHECK(asprintf(&url2, "file://%s/nothing", dir) > 0);
	ref.url = url2;
	CHECK_EQ(fetch_ref(&ctx, &ref, 1 << 20, &b, &why), -ENOENT);
	CHECK(strstr(why.reason, "/nothing: No such file or directory") != NULL);
	ref.url = (char *)"file://relative/path";
	CHECK_EQ(fetch_ref(&ctx, &ref, 1 << 20, &b, &why), -EINVAL);
	teardown();
}

static void test_text(void)
{
	_cleanup_free_ char *url = NULL, *text = NULL;
	struct diag_list why = { 0 };
	size_t len = 0;

	setup();
	CHECK(asprintf(&url, "file://%s/boot.cfg", dir) > 0);
	CHECK_EQ(fetch_text(&ctx, url, 4096, &text, &len, &why), 0);
	CHECK_EQ(len, 12);
	CHECK_STREQ(text, "menuentry x\n");
	CHECK_EQ(fetch_text(&ctx, url, 4, &text, &len, &why), -EFBIG);
	teardown();
}

static void test_unsupported_schemes(void)
{
	/*
	 * http://, https:// and tftp:// are built (tested on loopback only, in
	 * their own tests); only schemes with no back end belong here, and never
	 * an address that could route anywhere: a back end added later must not
	 * turn this test into traffic.
	 */
	static const char *const urls[] = { "FTP://127.0.0.1:9/vmlinuz", "nfs://127.0.0.1/vmlinuz" };
	struct boot_ref ref = { 0 };
	struct diag_list why = { 0 };
	struct blob b;
	char *text = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(urls); i++) {
		ref.url = (char *)urls[i];
		CHECK_EQ(fetch_ref(&ctx, &ref, 1 << 20, &b, &why), -EPROTONOSUPPORT);
		CHECK(strstr(why.reason, "not a URL kexboot can fetch") != NULL);
		CHECK(strstr(why.reason, urls[i]) != NULL);
		CHECK(b.storage == NULL);
	}
	CHECK_EQ(fetch_text(&ctx, "gopher://x/y", 10, &text, NULL, &why), -EPROTONOSUPPORT);
	CHECK(text == NULL);
	/* No URL and no path: nothing to fetch. */
	ref.url = NULL;
	CHECK_EQ(fetch_ref(&ctx, &ref, 1 << 20, &b, &why), -EINVAL);
	CHECK_STREQ(why.reason, "an entry names no file");
}

static const struct test tests[] = {
	TEST(file_ref),
	TEST(missing_file_named),
	TEST(uki_section),
	TEST(file_url),
	TEST(text),
	TEST(unsupported_schemes),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
