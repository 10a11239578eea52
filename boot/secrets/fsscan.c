// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The file-system half of the memory-scan test hook (kexboot.test.memscan):
 * are any secret's bytes in a file kexboot could have written? It walks the
 * in-memory file systems of the boot side (the initramfs root, /tmp, /run,
 * /dev/shm), each without crossing into other mounts, and reads every
 * regular file in chunks looking for the hook's needles (the same locked
 * copy the memory scan uses). The payload's own secret sources are left
 * out: a payload file is where it was put, by design, and is not a copy.
 */
#include "boot/secrets/secrets.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define FSSCAN_CHUNK (1u << 20)
#define FSSCAN_DEPTH 32

struct fsscan {
	const struct secrets_memscan *m;
	const char *const *skip; /* paths under root left out (NULL-terminated) */
	size_t root_len;
	size_t maxlen;
	uint8_t *chunk;
	bool *found;
	uint64_t bytes;
	size_t files;
};

static bool fsscan_skipped(const struct fsscan *f, const char *path)
{
	const char *rel = path + f->root_len;

	for (const char *const *s = f->skip; s && *s; s++) {
		size_t n = strlen(*s);

		if (strncmp(rel, *s, n) == 0 && (rel[n] == '\0' || rel[n] == '/'))
			return true;
	}
	return false;
}

static void fsscan_file(struct fsscan *f, int dirfd, const char *name)
{
	_cleanup_close_ int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	size_t keep = 0; /* bytes carried over from the previous chunk, so a needle across a seam is seen */

	if (fd < 0)
		return;
	f->files++;
	for (;;) {
		ssize_t n = read(fd, f->chunk + keep, FSSCAN_CHUNK - keep);
		size_t have;

		if (n <= 0)
			return;
		f->bytes += (uint64_t)n;
		have = keep + (size_t)n;
		for (size_t i = 0; i < f->m->n; i++)
			if (!f->found[i] && memmem(f->chunk, have, f->m->needles + f->m->v[i].off, f->m->v[i].len))
				f->found[i] = true;
		keep = have < f->maxlen - 1 ? have : f->maxlen - 1;
		memmove(f->chunk, f->chunk + have - keep, keep);
	}
}

/* path: the directory dirfd is, for the skip list; dev: the file system not to leave. */
static void fsscan_dir(struct fsscan *f, int dirfd, const char *path, dev_t dev, int depth)
{
	struct dirent *de;
	DIR *d;
	int fd;

	if (depth > FSSCAN_DEPTH)
		return;
	fd = dup(dirfd);
	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d))) {
		_cleanup_free_ char *sub = NULL;
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || st.st_dev != dev)
			continue;
		if (asprintf(&sub, "%s%s%s", path, path[0] && path[strlen(path) - 1] == '/' ? "" : "/", de->d_name) < 0) {
			sub = NULL;
			continue;
		}
		if (fsscan_skipped(f, sub))
			continue;
		if (S_ISREG(st.st_mode)) {
			fsscan_file(f, dirfd, de->d_name);
		} else if (S_ISDIR(st.st_mode)) {
			_cleanup_close_ int sfd = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);

			if (sfd >= 0)
				fsscan_dir(f, sfd, sub, dev, depth + 1);
		}
	}
	closedir(d);
}

int secrets_fsscan_run(const struct secrets_memscan *m, const char *root, const char *const *tops,
		       const char *const *skip, bool *found, struct diag_list *why)
{
	struct fsscan f = { .m = m, .skip = skip, .root_len = strlen(root), .maxlen = 1, .found = found };
	int nfound = 0;

	for (size_t i = 0; i < m->n; i++) {
		found[i] = false;
		if (m->v[i].len > f.maxlen)
			f.maxlen = m->v[i].len;
	}
	if (!m->n)
		return 0;
	if (f.maxlen >= FSSCAN_CHUNK)
		return diag_fail(why, E2BIG, "fsscan: a secret is larger than the scan's chunk");
	f.chunk = mmap(NULL, FSSCAN_CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (f.chunk == MAP_FAILED)
		return diag_fail(why, errno, "fsscan: %s", strerror(errno));
	for (const char *const *t = tops; *t; t++) {
		_cleanup_free_ char *path = path_join(root, *t);
		_cleanup_close_ int fd = -1;
		struct stat st;

		if (!path)
			continue;
		fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0)
			continue;
		fsscan_dir(&f, fd, path, st.st_dev, 0);
	}
	explicit_bzero(f.chunk, FSSCAN_CHUNK);
	munmap(f.chunk, FSSCAN_CHUNK);
	for (size_t i = 0; i < m->n; i++)
		nfound += found[i];
	(void)diag_note(why, "fsscan: read %" PRIu64 " bytes of %zu file(s)", f.bytes, f.files);
	return nfound;
}
