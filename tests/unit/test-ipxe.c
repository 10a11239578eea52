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

static const struct test tests[] = {
	TEST(plain_script),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
