/* SPDX-License-Identifier: GPL-2.0-or-later */
/* netwait: bounded waits on a socket, shared by the plain and TLS transports and TFTP (internal to boot/fetch/). */
#ifndef KEXBOOT_BOOT_FETCH_NETWAIT_H
#define KEXBOOT_BOOT_FETCH_NETWAIT_H

#include <stdbool.h>

/*
 * Waits for events on fd for at most ms, and for stop_fd (-1: none) to
 * become readable: 1 ready, 0 timed out, -ECANCELED once stop_fd is
 * readable (checked first, so a stop already asked for wins over a ready
 * socket), another negative errno on error (EINTR is waited through).
 */
int netwait(int fd, short events, unsigned ms, int stop_fd);

/* Sleeps ms unless stop_fd (-1: none) becomes readable: 0 slept, -ECANCELED stopped. */
int netwait_sleep(unsigned ms, int stop_fd);

/* Whether stop_fd (-1: none) is readable now, without waiting. */
bool netwait_stopped(int stop_fd);

/* The fd a `const int *stop_fd` option names: -1 for NULL. */
static inline int netwait_stop_fd(const int *stop_fd)
{
	return stop_fd ? *stop_fd : -1;
}

#endif
