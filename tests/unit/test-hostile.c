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
#include "lib/strbuf.h"

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

/* Nine files, each including every other one five times: 8! x 5^8 reads within the depth limit. */
#define BOMB_FILES 9
#define BOMB_FANOUT 5

struct bomb {
	char paths[BOMB_FILES + 1][64];
	char texts[BOMB_FILES + 1][2048];
	struct fsa_mem_file files[BOMB_FILES + 2];
	size_t n;
};

static void bomb_build(struct bomb *b, bool grub)
{
	memset(b, 0, sizeof(*b));
	for (int i = 0; i < BOMB_FILES; i++) {
		size_t o = 0;

		snprintf(b->paths[i], sizeof(b->paths[i]), grub ? "/boot/grub/b%d.cfg" : "/syslinux/b%d.cfg", i);
		for (int k = 1; k < BOMB_FILES; k++)
			for (int rep = 0; rep < BOMB_FANOUT; rep++)
				o += (size_t)snprintf(b->texts[i] + o, sizeof(b->texts[i]) - o,
						      grub ? "source /boot/grub/b%d.cfg\n" : "INCLUDE b%d.cfg\n",
						      (i + k) % BOMB_FILES);
		b->files[i] = (struct fsa_mem_file){ b->paths[i], b->texts[i], strlen(b->texts[i]) };
	}
	strcpy(b->paths[BOMB_FILES], grub ? "/boot/grub/grub.cfg" : "/syslinux/syslinux.cfg");
	strcpy(b->texts[BOMB_FILES], grub ? "menuentry 'Good' { linux /vmlinuz }\nsource /boot/grub/b0.cfg\n"
					  : "LABEL Good\n  KERNEL /vmlinuz\nINCLUDE b0.cfg\n");
	b->files[BOMB_FILES] = (struct fsa_mem_file){ b->paths[BOMB_FILES], b->texts[BOMB_FILES],
						     strlen(b->texts[BOMB_FILES]) };
	b->files[BOMB_FILES + 1] = (struct fsa_mem_file){ "/vmlinuz", "k", 1 };
	b->n = BOMB_FILES + 2;
}

/* The bomb on one volume, a plain config on the other: the first stops, the second goes on. */
static void bomb_run(bool grub, const struct discover_limits *lim, const char *want_diag)
{
	static const char other_cfg[] = "LABEL Other\n  KERNEL /vmlinuz\n";
	const struct fsa_mem_file other[] = { TFILE("/syslinux/syslinux.cfg", other_cfg), TFILE("/vmlinuz", "k") };
	struct bomb b;
	struct fsaccess fs[2];
	struct boot_volume v[2] = { { .name = "bomb" }, { .name = "other" } };
	struct boot_volumes vs = { v, 2 };
	struct boot_set set;
	struct diag_list diags;
	double t0, dt;

	bomb_build(&b, grub);
	fsa_init_mem(&fs[0], b.files, b.n);
	fsa_init_mem(&fs[1], other, ARRAY_SIZE(other));
	v[0].fs = &fs[0];
	v[1].fs = &fs[1];
	boot_set_init(&set);
	diag_list_init(&diags);
	t0 = tnow();
	alarm(HANG_GUARD_S);
	CHECK_EQ(discover_volumes_limited(&vs, lim, &set, &diags), 0);
	alarm(0);
	dt = tnow() - t0;
	printf("  %s include bomb: %.3f s, %zu entries\n", grub ? "grub" : "syslinux", dt, set.n_entries);
	CHECK(dt < 1.0);
	CHECK(tset_has_title(&set, "Good"));
	CHECK(tset_has_title(&set, "Other"));
	CHECK(tdiag_has(&diags, "discovery budget spent", want_diag));
	for (size_t i = 0; i < set.n_entries; i++)
		CHECK_EQ(set.entries[i]->state, BOOT_ENTRY_OK);
	boot_set_done(&set);
	diag_list_done(&diags);
}

static void test_bomb_syslinux(void)
{
	bomb_run(false, NULL, "4096 files");
}

