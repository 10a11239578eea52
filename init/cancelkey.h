/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cancelkey: the key that cancels the chosen entry's downloads. While the
 * boot pipeline fetches an entry (its kernel, initrds, devicetree,
 * signature and https secrets), it watches the consoles it owns; Esc (as
 * Esc leaves the menu's editor and help) or Ctrl-C ends every download at
 * once through the fetch stage's stop fd (boot/fetch/fetch.h), and the menu
 * comes back with "download of URL cancelled by a key". The fetch stage
 * only sees an fd that becomes readable: it never reads a console, and
 * nothing flows back to the menu.
 *
 * Two parts:
 *  - pure (cancelkey.c): which decoded key cancels, bytes and time fed
 *    through a menu/keys.h decoder, so an arrow key's escape sequence is
 *    not an Esc and a lone ESC is one only after KEY_ESC_TIMEOUT_MS;
 *  - the watch (cancelwatch.c): a thread reading the given fds, each
 *    terminal in raw mode (no echo, no line buffering, no signals) while it
 *    runs and put back as it was at the end; a cancelling key makes its
 *    eventfd readable and ends the thread. Other bytes are read and dropped:
 *    they were typed at the progress lines, not at the menu, which comes
 *    back with the failure on its status line and no countdown.
 *
 * Ownership: the watch borrows the fds; it owns its thread and eventfds.
 */
#ifndef KEXBOOT_INIT_CANCELKEY_H
#define KEXBOOT_INIT_CANCELKEY_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <termios.h>

#include "menu/keys.h"

/* What the progress line says while the watch runs. */
#define CANCEL_KEYS_HINT "Esc or Ctrl-C cancels"
/* What the fetch stage says a stop was (struct fetch_ctx.stop_says). */
#define CANCEL_KEYS_SAYS "cancelled by a key"
#define CANCEL_WATCH_MAX 8

/* Whether a decoded key cancels: KEY_ESC or Ctrl-C. */
bool cancel_key_is(int key);

/* One byte at now_ms through d: the cancelling key it completes, or KEY_NONE. */
int cancel_key_feed(struct key_decoder *d, unsigned char c, uint64_t now_ms);

/* No byte came by now_ms: KEY_ESC once a lone ESC is old enough, else KEY_NONE. */
int cancel_key_tick(struct key_decoder *d, uint64_t now_ms);

struct cancel_watch_input {
	int fd;              /* borrowed */
	bool open;           /* still read (not hung up) */
	bool raw;            /* saved holds the mode to put back */
	struct termios saved;
	struct key_decoder dec;
};

struct cancel_watch {
	int stop_fd;         /* eventfd: readable once a cancelling key came; -1 when not running */
	int quit_fd;         /* eventfd: ends the thread */
	bool running;
	pthread_t thread;
	atomic_int key;      /* the key that cancelled, or KEY_NONE */
	size_t n;
	struct cancel_watch_input in[CANCEL_WATCH_MAX];
};

#define CANCEL_WATCH_INIT { .stop_fd = -1, .quit_fd = -1 }

/*
 * Starts watching fds[0..n) (at most CANCEL_WATCH_MAX; negative fds are
 * skipped). 0, or -errno with nothing started (w->stop_fd stays -1: a
 * download then cannot be cancelled, and nothing else changes).
 */
int cancel_watch_start(struct cancel_watch *w, const int *fds, size_t n);

/* Whether a cancelling key came (so far). */
bool cancel_watch_fired(const struct cancel_watch *w);

/*
 * Ends the watch (a second call does nothing): the thread joined, every
 * terminal's mode put back, the eventfds closed. Returns the key that
 * cancelled, or KEY_NONE.
 */
int cancel_watch_end(struct cancel_watch *w);

#endif
