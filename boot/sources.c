// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The source runner: threads, a queue of delivered entries under a mutex,
 * and two eventfds (one to wake the reader, one to stop the sources).
 */
#include "boot/sources.h"
#include "lib/poke.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

static void *source_thread(void *arg)
{
	struct source *src = arg;
	struct sources *ss = src->owner;
	int r = src->desc.run(src, src->desc.ctx);

	pthread_mutex_lock(&ss->lock);
	src->result = r;
	src->searching = false;
	src->delivered = true;
	pthread_mutex_unlock(&ss->lock);
	eventfd_poke(ss->event_fd);
	return NULL;
}

int sources_start(struct sources *ss, const struct source_desc *descs, size_t n)
{
	int r = 0;

	memset(ss, 0, sizeof(*ss));
	if (n > SOURCES_MAX)
		return -EINVAL;
	boot_set_init(&ss->queue);
	diag_list_init(&ss->diags);
	ss->event_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ss->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (ss->event_fd < 0 || ss->stop_fd < 0) {
		r = -errno;
		if (ss->event_fd >= 0)
			close(ss->event_fd);
		if (ss->stop_fd >= 0)
			close(ss->stop_fd);
		memset(ss, 0, sizeof(*ss));
		return r;
	}
	pthread_mutex_init(&ss->lock, NULL);
	pthread_mutex_init(&ss->data, NULL);
	ss->started = true;
	ss->n = n;
	for (size_t i = 0; i < n; i++)
		ss->v[i] = (struct source){ .owner = ss, .desc = descs[i], .searching = true };
	for (size_t i = 0; i < n; i++) {
		int e = pthread_create(&ss->v[i].thread, NULL, source_thread, &ss->v[i]);

		if (e) {
			r = -e;
			break;
		}
		ss->v[i].started = true;
	}
	if (r < 0)
		sources_stop(ss);
	return r;
}

int sources_fd(const struct sources *ss)
{
	return ss->started ? ss->event_fd : -1;
}

static void boot_set_move(struct boot_set *to, struct boot_set *from)
{
	for (size_t i = 0; i < from->n_entries; i++)
		if (boot_set_add(to, from->entries[i]) < 0)
			boot_entry_free(from->entries[i]);
	from->n_entries = 0;
	if (!to->default_id) {
		to->default_id = from->default_id;
		from->default_id = NULL;
	}
	if (to->timeout == BOOT_TIMEOUT_UNSET)
		to->timeout = from->timeout;
}

static void diag_list_move(struct diag_list *to, struct diag_list *from)
{
	for (size_t i = 0; i < from->n; i++)
		if (to)
			(void)diag_note(to, "%s", from->msgs[i]);
	if (to)
		to->n_dropped += from->n_dropped;
	diag_list_done(from);
	diag_list_init(from);
}

int sources_take(struct sources *ss, struct boot_set *set, struct diag_list *diags)
{
	uint64_t v;
	int searching = 0;

	if (!ss->started)
		return 0;
	(void)!read(ss->event_fd, &v, sizeof(v));
	pthread_mutex_lock(&ss->lock);
	boot_set_move(set, &ss->queue);
	diag_list_move(diags, &ss->diags);
	for (size_t i = 0; i < ss->n; i++)
		searching |= ss->v[i].searching;
	pthread_mutex_unlock(&ss->lock);
	return searching;
}

bool sources_local_pending(struct sources *ss)
{
	bool pending = false;

	if (!ss->started)
		return false;
	pthread_mutex_lock(&ss->lock);
	for (size_t i = 0; i < ss->n; i++)
		pending |= ss->v[i].desc.local && !ss->v[i].delivered;
	pthread_mutex_unlock(&ss->lock);
	return pending;
}

int sources_wait_local(struct sources *ss, struct boot_set *set, struct diag_list *diags)
{
	while (sources_local_pending(ss)) {
		struct pollfd pfd = { .fd = ss->event_fd, .events = POLLIN };

		if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
			return -errno;
		(void)sources_take(ss, set, diags);
	}
	return sources_take(ss, set, diags);
}

void sources_data_lock(struct sources *ss)
{
	if (ss->started)
		pthread_mutex_lock(&ss->data);
}

void sources_data_unlock(struct sources *ss)
{
	if (ss->started)
		pthread_mutex_unlock(&ss->data);
}

void sources_cancel(struct sources *ss)
{
	if (ss->started)
		eventfd_poke(ss->stop_fd);
}

void sources_stop(struct sources *ss)
{
	if (!ss->started)
		return;
	eventfd_poke(ss->stop_fd);
	for (size_t i = 0; i < ss->n; i++)
		if (ss->v[i].started)
			pthread_join(ss->v[i].thread, NULL);
	for (size_t i = 0; i < ss->queue.n_entries; i++)
		boot_entry_free(ss->queue.entries[i]);
	ss->queue.n_entries = 0;
	boot_set_done(&ss->queue);
	diag_list_done(&ss->diags);
	close(ss->event_fd);
	close(ss->stop_fd);
	pthread_mutex_destroy(&ss->lock);
	pthread_mutex_destroy(&ss->data);
	memset(ss, 0, sizeof(*ss));
}

int source_stop_fd(const struct source *src)
{
	return src->owner->stop_fd;
}

bool source_stopping(const struct source *src)
{
	struct pollfd pfd = { .fd = src->owner->stop_fd, .events = POLLIN };

	return poll(&pfd, 1, 0) > 0;
}

int source_deliver(struct source *src, struct boot_set *batch, struct diag_list *diags)
{
	struct sources *ss = src->owner;

	pthread_mutex_lock(&ss->lock);
	boot_set_move(&ss->queue, batch);
	if (diags)
		diag_list_move(&ss->diags, diags);
	src->delivered = true;
	pthread_mutex_unlock(&ss->lock);
	eventfd_poke(ss->event_fd);
	return 0;
}

void source_searched(struct source *src)
{
	struct sources *ss = src->owner;

	pthread_mutex_lock(&ss->lock);
	src->searching = false;
	src->delivered = true;
	pthread_mutex_unlock(&ss->lock);
	eventfd_poke(ss->event_fd);
}

int source_fake_run(struct source *src, void *ctx)
{
	const struct source_fake *f = ctx;
	struct pollfd pfd = { .fd = source_stop_fd(src), .events = POLLIN };
	struct boot_set batch;
	int r = 0;

	if (poll(&pfd, 1, (int)f->delay_ms) != 0)
		return 0; /* stopped (or poll failed): deliver nothing */
	boot_set_init(&batch);
	for (size_t i = 0; f->set && i < f->set->n_entries && r == 0; i++) {
		struct boot_entry *e = boot_entry_dup(f->set->entries[i]);

		r = !e ? -ENOMEM : boot_set_add(&batch, e);
		if (r < 0)
			boot_entry_free(e);
	}
	if (r == 0)
		r = source_deliver(src, &batch, NULL);
	boot_set_done(&batch);
	return r;
}
