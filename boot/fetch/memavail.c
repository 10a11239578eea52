// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/fetch/memavail.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

int meminfo_available(const char *text, size_t n, uint64_t *ret_bytes)
{
	static const char key[] = "MemAvailable:";
	size_t i = 0;

	while (i < n) {
		const char *line = text + i, *eol = memchr(line, '\n', n - i);
		size_t len = eol ? (size_t)(eol - line) : n - i, k = sizeof(key) - 1;
		uint64_t v = 0;
		unsigned digits = 0;

		i += len + 1;
		if (len < k || memcmp(line, key, k) != 0)
			continue;
		while (k < len && line[k] == ' ')
			k++;
		for (; k < len && line[k] >= '0' && line[k] <= '9'; k++) {
			if (++digits > 15) /* kB; 15 digits stay far from overflow once multiplied */
				return -ENOENT;
			v = v * 10 + (uint64_t)(line[k] - '0');
		}
		if (!digits || len - k != 3 || memcmp(line + k, " kB", 3) != 0)
			return -ENOENT;
		*ret_bytes = v * 1024;
		return 0;
	}
	return -ENOENT;
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
