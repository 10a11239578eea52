// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/fetch/netwait.h"
#include "lib/clock.h"

#include <errno.h>
#include <poll.h>

int netwait(int fd, short events, unsigned ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	uint64_t end = clock_now_ms() + ms;

	for (;;) {
		uint64_t now = clock_now_ms();
		int r;

		if (now >= end)
			return 0;
		r = poll(&p, 1, (int)(end - now));
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return -errno;
	}
}