static void test_bomb_grub(void)
{
	bomb_run(true, NULL, "4096 files");
}

/* The limits travel with the discover call. */
static void test_bomb_limits(void)
{
	const struct discover_limits files = { .files = 10 };
	const struct discover_limits bytes = { .bytes = 200 };

	bomb_run(false, &files, "10 files");
	bomb_run(true, &bytes, "200 bytes");
}

/*
 * A grub.cfg of GRUB_VARS_BENCH variables and a few entries: every entry
 * body runs in a copy of the environment. Prints the time; asserts only the
 * hang guard (and that the entries are right).
 */
#define GRUB_VARS_BENCH 20000
#define GRUB_VARS_ENTRIES 10

static void test_grub_many_variables(void)
{
	struct strbuf cfg = STRBUF_INIT;
	struct fsa_mem_file files[2];
	struct tvol t;
	double t0, dt;

	for (int i = 0; i < GRUB_VARS_BENCH; i++)
		strbuf_printf(&cfg, "set v%d=x\n", i);
	for (int i = 0; i < GRUB_VARS_ENTRIES; i++)
		strbuf_printf(&cfg, "menuentry 'E%d' { set w=$v%d; linux /vmlinuz $w }\n", i, i);
	files[0] = (struct fsa_mem_file){ "/boot/grub/grub.cfg", cfg.buf, cfg.len };
	files[1] = (struct fsa_mem_file){ "/vmlinuz", "k", 1 };
	tvol_init(&t, files, 2);
	t0 = tnow();
	alarm(HANG_GUARD_S * 6);
	CHECK_EQ(discover_volumes(&t.vs, &t.set, &t.diags), 0);
	alarm(0);
	dt = tnow() - t0;
	printf("  grub.cfg of %zu bytes, %d variables, %d entries: %.3f s (%.1f ms per entry)\n", cfg.len,
	       GRUB_VARS_BENCH, GRUB_VARS_ENTRIES, dt, dt * 1000 / GRUB_VARS_ENTRIES);
	CHECK_EQ(t.set.n_entries, GRUB_VARS_ENTRIES);
	CHECK(t.set.n_entries > 3 && t.set.entries[3]->cmdline && strstr(t.set.entries[3]->cmdline, " x"));
	tvol_done(&t);
	strbuf_done(&cfg);
}

/* Two filesystems with one UUID: each config's references stay on its own volume. */
static void test_shared_uuid(void)
{
	static const char a_entry[] = "title A\nlinux /vmlinuz-a\n";
	static const char b_cfg[] = "menuentry 'B-search' { search --fs-uuid --set=root 1234-ABCD; linux /vmlinuz-b }\n"
				    "menuentry 'B-explicit' { linux (UUID=1234-abcd)/vmlinuz-b }\n"
				    "menuentry 'B-elsewhere' { linux (UUID=1234-ABCD)/vmlinuz-a }\n";
	const struct fsa_mem_file a_files[] = { TFILE("/loader/entries/a.conf", a_entry), TFILE("/vmlinuz-a", "k") };
	const struct fsa_mem_file b_files[] = { TFILE("/boot/grub/grub.cfg", b_cfg), TFILE("/vmlinuz-b", "k") };
	struct fsaccess fs[2];
	struct boot_volume v[2] = { { .name = "/dev/vda2", .uuid = "1234-ABCD" },
				    { .name = "/dev/vdb2", .uuid = "1234-ABCD" } };
	struct boot_volumes vs = { v, 2 };
	struct boot_set set;
	struct diag_list diags;

	fsa_init_mem(&fs[0], a_files, ARRAY_SIZE(a_files));
	fsa_init_mem(&fs[1], b_files, ARRAY_SIZE(b_files));
	v[0].fs = &fs[0];
	v[1].fs = &fs[1];
	boot_set_init(&set);
	diag_list_init(&diags);
	CHECK_EQ(discover_volumes(&vs, &set, &diags), 0);
	CHECK_EQ(set.n_entries, 4);
	for (size_t i = 0; i < set.n_entries; i++) {
		const struct boot_entry *e = set.entries[i];

		if (strcmp(e->title, "A") == 0) {
			CHECK_EQ(e->state, BOOT_ENTRY_OK);
			CHECK_STREQ(e->kernel.device, "/dev/vda2");
		} else if (strcmp(e->title, "B-elsewhere") == 0) {
			CHECK_EQ(e->state, BOOT_ENTRY_BROKEN);
			CHECK_STREQ(e->reason, "UUID=1234-ABCD is on two filesystems (/dev/vda2 and /dev/vdb2)");
		} else {
			CHECK_EQ(e->state, BOOT_ENTRY_OK);
			CHECK_STREQ(e->kernel.device, "/dev/vdb2");
		}
	}
	boot_set_done(&set);
	diag_list_done(&diags);
}

