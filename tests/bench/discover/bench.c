// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Discovery benchmark: runs discover_root() over each directory given on the
 * command line (fixture "partitions"), several rounds, and prints the cost
 * per partition. Figures only; nothing here asserts on time.
 */
#include "boot/discover.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	const int rounds = 5;
	double total = 0, worst = 0;
	size_t entries = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s PARTITION-DIR...\n", argv[0]);
		return 2;
	}
	printf("%-50s %8s %8s\n", "partition", "entries", "ms");
	for (int i = 1; i < argc; i++) {
		double best = 1e9;
		size_t n = 0;

		for (int k = 0; k < rounds; k++) {
			struct boot_set set;
			struct diag_list d;
			double t0, dt;

			boot_set_init(&set);
			diag_list_init(&d);
			t0 = now_ms();
			if (discover_root(argv[i], "root", &set, &d) < 0)
				fprintf(stderr, "%s: discovery failed\n", argv[i]);
			dt = now_ms() - t0;
			if (dt < best)
				best = dt;
			n = set.n_entries;
			boot_set_done(&set);
			diag_list_done(&d);
		}
		printf("%-50s %8zu %8.3f\n", argv[i], n, best);
		total += best;
		entries += n;
		if (best > worst)
			worst = best;
	}
	printf("partitions %d, entries %zu, total %.3f ms, mean %.3f ms/partition, worst %.3f ms (target < 5 ms)\n",
	       argc - 1, entries, total, total / (argc - 1), worst);
	return 0;
}
