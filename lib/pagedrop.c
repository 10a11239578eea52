// SPDX-License-Identifier: GPL-2.0-or-later
/* pagedrop: a helper thread that unmaps already-read file pages (see pagedrop.h). */
#include "lib/pagedrop.h"

#include <errno.h>
#include <sys/mman.h>
#include <time.h>

int pagedrop_add(struct pagedrop *pd, void *addr, size_t len)
{
	if (!addr || !len)
		return 0;
	if (pd->nr_ranges >= PAGEDROP_MAX_RANGES)
		return -E2BIG;
	pd->ranges[pd->nr_ranges++] = (struct pagedrop_range){ addr, len };
	return 0;
}

static void pagedrop_pass(const struct pagedrop *pd)
{
	for (size_t i = 0; i < pd->nr_ranges; i++)
		(void)madvise(pd->ranges[i].addr, pd->ranges[i].len, MADV_DONTNEED);
}

static void *pagedrop_main(void *arg)
{
	struct pagedrop *pd = arg;
	struct timespec ts = { .tv_sec = 0, .tv_nsec = (long)pd->interval_us * 1000 };

	while (!atomic_load(&pd->stop)) {
		nanosleep(&ts, NULL);
		pagedrop_pass(pd);
	}
	return NULL;
}

int pagedrop_start(struct pagedrop *pd, unsigned interval_us)
{
	int r;

	if (!pd->nr_ranges)
		return 0;
	pd->interval_us = interval_us ? interval_us : 1000;
	atomic_store(&pd->stop, false);
	r = pthread_create(&pd->thread, NULL, pagedrop_main, pd);
	if (r)
		return -r;
	pd->running = true;
	return 0;
}

void pagedrop_stop(struct pagedrop *pd)
{
	if (!pd->running)
		return;
	atomic_store(&pd->stop, true);
	pthread_join(pd->thread, NULL);
	pd->running = false;
	pagedrop_pass(pd);
}
