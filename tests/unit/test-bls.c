// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/bls/bls.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-discover-util.h"
#include "tests/unit/test-pe-build.h"

static int sgn(int x)
{
	return (x > 0) - (x < 0);
}

static void test_version_cmp(void)
{
	/* pairs (older, newer) as the Boot Loader Specification orders them */
	static const char *const older_newer[][2] = {
		{ "1.0", "1.1" }, { "1.9", "1.10" }, { "6.1.0-17-amd64", "6.1.0-18-amd64" },
		{ "5.19", "6.0" }, { "1.0~rc1", "1.0" }, { "1.0", "1.0.1" }, { "1.0-1", "1.0.1" },
		{ "1.0", "1.0^1" }, { "a", "b" }, { "abc", "abcd" }, { "a1", "1" }, { "", "1" },
		{ "0-rescue-abc", "6.5.6-300.fc39.x86_64" }, { "122", "123" }, { "9", "0010" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(older_newer); i++) {
		CHECK_EQ(sgn(bls_version_cmp(older_newer[i][0], older_newer[i][1])), -1);
		CHECK_EQ(sgn(bls_version_cmp(older_newer[i][1], older_newer[i][0])), 1);
	}
	CHECK_EQ(bls_version_cmp("1.0", "1.0"), 0);
	CHECK_EQ(bls_version_cmp("001", "1"), 0);
}

static void test_entry_keys(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/loader/entries/e.conf",
		      "# comment\n"
		      "title\tMy OS\n"
		      "version 1.2\n"
		      "machine-id abcd\n"
		      "sort-key myos\n"
		      "linux /vmlinuz\n"
		      "initrd /ucode.img\n"
		      "initrd /initrd.img\n"
		      "options root=/dev/x\n"
		      "options   ro quiet  \n"
		      "devicetree /dtb\n"
		      "kexboot-sig sigs/e.sig\n"
		      "frobnicate 1\n"),
	};
	struct tvol t;
	struct boot_entry *e = NULL;
	char *text = NULL;

	tvol_init(&t, f, ARRAY_SIZE(f));
	CHECK_EQ(fsa_read(&t.fs, "/loader/entries/e.conf", BLS_MAX_FILE, &text, NULL), 0);
	CHECK_EQ(bls_entry_parse(&t.v, "/loader/entries", "e.conf", text, &e, &t.diags), 0);
	CHECK(e != NULL);
	if (e) {
		CHECK_STREQ(e->title, "My OS");
		CHECK_STREQ(e->version, "1.2");
		CHECK_STREQ(e->machine_id, "abcd");
		CHECK_STREQ(e->sort_key, "myos");
		CHECK_STREQ(e->kernel.path, "/vmlinuz");
		CHECK_EQ(e->n_initrds, 2);
		CHECK_STREQ(e->initrds[0].path, "/ucode.img");
		CHECK_STREQ(e->initrds[1].path, "/initrd.img");
		CHECK_STREQ(e->cmdline, "root=/dev/x ro quiet");
		CHECK_STREQ(e->devicetree.path, "/dtb");
		/* kexboot's own key: the signature file, resolved like linux (relative: against the tree) */
		CHECK_STREQ(e->signature.path, "/sigs/e.sig");
		CHECK_STREQ(e->signature.device, e->kernel.device);
	}
	CHECK(tdiag_has(&t.diags, "root:/loader/entries/e.conf:13:", "unknown key 'frobnicate'"));
	boot_entry_free(e);
	free(text);
	tvol_done(&t);
}

static void test_sort_order_counting_and_loader_conf(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/loader/entries/a-1.conf", "title A\nsort-key a\nversion 1\nlinux /k\n"),
		TFILE("/loader/entries/a-2+0-3.conf", "title A\nsort-key a\nversion 2\nlinux /k\n"), /* no tries left */
		TFILE("/loader/entries/a-3+2.conf", "title A\nsort-key a\nversion 3\nlinux /k\n"),
		TFILE("/loader/entries/b-9.conf", "title B\nsort-key b\nversion 9\nlinux /k\n"),
		TFILE("/loader/entries/old-5.conf", "title Old\nlinux /k\n"), /* no sort-key: after */
		TFILE("/loader/entries/old-10.conf", "title Old\nlinux /k\n"),
		TFILE("/loader/entries/arm.conf", "title Arm\narchitecture aa64\nlinux /k\n"),
		TFILE("/loader/entries/notes.txt", "x"),
		TFILE("/loader/loader.conf", "timeout 3\ndefault b-*\n"),
	};
	static const char *const want[] = {
		"bls:root:a-3", "bls:root:a-1", "bls:root:b-9", "bls:root:old-10", "bls:root:old-5", "bls:root:a-2",
	};
	struct bls_list l = { 0 };
	struct tvol t;

	tvol_init(&t, f, ARRAY_SIZE(f));
	CHECK_EQ(bls_collect_dir(&t.v, "/loader/entries", &l, &t.diags), 0);
	bls_list_sort(&l);
	CHECK_EQ(l.n, ARRAY_SIZE(want));
	for (size_t i = 0; i < l.n && i < ARRAY_SIZE(want); i++)
		CHECK_STREQ(l.v[i].e->id, want[i]);
	CHECK_EQ(bls_loader_conf(&t.v, "/loader/loader.conf", &l, &t.set, &t.diags), 0);
	CHECK_STREQ(t.set.default_id, "bls:root:b-9");
	CHECK_EQ(t.set.timeout, 3);
	bls_list_done(&l);
	tvol_done(&t);
}

