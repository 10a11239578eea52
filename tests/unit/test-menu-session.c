// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * menu_session_run() on pseudo-terminals: a "terminal" thread plays the
 * user on the master side (waits for text, types keys, answers size
 * queries) while the session runs on the slave side.
 */
#include "lib/cleanup.h"
#include "lib/strbuf.h"
#include "menu/session.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-menu-fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <stdatomic.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MAX_TERMS 2

struct step {
	int con;          /* which terminal types */
	int wait_con;     /* whose output to wait on */
	const char *wait; /* text to wait for, or NULL */
	const char *send;
	int delay_ms;     /* after the wait, before sending */
	unsigned cpr_rows; /* if set: answer size queries with this many rows from now on */
};

struct term {
	int master[MAX_TERMS];
	int slave[MAX_TERMS];
	size_t n;
	struct strbuf out[MAX_TERMS];
	size_t cpr_seen[MAX_TERMS];
	unsigned cpr_rows, cpr_cols; /* answer size queries with this (0: stay silent) */
	const struct step *steps;
	size_t n_steps;
	size_t done_steps;
	bool hangup_after_steps; /* close the masters once the script is done */
	atomic_bool stop;
	pthread_t thread;
};

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void term_drain(struct term *t, int timeout_ms)
{
	struct pollfd pfd[MAX_TERMS];
	char buf[4096];

	for (size_t i = 0; i < t->n; i++)
		pfd[i] = (struct pollfd){ .fd = t->master[i], .events = POLLIN };
	if (poll(pfd, t->n, timeout_ms) <= 0)
		return;
	for (size_t i = 0; i < t->n; i++) {
		ssize_t k;

		if (!(pfd[i].revents & POLLIN))
			continue;
		k = read(t->master[i], buf, sizeof(buf));
		if (k > 0)
			strbuf_append(&t->out[i], buf, (size_t)k);
	}
}

static void *term_main(void *arg)
{
	struct term *t = arg;
	uint64_t start = mono_ms();

	while (!atomic_load(&t->stop) && mono_ms() - start < 10000) {
		term_drain(t, 10);
		for (size_t i = 0; i < t->n; i++) {
			const char *q = t->out[i].buf ? strstr(t->out[i].buf + t->cpr_seen[i], "\x1b[6n") : NULL;

			if (q && t->cpr_rows) {
				char ans[32];
				int n = snprintf(ans, sizeof(ans), "\x1b[%u;%uR", t->cpr_rows, t->cpr_cols);

				t->cpr_seen[i] = (size_t)(q - t->out[i].buf) + 4;
				CHECK_EQ(write(t->master[i], ans, (size_t)n), n);
			}
		}
		if (t->done_steps < t->n_steps) {
			const struct step *s = &t->steps[t->done_steps];
			const struct strbuf *o = &t->out[s->wait_con];

			if (s->wait && (!o->buf || !strstr(o->buf, s->wait)))
				continue;
			sleep_ms(s->delay_ms);
			if (s->cpr_rows)
				t->cpr_rows = s->cpr_rows;
			if (s->send)
				CHECK_EQ(write(t->master[s->con], s->send, strlen(s->send)), (ssize_t)strlen(s->send));
			t->done_steps++;
			if (t->done_steps == t->n_steps && t->hangup_after_steps) {
				sleep_ms(50);
				for (size_t i = 0; i < t->n; i++) {
					close(t->master[i]);
					t->master[i] = -1;
				}
				return NULL;
			}
		}
	}
	return NULL;
}

/* rows/cols 0: the pty reports 0x0 like a serial line. */
static void term_open(struct term *t, size_t n, unsigned short rows, unsigned short cols)
{
	memset(t, 0, sizeof(*t));
	t->n = n;
	for (size_t i = 0; i < n; i++) {
		struct winsize ws = { .ws_row = rows, .ws_col = cols };

		CHECK_EQ(openpty(&t->master[i], &t->slave[i], NULL, NULL, &ws), 0);
	}
}

static void term_start(struct term *t, const struct step *steps, size_t n_steps)
{
	t->steps = steps;
	t->n_steps = n_steps;
	atomic_store(&t->stop, false);
	CHECK_EQ(pthread_create(&t->thread, NULL, term_main, t), 0);
}

