// SPDX-License-Identifier: GPL-2.0-or-later
/* Shared by unit tests: how much of a range of this process's memory is resident. */
#ifndef KEXBOOT_TESTS_UNIT_RESIDENT_UTIL_H
#define KEXBOOT_TESTS_UNIT_RESIDENT_UTIL_H

#include <stddef.h>

/* How many of the pages holding [p, p + len) are resident (mincore); a failing mincore fails the test. */
size_t resident_pages(const void *p, size_t len);

#endif
