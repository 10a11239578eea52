// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/entry.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"

static void test_json_shape(void)
{
	struct boot_set set;
	struct boot_entry *e = boot_entry_new(BOOT_SOURCE_UKI);
	struct boot_ref r = { .device = "root", .path = "/EFI/Linux/a.efi", .section = ".initrd" };
	struct strbuf sb = STRBUF_INIT;

	boot_set_init(&set);
	CHECK(e != NULL);
	if (!e)
		return;
	CHECK_EQ(str_set(&e->id, "uki:root:a"), 0);
	CHECK_EQ(str_set(&e->title, "A \"quoted\""), 0);
	CHECK_EQ(boot_ref_set(&e->kernel, "root", "/EFI/Linux/a.efi"), 0);
	CHECK_EQ(str_set(&e->kernel.section, ".linux"), 0);
	CHECK_EQ(boot_entry_add_initrd(e, &r), 0);
	CHECK_EQ(boot_entry_set_broken(e, "kernel %s not found", "/x"), 0);
	CHECK_EQ(boot_set_add(&set, e), 0);
	set.timeout = 5;
	CHECK_EQ(boot_set_to_json(&set, &sb), 0);
	CHECK(strstr(sb.buf, "\"default\": null") != NULL);
	CHECK(strstr(sb.buf, "\"timeout\": 5") != NULL);
	CHECK(strstr(sb.buf, "\"title\": \"A \\\"quoted\\\"\"") != NULL);
	CHECK(strstr(sb.buf, "\"kernel\": {\"device\": \"root\", \"path\": \"/EFI/Linux/a.efi\", \"section\": \".linux\"}") != NULL);
	CHECK(strstr(sb.buf, "\"initrds\": [{\"device\": \"root\", \"path\": \"/EFI/Linux/a.efi\", \"section\": \".initrd\"}]") != NULL);
	CHECK(strstr(sb.buf, "\"state\": \"broken\"") != NULL);
	CHECK(strstr(sb.buf, "\"reason\": \"kernel /x not found\"") != NULL);
	CHECK(boot_set_find(&set, "uki:root:a") == e);
	CHECK_EQ(boot_set_default_index(&set), 0);
	strbuf_done(&sb);
	boot_set_done(&set);
}

static void test_dup(void)
{
	struct boot_entry *e = boot_entry_new(BOOT_SOURCE_GRUB), *d;
	struct boot_ref r = { .device = "root", .path = "/i" };

	CHECK_EQ(str_set(&e->title, "t"), 0);
	CHECK_EQ(boot_entry_add_initrd(e, &r), 0);
	CHECK_EQ(boot_entry_add_initrd(e, &r), 0);
	d = boot_entry_dup(e);
	CHECK(d != NULL);
	if (d) {
		CHECK_STREQ(d->title, "t");
		CHECK_EQ(d->n_initrds, 2);
		CHECK_STREQ(d->initrds[1].path, "/i");
	}
	boot_entry_free(d);
	boot_entry_free(e);
	boot_entry_free(NULL);
}

static const struct test tests[] = {
	TEST(json_shape),
	TEST(dup),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
