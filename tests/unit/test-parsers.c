// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The discovery table (boot/parsers.c) row by row: each parser is fed a fake
 * source context, an in-memory volume or a URL whose files a fake fetch_text
 * serves from strings, and the entries it merges are checked.
 */
#include "boot/bls/bls.h"
#include "boot/discover.h"
#include "boot/grub/grub.h"
#include "boot/syslinux/syslinux.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-discover-util.h"
#include "tests/unit/test-pe-build.h"

#include <errno.h>
#include <stdlib.h>

/* A fake fetch back end: the fetch_ctx it is handed is the first member. */
struct tfetch {
	struct fetch_ctx base;
	const struct fsa_mem_file *files; /* path = the whole URL */
	size_t n;
	unsigned calls;
	char last[256];
};

static int tfetch_text(const struct fetch_ctx *ctx, const char *url, size_t max, char **ret_text, size_t *ret_len,
		       struct diag_list *why)
{
	struct tfetch *f = (struct tfetch *)ctx;

	f->calls++;
	snprintf(f->last, sizeof(f->last), "%s", url);
	for (size_t i = 0; i < f->n; i++) {
		if (strcmp(f->files[i].path, url) != 0)
			continue;
		if (f->files[i].len > max)
			return diag_fail(why, EFBIG, "%s: larger than %zu bytes", url, max);
		*ret_text = strndup(f->files[i].data, f->files[i].len);
		if (!*ret_text)
			return -ENOMEM;
		if (ret_len)
			*ret_len = f->files[i].len;
		return 0;
	}
	return diag_fail(why, ENOENT, "%s: not found", url);
}

static const struct discover_parser *tparser(const char *name)
{
	for (size_t i = 0; i < discover_n_parsers; i++)
		if (strcmp(discover_parsers[i].name, name) == 0)
			return &discover_parsers[i];
	return NULL;
}

/* Runs one row over the test volume. */
static int trow_volume(const char *name, struct tvol *t)
{
	const struct discover_parser *p = tparser(name);
	struct source_ctx ctx = source_volume(&t->vs, 0);

	return p ? p->parse(&ctx, &t->set, &t->diags) : -ENOENT;
}

static void test_table_order(void)
{
	/* the menu order: GRUB, then systemd-boot, then syslinux, then iPXE scripts */
	CHECK_EQ(discover_n_parsers, 4);
	if (discover_n_parsers == 4) {
		CHECK_STREQ(discover_parsers[0].name, "grub");
		CHECK_STREQ(discover_parsers[1].name, "bls");
		CHECK_STREQ(discover_parsers[2].name, "syslinux");
		CHECK_STREQ(discover_parsers[3].name, "ipxe");
	}
}

static void test_grub_row_volume(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/boot/grub/grub.cfg", "set default=1\nset timeout=7\n"
					     "menuentry A { linux /vmlinuz-a ro }\nmenuentry B { linux /vmlinuz-b }\n"),
		/* the same menu seen again at another path: listed once */
		TFILE("/grub/grub.cfg", "menuentry A { linux /vmlinuz-a ro }\n"),
		TFILE("/EFI/fedora/grub.cfg", "menuentry F { linux /vmlinuz-f }\n"),
		TFILE("/EFI/Linux/grub.cfg", "menuentry NotMe { linux /x }\n"),
	};
	struct tvol t;

	tvol_init(&t, f, ARRAY_SIZE(f));
	CHECK_EQ(trow_volume("grub", &t), 0);
	CHECK_EQ(t.set.n_entries, 3);
	CHECK_STREQ(tentry(&t.set, 0)->id, "grub:root:A");
	CHECK_STREQ(tentry(&t.set, 0)->kernel.path, "/vmlinuz-a");
	CHECK_STREQ(tentry(&t.set, 0)->kernel.device, "root");
	CHECK_STREQ(tentry(&t.set, 1)->id, "grub:root:B");
	CHECK_STREQ(tentry(&t.set, 2)->id, "grub:root:F");
	CHECK_STREQ(t.set.default_id, "grub:root:B");
	CHECK_EQ(t.set.timeout, 7);
	tvol_done(&t);
}

