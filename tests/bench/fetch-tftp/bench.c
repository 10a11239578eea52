// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Times one tftp:// fetch with boot/fetch/tftp.c and prints the figures:
 *   bench URL [BLKSIZE [WINDOWSIZE [nooptions|notsize]]]
 * "bytes=N seconds=S MiB/s=R maxrss_kib=K sha256=..." on one line.
 * Measures only; never asserts on time.
 */
#include "boot/fetch/tftp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

int main(int argc, char **argv)
{
	struct diag_list why = { 0 };
	struct tftp_config cfg;
	struct timespec t0, t1;
	struct rusage ru;
	struct blob b;
	double s;
	int r;

	if (argc < 2) {
		fprintf(stderr, "usage: %s URL [BLKSIZE [WINDOWSIZE [nooptions|notsize]]]\n", argv[0]);
		return 2;
	}
	tftp_config_default(&cfg);
	if (argc > 2)
		cfg.blksize = (unsigned)strtoul(argv[2], NULL, 10);
	if (argc > 3)
		cfg.windowsize = (unsigned)strtoul(argv[3], NULL, 10);
	if (argc > 4 && strcmp(argv[4], "nooptions") == 0)
		cfg.options = false;
	if (argc > 4 && strcmp(argv[4], "notsize") == 0)
		cfg.ask_tsize = false; /* the body grows by doubling */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = tftp_fetch(argv[1], argv[1], 1ull << 32, &cfg, &b, &why);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (r < 0) {
		fprintf(stderr, "%s\n", diag_reason(&why, "failed"));
		return 1;
	}
	s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	blob_sha256(&b);
	getrusage(RUSAGE_SELF, &ru);
	printf("bytes=%zu seconds=%.3f MiB/s=%.1f maxrss_kib=%ld sha256=", b.size, s, (double)b.size / s / 1048576,
	       ru.ru_maxrss);
	for (int i = 0; i < 32; i++)
		printf("%02x", b.sha256[i]);
	printf("\n");
	blob_release(&b);
	return 0;
}
