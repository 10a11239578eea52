// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A GRUB config read over a URL (grub_parse_url) that reads and asks about
 * files on servers: configfile and source on the config's server and on
 * others ((http,HOST), (tftp,HOST), $root set to one), test -e/-f/-s/-d,
 * search --file/--fs-uuid/--label, load_env, blscfg; where kernels of a
 * configfile's entries resolve ($root when the menu is shown, as GRUB);
 * the diagnostics for what has no answer over a network; what each URL
 * cost in requests. Files come from a fake fetch_text that serves strings
 * and scripted failures: no network.
 */
#include "boot/grub/grub.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-discover-util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* A scripted answer: a file (err 0) or a failure with its reason. */
struct tanswer {
	const char *url;
	const char *data; /* NULL: len bytes of 'x' */
	size_t len;
	int err;          /* positive errno, or 0 */
};

#define TOK(u, text) { u, text, sizeof(text) - 1, 0 }
#define TBIG(u, n) { u, NULL, n, 0 }
#define TERR(u, e) { u, NULL, 0, e }

/* The fake back end: the fetch_ctx it is handed is the first member. */
struct tnet {
	struct fetch_ctx base;
	const struct tanswer *answers;
	size_t n;
	char asked[320][96]; /* every URL asked, in order (the first 320) */
	size_t maxes[320];
	unsigned calls;
};

static int tnet_fetch(const struct fetch_ctx *ctx, const char *url, size_t max, char **ret_text, size_t *ret_len,
		      struct diag_list *why)
{
	struct tnet *t = (struct tnet *)ctx;

	if (t->calls < ARRAY_SIZE(t->asked)) {
		snprintf(t->asked[t->calls], sizeof(t->asked[0]), "%s", url);
		t->maxes[t->calls] = max;
	}
	t->calls++;
	for (size_t i = 0; i < t->n; i++) {
		const struct tanswer *a = &t->answers[i];

		if (strcmp(a->url, url) != 0)
			continue;
		if (a->err)
			return diag_fail(why, a->err, "%s: %s", url, strerror(a->err));
		if (a->len > max)
			return diag_fail(why, EFBIG, "%s: %zu bytes, more than the %zu allowed", url, a->len, max);
		*ret_text = malloc(a->len + 1);
		if (!*ret_text)
			return -ENOMEM;
		if (a->data)
			memcpy(*ret_text, a->data, a->len);
		else
			memset(*ret_text, 'x', a->len);
		(*ret_text)[a->len] = '\0';
		if (ret_len)
			*ret_len = a->len;
		return 0;
	}
	return diag_fail(why, ENOENT, "%s: 404 Not Found", url);
}

/* How often url was asked for. */
static unsigned tnet_count(const struct tnet *t, const char *url)
{
	unsigned n = 0;

	for (size_t i = 0; i < t->calls && i < ARRAY_SIZE(t->asked); i++)
		n += strcmp(t->asked[i], url) == 0;
	return n;
}

static const struct boot_entry *tfind(const struct boot_set *s, const char *title)
{
	for (size_t i = 0; i < s->n_entries; i++)
		if (strcmp(s->entries[i]->title, title) == 0)
			return s->entries[i];
	return NULL;
}

static void tdump(const struct diag_list *d)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "  diag: %s\n", d->msgs[i]);
}

/* Runs cfg_url over the fake; entries into set, diagnostics into d. */
static int tparse(struct tnet *t, const char *cfg_url, struct boot_set *set, struct diag_list *d)
{
	struct source_ctx ctx = source_url("http://10.0.2.100/boot/grub/", &t->base, tnet_fetch);

	boot_set_init(set);
	diag_list_init(d);
	return grub_parse_url(&ctx, cfg_url, set, d);
}

#define HOME "http://10.0.2.100/boot/grub/grub.cfg"

/*
 * source and the file tests: `if [ -f X ]; then source X; fi` on the
 * config's server costs one request (the probe's text is what source
 * reads); a missing file is asked once however often it is tested; -s on
 * another server's large file is true without its body; a server that
 * fails is named with file:line; source on another server runs there with
 * $config_directory pointing at it and back after.
 */
