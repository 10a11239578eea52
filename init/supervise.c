// SPDX-License-Identifier: GPL-2.0-or-later
#include "init/supervise.h"
#include "init/oomkill.h"
#include "boot/trust/password.h"
#include "boot/trust/trust.h"
#include "config/defaults.h"
#include "init/sweep.h"
#include "init/watchdog.h"
#include "lib/clock.h"
#include "lib/cleanup.h"
#include "loader/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

char *pipeline_status_describe(int wstatus)
{
	char *s = NULL;
	int r = -1;

	if (WIFSIGNALED(wstatus))
		r = asprintf(&s, "the boot pipeline crashed (signal %d, %s)", WTERMSIG(wstatus),
			     strsignal(WTERMSIG(wstatus)));
	else if (WIFEXITED(wstatus))
		switch (WEXITSTATUS(wstatus)) {
		case 0:
			r = asprintf(&s, "the boot pipeline ended without booting anything");
			break;
		case PIPELINE_NOTHING:
			r = asprintf(&s, "no bootable entry was found");
			break;
		case PIPELINE_FAILED:
			r = asprintf(&s, "the boot pipeline failed (see the messages above)");
			break;
		default:
			r = asprintf(&s, "the boot pipeline exited with status %d", WEXITSTATUS(wstatus));
			break;
		}
	return r < 0 ? NULL : s;
}

/* Waits for pid, reaping any other child (orphans re-parented to PID 1) on the way. */
static int wait_for(pid_t pid)
{
	for (;;) {
		int st;
		pid_t w = waitpid(-1, &st, 0);

		if (w == pid)
			return st;
		if (w < 0 && errno != EINTR)
			return 0;
	}
}

static void reap_orphans(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/* Forks the pipeline child; *ret_fd is the read end of its phase channel. */
static pid_t run_child(const struct settings *s, const struct consoles *c, int *ret_fd)
{
	int fds[2];
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		signal(SIGCHLD, SIG_DFL);
		close(fds[0]);
		/* A full channel must never stop the pipeline: a lost phase byte only loosens a bound. */
		(void)fcntl(fds[1], F_SETFL, O_NONBLOCK);
		_exit(pipeline_run(s, c, fds[1]));
	}
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return -1;
	}
	*ret_fd = fds[0];
	return pid;
}

