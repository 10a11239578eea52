// SPDX-License-Identifier: GPL-2.0-or-later
/* Resident pages of a range, for unit tests (resident-util.h). */
#include "tests/unit/resident-util.h"
#include "tests/unit/harness.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

size_t resident_pages(const void *p, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), head = (uintptr_t)p % page;
	size_t n = (head + len + page - 1) / page, count = 0;
	unsigned char *vec = calloc(n, 1);

	CHECK(vec != NULL);
	/* mincore wants a page-aligned start */
	CHECK_EQ(mincore((char *)p - head, head + len, vec), 0);
	for (size_t i = 0; i < n; i++)
		count += vec[i] & 1;
	free(vec);
	return count;
}