static void test_source_and_tests(void)
{
	static const struct tanswer a[] = {
		TOK(HOME, "set timeout=2\n"                                                  /* 1 */
			  "if [ -f (http)/boot/grub/custom.cfg ]; then\n"                   /* 2 */
			  "  source (http)/boot/grub/custom.cfg\n"                          /* 3 */
			  "fi\n"                                                            /* 4 */
			  "if [ -e $prefix/missing.cfg ]; then menuentry Never { linux /n }; fi\n" /* 5 */
			  "if test -f $prefix/missing.cfg; then set x=1; fi\n"             /* 6 */
			  "if [ -s (tftp,10.0.2.2)/images/big.img ]; then\n"                /* 7 */
			  "  menuentry 'Big there' { linux (tftp,10.0.2.2)/images/big.img }\n" /* 8 */
			  "fi\n"                                                            /* 9 */
			  "if [ -s (http)/boot/grub/empty.cfg ]; then menuentry Empty { linux /e }; fi\n" /* 10 */
			  "if [ -f (http,10.0.2.9)/down.cfg ]; then menuentry Down { linux /d }; fi\n" /* 11 */
			  "if [ ! -e (http)/boot/grub/custom.cfg ]; then menuentry Inverted { linux /i }; fi\n" /* 12 */
			  "source (http,10.0.2.101)/shared/common.cfg\n"                    /* 13 */
			  "menuentry 'Dir' { linux $config_directory/k-dir }\n"             /* 14 */
			  "if [ -d (http)/boot ]; then set d=1; fi\n"                       /* 15 */
			  "if [ -d (http)/ ]; then menuentry 'Device is a dir' { linux /dd }; fi\n" /* 16 */
			  "menuentry 'Body source' {\n"                                    /* 17 */
			  "  source (http,10.0.2.101)/shared/body.cfg\n"
			  "  linux /k-body dir=$from_body now=$config_directory\n"
			  "}\n"),
		TOK("http://10.0.2.100/boot/grub/custom.cfg", "menuentry 'Custom' { linux /vmlinuz-custom }\n"),
		TOK("http://10.0.2.100/boot/grub/empty.cfg", ""),
		TBIG("tftp://10.0.2.2/images/big.img", 200u << 10),
		TERR("http://10.0.2.9/down.cfg", ECONNREFUSED),
		TOK("http://10.0.2.101/shared/common.cfg",
		    "menuentry 'Common' { linux /vmlinuz-common }\n"
		    "source $config_directory/more.cfg\n"
		    "set seen_dir=$config_directory\n"),
		TOK("http://10.0.2.101/shared/more.cfg", "menuentry 'More' { linux ($root)/vmlinuz-more }\n"),
		TOK("http://10.0.2.101/shared/body.cfg", "set from_body=$config_directory\n"),
	};
	struct tnet t = { .answers = a, .n = ARRAY_SIZE(a) };
	const struct boot_entry *e;
	struct boot_set set;
	struct diag_list d;

	CHECK_EQ(tparse(&t, HOME, &set, &d), 0);
	tdump(&d);
	CHECK_EQ(set.n_entries, 7);
	CHECK(tfind(&set, "Never") == NULL);
	CHECK(tfind(&set, "Empty") == NULL);
	CHECK(tfind(&set, "Down") == NULL);
	CHECK(tfind(&set, "Inverted") == NULL);
	e = tfind(&set, "Custom");
	CHECK(e && e->kernel.url && strcmp(e->kernel.url, "http://10.0.2.100/vmlinuz-custom") == 0);
	CHECK(e && strcmp(e->origin, "http://10.0.2.100/boot/grub/custom.cfg:1") == 0);
	e = tfind(&set, "Big there");
	CHECK(e && e->kernel.url && strcmp(e->kernel.url, "tftp://10.0.2.2/images/big.img") == 0);
	/* sourced from another server: its kernels on $root (the config's server), its includes beside it */
	e = tfind(&set, "Common");
	CHECK(e && e->kernel.url && strcmp(e->kernel.url, "http://10.0.2.100/vmlinuz-common") == 0);
	CHECK(e && strcmp(e->origin, "http://10.0.2.101/shared/common.cfg:1") == 0);
	e = tfind(&set, "More");
	CHECK(e && e->kernel.url && strcmp(e->kernel.url, "http://10.0.2.100/vmlinuz-more") == 0);
	CHECK(e && strcmp(e->origin, "http://10.0.2.101/shared/more.cfg:1") == 0);
	/* $config_directory is back to the config's own once the source is done */
	e = tfind(&set, "Dir");
	CHECK(e && e->kernel.url && strcmp(e->kernel.url, "http://10.0.2.100/boot/grub/k-dir") == 0);
	CHECK(tfind(&set, "Device is a dir") != NULL);
	/* a file sourced by a menu body runs with its own $config_directory too, put back after */
	e = tfind(&set, "Body source");
	CHECK(e && strcmp(e->cmdline, "BOOT_IMAGE=/k-body dir=(http,10.0.2.101)/shared now=(http,10.0.2.100)/boot/grub") == 0);
	/* requests: the probe's text served the source; a missing file and a failed server asked once */
	CHECK_EQ(tnet_count(&t, "http://10.0.2.100/boot/grub/custom.cfg"), 1);
	CHECK_EQ(tnet_count(&t, "http://10.0.2.100/boot/grub/missing.cfg"), 1);
	CHECK_EQ(tnet_count(&t, "tftp://10.0.2.2/images/big.img"), 1);
	CHECK_EQ(tnet_count(&t, "http://10.0.2.9/down.cfg"), 1);
	CHECK_EQ(tnet_count(&t, "http://10.0.2.101/shared/common.cfg"), 1);
	CHECK_EQ(tnet_count(&t, "http://10.0.2.101/shared/more.cfg"), 1);
	for (size_t i = 0; i < t.calls && i < ARRAY_SIZE(t.asked); i++)
		if (strcmp(t.asked[i], "tftp://10.0.2.2/images/big.img") == 0)
			CHECK_EQ(t.maxes[i], GRUB_NET_PROBE_MAX); /* a probe reads no more than this */
	/* what has no answer, and what failed, is said at its file:line */
	CHECK(tdiag_has(&d, HOME ":11: test -f: http://10.0.2.9/down.cfg: ", "Connection refused"));
	CHECK(tdiag_has(&d, HOME ":15: test -d (http)/boot: a server lists no directories", NULL));
	CHECK(!tdiag_has(&d, "missing.cfg", NULL)); /* not there is an answer, not a problem */
	boot_set_done(&set);
	diag_list_done(&d);
}