static void term_finish(struct term *t)
{
	atomic_store(&t->stop, true);
	pthread_join(t->thread, NULL);
	for (size_t i = 0; i < t->n; i++)
		if (t->master[i] >= 0)
			term_drain(t, 0);
}

static void term_close(struct term *t)
{
	for (size_t i = 0; i < t->n; i++) {
		if (t->master[i] >= 0)
			close(t->master[i]);
		close(t->slave[i]);
		strbuf_done(&t->out[i]);
	}
}

static bool out_has(const struct term *t, size_t i, const char *s)
{
	return t->out[i].buf && strstr(t->out[i].buf, s);
}

static struct menu_options opts(int timeout, size_t def)
{
	return (struct menu_options){ .timeout_s = timeout, .default_index = def, .initial_index = def };
}

static void test_down_enter_boots_second(void)
{
	static const struct step steps[] = { { 0, 0, "Entry 3", "\x1b[B\r", 0 } };
	struct menu_console con = { .name = "ttyS0", .line_drawing = -1 };
	struct menu_options opt = opts(-1, 0);
	struct menu_choice c = { 0 };
	struct fixture f;
	struct termios before, after;
	struct term t;

	fixture_init(&f, 3);
	term_open(&t, 1, 24, 80);
	con.fd = t.slave[0];
	CHECK_EQ(tcgetattr(t.slave[0], &before), 0);
	term_start(&t, steps, ARRAY_SIZE(steps));
	CHECK_EQ(menu_session_run(&con, 1, &f.set, &opt, true, &c), 0);
	term_finish(&t);
	CHECK_EQ(c.action, MENU_ACTION_BOOT);
	CHECK_EQ(c.index, 1);
	CHECK(c.cmdline == NULL);
	CHECK_STREQ(c.console, "ttyS0");
	CHECK(!c.automatic);
	/* Raw while running, restored after; the screen is left clean. */
	CHECK_EQ(tcgetattr(t.slave[0], &after), 0);
	CHECK_EQ(after.c_lflag, before.c_lflag);
	CHECK_EQ(after.c_iflag, before.c_iflag);
	CHECK(before.c_lflag & ICANON);
	CHECK(out_has(&t, 0, "\x1b[?25h\x1b[H\x1b[2J"));
	/* ttyS0: ASCII borders; size known (24x80), so no size query. */
	CHECK(!out_has(&t, 0, "\x1b(0"));
	CHECK(!out_has(&t, 0, "\x1b[6n"));
	CHECK(out_has(&t, 0, "\x1b[24;1H"));
	menu_choice_done(&c);
	term_close(&t);
}

static void test_split_sequence_over_pty(void)
{
	static const struct step steps[] = {
		{ 0, 0, "Entry 3", "\x1b", 0 },
		{ 0, 0, NULL, "[", 20 },
		{ 0, 0, NULL, "B", 20 },
		{ 0, 0, NULL, "\x1bO", 20 },
		{ 0, 0, NULL, "B", 20 },
		{ 0, 0, NULL, "\r", 20 },
	};
	struct menu_console con = { .name = "ttyS0", .line_drawing = -1 };
	struct menu_options opt = opts(-1, 0);
	struct menu_choice c = { 0 };
	struct fixture f;
	struct term t;

	fixture_init(&f, 3);
	term_open(&t, 1, 24, 80);
	con.fd = t.slave[0];
	term_start(&t, steps, ARRAY_SIZE(steps));
	CHECK_EQ(menu_session_run(&con, 1, &f.set, &opt, true, &c), 0);
	term_finish(&t);
	CHECK_EQ(c.action, MENU_ACTION_BOOT);
	CHECK_EQ(c.index, 2);
	menu_choice_done(&c);
	term_close(&t);
}

static void test_edit_and_boot(void)
{
	static const struct step steps[] = {
		{ 0, 0, "Entry 2", "je", 0 },
		{ 0, 0, "Editing: Entry 2", "\x01\x0b" "console=ttyS0 quiet\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D\x7f.", 0 },
		{ 0, 0, NULL, "\r", 50 },
	};
	struct menu_console con = { .name = "ttyS0", .line_drawing = -1 };
	struct menu_options opt = opts(-1, 0);
	struct menu_choice c = { 0 };
	struct fixture f;
	struct term t;

	fixture_init(&f, 2);
	term_open(&t, 1, 24, 80);
	con.fd = t.slave[0];
	term_start(&t, steps, ARRAY_SIZE(steps));
	CHECK_EQ(menu_session_run(&con, 1, &f.set, &opt, true, &c), 0);
	term_finish(&t);
	CHECK_EQ(c.action, MENU_ACTION_BOOT);
	CHECK_EQ(c.index, 1);
	CHECK_STREQ(c.cmdline, "console=ttyS0.quiet");
	menu_choice_done(&c);
	term_close(&t);
}

