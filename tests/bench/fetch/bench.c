// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fetch benchmark driver: one http:// URL through the back end
 * (boot/fetch/http.c, default options) into a memfd blob. Prints the size,
 * the time, the throughput and the process's peak RSS (getrusage
 * ru_maxrss): the image itself is written into the memfd and not mapped
 * during the download, so the peak is what the fetch costs beyond it.
 * Figures only; it never judges them.
 *
 *   bench URL [MAX_BYTES]
 */
#include "boot/fetch/http.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long bench_maxrss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
	const struct http_options o = HTTP_OPTIONS_DEFAULT;
	uint64_t max = argc > 2 ? strtoull(argv[2], NULL, 0) : 1ull << 32;
	struct diag_list why;
	struct blob b;
	long rss0 = bench_maxrss_kib(), rss1;
	double t0, dt;
	int r;

	if (argc < 2) {
		fprintf(stderr, "usage: %s URL [MAX_BYTES]\n", argv[0]);
		return 2;
	}
	diag_list_init(&why);
	t0 = bench_now();
	r = http_fetch(&o, argv[1], argv[1], max, &b, &why);
	dt = bench_now() - t0;
	rss1 = bench_maxrss_kib();
	if (r < 0) {
		fprintf(stderr, "%s\n", diag_reason(&why, "fetch failed"));
		diag_list_done(&why);
		return 1;
	}
	/* The body goes into the memfd by write(): its pages are page cache, not this process's RSS, until mapped and touched. */
	printf("kexboot-http bytes=%zu seconds=%.3f MiB/s=%.0f peak_rss_kib=%ld (at start %ld; the image is in the memfd)\n",
	       b.size, dt, (double)b.size / (1 << 20) / dt, rss1, rss0);
	blob_release(&b);
	diag_list_done(&why);
	return 0;
}