/*
 * configfile to another server shows that file's menu instead (entries
 * before it and the rest of the config are gone, as in GRUB). Its kernels
 * resolve against $root when the menu is shown: the other server when the
 * file sets root=(http,HOST), the config's own when it does not (GRUB's
 * configfile changes only $config_file and $config_directory).
 */
static void test_configfile_other_server(void)
{
	static const struct tanswer a[] = {
		TOK(HOME, "set timeout=3\n"
			  "menuentry 'Dropped' { linux /d }\n"
			  "configfile (http,10.0.2.101)/grub/menu.cfg\n"
			  "menuentry 'After' { linux /a }\n"),
		TOK("http://10.0.2.101/grub/menu.cfg",
		    "set root=(http,10.0.2.101)\n"
		    "set default=other\n"
		    "menuentry 'Plain' { linux /boot/plain }\n"
		    "menuentry 'Other server' --id other {\n"
		    "  linux /vmlinuz console=ttyS0\n"
		    "  initrd /initrd.img (http)/shared.img $config_directory/local.img\n"
		    "}\n"
		    "menuentry 'TFTP' { linux (tftp,10.0.2.2)/k }\n"),
		TOK("http://10.0.2.100/boot/grub/plain.cfg",
		    "configfile (tftp,10.0.2.2)/grub/tftp.cfg\n"),
		TOK("tftp://10.0.2.2/grub/tftp.cfg",
		    "menuentry 'No root set' { linux /vmlinuz-home }\n"
		    "menuentry 'Named device' { linux (tftp,10.0.2.2)/vmlinuz-tftp }\n"),
		TOK("http://10.0.2.100/boot/grub/gone.cfg",
		    "configfile (http,10.0.2.101)/grub/none.cfg\n"
		    "menuentry 'Stays' { linux /s }\n"),
	};
	struct tnet t = { .answers = a, .n = ARRAY_SIZE(a) };
	const struct boot_entry *e;
	struct boot_set set;
	struct diag_list d;

	CHECK_EQ(tparse(&t, HOME, &set, &d), 0);
	tdump(&d);
	CHECK_EQ(set.n_entries, 3);
	CHECK(tfind(&set, "Dropped") == NULL && tfind(&set, "After") == NULL);
	e = tfind(&set, "Plain");
	CHECK(e && e->kernel.url && strcmp(e->kernel.url, "http://10.0.2.101/boot/plain") == 0);
	e = tfind(&set, "Other server");
	CHECK(e && e->kernel.url && strcmp(e->kernel.url, "http://10.0.2.101/vmlinuz") == 0);
	CHECK(e && e->n_initrds == 3);
	if (e && e->n_initrds == 3) {
		CHECK_STREQ(e->initrds[0].url, "http://10.0.2.101/initrd.img");
		CHECK_STREQ(e->initrds[1].url, "http://10.0.2.100/shared.img"); /* (http): $net_default_server */
		/* $config_directory at menu time is the outer config's, as GRUB restores it */
		CHECK_STREQ(e->initrds[2].url, "http://10.0.2.100/boot/grub/local.img");
	}
	CHECK(e && strcmp(e->id, "grub:http,10.0.2.101:Other server") == 0);
	CHECK(e && strcmp(e->origin, "http://10.0.2.101/grub/menu.cfg:4") == 0);
	CHECK(e && strcmp(e->cmdline, "BOOT_IMAGE=/vmlinuz console=ttyS0") == 0);
	CHECK(e && set.default_id && strcmp(set.default_id, e->id) == 0);
	e = tfind(&set, "TFTP");
	CHECK(e && e->kernel.url && strcmp(e->kernel.url, "tftp://10.0.2.2/k") == 0);
	/* $timeout is not exported: the configfile's new context has none, and GRUB's menu waits */
	CHECK_EQ(set.timeout, -1);
	boot_set_done(&set);
	diag_list_done(&d);

	/* a configfile on a TFTP server that does not set root: kernels stay on the config's server */
	CHECK_EQ(tparse(&t, "http://10.0.2.100/boot/grub/plain.cfg", &set, &d), 0);
	tdump(&d);
	CHECK_EQ(set.n_entries, 2);
	e = tfind(&set, "No root set");
	CHECK(e && e->kernel.url && strcmp(e->kernel.url, "http://10.0.2.100/vmlinuz-home") == 0);
	CHECK(e && strcmp(e->origin, "tftp://10.0.2.2/grub/tftp.cfg:1") == 0);
	e = tfind(&set, "Named device");
	CHECK(e && e->kernel.url && strcmp(e->kernel.url, "tftp://10.0.2.2/vmlinuz-tftp") == 0);
	boot_set_done(&set);
	diag_list_done(&d);

	/* a configfile that is not there: said with file:line and the server's answer; the config goes on */
	CHECK_EQ(tparse(&t, "http://10.0.2.100/boot/grub/gone.cfg", &set, &d), 0);
	tdump(&d);
	CHECK_EQ(set.n_entries, 1);
	CHECK(tfind(&set, "Stays") != NULL);
	CHECK(tdiag_has(&d, "gone.cfg:1: http://10.0.2.101/grub/none.cfg: 404 Not Found", NULL));
	boot_set_done(&set);
	diag_list_done(&d);
}

