// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Discovery over a disk that is corrupt or written by an attacker: FIFOs
 * where configs are expected, include bombs, huge variable tables, clashing
 * UUIDs. Every test runs under an alarm() so a regression fails (SIGALRM)
 * instead of hanging the suite.
 */
#include "tests/unit/harness.h"
#include "tests/unit/test-discover-util.h"
#include "boot/discover.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HANG_GUARD_S 20 /* generous: the slowest test takes well under a second */

/* A fixture tree under /tmp, removed by tdir_done. */
struct tdir {
	char root[64];
};

static void tdir_init(struct tdir *d)
{
	strcpy(d->root, "/tmp/kexboot-hostile-XXXXXX");
	if (!mkdtemp(d->root))
		abort();
}

/* Creates path (and its parents) under the tree; text NULL makes a FIFO. */
static void tdir_put(struct tdir *d, const char *path, const char *text)
{
	char full[512];
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", d->root, path);
	for (char *p = full + strlen(d->root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(full, 0755);
		*p = '/';
	}
	if (!text) {
		if (mkfifo(full, 0644) < 0)
			abort();
		return;
	}
	f = fopen(full, "w");
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
}

static void tdir_done(struct tdir *d)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d->root);
	if (system(cmd) != 0)
		fprintf(stderr, "  could not remove %s\n", d->root);
}

static double tnow(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool tset_has_title(const struct boot_set *s, const char *title)
{
	for (size_t i = 0; i < s->n_entries; i++)
		if (s->entries[i]->title && strcmp(s->entries[i]->title, title) == 0)
			return true;
	return false;
}

/* Runs discovery over d; returns how long it took in seconds. */
static double tdiscover(struct tdir *d, struct boot_set *set, struct diag_list *diags)
{
	double t0 = tnow();

	boot_set_init(set);
	diag_list_init(diags);
	alarm(HANG_GUARD_S);
	CHECK_EQ(discover_root(d->root, "root", set, diags), 0);
	alarm(0);
	return tnow() - t0;
}

static const char bls_good[] = "title Good\nlinux /vmlinuz\n";

static void test_fifo_bls_entry(void)
{
	struct tdir d;
	struct boot_set set;
	struct diag_list diags;

	tdir_init(&d);
	tdir_put(&d, "/vmlinuz", "k");
	tdir_put(&d, "/loader/entries/a.conf", bls_good);
	tdir_put(&d, "/loader/entries/b.conf", NULL);
	tdiscover(&d, &set, &diags);
	CHECK_EQ(set.n_entries, 1);
	CHECK(tset_has_title(&set, "Good"));
	CHECK(tdiag_has(&diags, "b.conf", "not a regular file"));
	boot_set_done(&set);
	diag_list_done(&diags);
	tdir_done(&d);
}

static void test_fifo_loader_conf(void)
{
	struct tdir d;
	struct boot_set set;
	struct diag_list diags;

	tdir_init(&d);
	tdir_put(&d, "/vmlinuz", "k");
	tdir_put(&d, "/loader/entries/a.conf", bls_good);
	tdir_put(&d, "/loader/loader.conf", NULL);
	tdiscover(&d, &set, &diags);
	CHECK_EQ(set.n_entries, 1);
	CHECK(tset_has_title(&set, "Good"));
	CHECK(tdiag_has(&diags, "loader.conf", "not a regular file"));
	boot_set_done(&set);
	diag_list_done(&diags);
	tdir_done(&d);
}

static void test_fifo_uki(void)
{
	struct tdir d;
	struct boot_set set;
	struct diag_list diags;

	tdir_init(&d);
	tdir_put(&d, "/vmlinuz", "k");
	tdir_put(&d, "/loader/entries/a.conf", bls_good);
	tdir_put(&d, "/EFI/Linux/evil.efi", NULL);
	tdiscover(&d, &set, &diags);
	CHECK_EQ(set.n_entries, 1);
	CHECK(tset_has_title(&set, "Good"));
	CHECK(tdiag_has(&diags, "evil.efi", "not a regular file"));
	boot_set_done(&set);
	diag_list_done(&diags);
	tdir_done(&d);
}

static void test_fifo_grub_source(void)
{
	struct tdir d;
	struct boot_set set;
	struct diag_list diags;

	tdir_init(&d);
	tdir_put(&d, "/vmlinuz", "k");
	tdir_put(&d, "/boot/grub/grub.cfg",
		 "menuentry 'Before' { linux /vmlinuz }\n"
		 "source /boot/grub/fifo.cfg\n"
		 "configfile /boot/grub/fifo.cfg\n"
		 "menuentry 'After' { linux /vmlinuz }\n");
	tdir_put(&d, "/boot/grub/fifo.cfg", NULL);
	tdiscover(&d, &set, &diags);
	CHECK_EQ(set.n_entries, 2);
	CHECK(tset_has_title(&set, "Before"));
	CHECK(tset_has_title(&set, "After"));
	CHECK(tdiag_has(&diags, "fifo.cfg", "not a regular file"));
	boot_set_done(&set);
	diag_list_done(&diags);
	tdir_done(&d);
}

static void test_fifo_syslinux_include(void)
{
	struct tdir d;
	struct boot_set set;
	struct diag_list diags;

	tdir_init(&d);
	tdir_put(&d, "/vmlinuz", "k");
	tdir_put(&d, "/syslinux/syslinux.cfg",
		 "LABEL one\n  KERNEL /vmlinuz\nINCLUDE fifo.cfg\nLABEL two\n  KERNEL /vmlinuz\n");
	tdir_put(&d, "/syslinux/fifo.cfg", NULL);
	tdiscover(&d, &set, &diags);
	CHECK_EQ(set.n_entries, 2);
	CHECK(tset_has_title(&set, "one"));
	CHECK(tset_has_title(&set, "two"));
	CHECK(tdiag_has(&diags, "fifo.cfg", "not a regular file"));
	boot_set_done(&set);
	diag_list_done(&diags);
	tdir_done(&d);
}

/* Kernels and initrds: the loader's open refuses a FIFO instead of blocking. */
static void test_fifo_open_file(void)
{
	struct tdir d;
	struct fsaccess fs;
	char *buf = NULL;
	int fd;

	tdir_init(&d);
	tdir_put(&d, "/vmlinuz", NULL);
	tdir_put(&d, "/initrd", "i");
	CHECK_EQ(fsa_open_dir(&fs, d.root), 0);
	alarm(HANG_GUARD_S);
	CHECK_EQ(fsa_open_file(&fs, "/vmlinuz"), -FSA_ENOTREG);
	CHECK_EQ(fsa_read_range(&fs, "/vmlinuz", 0, 16, &buf, NULL), -FSA_ENOTREG);
	CHECK_EQ(fsa_read(&fs, "/vmlinuz", 16, &buf, NULL), -FSA_ENOTREG);
	CHECK_EQ(fsa_open_file(&fs, "/"), -EISDIR);
	fd = fsa_open_file(&fs, "/initrd");
	CHECK(fd >= 0);
	CHECK(fd < 0 || (fcntl(fd, F_GETFL) & O_NONBLOCK) == 0);
	alarm(0);
	if (fd >= 0)
		close(fd);
	CHECK_STREQ(fsa_strerror(-FSA_ENOTREG), "not a regular file");
	fsa_close(&fs);
	tdir_done(&d);
}

static const struct test tests[] = {
	TEST(fifo_bls_entry),
	TEST(fifo_loader_conf),
	TEST(fifo_uki),
	TEST(fifo_grub_source),
	TEST(fifo_syslinux_include),
	TEST(fifo_open_file),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