static void test_boot_paths_under_slash_boot(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/boot/loader/entries/x.conf", "linux /vmlinuz-x\ninitrd /boot/initrd-x\noptions a\n"),
		TFILE("/boot/vmlinuz-x", "k"),
		TFILE("/boot/initrd-x", "i"),
	};
	struct tvol t;

	tvol_init(&t, f, ARRAY_SIZE(f));
	CHECK_EQ(bls_scan_dir(&t.v, "/boot/loader/entries", &t.set, &t.diags), 0);
	CHECK_EQ(t.set.n_entries, 1);
	if (t.set.n_entries) {
		CHECK_STREQ(tentry(&t.set, 0)->kernel.path, "/boot/vmlinuz-x");   /* relative to /boot */
		CHECK_STREQ(tentry(&t.set, 0)->initrds[0].path, "/boot/initrd-x"); /* written from / */
		CHECK_STREQ(tentry(&t.set, 0)->title, "x");
	}
	tvol_done(&t);
}

static void test_bad_input(void)
{
	char garbage[3000];
	struct tvol t;

	for (size_t i = 0; i < sizeof(garbage); i++)
		garbage[i] = (char)(i * 7 + (i >> 2));
	{
		struct fsa_mem_file f[] = {
			{ "/loader/entries/g.conf", garbage, sizeof(garbage) },
			TFILE("/loader/entries/empty.conf", ""),
		};

		tvol_init(&t, f, ARRAY_SIZE(f));
		CHECK_EQ(bls_scan_dir(&t.v, "/loader/entries", &t.set, &t.diags), 0);
		CHECK_EQ(t.set.n_entries, 2);
		for (size_t i = 0; i < t.set.n_entries; i++)
			CHECK(tentry(&t.set, i)->state == BOOT_ENTRY_BROKEN);
		tvol_done(&t);
	}
	{
		static char big[BLS_MAX_FILE + 10];
		struct fsa_mem_file f[] = { { "/loader/entries/big.conf", big, sizeof(big) } };

		memset(big, 'x', sizeof(big));
		tvol_init(&t, f, ARRAY_SIZE(f));
		CHECK_EQ(bls_scan_dir(&t.v, "/loader/entries", &t.set, &t.diags), 0);
		CHECK_EQ(t.set.n_entries, 0);
		CHECK(tdiag_has(&t.diags, "/loader/entries/big.conf", "size limit"));
		tvol_done(&t);
	}
}

static void test_uki_key(void)
{
	struct tpe_sec sec[] = {
		{ ".osrel", "PRETTY_NAME=\"U\"\nID=u\n" }, { ".cmdline", "from-uki" }, { ".linux", "K" }, { ".initrd", "I" },
	};
	size_t len;
	uint8_t *img = tpe_build(sec, ARRAY_SIZE(sec), &len);
	struct fsa_mem_file f[] = {
		TFILE("/loader/entries/a.conf", "title Via BLS\nuki /EFI/Linux/u.efi\ninitrd /extra.img\n"),
		TFILE("/loader/entries/b.conf", "uki /EFI/Linux/u.efi\noptions mine\n"),
		{ "/EFI/Linux/u.efi", img, len },
	};
	struct tvol t;

	tvol_init(&t, f, ARRAY_SIZE(f));
	CHECK_EQ(bls_scan_dir(&t.v, "/loader/entries", &t.set, &t.diags), 0);
	CHECK_EQ(t.set.n_entries, 2);
	for (size_t i = 0; i < t.set.n_entries; i++) {
		const struct boot_entry *e = tentry(&t.set, i);

		CHECK_STREQ(e->kernel.section, ".linux");
		if (strcmp(e->id, "bls:root:a") == 0) {
			CHECK_STREQ(e->title, "Via BLS");
			CHECK_STREQ(e->cmdline, "from-uki");
			CHECK_EQ(e->n_initrds, 2); /* the entry's initrd, then the UKI's */
		} else {
			CHECK_STREQ(e->title, "U");
			CHECK_STREQ(e->cmdline, "mine");
		}
	}
	tvol_done(&t);
	free(img);
}


