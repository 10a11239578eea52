// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fetch bench's memory probe, run in the guest (tests/bench/fetch/run.sh
 * packs it when BENCH_PROBE=1): what it costs this guest to make MIB MiB of
 * fresh anonymous memory resident and to write into it, apart from any
 * network. Each step is one line with its wall seconds, user and system CPU
 * seconds and minor faults (getrusage):
 *
 *   populate-2m   MADV_HUGEPAGE, then MADV_POPULATE_WRITE over the whole
 *                 range: the kernel's faults and clearing alone (2 MiB pages)
 *   populate-4k   the same with MADV_NOHUGEPAGE (4 KiB pages)
 *   write-fresh   fresh memory as kexboot's heap blob has it (2 MiB-aligned,
 *                 MADV_HUGEPAGE), written 64 KiB at a time by memcpy: fault,
 *                 clear and the write, as a recv() into it pays
 *   write-again   the same memory written again: the write alone
 *   write-reused  MIB MiB written into one 64 KiB buffer over and over (what a
 *                 client that drops the bytes writes into)
 *
 *   memprobe MIB
 *
 * AnonHugePages (/proc/meminfo) before and after populate-2m says whether
 * the kernel gave huge pages. Figures only; never asserts.
 */
#include "lib/fileio.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define PROBE_HUGE (2u << 20)
#define PROBE_CHUNK (64u << 10)

struct probe_mark {
	double wall, user, sys;
	long minflt;
};

static double probe_tv(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

static struct probe_mark probe_now(void)
{
	struct probe_mark m = { 0 };
	struct timespec ts;
	struct rusage ru;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	m.wall = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	if (getrusage(RUSAGE_SELF, &ru) == 0) {
		m.user = probe_tv(&ru.ru_utime);
		m.sys = probe_tv(&ru.ru_stime);
		m.minflt = ru.ru_minflt;
	}
	return m;
}

static void probe_say(const char *step, size_t mib, const struct probe_mark *a, const struct probe_mark *b)
{
	printf("memprobe step=%s mib=%zu seconds=%.3f user_s=%.2f sys_s=%.2f minflt=%ld\n", step, mib, b->wall - a->wall,
	       b->user - a->user, b->sys - a->sys, b->minflt - a->minflt);
}

/* AnonHugePages of /proc/meminfo in KiB, -1 when it cannot be read */
static long probe_anon_huge_kib(void)
{
	uint64_t kib;
	size_t n;
	char *text;
	int r;

	if (file_read_at(AT_FDCWD, "/proc/meminfo", 1u << 16, &text, &n) < 0)
		return -1;
	r = text_field_u64(text, n, "AnonHugePages:", " kB", 15, &kib);
	free(text);
	return r < 0 ? -1 : (long)kib;
}

/* len bytes of fresh anonymous memory on a 2 MiB boundary, advised huge (or not) */
static uint8_t *probe_map(size_t len, int advice)
{
	uint8_t *p = mmap(NULL, len + PROBE_HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t at;

	if (p == MAP_FAILED)
		return NULL;
	at = (uintptr_t)p;
	if (at % PROBE_HUGE)
		p += PROBE_HUGE - at % PROBE_HUGE;
	madvise(p, len, advice);
	return p;
}

/* One populate step: fresh memory advised so, made resident in one call. */
static int probe_populate(const char *step, size_t mib, int advice, long *huge_before, long *huge_after)
{
	size_t len = mib << 20;
	struct probe_mark a, b;
	uint8_t *p;

	*huge_before = probe_anon_huge_kib();
	p = probe_map(len, advice);
	a = probe_now();
	if (!p || madvise(p, len, MADV_POPULATE_WRITE) < 0) {
		printf("memprobe step=%s error=madvise\n", step);
		return -1;
	}
	b = probe_now();
	*huge_after = probe_anon_huge_kib();
	probe_say(step, mib, &a, &b);
	munmap(p, len);
	return 0;
}

/* One write step: len bytes into p, 64 KiB at a time. */
static void probe_write(const char *step, size_t mib, uint8_t *p, const uint8_t *src)
{
	struct probe_mark a = probe_now(), b;

	for (size_t at = 0; at < mib << 20; at += PROBE_CHUNK)
		memcpy(p + at, src, PROBE_CHUNK);
	b = probe_now();
	probe_say(step, mib, &a, &b);
}

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 256, len = mib << 20;
	static uint8_t src[PROBE_CHUNK], reused[PROBE_CHUNK];
	struct probe_mark a, b;
	uint8_t *p;
	long h0, h1, unused;

	memset(src, 0x5a, sizeof(src));
	if (probe_populate("populate-2m", mib, MADV_HUGEPAGE, &h0, &h1) < 0)
		return 1;
	printf("memprobe anon_huge_kib_before=%ld after=%ld\n", h0, h1);
	if (probe_populate("populate-4k", mib, MADV_NOHUGEPAGE, &unused, &unused) < 0)
		return 1;

	p = probe_map(len, MADV_HUGEPAGE);
	if (!p)
		return 1;
	probe_write("write-fresh", mib, p, src);
	probe_write("write-again", mib, p, src);
	munmap(p, len);

	a = probe_now();
	for (size_t at = 0; at < len; at += PROBE_CHUNK) {
		memcpy(reused, src, PROBE_CHUNK);
		__asm__ volatile("" : : "r"(reused) : "memory");
	}
	b = probe_now();
	probe_say("write-reused", mib, &a, &b);
	return 0;
}