static void test_timeout_boots_default(void)
{
	struct menu_console con = { .name = "ttyS0", .line_drawing = -1 };
	struct menu_options opt = opts(1, 2);
	struct menu_choice c = { 0 };
	struct fixture f;
	struct term t;
	uint64_t start;

	fixture_init(&f, 3);
	term_open(&t, 1, 24, 80);
	con.fd = t.slave[0];
	term_start(&t, NULL, 0);
	start = mono_ms();
	CHECK_EQ(menu_session_run(&con, 1, &f.set, &opt, true, &c), 0);
	CHECK(mono_ms() - start >= 900);
	term_finish(&t);
	CHECK_EQ(c.action, MENU_ACTION_BOOT);
	CHECK_EQ(c.index, 2);
	CHECK(c.automatic);
	CHECK(c.console == NULL);
	CHECK_EQ(c.console_index, SIZE_MAX);
	CHECK(out_has(&t, 0, "Booting in 1 s: 'Entry 3'"));
	menu_choice_done(&c);
	term_close(&t);
}

static void test_timeout_zero(void)
{
	static const struct step steps[] = { { 0, 0, "Entry 2", "\r", 0 } };
	struct menu_console con = { .name = "ttyS0", .line_drawing = -1 };
	struct menu_options opt = opts(0, 1);
	struct menu_choice c = { 0 };
	struct fixture f;
	struct term t;

	/* No key pending: boots at once, draws nothing. */
	fixture_init(&f, 3);
	term_open(&t, 1, 24, 80);
	con.fd = t.slave[0];
	CHECK_EQ(menu_session_run(&con, 1, &f.set, &opt, true, &c), 0);
	term_drain(&t, 50);
	CHECK_EQ(c.action, MENU_ACTION_BOOT);
	CHECK_EQ(c.index, 1);
	CHECK(c.automatic);
	CHECK(!out_has(&t, 0, "Entry"));
	menu_choice_done(&c);
	term_close(&t);

	/* A key already typed (held through firmware): the menu stays, and the key counts. */
	term_open(&t, 1, 24, 80);
	con.fd = t.slave[0];
	CHECK_EQ(write(t.master[0], "j", 1), 1);
	sleep_ms(20);
	term_start(&t, steps, ARRAY_SIZE(steps));
	CHECK_EQ(menu_session_run(&con, 1, &f.set, &opt, true, &c), 0);
	term_finish(&t);
	CHECK_EQ(c.action, MENU_ACTION_BOOT);
	CHECK_EQ(c.index, 2);
	CHECK(!c.automatic);
	menu_choice_done(&c);
	term_close(&t);
}

static void test_size_from_cursor_report(void)
{
	static const struct step steps[] = { { 0, 0, "Entry 2", "\r", 0 } };
	struct menu_console con = { .name = "tty1", .line_drawing = -1 };
	struct menu_options opt = opts(-1, 0);
	struct menu_choice c = { 0 };
	struct fixture f;
	struct term t;

	fixture_init(&f, 2);
	term_open(&t, 1, 0, 0);
	t.cpr_rows = 30;
	t.cpr_cols = 100;
	con.fd = t.slave[0];
	term_start(&t, steps, ARRAY_SIZE(steps));
	CHECK_EQ(menu_session_run(&con, 1, &f.set, &opt, true, &c), 0);
	term_finish(&t);
	CHECK_EQ(c.index, 0);
	CHECK(out_has(&t, 0, "\x1b[6n"));
	CHECK(out_has(&t, 0, "\x1b[30;1H"));  /* drew 30 rows */
	CHECK(!out_has(&t, 0, "\x1b[31;1H"));
	CHECK(out_has(&t, 0, "\xe2\x94\x80")); /* tty1 is a VT: line drawing */
	menu_choice_done(&c);
	term_close(&t);

	/* Nobody answers: 80x24 after the probe timeout. */
	term_open(&t, 1, 0, 0);
	con.fd = t.slave[0];
	con.line_drawing = 0;
	term_start(&t, steps, ARRAY_SIZE(steps));
	CHECK_EQ(menu_session_run(&con, 1, &f.set, &opt, true, &c), 0);
	term_finish(&t);
	CHECK(out_has(&t, 0, "\x1b[24;1H"));
	CHECK(!out_has(&t, 0, "\x1b[25;1H"));
	CHECK(!out_has(&t, 0, "\x1b(0"));
	menu_choice_done(&c);
	term_close(&t);
}