/*
 * $root set to another server ("(http,HOST)" as GRUB strips the
 * parentheses) and search: --file asks $root's server then the config's
 * own and sets the variable to the first that has it; --fs-uuid and
 * --label have no file systems to look through and say so, leaving $root.
 */
static void test_root_and_search(void)
{
	static const struct tanswer a[] = {
		TOK(HOME, "set root=(http,10.0.2.101)\n"                                        /* 1 */
			  "search --no-floppy --file /boot/grub/marker --set=found\n"              /* 2 */
			  "menuentry 'Found' { linux ($found)/vmlinuz-found }\n"                   /* 3 */
			  "search --no-floppy --file /only-home --set\n"                            /* 4 */
			  "menuentry 'Search set root' { linux /vmlinuz-r }\n"                     /* 5 */
			  "search --no-floppy --fs-uuid --set=root 1234-ABCD\n"                    /* 6 */
			  "search.fs_label OS lbl\n"                                               /* 7 */
			  "if search --file /nowhere; then menuentry Never { linux /n }; fi\n"     /* 8 */
			  "menuentry 'Root var' { linux /x root_was=$root }\n"),                   /* 9 */
		TOK("http://10.0.2.101/boot/grub/marker", "m"),
		TOK("http://10.0.2.100/only-home", "h"),
	};
	struct tnet t = { .answers = a, .n = ARRAY_SIZE(a) };
	const struct boot_entry *e;
	struct boot_set set;
	struct diag_list d;

	CHECK_EQ(tparse(&t, HOME, &set, &d), 0);
	tdump(&d);
	CHECK_EQ(set.n_entries, 3);
	e = tfind(&set, "Found");
	CHECK(e && e->kernel.url && strcmp(e->kernel.url, "http://10.0.2.101/vmlinuz-found") == 0);
	/* /only-home is not on $root's server (asked first), it is on the config's: root is that now */
	e = tfind(&set, "Search set root");
	CHECK(e && e->kernel.url && strcmp(e->kernel.url, "http://10.0.2.100/vmlinuz-r") == 0);
	CHECK_EQ(tnet_count(&t, "http://10.0.2.101/only-home"), 1);
	CHECK_EQ(tnet_count(&t, "http://10.0.2.100/only-home"), 1);
	e = tfind(&set, "Root var");
	CHECK(e && strcmp(e->cmdline, "BOOT_IMAGE=/x root_was=http,10.0.2.100") == 0);
	CHECK(tdiag_has(&d, HOME ":6: search --fs-uuid 1234-ABCD: a config read over the network has no file systems",
			"$root stays 'http,10.0.2.100'"));
	CHECK(tdiag_has(&d, HOME ":7: search --label OS: ", NULL));
	CHECK(tdiag_has(&d, HOME ":8: search --file /nowhere: not on http,10.0.2.100; ", "searches no disks"));
	boot_set_done(&set);
	diag_list_done(&d);
}

