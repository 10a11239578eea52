// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/fetch/netwait.h"
#include "lib/clock.h"

#include <errno.h>
#include <poll.h>

int netwait(int fd, short events, unsigned ms, int stop_fd)
{
	struct pollfd p[2] = { { .fd = stop_fd, .events = POLLIN }, { .fd = fd, .events = events } };
	uint64_t end = clock_now_ms() + ms;
	/* a negative fd is ignored by poll(): the slot for "no stop fd" costs nothing */

	for (;;) {
		uint64_t now = clock_now_ms();
		int r;

		if (now >= end)
			return 0;
		r = poll(p, fd >= 0 ? 2 : 1, (int)(end - now));
		if (r < 0 && errno != EINTR)
			return -errno;
		if (r <= 0)
			continue;
		if (p[0].revents)
			return -ECANCELED;
		if (p[1].revents)
			return 1;
	}
}

int netwait_sleep(unsigned ms, int stop_fd)
{
	return netwait(-1, 0, ms, stop_fd) == -ECANCELED ? -ECANCELED : 0;
}

bool netwait_stopped(int stop_fd)
{
	struct pollfd p = { .fd = stop_fd, .events = POLLIN };

	return stop_fd >= 0 && poll(&p, 1, 0) > 0;
}