static void test_uki_url(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/loader/entries/net.conf", "title Net\nuki-url http://10.0.0.1/images/os.efi\noptions quiet\n"),
		TFILE("/loader/entries/rel.conf", "title Rel\nuki-url images/os.efi\n"),
		TFILE("/loader/entries/both.conf", "linux /vmlinuz\nuki-url http://10.0.0.1/x.efi\n"),
	};
	struct tvol t;
	struct boot_entry *e = NULL;

	tvol_init(&t, f, ARRAY_SIZE(f));
	/* absolute: the kernel is the whole image's URL (the fetch stage splits it), no section, no initrd */
	CHECK_EQ(bls_entry_parse(&t.v, "/loader/entries", "net.conf", f[0].data, &e, &t.diags), 0);
	CHECK(e != NULL);
	if (e) {
		CHECK(e->state == BOOT_ENTRY_OK);
		CHECK_STREQ(e->kernel.url, "http://10.0.0.1/images/os.efi");
		CHECK(e->kernel.path == NULL && e->kernel.device == NULL && e->kernel.section == NULL);
		CHECK_EQ(e->n_initrds, 0);
		CHECK_STREQ(e->cmdline, "quiet");
		CHECK_STREQ(e->origin, "root:/loader/entries/net.conf");
	}
	boot_entry_free(e);
	/* relative, on a volume: nothing to resolve against */
	CHECK_EQ(bls_entry_parse(&t.v, "/loader/entries", "rel.conf", f[1].data, &e, &t.diags), 0);
	CHECK(e && e->state == BOOT_ENTRY_BROKEN && strstr(e->reason, "relative"));
	boot_entry_free(e);
	/* linux wins over uki-url */
	CHECK_EQ(bls_entry_parse(&t.v, "/loader/entries", "both.conf", f[2].data, &e, &t.diags), 0);
	CHECK(e && e->kernel.path && !e->kernel.url);
	boot_entry_free(e);
	CHECK_EQ(t.diags.n, 0);
	tvol_done(&t);
	/* read from a URL: everything resolves against the entry's own URL */
	diag_list_init(&t.diags);
	CHECK_EQ(bls_entry_parse_url("http://srv/boot/entries/a.conf?x=1",
				     "title A\nuki-url ../images/a.efi\ninitrd extra.img\ninitrd /abs.img\n"
				     "devicetree tftp://10.0.0.2/b.dtb\n",
				     &e, &t.diags), 0);
	CHECK(e != NULL);
	if (e) {
		CHECK(e->state == BOOT_ENTRY_OK);
		CHECK_STREQ(e->title, "A");
		CHECK_STREQ(e->kernel.url, "http://srv/boot/images/a.efi");
		CHECK_STREQ(e->origin, "http://srv/boot/entries/a.conf?x=1");
		CHECK_EQ(e->n_initrds, 2);
		if (e->n_initrds == 2) {
			CHECK_STREQ(e->initrds[0].url, "http://srv/boot/entries/extra.img");
			CHECK_STREQ(e->initrds[1].url, "http://srv/abs.img");
		}
		CHECK_STREQ(e->devicetree.url, "tftp://10.0.0.2/b.dtb");
		CHECK_STREQ(e->cmdline, "");
	}
	boot_entry_free(e);
	/* `uki` in an entry read from a URL names the image the same way; no title: the file's stem */
	CHECK_EQ(bls_entry_parse_url("http://srv/e/b.conf", "uki /EFI/Linux/b.efi\n", &e, &t.diags), 0);
	CHECK(e && e->kernel.url && strcmp(e->kernel.url, "http://srv/EFI/Linux/b.efi") == 0);
	CHECK(e && e->title && strcmp(e->title, "b") == 0);
	boot_entry_free(e);
	CHECK_EQ(t.diags.n, 0);
	diag_list_done(&t.diags);
}

static const struct test tests[] = {
	TEST(uki_key),
	TEST(uki_url),
	TEST(version_cmp),
	TEST(entry_keys),
	TEST(sort_order_counting_and_loader_conf),
	TEST(boot_paths_under_slash_boot),
	TEST(bad_input),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
