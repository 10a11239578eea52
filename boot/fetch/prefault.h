// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Making a heap blob's memory resident ahead of a receive into it. The
 * kernel clears every fresh page on its first touch; a helper thread at
 * SCHED_IDLE touches the pages first (blob_heap_populate), so the clearing
 * runs while the CPU would otherwise idle (a link keeps it waiting for the
 * next bytes), not inside the receive. A struct prefault owns its thread
 * from prefault_start() to prefault_stop(), which joins it.
 */
#ifndef KEXBOOT_BOOT_FETCH_PREFAULT_H
#define KEXBOOT_BOOT_FETCH_PREFAULT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/blob.h"

#define PREFAULT_STEP (2u << 20) /* made resident at a time (one huge page); stop is looked at between steps */

struct prefault {
	struct blob *blob;  /* borrowed: a heap blob whose mapping must not move until prefault_stop() */
	size_t from, to;    /* the bytes to make resident, in order */
	atomic_size_t done; /* resident from `from` up to here */
	atomic_bool stop;
	bool running;       /* thread is to be joined */
	pthread_t thread;
};

/*
 * Starts making blob's bytes [from, to) resident. Nothing happens when there
 * is no thread to be had (false), or when the thread cannot run at
 * SCHED_IDLE (it ends at once): at normal priority it would take the CPU
 * from the receive it is meant to spare.
 */
bool prefault_start(struct prefault *p, struct blob *blob, size_t from, size_t to);
/* Stops at the end of the step under way and joins; a no-op when nothing runs. */
void prefault_stop(struct prefault *p);

#endif
