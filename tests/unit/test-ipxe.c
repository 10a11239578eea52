// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The iPXE interpreter (boot/ipxe/) fed from a fake URL source: a fake
 * fetch_text serves scripts from strings, nothing touches the network.
 */
#include "boot/discover.h"
#include "boot/ipxe/ipxe.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-discover-util.h"

#include <errno.h>
#include <stdlib.h>

struct tfetch {
	struct fetch_ctx base; /* first: the context fetch_text is handed */
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

/* One parse of a fake server. */
struct tnet {
	struct tfetch fake;
	struct source_ctx ctx;
	struct boot_set set;
	struct diag_list d;
};

static void tnet_run(struct tnet *t, const char *base, const struct fsa_mem_file *files, size_t n)
{
	memset(t, 0, sizeof(*t));
	t->fake.files = files;
	t->fake.n = n;
	t->ctx = source_url(base, &t->fake.base, tfetch_text);
	boot_set_init(&t->set);
	diag_list_init(&t->d);
	CHECK_EQ(ipxe_discover(&t->ctx, &t->set, &t->d), 0);
}

static void tnet_done(struct tnet *t)
{
	for (size_t i = 0; i < t->d.n; i++)
		fprintf(stderr, "    diag: %s\n", t->d.msgs[i]);
	boot_set_done(&t->set);
	diag_list_done(&t->d);
}

static void test_plain_script(void)
{
	struct fsa_mem_file f[] = {
		TFILE("http://srv/boot/boot.ipxe", "#!ipxe\ndhcp\nkernel vmlinuz console=ttyS0 quiet\n"
						   "initrd initrd.img\nboot\n"),
	};
	struct tnet t;

	tnet_run(&t, "http://srv/boot/", f, ARRAY_SIZE(f));
	CHECK_EQ(t.set.n_entries, 1);
	if (t.set.n_entries == 1) {
		const struct boot_entry *e = tentry(&t.set, 0);

		CHECK_STREQ(e->id, "ipxe:http://srv/boot/boot.ipxe:0");
		CHECK_STREQ(e->origin, "http://srv/boot/boot.ipxe:5");
		CHECK_EQ(e->source, BOOT_SOURCE_IPXE);
		CHECK_STREQ(e->kernel.url, "http://srv/boot/vmlinuz");
		CHECK_EQ(e->n_initrds, 1);
		if (e->n_initrds == 1)
			CHECK_STREQ(e->initrds[0].url, "http://srv/boot/initrd.img");
		CHECK_STREQ(e->cmdline, "console=ttyS0 quiet");
	}
	CHECK_EQ(t.d.n, 0);
	tnet_done(&t);
}

static void test_chain_script(void)
{
	struct fsa_mem_file f[] = {
		TFILE("http://srv/menu.ipxe", "\xef\xbb\xbf  #!ipxe\nset base http://mirror/os\n"
					      "chain scripts/next.ipxe || goto failed\necho not reached\n"),
		TFILE("http://srv/scripts/next.ipxe", "#!ipxe\ninitrd ../initrd.img\n"
						      "chain ${base}/vmlinuz root=/dev/nfs\n"),
	};
	struct tnet t;

	tnet_run(&t, "http://srv/menu.ipxe", f, ARRAY_SIZE(f));
	CHECK_EQ(t.fake.calls, 2);
	CHECK_EQ(t.set.n_entries, 1);
	if (t.set.n_entries == 1) {
		const struct boot_entry *e = tentry(&t.set, 0);

		/* the chained script boots: it names the entry */
		CHECK_STREQ(e->id, "ipxe:http://srv/scripts/next.ipxe:0");
		CHECK_STREQ(e->origin, "http://srv/scripts/next.ipxe:3");
		CHECK_STREQ(e->kernel.url, "http://mirror/os/vmlinuz");
		CHECK_EQ(e->n_initrds, 1);
		if (e->n_initrds == 1)
			CHECK_STREQ(e->initrds[0].url, "http://srv/initrd.img");
		CHECK_STREQ(e->cmdline, "root=/dev/nfs");
	}
	CHECK_EQ(t.d.n, 0);
	tnet_done(&t);
}

static void test_chain_missing_and_not_script(void)
{
	struct fsa_mem_file f[] = {
		TFILE("http://srv/boot.ipxe", "#!ipxe\nchain gone.ipxe || echo fallback\n"
					      "chain http://srv/os/bootx64\n"),
		TFILE("http://srv/os/bootx64", "MZ\x90\x00 a binary"),
	};
	struct tnet t;

	tnet_run(&t, "http://srv", f, ARRAY_SIZE(f));
	CHECK(tdiag_has(&t.d, "http://srv/boot.ipxe:2", "gone.ipxe"));
	/* fetched, not a script: booted as a kernel */
	CHECK_EQ(t.set.n_entries, 1);
	CHECK_STREQ(tentry(&t.set, 0)->kernel.url, "http://srv/os/bootx64");
	tnet_done(&t);
}

static void test_settings(void)
{
	static const struct source_setting net[] = {
		{ "net0/mac", "52:54:00:12:34:56" },
		{ "net0/ip", "10.0.0.5" },
		{ "hostname", "node7" },
		{ "uuid", "f84a339b-9e36-456e-8ccf-4c51ea6cb42d" },
	};
	struct fsa_mem_file f[] = {
		TFILE("http://srv/b/boot.ipxe",
		      "#!ipxe\nset srv http://srv/b\nset args ip=${net0/ip} mac=${mac:hexhyp}\n"
		      "set args ${args} host=${hostname} arch=${buildarch} none=${unset}x\n"
		      "set which args\n"
		      "kernel ${srv}/${platform}/vmlinuz-${netX/mac:hexraw} ${${which}} u=${uuid:uristring}\n"
		      "echo ${net0/ip:ipv4}\nclear srv\nisset ${srv} && echo bad || boot\n"),
	};
	struct tnet t;

	memset(&t, 0, sizeof(t));
	t.fake.files = f;
	t.fake.n = ARRAY_SIZE(f);
	t.ctx = source_url("http://srv/b/", &t.fake.base, tfetch_text);
	t.ctx.settings = net;
	t.ctx.n_settings = ARRAY_SIZE(net);
	boot_set_init(&t.set);
	diag_list_init(&t.d);
	CHECK_EQ(ipxe_discover(&t.ctx, &t.set, &t.d), 0);
	CHECK_EQ(t.set.n_entries, 1);
	if (t.set.n_entries == 1) {
		const struct boot_entry *e = tentry(&t.set, 0);

		CHECK_STREQ(e->kernel.url, "http://srv/b/efi/vmlinuz-525400123456");
		CHECK_STREQ(e->cmdline, "ip=10.0.0.5 mac=52-54-00-12-34-56 host=node7 arch=x86_64 none=x "
					"u=f84a339b-9e36-456e-8ccf-4c51ea6cb42d");
	}
	/* an unsupported type is said, not fatal */
	CHECK(tdiag_has(&t.d, "http://srv/b/boot.ipxe:7", "ipv4"));
	tnet_done(&t);
}

static void test_goto_loop_bounded(void)
{
	struct fsa_mem_file f[] = {
		TFILE("http://srv/boot.ipxe", "#!ipxe\nset n 0\n:again\ninc n\niseq ${n} 3 || goto again\n"
					      "kernel k${n}/vmlinuz\n:spin\necho forever\ngoto spin\nboot\n"),
	};
	struct tnet t;

	tnet_run(&t, "http://srv/", f, ARRAY_SIZE(f));
	/* the counted loop ends; the endless one is stopped and said, no entry */
	CHECK_EQ(t.set.n_entries, 0);
	CHECK(tdiag_has(&t.d, "http://srv/boot.ipxe:9", "gotos"));
	tnet_done(&t);
}

static void test_loop_hits_step_bound(void)
{
	/* 30 commands a turn: the step bound ends it before the goto bound does */
	struct fsa_mem_file f[] = {
		TFILE("http://srv/boot.ipxe", "#!ipxe\n:l\n"
					      "inc i && inc i && inc i && inc i && inc i && inc i && inc i && inc i && "
					      "inc i && inc i && inc i && inc i && inc i && inc i && inc i && inc i && "
					      "inc i && inc i && inc i && inc i && inc i && inc i && inc i && inc i && "
					      "inc i && inc i && inc i && inc i && inc i && inc i\n"
					      "goto l\n"),
	};
	struct tnet t;

	tnet_run(&t, "http://srv/", f, ARRAY_SIZE(f));
	CHECK_EQ(t.set.n_entries, 0);
	CHECK(tdiag_has(&t.d, "http://srv/boot.ipxe:3", "step limit"));
	CHECK_EQ(t.d.n, 1);
	tnet_done(&t);
}

static void test_step_bound_over_menus(void)
{
	/* every item loops back into a fresh menu of its own: only the bounds end it */
	struct fsa_mem_file f[] = {
		TFILE("http://srv/boot.ipxe", "#!ipxe\n:m\nmenu\nitem a A\nitem b B\nchoose x\n"
					      ":loop\ninc i\ngoto loop\n"),
	};
	struct tnet t;

	tnet_run(&t, "http://srv/", f, ARRAY_SIZE(f));
	CHECK_EQ(t.set.n_entries, 0);
	CHECK(tdiag_has(&t.d, "gotos", NULL) || tdiag_has(&t.d, "step limit", NULL));
	tnet_done(&t);
}

static void test_isset_iseq(void)
{
	struct fsa_mem_file f[] = {
		TFILE("http://srv/boot.ipxe",
		      "#!ipxe\nisset ${nothing} && goto wrong || set a 1\n"
		      "iseq ${a} 1 && set b yes || set b no\n"
		      "iseq ${b} \"yes\" && isset ${a} && goto right\n"
		      ":wrong\nkernel wrong\nboot\n"
		      ":right\nkernel vmlinuz b=${b}\nprompt --key 0x02 --timeout 2000 Press Ctrl-B && shell ||\n"
		      "boot\n"),
	};
	struct tnet t;

	tnet_run(&t, "http://srv/", f, ARRAY_SIZE(f));
	CHECK_EQ(t.set.n_entries, 1);
	if (t.set.n_entries == 1) {
		CHECK_STREQ(tentry(&t.set, 0)->kernel.url, "http://srv/vmlinuz");
		CHECK_STREQ(tentry(&t.set, 0)->cmdline, "b=yes");
	}
	CHECK_EQ(t.d.n, 0);
	tnet_done(&t);
}

static void test_menu(void)
{
	struct fsa_mem_file f[] = {
		TFILE("http://srv/b/menu.ipxe",
		      "#!ipxe\n:start\nmenu Boot menu\nitem --gap -- ---- Linux ----\n"
		      "item --key f fedora Fedora 40\nitem debian Debian 12\nitem --gap\n"
		      "item shell iPXE shell\nitem back Start over\n"
		      "choose --default debian --timeout 5500 target && goto ${target}\n"
		      ":fedora\nkernel fedora/vmlinuz ro\ninitrd fedora/initrd.img\nboot\n"
		      ":debian\nkernel /debian/linux quiet\ninitrd /debian/initrd.gz\nimgargs linux quiet splash\nboot\n"
		      ":shell\nshell\n:back\ngoto start\n"),
	};
	struct tnet t;

	tnet_run(&t, "http://srv/b/menu.ipxe", f, ARRAY_SIZE(f));
	/* three items boot or not: gaps are no entries, shell and back add nothing */
	CHECK_EQ(t.set.n_entries, 2);
	if (t.set.n_entries == 2) {
		const struct boot_entry *e = tentry(&t.set, 0);

		CHECK_STREQ(e->id, "ipxe:http://srv/b/menu.ipxe:fedora");
		CHECK_STREQ(e->title, "Fedora 40");
		CHECK_STREQ(e->kernel.url, "http://srv/b/fedora/vmlinuz");
		CHECK_STREQ(e->origin, "http://srv/b/menu.ipxe:14");
		CHECK_STREQ(e->cmdline, "ro");
		e = tentry(&t.set, 1);
		CHECK_STREQ(e->id, "ipxe:http://srv/b/menu.ipxe:debian");
		CHECK_STREQ(e->title, "Debian 12");
		CHECK_STREQ(e->kernel.url, "http://srv/debian/linux");
		CHECK_EQ(e->n_initrds, 1);
		if (e->n_initrds == 1)
			CHECK_STREQ(e->initrds[0].url, "http://srv/debian/initrd.gz");
		CHECK_STREQ(e->cmdline, "quiet splash");
	}
	CHECK_STREQ(t.set.default_id, "ipxe:http://srv/b/menu.ipxe:debian");
	CHECK_EQ(t.set.timeout, 6);
	CHECK(tdiag_has(&t.d, "http://srv/b/menu.ipxe:21", "shell"));
	tnet_done(&t);
}

static void test_nested_menu_no_timeout(void)
{
	struct fsa_mem_file f[] = {
		TFILE("http://srv/boot.ipxe",
		      "#!ipxe\nmenu\nitem tools Tools\nitem os OS\nchoose t && goto ${t}\n"
		      ":os\nkernel os/vmlinuz\nboot\n"
		      ":tools\nmenu\nitem --default mem Memtest\nchoose --keep u && goto ${u}\n"
		      ":mem\nchain memtest.efi\n"),
	};
	struct tnet t;

	tnet_run(&t, "http://srv/", f, ARRAY_SIZE(f));
	CHECK_EQ(t.set.n_entries, 2);
	if (t.set.n_entries == 2) {
		CHECK_STREQ(tentry(&t.set, 0)->title, "Tools>Memtest");
		CHECK_STREQ(tentry(&t.set, 0)->id, "ipxe:http://srv/boot.ipxe:mem");
		CHECK_STREQ(tentry(&t.set, 0)->kernel.url, "http://srv/memtest.efi");
		CHECK_STREQ(tentry(&t.set, 1)->title, "OS");
	}
	/* no --timeout: iPXE waits; the nested menu's default is not the set's */
	CHECK_EQ(t.set.timeout, -1);
	CHECK(t.set.default_id == NULL);
	tnet_done(&t);
}

static void test_urls(void)
{
	char *u = NULL;

	CHECK_EQ(ipxe_url_resolve("http://srv/a/b/c.ipxe", "k", &u), 0);
	CHECK_STREQ(u, "http://srv/a/b/k");
	free(u);
	CHECK_EQ(ipxe_url_resolve("http://srv/a/b/c.ipxe", "../../x/./k?y=1", &u), 0);
	CHECK_STREQ(u, "http://srv/x/k?y=1");
	free(u);
	CHECK_EQ(ipxe_url_resolve("http://srv/a/b/c.ipxe", "/k", &u), 0);
	CHECK_STREQ(u, "http://srv/k");
	free(u);
	CHECK_EQ(ipxe_url_resolve("http://srv:8080/a/?m=1", "k", &u), 0);
	CHECK_STREQ(u, "http://srv:8080/a/k");
	free(u);
	CHECK_EQ(ipxe_url_resolve("https://srv/a/c", "//other/k", &u), 0);
	CHECK_STREQ(u, "https://other/k");
	free(u);
	CHECK_EQ(ipxe_url_resolve("http://srv", "k", &u), 0);
	CHECK_STREQ(u, "http://srv/k");
	free(u);
	CHECK_EQ(ipxe_url_resolve("http://srv/a/c", "tftp://10.0.0.1/k", &u), 0);
	CHECK_STREQ(u, "tftp://10.0.0.1/k");
	free(u);
	CHECK_EQ(ipxe_url_resolve("http://srv/a/c", "../../../k", &u), 0);
	CHECK_STREQ(u, "http://srv/k");
	free(u);
	CHECK(ipxe_url_is_kernel("http://s/vmlinuz-6.1"));
	CHECK(ipxe_url_is_kernel("http://s/EFI/BOOT/bootx64.efi?x=1"));
	CHECK(!ipxe_url_is_kernel("http://s/linux.ipxe"));
	CHECK(!ipxe_url_is_kernel("http://s/boot.php?kernel=1"));
	CHECK(ipxe_is_script("\n \t#!ipxe\r\n"));
	CHECK(ipxe_is_script("#!gpxe"));
	CHECK(!ipxe_is_script("#!ipxelike\n"));
	CHECK(!ipxe_is_script("DEFAULT linux\n"));
}

static void test_relative_absolute_refs(void)
{
	struct fsa_mem_file f[] = {
		TFILE("http://srv/pxe/boot.ipxe",
		      "#!ipxe\nkernel tftp://10.0.0.1/vmlinuz\ninitrd /abs/one.img\ninitrd rel/two.img\n"
		      "initrd --name three https://cdn/three.img three\nboot\n"),
	};
	struct tnet t;

	tnet_run(&t, "http://srv/pxe/", f, ARRAY_SIZE(f));
	CHECK_EQ(t.set.n_entries, 1);
	if (t.set.n_entries == 1 && tentry(&t.set, 0)->n_initrds == 3) {
		const struct boot_entry *e = tentry(&t.set, 0);

		CHECK_STREQ(e->kernel.url, "tftp://10.0.0.1/vmlinuz");
		CHECK_STREQ(e->initrds[0].url, "http://srv/abs/one.img");
		CHECK_STREQ(e->initrds[1].url, "http://srv/pxe/rel/two.img");
		CHECK_STREQ(e->initrds[2].url, "https://cdn/three.img");
	} else {
		CHECK(!"three initrds");
	}
	tnet_done(&t);
}

static void test_unknown_and_not_script(void)
{
	struct fsa_mem_file f[] = {
		TFILE("http://srv/boot.ipxe", "#!ipxe\n\nfrobnicate now\nkernel --bogus x\nsanboot iscsi:x\n"
					      "kernel vmlinuz\nboot\n"),
		TFILE("http://other/boot.ipxe", "DEFAULT linux\n"),
	};
	struct tnet t;

	tnet_run(&t, "http://srv/", f, ARRAY_SIZE(f));
	CHECK(tdiag_has(&t.d, "http://srv/boot.ipxe:3: ", "unknown command 'frobnicate'"));
	CHECK(tdiag_has(&t.d, "http://srv/boot.ipxe:4: ", "unknown option '--bogus'"));
	/* a failed line ends its script, as in iPXE */
	CHECK_EQ(t.set.n_entries, 0);
	tnet_done(&t);
	/* no magic line: not this row's; a volume: nothing asked */
	tnet_run(&t, "http://other/", f, ARRAY_SIZE(f));
	CHECK_EQ(t.set.n_entries, 0);
	CHECK_EQ(t.d.n, 0);
	tnet_done(&t);
	tnet_run(&t, "http://nowhere/", f, ARRAY_SIZE(f));
	CHECK_EQ(t.d.n, 0);
	tnet_done(&t);
}

static void test_volume_does_nothing(void)
{
	struct fsa_mem_file f[] = { TFILE("/boot.ipxe", "#!ipxe\nkernel /vmlinuz\nboot\n") };
	struct tvol t;
	struct source_ctx ctx;

	tvol_init(&t, f, ARRAY_SIZE(f));
	ctx = source_volume(&t.vs, 0);
	CHECK_EQ(ipxe_discover(&ctx, &t.set, &t.diags), 0);
	CHECK_EQ(t.set.n_entries, 0);
	tvol_done(&t);
}

static void test_chain_depth_bounded(void)
{
	struct fsa_mem_file f[] = {
		TFILE("http://srv/boot.ipxe", "#!ipxe\nchain boot.ipxe\n"),
	};
	struct tnet t;

	tnet_run(&t, "http://srv/", f, ARRAY_SIZE(f));
	CHECK_EQ(t.set.n_entries, 0);
	CHECK(tdiag_has(&t.d, "http://srv/boot.ipxe:2", "deeper"));
	/* fetched once, run from the cache after */
	CHECK_EQ(t.fake.calls, 1);
	tnet_done(&t);
}


static void test_menu_in_chained_script_returns(void)
{
	/* the menu lives in a chained script; each item's path goes back to the chaining script */
	struct fsa_mem_file f[] = {
		TFILE("http://srv/boot.ipxe",
		      "#!ipxe\nset root http://srv/os\n"
		      "chain menu/pick.ipxe || goto fallback\n"
		      "kernel ${root}/${os}/vmlinuz os=${os}\ninitrd ${root}/${os}/initrd.img\nboot\n"
		      ":fallback\nkernel ${root}/rescue/vmlinuz why=${why}\nboot\n"),
		TFILE("http://srv/menu/pick.ipxe",
		      "#!ipxe\nmenu\nitem deb Debian\nitem --default fed Fedora\nitem bad Broken\nitem inner Inline\n"
		      "choose --timeout 3000 c && goto ${c}\n"
		      ":deb\nset os debian\nexit\n"
		      ":bad\nset why none && iseq a b\n"
		      ":inner\nkernel local/vmlinuz\nboot\n"
		      ":fed\nset os fedora\n"),
	};
	struct tnet t;

	tnet_run(&t, "http://srv/boot.ipxe", f, ARRAY_SIZE(f));
	CHECK_EQ(t.set.n_entries, 4);
	if (t.set.n_entries == 4) {
		const struct boot_entry *e = tentry(&t.set, 0);

		/* `exit` ends the chained script: the chain line succeeded, the outer script boots */
		CHECK_STREQ(e->id, "ipxe:http://srv/menu/pick.ipxe:deb");
		CHECK_STREQ(e->title, "Debian");
		CHECK_STREQ(e->origin, "http://srv/boot.ipxe:6");
		CHECK_STREQ(e->kernel.url, "http://srv/os/debian/vmlinuz");
		CHECK_STREQ(e->cmdline, "os=debian");
		CHECK(e->n_initrds == 1 && strcmp(e->initrds[0].url, "http://srv/os/debian/initrd.img") == 0);
		/* running off its end does the same */
		e = tentry(&t.set, 1);
		CHECK_STREQ(e->title, "Fedora");
		CHECK_STREQ(e->kernel.url, "http://srv/os/fedora/vmlinuz");
		/* a failed line fails the chain: `|| goto fallback` in the chaining script runs */
		e = tentry(&t.set, 2);
		CHECK_STREQ(e->title, "Broken");
		CHECK_STREQ(e->kernel.url, "http://srv/os/rescue/vmlinuz");
		CHECK_STREQ(e->cmdline, "why=none");
		/* an item that boots inside the chained script resolves against that script */
		e = tentry(&t.set, 3);
		CHECK_STREQ(e->kernel.url, "http://srv/menu/local/vmlinuz");
		CHECK_STREQ(e->origin, "http://srv/menu/pick.ipxe:15");
	}
	CHECK_STREQ(t.set.default_id, "ipxe:http://srv/menu/pick.ipxe:fed");
	CHECK_EQ(t.set.timeout, 3);
	CHECK_EQ(t.d.n, 0);
	tnet_done(&t);
}

static void test_menu_in_replacing_chain(void)
{
	/* chain --replace: when the chained script ends, so does the one that chained it */
	struct fsa_mem_file f[] = {
		TFILE("http://srv/boot.ipxe",
		      "#!ipxe\nchain --replace two.ipxe\nkernel never/vmlinuz\nboot\n"),
		TFILE("http://srv/two.ipxe",
		      "#!ipxe\nmenu\nitem a A\nitem b B\nchoose x && goto ${x}\n"
		      ":a\nkernel a/vmlinuz\nboot\n"
		      ":b\nexit\n"),
	};
	struct tnet t;

	tnet_run(&t, "http://srv/", f, ARRAY_SIZE(f));
	CHECK_EQ(t.set.n_entries, 1);
	if (t.set.n_entries == 1)
		CHECK_STREQ(tentry(&t.set, 0)->kernel.url, "http://srv/a/vmlinuz");
	tnet_done(&t);
}

/* imgverify KERNEL URL names the entry's signature file; of an initrd it is said and not used. */
static void test_imgverify_names_the_signature(void)
{
	struct fsa_mem_file f[] = {
		TFILE("http://srv/v/boot.ipxe",
		      "#!ipxe\nkernel --name k vmlinuz quiet\ninitrd initrd.img\n"
		      "imgverify k sigs/vmlinuz.sig && echo ok\nimgverify --signer x --keep initrd.img rd.sig\n"
		      "boot k\n"),
		TFILE("http://srv/w/boot.ipxe", "#!ipxe\nkernel vmlinuz\nimgverify nothere x.sig || goto plain\n"
						"echo never\n:plain\nimgverify vmlinuz || echo no\nboot\n"),
		TFILE("http://srv/x/boot.ipxe", "#!ipxe\nkernel a/vmlinuz\nimgverify vmlinuz a.sig\n"
						"kernel b/vmlinuz\nboot\n"),
	};
	struct tnet t;

	tnet_run(&t, "http://srv/v/", f, ARRAY_SIZE(f));
	CHECK_EQ(t.set.n_entries, 1);
	if (t.set.n_entries == 1) {
		const struct boot_entry *e = tentry(&t.set, 0);

		CHECK_STREQ(e->kernel.url, "http://srv/v/vmlinuz");
		CHECK_STREQ(e->signature.url, "http://srv/v/sigs/vmlinuz.sig");
	}
	CHECK_EQ(t.d.n, 1);
	CHECK(tdiag_has(&t.d, "http://srv/v/boot.ipxe:5:", "'initrd.img' is not the kernel"));
	tnet_done(&t);
	/* No such image, and a signature URL missing: each fails (|| runs), nothing named. */
	tnet_run(&t, "http://srv/w/", f, ARRAY_SIZE(f));
	CHECK_EQ(t.set.n_entries, 1);
	if (t.set.n_entries == 1)
		CHECK(tentry(&t.set, 0)->signature.url == NULL);
	CHECK(tdiag_has(&t.d, "http://srv/w/boot.ipxe:3:", "no image 'nothere'"));
	CHECK(tdiag_has(&t.d, "http://srv/w/boot.ipxe:6:", "needs an image and a signature URL"));
	tnet_done(&t);
	/* A new kernel drops the signature of the one it replaced. */
	tnet_run(&t, "http://srv/x/", f, ARRAY_SIZE(f));
	CHECK_EQ(t.set.n_entries, 1);
	if (t.set.n_entries == 1) {
		CHECK_STREQ(tentry(&t.set, 0)->kernel.url, "http://srv/x/b/vmlinuz");
		CHECK(tentry(&t.set, 0)->signature.url == NULL);
	}
	tnet_done(&t);
}

static void test_images_and_noops(void)
{
	static const struct source_setting net[] = {
		{ "net0/ip", "10.0.0.5" },
		{ "net0/mac", "52:54:00:aa:bb:cc" },
	};
	struct fsa_mem_file f[] = {
		TFILE("http://srv/b/boot.ipxe",
		      "#!ipxe\ndhcp\nifopen net0\nifconf -c dhcp\necho Booting ${ip} on ${netX/mac}\nsleep 1\n"
		      "kernel --name k http://srv/b/vmlinuz ignored=1\n"
		      "imgfetch --name ucode ucode.img\nmodule rd.img extra=1\ninitrd -n third /x/third.img\n"
		      "imgargs k console=ttyS0 ip=${netX/ip} host=${hostname}x\n"
		      "imgfree third\n"
		      "boot k\necho never\n"),
		TFILE("http://srv/c/boot.ipxe", "#!ipxe\nkernel vmlinuz\nexit\nboot\n"),
		TFILE("http://srv/d/boot.ipxe", "#!ipxe\nkernel vmlinuz a=1\nboot --name k2 vmlinuz-other b=2\n"),
	};
	struct tnet t;

	memset(&t, 0, sizeof(t));
	t.fake.files = f;
	t.fake.n = ARRAY_SIZE(f);
	t.ctx = source_url("http://srv/b/", &t.fake.base, tfetch_text);
	t.ctx.settings = net;
	t.ctx.n_settings = ARRAY_SIZE(net);
	boot_set_init(&t.set);
	diag_list_init(&t.d);
	CHECK_EQ(ipxe_discover(&t.ctx, &t.set, &t.d), 0);
	CHECK_EQ(t.set.n_entries, 1);
	if (t.set.n_entries == 1) {
		const struct boot_entry *e = tentry(&t.set, 0);

		CHECK_STREQ(e->kernel.url, "http://srv/b/vmlinuz");
		/* imgargs replaces the kernel line's arguments; a missing setting is empty */
		CHECK_STREQ(e->cmdline, "console=ttyS0 ip=10.0.0.5 host=x");
		/* imgfetch and module load images in order; imgfree drops one by name */
		CHECK_EQ(e->n_initrds, 2);
		if (e->n_initrds == 2) {
			CHECK_STREQ(e->initrds[0].url, "http://srv/b/ucode.img");
			CHECK_STREQ(e->initrds[1].url, "http://srv/b/rd.img");
		}
		CHECK_STREQ(e->origin, "http://srv/b/boot.ipxe:13");
	}
	/* dhcp, ifopen, ifconf, echo, sleep: harmless, nothing said */
	CHECK_EQ(t.d.n, 0);
	tnet_done(&t);
	/* exit ends the script before its boot */
	tnet_run(&t, "http://srv/c/", f, ARRAY_SIZE(f));
	CHECK_EQ(t.set.n_entries, 0);
	CHECK_EQ(t.d.n, 0);
	tnet_done(&t);
	/* boot naming an image that is not the selected kernel boots that image with its arguments */
	tnet_run(&t, "http://srv/d/", f, ARRAY_SIZE(f));
	CHECK_EQ(t.set.n_entries, 1);
	if (t.set.n_entries == 1) {
		CHECK_STREQ(tentry(&t.set, 0)->kernel.url, "http://srv/d/vmlinuz-other");
		CHECK_STREQ(tentry(&t.set, 0)->cmdline, "b=2");
	}
	tnet_done(&t);
}

static const struct test tests[] = {
	TEST(plain_script),
	TEST(chain_script),
	TEST(chain_missing_and_not_script),
	TEST(settings),
	TEST(goto_loop_bounded),
	TEST(loop_hits_step_bound),
	TEST(step_bound_over_menus),
	TEST(isset_iseq),
	TEST(menu),
	TEST(nested_menu_no_timeout),
	TEST(urls),
	TEST(relative_absolute_refs),
	TEST(unknown_and_not_script),
	TEST(volume_does_nothing),
	TEST(chain_depth_bounded),
	TEST(menu_in_chained_script_returns),
	TEST(menu_in_replacing_chain),
	TEST(imgverify_names_the_signature),
	TEST(images_and_noops),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
