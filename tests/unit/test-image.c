// SPDX-License-Identifier: GPL-2.0-or-later
/* boot_image_fetch over a fixture directory standing for one volume. */
#include "boot/image.h"
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
static struct fetch_ctx ctx = { &vols };

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
	strcpy(dir, "/tmp/kexboot-image-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	put("vmlinuz", "KERNEL", 6);
	put("one.img", "first initrd", 12);
	put("two.img", "second", 6);
	put("empty.img", "", 0);
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

static struct boot_entry *entry(const char *kernel, const char *const *initrds, size_t n)
{
	struct boot_entry *e = boot_entry_new(BOOT_SOURCE_BLS);
	struct boot_ref r = { 0 };

	CHECK(e != NULL);
	CHECK_EQ(str_set(&e->title, "t"), 0);
	CHECK_EQ(str_set(&e->cmdline, "root=x quiet"), 0);
	CHECK_EQ(boot_ref_set(&e->kernel, "UUID=ABCD", kernel), 0); /* UUIDs match case-insensitively */
	for (size_t i = 0; i < n; i++) {
		CHECK_EQ(boot_ref_set(&r, "UUID=abcd", initrds[i]), 0);
		CHECK_EQ(boot_entry_add_initrd(e, &r), 0);
	}
	boot_ref_done(&r);
	return e;
}

static void test_maps_all_initrds_in_order(void)
{
	const char *const initrds[] = { "/two.img", "/empty.img", "/one.img" };
	struct boot_entry *e;
	struct boot_image img;
	struct diag_list why = { 0 };

	setup();
	e = entry("/vmlinuz", initrds, 3);
	CHECK_EQ(boot_image_fetch(&ctx, e, NULL, &img, &why), 0);
	CHECK_EQ(img.kernel.size, 6);
	CHECK(memcmp(img.kernel.data, "KERNEL", 6) == 0);
	CHECK_EQ(img.n_initrds, 3);
	CHECK_EQ(img.initrds[0].size, 6);
	CHECK(memcmp(img.initrds[0].data, "second", 6) == 0);
	CHECK_EQ(img.initrds[1].size, 0);
	CHECK(memcmp(img.initrds[2].data, "first initrd", 12) == 0);
	CHECK_STREQ(img.initrds[2].name, "UUID=abcd:/one.img");
	CHECK_STREQ(img.cmdline, "root=x quiet");
	boot_image_done(&img);
	/* An edited command line wins. */
	CHECK_EQ(boot_image_fetch(&ctx, e, "edited", &img, &why), 0);
	CHECK_STREQ(img.cmdline, "edited");
	boot_image_done(&img);
	CHECK_STREQ(why.reason, "");
	boot_entry_free(e);
	teardown();
}

static void test_failures_name_the_file(void)
{
	const char *const missing[] = { "/one.img", "/gone.img" };
	struct boot_entry *e;
	struct boot_image img;
	struct diag_list why = { 0 };

	setup();
	e = entry("/vmlinuz", missing, 2);
	CHECK_EQ(boot_image_fetch(&ctx, e, NULL, &img, &why), -ENOENT);
	CHECK_STREQ(why.reason, "UUID=abcd:/gone.img: No such file or directory");
	CHECK(img.kernel.storage == NULL && img.n_initrds == 0);
	boot_entry_free(e);
	diag_list_done(&why);

	e = entry("/vmlinuz", NULL, 0);
	CHECK_EQ(boot_ref_set(&e->kernel, "UUID=ffff", "/vmlinuz"), 0);
	CHECK_EQ(boot_image_fetch(&ctx, e, NULL, &img, &why), -ENODEV);
	CHECK_STREQ(why.reason, "UUID=ffff:/vmlinuz: no such device");
	diag_list_done(&why);
	CHECK_EQ(boot_entry_set_broken(e, "kernel %s not found", "/x"), 0);
	CHECK_EQ(boot_image_fetch(&ctx, e, NULL, &img, &why), -EINVAL);
	CHECK_STREQ(why.reason, "kernel /x not found");
	diag_list_done(&why);
	boot_entry_free(e);

	/* Paths cannot climb out of the volume. */
	e = entry("/../../../etc/passwd", NULL, 0);
	CHECK(boot_image_fetch(&ctx, e, NULL, &img, &why) < 0);
	diag_list_done(&why);
	boot_entry_free(e);
	teardown();
}

static void test_uki_sections(void)
{
	const struct tpe_sec secs[] = { { ".osrel", "ID=x\n" }, { ".linux", "LINUXBYTES" }, { ".initrd", "INITRD" } };
	struct boot_entry *e;
	struct boot_image img;
	struct diag_list why = { 0 };
	struct boot_ref r = { 0 };
	size_t len = 0;
	uint8_t *pe;

	setup();
	pe = tpe_build(secs, 3, &len);
	CHECK(pe != NULL);
	put("uki.efi", pe, len);
	free(pe);
	e = entry("/uki.efi", NULL, 0);
	CHECK_EQ(str_set(&e->kernel.section, ".linux"), 0);
	CHECK_EQ(boot_ref_set(&r, "UUID=abcd", "/uki.efi"), 0);
	CHECK_EQ(str_set(&r.section, ".initrd"), 0);
	CHECK_EQ(boot_entry_add_initrd(e, &r), 0);
	CHECK_EQ(boot_image_fetch(&ctx, e, NULL, &img, &why), 0);
	CHECK_EQ(img.kernel.size, 10);
	CHECK(memcmp(img.kernel.data, "LINUXBYTES", 10) == 0);
	CHECK_EQ(img.initrds[0].size, 6);
	CHECK(memcmp(img.initrds[0].data, "INITRD", 6) == 0);
	CHECK_STREQ(img.kernel.name, "UUID=ABCD:/uki.efi.linux");
	boot_image_done(&img);
	/* A section that is not there, and a file that is not PE. */
	CHECK_EQ(str_set(&e->kernel.section, ".ucode"), 0);
	CHECK_EQ(boot_image_fetch(&ctx, e, NULL, &img, &why), -ENOENT);
	CHECK(strstr(why.reason, "no such section") != NULL);
	diag_list_done(&why);
	CHECK_EQ(boot_ref_set(&e->kernel, "UUID=abcd", "/vmlinuz"), 0);
	CHECK_EQ(str_set(&e->kernel.section, ".linux"), 0);
	CHECK(boot_image_fetch(&ctx, e, NULL, &img, &why) < 0);
	CHECK(strstr(why.reason, "not a valid PE image") != NULL);
	diag_list_done(&why);
	boot_ref_done(&r);
	boot_entry_free(e);
	teardown();
}


/* A kernel URL naming a whole UKI (a BLS uki-url): split into .linux, then .ucode and .initrd, then the entry's. */
static void test_whole_uki_url(void)
{
	const struct tpe_sec secs[] = { { ".osrel", "ID=x\n" }, { ".cmdline", "from=uki\n" }, { ".linux", "LINUXBYTES" },
					{ ".initrd", "INITRD" }, { ".ucode", "UCODE" } };
	const struct tpe_sec bare[] = { { ".linux", "LINUX2" } };
	_cleanup_free_ char *url = NULL, *url2 = NULL;
	struct boot_entry *e;
	struct boot_image img;
	struct diag_list why = { 0 };
	struct boot_ref r = { 0 };
	size_t len = 0;
	uint8_t *pe;

	setup();
	pe = tpe_build(secs, ARRAY_SIZE(secs), &len);
	CHECK(pe != NULL);
	put("whole.efi", pe, len);
	free(pe);
	pe = tpe_build(bare, ARRAY_SIZE(bare), &len);
	CHECK(pe != NULL);
	put("bare.efi", pe, len);
	free(pe);
	CHECK(asprintf(&url, "file://%s/whole.efi", dir) > 0);
	CHECK(asprintf(&url2, "file://%s/bare.efi", dir) > 0);
	e = entry("/unused", NULL, 0);
	boot_ref_done(&e->kernel);
	CHECK_EQ(str_set(&e->kernel.url, url), 0);
	CHECK_EQ(str_set(&e->cmdline, ""), 0);
	CHECK_EQ(boot_ref_set(&r, "UUID=abcd", "/one.img"), 0);
	CHECK_EQ(boot_entry_add_initrd(e, &r), 0);
	CHECK_EQ(boot_image_fetch(&ctx, e, NULL, &img, &why), 0);
	CHECK_EQ(img.kernel.size, 10);
	CHECK(img.kernel.data && memcmp(img.kernel.data, "LINUXBYTES", 10) == 0);
	CHECK_EQ(img.n_initrds, 3);
	if (img.n_initrds == 3) {
		CHECK(img.initrds[0].size == 5 && memcmp(img.initrds[0].data, "UCODE", 5) == 0);
		CHECK(img.initrds[1].size == 6 && memcmp(img.initrds[1].data, "INITRD", 6) == 0);
		CHECK(img.initrds[2].size == 12 && memcmp(img.initrds[2].data, "first initrd", 12) == 0);
	}
	/* the entry has no command line: the UKI's */
	CHECK_STREQ(img.cmdline, "from=uki");
	boot_image_done(&img);
	/* the entry's own command line, and an edit, win over .cmdline */
	CHECK_EQ(str_set(&e->cmdline, "root=x"), 0);
	CHECK_EQ(boot_image_fetch(&ctx, e, NULL, &img, &why), 0);
	CHECK_STREQ(img.cmdline, "root=x");
	boot_image_done(&img);
	CHECK_EQ(boot_image_fetch(&ctx, e, "edited", &img, &why), 0);
	CHECK_STREQ(img.cmdline, "edited");
	boot_image_done(&img);
	/* a UKI with .linux alone adds no initrd */
	CHECK_EQ(str_set(&e->kernel.url, url2), 0);
	CHECK_EQ(boot_image_fetch(&ctx, e, NULL, &img, &why), 0);
	CHECK(img.kernel.size == 6 && memcmp(img.kernel.data, "LINUX2", 6) == 0);
	CHECK_EQ(img.n_initrds, 1);
	boot_image_done(&img);
	/* a plain kernel behind a URL stays whole */
	free(url2);
	CHECK(asprintf(&url2, "file://%s/vmlinuz", dir) > 0);
	CHECK_EQ(str_set(&e->kernel.url, url2), 0);
	CHECK_EQ(boot_image_fetch(&ctx, e, NULL, &img, &why), 0);
	CHECK(img.kernel.size == 6 && memcmp(img.kernel.data, "KERNEL", 6) == 0);
	CHECK_EQ(img.n_initrds, 1);
	boot_image_done(&img);
	diag_list_done(&why);
	boot_ref_done(&r);
	boot_entry_free(e);
	teardown();
}

/* With signatures wanted, <kernel>.kexboot-sig comes along; a missing one is recorded, not an error. */
static void test_signature_file_beside_the_kernel(void)
{
	static const char sig[] = "kexboot-manifest 1\n";
	struct fetch_ctx with = { &vols, .signatures = true };
	struct boot_entry *e;
	struct boot_image img;
	struct diag_list why = { 0 };

	setup();
	put("vmlinuz.kexboot-sig", sig, strlen(sig));
	e = entry("/vmlinuz", NULL, 0);
	CHECK_EQ(boot_image_fetch(&with, e, NULL, &img, &why), 0);
	CHECK_STREQ(img.sig_name, "vmlinuz.kexboot-sig");
	CHECK_EQ(img.sig_len, strlen(sig));
	CHECK(img.sig_data && strcmp(img.sig_data, sig) == 0);
	CHECK(img.sig_error == NULL);
	boot_image_done(&img);
	/* Not wanted (policy off): not looked for. */
	CHECK_EQ(boot_image_fetch(&ctx, e, NULL, &img, &why), 0);
	CHECK(img.sig_name == NULL && img.sig_data == NULL && img.sig_error == NULL);
	boot_image_done(&img);
	boot_entry_free(e);

	/* A kernel named by URL: the signature is the same name next to it. */
	e = entry("/vmlinuz", NULL, 0);
	boot_ref_done(&e->kernel);
	CHECK(asprintf(&e->kernel.url, "file://%s/vmlinuz", dir) > 0);
	CHECK_EQ(boot_image_fetch(&with, e, NULL, &img, &why), 0);
	CHECK_STREQ(img.sig_name, "vmlinuz.kexboot-sig");
	CHECK(img.sig_data && strcmp(img.sig_data, sig) == 0);
	boot_image_done(&img);
	boot_entry_free(e);

	e = entry("/one.img", NULL, 0); /* a "kernel" with no signature beside it */
	CHECK_EQ(boot_image_fetch(&with, e, NULL, &img, &why), 0);
	CHECK(img.sig_data == NULL);
	CHECK_STREQ(img.sig_error, "UUID=ABCD:/one.img.kexboot-sig: No such file or directory");
	CHECK_STREQ(why.reason, "");
	boot_image_done(&img);
	boot_entry_free(e);
	diag_list_done(&why);
	teardown();
}

/* The entry's devicetree is fetched with it; a missing one fails naming it. */
static void test_devicetree_is_fetched(void)
{
	struct boot_entry *e;
	struct boot_image img;
	struct diag_list why = { 0 };

	setup();
	put("board.dtb", "\xd0\x0d\xfe\xed", 4);
	e = entry("/vmlinuz", NULL, 0);
	CHECK_EQ(boot_image_fetch(&ctx, e, NULL, &img, &why), 0);
	CHECK(!boot_image_has_devicetree(&img));
	boot_image_done(&img);
	CHECK_EQ(boot_ref_set(&e->devicetree, "UUID=abcd", "/board.dtb"), 0);
	CHECK_EQ(boot_image_fetch(&ctx, e, NULL, &img, &why), 0);
	CHECK(boot_image_has_devicetree(&img));
	CHECK(img.devicetree.size == 4 && memcmp(img.devicetree.data, "\xd0\x0d\xfe\xed", 4) == 0);
	boot_image_done(&img);
	CHECK_EQ(boot_ref_set(&e->devicetree, "UUID=abcd", "/missing.dtb"), 0);
	CHECK(boot_image_fetch(&ctx, e, NULL, &img, &why) < 0);
	CHECK(strstr(why.reason, "/missing.dtb") != NULL);
	boot_image_done(&img);
	boot_entry_free(e);
	diag_list_done(&why);
	teardown();
}

/* A signature file the config names (BLS kexboot-sig, iPXE imgverify) is read instead of the one beside the kernel. */
static void test_signature_file_the_entry_names(void)
{
	static const char beside[] = "kexboot-manifest 1\n# beside\n", named[] = "kexboot-manifest 1\n# named\n";
	struct fetch_ctx with = { &vols, .signatures = true };
	struct boot_entry *e;
	struct boot_image img;
	struct diag_list why = { 0 };

	setup();
	put("vmlinuz.kexboot-sig", beside, strlen(beside));
	put("signed.sig", named, strlen(named));
	e = entry("/vmlinuz", NULL, 0);
	CHECK_EQ(boot_ref_set(&e->signature, "UUID=abcd", "/signed.sig"), 0);
	CHECK_EQ(boot_image_fetch(&with, e, NULL, &img, &why), 0);
	CHECK_STREQ(img.sig_name, "signed.sig");
	CHECK(img.sig_data && strcmp(img.sig_data, named) == 0);
	boot_image_done(&img);
	/* Named and missing: recorded with its name, never replaced by the one beside the kernel. */
	CHECK_EQ(boot_ref_set(&e->signature, "UUID=abcd", "/missing.sig"), 0);
	CHECK_EQ(boot_image_fetch(&with, e, NULL, &img, &why), 0);
	CHECK(img.sig_data == NULL);
	CHECK_STREQ(img.sig_error, "UUID=abcd:/missing.sig: No such file or directory");
	boot_image_done(&img);
	/* By URL. */
	boot_ref_done(&e->signature);
	CHECK(asprintf(&e->signature.url, "file://%s/signed.sig", dir) > 0);
	CHECK_EQ(boot_image_fetch(&with, e, NULL, &img, &why), 0);
	CHECK(img.sig_data && strcmp(img.sig_data, named) == 0);
	boot_image_done(&img);
	boot_entry_free(e);
	diag_list_done(&why);
	teardown();
}

static const struct test tests[] = {
	TEST(maps_all_initrds_in_order),
	TEST(failures_name_the_file),
	TEST(uki_sections),
	TEST(whole_uki_url),
	TEST(signature_file_beside_the_kernel),
	TEST(signature_file_the_entry_names),
	TEST(devicetree_is_fetched),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
