/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Scope-bound cleanup helpers (hosted code only; the purgatory never sees
 * this header). A variable declared _cleanup_free_ is freed when it leaves
 * scope; TAKE_PTR() hands ownership on and leaves NULL behind.
 */
#ifndef KEXBOOT_LIB_CLEANUP_H
#define KEXBOOT_LIB_CLEANUP_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define _cleanup_(f) __attribute__((cleanup(f)))

static inline void freep(void *p)
{
	free(*(void **)p);
}

static inline void closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}

static inline void fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}

#define _cleanup_free_ _cleanup_(freep)
#define _cleanup_close_ _cleanup_(closep)
#define _cleanup_fclose_ _cleanup_(fclosep)

#define TAKE_PTR(p)                         \
	({                                  \
		__typeof__(p) _tp_ = (p);   \
		(p) = NULL;                 \
		_tp_;                       \
	})

#define TAKE_FD(fd)                         \
	({                                  \
		int _tf_ = (fd);            \
		(fd) = -1;                  \
		_tf_;                       \
	})

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