/* load_env over the network, blscfg's diagnostic, and a disk's config naming a server. */
static void test_env_bls_and_disk(void)
{
	static const struct tanswer a[] = {
		TOK(HOME, "load_env\n"
			  "load_env -f (http,10.0.2.101)/env/grubenv other\n"
			  "menuentry 'Env' { linux /k $kernelopts $other }\n"
			  "blscfg\n"),
		TOK("http://10.0.2.100/boot/grub/grubenv", "# GRUB Environment Block\nkernelopts=root=/dev/x ro\n"),
		TOK("http://10.0.2.101/env/grubenv", "# GRUB Environment Block\nother=o=1\nkernelopts=ignored\n"),
	};
	static const struct fsa_mem_file f[] = {
		TFILE("/boot/grub/grub.cfg", "configfile (http,10.0.2.101)/grub/menu.cfg\n"
					     "if [ -f (http,10.0.2.101)/x ]; then set y=1; fi\n"
					     "menuentry Disk { linux /vmlinuz }\n"),
	};
	struct tnet t = { .answers = a, .n = ARRAY_SIZE(a) };
	const struct boot_entry *e;
	struct boot_set set;
	struct diag_list d;
	struct tvol v;

	CHECK_EQ(tparse(&t, HOME, &set, &d), 0);
	tdump(&d);
	e = tfind(&set, "Env");
	CHECK(e && strcmp(e->cmdline, "BOOT_IMAGE=/k root=/dev/x ro o=1") == 0);
	CHECK(tdiag_has(&d, HOME ":4: blscfg: http,10.0.2.100: a server lists no directories", NULL));
	boot_set_done(&set);
	diag_list_done(&d);

	/* a disk's config reads no server: said, not silent */
	tvol_init(&v, f, ARRAY_SIZE(f));
	CHECK_EQ(grub_parse(&v.vs, 0, "/boot/grub/grub.cfg", &v.set, &v.diags), 0);
	tdump(&v.diags);
	CHECK_EQ(v.set.n_entries, 1);
	CHECK(tdiag_has(&v.diags, "grub.cfg:1: (http,10.0.2.101)/grub/menu.cfg: a file on a server", NULL));
	CHECK(tdiag_has(&v.diags, "grub.cfg:2: test -f: http://10.0.2.101/x: files on servers are read only", NULL));
	tvol_done(&v);
}

