// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `kexboot list` outside kexboot's PID 1: the checks before a device scan
 * and the directory for mount points (boot/list-run.h). Fixture trees under
 * /tmp stand for /sys and /run; nothing is mounted.
 */
#include "tests/unit/harness.h"
#include "boot/list-run.h"
#include "lib/cleanup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct tfix {
	char root[64];
	char sys[128], run[160], tmp[128], file[128];
};

static void tfix_init(struct tfix *f)
{
	char path[192];
	FILE *fp;

	strcpy(f->root, "/tmp/kexboot-list-test-XXXXXX");
	if (!mkdtemp(f->root))
		abort();
	snprintf(f->sys, sizeof(f->sys), "%s/sys", f->root);
	snprintf(f->tmp, sizeof(f->tmp), "%s/tmp", f->root);
	snprintf(f->run, sizeof(f->run), "%s/run/kexboot/list", f->root);
	snprintf(f->file, sizeof(f->file), "%s/file", f->root);
	mkdir(f->sys, 0755);
	snprintf(path, sizeof(path), "%s/class", f->sys);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/class/block", f->sys);
	mkdir(path, 0755);
	mkdir(f->tmp, 0755);
	fp = fopen(f->file, "w");
	if (!fp)
		abort();
	fclose(fp);
}

static void tfix_done(struct tfix *f)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->root);
	if (system(cmd) != 0)
		fprintf(stderr, "  could not remove %s\n", f->root);
}

static void test_no_sysfs(void)
{
	struct tfix f;
	struct list_run run;
	struct diag_list d;
	char missing[192];

	tfix_init(&f);
	diag_list_init(&d);
	snprintf(missing, sizeof(missing), "%s/nosys", f.root);
	{
		const struct list_run_env env = { missing, f.run, f.tmp, false };

		CHECK_EQ(list_run_prepare(&env, &run, &d), -ENOENT);
	}
	CHECK(strstr(d.reason, "cannot scan devices") && strstr(d.reason, "nosys/class/block"));
	CHECK(run.dir == NULL);
	diag_list_done(&d);
	tfix_done(&f);
}

/* The run directory's parents are made: a rescue system has no /run/kexboot. */
static void test_run_dir_made(void)
{
	struct tfix f;
	struct list_run run;
	struct diag_list d;
	struct stat st;
	const struct list_run_env env = { f.sys, f.run, f.tmp, false };

	tfix_init(&f);
	diag_list_init(&d);
	CHECK_EQ(list_run_prepare(&env, &run, &d), 0);
	CHECK_STREQ(run.dir, f.run);
	CHECK(!run.temp);
	CHECK(stat(f.run, &st) == 0 && S_ISDIR(st.st_mode));
	list_run_done(&run);
	CHECK(stat(f.run, &st) == 0); /* the fixed place stays */
	diag_list_done(&d);
	tfix_done(&f);
}

/* No way to make the run directory: a private one under the temp base, removed after. */
static void test_run_dir_fallback(void)
{
	struct tfix f;
	struct list_run run;
	struct diag_list d;
	struct stat st;
	char blocked[192], *made = NULL;

	tfix_init(&f);
	diag_list_init(&d);
	snprintf(blocked, sizeof(blocked), "%s/sub/list", f.file); /* under a regular file: ENOTDIR */
	{
		const struct list_run_env env = { f.sys, blocked, f.tmp, false };

		CHECK_EQ(list_run_prepare(&env, &run, &d), 0);
	}
	CHECK(run.temp);
	CHECK(run.dir && strncmp(run.dir, f.tmp, strlen(f.tmp)) == 0 && strstr(run.dir, "kexboot-list-"));
	CHECK(run.dir && stat(run.dir, &st) == 0 && S_ISDIR(st.st_mode));
	made = run.dir ? strdup(run.dir) : NULL;
	list_run_done(&run);
	CHECK(made && stat(made, &st) < 0 && errno == ENOENT);
	free(made);
	diag_list_done(&d);
	tfix_done(&f);
}

/* Neither place can be made: an error that says both. */
static void test_run_dir_impossible(void)
{
	struct tfix f;
	struct list_run run;
	struct diag_list d;
	char blocked[192], tmp_blocked[192];

	tfix_init(&f);
	diag_list_init(&d);
	snprintf(blocked, sizeof(blocked), "%s/run", f.file);
	snprintf(tmp_blocked, sizeof(tmp_blocked), "%s/tmp", f.file);
	{
		const struct list_run_env env = { f.sys, blocked, tmp_blocked, false };

		CHECK_EQ(list_run_prepare(&env, &run, &d), -ENOTDIR);
	}
	CHECK(strstr(d.reason, "cannot make a directory for mount points"));
	CHECK(run.dir == NULL);
	diag_list_done(&d);
	tfix_done(&f);
}

/* An empty list is a failure only when problems were noticed on the way. */
static void test_exit_status(void)
{
	struct diag_list d;

	diag_list_init(&d);
	CHECK_EQ(list_exit_status(0, &d), 0); /* a disk without configs */
	CHECK_EQ(list_exit_status(3, &d), 0);
	(void)diag_add(&d, "/loader/entries/a.conf", 0, "not a regular file");
	CHECK_EQ(list_exit_status(0, &d), 1);
	CHECK_EQ(list_exit_status(1, &d), 0); /* problems, but something to show */
	diag_list_done(&d);
	diag_list_init(&d);
	d.n_dropped = 1;                       /* every message dropped still counts */
	CHECK_EQ(list_exit_status(0, &d), 1);
	diag_list_done(&d);
}

static const struct test tests[] = {
	TEST(exit_status),
	TEST(no_sysfs),
	TEST(run_dir_made),
	TEST(run_dir_fallback),
	TEST(run_dir_impossible),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
