/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sources: where boot entries come from, run concurrently. Each source is a
 * thread that hands finished batches of entries to the runner
 * (source_deliver); the runner's fd becomes readable and whoever polls it
 * (the menu session, through the pipeline) takes them with sources_take(),
 * appended to its boot_set in arrival order.
 *
 * A source is "searching" until it says it is done (source_searched) or
 * its thread returns; a source may keep running after that (the disk
 * source keeps following hot-added disks). "local" sources are the ones
 * the menu waits for before it opens (their first batch), so that what is
 * on the machine's own disks is there in the first picture.
 *
 * What a source shares with the reader of its results (the disk source's
 * mounts and volume table) is guarded by the data lock: the source holds
 * it while it changes them, the pipeline while it loads an entry.
 *
 * Only boot/ and init/ use this. Threads: everything here is thread-safe;
 * sources_start/take/stop are called from one thread.
 */
#ifndef KEXBOOT_BOOT_SOURCES_H
#define KEXBOOT_BOOT_SOURCES_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "boot/entry.h"
#include "lib/diag.h"

#define SOURCES_MAX 4

struct source;

struct source_desc {
	const char *name;
	bool local;                             /* the menu waits for its first batch */
	int (*run)(struct source *src, void *ctx); /* the thread; returns when done or stopping */
	void *ctx;                              /* borrowed */
};

struct source {
	struct sources *owner;
	struct source_desc desc;
	pthread_t thread;
	bool started;
	bool searching;  /* under owner->lock */
	bool delivered;  /* a first batch came (or the thread ended); under owner->lock */
	int result;      /* what run() returned */
};

struct sources {
	pthread_mutex_t lock; /* queue, diags and the flags */
	pthread_mutex_t data; /* what the sources share with the reader (see above) */
	int event_fd;         /* eventfd: readable when something waits for sources_take */
	int stop_fd;          /* eventfd: readable once sources_stop() began */
	struct source v[SOURCES_MAX];
	size_t n;
	struct boot_set queue;  /* delivered, not yet taken */
	struct diag_list diags; /* delivered, not yet taken */
	bool started;
};

/* Starts one thread per source. On failure nothing runs. */
int sources_start(struct sources *ss, const struct source_desc *descs, size_t n);
/* Readable when sources_take() has something (entries, diags, a source finished). */
int sources_fd(const struct sources *ss);
/*
 * Appends the delivered entries to set (and its default_id/timeout when set
 * has none), the messages to diags. Returns 1 while a source is searching,
 * 0 when none is.
 */
int sources_take(struct sources *ss, struct boot_set *set, struct diag_list *diags);
/* True while a local source has not delivered its first batch. */
bool sources_local_pending(struct sources *ss);
/* Waits until no local source is pending (or stop); then sources_take(). */
int sources_wait_local(struct sources *ss, struct boot_set *set, struct diag_list *diags);
void sources_data_lock(struct sources *ss);
void sources_data_unlock(struct sources *ss);
/* Asks every source to stop, without waiting (a source that takes the data lock after this sees it). */
void sources_cancel(struct sources *ss);
/* Asks every source to stop and joins them; drops what was not taken. Safe on a zeroed struct. */
void sources_stop(struct sources *ss);

/* In a source's thread. */
int source_stop_fd(const struct source *src); /* poll it: readable means return */
bool source_stopping(const struct source *src);
/* Moves batch's entries (and messages) to the runner; batch is left empty. */
int source_deliver(struct source *src, struct boot_set *batch, struct diag_list *diags);
/* Not searching any more (the thread may go on). */
void source_searched(struct source *src);

/* For tests: after delay_ms, delivers copies of set's entries, then ends. */
struct source_fake {
	unsigned delay_ms;
	const struct boot_set *set;
};
int source_fake_run(struct source *src, void *ctx);

#endif
