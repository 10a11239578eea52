// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/grub/grub.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-discover-util.h"

#include <errno.h>
#include <stdlib.h>

static const char k[] = "k";

static int run(struct tvol *t, const struct fsa_mem_file *f, size_t n)
{
	tvol_init(t, f, n);
	return grub_parse(&t->vs, 0, "/boot/grub/grub.cfg", &t->set, &t->diags);
}

static void test_menuentry_basic(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/boot/grub/grub.cfg",
		      "set timeout=7\n"
		      "menuentry 'Deb' --class debian --unrestricted --id deb-id {\n"
		      "  linux /vmlinuz root=/dev/sda1 ro   quiet\n"
		      "  initrd /ucode.img /initrd.img\n"
		      "}\n"),
		{ "/vmlinuz", k, 1 },
	};
	struct tvol t;

	CHECK_EQ(run(&t, f, ARRAY_SIZE(f)), 0);
	CHECK_EQ(t.set.n_entries, 1);
	CHECK_STREQ(tentry(&t.set, 0)->title, "Deb");
	CHECK_STREQ(tentry(&t.set, 0)->id, "grub:root:Deb");
	CHECK_STREQ(tentry(&t.set, 0)->kernel.path, "/vmlinuz");
	CHECK_STREQ(tentry(&t.set, 0)->cmdline, "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet");
	CHECK_EQ(tentry(&t.set, 0)->n_initrds, 2);
	CHECK_STREQ(tentry(&t.set, 0)->initrds[0].path, "/ucode.img");
	CHECK_STREQ(tentry(&t.set, 0)->initrds[1].path, "/initrd.img");
	CHECK_EQ(t.set.timeout, 7);
	CHECK_STREQ(t.set.default_id, "grub:root:Deb");
	CHECK_EQ(t.diags.n, 0);
	tvol_done(&t);
}

static void test_if_elif_else_and_vars(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/boot/grub/grub.cfg",
		      "set a=x\n"
		      "if [ \"$a\" = y ]; then set b=1\n"
		      "elif [ -n \"${a}\" -a ! -z $a ]; then set b=2\n"
		      "else set b=3\n"
		      "fi\n"
		      "if [ -f /vmlinuz ]; then set f=yes; else set f=no; fi\n"
		      "if [ -d /boot ]; then set d=yes; fi\n"
		      "if test -e /nope; then set e=yes; else set e=no; fi\n"
		      "if false; then set t=1; elif true; then set t=2; fi\n"
		      "set v='a b'\n"
		      "menuentry \"T $b $f $d $e $t\" { linux /vmlinuz $v \"$v\" '$v' x\\ y }\n"),
		{ "/vmlinuz", k, 1 },
	};
	struct tvol t;

	CHECK_EQ(run(&t, f, ARRAY_SIZE(f)), 0);
	CHECK_EQ(t.set.n_entries, 1);
	CHECK_STREQ(tentry(&t.set, 0)->title, "T 2 yes yes no 2");
	CHECK_STREQ(tentry(&t.set, 0)->cmdline, "BOOT_IMAGE=/vmlinuz a b \"a b\" $v \"x y\"");
	tvol_done(&t);
}

