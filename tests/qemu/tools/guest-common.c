// SPDX-License-Identifier: GPL-2.0-or-later
/* What the guest tools share (see guest-common.h). Inside QEMU guests only. */
#include "tests/qemu/tools/guest-common.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#define KMSG_LEVEL "<5>" /* notice */

void guest_say(const char *tag, int fallback_fd, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n, fd;

	n = snprintf(line, sizeof(line), KMSG_LEVEL "%s: ", tag);
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(line) - 1)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if ((fd < 0 || write(fd, line, (size_t)n) < 0) && fallback_fd >= 0) {
		const size_t skip = sizeof(KMSG_LEVEL) - 1;

		(void)!write(fallback_fd, line + skip, (size_t)n - skip);
	}
	if (fd >= 0)
		close(fd);
}

ssize_t guest_read_text(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return n;
}
