// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/discover.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-discover-util.h"

#include <errno.h>

static void test_dedupe_blscfg_and_scan(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/boot/grub2/grub.cfg", "set timeout=2\nblscfg\n"),
		TFILE("/boot/loader/entries/m-1.conf", "title One\nversion 1\nlinux /vmlinuz-1\noptions x\n"),
		TFILE("/boot/vmlinuz-1", "k"),
		TFILE("/boot/extlinux/extlinux.conf", "label s\n kernel /boot/vmlinuz-1\n"),
	};
	struct tvol t;

	tvol_init(&t, f, ARRAY_SIZE(f));
	CHECK_EQ(discover_volume(&t.vs, 0, &t.set, &t.diags), 0);
	CHECK_EQ(discover_resolve(&t.vs, &t.set), 0);
	CHECK_EQ(t.set.n_entries, 2); /* BLS entry once (via blscfg), then syslinux */
	CHECK_STREQ(tentry(&t.set, 0)->id, "bls:root:m-1");
	CHECK_STREQ(tentry(&t.set, 0)->cmdline, "BOOT_IMAGE=/boot/vmlinuz-1 x"); /* GRUB's view wins */
	CHECK_STREQ(tentry(&t.set, 1)->id, "syslinux:root:s");
	CHECK_EQ(t.set.timeout, 2);
	CHECK_STREQ(t.set.default_id, "bls:root:m-1");
	tvol_done(&t);
}

static void test_broken_reasons(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/loader/entries/a.conf", "title A\nlinux /missing\n"),
		TFILE("/loader/entries/b.conf", "title B\nlinux /k\ninitrd /gone.img\n"),
		TFILE("/loader/entries/c.conf", "title C\nlinux /k\n"),
		TFILE("/k", "k"),
	};
	struct tvol t;

	tvol_init(&t, f, ARRAY_SIZE(f));
	CHECK_EQ(discover_volume(&t.vs, 0, &t.set, &t.diags), 0);
	CHECK_EQ(discover_resolve(&t.vs, &t.set), 0);
	CHECK_EQ(t.set.n_entries, 3);
	for (size_t i = 0; i < t.set.n_entries; i++) {
		const struct boot_entry *e = tentry(&t.set, i);

		if (strcmp(e->title, "A") == 0)
			CHECK_STREQ(e->reason, "kernel /missing not found on root");
		else if (strcmp(e->title, "B") == 0)
			CHECK_STREQ(e->reason, "initrd /gone.img not found on root");
		else
			CHECK(e->state == BOOT_ENTRY_OK);
	}
	tvol_done(&t);
}

static void test_two_volumes_search_across(void)
{
	/* An ESP whose grub.cfg finds /boot on another volume by UUID. */
	struct fsa_mem_file esp_files[] = {
		TFILE("/EFI/debian/grub.cfg",
		      "search.fs_uuid 1111-2222 root\nset prefix=($root)/grub\nconfigfile $prefix/grub.cfg\n"),
	};
	struct fsa_mem_file boot_files[] = {
		TFILE("/grub/grub.cfg", "menuentry D { linux /vmlinuz ro }\n"),
		TFILE("/vmlinuz", "k"),
	};
	struct fsaccess esp_fs, boot_fs;
	struct boot_volume v[2] = {
		{ .name = "UUID=AAAA-BBBB", .uuid = "AAAA-BBBB", .fs = &esp_fs },
		{ .name = "UUID=1111-2222", .uuid = "1111-2222", .fs = &boot_fs },
	};
	struct boot_volumes vs = { v, 2 };
	struct boot_set set;
	struct diag_list d;

	fsa_init_mem(&esp_fs, esp_files, ARRAY_SIZE(esp_files));
	fsa_init_mem(&boot_fs, boot_files, ARRAY_SIZE(boot_files));
	boot_set_init(&set);
	diag_list_init(&d);
	CHECK_EQ(discover_volumes(&vs, &set, &d), 0);
	/* found through the ESP stub and directly on /boot: listed once */
	CHECK_EQ(set.n_entries, 1);
	CHECK_STREQ(tentry(&set, 0)->id, "grub:UUID=1111-2222:D");
	CHECK_STREQ(tentry(&set, 0)->kernel.device, "UUID=1111-2222");
	CHECK(tentry(&set, 0)->state == BOOT_ENTRY_OK);
	boot_set_done(&set);
	diag_list_done(&d);
}

static void test_root_dir_missing(void)
{
	struct boot_set set;

	boot_set_init(&set);
	CHECK_EQ(discover_root("/nonexistent-kexboot-dir", "root", &set, NULL), -ENOENT);
	boot_set_done(&set);
}

static const struct test tests[] = {
	TEST(dedupe_blscfg_and_scan),
	TEST(broken_reasons),
	TEST(two_volumes_search_across),
	TEST(root_dir_missing),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
