// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test-only, run inside QEMU guests as the first process (rdinit=/memsqueeze;
 * never on the host): a memory hog the test drives at a moment it chooses.
 * It forks; the parent execs /init (kexboot, still PID 1) with its own
 * arguments; the child waits for /proc and its control line (argv[1] of
 * the hog, default /dev/ttyS1: a second serial port the test writes to),
 * makes itself unkillable by the OOM killer (oom_score_adj -1000), and
 * runs one command a line:
 *
 *   take MIB      take memory (touched and locked) until MemAvailable or
 *                 MemFree is under MIB MiB; the pipeline child, the only
 *                 process the OOM killer may then choose, gets no more
 *   lazy MIB      take MIB MiB, touch it and give it back lazily
 *                 (MADV_FREE): the pages stay, but as reclaimable ones
 *                 they count in MemAvailable, so kexboot's checks pass
 *   grab-on-kexec wait until a process is inside kexec_load(2) (its
 *                 /proc/PID/stack), then write to every lazy page and
 *                 lock it: at once they are the hog's again, without
 *                 allocating, while the kernel copies the image; then
 *                 a second's sleep before it looks or says anything, so
 *                 the next allocation is the kernel's copy, not the hog's
 *   wmark KB      vm.min_free_kbytes := MemFree + KB (the kernel's reserve
 *                 above what is free: allocations that may not retry fail)
 *   release       give everything back, the reserve too
 *
 * Each command's outcome goes to the kernel log (/dev/kmsg: on the serial
 * console) as "memsqueeze: ..." lines (tests/qemu/tools/guest-common.c).
 */
#include "tests/qemu/tools/guest-common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <dirent.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (4ul << 20)
#define CHUNKS_MAX 4096

#define say(...) guest_say("memsqueeze", -1, __VA_ARGS__)

/* A "Key:   N kB" line of /proc/meminfo in KiB; -1 when missing. */
static long meminfo_kb(const char *key)
{
	char buf[4096], *p;

	if (guest_read_text("/proc/meminfo", buf, sizeof(buf)) < 0)
		return -1;
	p = strstr(buf, key);
	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), r = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		r = -errno;
	close(fd);
	return r;
}

static long read_long(const char *path)
{
	char buf[64];

	if (guest_read_text(path, buf, sizeof(buf)) < 0)
		return -1;
	return strtol(buf, NULL, 10);
}

static void *chunks[CHUNKS_MAX];
static size_t sizes[CHUNKS_MAX];
static size_t n_chunks;
static long wmark_was = -1;
static uint8_t *lazy_p;
static size_t lazy_len;

static void lazy(long mib)
{
	long before = meminfo_kb("MemAvailable:");

	if (lazy_p || mib <= 0)
		return;
	lazy_len = (size_t)mib << 20;
	lazy_p = mmap(NULL, lazy_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (lazy_p == MAP_FAILED) {
		say("lazy: mmap: %s", strerror(errno));
		lazy_p = NULL;
		return;
	}
	for (size_t i = 0; i < lazy_len; i += 4096)
		lazy_p[i] = 1;
	if (madvise(lazy_p, lazy_len, MADV_FREE) < 0)
		say("lazy: madvise MADV_FREE: %s", strerror(errno));
	say("lazy: %ld MiB held as reclaimable; MemAvailable %ld MiB before, %ld MiB now", mib, before / 1024,
	    meminfo_kb("MemAvailable:") / 1024);
}

/*
 * The pid of a process (not this one) inside kexec_load(2), or 0. While the
 * kernel copies an image the caller is runnable, not asleep, so its
 * /proc/PID/syscall says "running": its kernel stack (/proc/PID/stack,
 * readable while it is off the CPU, as it is whenever this runs on a
 * single CPU) names the syscall.
 */
static long in_kexec_load(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	char path[64], buf[4096];
	long found = 0;

	if (!d)
		return 0;
	while (!found && (e = readdir(d))) {
		long pid = strtol(e->d_name, NULL, 10);
		ssize_t n;
		int fd;

		if (pid <= 1 || pid == (long)getpid())
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/stack", pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			if (strstr(buf, "kexec_load"))
				found = pid;
		}
	}
	closedir(d);
	return found;
}

static void grab_on_kexec(void)
{
	long pid = 0;
	unsigned waits = 0;
	int mlock_err;

	if (!lazy_p) {
		say("grab-on-kexec: nothing held lazily (lazy MIB first)");
		return;
	}
	/* 2 ms between looks, 10 minutes at most. */
	while (!(pid = in_kexec_load()) && waits++ < 300000)
		usleep(2000);
	if (!pid) {
		say("grab-on-kexec: no kexec_load seen");
		return;
	}
	for (size_t i = 0; i < lazy_len; i += 4096)
		((volatile uint8_t *)lazy_p)[i] = 2;
	mlock_err = mlock(lazy_p, lazy_len) < 0 ? errno : 0;
	/*
	 * Now nothing that allocates until kexec_load has met the shortage: a
	 * look at /proc (an inode) or a line to /dev/kmsg would be the first
	 * allocation to fail, and the OOM report's stack would be this hog's,
	 * not the kernel's copy of the image. A sleep allocates nothing.
	 */
	nanosleep(&(struct timespec){ .tv_sec = 1 }, NULL);
	if (mlock_err)
		say("grab-on-kexec: mlock: %s", strerror(mlock_err));
	say("grabbed %zu MiB back while pid %ld was in kexec_load (a second later: %s); MemAvailable %ld MiB",
	    lazy_len >> 20, pid, in_kexec_load() == pid ? "still in kexec_load" : "out of it",
	    meminfo_kb("MemAvailable:") / 1024);
}

