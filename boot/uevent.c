// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/uevent.h"

#include <errno.h>
#include <linux/netlink.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *uevent_value(const char *field, size_t flen, const char *key)
{
	size_t klen = strlen(key);

	if (flen > klen && memcmp(field, key, klen) == 0 && field[klen] == '=')
		return field + klen + 1;
	return NULL;
}

int uevent_parse(const char *buf, size_t len, struct uevent *ev)
{
	const char *end = buf + len, *p = buf, *at;
	bool header = true;

	memset(ev, 0, sizeof(*ev));
	if (!buf || len == 0)
		return -EINVAL;
	if (len >= 8 && memcmp(buf, "libudev", 8) == 0)
		return -ENOMSG;
	while (p < end) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t flen;
		const char *v;

		if (!nul)
			break; /* unterminated tail */
		flen = (size_t)(nul - p);
		if (header) {
			/* "add@/devices/..." */
			at = memchr(p, '@', flen);
			if (!at || at == p || at[1] != '/')
				return -EINVAL;
			ev->devpath = at + 1;
			header = false;
		} else if ((v = uevent_value(p, flen, "ACTION"))) {
			ev->action = v;
		} else if ((v = uevent_value(p, flen, "DEVPATH"))) {
			ev->devpath = v;
		} else if ((v = uevent_value(p, flen, "SUBSYSTEM"))) {
			ev->subsystem = v;
		} else if ((v = uevent_value(p, flen, "DEVNAME"))) {
			ev->devname = v;
		} else if ((v = uevent_value(p, flen, "DEVTYPE"))) {
			ev->devtype = v;
		}
		p = nul + 1;
	}
	if (header || !ev->action || !*ev->action)
		return -EINVAL; /* the kernel always sends ACTION= */
	/* DEVNAME may be absolute on some kernels' synthetic events. */
	if (ev->devname && strncmp(ev->devname, "/dev/", 5) == 0)
		ev->devname += 5;
	return 0;
}

int uevent_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
	int size = 1 << 20;

	if (fd < 0)
		return -errno;
	/* A burst of partitions must not overflow the queue while discovery runs. */
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	return fd;
}
