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


static void test_submenus(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/pxelinux.cfg/default",
		      "UI vesamenu.c32\nDEFAULT vesamenu.c32\nMENU TITLE Top menu\n"
		      "LABEL first\n  MENU LABEL ^First\n  KERNEL /k\n"
		      "MENU BEGIN tools\n  MENU TITLE Tools and tests\n"
		      "  LABEL back\n    MENU LABEL Back\n    MENU EXIT\n"
		      "  LABEL mem\n    MENU LABEL Memtest\n    KERNEL /k\n    MENU DEFAULT\n"
		      "  MENU BEGIN\n    MENU LABEL ^Deeper\n    MENU TITLE not the label\n"
		      "    LABEL deep\n      KERNEL /k\n    LABEL up\n      MENU LABEL Up\n      MENU EXIT tools\n"
		      "  MENU END\n"
		      "  MENU LABEL ^Tools\n"
		      "MENU END\n"
		      "LABEL -\n  MENU LABEL Network:\n  MENU DISABLE\n"
		      "LABEL last\n  MENU LABEL Last\n  KERNEL /k\n"
		      "MENU BEGIN tagonly\n  LABEL t\n    KERNEL /k\n    APPEND in=tag\nMENU END\n"
		      "MENU END\n"
		      "INCLUDE sub.cfg Included\n"),
		TFILE("/pxelinux.cfg/sub.cfg", "MENU TITLE From a file\nLABEL inc\n  KERNEL /k\n"),
		TFILE("/k", "k"),
	};
	struct tvol t;

	tvol_init(&t, f, ARRAY_SIZE(f));
	CHECK_EQ(syslinux_parse(&t.v, "/pxelinux.cfg/default", &t.set, &t.diags), 0);
	/* back, up (MENU EXIT) and "-" (MENU DISABLE) are no entries */
	CHECK_EQ(t.set.n_entries, 6);
	if (t.set.n_entries == 6) {
		CHECK_STREQ(tentry(&t.set, 0)->title, "First");
		/* the block names itself, not the label before it: a MENU LABEL read outside
		 * any LABEL (here after the inner block, as syslinux reads it) beats its MENU TITLE */
		CHECK_STREQ(tentry(&t.set, 1)->title, "Tools>Memtest");
		CHECK_STREQ(tentry(&t.set, 1)->id, "syslinux:root:mem");
		/* MENU LABEL inside the block, before its first LABEL, wins over its MENU TITLE */
		CHECK_STREQ(tentry(&t.set, 2)->title, "Tools>Deeper>deep");
		CHECK_STREQ(tentry(&t.set, 3)->title, "Last");
		CHECK_STREQ(tentry(&t.set, 4)->title, "tagonly>t");
		CHECK_STREQ(tentry(&t.set, 4)->cmdline, "in=tag");
		/* INCLUDE with a tag: the file is a submenu titled by its MENU TITLE */
		CHECK_STREQ(tentry(&t.set, 5)->title, "From a file>inc");
		for (size_t i = 0; i < t.set.n_entries; i++)
			CHECK(tentry(&t.set, i)->state == BOOT_ENTRY_OK);
	}
	/* DEFAULT vesamenu.c32: the menu's own default; the submenu's MENU DEFAULT is not the top's */
	CHECK(t.set.default_id == NULL);
	CHECK(tdiag_has(&t.diags, "root:/pxelinux.cfg/default:38:", "MENU END without MENU BEGIN"));
	CHECK_EQ(t.diags.n, 1);
	tvol_done(&t);
}

static void test_menu_module_default_and_ontimeout(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/syslinux.cfg",
		      "DEFAULT menu.c32\nTIMEOUT 50\n"
		      "LABEL a\n KERNEL /k\nLABEL b\n KERNEL /k\n MENU DEFAULT\nLABEL c\n KERNEL /k\n"),
		TFILE("/ontimeout.cfg",
		      "DEFAULT vesamenu.c32\nTIMEOUT 50\nONTIMEOUT c quiet\n"
		      "LABEL a\n KERNEL /k\nLABEL b\n KERNEL /k\n MENU DEFAULT\nLABEL c\n KERNEL /k\n"),
		TFILE("/forever.cfg",
		      "DEFAULT vesamenu.c32\nTIMEOUT 0\nONTIMEOUT c\n"
		      "MENU BEGIN\nLABEL a\n KERNEL /k\nMENU END\nLABEL b\n KERNEL /k\nLABEL c\n KERNEL /k\n"
		      "MENU BEGIN\n"),
		TFILE("/k", "k"),
	};
	struct tvol t;

	/* menu.c32 as DEFAULT: the menu's MENU DEFAULT label */
	tvol_init(&t, f, ARRAY_SIZE(f));
	CHECK_EQ(syslinux_parse(&t.v, "/syslinux.cfg", &t.set, &t.diags), 0);
	CHECK_STREQ(t.set.default_id, "syslinux:root:b");
	CHECK_EQ(t.set.timeout, 5);
	tvol_done(&t);
	/* a timeout runs ONTIMEOUT's label (its arguments are not part of the name) */
	tvol_init(&t, f, ARRAY_SIZE(f));
	CHECK_EQ(syslinux_parse(&t.v, "/ontimeout.cfg", &t.set, &t.diags), 0);
	CHECK_STREQ(t.set.default_id, "syslinux:root:c");
	tvol_done(&t);
	/* no timeout, no MENU DEFAULT, a module as DEFAULT: the first entry (NULL); an open block is said */
	tvol_init(&t, f, ARRAY_SIZE(f));
	CHECK_EQ(syslinux_parse(&t.v, "/forever.cfg", &t.set, &t.diags), 0);
	CHECK_EQ(t.set.n_entries, 3);
	CHECK(t.set.default_id == NULL);
	CHECK_EQ(t.set.timeout, -1);
	CHECK(tdiag_has(&t.diags, "/forever.cfg", "MENU BEGIN without MENU END"));
	tvol_done(&t);
}

static const struct test tests[] = {
	TEST(labels_append_initrd_default),
	TEST(menu_default_and_non_linux),
	TEST(bad_input),
	TEST(submenus),
	TEST(menu_module_default_and_ontimeout),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
