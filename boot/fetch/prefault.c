// SPDX-License-Identifier: GPL-2.0-or-later
/* A heap blob's memory made resident ahead of a receive, by a thread at idle priority (prefault.h). */
#include "boot/fetch/prefault.h"

#include <sched.h>

static void *prefault_run(void *arg)
{
	struct prefault *p = arg;
	const struct sched_param idle = { 0 };
	size_t at = p->from;

	if (pthread_setschedparam(pthread_self(), SCHED_IDLE, &idle) != 0)
		return NULL;
	while (at < p->to && !atomic_load(&p->stop)) {
		/* steps end on 2 MiB boundaries, so each covers one huge page of the mapping */
		size_t end = (at / PREFAULT_STEP + 1) * PREFAULT_STEP;

		if (end > p->to)
			end = p->to;
		if (blob_heap_populate(p->blob, at, end - at) < 0)
			break; /* not a heap blob after all: the receive faults its pages in itself */
		at = end;
		atomic_store(&p->done, at);
	}
	return NULL;
}

bool prefault_start(struct prefault *p, struct blob *blob, size_t from, size_t to)
{
	p->blob = blob;
	p->from = from;
	p->to = to;
	atomic_init(&p->done, from);
	atomic_init(&p->stop, false);
	p->running = from < to && pthread_create(&p->thread, NULL, prefault_run, p) == 0;
	return p->running;
}

void prefault_stop(struct prefault *p)
{
	if (!p->running)
		return;
	atomic_store(&p->stop, true);
	pthread_join(p->thread, NULL);
	p->running = false;
}
