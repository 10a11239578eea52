// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/ledger.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ledger_init(struct ledger *l, const char *sys_root)
{
	memset(l, 0, sizeof(*l));
	l->sys_root = strdup(sys_root ? sys_root : "/sys");
	return l->sys_root ? 0 : -ENOMEM;
}

void ledger_done(struct ledger *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].driver_dir);
		free(l->v[i].device);
		free(l->v[i].why);
	}
	free(l->sys_root);
	memset(l, 0, sizeof(*l));
}

/* "<sys_root>/class/block/<name>": a partition has a "partition" file; its disk is the parent dir. */
static int block_disk_dir(const struct ledger *l, const char *block_name, char **ret)
{
	_cleanup_free_ char *p = NULL, *part = NULL, *real = NULL;
	struct stat st;

	if (strchr(block_name, '/') || !*block_name)
		return -EINVAL;
	if (asprintf(&p, "%s/class/block/%s", l->sys_root, block_name) < 0)
		return -ENOMEM;
	real = realpath(p, NULL);
	if (!real)
		return -errno;
	if (asprintf(&part, "%s/partition", real) < 0)
		return -ENOMEM;
	if (stat(part, &st) == 0) {
		char *slash = strrchr(real, '/');

		if (!slash || slash == real)
			return -EINVAL;
		*slash = '\0';
	}
	*ret = TAKE_PTR(real);
	return 0;
}

/* Records the device devlink points at and the driver bound to it. */
static int note_device(struct ledger *l, const char *devlink, const char *why)
{
	_cleanup_free_ char *dev = NULL, *drvlink = NULL, *drv = NULL;
	const char *base;

	dev = realpath(devlink, NULL);
	if (!dev)
		return -errno;
	if (asprintf(&drvlink, "%s/driver", dev) < 0)
		return -ENOMEM;
	drv = realpath(drvlink, NULL);
	if (!drv)
		return errno == ENOENT ? -ENOENT : -errno;
	base = strrchr(dev, '/');
	base = base ? base + 1 : dev;
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].driver_dir, drv) && !strcmp(l->v[i].device, base))
			return 0;
	if (l->n == LEDGER_MAX)
		return -ENOSPC;
	l->v[l->n].driver_dir = TAKE_PTR(drv);
	l->v[l->n].device = strdup(base);
	l->v[l->n].why = strdup(why);
	if (!l->v[l->n].device || !l->v[l->n].why) {
		free(l->v[l->n].driver_dir);
		free(l->v[l->n].device);
		free(l->v[l->n].why);
		return -ENOMEM;
	}
	l->n++;
	return 0;
}

int ledger_note_block(struct ledger *l, const char *block_name, const char *why)
{
	_cleanup_free_ char *disk = NULL, *devlink = NULL;
	int r;

	r = block_disk_dir(l, block_name, &disk);
	if (r < 0)
		return r;
	if (asprintf(&devlink, "%s/device", disk) < 0)
		return -ENOMEM;
	return note_device(l, devlink, why ? why : block_name);
}

int ledger_note_net(struct ledger *l, const char *ifname, const char *why)
{
	_cleanup_free_ char *devlink = NULL, *what = NULL;

	if (!*ifname || strchr(ifname, '/') || !strcmp(ifname, ".") || !strcmp(ifname, ".."))
		return -EINVAL;
	if (asprintf(&devlink, "%s/class/net/%s/device", l->sys_root, ifname) < 0)
		return -ENOMEM;
	if (!why && asprintf(&what, "%s (network)", ifname) < 0)
		return -ENOMEM;
	return note_device(l, devlink, why ? why : what);
}

int ledger_quiesce(struct ledger *l, struct diag_list *diags)
{
	int done = 0;

	for (size_t i = l->n; i-- > 0;) {
		const struct ledger_device *d = &l->v[i];
		_cleanup_free_ char *unbind = NULL;
		_cleanup_close_ int fd = -1;
		int r;

		if (asprintf(&unbind, "%s/unbind", d->driver_dir) < 0)
			return -ENOMEM;
		fd = open(unbind, O_WRONLY | O_CLOEXEC);
		r = fd < 0 ? -errno : fd_write_all(fd, d->device, strlen(d->device));
		if (r < 0) {
			diag_add(diags, unbind, 0, "cannot unbind %s (%s): %s", d->device, d->why, strerror(-r));
			continue;
		}
		done++;
	}
	return done;
}
