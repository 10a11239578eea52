// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/fetch/netwait.h"
#include "lib/clock.h"

#include <errno.h>
#include <poll.h>

int netwait(int fd, short events, unsigned ms, int stop_fd)
{
	/* a negative fd is ignored by poll(): the slot for "no stop fd" costs nothing */
	struct pollfd p[2] = { { .fd = stop_fd, .events = POLLIN }, { .fd = fd, .events = events } };
	/* one clock read a wait (they cost an exit to the host in some VMs); poll() itself keeps the time */
	uint64_t end = clock_now_ms() + ms;
	unsigned left = ms;

	for (;;) {
		int r = poll(p, fd >= 0 ? 2 : 1, (int)left);
		uint64_t now;

		if (r == 0)
			return 0;
		if (r > 0 && p[0].revents)
			return -ECANCELED;
		if (r > 0 && p[1].revents)
			return 1;
		if (r < 0 && errno != EINTR)
			return -errno;
		/* interrupted: what is left of the wait */
		now = clock_now_ms();
		if (now >= end)
			return 0;
		left = (unsigned)(end - now);
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
