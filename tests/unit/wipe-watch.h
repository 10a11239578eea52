/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * For unit tests that prove secrets are wiped: mmap and munmap wrapped at
 * link time (-Wl,--wrap=mmap -Wl,--wrap=munmap, set in the test's _LIBS).
 * mmap can be made to fail at the Nth call (fault injection), and every
 * munmap of memory that still holds the watched bytes is counted.
 */
#ifndef KEXBOOT_TESTS_WIPE_WATCH_H
#define KEXBOOT_TESTS_WIPE_WATCH_H

struct wipe_watch {
	int mmap_fail_at;   /* fail the Nth mmap from the last reset (1-based); 0: never */
	int mmap_calls;
	const char *needle; /* bytes that must not be unmapped unwiped; NULL: none */
	unsigned unwiped;   /* unmaps that still held the needle */
};

/* The one test-only recorder; wipe_watch_reset() zeroes it. */
struct wipe_watch *wipe_watch(void);
void wipe_watch_reset(void);

#endif