static void test_bls_row_volume(void)
{
	struct tpe_sec s[] = {
		{ ".osrel", "PRETTY_NAME=\"Same\"\nID=same\nVERSION_ID=2\n" },
		{ ".linux", "KERNEL" },
	};
	size_t len;
	uint8_t *img = tpe_build(s, ARRAY_SIZE(s), &len);
	struct fsa_mem_file f[] = {
		TFILE("/loader/entries/same-1.conf", "title Same\nsort-key same\nversion 1\nlinux /k1\n"),
		TFILE("/loader/entries/same-1b.conf", "title Same\nsort-key same\nversion 1\nlinux /k1\n"),
		TFILE("/loader/loader.conf", "default same-1b\ntimeout 4\n"),
		{ "/EFI/Linux/same-2.efi", img, len },
	};
	struct tvol t;

	tvol_init(&t, f, ARRAY_SIZE(f));
	CHECK_EQ(trow_volume("bls", &t), 0);
	/* sorted together, newest version first; clashing titles made unique */
	CHECK_EQ(t.set.n_entries, 3);
	CHECK_STREQ(tentry(&t.set, 0)->id, "uki:root:same-2");
	CHECK_STREQ(tentry(&t.set, 0)->title, "Same (2)");
	CHECK_STREQ(tentry(&t.set, 1)->id, "bls:root:same-1b");
	CHECK_STREQ(tentry(&t.set, 1)->title, "Same (1) (same-1b)");
	CHECK_STREQ(tentry(&t.set, 2)->id, "bls:root:same-1");
	CHECK_STREQ(tentry(&t.set, 2)->title, "Same (1) (same-1)");
	CHECK_STREQ(t.set.default_id, "bls:root:same-1b");
	CHECK_EQ(t.set.timeout, 4);
	tvol_done(&t);
	free(img);
}

static void test_syslinux_row_volume(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/boot/extlinux/extlinux.conf", "DEFAULT two\nTIMEOUT 30\nLABEL one\n KERNEL ../vmlinuz\n"
						      "LABEL two\n LINUX /vmlinuz\n APPEND initrd=/initrd.img ro\n"),
		TFILE("/boot/vmlinuz", "k"),
		TFILE("/isolinux/isolinux.cfg", "LABEL live\n KERNEL /live/vmlinuz\n"),
	};
	struct tvol t;

	tvol_init(&t, f, ARRAY_SIZE(f));
	CHECK_EQ(trow_volume("syslinux", &t), 0);
	CHECK_EQ(t.set.n_entries, 3);
	CHECK_STREQ(tentry(&t.set, 0)->id, "syslinux:root:one");
	CHECK_STREQ(tentry(&t.set, 0)->kernel.path, "/boot/vmlinuz");
	CHECK_STREQ(tentry(&t.set, 1)->id, "syslinux:root:two");
	CHECK_STREQ(tentry(&t.set, 1)->kernel.path, "/boot/vmlinuz"); /* U-Boot's /boot prefix */
	CHECK_STREQ(tentry(&t.set, 1)->cmdline, "ro");
	CHECK_STREQ(tentry(&t.set, 2)->id, "syslinux:root:live");
	CHECK_STREQ(t.set.default_id, "syslinux:root:two");
	CHECK_EQ(t.set.timeout, 3);
	tvol_done(&t);
}

