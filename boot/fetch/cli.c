// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexboot fetch URL: one download through the fetch stage's seam
 * (fetch_ref, the production back ends and their default options) into
 * memory, then one line of figures on stdout:
 *
 *   kexboot-fetch url=URL bytes=N seconds=S mib_s=R hwm_kib=H start_hwm_kib=H0
 *                 user_s=U sys_s=K minflt=F nvcsw=V nivcsw=I store=S sha256=HEX
 *
 * hwm_kib is the process's peak resident set (VmHWM) when the download
 * ended, before anything else touched the image; start_hwm_kib the peak
 * before it began (the binary's own pages). store says where the image
 * lives, and so whether that peak holds it: "heap" (HTTP: anonymous memory,
 * received straight into it: all of the image is in the peak, and a bench
 * subtracts its size to get what the fetch needed beyond it; TFTP the
 * same), "memfd" (pages in the page cache, not this process's RSS until
 * touched; RssShmem cannot tell them apart afterwards: in an initramfs the
 * binary's own pages are shmem too), "file" (file://: a mapping). user_s and sys_s are the CPU
 * time the download took in user space and in the kernel (getrusage), so
 * a bench can tell work from waiting; minflt, nvcsw and nivcsw its minor
 * page faults and its voluntary (waits) and involuntary context switches
 * (getrusage too), the figures `time -v` gives for other tools. The SHA-256 is taken afterwards,
 * outside the timed part.
 * SIGINT and SIGTERM stop the download through the fetch's stop fd.
 * Used by tests/bench/fetch/ in a guest, and by hand.
 */
#include "boot/fetch/fetch.h"
#include "init/commands.h"
#include "lib/sha256.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#define FETCH_CLI_MAX (4ull << 30) /* what one download may hold */

static double fetch_cli_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One "Key:   N kB" field of /proc/self/status, in KiB; -1 when it cannot be read. */
static long fetch_cli_status_kib(const char *key)
{
	FILE *f = fopen("/proc/self/status", "re");
	size_t klen = strlen(key);
	char line[256];
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			v = strtol(line + klen + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/* The process's resource use so far (zeros when it cannot be read). */
static struct rusage fetch_cli_rusage(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) < 0)
		memset(&ru, 0, sizeof(ru));
	return ru;
}

static double fetch_cli_seconds(const struct timeval *tv)
{
	return (double)tv->tv_sec + (double)tv->tv_usec / 1e6;
}

static void fetch_cli_progress(void *arg, const struct fetch_progress *p)
{
	char line[256];

	(void)arg;
	fetch_progress_format(p, line, sizeof(line));
	fprintf(stderr, "%s\n", line);
}

static void fetch_cli_usage(FILE *f)
{
	fprintf(f, "usage: kexboot fetch [--progress] URL\n"
		   "  fetches URL (http://, https://, tftp://, file://) into memory and prints bytes,\n"
		   "  seconds, peak memory and the SHA-256 on one line\n");
}

int cmd_fetch(int argc, char **argv)
{
	struct fetch_ctx ctx = { 0 };
	struct boot_ref ref = { 0 };
	struct diag_list why;
	struct blob b;
	sigset_t stop_signals;
	uint8_t digest[SHA256_DIGEST_SIZE];
	char hex[2 * SHA256_DIGEST_SIZE + 1];
	struct rusage ru0, ru;
	long hwm0, hwm;
	double t0, dt;
	int stop_fd, r, argi = 1;

	if (argi < argc && strcmp(argv[argi], "--progress") == 0) {
		ctx.progress = fetch_cli_progress;
		argi++;
	}
	if (argi < argc && (strcmp(argv[argi], "--help") == 0 || strcmp(argv[argi], "-h") == 0)) {
		fetch_cli_usage(stdout);
		return 0;
	}
	if (argi + 1 != argc) {
		fetch_cli_usage(stderr);
		return 2;
	}
	ref.url = argv[argi];
	/* Ctrl-C or a TERM stops the download the way stopping the sources does: through the stop fd */
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop_signals, NULL);
	stop_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC | SFD_NONBLOCK);
	if (stop_fd >= 0)
		ctx.stop_fd = &stop_fd;
	diag_list_init(&why);
	hwm0 = fetch_cli_status_kib("VmHWM");
	ru0 = fetch_cli_rusage();
	t0 = fetch_cli_now();
	r = fetch_ref(&ctx, &ref, FETCH_CLI_MAX, &b, &why);
	dt = fetch_cli_now() - t0;
	ru = fetch_cli_rusage();
	hwm = fetch_cli_status_kib("VmHWM");
	if (stop_fd >= 0)
		close(stop_fd);
	if (r < 0) {
		fprintf(stderr, "kexboot: fetch: %s\n", diag_reason(&why, strerror(-r)));
		diag_list_done(&why);
		return 1;
	}
	sha256_digest(b.data, b.size, digest);
	sha256_hex(digest, hex);
	printf("kexboot-fetch url=%s bytes=%zu seconds=%.3f mib_s=%.1f hwm_kib=%ld start_hwm_kib=%ld user_s=%.2f sys_s=%.2f "
	       "minflt=%ld nvcsw=%ld nivcsw=%ld store=%s sha256=%s\n",
	       ref.url, b.size, dt, dt > 0 ? (double)b.size / (1 << 20) / dt : 0.0, hwm, hwm0,
	       fetch_cli_seconds(&ru.ru_utime) - fetch_cli_seconds(&ru0.ru_utime),
	       fetch_cli_seconds(&ru.ru_stime) - fetch_cli_seconds(&ru0.ru_stime), ru.ru_minflt - ru0.ru_minflt,
	       ru.ru_nvcsw - ru0.ru_nvcsw, ru.ru_nivcsw - ru0.ru_nivcsw,
	       b.store == BLOB_HEAP ? "heap" : b.store == BLOB_MEMFD ? "memfd" : b.store == BLOB_FILE_MAP ? "file" : "empty",
	       hex);
	blob_release(&b);
	diag_list_done(&why);
	return 0;
}
