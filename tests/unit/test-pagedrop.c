// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lib/pagedrop.c on a real 32 MiB file mapping: read through with the
 * helper thread running, the bytes are intact; the thread itself brings the
 * mapping's resident pages down (RssFile of this process, polled), and
 * pagedrop_stop leaves none behind.
 */
#include "lib/pagedrop.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define SIZE (32u << 20)
#define SLACK (4u << 20)

/* RssFile of this process in bytes, from /proc/self/status. */
static long rss_file(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	long kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "RssFile: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb < 0 ? -1 : kb * 1024;
}

static uint64_t touch_all(const uint8_t *p)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < SIZE; i += 512)
		sum = sum * 31 + p[i];
	return sum;
}

static void test_drop(void)
{
	char path[] = "/tmp/kexboot-pagedrop-XXXXXX";
	struct pagedrop pd = { .nr_ranges = 0 };
	int fd = mkstemp(path);
	uint8_t *buf = malloc(SIZE), *map;
	uint64_t want = 0, got;
	long base, full;
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int polls = 0;

	CHECK(fd >= 0 && buf);
	if (fd < 0 || !buf)
		return;
	for (size_t i = 0; i < SIZE; i++)
		buf[i] = (uint8_t)(i * 2654435761u >> 13);
	CHECK_EQ(write(fd, buf, SIZE), (ssize_t)SIZE);
	want = touch_all(buf);
	free(buf);
	map = mmap(NULL, SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	unlink(path);
	CHECK(map != MAP_FAILED);
	if (map == MAP_FAILED)
		return;

	/* Without the thread, reading maps every page. */
	base = rss_file();
	CHECK(base >= 0);
	CHECK_EQ(touch_all(map), want);
	full = rss_file();
	CHECK(full >= base + (long)SIZE - (long)SLACK);
	madvise(map, SIZE, MADV_DONTNEED);
	CHECK(rss_file() <= base + (long)SLACK);

	/* With it: the same bytes, and the thread drops what was read. */
	CHECK_EQ(pagedrop_add(&pd, map, SIZE), 0);
	CHECK_EQ(pagedrop_add(&pd, NULL, 0), 0); /* ignored */
	CHECK_EQ(pd.nr_ranges, 1);
	CHECK_EQ(pagedrop_start(&pd, 500), 0);
	got = touch_all(map);
	CHECK_EQ(got, want);
	while (rss_file() > base + (long)SLACK && polls++ < 500)
		nanosleep(&tick, NULL);
	CHECK(rss_file() <= base + (long)SLACK);
	CHECK_EQ(touch_all(map), want); /* refaulted from the page cache */
	pagedrop_stop(&pd);
	CHECK(rss_file() <= base + (long)SLACK);
	pagedrop_stop(&pd); /* twice is fine */
	munmap(map, SIZE);
}

static void test_full(void)
{
	struct pagedrop pd = { .nr_ranges = 0 };
	static char page[4096];

	for (int i = 0; i < PAGEDROP_MAX_RANGES; i++)
		CHECK_EQ(pagedrop_add(&pd, page, sizeof(page)), 0);
	CHECK_EQ(pagedrop_add(&pd, page, sizeof(page)), -E2BIG);
	pagedrop_stop(&pd); /* never started */
}

static const struct test tests[] = {
	TEST(drop),
	TEST(full),
};

int main(void)
{
	return harness_run(tests, sizeof(tests) / sizeof(tests[0]));
}
