/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * progress: what a long fetch reports while it runs, and how often. The
 * fetch code keeps a struct fetch_meter and ticks it as bytes come in; the
 * meter calls the caller's fetch_progress_fn once a transfer has taken more
 * than FETCH_PROGRESS_FIRST_MS, then about every FETCH_PROGRESS_EVERY_MS,
 * and once more at the end if it reported at all. Whoever set the callback
 * (the boot pipeline) decides where the line goes; fetch_progress_format()
 * words it. Pure: the time is passed in.
 *
 * Ownership: the meter borrows its name and callback argument.
 */
#ifndef KEXBOOT_BOOT_FETCH_PROGRESS_H
#define KEXBOOT_BOOT_FETCH_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FETCH_PROGRESS_FIRST_MS 1000 /* quick fetches report nothing */
#define FETCH_PROGRESS_EVERY_MS 1000

struct fetch_progress {
	const char *name;    /* what is fetched: the URL */
	uint64_t got;        /* bytes in hand */
	bool has_total;
	uint64_t total;      /* the whole size, when the server said it */
	uint64_t elapsed_ms; /* since the fetch started */
	bool done;           /* the last report of this fetch: got is the size */
};

typedef void (*fetch_progress_fn)(void *arg, const struct fetch_progress *p);

struct fetch_meter {
	fetch_progress_fn fn; /* NULL: nothing is reported */
	void *arg;
	const char *name;
	uint64_t start_ms;
	uint64_t next_ms;     /* no report before this time */
	bool shown;           /* a report went out */
};

void fetch_meter_start(struct fetch_meter *m, fetch_progress_fn fn, void *arg, const char *name, uint64_t now_ms);
/* Bytes came in: reports when one is due. */
void fetch_meter_tick(struct fetch_meter *m, uint64_t got, bool has_total, uint64_t total, uint64_t now_ms);
/* The fetch ended well with got bytes: a last report, if any went out before. */
void fetch_meter_end(struct fetch_meter *m, uint64_t got, uint64_t now_ms);

/*
 * "http://h/vmlinuz: 3.1 MiB of 7.9 MiB (39%), 1.2 MiB/s, 4 s left", or
 * "http://h/vmlinuz: 7.9 MiB in 6.3 s, 1.2 MiB/s" when done. Returns
 * snprintf's length.
 */
int fetch_progress_format(const struct fetch_progress *p, char *buf, size_t n);

#endif
