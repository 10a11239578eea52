// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Was the pipeline child the OOM killer's? The kernel's kill count from
 * vmstat text (and from a file under a root prefix), and the decision PID 1
 * makes from a wait status and the counts before and after.
 */
#include "init/oomkill.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char vmstat[] = "nr_free_pages 12345\n"
			     "oom_kill_other 9\n"
			     "pgfault 777\n"
			     "oom_kill 3\n"
			     "nr_unstable 0";

static void test_count_from_text(void)
{
	uint64_t v = 99;

	CHECK_EQ(vmstat_oom_kills(vmstat, strlen(vmstat), &v), 0);
	CHECK_EQ(v, 3);
	/* The last line has no newline. */
	CHECK_EQ(vmstat_oom_kills("pgfault 1\noom_kill 17", strlen("pgfault 1\noom_kill 17"), &v), 0);
	CHECK_EQ(v, 17);
}

static void test_count_missing_or_bad(void)
{
	uint64_t v = 5;

	/* A kernel before 4.13 has no such line. */
	CHECK_EQ(vmstat_oom_kills("nr_free_pages 1\n", 16, &v), -ENOENT);
	CHECK_EQ(vmstat_oom_kills("oom_kill \n", 10, &v), -ENOENT);
	CHECK_EQ(vmstat_oom_kills("oom_kill 12x\n", 13, &v), -ENOENT);
	CHECK_EQ(vmstat_oom_kills("oom_kill 123456789012345678901\n", 31, &v), -ENOENT);
	CHECK_EQ(vmstat_oom_kills("", 0, &v), -ENOENT);
	CHECK_EQ(v, 5);
}

static void test_count_from_root(void)
{
	char root[] = "/tmp/kexboot-oomkill-XXXXXX", dir[64], path[96];
	uint64_t v = 0;
	FILE *f;

	CHECK(mkdtemp(root) != NULL);
	snprintf(dir, sizeof(dir), "%s/proc", root);
	CHECK_EQ(mkdir(dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/vmstat", dir);
	CHECK_EQ(oom_kills_read(root, &v), -ENOENT);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(vmstat, f);
		fclose(f);
	}
	CHECK_EQ(oom_kills_read(root, &v), 0);
	CHECK_EQ(v, 3);
	unlink(path);
	rmdir(dir);
	rmdir(root);
}

/* A real wait status of a child ended by sig (0: exits with status 1). */
static int ended_by(int sig)
{
	int st = 0;
	pid_t pid = fork();

	if (pid == 0) {
		if (sig)
			raise(sig);
		_exit(1);
	}
	waitpid(pid, &st, 0);
	return st;
}

static void test_decision(void)
{
	const int killed = ended_by(SIGKILL), term = ended_by(SIGTERM), exited = ended_by(0);

	CHECK(WIFSIGNALED(killed) && WTERMSIG(killed) == SIGKILL);
	CHECK(oomkill_ended_child(killed, false, true, 3, 4));
	/* The count did not move: someone else's SIGKILL. */
	CHECK(!oomkill_ended_child(killed, false, true, 4, 4));
	/* PID 1's own watchdog sent it. */
	CHECK(!oomkill_ended_child(killed, true, true, 3, 4));
	/* Counts unknown (no vmstat line): never a yes. */
	CHECK(!oomkill_ended_child(killed, false, false, 0, 1));
	CHECK(!oomkill_ended_child(term, false, true, 3, 4));
	CHECK(!oomkill_ended_child(exited, false, true, 3, 4));
}

static const struct test tests[] = {
	TEST(count_from_text),
	TEST(count_missing_or_bad),
	TEST(count_from_root),
	TEST(decision),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
