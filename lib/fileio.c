// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/fileio.h"
#include "lib/cleanup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int file_read_at(int dirfd, const char *path, size_t max, char **ret_buf, size_t *ret_len)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, cap = 0;

	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n;

		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			char *p;

			if (ncap > max + 1)
				ncap = max + 1;
			if (ncap <= len)
				return -EFBIG;
			p = realloc(buf, ncap + 1);
			if (!p)
				return -ENOMEM;
			buf = p;
			cap = ncap;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max)
			return -EFBIG;
	}
	if (!buf) {
		buf = malloc(1);
		if (!buf)
			return -ENOMEM;
	}
	buf[len] = '\0';
	*ret_buf = TAKE_PTR(buf);
	if (ret_len)
		*ret_len = len;
	return 0;
}

int fd_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

char *path_join(const char *root, const char *path)
{
	size_t rl = root ? strlen(root) : 0, pl = strlen(path);
	char *s;

	while (rl && root[rl - 1] == '/')
		rl--;
	s = malloc(rl + pl + 2);
	if (!s)
		return NULL;
	if (rl)
		memcpy(s, root, rl);
	if (path[0] != '/')
		s[rl++] = '/';
	memcpy(s + rl, path, pl + 1);
	return s;
}

int text_field_u64(const char *text, size_t n, const char *key, const char *unit, unsigned max_digits,
		   uint64_t *ret)
{
	size_t klen = strlen(key), ulen = strlen(unit), i = 0;

	while (i < n) {
		const char *line = text + i, *eol = memchr(line, '\n', n - i);
		size_t len = eol ? (size_t)(eol - line) : n - i, k = klen;
		uint64_t v = 0;
		unsigned digits = 0;

		i += len + 1;
		if (len < k || memcmp(line, key, k) != 0)
			continue;
		while (k < len && line[k] == ' ')
			k++;
		for (; k < len && line[k] >= '0' && line[k] <= '9'; k++) {
			if (++digits > max_digits)
				return -ENOENT;
			v = v * 10 + (uint64_t)(line[k] - '0');
		}
		if (!digits || len - k != ulen || memcmp(line + k, unit, ulen) != 0)
			return -ENOENT;
		*ret = v;
		return 0;
	}
	return -ENOENT;
}
