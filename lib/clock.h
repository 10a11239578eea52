/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * clock: the one monotonic clock in milliseconds that timeouts, budgets,
 * retries and the menu's countdown are measured with (never the wall
 * clock, which firmware and NTP may move).
 */
#ifndef KEXBOOT_LIB_CLOCK_H
#define KEXBOOT_LIB_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t clock_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

#endif
