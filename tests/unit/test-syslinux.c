// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/syslinux/syslinux.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-discover-util.h"

#include <errno.h>
#include <stdlib.h>

static void test_labels_append_initrd_default(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/syslinux/syslinux.cfg",
		      "DEFAULT two\n"
		      "TIMEOUT 35\n"
		      "append global=1\n"
		      "INCLUDE more.cfg\n"
		      "label one\n"
		      "  menu label ^First\n"
		      "  kernel /vmlinuz\n"
		      "  append initrd=/a.img,/b.img root=/dev/sda1 initrd=/c.img,/d.img ro\n"
		      "label two\n"
		      "  linux vmlinuz\n"
		      "  initrd /a.img\n"
		      "label three\n"
		      "  linux /vmlinuz\n"
		      "  append -\n"),
		TFILE("/syslinux/more.cfg", "MENU COLOR title 1;37\nSAY hello\n"),
		TFILE("/syslinux/vmlinuz", "k"),
		TFILE("/vmlinuz", "k"),
	};
	struct tvol t;

	tvol_init(&t, f, ARRAY_SIZE(f));
	CHECK_EQ(syslinux_parse(&t.v, "/syslinux/syslinux.cfg", &t.set, &t.diags), 0);
	CHECK_EQ(t.set.n_entries, 3);
	if (t.set.n_entries == 3) {
		const struct boot_entry *a = tentry(&t.set, 0), *b = tentry(&t.set, 1), *c = tentry(&t.set, 2);

		CHECK_STREQ(a->title, "First");
		CHECK_STREQ(a->id, "syslinux:root:one");
		CHECK_STREQ(a->cmdline, "root=/dev/sda1 ro");
		CHECK_EQ(a->n_initrds, 2); /* the last initrd= wins */
		CHECK_STREQ(a->initrds[0].path, "/c.img");
		CHECK_STREQ(a->initrds[1].path, "/d.img");
		CHECK_STREQ(b->kernel.path, "/syslinux/vmlinuz"); /* relative to the config */
		CHECK_STREQ(b->cmdline, "global=1");
		CHECK_EQ(b->n_initrds, 1);
		CHECK_STREQ(c->cmdline, "");
	}
	CHECK_STREQ(t.set.default_id, "syslinux:root:two");
	CHECK_EQ(t.set.timeout, 4);
	CHECK_EQ(t.diags.n, 0);
	tvol_done(&t);
}

static void test_menu_default_and_non_linux(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/extlinux/extlinux.conf",
		      "ui menu.c32\ntimeout 0\n"
		      "label a\n kernel /k\n"
		      "label b\n kernel /k\n menu default\n"
		      "label hdt\n com32 hdt.c32\n"
		      "label mod\n kernel menu.c32\n"
		      "label hd\n localboot 0\n"
		      "label none\n"
		      "text help\n label ignored\nendtext\n"
		      "bogus directive\n"),
		TFILE("/k", "k"),
	};
	struct tvol t;

	tvol_init(&t, f, ARRAY_SIZE(f));
	CHECK_EQ(syslinux_parse(&t.v, "/extlinux/extlinux.conf", &t.set, &t.diags), 0);
	CHECK_EQ(t.set.n_entries, 6);
	CHECK_STREQ(t.set.default_id, "syslinux:root:b");
	CHECK_EQ(t.set.timeout, -1);
	for (size_t i = 2; i < t.set.n_entries; i++)
		CHECK(tentry(&t.set, i)->state == BOOT_ENTRY_BROKEN);
	CHECK(tdiag_has(&t.diags, "root:/extlinux/extlinux.conf:18:", "unknown directive 'bogus'"));
	tvol_done(&t);
}

static void test_bad_input(void)
{
	size_t big = 5000;
	char *line = malloc(big + 64);
	struct tvol t;

	CHECK(line != NULL);
	if (!line)
		return;
	memcpy(line, "label x\n kernel ", 16);
	memset(line + 16, 'a', big);
	memcpy(line + 16 + big, "\nINCLUDE s.cfg\nTEXT HELP\n", 25);
	{
		struct fsa_mem_file f[] = {
			{ "/syslinux.cfg", line, 16 + big + 25 },
			TFILE("/s.cfg", "include /s.cfg\n"),
		};

		tvol_init(&t, f, ARRAY_SIZE(f));
		CHECK_EQ(syslinux_parse(&t.v, "/syslinux.cfg", &t.set, &t.diags), 0);
		CHECK(tdiag_has(&t.diags, "root:/syslinux.cfg:2:", "longer than"));
		CHECK(tdiag_has(&t.diags, "root:/s.cfg:1:", "include loop"));
		CHECK(tdiag_has(&t.diags, "root:/syslinux.cfg:", "without ENDTEXT"));
		tvol_done(&t);
	}
	free(line);
	tvol_init(&t, NULL, 0);
	CHECK_EQ(syslinux_parse(&t.v, "/syslinux.cfg", &t.set, &t.diags), -ENOENT);
	tvol_done(&t);
}

static const struct test tests[] = {
	TEST(labels_append_initrd_default),
	TEST(menu_default_and_non_linux),
	TEST(bad_input),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
