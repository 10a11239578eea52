/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * poke: wake whoever polls an eventfd (the sources' stop fd, a worker's
 * "done" fd, the cancel-key watch's fd).
 */
#ifndef KEXBOOT_LIB_POKE_H
#define KEXBOOT_LIB_POKE_H

#include <stdint.h>
#include <unistd.h>

static inline void eventfd_poke(int fd)
{
	uint64_t one = 1;

	/* An eventfd write of 1 fails only past 2^64-2 writes, or on a bad fd
	 * the caller already owns the error of: nothing to report here. */
	(void)!write(fd, &one, sizeof(one));
}

#endif