static void take(long mib)
{
	const long stop_kb = mib * 1024;
	size_t step = CHUNK;

	for (;;) {
		long avail = meminfo_kb("MemAvailable:"), free_kb = meminfo_kb("MemFree:");
		void *p;

		if (avail < 0 || free_kb < 0 || avail <= stop_kb || free_kb <= stop_kb || n_chunks == CHUNKS_MAX)
			break;
		/* Close to the line, smaller steps: never past it far enough to wake the OOM killer for nothing. */
		if (avail - stop_kb < 16 * 1024 || free_kb - stop_kb < 16 * 1024)
			step = 256ul << 10;
		p = mmap(NULL, step, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE | MAP_LOCKED,
			 -1, 0);
		if (p == MAP_FAILED) {
			say("take: mmap: %s", strerror(errno));
			break;
		}
		sizes[n_chunks] = step;
		chunks[n_chunks++] = p;
	}
	say("took %zu chunk(s); MemAvailable %ld MiB, MemFree %ld MiB", n_chunks, meminfo_kb("MemAvailable:") / 1024,
	    meminfo_kb("MemFree:") / 1024);
}

static void wmark(long kb)
{
	char text[32];
	long free_kb = meminfo_kb("MemFree:");
	int r;

	if (wmark_was < 0)
		wmark_was = read_long("/proc/sys/vm/min_free_kbytes");
	snprintf(text, sizeof(text), "%ld\n", free_kb + kb);
	r = write_file("/proc/sys/vm/min_free_kbytes", text);
	say("vm.min_free_kbytes %ld -> %ld (MemFree %ld kB): %s", wmark_was, free_kb + kb, free_kb,
	    r < 0 ? strerror(-r) : "ok");
}

static void release(void)
{
	size_t n = n_chunks;

	while (n_chunks) {
		n_chunks--;
		munmap(chunks[n_chunks], sizes[n_chunks]);
	}
	if (lazy_p) {
		munmap(lazy_p, lazy_len);
		lazy_p = NULL;
		n += lazy_len / CHUNK;
	}
	if (wmark_was >= 0) {
		char text[32];

		snprintf(text, sizeof(text), "%ld\n", wmark_was);
		(void)write_file("/proc/sys/vm/min_free_kbytes", text);
		wmark_was = -1;
	}
	say("released %zu chunk(s); MemAvailable %ld MiB", n, meminfo_kb("MemAvailable:") / 1024);
}

static int hog(const char *line_dev)
{
	struct termios t;
	char line[128];
	size_t len = 0;
	unsigned listening = 0;
	int fd;

	while (access("/proc/meminfo", F_OK) != 0 || access(line_dev, F_OK) != 0)
		usleep(100000);
	if (write_file("/proc/self/oom_score_adj", "-1000\n") < 0)
		say("cannot set oom_score_adj: %s", strerror(errno));
	fd = -1;
	for (;;) {
		char c;
		ssize_t n;

		if (fd < 0) {
			fd = open(line_dev, O_RDWR | O_NOCTTY | O_CLOEXEC);
			if (fd < 0) {
				say("%s: %s", line_dev, strerror(errno));
				return 1;
			}
			if (tcgetattr(fd, &t) == 0) {
				cfmakeraw(&t);
				t.c_cflag |= CLOCAL; /* no modem lines: the host coming and going is no hangup */
				(void)tcsetattr(fd, TCSANOW, &t);
			}
			if (!listening++)
				say("listening on %s; MemAvailable %ld MiB", line_dev, meminfo_kb("MemAvailable:") / 1024);
		}
		n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* A hangup leaves the file dead: open the line again. */
			close(fd);
			fd = -1;
			usleep(100000);
			continue;
		}
		if (c != '\n' && c != '\r') {
			if (len < sizeof(line) - 1)
				line[len++] = c;
			continue;
		}
		line[len] = '\0';
		len = 0;
		if (!strncmp(line, "take ", 5))
			take(strtol(line + 5, NULL, 10));
		else if (!strncmp(line, "wmark ", 6))
			wmark(strtol(line + 6, NULL, 10));
		else if (!strncmp(line, "lazy ", 5))
			lazy(strtol(line + 5, NULL, 10));
		else if (!strcmp(line, "grab-on-kexec"))
			grab_on_kexec();
		else if (!strcmp(line, "release"))
			release();
		else if (line[0])
			say("unknown command '%s'", line);
	}
}

int main(int argc, char **argv)
{
	const char *dev = getenv("MEMSQUEEZE_LINE");
	pid_t pid = fork();

	if (pid == 0)
		return hog(dev && *dev ? dev : "/dev/ttyS1");
	(void)argc;
	argv[0] = "/init";
	execv("/init", argv);
	perror("memsqueeze: exec /init");
	return 127;
}
