/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A very small unit-test harness. Each test program lists its tests in an
 * explicit table and calls harness_run(); it prints one line per test and a
 * closing "N passed, N failed" that tests/run.sh adds up.
 *
 *   static void test_foo(void) { CHECK(1 + 1 == 2); CHECK_STREQ(a, "x"); }
 *   static const struct test tests[] = { TEST(foo), };
 *   int main(void) { return harness_run(tests, ARRAY_SIZE(tests)); }
 */
#ifndef KEXBOOT_TESTS_HARNESS_H
#define KEXBOOT_TESTS_HARNESS_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct test {
	const char *name;
	void (*fn)(void);
};

#define TEST(n) { #n, test_##n }

extern int harness_failures; /* failed checks in the current test */

#define CHECK(cond)                                                                 \
	do {                                                                        \
		if (!(cond)) {                                                      \
			fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__,   \
				__LINE__, #cond);                                   \
			harness_failures++;                                         \
		}                                                                   \
	} while (0)

#define CHECK_EQ(a, b)                                                                       \
	do {                                                                                 \
		long long _a = (long long)(a), _b = (long long)(b);                          \
		if (_a != _b) {                                                              \
			fprintf(stderr, "  %s:%d: %s == %s failed: %lld != %lld\n", __FILE__, \
				__LINE__, #a, #b, _a, _b);                                   \
			harness_failures++;                                                  \
		}                                                                            \
	} while (0)

#define CHECK_STREQ(a, b)                                                                  \
	do {                                                                               \
		const char *_a = (a), *_b = (b);                                           \
		if (!_a || !_b || strcmp(_a, _b) != 0) {                                   \
			fprintf(stderr, "  %s:%d: %s == %s failed: \"%s\" != \"%s\"\n",   \
				__FILE__, __LINE__, #a, #b, _a ? _a : "(null)",            \
				_b ? _b : "(null)");                                       \
			harness_failures++;                                                \
		}                                                                          \
	} while (0)

int harness_run(const struct test *tests, size_t n);

/* Directory holding test fixtures (tests/fixtures, or $KEXBOOT_FIXTURES). */
const char *harness_fixtures(void);

#endif