static void test_ctrl_l_asks_size_again(void)
{
	static const struct step steps[] = {
		{ 0, 0, "Entry 2", "\x0c", 0, 40 }, /* the window grew to 40 rows; Ctrl-L */
		{ 0, 0, "\x1b[40;1H", "\r", 0, 0 },
	};
	struct menu_console con = { .name = "ttyS0", .line_drawing = -1 };
	struct menu_options opt = opts(-1, 0);
	struct menu_choice c = { 0 };
	struct fixture f;
	struct term t;

	fixture_init(&f, 2);
	term_open(&t, 1, 0, 0);
	t.cpr_rows = 30;
	t.cpr_cols = 100;
	con.fd = t.slave[0];
	term_start(&t, steps, ARRAY_SIZE(steps));
	CHECK_EQ(menu_session_run(&con, 1, &f.set, &opt, true, &c), 0);
	term_finish(&t);
	CHECK_EQ(c.action, MENU_ACTION_BOOT);
	CHECK_EQ(t.done_steps, 2);
	CHECK(out_has(&t, 0, "\x1b[30;1H"));
	CHECK(out_has(&t, 0, "\x1b[40;1H"));
	term_close(&t);
}

static void test_late_size_answer_is_swallowed(void)
{
	struct menu_console con = { .name = "ttyS0", .line_drawing = -1 };
	struct menu_options opt = opts(-1, 0);
	struct menu_choice c = { 0 };
	struct termios tio;
	struct fixture f;
	struct term t;
	char buf[64];
	pid_t pid;
	ssize_t n;

	/* Enter typed ahead ends the menu before the terminal answers the size probe. */
	fixture_init(&f, 2);
	term_open(&t, 1, 0, 0);
	con.fd = t.slave[0];
	CHECK_EQ(write(t.master[0], "\r", 1), 1);
	sleep_ms(20);
	pid = fork();
	if (pid == 0) {
		sleep_ms(150);
		if (write(t.master[0], "\x1b[30;100R", 10) != 10)
			_exit(1);
		_exit(0);
	}
	CHECK_EQ(menu_session_run(&con, 1, &f.set, &opt, true, &c), 0);
	waitpid(pid, NULL, 0);
	CHECK_EQ(c.action, MENU_ACTION_BOOT);
	CHECK_EQ(c.index, 0);
	/* Nothing is left for the next reader of the console. */
	CHECK_EQ(tcgetattr(t.slave[0], &tio), 0);
	tio.c_lflag &= ~(tcflag_t)ICANON;
	tio.c_cc[VMIN] = 0;
	tio.c_cc[VTIME] = 0;
	CHECK_EQ(tcsetattr(t.slave[0], TCSANOW, &tio), 0);
	n = read(t.slave[0], buf, sizeof(buf));
	CHECK_EQ(n, 0);
	term_close(&t);
}

static void test_two_consoles(void)
{
	static const struct step steps[] = {
		{ 1, 0, "Entry 2", NULL, 0 },
		{ 1, 1, "Entry 2", "j", 0 },                 /* tty1 presses a key first: owns it */
		{ 0, 0, "in use on tty1", "kkk\r", 0 },    /* ttyS0 is ignored now */
		{ 1, 1, NULL, "j\r", 100 },
	};
	struct menu_console con[2] = { { .name = "ttyS0", .line_drawing = -1 },
				       { .name = "tty1", .line_drawing = -1 } };
	struct menu_options opt = opts(-1, 0);
	struct menu_choice c = { 0 };
	struct fixture f;
	struct term t;

	fixture_init(&f, 4);
	term_open(&t, 2, 24, 80);
	con[0].fd = t.slave[0];
	con[1].fd = t.slave[1];
	term_start(&t, steps, ARRAY_SIZE(steps));
	CHECK_EQ(menu_session_run(con, 2, &f.set, &opt, true, &c), 0);
	term_finish(&t);
	CHECK_EQ(c.action, MENU_ACTION_BOOT);
	CHECK_EQ(c.index, 2);
	CHECK_STREQ(c.console, "tty1");
	CHECK_EQ(c.console_index, 1);
	CHECK(out_has(&t, 0, "in use on tty1"));
	CHECK(!out_has(&t, 1, "in use on"));
	CHECK(!out_has(&t, 0, "\xe2\x94\x80")); /* ttyS0 ASCII, tty1 line drawing */
	CHECK(out_has(&t, 1, "\xe2\x94\x80"));
	menu_choice_done(&c);
	term_close(&t);
}