static void test_initrd_cap(void)
{
	struct strbuf entry = STRBUF_INIT;
	struct fsa_mem_file files[3];
	struct tvol t;

	strbuf_puts(&entry, "title Many\nlinux /vmlinuz\n");
	for (int i = 0; i <= BOOT_ENTRY_MAX_INITRDS; i++)
		strbuf_puts(&entry, "initrd /initrd\n");
	files[0] = (struct fsa_mem_file){ "/loader/entries/many.conf", entry.buf, entry.len };
	files[1] = (struct fsa_mem_file){ "/vmlinuz", "k", 1 };
	files[2] = (struct fsa_mem_file){ "/initrd", "i", 1 };
	tvol_init(&t, files, 3);
	CHECK_EQ(discover_volumes(&t.vs, &t.set, &t.diags), 0);
	CHECK_EQ(t.set.n_entries, 1);
	CHECK(t.set.n_entries == 1 && t.set.entries[0]->state == BOOT_ENTRY_BROKEN);
	CHECK(t.set.n_entries == 1 && t.set.entries[0]->reason && strstr(t.set.entries[0]->reason, "65 initrds"));
	tvol_done(&t);
	strbuf_done(&entry);
}

/* A config of tiny commands: its parsed form is capped by the source's memory budget. */
static void test_grub_parsed_memory(void)
{
	const struct discover_limits lim = { .mem = 64u << 10 };
	struct strbuf cfg = STRBUF_INIT;
	struct fsa_mem_file files[2];
	struct tvol t;

	strbuf_puts(&cfg, "menuentry 'First' { linux /vmlinuz }\n");
	for (int i = 0; i < 20000; i++)
		strbuf_puts(&cfg, "a\n");
	strbuf_puts(&cfg, "menuentry 'Late' { linux /vmlinuz }\n");
	files[0] = (struct fsa_mem_file){ "/boot/grub/grub.cfg", cfg.buf, cfg.len };
	files[1] = (struct fsa_mem_file){ "/vmlinuz", "k", 1 };
	tvol_init(&t, files, 2);
	CHECK_EQ(discover_volumes_limited(&t.vs, &lim, &t.set, &t.diags), 0);
	CHECK_EQ(t.set.n_entries, 1);
	CHECK(tset_has_title(&t.set, "First"));
	CHECK(t.set.n_entries == 1 && t.set.entries[0]->state == BOOT_ENTRY_OK);
	CHECK(tdiag_has(&t.diags, "parsed form larger than", NULL));
	CHECK(tdiag_has(&t.diags, "discovery budget spent: parsed configs", NULL));
	tvol_done(&t);
	strbuf_done(&cfg);
}

static const struct test tests[] = {
	TEST(fifo_bls_entry),
	TEST(fifo_loader_conf),
	TEST(fifo_uki),
	TEST(fifo_grub_source),
	TEST(fifo_syslinux_include),
	TEST(fifo_open_file),
	TEST(bomb_syslinux),
	TEST(bomb_grub),
	TEST(bomb_limits),
	TEST(grub_many_variables),
	TEST(shared_uuid),
	TEST(initrd_cap),
	TEST(grub_parsed_memory),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