static void test_syslinux_row_url(void)
{
	struct fsa_mem_file files[] = {
		TFILE("http://srv/pxe/pxelinux.cfg/default",
		      "DEFAULT net\nTIMEOUT 50\n"
		      "LABEL net\n KERNEL images/vmlinuz\n INITRD images/a.img,/images/b.img\n APPEND console=ttyS0\n"
		      "INCLUDE pxelinux.cfg/more\n"),
		TFILE("http://srv/pxe/pxelinux.cfg/more",
		      "LABEL abs\n KERNEL http://other/k\n FDT dtbs/board.dtb\n"),
	};
	struct tfetch fake = { .files = files, .n = ARRAY_SIZE(files) };
	struct source_ctx ctx = source_url("http://srv/pxe/", &fake.base, tfetch_text);
	const struct discover_parser *p = tparser("syslinux");
	struct boot_set set;
	struct diag_list d;

	boot_set_init(&set);
	diag_list_init(&d);
	CHECK(p != NULL);
	CHECK_EQ(p ? p->parse(&ctx, &set, &d) : -1, 0);
	CHECK_EQ(fake.calls, 2);
	CHECK_EQ(set.n_entries, 2);
	if (set.n_entries == 2) {
		const struct boot_entry *e = tentry(&set, 0);

		CHECK_STREQ(e->id, "syslinux:http://srv/pxe/:net");
		CHECK_STREQ(e->origin, "http://srv/pxe/pxelinux.cfg/default:3");
		/* names resolve against the server directory, not pxelinux.cfg/ */
		CHECK_STREQ(e->kernel.url, "http://srv/pxe/images/vmlinuz");
		CHECK(e->kernel.device == NULL && e->kernel.path == NULL);
		CHECK_EQ(e->n_initrds, 2);
		if (e->n_initrds == 2) {
			CHECK_STREQ(e->initrds[0].url, "http://srv/pxe/images/a.img");
			CHECK_STREQ(e->initrds[1].url, "http://srv/pxe/images/b.img");
		}
		CHECK_STREQ(e->cmdline, "console=ttyS0");
		e = tentry(&set, 1);
		CHECK_STREQ(e->kernel.url, "http://other/k");
		CHECK_STREQ(e->devicetree.url, "http://srv/pxe/dtbs/board.dtb");
	}
	CHECK_STREQ(set.default_id, "syslinux:http://srv/pxe/:net");
	CHECK_EQ(set.timeout, 5);
	boot_set_done(&set);
	diag_list_done(&d);
}

static void test_url_source_whole_table(void)
{
	struct fsa_mem_file files[] = {
		TFILE("http://srv/pxelinux.cfg/default", "LABEL only\n KERNEL vmlinuz\n"),
	};
	struct tfetch fake = { .files = files, .n = ARRAY_SIZE(files) };
	struct source_ctx ctx = source_url("http://srv", &fake.base, tfetch_text);
	struct boot_set set;
	struct diag_list d;

	/* GRUB asks for grub.cfg and grub/grub.cfg, BLS has nothing behind a URL; syslinux reads, then iPXE asks */
	boot_set_init(&set);
	diag_list_init(&d);
	CHECK_EQ(discover_source(&ctx, &set, &d), 0);
	CHECK_EQ(set.n_entries, 1);
	CHECK_STREQ(tentry(&set, 0)->kernel.url, "http://srv/vmlinuz");
	CHECK_EQ(fake.calls, 4);
	CHECK_STREQ(fake.last, "http://srv/boot.ipxe");
	boot_set_done(&set);
	diag_list_done(&d);
}

/*
 * GRUB behind a URL directory: grub.cfg is missing, grub/grub.cfg read; its
 * server is GRUB's device "http,srv:8080", so plain paths are on the server
 * root, $prefix is the config's directory there, (http) and (tftp) take
 * $net_default_server, (PROTO,SERVER) names another server, and every file
 * becomes a URL. A sourced file is read over the same server.
 */
