// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cancelkey's watch: a thread that reads the consoles while an entry is
 * fetched and makes an eventfd readable on Esc or Ctrl-C (init/cancelkey.h).
 */
#include "init/cancelkey.h"
#include "lib/termraw.h"
#include "lib/poke.h"
#include "lib/clock.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

/* Raw input as the menu sets it (lib/termraw.h): a key arrives alone, unechoed, Ctrl-C as a byte. */
static void cancel_watch_raw(struct cancel_watch_input *in)
{
	struct termios t;

	if (tcgetattr(in->fd, &in->saved) < 0)
		return;
	t = term_raw_input(&in->saved);
	in->raw = tcsetattr(in->fd, TCSANOW, &t) == 0;
}

/* Reads what one input has: the cancelling key it completes, or KEY_NONE. */
static int cancel_watch_read(struct cancel_watch_input *in)
{
	unsigned char buf[64];
	ssize_t n = read(in->fd, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return KEY_NONE;
	if (n <= 0) {
		in->open = false; /* hung up: the others are still read */
		return KEY_NONE;
	}
	for (ssize_t i = 0; i < n; i++) {
		int key = cancel_key_feed(&in->dec, buf[i], clock_now_ms());

		if (key != KEY_NONE)
			return key;
	}
	return KEY_NONE;
}

static void *cancel_watch_main(void *arg)
{
	struct cancel_watch *w = arg;

	for (;;) {
		struct pollfd p[CANCEL_WATCH_MAX + 1] = { { .fd = w->quit_fd, .events = POLLIN } };
		struct cancel_watch_input *idx[CANCEL_WATCH_MAX + 1] = { NULL };
		uint64_t now = clock_now_ms(), deadline = UINT64_MAX;
		int key = KEY_NONE, timeout;
		size_t k = 1;

		for (size_t i = 0; i < w->n; i++) {
			struct cancel_watch_input *in = &w->in[i];
			uint64_t d = key_decoder_deadline(&in->dec);

			/* an ESC waiting for the rest of a sequence: an Esc once nothing more comes */
			if (d <= now)
				key = key != KEY_NONE ? key : cancel_key_tick(&in->dec, now);
			else if (d < deadline)
				deadline = d;
			if (!in->open)
				continue;
			idx[k] = in;
			p[k++] = (struct pollfd){ .fd = in->fd, .events = POLLIN };
		}
		if (key != KEY_NONE) {
			atomic_store(&w->key, key);
			eventfd_poke(w->stop_fd);
			return NULL;
		}
		timeout = deadline == UINT64_MAX ? -1 : deadline - now > INT_MAX ? INT_MAX : (int)(deadline - now);
		if (poll(p, k, timeout) < 0 && errno != EINTR)
			return NULL;
		if (p[0].revents)
			return NULL;
		for (size_t j = 1; j < k && key == KEY_NONE; j++) {
			if (p[j].revents & POLLIN)
				key = cancel_watch_read(idx[j]);
			else if (p[j].revents & (POLLHUP | POLLERR | POLLNVAL))
				idx[j]->open = false;
		}
		if (key != KEY_NONE) {
			atomic_store(&w->key, key);
			eventfd_poke(w->stop_fd);
			return NULL;
		}
	}
}

int cancel_watch_start(struct cancel_watch *w, const int *fds, size_t n)
{
	int r;

	*w = (struct cancel_watch)CANCEL_WATCH_INIT;
	atomic_init(&w->key, KEY_NONE);
	for (size_t i = 0; i < n && w->n < CANCEL_WATCH_MAX; i++) {
		if (fds[i] < 0)
			continue;
		w->in[w->n] = (struct cancel_watch_input){ .fd = fds[i], .open = true };
		key_decoder_init(&w->in[w->n].dec);
		w->n++;
	}
	if (w->n == 0)
		return -ENODEV;
	w->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	w->quit_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (w->stop_fd < 0 || w->quit_fd < 0) {
		r = -errno;
		goto fail;
	}
	for (size_t i = 0; i < w->n; i++)
		cancel_watch_raw(&w->in[i]);
	r = -pthread_create(&w->thread, NULL, cancel_watch_main, w);
	if (r < 0)
		goto fail;
	w->running = true;
	return 0;
fail:
	for (size_t i = 0; i < w->n; i++)
		if (w->in[i].raw)
			(void)tcsetattr(w->in[i].fd, TCSANOW, &w->in[i].saved);
	if (w->stop_fd >= 0)
		close(w->stop_fd);
	if (w->quit_fd >= 0)
		close(w->quit_fd);
	*w = (struct cancel_watch)CANCEL_WATCH_INIT;
	atomic_init(&w->key, KEY_NONE);
	return r;
}

bool cancel_watch_fired(const struct cancel_watch *w)
{
	return w->running && atomic_load(&w->key) != KEY_NONE;
}

int cancel_watch_end(struct cancel_watch *w)
{
	int key;

	if (!w->running)
		return KEY_NONE;
	eventfd_poke(w->quit_fd);
	pthread_join(w->thread, NULL);
	key = atomic_load(&w->key);
	for (size_t i = 0; i < w->n; i++)
		if (w->in[i].raw)
			(void)tcsetattr(w->in[i].fd, TCSANOW, &w->in[i].saved);
	close(w->stop_fd);
	close(w->quit_fd);
	*w = (struct cancel_watch)CANCEL_WATCH_INIT;
	atomic_init(&w->key, KEY_NONE);
	return key;
}