static void test_submenu_default_paths(void)
{
	static const char cfg[] =
		"set default='adv>k2-id'\n"
		"menuentry A { linux /vmlinuz a }\n"
		"submenu 'Adv' --id adv {\n"
		"  menuentry K1 { linux /vmlinuz k1 }\n"
		"  menuentry K2 --id k2-id { linux /vmlinuz k2 }\n"
		"}\n";
	struct fsa_mem_file f[] = { TFILE("/boot/grub/grub.cfg", cfg), { "/vmlinuz", k, 1 } };
	struct tvol t;

	CHECK_EQ(run(&t, f, ARRAY_SIZE(f)), 0);
	CHECK_EQ(t.set.n_entries, 3);
	CHECK_STREQ(tentry(&t.set, 2)->title, "Adv>K2");
	CHECK_STREQ(t.set.default_id, "grub:root:Adv>K2");
	tvol_done(&t);

	/* index path and title path */
	{
		struct fsa_mem_file g[] = {
			TFILE("/boot/grub/grub.cfg", "set default=1>0\nmenuentry A { linux /vmlinuz }\n"
						     "submenu S { menuentry B { linux /vmlinuz } }\n"),
			{ "/vmlinuz", k, 1 },
		};
		CHECK_EQ(run(&t, g, ARRAY_SIZE(g)), 0);
		CHECK_STREQ(t.set.default_id, "grub:root:S>B");
		tvol_done(&t);
	}
	{
		struct fsa_mem_file g[] = {
			TFILE("/boot/grub/grub.cfg", "set default='S>B'\nmenuentry A { linux /vmlinuz }\n"
						     "submenu S { menuentry B { linux /vmlinuz } }\n"),
			{ "/vmlinuz", k, 1 },
		};
		CHECK_EQ(run(&t, g, ARRAY_SIZE(g)), 0);
		CHECK_STREQ(t.set.default_id, "grub:root:S>B");
		tvol_done(&t);
	}
}

static void test_grubenv_saved_and_next_entry(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/boot/grub/grub.cfg",
		      "load_env\n"
		      "if [ \"${next_entry}\" ] ; then set default=\"${next_entry}\"; else set default=\"${saved_entry}\"; fi\n"
		      "menuentry A --id a { linux /vmlinuz }\n"
		      "menuentry B --id b { linux /vmlinuz }\n"
		      "menuentry C --id c { linux /vmlinuz }\n"),
		TFILE("/boot/grub/grubenv", "# GRUB Environment Block\nsaved_entry=b\nnext_entry=c\n####"),
		{ "/vmlinuz", k, 1 },
	};
	struct tvol t;

	CHECK_EQ(run(&t, f, ARRAY_SIZE(f)), 0);
	CHECK_STREQ(t.set.default_id, "grub:root:C");
	tvol_done(&t);
}

static void test_search_and_device_paths(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/boot/grub/grub.cfg",
		      "search --set=drive1 --fs-uuid 1234-ABCD\n"
		      "search --no-floppy --hint-bios hd0,msdos1 --file --set /marker\n"
		      "menuentry N { linux ($drive1)//kernels/bz init=/x; initrd ($root)/kernels/ird (hd0,gpt2)/x }\n"
		      "menuentry L { search --label --set=r MYLABEL; linux ($r)/kernels/bz }\n"),
		{ "/kernels/bz", k, 1 }, { "/kernels/ird", k, 1 }, { "/marker", k, 1 }, { "/x", k, 1 },
	};
	struct tvol t;

	CHECK_EQ(run(&t, f, ARRAY_SIZE(f)), 0);
	CHECK_EQ(t.set.n_entries, 2);
	CHECK_STREQ(tentry(&t.set, 0)->kernel.device, "root");
	CHECK_STREQ(tentry(&t.set, 0)->kernel.path, "/kernels/bz");
	CHECK_EQ(tentry(&t.set, 0)->n_initrds, 2);
	CHECK_STREQ(tentry(&t.set, 0)->initrds[1].path, "/x");
	CHECK_STREQ(tentry(&t.set, 1)->kernel.path, "/kernels/bz");
	CHECK_EQ(t.diags.n, 0);
	tvol_done(&t);
}

static void test_positional_args_and_functions(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/boot/grub/grub.cfg",
		      "function pick { set chosen_kernel=\"$1\"; }\n"
		      "pick /vmlinuz\n"
		      "menuentry 'Snap' '42' 'v1' { linux /vmlinuz-$3 snap=$2 title=\"$1\" k=$chosen_kernel }\n"),
		{ "/vmlinuz-v1", k, 1 },
	};
	struct tvol t;

	CHECK_EQ(run(&t, f, ARRAY_SIZE(f)), 0);
	CHECK_STREQ(tentry(&t.set, 0)->kernel.path, "/vmlinuz-v1");
	CHECK_STREQ(tentry(&t.set, 0)->cmdline, "BOOT_IMAGE=/vmlinuz-v1 snap=42 title=Snap k=/vmlinuz");
	tvol_done(&t);
}