static void test_grub_row_url(void)
{
	struct fsa_mem_file files[] = {
		TFILE("http://srv:8080/boot/grub/grub.cfg",
		      "set timeout=4\n"
		      "set default=1\n"
		      "insmod http\n"
		      "menuentry 'Plain' {\n linux /images/vmlinuz root=/dev/ram0\n initrd /images/a.img /images/b.img\n}\n"
		      "menuentry 'Prefix' {\n linux $prefix/vmlinuz\n initrd ($root)/x.img\n}\n"
		      "menuentry 'Default server' {\n linux (http)/k\n initrd (tftp)/t.img\n}\n"
		      "menuentry 'Other' {\n linux (http,10.9.9.9)/other/k\n"
		      " initrd (tftp,boot.test)/i.img (http,[fd00::1]:81)/v6.img\n}\n"
		      "menuentry 'Facts' {\n linux (http,$net_default_server)/nv mac=$net_default_mac ip=$net_default_ip\n}\n"
		      "if [ -f $prefix/custom.cfg ]; then\n  source $prefix/custom.cfg\nfi\n"
		      "source ${config_directory}/more.cfg\n"
		      "menuentry 'Elsewhere' {\n set root=tftp,10.0.2.2\n linux /tk\n}\n"),
		TFILE("http://srv:8080/boot/grub/more.cfg", "menuentry 'From more' {\n linux /m\n}\n"),
	};
	static const struct source_setting settings[] = { { "mac", "52:54:00:12:34:56" }, { "ip", "10.0.2.15" } };
	struct tfetch fake = { .files = files, .n = ARRAY_SIZE(files) };
	struct source_ctx ctx = source_url("http://srv:8080/boot/", &fake.base, tfetch_text);
	const struct discover_parser *p = tparser("grub");
	const struct boot_entry *e;
	struct boot_set set;
	struct diag_list d;

	ctx.settings = settings;
	ctx.n_settings = ARRAY_SIZE(settings);
	boot_set_init(&set);
	diag_list_init(&d);
	CHECK(p != NULL);
	CHECK_EQ(p->parse(&ctx, &set, &d), 0);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "  diag: %s\n", d.msgs[i]);
	CHECK_EQ(set.n_entries, 7);
	if (set.n_entries != 7)
		goto out;
	e = tentry(&set, 0);
	CHECK_STREQ(e->title, "Plain");
	CHECK_STREQ(e->kernel.url, "http://srv:8080/images/vmlinuz");
	CHECK(e->kernel.device == NULL && e->kernel.path == NULL);
	CHECK_EQ(e->n_initrds, 2);
	if (e->n_initrds == 2) {
		CHECK_STREQ(e->initrds[0].url, "http://srv:8080/images/a.img");
		CHECK_STREQ(e->initrds[1].url, "http://srv:8080/images/b.img");
	}
	CHECK_STREQ(e->cmdline, "BOOT_IMAGE=/images/vmlinuz root=/dev/ram0");
	CHECK_STREQ(e->origin, "http://srv:8080/boot/grub/grub.cfg:4");
	CHECK_STREQ(e->id, "grub:http,srv:8080:Plain");
	e = tentry(&set, 1);
	CHECK_STREQ(e->kernel.url, "http://srv:8080/boot/grub/vmlinuz");
	CHECK(e->n_initrds == 1 && strcmp(e->initrds[0].url, "http://srv:8080/x.img") == 0);
	e = tentry(&set, 2);
	CHECK_STREQ(e->kernel.url, "http://srv:8080/k"); /* the config's own server, port and all */
	CHECK(e->n_initrds == 1 && strcmp(e->initrds[0].url, "tftp://srv/t.img") == 0);
	e = tentry(&set, 3);
	CHECK_STREQ(e->kernel.url, "http://10.9.9.9/other/k");
	CHECK_EQ(e->state, BOOT_ENTRY_OK);
	CHECK_EQ(e->n_initrds, 2);
	if (e->n_initrds == 2) {
		CHECK_STREQ(e->initrds[0].url, "tftp://boot.test/i.img");
		CHECK_STREQ(e->initrds[1].url, "http://[fd00::1]:81/v6.img");
	}
	e = tentry(&set, 4);
	CHECK_STREQ(e->kernel.url, "http://srv:8080/nv");
	CHECK_STREQ(e->cmdline, "BOOT_IMAGE=(http,srv)/nv mac=52:54:00:12:34:56 ip=10.0.2.15");
	e = tentry(&set, 5);
	CHECK_STREQ(e->title, "From more");
	CHECK_STREQ(e->kernel.url, "http://srv:8080/m");
	CHECK_STREQ(e->origin, "http://srv:8080/boot/grub/more.cfg:1");
	e = tentry(&set, 6);
	CHECK_STREQ(e->kernel.url, "tftp://10.0.2.2/tk");
	CHECK_STREQ(set.default_id, "grub:http,srv:8080:Prefix");
	CHECK_EQ(set.timeout, 4);
	/* asked for, in order: grub.cfg (missing), grub/grub.cfg, custom.cfg (test -f: missing), more.cfg */
	CHECK_EQ(fake.calls, 4);
	CHECK_STREQ(fake.last, "http://srv:8080/boot/grub/more.cfg");
out:
	boot_set_done(&set);
	diag_list_done(&d);
}

