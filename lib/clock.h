/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * clock: the one monotonic clock in milliseconds that timeouts, budgets,
 * retries and the menu's countdown are measured with (never the wall
 * clock, which firmware and NTP may move).
 *
 * clock_coarse_ms() is the same clock as of the last timer tick (a few ms
 * behind at most): the vDSO answers it from memory without reading the
 * clock hardware, which matters on hot paths where the clocksource has no
 * vDSO read (HPET, or a TSC the kernel does not trust under emulation: a
 * system call and an emulated device read each time). For waits of whole
 * timeouts and progress ticks, where a tick's error is nothing.
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

static inline uint64_t clock_coarse_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC_COARSE, &ts) < 0)
		return clock_now_ms(); /* kernels before 2.6.32 */
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

#endif
