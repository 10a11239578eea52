// SPDX-License-Identifier: GPL-2.0-or-later
#include "init/watchdog.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define WATCHDOG_EOF_POLL_MS 50 /* the channel closed: the child is exiting, look again soon */

void watchdog_init(struct watchdog *w, const struct watchdog_limits *lim, uint64_t now_ms)
{
	w->lim = *lim;
	w->phase = PHASE_DISCOVERY;
	w->since_ms = now_ms;
}

void watchdog_phase(struct watchdog *w, enum pipeline_phase phase, uint64_t now_ms)
{
	w->phase = phase;
	w->since_ms = now_ms;
}

uint64_t watchdog_limit_ms(const struct watchdog *w, enum pipeline_phase phase)
{
	switch (phase) {
	case PHASE_DISCOVERY:
		return w->lim.discovery_ms;
	case PHASE_LOAD:
		return w->lim.load_ms;
	case PHASE_MENU:
		break;
	}
	return 0;
}

int64_t watchdog_left_ms(const struct watchdog *w, uint64_t now_ms)
{
	uint64_t lim = watchdog_limit_ms(w, w->phase), spent;

	if (lim == 0)
		return -1;
	/* A clock that went backwards counts as no time spent. */
	spent = now_ms >= w->since_ms ? now_ms - w->since_ms : 0;
	if (spent >= lim)
		return 0;
	return (int64_t)(lim - spent > INT64_MAX ? INT64_MAX : lim - spent);
}

size_t watchdog_feed(struct watchdog *w, const void *buf, size_t len, uint64_t now_ms)
{
	const unsigned char *p = buf;
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		switch (p[i]) {
		case PHASE_DISCOVERY:
		case PHASE_MENU:
		case PHASE_LOAD:
			watchdog_phase(w, (enum pipeline_phase)p[i], now_ms);
			n++;
			break;
		default:
			break;
		}
	}
	return n;
}

void watchdog_describe(const struct watchdog *w, char *buf, size_t size)
{
	uint64_t lim = watchdog_limit_ms(w, w->phase);
	const char *what = w->phase == PHASE_DISCOVERY ? "discovery"
			   : w->phase == PHASE_LOAD    ? "loading the chosen entry"
						       : "the menu";

	if (lim == 0)
		snprintf(buf, size, "%s has no time limit", what);
	else if (lim % 1000 == 0)
		snprintf(buf, size, "%s did not finish in %llu s", what, (unsigned long long)(lim / 1000));
	else
		snprintf(buf, size, "%s did not finish in %llu ms", what, (unsigned long long)lim);
}

void phase_report(int fd, enum pipeline_phase phase)
{
	unsigned char b = (unsigned char)phase;

	if (fd >= 0)
		(void)!write(fd, &b, 1);
}

/* Reaps every child that has ended; true (and *st) when one of them was pid. */
static bool reap(pid_t pid, int *st)
{
	bool found = false;
	pid_t got;
	int s;

	while ((got = waitpid(-1, &s, WNOHANG)) > 0) {
		if (got == pid) {
			*st = s;
			found = true;
		}
	}
	return found;
}

/*
 * After SIGKILL: waits about WATCHDOG_REAP_MS for pid to die (it may be
 * stuck in an uninterruptible read), counted in sleeps, not on the clock.
 */
static bool reap_killed(pid_t pid, int *st)
{
	for (unsigned i = 0; i < WATCHDOG_REAP_MS / WATCHDOG_EOF_POLL_MS; i++) {
		if (reap(pid, st))
			return true;
		(void)poll(NULL, 0, WATCHDOG_EOF_POLL_MS);
	}
	return reap(pid, st);
}

void watchdog_wait(pid_t pid, int fd, const struct watchdog_limits *lim, uint64_t (*now)(void),
		   struct watchdog_end *ret)
{
	struct watchdog w;

	memset(ret, 0, sizeof(*ret));
	watchdog_init(&w, lim, now());
	for (;;) {
		int64_t left;
		int timeout;

		if (reap(pid, &ret->wstatus))
			break;
		left = watchdog_left_ms(&w, now());
		if (left == 0) {
			watchdog_describe(&w, ret->why, sizeof(ret->why));
			ret->killed = true;
			(void)kill(pid, SIGKILL);
			ret->still_running = !reap_killed(pid, &ret->wstatus);
			break;
		}
		timeout = left < 0 || left > WATCHDOG_POLL_MS ? WATCHDOG_POLL_MS : (int)left;
		if (fd < 0) {
			(void)poll(NULL, 0, timeout < WATCHDOG_EOF_POLL_MS ? timeout : WATCHDOG_EOF_POLL_MS);
			continue;
		}
		{
			struct pollfd p = { .fd = fd, .events = POLLIN };
			char buf[64];
			ssize_t k;

			if (poll(&p, 1, timeout) <= 0)
				continue;
			k = read(fd, buf, sizeof(buf));
			if (k > 0) {
				(void)watchdog_feed(&w, buf, (size_t)k, now());
			} else if (k == 0 || (errno != EINTR && errno != EAGAIN)) {
				/* The child closed its end: it is exiting. */
				close(fd);
				fd = -1;
			}
		}
	}
	ret->phase = w.phase;
	if (fd >= 0)
		close(fd);
}
