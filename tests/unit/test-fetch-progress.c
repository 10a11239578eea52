// SPDX-License-Identifier: GPL-2.0-or-later
/* The progress meter (boot/fetch/progress.c) on a fed clock, its words, and the MemAvailable parser. */
#include "boot/fetch/memavail.h"
#include "boot/fetch/progress.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct seen {
	unsigned n;
	struct fetch_progress p[8];
};

static void on_progress(void *arg, const struct fetch_progress *p)
{
	struct seen *s = arg;

	if (s->n < 8)
		s->p[s->n] = *p;
	s->n++;
}

/* Nothing in the first second, then at most one report a second, and one at the end. */
static void test_meter_throttles(void)
{
	struct fetch_meter m;
	struct seen s = { 0 };

	fetch_meter_start(&m, on_progress, &s, "http://h/k", 5000);
	for (uint64_t t = 5000; t <= 8500; t += 100)
		fetch_meter_tick(&m, (t - 5000) * 1000, true, 4000000, t);
	/* due at 6000, 7000, 8000 */
	CHECK_EQ(s.n, 3);
	CHECK_EQ(s.p[0].elapsed_ms, 1000);
	CHECK_EQ(s.p[0].got, 1000000);
	CHECK(s.p[0].has_total && s.p[0].total == 4000000 && !s.p[0].done);
	CHECK_EQ(s.p[2].elapsed_ms, 3000);
	CHECK_STREQ(s.p[2].name, "http://h/k");
	fetch_meter_end(&m, 4000000, 9000);
	CHECK_EQ(s.n, 4);
	CHECK(s.p[3].done && s.p[3].got == 4000000 && s.p[3].elapsed_ms == 4000);
}

/* A fetch under a second says nothing, not even at its end; no callback: nothing. */
static void test_meter_quiet_when_quick(void)
{
	struct fetch_meter m;
	struct seen s = { 0 };

	fetch_meter_start(&m, on_progress, &s, "k", 0);
	fetch_meter_tick(&m, 10, false, 0, 500);
	fetch_meter_tick(&m, 20, false, 0, 999);
	fetch_meter_end(&m, 20, 999);
	CHECK_EQ(s.n, 0);
	fetch_meter_start(&m, NULL, NULL, "k", 0);
	fetch_meter_tick(&m, 10, false, 0, 5000);
	fetch_meter_end(&m, 10, 6000);
}

static void test_format(void)
{
	char buf[160];
	struct fetch_progress p = { .name = "http://10.0.2.100/boot/vmlinuz", .got = 3250585, .has_total = true,
				    .total = 8283750, .elapsed_ms = 2600 };

	fetch_progress_format(&p, buf, sizeof(buf));
	/* 1250225 bytes/s: 4.03 s for the 5033165 left, rounded up */
	CHECK_STREQ(buf, "http://10.0.2.100/boot/vmlinuz: 3.1 MiB of 7.9 MiB (39%), 1.2 MiB/s, 5 s left");
	p.has_total = false;
	fetch_progress_format(&p, buf, sizeof(buf));
	CHECK_STREQ(buf, "http://10.0.2.100/boot/vmlinuz: 3.1 MiB, 1.2 MiB/s");
	p = (struct fetch_progress){ .name = "k", .got = 8283750, .has_total = true, .total = 8283750,
				     .elapsed_ms = 6300, .done = true };
	fetch_progress_format(&p, buf, sizeof(buf));
	CHECK_STREQ(buf, "k: 7.9 MiB in 6.3 s, 1.3 MiB/s");
	p = (struct fetch_progress){ .name = "k", .got = 0, .has_total = true, .total = 2048, .elapsed_ms = 1000 };
	fetch_progress_format(&p, buf, sizeof(buf));
	CHECK_STREQ(buf, "k: 0 bytes of 2048 bytes (0%), stalled");
	p = (struct fetch_progress){ .name = "k", .got = 600 * 1024, .elapsed_ms = 2000 };
	fetch_progress_format(&p, buf, sizeof(buf));
	CHECK_STREQ(buf, "k: 600.0 KiB, 300.0 KiB/s");
}

static void test_meminfo_parse(void)
{
	static const char text[] = "MemTotal:        8041296 kB\nMemFree:          231044 kB\n"
				   "MemAvailable:    5123456 kB\nBuffers:          100 kB\n";
	uint64_t v = 0;

	CHECK_EQ(meminfo_available(text, strlen(text), &v), 0);
	CHECK_EQ(v, 5123456ull * 1024);
	CHECK_EQ(meminfo_available("MemFree: 1 kB\n", 14, &v), -ENOENT);
	CHECK_EQ(meminfo_available("MemAvailable: kB\n", 17, &v), -ENOENT);
	CHECK_EQ(meminfo_available("MemAvailable: 12 MB\n", 20, &v), -ENOENT);
	CHECK_EQ(meminfo_available("MemAvailable: 9999999999999999 kB\n", 34, &v), -ENOENT);
	/* the last line need not end in a newline; the length bounds the read */
	CHECK_EQ(meminfo_available("MemAvailable: 7 kB", 18, &v), 0);
	CHECK_EQ(v, 7 * 1024);
	CHECK_EQ(meminfo_available("MemAvailable: 7 kB", 10, &v), -ENOENT);
}

/* mem_available() reads root/proc/meminfo; a root without one says so. */
static void test_meminfo_root(void)
{
	char dir[] = "/tmp/kexboot-meminfo-XXXXXX";
	_cleanup_free_ char *proc = NULL, *file = NULL, *cmd = NULL;
	static const char text[] = "MemTotal: 100 kB\nMemAvailable: 42 kB\n";
	uint64_t v = 0;
	int fd;

	CHECK(mkdtemp(dir) != NULL);
	CHECK_EQ(mem_available(dir, &v), -ENOENT);
	CHECK(asprintf(&proc, "%s/proc", dir) > 0 && asprintf(&file, "%s/proc/meminfo", dir) > 0);
	CHECK_EQ(mkdir(proc, 0755), 0);
	fd = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(fd_write_all(fd, text, strlen(text)), 0);
	close(fd);
	CHECK_EQ(mem_available(dir, &v), 0);
	CHECK_EQ(v, 42 * 1024);
	CHECK(asprintf(&cmd, "rm -rf %s", dir) > 0);
	CHECK_EQ(system(cmd), 0);
}

static const struct test tests[] = {
	TEST(meter_throttles), TEST(meter_quiet_when_quick), TEST(format), TEST(meminfo_parse), TEST(meminfo_root),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