static void test_broken_then_good(void)
{
	static const struct step steps[] = {
		{ 0, 0, "Entry 3", "j\r", 0 },
		{ 0, 0, "cannot be booted: no kernel", "j\r", 0 },
	};
	static char reason[] = "no kernel in /boot";
	struct menu_console con = { .name = "ttyS0", .line_drawing = -1 };
	struct menu_options opt = opts(-1, 0);
	struct menu_choice c = { 0 };
	struct fixture f;
	struct term t;

	fixture_init(&f, 3);
	fixture_break(&f, 1, reason);
	term_open(&t, 1, 24, 80);
	con.fd = t.slave[0];
	term_start(&t, steps, ARRAY_SIZE(steps));
	CHECK_EQ(menu_session_run(&con, 1, &f.set, &opt, true, &c), 0);
	term_finish(&t);
	CHECK_EQ(c.index, 2);
	CHECK(out_has(&t, 0, "Broken: no kernel in /boot"));
	menu_choice_done(&c);
	term_close(&t);
}

static void test_failure_message_and_retry(void)
{
	static const struct step steps[] = { { 0, 0, "kexec_load: Device or resource busy", "k\r", 200 } };
	struct menu_console con = { .name = "ttyS0", .line_drawing = -1 };
	struct menu_options opt = { .timeout_s = 1, .default_index = 0, .initial_index = 2,
				    .status = "could not boot 'Entry 3': kexec_load: Device or resource busy" };
	struct menu_choice c = { 0 };
	struct fixture f;
	struct term t;

	fixture_init(&f, 3);
	term_open(&t, 1, 24, 80);
	con.fd = t.slave[0];
	term_start(&t, steps, ARRAY_SIZE(steps));
	CHECK_EQ(menu_session_run(&con, 1, &f.set, &opt, true, &c), 0);
	term_finish(&t);
	/* No countdown after a failure: the user's key decided, not the clock. */
	CHECK(!c.automatic);
	CHECK_EQ(c.index, 1);
	CHECK(!out_has(&t, 0, "Booting in"));
	menu_choice_done(&c);
	term_close(&t);
}

static void test_shell_and_rescan(void)
{
	static const struct step shell[] = { { 0, 0, "Entry 1", "c", 0 } };
	static const struct step rescan[] = { { 0, 0, "Entry 1", "r", 0 } };
	struct menu_console con = { .name = "hvc0", .line_drawing = -1 };
	struct menu_options opt = opts(5, 0);
	struct menu_choice c = { 0 };
	struct fixture f;
	struct term t;

	fixture_init(&f, 1);
	term_open(&t, 1, 24, 80);
	con.fd = t.slave[0];
	term_start(&t, shell, 1);
	CHECK_EQ(menu_session_run(&con, 1, &f.set, &opt, true, &c), 0);
	term_finish(&t);
	CHECK_EQ(c.action, MENU_ACTION_SHELL);
	term_close(&t);

	term_open(&t, 1, 24, 80);
	con.fd = t.slave[0];
	term_start(&t, rescan, 1);
	CHECK_EQ(menu_session_run(&con, 1, &f.set, &opt, true, &c), 0);
	term_finish(&t);
	CHECK_EQ(c.action, MENU_ACTION_RESCAN);
	term_close(&t);
}

static void test_hangup_falls_back(void)
{
	static const struct step steps[] = { { 0, 0, "Entry 2", "j", 0 } };
	struct menu_console con = { .name = "ttyS0", .line_drawing = -1 };
	struct menu_options opt = opts(-1, 1);
	struct menu_choice c = { 0 };
	struct fixture f;
	struct term t;

	/* The only keyboard goes away while the menu waits forever: boot the default. */
	fixture_init(&f, 3);
	term_open(&t, 1, 24, 80);
	t.hangup_after_steps = true;
	con.fd = t.slave[0];
	term_start(&t, steps, ARRAY_SIZE(steps));
	CHECK_EQ(menu_session_run(&con, 1, &f.set, &opt, true, &c), 0);
	term_finish(&t);
	CHECK_EQ(c.action, MENU_ACTION_BOOT);
	CHECK_EQ(c.index, 1);
	CHECK(c.automatic);
	term_close(&t);
}

