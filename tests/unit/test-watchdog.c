// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PID 1's watchdog over the pipeline child: the bounds per phase on a fed
 * clock, the phase channel's bytes, and the wait loop over real forked
 * children (a fake clock that runs fast, so no test waits for a bound).
 */
#include "init/watchdog.h"
#include "lib/cleanup.h"
#include "lib/clock.h"
#include "tests/unit/harness.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct watchdog_limits lim = { .discovery_ms = 60000, .load_ms = 120000 };

static void test_bounds_per_phase(void)
{
	struct watchdog w;
	char buf[128];

	watchdog_init(&w, &lim, 1000);
	CHECK_EQ(w.phase, PHASE_DISCOVERY);
	CHECK_EQ(watchdog_left_ms(&w, 1000), 60000);
	CHECK_EQ(watchdog_left_ms(&w, 60999), 1);
	CHECK_EQ(watchdog_left_ms(&w, 61000), 0);
	CHECK_EQ(watchdog_left_ms(&w, 900000), 0);
	/* A clock that steps back counts as no time spent, never as an early kill. */
	CHECK_EQ(watchdog_left_ms(&w, 10), 60000);
	watchdog_describe(&w, buf, sizeof(buf));
	CHECK_STREQ(buf, "discovery did not finish in 60 s");

	/* The menu waits for a key as long as it likes. */
	watchdog_phase(&w, PHASE_MENU, 50000);
	CHECK_EQ(watchdog_left_ms(&w, 50000), -1);
	CHECK_EQ(watchdog_left_ms(&w, UINT64_MAX / 2), -1);

	/* Loading has its own bound, counted from when it began. */
	watchdog_phase(&w, PHASE_LOAD, 10000000);
	CHECK_EQ(watchdog_left_ms(&w, 10000000), 120000);
	CHECK_EQ(watchdog_left_ms(&w, 10119999), 1);
	CHECK_EQ(watchdog_left_ms(&w, 10120000), 0);
	watchdog_describe(&w, buf, sizeof(buf));
	CHECK_STREQ(buf, "loading the chosen entry did not finish in 120 s");

	/* A rescan is a new discovery: its clock starts again. */
	watchdog_phase(&w, PHASE_DISCOVERY, 20000000);
	CHECK_EQ(watchdog_left_ms(&w, 20000000 + 59000), 1000);
	w.lim.discovery_ms = 250;
	watchdog_describe(&w, buf, sizeof(buf));
	CHECK_STREQ(buf, "discovery did not finish in 250 ms");
}

static void test_channel_bytes(void)
{
	struct watchdog w;

	watchdog_init(&w, &lim, 0);
	/* Several changes in one read: the last one is where the child is. */
	CHECK_EQ(watchdog_feed(&w, "DML", 3, 500), 3);
	CHECK_EQ(w.phase, PHASE_LOAD);
	CHECK_EQ(w.since_ms, 500);
	/* Bytes that are no phase change nothing. */
	CHECK_EQ(watchdog_feed(&w, "x\n\0", 3, 900), 0);
	CHECK_EQ(w.phase, PHASE_LOAD);
	CHECK_EQ(w.since_ms, 500);
	CHECK_EQ(watchdog_feed(&w, "?M", 2, 1000), 1);
	CHECK_EQ(w.phase, PHASE_MENU);
	CHECK_EQ(watchdog_left_ms(&w, 99999999), -1);
}

/* A clock that moves 10 s at every reading: any bounded phase runs out at once. */
static uint64_t fast_now;
static uint64_t fast_clock(void)
{
	fast_now += 10000;
	return fast_now;
}

/* Forks a child that writes phases, then sleeps ms (0: forever), then exits with status. */
static pid_t child_start(const char *phases, unsigned ms, int status, int *ret_fd)
{
	int fds[2];
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		for (const char *p = phases; *p; p++)
			phase_report(fds[1], (enum pipeline_phase)*p);
		if (ms == 0)
			for (;;)
				pause();
		usleep(ms * 1000);
		_exit(status);
	}
	close(fds[1]);
	*ret_fd = fds[0];
	return pid;
}

static void test_wait_kills_a_stuck_discovery(void)
{
	const struct watchdog_limits l = { .discovery_ms = 30000, .load_ms = 30000 };
	struct watchdog_end end;
	int fd;
	pid_t pid = child_start("D", 0, 0, &fd);

	CHECK(pid > 0);
	if (pid <= 0)
		return;
	watchdog_wait(pid, fd, &l, fast_clock, &end);
	CHECK(end.killed);
	CHECK(!end.still_running);
	CHECK(WIFSIGNALED(end.wstatus) && WTERMSIG(end.wstatus) == SIGKILL);
	CHECK_EQ(end.phase, PHASE_DISCOVERY);
	CHECK_STREQ(end.why, "discovery did not finish in 30 s");
	/* It was reaped: no child is left. */
	CHECK(waitpid(pid, NULL, WNOHANG) < 0);
}

static void test_wait_kills_a_stuck_load(void)
{
	const struct watchdog_limits l = { .discovery_ms = 30000, .load_ms = 40000 };
	struct watchdog_end end;
	int fd;
	pid_t pid = child_start("DML", 0, 0, &fd);

	CHECK(pid > 0);
	if (pid <= 0)
		return;
	watchdog_wait(pid, fd, &l, fast_clock, &end);
	CHECK(end.killed);
	CHECK_EQ(end.phase, PHASE_LOAD);
	CHECK_STREQ(end.why, "loading the chosen entry did not finish in 40 s");
}

static void test_wait_leaves_the_menu_alone(void)
{
	const struct watchdog_limits l = { .discovery_ms = 30000, .load_ms = 30000 };
	struct watchdog_end end;
	int fd;
	/* In the menu for 1.5 s of real time: on the fast clock hours pass, and nothing is killed. */
	pid_t pid = child_start("DM", 1500, 3, &fd);

	CHECK(pid > 0);
	if (pid <= 0)
		return;
	watchdog_wait(pid, fd, &l, fast_clock, &end);
	CHECK(!end.killed);
	CHECK(WIFEXITED(end.wstatus) && WEXITSTATUS(end.wstatus) == 3);
	CHECK_EQ(end.phase, PHASE_MENU);
}

static void test_wait_reaps_a_child_that_ends(void)
{
	const struct watchdog_limits l = { .discovery_ms = 60000, .load_ms = 60000 };
	struct watchdog_end end;
	int fd;
	pid_t pid = child_start("", 100, 7, &fd);

	CHECK(pid > 0);
	if (pid <= 0)
		return;
	/* The real clock: 100 ms of discovery is well inside 60 s. */
	watchdog_wait(pid, fd, &l, clock_now_ms, &end);
	CHECK(!end.killed);
	CHECK(WIFEXITED(end.wstatus) && WEXITSTATUS(end.wstatus) == 7);
	CHECK_EQ(end.phase, PHASE_DISCOVERY);
}

static const struct test tests[] = {
	TEST(bounds_per_phase),
	TEST(channel_bytes),
	TEST(wait_kills_a_stuck_discovery),
	TEST(wait_kills_a_stuck_load),
	TEST(wait_leaves_the_menu_alone),
	TEST(wait_reaps_a_child_that_ends),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
