// SPDX-License-Identifier: GPL-2.0-or-later
#include "tests/unit/harness.h"

#include <stdlib.h>

int harness_failures;

int harness_run(const struct test *tests, size_t n)
{
	const char *only = getenv("TEST_ONLY");
	unsigned passed = 0, failed = 0;

	for (size_t i = 0; i < n; i++) {
		if (only && strcmp(only, tests[i].name) != 0)
			continue;
		harness_failures = 0;
		tests[i].fn();
		if (harness_failures) {
			printf("FAIL %s\n", tests[i].name);
			failed++;
		} else {
			printf("PASS %s\n", tests[i].name);
			passed++;
		}
		fflush(stdout);
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

const char *harness_fixtures(void)
{
	const char *d = getenv("KEXBOOT_FIXTURES");

	return d ? d : "tests/fixtures";
}