static void test_configfile_source_and_exported_context(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/boot/grub/grub.cfg",
		      "set hidden=h\nset shown=s\nexport shown\n"
		      "source /boot/grub/common.cfg\n"
		      "menuentry Outer { linux /vmlinuz }\n"
		      "configfile /boot/grub/real.cfg\n"
		      "menuentry NeverShown { linux /vmlinuz }\n"),
		TFILE("/boot/grub/common.cfg", "set timeout=9\n"),
		TFILE("/boot/grub/real.cfg", "menuentry \"Real $shown$hidden\" { linux /vmlinuz }\n"),
		{ "/vmlinuz", k, 1 },
	};
	struct tvol t;

	CHECK_EQ(run(&t, f, ARRAY_SIZE(f)), 0);
	CHECK_EQ(t.set.n_entries, 1);
	CHECK_STREQ(tentry(&t.set, 0)->title, "Real s");
	tvol_done(&t);
}

static void test_unknown_commands_and_display_ignored(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/boot/grub/grub.cfg",
		      "insmod gzio\nfont=unicode\nloadfont $font\nterminal_output gfxterm\n"
		      "set gfxmode=auto\nbackground_image /x.png\n"
		      "frobnicate now\n"
		      "menuentry A { linux /vmlinuz; wibble; }\n"),
		{ "/vmlinuz", k, 1 },
	};
	struct tvol t;

	CHECK_EQ(run(&t, f, ARRAY_SIZE(f)), 0);
	CHECK_EQ(t.diags.n, 2);
	CHECK(tdiag_has(&t.diags, "root:/boot/grub/grub.cfg:7: unknown command 'frobnicate'", NULL));
	CHECK(tdiag_has(&t.diags, "grub.cfg:8: unknown command 'wibble'", NULL));
	tvol_done(&t);
}

static void test_blscfg_kernelopts(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/boot/grub/grub.cfg", "load_env\nset default=\"${saved_entry}\"\nblscfg\n"),
		TFILE("/boot/grub/grubenv", "kernelopts=root=/dev/x ro\ntuned_params=\nsaved_entry=a-1.0\n"),
		TFILE("/loader/entries/a-1.0.conf", "title A one\nversion 1.0\nlinux /vmlinuz-1\ninitrd /i1 $tuned_initrd\noptions $kernelopts $tuned_params\n"),
		TFILE("/loader/entries/a-2.0.conf", "title A two\nversion 2.0\nlinux /vmlinuz-2\noptions $kernelopts extra\n"),
	};
	struct tvol t;

	CHECK_EQ(run(&t, f, ARRAY_SIZE(f)), 0);
	CHECK_EQ(t.set.n_entries, 2);
	CHECK_STREQ(tentry(&t.set, 0)->id, "bls:root:a-2.0");
	CHECK_STREQ(tentry(&t.set, 0)->cmdline, "BOOT_IMAGE=/vmlinuz-2 root=/dev/x ro extra");
	CHECK_STREQ(tentry(&t.set, 1)->cmdline, "BOOT_IMAGE=/vmlinuz-1 root=/dev/x ro");
	CHECK_EQ(tentry(&t.set, 1)->n_initrds, 1);
	CHECK_STREQ(t.set.default_id, "bls:root:a-1.0");
	tvol_done(&t);
}

