// SPDX-License-Identifier: GPL-2.0-or-later
#include "tests/unit/wipe-watch.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>

void *__real_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int __real_munmap(void *addr, size_t len);
void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int __wrap_munmap(void *addr, size_t len);

static struct wipe_watch watch;

struct wipe_watch *wipe_watch(void)
{
	return &watch;
}

void wipe_watch_reset(void)
{
	memset(&watch, 0, sizeof(watch));
}

void *__wrap_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	if (watch.mmap_fail_at && ++watch.mmap_calls == watch.mmap_fail_at) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	return __real_mmap(addr, len, prot, flags, fd, off);
}

int __wrap_munmap(void *addr, size_t len)
{
	if (watch.needle && memmem(addr, len, watch.needle, strlen(watch.needle)))
		watch.unwiped++;
	return __real_munmap(addr, len);
}
