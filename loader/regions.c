// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * regions: the purgatory's digest regions for a plan, and their SHA-256s.
 *
 * SHA-256 is sequential within a buffer, so one thread hashes one region.
 * With one thread every segment is one region (its digest is the
 * segment's, as sha256sum would print it). With more, the larger segments
 * are cut into page-aligned pieces of about total/threads bytes (the
 * purgatory takes up to PURGATORY_MAX_REGIONS) and the pieces are hashed in
 * parallel: a 64 MiB initrd no longer waits on one CPU.
 */
#include "loader/internal.h"
#include "lib/digest.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#define PAGE KEXEC_PAGE_SIZE
#define REGIONS_MAX_THREADS 16

struct region_job {
	const uint8_t *buf;
	uint64_t len;
	uint8_t *out; /* 32 bytes in the purgatory args */
};

struct region_work {
	struct region_job jobs[PURGATORY_MAX_REGIONS];
	size_t nr_jobs;
	atomic_size_t next;
};

static void *region_worker(void *arg)
{
	struct region_work *w = arg;
	size_t i;

	while ((i = atomic_fetch_add(&w->next, 1)) < w->nr_jobs)
		segment_digest(w->jobs[i].buf, w->jobs[i].len, w->jobs[i].out);
	return NULL;
}

/* The piece size for threads: about total/threads, page aligned, and few enough pieces. */
static uint64_t piece_size(const struct kexec_plan *plan, unsigned threads, size_t nseg,
			   uint64_t total)
{
	uint64_t piece = (total / threads + PAGE - 1) & ~(PAGE - 1);
	size_t pieces;

	if (piece < PAGE)
		piece = PAGE;
	for (;;) {
		pieces = 0;
		for (size_t i = 0; i < plan->nr_segments; i++)
			if (plan->seg[i].mem != plan->purgatory_addr)
				pieces += plan->seg[i].bufsz ? (plan->seg[i].bufsz + piece - 1) / piece : 1;
		if (pieces <= PURGATORY_MAX_REGIONS || pieces <= nseg)
			return piece;
		piece *= 2;
	}
}

int kexec_plan_hash_regions(struct kexec_plan *plan, unsigned threads, struct diag_list *err)
{
	struct purgatory_args *a = plan->args;
	struct region_work w = { .nr_jobs = 0 };
	pthread_t tid[REGIONS_MAX_THREADS];
	uint64_t total = 0, piece = UINT64_MAX;
	size_t nseg = 0, started = 0;

	for (size_t i = 0; i < plan->nr_segments; i++)
		if (plan->seg[i].mem != plan->purgatory_addr) {
			total += plan->seg[i].bufsz;
			nseg++;
		}
	if (nseg > PURGATORY_MAX_REGIONS)
		return diag_fail(err, E2BIG, "%zu segments to check; the purgatory takes %d",
				      nseg, PURGATORY_MAX_REGIONS);
	if (threads > REGIONS_MAX_THREADS)
		threads = REGIONS_MAX_THREADS;
	if (threads > 1)
		piece = piece_size(plan, threads, nseg, total);
	a->nr_regions = 0;
	for (size_t i = 0; i < plan->nr_segments; i++) {
		struct kexec_plan_segment *s = &plan->seg[i];
		uint64_t off = 0;

		if (s->mem == plan->purgatory_addr)
			continue;
		s->nr_regions = 0;
		do {
			uint64_t len = s->bufsz - off < piece ? s->bufsz - off : piece;
			struct purgatory_region *pr = &a->regions[a->nr_regions++];

			pr->start = s->mem + off;
			pr->len = len;
			w.jobs[w.nr_jobs++] = (struct region_job){ (const uint8_t *)s->buf + off, len,
								    pr->sha256 };
			s->nr_regions++;
			off += len;
		} while (off < s->bufsz);
	}
	atomic_store(&w.next, 0);
	for (unsigned t = 1; t < threads && t < w.nr_jobs; t++) {
		if (pthread_create(&tid[started], NULL, region_worker, &w))
			break; /* fewer helpers: this thread still does the rest */
		started++;
	}
	region_worker(&w);
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	/* A segment that is one region carries its digest (what --dry-run shows). */
	for (size_t i = 0, r = 0; i < plan->nr_segments; i++) {
		struct kexec_plan_segment *s = &plan->seg[i];

		if (s->mem == plan->purgatory_addr)
			continue;
		if (s->nr_regions == 1)
			memcpy(s->sha256, a->regions[r].sha256, 32);
		else
			memset(s->sha256, 0, 32);
		r += s->nr_regions;
	}
	return 0;
}
