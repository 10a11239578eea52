// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SLAAC is the kernel's (RFC 4862): with accept_ra and autoconf on, it
 * takes router advertisements, adds an address per advertised on-link
 * prefix with the A flag, and the default route. kexboot only makes sure
 * both are on for the link it brings up; the files are under a root prefix
 * so tests point it at a temporary tree.
 */
#include "boot/net/dhcp6.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

/* One knob: read it, write "1" when it holds something else. 1 written, 0 already on. */
static int knob_on(const char *root, const char *ifname, const char *name, struct diag_list *d)
{
	_cleanup_free_ char *path = NULL, *text = NULL;
	_cleanup_close_ int fd = -1;
	int r;

	if (asprintf(&path, "%s/proc/sys/net/ipv6/conf/%s/%s", root && *root ? root : "", ifname, name) < 0)
		return -ENOMEM;
	r = file_read_at(AT_FDCWD, path, 32, &text, NULL);
	if (r < 0)
		return diag_fail(d, r, "%s: %s", path, strerror(-r));
	/* accept_ra 2 (also when forwarding) is on too; only 0 needs changing. */
	if (text[0] != '0')
		return 0;
	fd = open(path, O_WRONLY | O_CLOEXEC | O_TRUNC);
	if (fd < 0)
		return diag_fail(d, errno, "%s: %s", path, strerror(errno));
	r = fd_write_all(fd, "1\n", 2);
	if (r < 0)
		return diag_fail(d, r, "%s: %s", path, strerror(-r));
	return 1;
}

int net_slaac_enable(const char *root, const char *ifname, unsigned *changed, struct diag_list *d)
{
	static const char *const knobs[] = { "accept_ra", "autoconf" };
	unsigned n = 0;

	if (!ifname[0] || strchr(ifname, '/') || strcmp(ifname, ".") == 0 || strcmp(ifname, "..") == 0)
		return diag_fail(d, EINVAL, "%s: not an interface name", ifname);
	for (size_t i = 0; i < ARRAY_SIZE(knobs); i++) {
		int r = knob_on(root, ifname, knobs[i], d);

		if (r < 0)
			return r;
		n += (unsigned)r;
	}
	*changed = n;
	return 0;
}