/* A config named by URL that is a GRUB script: grub_parse_url, and what tells GRUB from syslinux. */
static void test_grub_parse_url_file(void)
{
	struct fsa_mem_file files[] = {
		TFILE("http://10.0.2.100/cfg/netboot.cfg",
		      "menuentry 'One' --id one {\n linux (http)/boot/vmlinuz quiet\n"
		      " initrd (http)/boot/a.cpio (http)/boot/b.cpio\n}\n"
		      "menuentry 'Chain' {\n chainloader (http)/efi/shim.efi\n}\n"),
	};
	struct tfetch fake = { .files = files, .n = ARRAY_SIZE(files) };
	struct source_ctx ctx = source_url("http://10.0.2.100/cfg/", &fake.base, tfetch_text);
	struct boot_set set;
	struct diag_list d;

	boot_set_init(&set);
	diag_list_init(&d);
	CHECK_EQ(grub_parse_url(&ctx, "http://10.0.2.100/cfg/netboot.cfg", &set, &d), 0);
	CHECK_EQ(set.n_entries, 2);
	if (set.n_entries == 2) {
		CHECK_STREQ(tentry(&set, 0)->kernel.url, "http://10.0.2.100/boot/vmlinuz");
		CHECK_EQ(tentry(&set, 0)->n_initrds, 2);
		CHECK_EQ(tentry(&set, 1)->state, BOOT_ENTRY_BROKEN);
	}
	boot_set_done(&set);
	/* a missing config: nothing, no error; a scheme GRUB cannot read from */
	boot_set_init(&set);
	CHECK_EQ(grub_parse_url(&ctx, "http://10.0.2.100/cfg/none.cfg", &set, &d), 0);
	CHECK_EQ(set.n_entries, 0);
	CHECK_EQ(grub_parse_url(&ctx, "file:///cfg/x.cfg", &set, &d), -EPROTONOSUPPORT);
	boot_set_done(&set);
	diag_list_done(&d);
	/* GRUB or not */
	CHECK(grub_is_script("# comment\nset timeout=5\n", NULL));
	CHECK(grub_is_script("  menuentry 'x' {\n}\n", NULL));
	CHECK(grub_is_script("", "http://srv/boot/grub/grub.cfg?x=1"));
	CHECK(!grub_is_script("DEFAULT linux\nLABEL linux\n KERNEL vmlinuz\n", "http://srv/pxelinux.cfg/default"));
	CHECK(!grub_is_script("default menu.c32\nmenu title x\nlabel a\n linux vmlinuz\n initrd a\n", NULL));
	CHECK(!grub_is_script("", "http://srv/mygrub.cfg"));
}

static void test_bls_row_url(void)
{
	struct fsa_mem_file files[] = {
		TFILE("http://srv/os/entries/os.conf", "title OS over HTTP\nuki-url ../os.efi\noptions console=ttyS0\n"),
	};
	struct tfetch fake = { .files = files, .n = ARRAY_SIZE(files) };
	struct source_ctx ctx = source_url("http://srv/os/entries/os.conf", &fake.base, tfetch_text);
	struct boot_set set;
	struct diag_list d;

	/* a URL naming a BLS entry file: one entry whose kernel is the UKI's URL, resolved against the entry's */
	boot_set_init(&set);
	diag_list_init(&d);
	CHECK_EQ(bls_discover(&ctx, &set, &d), 0);
	CHECK_EQ(set.n_entries, 1);
	if (set.n_entries == 1) {
		CHECK_STREQ(tentry(&set, 0)->id, "bls:http://srv/os/entries/os.conf");
		CHECK_STREQ(tentry(&set, 0)->title, "OS over HTTP");
		CHECK_STREQ(tentry(&set, 0)->kernel.url, "http://srv/os/os.efi");
		CHECK_STREQ(tentry(&set, 0)->cmdline, "console=ttyS0");
	}
	CHECK_EQ(d.n, 0);
	boot_set_done(&set);
	/* a reference no URL can be made of: said, no entry, no error */
	{
		static char big[9000];
		struct fsa_mem_file longf[] = { { "http://srv/long.conf", big, 0 } };
		struct tfetch lf = { .files = longf, .n = 1 };

		memcpy(big, "linux ", 6);
		memset(big + 6, 'a', sizeof(big) - 8);
		big[sizeof(big) - 2] = '\n';
		longf[0].len = strlen(big);
		ctx = source_url("http://srv/long.conf", &lf.base, tfetch_text);
		boot_set_init(&set);
		CHECK_EQ(bls_discover(&ctx, &set, &d), 0);
		CHECK_EQ(set.n_entries, 0);
		CHECK(tdiag_has(&d, "http://srv/long.conf", NULL));
		boot_set_done(&set);
		diag_list_done(&d);
		diag_list_init(&d);
	}
	/* a directory URL has nothing to list, a missing entry nothing to say */
	boot_set_init(&set);
	ctx = source_url("http://srv/os/entries/", &fake.base, tfetch_text);
	CHECK_EQ(bls_discover(&ctx, &set, &d), 0);
	ctx = source_url("http://srv/gone.conf", &fake.base, tfetch_text);
	CHECK_EQ(bls_discover(&ctx, &set, &d), 0);
	CHECK_EQ(set.n_entries, 0);
	CHECK_EQ(fake.calls, 2);
	boot_set_done(&set);
	diag_list_done(&d);
}