static void test_bad_input_loops_and_unterminated(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/boot/grub/grub.cfg",
		      "source /boot/grub/b.cfg\n"
		      "function r { r; }\nr\n"
		      "menuentry Open {\n linux /vmlinuz\n if [ x = x ]; then\n"),
		TFILE("/boot/grub/b.cfg", "source /boot/grub/grub.cfg\n"),
	};
	struct tvol t;

	CHECK_EQ(run(&t, f, ARRAY_SIZE(f)), 0);
	CHECK_EQ(t.set.n_entries, 0);
	CHECK(tdiag_has(&t.diags, "b.cfg:1:", "include loop"));
	CHECK(tdiag_has(&t.diags, "grub.cfg:2:", "nested deeper"));
	CHECK(tdiag_has(&t.diags, "grub.cfg:4:", "unterminated 'menuentry'"));
	CHECK(tdiag_has(&t.diags, "grub.cfg:6:", "unterminated 'if'"));
	tvol_done(&t);
}

static void test_bad_input_garbage_and_huge_line(void)
{
	size_t big = 10u << 20;
	char *huge = malloc(big + 64);
	char garbage[4096];
	struct tvol t;

	for (size_t i = 0; i < sizeof(garbage); i++)
		garbage[i] = (char)((i * 131u + 7u) ^ (i >> 3));
	{
		struct fsa_mem_file f[] = { { "/boot/grub/grub.cfg", garbage, sizeof(garbage) } };

		CHECK_EQ(run(&t, f, ARRAY_SIZE(f)), 0);
		CHECK(t.diags.n > 0);
		CHECK(tdiag_has(&t.diags, "root:/boot/grub/grub.cfg:", NULL));
		tvol_done(&t);
	}
	CHECK(huge != NULL);
	if (!huge)
		return;
	memcpy(huge, "set x=1\nmenuentry A { linux /v ", 32);
	memset(huge + 32, 'a', big);
	memcpy(huge + 32 + big, "\n}\n", 3);
	{
		struct fsa_mem_file f[] = { { "/boot/grub/grub.cfg", huge, 35 + big } };

		CHECK_EQ(run(&t, f, ARRAY_SIZE(f)), 0);
		CHECK(tdiag_has(&t.diags, "grub.cfg:2:", "longer than"));
		tvol_done(&t);
	}
	free(huge);
}

/*
 * A second `linux` whose path cannot resolve keeps the first kernel and
 * marks the entry broken (it freed the first and left the entry with a
 * kernel but no device: a NULL read when the entry was made; found by
 * fuzz-grub).
 */
static void test_linux_unresolvable_after_kernel(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/boot/grub/grub.cfg", "menuentry x {\n linux /a\n linux (bad/b\n}\n"),
	};
	struct tvol t;

	CHECK_EQ(run(&t, f, ARRAY_SIZE(f)), 0);
	CHECK_EQ(t.set.n_entries, 1);
	if (t.set.n_entries == 1) {
		CHECK_EQ(tentry(&t.set, 0)->state, BOOT_ENTRY_BROKEN);
		CHECK_STREQ(tentry(&t.set, 0)->kernel.path, "/a");
		CHECK(tentry(&t.set, 0)->reason && strstr(tentry(&t.set, 0)->reason, "unterminated device"));
	}
	tvol_done(&t);
}

static void test_missing_config(void)
{
	struct tvol t;

	CHECK_EQ(run(&t, NULL, 0), -ENOENT);
	tvol_done(&t);
}

static const struct test tests[] = {
	TEST(menuentry_basic),
	TEST(if_elif_else_and_vars),
	TEST(submenu_default_paths),
	TEST(grubenv_saved_and_next_entry),
	TEST(search_and_device_paths),
	TEST(positional_args_and_functions),
	TEST(configfile_source_and_exported_context),
	TEST(unknown_commands_and_display_ignored),
	TEST(blscfg_kernelopts),
	TEST(bad_input_loops_and_unterminated),
	TEST(bad_input_garbage_and_huge_line),
	TEST(linux_unresolvable_after_kernel),
	TEST(missing_config),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
