/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pagedrop: keeps the pages of read-only file mappings from piling up in
 * the process while something reads them once, front to back: the loader
 * hashing a kernel and initrds, then the kexec syscall copying them into the
 * kernel. A helper thread drops the mappings' page-table entries every few
 * milliseconds (MADV_DONTNEED); the pages stay in the page cache, and a
 * reader that comes back faults them in again with the same bytes.
 *
 * Only for MAP_PRIVATE or MAP_SHARED file mappings that nobody writes: on
 * anonymous or written memory, MADV_DONTNEED would throw data away.
 */
#ifndef KEXBOOT_LIB_PAGEDROP_H
#define KEXBOOT_LIB_PAGEDROP_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#define PAGEDROP_MAX_RANGES 80 /* kernel + 64 initrds + 8 raw segments */

struct pagedrop_range {
	void *addr; /* page aligned (an mmap return value) */
	size_t len;
};

struct pagedrop {
	struct pagedrop_range ranges[PAGEDROP_MAX_RANGES];
	size_t nr_ranges;
	unsigned interval_us;
	atomic_bool stop;
	bool running;
	pthread_t thread;
};

/* Adds a range (ignored when addr is NULL or len 0). -E2BIG when full. */
int pagedrop_add(struct pagedrop *pd, void *addr, size_t len);
/* Starts the helper thread. 0 or a negative errno (then nothing runs). */
int pagedrop_start(struct pagedrop *pd, unsigned interval_us);
/* Stops and joins the thread (safe when it never started). */
void pagedrop_stop(struct pagedrop *pd);

#endif