static void test_url_source_missing_config(void)
{
	struct tfetch fake = { 0 };
	struct source_ctx ctx = source_url("tftp://10.0.0.1/", &fake.base, tfetch_text);
	struct boot_set set;
	struct diag_list d;
	char *text = NULL;

	boot_set_init(&set);
	diag_list_init(&d);
	CHECK_EQ(syslinux_parse_source(&ctx, "/pxelinux.cfg/default", &set, &d), -ENOENT);
	CHECK_EQ(discover_source(&ctx, &set, &d), 0);
	CHECK_EQ(set.n_entries, 0);
	CHECK_EQ(source_read(&ctx, "a/../b", 100, &text, NULL, &d), -ENOENT);
	CHECK_STREQ(fake.last, "tftp://10.0.0.1/a/../b");
	/* no fetch back end: said so, nothing read */
	ctx.fetch_text = NULL;
	CHECK_EQ(source_read(&ctx, "/x", 100, &text, NULL, &d), -EPROTONOSUPPORT);
	CHECK(text == NULL);
	CHECK_EQ(syslinux_discover(&ctx, &set, &d), 0);
	CHECK(tdiag_has(&d, "/pxelinux.cfg/default", "not supported"));
	boot_set_done(&set);
	diag_list_done(&d);
}

static void test_rows_in_order_equal_discover_volume(void)
{
	struct fsa_mem_file f[] = {
		TFILE("/boot/grub2/grub.cfg", "set timeout=2\nblscfg\nmenuentry G { linux /k }\n"),
		TFILE("/boot/loader/entries/m-1.conf", "title One\nversion 1\nlinux /k\n"),
		TFILE("/extlinux.conf", "label s\n kernel /k\n"),
		TFILE("/k", "k"),
	};
	struct tvol a, b;

	tvol_init(&a, f, ARRAY_SIZE(f));
	tvol_init(&b, f, ARRAY_SIZE(f));
	CHECK_EQ(discover_volume(&a.vs, 0, &a.set, &a.diags), 0);
	for (size_t i = 0; i < discover_n_parsers; i++)
		CHECK_EQ(trow_volume(discover_parsers[i].name, &b), 0);
	CHECK_EQ(a.set.n_entries, 3);
	CHECK_EQ(b.set.n_entries, a.set.n_entries);
	for (size_t i = 0; i < a.set.n_entries && i < b.set.n_entries; i++)
		CHECK_STREQ(tentry(&b.set, i)->id, tentry(&a.set, i)->id);
	CHECK_STREQ(tentry(&a.set, 0)->id, "bls:root:m-1");
	CHECK_STREQ(tentry(&a.set, 1)->id, "grub:root:G");
	CHECK_STREQ(tentry(&a.set, 2)->id, "syslinux:root:s");
	tvol_done(&a);
	tvol_done(&b);
}

static const struct test tests[] = {
	TEST(table_order),
	TEST(grub_row_volume),
	TEST(bls_row_volume),
	TEST(syslinux_row_volume),
	TEST(syslinux_row_url),
	TEST(url_source_whole_table),
	TEST(grub_row_url),
	TEST(grub_parse_url_file),
	TEST(bls_row_url),
	TEST(url_source_missing_config),
	TEST(rows_in_order_equal_discover_volume),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