static void rescue_shell(struct consoles *c, size_t idx)
{
	const struct console *con = &c->items[idx];
	pid_t pid;

	consoles_printf(c, "kexboot: starting rescue shell on %s; type 'exit' to return\n", con->name);
	consoles_cooked(c);
	pid = fork();
	if (pid < 0) {
		consoles_printf(c, "kexboot: cannot start the shell: %s\n", strerror(errno));
		return;
	}
	if (pid == 0) {
		char *argv[] = { "sh", NULL };
		char *envp[] = { "PATH=/bin:/sbin:/usr/bin:/usr/sbin", "HOME=/", "TERM=vt100", "PS1=kexboot# ",
				 NULL };
		setsid();
		ioctl(con->fd, TIOCSCTTY, 1);
		dup2(con->fd, 0);
		dup2(con->fd, 1);
		dup2(con->fd, 2);
		execve(KEXBOOT_SHELL_PATH, argv, envp);
		dprintf(2, "kexboot: exec %s: %s\n", KEXBOOT_SHELL_PATH, strerror(errno));
		_exit(127);
	}
	(void)wait_for(pid);
	consoles_reopen(c, "");
	/* Our own stdio went through the same, now hung-up, tty. */
	{
		int fd = open("/dev/console", O_RDWR | O_NOCTTY | O_CLOEXEC);

		if (fd >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
	}
	consoles_printf(c, "kexboot: rescue shell ended\n");
}

#define RESCUE_PASSWORD_TIMEOUT_MS 60000

/*
 * Policy enforce: the rescue shell needs the payload's password, typed on
 * the console that asked (no echo; Backspace works; a minute to type it).
 * Without a policy that locks, the shell is open.
 */
static bool rescue_unlocked(struct consoles *c, size_t idx)
{
	char pw[PASSWORD_MAX + 1];
	struct diag_list why = { 0 };
	size_t n = 0;
	bool ok = false;

	if (KEXBOOT_TRUST_POLICY != TRUST_POLICY_ENFORCE)
		return true;
	consoles_printf(c, "kexboot: the rescue shell is locked by policy enforce; password: ");
	for (;;) {
		size_t from;
		char key;
		int r = consoles_read_key(c, RESCUE_PASSWORD_TIMEOUT_MS, &key, &from);

		if (r <= 0) {
			n = 0;
			break;
		}
		if (from != idx)
			continue;
		if (key == '\r' || key == '\n')
			break;
		if ((key == 0x7f || key == '\b') && n > 0)
			n--;
		else if ((unsigned char)key >= 0x20 && key != 0x7f && n < PASSWORD_MAX)
			pw[n++] = key;
	}
	pw[n] = '\0';
	consoles_printf(c, "\n");
	if (n > 0)
		ok = password_check_file("", KEXBOOT_PASSWORD_FILE, pw, &why) == 0;
	explicit_bzero(pw, sizeof(pw));
	if (!ok)
		consoles_printf(c, "kexboot: rescue shell refused: %s\n", diag_reason(&why, "no password typed"));
	diag_list_done(&why);
	return ok;
}

/*
 * Offers the choices after a failure; returns when the user picks retry, or
 * when s->retry_s pass without a key (a disk that shows up late is found).
 * Any key cancels the automatic retry for this prompt.
 */
static void rescue_prompt(const struct settings *s, struct consoles *c, const char *why)
{
	bool auto_retry = s->retry_s > 0;
	const uint64_t deadline = clock_now_ms() + (uint64_t)s->retry_s * 1000;

	for (;;) {
		char key;
		size_t idx;
		int r;

		consoles_printf(c, "\nkexboot: %s\n", why);
		consoles_raw(c);
		consoles_printf(c, "kexboot: choose: [r] retry%s  [b] reboot  [p] power off\n",
				s->shell ? "  [s] rescue shell" : "");
		if (auto_retry)
			consoles_printf(c, "kexboot: looking again in %d s unless a key is pressed\n", s->retry_s);
		do {
			r = consoles_read_key(c, 1000, &key, &idx);
			reap_orphans();
			if (r == 0 && auto_retry && clock_now_ms() >= deadline) {
				consoles_printf(c, "kexboot: looking for boot entries again (no key in %d s)\n", s->retry_s);
				return;
			}
		} while (r == 0);
		if (r < 0) {
			/* No console takes input: retry after a pause rather than spin. */
			sleep(5);
			return;
		}
		if (auto_retry)
			consoles_printf(c, "kexboot: automatic retry off\n");
		auto_retry = false;
		switch (key) {
		case 'r':
		case 'R':
			return;
		case 's':
		case 'S':
		case 'c':
			if (s->shell && rescue_unlocked(c, idx))
				rescue_shell(c, idx);
			else if (s->shell)
				break;
			else
				consoles_printf(c, "kexboot: the rescue shell is disabled by policy\n");
			break;
		case 'b':
		case 'B':
			consoles_printf(c, "kexboot: rebooting\n");
			sys_reboot(SYS_REBOOT_RESTART);
			break;
		case 'p':
		case 'P':
			consoles_printf(c, "kexboot: powering off\n");
			sys_reboot(SYS_REBOOT_POWER_OFF);
			break;
		default:
			break;
		}
	}
}

/*
 * The child died without cleaning up (PID 1's watchdog killed it, or a
 * signal did: a crash, the kernel's OOM killer): takes back what a stage
 * cut short leaves behind (a half-loaded image, its mounts).
 */
static void supervise_takeback(const struct watchdog_end *end, const struct consoles *c)
{
	struct diag_list notes;
	int n = 0;

	if (end->phase == PHASE_LOAD)
		(void)sys_kexec_unload(false);
	/* Its volumes stay mounted: the next run would mount them again on top. A stuck child keeps them. */
	diag_list_init(&notes);
	if (!end->still_running)
		n = sweep_mounts(KEXBOOT_SCAN_DIR, &notes);
	if (n > 0)
		consoles_printf(c, "kexboot: the %s pipeline left %d filesystem(s) mounted; unmounted them\n",
				end->killed ? "killed" : "ended", n);
	for (size_t i = 0; i < notes.n; i++)
		consoles_printf(c, "kexboot: %s\n", notes.msgs[i]);
	if (n < 0 && !notes.n)
		consoles_printf(c, "kexboot: %s\n", diag_reason(&notes, strerror(-n)));
	diag_list_done(&notes);
}

/* The watchdog killed the child: the prompt's reason (new string). */
static char *supervise_killed(const struct watchdog_end *end)
{
	char *why = NULL;

	if (asprintf(&why, "%s; killed%s", end->why,
		     end->still_running ? ", but it is stuck in the kernel and still there" : "") < 0)
		return NULL;
	return why;
}

/* The kernel's OOM killer ended the child: the prompt's reason (new string). */
static char *supervise_oom(const struct watchdog_end *end)
{
	char *why = NULL;

	if (asprintf(&why,
		     "out of memory: the kernel's OOM killer ended the boot pipeline while it was %s (dmesg says "
		     "more); its memory is free again",
		     end->phase == PHASE_LOAD	   ? "loading an entry"
		     : end->phase == PHASE_MENU ? "showing the menu"
						: "looking for entries") < 0)
		return NULL;
	return why;
}

void supervise(const struct settings *s, struct consoles *c)
{
	const struct watchdog_limits lim = {
		.discovery_ms = (uint64_t)s->discovery_limit_s * 1000,
		.load_ms = (uint64_t)s->load_limit_s * 1000,
	};

	for (;;) {
		_cleanup_free_ char *why = NULL;
		struct watchdog_end end;
		uint64_t oom_before = 0, oom_after = 0;
		bool oom_known = oom_kills_read("", &oom_before) == 0;
		int fd = -1, st;
		pid_t pid = run_child(s, c, &fd);

		if (pid < 0) {
			consoles_printf(c, "kexboot: cannot start the boot pipeline: %s\n", strerror(errno));
			sleep(5);
			continue;
		}
		watchdog_wait(pid, fd, &lim, clock_now_ms, &end);
		if (end.killed || WIFSIGNALED(end.wstatus))
			supervise_takeback(&end, c);
		if (end.killed) {
			why = supervise_killed(&end);
			rescue_prompt(s, c, why ? why : "the boot pipeline was killed");
			continue;
		}
		st = end.wstatus;
		oom_known = oom_known && oom_kills_read("", &oom_after) == 0;
		if (oomkill_ended_child(st, false, oom_known, oom_before, oom_after)) {
			why = supervise_oom(&end);
			rescue_prompt(s, c, why ? why : "out of memory");
			continue;
		}
		if (WIFEXITED(st) && WEXITSTATUS(st) == PIPELINE_RETRY)
			continue;
		if (WIFEXITED(st) && WEXITSTATUS(st) == PIPELINE_REBOOT) {
			sys_reboot(SYS_REBOOT_RESTART);
			continue;
		}
		if (WIFEXITED(st) && WEXITSTATUS(st) >= PIPELINE_SHELL_ON &&
		    (size_t)(WEXITSTATUS(st) - PIPELINE_SHELL_ON) < c->n) {
			/* The menu asked for the password already (policy enforce) before it asked for this. */
			if (s->shell)
				rescue_shell(c, (size_t)(WEXITSTATUS(st) - PIPELINE_SHELL_ON));
			continue;
		}
		why = pipeline_status_describe(st);
		rescue_prompt(s, c, why ? why : "the boot pipeline failed");
	}
}