static void test_owner_hangup_frees_session(void)
{
	struct menu_console con[2] = { { .name = "pts-a", .line_drawing = 0 },
				       { .name = "pts-b", .line_drawing = 0 } };
	struct menu_options opt = opts(-1, 0);
	struct menu_choice c = { 0 };
	struct fixture f;
	struct term t;
	pid_t pid;

	fixture_init(&f, 5);
	term_open(&t, 2, 24, 80);
	con[0].fd = t.slave[0];
	con[1].fd = t.slave[1];
	pid = fork();
	if (pid == 0) {
		/* The users, in a child so the session can block in this process: pts-b takes
		 * the session with one key and hangs up; then pts-a must be able to choose. */
		sleep_ms(400);
		if (write(t.master[1], "j", 1) != 1)
			_exit(1);
		sleep_ms(300);
		close(t.master[1]);
		sleep_ms(300);
		if (write(t.master[0], "jj\r", 3) != 3)
			_exit(1);
		sleep_ms(3000);
		_exit(0);
	}
	CHECK(pid > 0);
	close(t.master[1]);
	t.master[1] = -1;
	CHECK_EQ(menu_session_run(con, 2, &f.set, &opt, true, &c), 0);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	CHECK_EQ(c.action, MENU_ACTION_BOOT);
	CHECK_STREQ(c.console, "pts-a");
	CHECK_EQ(c.index, 3); /* j from pts-b, then jj from pts-a */
	term_close(&t);
}

static void test_non_interactive(void)
{
	static char reason[] = "broken";
	struct menu_options opt = opts(-1, 1);
	struct menu_choice c = { 0 };
	struct fixture f;
	int p[2];
	struct menu_console con = { .name = "null", .line_drawing = 0 };

	fixture_init(&f, 3);
	/* kexboot.menu=off */
	CHECK_EQ(menu_session_run(NULL, 0, &f.set, &opt, false, &c), 0);
	CHECK_EQ(c.action, MENU_ACTION_BOOT);
	CHECK_EQ(c.index, 1);
	CHECK(c.automatic);
	/* A broken default: the next bootable entry. */
	fixture_break(&f, 1, reason);
	CHECK_EQ(menu_session_run(NULL, 0, &f.set, &opt, false, &c), 0);
	CHECK_EQ(c.index, 2);
	fixture_break(&f, 2, reason);
	CHECK_EQ(menu_session_run(NULL, 0, &f.set, &opt, false, &c), 0);
	CHECK_EQ(c.index, 0);
	fixture_break(&f, 0, reason);
	CHECK_EQ(menu_session_run(NULL, 0, &f.set, &opt, false, &c), -ENOENT);
	/* No console that can take input (a pipe is not a terminal): unattended too. */
	fixture_init(&f, 3);
	CHECK_EQ(pipe(p), 0);
	con.fd = p[1];
	CHECK_EQ(menu_session_run(&con, 1, &f.set, &opt, true, &c), 0);
	CHECK_EQ(c.index, 1);
	CHECK(c.automatic);
	close(p[0]);
	close(p[1]);
	/* No entries at all. */
	fixture_init(&f, 0);
	CHECK_EQ(menu_session_run(NULL, 0, &f.set, &opt, false, &c), -ENOENT);
	CHECK_EQ(menu_session_run(NULL, 0, &f.set, NULL, false, &c), -EINVAL);
}

/*
 * A slow source: a thread that, after delay_ms, makes `more` more fixture
 * entries available and pokes the pipe. pull() (on the session's thread)
 * appends them, as the pipeline merges a finished batch.
 */
struct slow_source {
	struct fixture *f;
	int pipe[2];
	size_t more;
	int delay_ms;
	size_t default_index;
	unsigned pulls;
	unsigned drawn_searching, drawn_done;
	pthread_t thread;
};

