// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/blockdev.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/clock.h"

#include <blkid/blkid.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void blockdev_done(struct blockdev *d)
{
	free(d->name);
	free(d->node);
	free(d->disk);
	free(d->fstype);
	free(d->uuid);
	free(d->label);
	free(d->partuuid);
	free(d->partlabel);
	free(d->parttype);
	free(d->pttype);
}

void blockdev_list_done(struct blockdev_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		blockdev_done(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

bool blockdev_is_candidate(const struct blockdev *d)
{
	static const char *const fs[] = { "ext2", "ext3", "ext4", "vfat", "xfs", "btrfs", "iso9660" };

	if (!d->fstype)
		return false;
	for (size_t i = 0; i < sizeof(fs) / sizeof(fs[0]); i++)
		if (strcmp(d->fstype, fs[i]) == 0)
			return true;
	return false;
}

static bool blockdev_skip_name(const char *n)
{
	static const char *const skip[] = { "loop", "ram", "zram", "nbd", "md", "dm-", "fd" };

	for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (strncmp(n, skip[i], strlen(skip[i])) == 0)
			return true;
	return n[0] == '.';
}

static char *blockdev_sysattr(int sysfd, const char *name, const char *attr)
{
	_cleanup_free_ char *p = NULL;
	char *buf = NULL;

	if (asprintf(&p, "class/block/%s/%s", name, attr) < 0) {
		p = NULL;
		return NULL;
	}
	if (file_read_at(sysfd, p, 4096, &buf, NULL) < 0)
		return NULL;
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/* The parent disk of a partition: the directory above it in the sysfs device path. */
static char *blockdev_parent(int sysfd, const char *name)
{
	_cleanup_free_ char *part = blockdev_sysattr(sysfd, name, "partition");
	char link[4096], rel[512];
	char *last, *prev;
	ssize_t n;

	if (!part)
		return NULL;
	snprintf(rel, sizeof(rel), "class/block/%s", name);
	n = readlinkat(sysfd, rel, link, sizeof(link) - 1);
	if (n <= 0)
		return NULL;
	link[n] = '\0';
	last = strrchr(link, '/');
	if (!last)
		return NULL;
	*last = '\0';
	prev = strrchr(link, '/');
	return strdup(prev ? prev + 1 : link);
}

static int blockdev_take(blkid_probe pr, const char *key, char **dst)
{
	const char *v = NULL;

	if (blkid_probe_lookup_value(pr, key, &v, NULL) != 0 || !v)
		return 0;
	*dst = strdup(v);
	return *dst ? 0 : -ENOMEM;
}

static int blockdev_probe(struct blockdev *d)
{
	blkid_probe pr = blkid_new_probe_from_filename(d->node);
	int r;

	if (!pr)
		return -errno ? -errno : -EIO;
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_LABEL | BLKID_SUBLKS_UUID | BLKID_SUBLKS_TYPE);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
	r = blkid_do_safeprobe(pr);
	if (r == -2) {
		blkid_free_probe(pr);
		return -ENOTUNIQ; /* ambiguous signatures: never guess */
	}
	if (r < 0) {
		blkid_free_probe(pr);
		return -EIO;
	}
	r = 0;
	r |= blockdev_take(pr, "TYPE", &d->fstype);
	r |= blockdev_take(pr, "UUID", &d->uuid);
	r |= blockdev_take(pr, "LABEL", &d->label);
	r |= blockdev_take(pr, "PART_ENTRY_UUID", &d->partuuid);
	r |= blockdev_take(pr, "PART_ENTRY_NAME", &d->partlabel);
	r |= blockdev_take(pr, "PART_ENTRY_TYPE", &d->parttype);
	r |= blockdev_take(pr, "PTTYPE", &d->pttype);
	blkid_free_probe(pr);
	return r < 0 ? -ENOMEM : 0;
}

static int blockdev_name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct blockdev *)a)->name, ((const struct blockdev *)b)->name);
}

/* One device's probe, on its own thread: libblkid reads the device, and under
 * emulation (and on slow disks) the reads of several devices overlap. */
struct blockdev_probe_job {
	struct blockdev *d;
	int r;
	pthread_t thread;
	bool started;
};

static void *blockdev_probe_thread(void *arg)
{
	struct blockdev_probe_job *j = arg;

	j->r = blockdev_probe(j->d);
	return NULL;
}

