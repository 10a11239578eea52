/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * watchdog: PID 1 never waits forever for the boot pipeline child. The
 * child says which stage it is in over a pipe (the phase channel: one byte
 * per change); PID 1 gives each stage a bound and kills the child when the
 * stage outlives it. The menu waiting for a key is not a stage: it has no
 * bound.
 *
 * The timing is pure (times are passed in, so tests feed a clock);
 * watchdog_wait() is the loop PID 1 runs over a real child and pipe.
 */
#ifndef KEXBOOT_INIT_WATCHDOG_H
#define KEXBOOT_INIT_WATCHDOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* What the child is doing; the byte on the phase channel is the enum's character. */
enum pipeline_phase {
	PHASE_DISCOVERY = 'D', /* looking for entries (bounded) */
	PHASE_MENU = 'M',      /* waiting for the user (unbounded) */
	PHASE_LOAD = 'L',      /* fetch .. load .. quiesce of the chosen entry (bounded) */
};

#define WATCHDOG_POLL_MS 1000  /* longest sleep between looks at the child (and orphans) */
#define WATCHDOG_REAP_MS 5000  /* how long a killed child may take to die before PID 1 goes on */

struct watchdog_limits {
	uint64_t discovery_ms;
	uint64_t load_ms;
};

struct watchdog {
	struct watchdog_limits lim;
	enum pipeline_phase phase;
	uint64_t since_ms; /* when the phase began */
};

/* A child starts in discovery at now_ms. */
void watchdog_init(struct watchdog *w, const struct watchdog_limits *lim, uint64_t now_ms);
/* The child entered phase at now_ms (a repeated phase restarts its clock: a rescan is a new discovery). */
void watchdog_phase(struct watchdog *w, enum pipeline_phase phase, uint64_t now_ms);
/* The bound of a phase in ms; 0 for an unbounded one. */
uint64_t watchdog_limit_ms(const struct watchdog *w, enum pipeline_phase phase);
/* Milliseconds the current phase has left: -1 unbounded, 0 once expired. */
int64_t watchdog_left_ms(const struct watchdog *w, uint64_t now_ms);
/*
 * Feeds bytes read from the phase channel: each known byte is a phase
 * change at now_ms, anything else is ignored. Returns how many changes.
 */
size_t watchdog_feed(struct watchdog *w, const void *buf, size_t len, uint64_t now_ms);
/* "discovery did not finish in 60 s" for the current phase, into buf. */
void watchdog_describe(const struct watchdog *w, char *buf, size_t size);

/* Child side: reports a phase on fd (ignored when fd < 0; never blocks when fd is non-blocking). */
void phase_report(int fd, enum pipeline_phase phase);

/* How the child ended, as PID 1 saw it. */
struct watchdog_end {
	int wstatus;        /* waitpid's status (valid unless still_running) */
	bool killed;        /* PID 1 killed it: the phase ran past its bound */
	bool still_running; /* killed, but it had not died after WATCHDOG_REAP_MS (stuck in the kernel) */
	enum pipeline_phase phase; /* the phase it was last in */
	char why[128];      /* for a kill: watchdog_describe() at the time */
};

/*
 * Waits for child pid while reading its phase channel fd (which it closes),
 * reaping any other child on the way; kills pid with SIGKILL when a phase
 * outlives its bound. now() is the clock (clock_now_ms in PID 1).
 */
void watchdog_wait(pid_t pid, int fd, const struct watchdog_limits *lim, uint64_t (*now)(void),
		   struct watchdog_end *ret);

#endif