static void *slow_main(void *arg)
{
	struct slow_source *ss = arg;

	sleep_ms(ss->delay_ms);
	CHECK_EQ(write(ss->pipe[1], "x", 1), 1);
	return NULL;
}

static int slow_pull(void *userdata, size_t *default_index)
{
	struct slow_source *ss = userdata;
	char b;

	CHECK_EQ(read(ss->pipe[0], &b, 1), 1);
	ss->f->set.n_entries += ss->more;
	ss->pulls++;
	*default_index = ss->default_index;
	return 0; /* every source has finished */
}

static void slow_drawn(void *userdata, const struct menu_state *m)
{
	struct slow_source *ss = userdata;

	if (m->searching)
		ss->drawn_searching++;
	else
		ss->drawn_done++;
}

static void slow_start(struct slow_source *ss, struct fixture *f, size_t more, int delay_ms)
{
	memset(ss, 0, sizeof(*ss));
	ss->f = f;
	ss->more = more;
	ss->delay_ms = delay_ms;
	CHECK_EQ(pipe(ss->pipe), 0);
	CHECK_EQ(pthread_create(&ss->thread, NULL, slow_main, ss), 0);
}

static void slow_finish(struct slow_source *ss)
{
	pthread_join(ss->thread, NULL);
	close(ss->pipe[0]);
	close(ss->pipe[1]);
}

/*
 * Two local entries at once, the slow source's two after 400 ms: the menu
 * and the countdown for the local default start at once with "searching...",
 * the late entries join the list, the selection stays where the user put
 * it, and "searching..." goes away.
 */
static void test_slow_source_joins_open_menu(void)
{
	static const struct step steps[] = {
		{ 0, 0, "Entry 2", "j", 0 },         /* the user moves to Entry 2 (this stops the countdown) */
		{ 0, 0, "Entry 4", "\r", 100 },      /* the slow entries are there: boot the selection */
	};
	struct menu_console con = { .name = "ttyS0", .line_drawing = -1 };
	struct menu_options opt = opts(5, 0);
	struct menu_feed feed = { 0 };
	struct menu_choice c = { 0 };
	struct slow_source ss;
	struct fixture f;
	struct term t;
	uint64_t start;

	fixture_init(&f, 4);
	f.set.n_entries = 2;
	opt.searching = true;
	slow_start(&ss, &f, 2, 400);
	feed = (struct menu_feed){ .fd = ss.pipe[0], .pull = slow_pull, .drawn = slow_drawn, .userdata = &ss };
	term_open(&t, 1, 24, 80);
	con.fd = t.slave[0];
	term_start(&t, steps, ARRAY_SIZE(steps));
	start = mono_ms();
	CHECK_EQ(menu_session_run_fed(&con, 1, &f.set, &opt, true, &feed, &c), 0);
	term_finish(&t);
	CHECK(mono_ms() - start >= 400);
	slow_finish(&ss);
	CHECK_EQ(c.action, MENU_ACTION_BOOT);
	CHECK_EQ(c.index, 1);
	CHECK(!c.automatic);
	CHECK_EQ(ss.pulls, 1);
	CHECK(ss.drawn_searching >= 1);
	CHECK(ss.drawn_done >= 1);
	/* At once: the local entries, searching, and the countdown of the local default. */
	CHECK(out_has(&t, 0, "boot menu (searching...)"));
	CHECK(out_has(&t, 0, "Booting in 5 s: 'Entry 1'"));
	CHECK(out_has(&t, 0, "Entry 4"));
	/* The last title row sent says nothing about searching. */
	{
		const char *last = NULL, *p = t.out[0].buf;

		while ((p = strstr(p, "boot menu")))
			last = p++;
		CHECK(last && strncmp(last, "boot menu (searching", 20) != 0);
	}
	menu_choice_done(&c);
	term_close(&t);
}