/* Probes l->v[0..n) at once (in threads when it can make them) and drops what fails. */
static int blockdev_probe_all(const char *sys_root, struct blockdev_list *l, struct diag_list *diags)
{
	struct blockdev_probe_job *jobs = calloc(l->n ? l->n : 1, sizeof(*jobs));
	size_t kept = 0;
	int r = 0;

	if (!jobs)
		return -ENOMEM;
	for (size_t i = 0; i < l->n; i++) {
		jobs[i].d = &l->v[i];
		jobs[i].started = pthread_create(&jobs[i].thread, NULL, blockdev_probe_thread, &jobs[i]) == 0;
		if (!jobs[i].started)
			blockdev_probe_thread(&jobs[i]); /* no thread to be had: probe it here */
	}
	for (size_t i = 0; i < l->n; i++) {
		if (jobs[i].started)
			pthread_join(jobs[i].thread, NULL);
		if (jobs[i].r == -ENOMEM)
			r = -ENOMEM;
	}
	(void)sys_root;
	for (size_t i = 0; i < l->n; i++) {
		struct blockdev *d = &l->v[i];

		if (jobs[i].r < 0) {
			/*
			 * Reported once per scan; the device is skipped, the scan goes
			 * on. An empty drive (a CD-ROM or card reader without a disc:
			 * open() says ENOMEDIUM, while sysfs gives sr a nominal size) is
			 * no problem, like the size-0 card reader above; a disc put in
			 * later is found by the next scan.
			 */
			if (jobs[i].r != -ENOMEM && jobs[i].r != -ENOMEDIUM)
				diag_add(diags, d->node, 0, "cannot probe: %s",
					 jobs[i].r == -ENOTUNIQ ? "ambiguous signatures" : strerror(-jobs[i].r));
			blockdev_done(d);
			continue;
		}
		l->v[kept++] = *d;
	}
	l->n = kept;
	free(jobs);
	return r;
}

int blockdev_scan(const char *sys_root, const char *dev_root, struct blockdev_list *out, struct diag_list *diags)
{
	_cleanup_close_ int sysfd = -1;
	struct blockdev_list l = { 0 };
	struct dirent *de;
	DIR *dir;
	int fd, r = 0;

	sysfd = open(sys_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sysfd < 0)
		return -errno;
	fd = openat(sysfd, "class/block", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return -errno;
	}
	/* What sysfs says first (cheap), then every probe at once. */
	while ((de = readdir(dir)) && r >= 0) {
		struct blockdev d = { 0 };
		char *size, *rem;
		struct blockdev *v;

		if (blockdev_skip_name(de->d_name))
			continue;
		if (l.n >= BLOCKDEV_MAX) {
			diag_add(diags, sys_root, 0, "more than %u block devices; rest ignored", BLOCKDEV_MAX);
			break;
		}
		size = blockdev_sysattr(sysfd, de->d_name, "size");
		if (size && strcmp(size, "0") == 0) {
			free(size); /* empty card reader, no medium */
			continue;
		}
		free(size);
		d.name = strdup(de->d_name);
		if (!d.name || asprintf(&d.node, "%s/%s", dev_root, de->d_name) < 0) {
			d.node = NULL;
			blockdev_done(&d);
			r = -ENOMEM;
			break;
		}
		d.disk = blockdev_parent(sysfd, de->d_name);
		rem = blockdev_sysattr(sysfd, d.disk ? d.disk : de->d_name, "removable");
		d.removable = rem && strcmp(rem, "1") == 0;
		free(rem);
		v = realloc(l.v, (l.n + 1) * sizeof(*v));
		if (!v) {
			blockdev_done(&d);
			r = -ENOMEM;
			break;
		}
		l.v = v;
		v[l.n++] = d;
	}
	closedir(dir);
	if (r >= 0)
		r = blockdev_probe_all(sys_root, &l, diags);
	if (r < 0) {
		blockdev_list_done(&l);
		return r;
	}
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), blockdev_name_cmp);
	*out = l;
	return 0;
}

static bool blockdev_same_set(const struct blockdev_list *a, const struct blockdev_list *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i].name, b->v[i].name) != 0 ||
		    !!a->v[i].fstype != !!b->v[i].fstype)
			return false;
	return true;
}

int blockdev_scan_settle(const char *sys_root, const char *dev_root, unsigned max_ms, unsigned quiet_ms,
			 struct blockdev_list *out, struct diag_list *diags)
{
	uint64_t start = clock_now_ms(), stable_since = start;
	struct blockdev_list cur = { 0 };
	int r;

	r = blockdev_scan(sys_root, dev_root, &cur, diags);
	if (r < 0)
		return r;
	for (;;) {
		struct blockdev_list next = { 0 };
		uint64_t now = clock_now_ms();
		struct timespec nap = { 0, 200 * 1000000L };

		if (now - start >= max_ms || now - stable_since >= quiet_ms)
			break;
		nanosleep(&nap, NULL);
		/* later scans report nothing new: the first one said it all */
		r = blockdev_scan(sys_root, dev_root, &next, NULL);
		if (r < 0)
			break;
		if (!blockdev_same_set(&cur, &next))
			stable_since = clock_now_ms();
		blockdev_list_done(&cur);
		cur = next;
	}
	*out = cur;
	return 0;
}
