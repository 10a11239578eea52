// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/fetch/memavail.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

int meminfo_available(const char *text, size_t n, uint64_t *ret_bytes)
{
	uint64_t kb;
	/* kB; 15 digits stay far from overflow once multiplied */
	int r = text_field_u64(text, n, "MemAvailable:", " kB", 15, &kb);

	if (r == 0)
		*ret_bytes = kb * 1024;
	return r;
}

int mem_available(const char *root, uint64_t *ret_bytes)
{
	_cleanup_free_ char *path = path_join(root, "/proc/meminfo"), *text = NULL;
	size_t len = 0;
	int r;

	if (!path)
		return -ENOMEM;
	r = file_read_at(AT_FDCWD, path, MEMINFO_MAX, &text, &len);
	if (r < 0)
		return r;
	return meminfo_available(text, len, ret_bytes);
}
