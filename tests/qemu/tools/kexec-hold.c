// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test-only, run inside QEMU guests (never on the host): a second kexec
 * loader in the same machine, so that the kernel itself answers kexboot's
 * load with EBUSY. It loads an image of one segment of MIB MiB (no bytes
 * given, the kernel allocates and clears every page) at 8 GiB, where a
 * small guest has no RAM (no allocated page is ever a destination page),
 * again and again: each load holds the kernel's kexec lock while it
 * allocates and clears the pages (seconds under TCG), and the next starts
 * at once, so the lock is free only between two syscalls. It stops when
 * STOPFILE exists, unloads what it loaded and says how many loads it made.
 *
 *   kexec-hold MIB STOPFILE
 *
 * The load goes through kexboot's own kernel seam (loader/sys.c). Lines go
 * to the kernel log (/dev/kmsg, shown on the serial console) so a test reads
 * them after the shell that started it is gone.
 */
#include "loader/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define HOLD_DEST 0x200000000ull /* 8 GiB */

static void say(const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n, fd;

	n = snprintf(line, sizeof(line), "<5>kexec-hold: ");
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(line) - 1)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, line, (size_t)n) < 0)
		(void)!write(2, line + 3, (size_t)n - 3);
	if (fd >= 0)
		close(fd);
}

static unsigned long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + (unsigned long long)ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	static struct kexec_plan plan;
	unsigned long long loads = 0, failed = 0, t0, slowest = 0;
	unsigned long mib;
	int r, last = 0;

	if (argc != 3 || !(mib = strtoul(argv[1], NULL, 10))) {
		fprintf(stderr, "usage: kexec-hold MIB STOPFILE\n");
		return 2;
	}
	plan.nr_segments = 1;
	plan.seg[0].mem = HOLD_DEST;
	plan.seg[0].memsz = (uint64_t)mib << 20;
	plan.entry = HOLD_DEST;
	say("loading %lu MiB at 0x%llx until %s exists", mib, HOLD_DEST, argv[2]);
	while (access(argv[2], F_OK) != 0) {
		unsigned long long t = now_ms();

		r = sys_kexec_load(&plan, false);
		t = now_ms() - t;
		if (t > slowest)
			slowest = t;
		if (r < 0) {
			failed++;
			if (r != last)
				say("load %llu: %s", loads + failed, strerror(-r));
			last = r;
			usleep(100000);
			continue;
		}
		if (++loads == 1)
			say("first load done in %llu ms; holding", t);
	}
	t0 = now_ms();
	r = sys_kexec_unload(false);
	say("stopped after %llu load(s) (%llu failed, the longest %llu ms); unloaded: %s (%llu ms)", loads, failed,
	    slowest, r < 0 ? strerror(-r) : "ok", now_ms() - t0);
	return loads ? 0 : 1;
}
