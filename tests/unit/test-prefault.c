// SPDX-License-Identifier: GPL-2.0-or-later
/* boot/fetch/prefault.c: a heap blob made resident ahead, in 2 MiB steps, by a thread at SCHED_IDLE. */
#include "boot/fetch/prefault.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

int __real_madvise(void *addr, size_t len, int advice);
int __wrap_madvise(void *addr, size_t len, int advice);

/* every MADV_POPULATE_WRITE, and the policy of the thread that asked for it */
static struct {
	pthread_mutex_t lock;
	unsigned calls;
	uintptr_t lo, hi;
	int policy;
	bool out_of_order;
} seen = { .lock = PTHREAD_MUTEX_INITIALIZER };

int __wrap_madvise(void *addr, size_t len, int advice)
{
	if (advice == 23 /* MADV_POPULATE_WRITE */) {
		struct sched_param sp;
		uintptr_t a = (uintptr_t)addr;

		pthread_mutex_lock(&seen.lock);
		if (seen.calls && a < seen.hi)
			seen.out_of_order = true;
		if (seen.calls++ == 0)
			seen.lo = a;
		seen.hi = a + len;
		pthread_getschedparam(pthread_self(), &seen.policy, &sp);
		pthread_mutex_unlock(&seen.lock);
	}
	return __real_madvise(addr, len, advice);
}

static void seen_reset(void)
{
	pthread_mutex_lock(&seen.lock);
	seen.calls = 0;
	seen.lo = seen.hi = 0;
	seen.policy = -1;
	seen.out_of_order = false;
	pthread_mutex_unlock(&seen.lock);
}

/* How many of the pages holding [p, p + len) are resident (mincore). */
static size_t resident_pages(const void *p, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), head = (uintptr_t)p % page;
	size_t n = (head + len + page - 1) / page, count = 0;
	unsigned char *vec = calloc(n, 1);

	CHECK(vec != NULL);
	CHECK_EQ(mincore((char *)p - head, head + len, vec), 0);
	for (size_t i = 0; i < n; i++)
		count += vec[i] & 1;
	free(vec);
	return count;
}

/* Waits (at most 60 s: the thread runs only when the CPU has nothing else) until p has done all of its range. */
static bool wait_done(struct prefault *p)
{
	for (int i = 0; i < 6000; i++) {
		if (atomic_load(&p->done) == p->to)
			return true;
		nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	}
	return false;
}

/*
 * From an unaligned start to an unaligned end: every page of the range is
 * made resident, in order, in steps that end on 2 MiB boundaries, at
 * SCHED_IDLE; bytes already there stay; nothing before the start is asked for.
 */
static void test_whole_range(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), size = 3 * PREFAULT_STEP + 123, from = PREFAULT_STEP / 2 + 5;
	struct blob b = BLOB_INIT;
	struct prefault p = { .blob = NULL };
	uint8_t *d;

	seen_reset();
	CHECK_EQ(blob_new_heap(0, false, "http://x/prefault", &b), 0);
	CHECK_EQ(blob_heap_resize(&b, size), 0);
	d = b.storage;
	d[from + 1] = 0x5a;
	CHECK(prefault_start(&p, &b, from, size));
	CHECK(wait_done(&p));
	prefault_stop(&p);
	CHECK(!p.running);
	/* 1 MiB to the first boundary, two whole steps, then the 123 bytes past the last */
	CHECK_EQ(seen.calls, 4);
	CHECK(!seen.out_of_order);
	CHECK_EQ(seen.policy, SCHED_IDLE);
	CHECK(seen.lo == (uintptr_t)d + from / page * page);
	CHECK(seen.hi == (uintptr_t)d + size);
	CHECK_EQ(resident_pages(d + from, size - from), (size - from / page * page + page - 1) / page);
	CHECK(d[from + 1] == 0x5a && d[from] == 0 && d[size - 1] == 0);
	blob_release(&b);
}

/* A stop before the end joins at the end of a step: nothing past the range, bytes kept. */
static void test_stop_early(void)
{
	size_t size = 64 * PREFAULT_STEP;
	struct blob b = BLOB_INIT;
	struct prefault p = { .blob = NULL };
	size_t done;

	seen_reset();
	CHECK_EQ(blob_new_heap(0, false, "http://x/prefault-stop", &b), 0);
	CHECK_EQ(blob_heap_resize(&b, size), 0);
	((uint8_t *)b.storage)[size - 1] = 7;
	CHECK(prefault_start(&p, &b, 0, size));
	prefault_stop(&p);
	done = atomic_load(&p.done);
	CHECK(done <= size && done % PREFAULT_STEP == 0);
	CHECK_EQ(seen.calls, done / PREFAULT_STEP);
	CHECK(((uint8_t *)b.storage)[size - 1] == 7);
	/* stopping again, or what never started, is a no-op */
	prefault_stop(&p);
	blob_release(&b);
}

/* Not a heap blob: the first step is refused and the thread ends; an empty range starts nothing. */
static void test_not_heap(void)
{
	struct blob m = BLOB_INIT;
	struct prefault p = { .blob = NULL }, none = { .blob = NULL };

	CHECK_EQ(blob_new_memfd(PREFAULT_STEP, false, "memfd", &m), 0);
	CHECK(prefault_start(&p, &m, 0, PREFAULT_STEP));
	prefault_stop(&p);
	CHECK_EQ(atomic_load(&p.done), 0);
	CHECK(!prefault_start(&none, &m, 5, 5));
	prefault_stop(&none);
	blob_release(&m);
}

static const struct test tests[] = {
	TEST(whole_range),
	TEST(stop_early),
	TEST(not_heap),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