/* The countdown of the local default runs while the slow source still searches. */
static void test_slow_source_does_not_delay_countdown(void)
{
	struct menu_console con = { .name = "ttyS0", .line_drawing = -1 };
	struct menu_options opt = opts(1, 0);
	struct menu_feed feed;
	struct menu_choice c = { 0 };
	struct slow_source ss;
	struct fixture f;
	struct term t;
	uint64_t start, took;

	fixture_init(&f, 4);
	f.set.n_entries = 2;
	opt.searching = true;
	slow_start(&ss, &f, 2, 3000);
	feed = (struct menu_feed){ .fd = ss.pipe[0], .pull = slow_pull, .userdata = &ss };
	term_open(&t, 1, 24, 80);
	con.fd = t.slave[0];
	term_start(&t, NULL, 0);
	start = mono_ms();
	CHECK_EQ(menu_session_run_fed(&con, 1, &f.set, &opt, true, &feed, &c), 0);
	took = mono_ms() - start;
	term_finish(&t);
	CHECK(took >= 900 && took < 2500);
	CHECK_EQ(c.action, MENU_ACTION_BOOT);
	CHECK_EQ(c.index, 0);
	CHECK(c.automatic);
	CHECK_EQ(ss.pulls, 0);
	CHECK(out_has(&t, 0, "(searching...)"));
	slow_finish(&ss);
	menu_choice_done(&c);
	term_close(&t);
}

/* Opened empty while searching: it waits, then counts down from when the entries came. */
static void test_empty_until_slow_source(void)
{
	struct menu_console con = { .name = "ttyS0", .line_drawing = -1 };
	struct menu_options opt = opts(1, 0);
	struct menu_feed feed;
	struct menu_choice c = { 0 };
	struct slow_source ss;
	struct fixture f;
	struct term t;
	uint64_t start, took;

	fixture_init(&f, 3);
	f.set.n_entries = 0;
	opt.searching = true;
	slow_start(&ss, &f, 3, 1200);
	ss.default_index = 2;
	feed = (struct menu_feed){ .fd = ss.pipe[0], .pull = slow_pull, .userdata = &ss };
	term_open(&t, 1, 24, 80);
	con.fd = t.slave[0];
	term_start(&t, NULL, 0);
	start = mono_ms();
	CHECK_EQ(menu_session_run_fed(&con, 1, &f.set, &opt, true, &feed, &c), 0);
	took = mono_ms() - start;
	term_finish(&t);
	CHECK(took >= 2100);
	CHECK_EQ(c.action, MENU_ACTION_BOOT);
	CHECK_EQ(c.index, 2);
	CHECK(c.automatic);
	CHECK(out_has(&t, 0, "Searching for boot entries..."));
	CHECK(out_has(&t, 0, "Booting in 1 s: 'Entry 3'"));
	slow_finish(&ss);
	menu_choice_done(&c);
	term_close(&t);

	/* The source finishes with nothing: -ENOENT, as when nothing was found before the menu. */
	fixture_init(&f, 0);
	slow_start(&ss, &f, 0, 200);
	feed = (struct menu_feed){ .fd = ss.pipe[0], .pull = slow_pull, .userdata = &ss };
	term_open(&t, 1, 24, 80);
	con.fd = t.slave[0];
	term_start(&t, NULL, 0);
	CHECK_EQ(menu_session_run_fed(&con, 1, &f.set, &opt, true, &feed, &c), -ENOENT);
	term_finish(&t);
	slow_finish(&ss);
	term_close(&t);

	/* Unattended: waits for the first entries, then the default among them. */
	fixture_init(&f, 2);
	f.set.n_entries = 0;
	slow_start(&ss, &f, 2, 200);
	ss.default_index = 1;
	feed = (struct menu_feed){ .fd = ss.pipe[0], .pull = slow_pull, .userdata = &ss };
	CHECK_EQ(menu_session_run_fed(NULL, 0, &f.set, &opt, false, &feed, &c), 0);
	CHECK_EQ(c.index, 1);
	CHECK(c.automatic);
	slow_finish(&ss);
}

static const struct test tests[] = {
	TEST(down_enter_boots_second),
	TEST(split_sequence_over_pty),
	TEST(edit_and_boot),
	TEST(timeout_boots_default),
	TEST(timeout_zero),
	TEST(size_from_cursor_report),
	TEST(ctrl_l_asks_size_again),
	TEST(late_size_answer_is_swallowed),
	TEST(two_consoles),
	TEST(broken_then_good),
	TEST(failure_message_and_retry),
	TEST(shell_and_rescan),
	TEST(hangup_falls_back),
	TEST(owner_hangup_frees_session),
	TEST(non_interactive),
	TEST(slow_source_joins_open_menu),
	TEST(slow_source_does_not_delay_countdown),
	TEST(empty_until_slow_source),
};

int main(void)
{
	/* A session that never returns is a failure, not a hung test run. */
	alarm(120);
	return harness_run(tests, ARRAY_SIZE(tests));
}