/* Budgets: every probe counts as a file; past the source's budget nothing more is asked. */
static void test_probe_budget(void)
{
	static const struct tanswer a[] = {
		TOK(HOME, "if [ -f /a ]; then set a=1; fi\n"
			  "if [ -f /b ]; then set b=1; fi\n"
			  "if [ -f /c ]; then set c=1; fi\n"
			  "if [ -f /d ]; then set d=1; fi\n"
			  "menuentry 'E' { linux /k }\n"),
	};
	struct tnet t = { .answers = a, .n = ARRAY_SIZE(a) };
	struct discover_limits lim = { .files = 4 };
	struct discover_budget budget;
	struct source_ctx ctx = source_url("http://10.0.2.100/boot/grub/", &t.base, tnet_fetch);
	struct boot_set set;
	struct diag_list d;

	discover_budget_init(&budget, &lim);
	ctx.budget = &budget;
	boot_set_init(&set);
	diag_list_init(&d);
	CHECK_EQ(grub_parse_url(&ctx, HOME, &set, &d), 0);
	tdump(&d);
	/* the config (1 file) and three probes fill the budget; the fourth probe is not sent */
	CHECK_EQ(t.calls, 4);
	CHECK_EQ(tnet_count(&t, "http://10.0.2.100/d"), 0);
	CHECK(tdiag_has(&d, "discovery budget spent: more than 4 files", NULL));
	boot_set_done(&set);
	diag_list_done(&d);
}

/*
 * At most GRUB_NET_REQUESTS_MAX requests per config (the config's own read
 * counts): a config that asks about more distinct files stops there, says so
 * once, and keeps the entries defined before; their bodies still run.
 */
static void test_request_cap(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct tanswer a[1];
	struct tnet t = { .answers = a, .n = 1 };
	struct boot_set set;
	struct diag_list d;

	CHECK(f != NULL);
	if (!f)
		return;
	fprintf(f, "menuentry 'Before' { linux /k-before }\n");
	for (unsigned i = 0; i < GRUB_NET_REQUESTS_MAX + 10; i++)
		fprintf(f, "if [ -f /probe-%u ]; then set x=1; fi\n", i);
	fprintf(f, "menuentry 'After' { linux /k-after }\n");
	fclose(f);
	a[0] = (struct tanswer){ HOME, text, len, 0 };
	CHECK_EQ(tparse(&t, HOME, &set, &d), 0);
	CHECK_EQ(t.calls, GRUB_NET_REQUESTS_MAX);
	CHECK_EQ(tnet_count(&t, "http://10.0.2.100/probe-254"), 1);
	CHECK_EQ(tnet_count(&t, "http://10.0.2.100/probe-255"), 0);
	CHECK(tdiag_has(&d, HOME ":257: more than 256 requests to servers; rest of this config skipped", NULL));
	CHECK_EQ(set.n_entries, 1);
	CHECK(tfind(&set, "Before") && tfind(&set, "Before")->state == BOOT_ENTRY_OK);
	CHECK(tfind(&set, "After") == NULL);
	boot_set_done(&set);
	diag_list_done(&d);
	free(text);
}

static const struct test tests[] = {
	TEST(source_and_tests),
	TEST(configfile_other_server),
	TEST(root_and_search),
	TEST(env_bls_and_disk),
	TEST(probe_budget),
	TEST(request_cap),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
