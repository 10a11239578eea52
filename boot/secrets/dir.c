// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The payload source: regular files under <root>/etc/kexboot/secrets/, each
 * read straight into a sensitive blob (no buffer in between). Symlinks,
 * FIFOs, devices, directories, bad names and files over SECRET_MAX_SIZE are
 * skipped with a note naming them.
 */
#include "boot/secrets/internal.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void closedirp(DIR **d)
{
	if (*d)
		closedir(*d);
}

/* Reads fd's st_size bytes into a new sensitive blob; -EAGAIN when the file changed meanwhile. */
static int secret_read_fd(int fd, const struct stat *st, const char *name, struct blob *ret)
{
	struct blob b = BLOB_INIT;
	struct stat after;
	size_t off = 0, size = (size_t)st->st_size;
	int r;

	r = blob_new_heap(size, true, name, &b);
	if (r < 0)
		return r;
	while (off < size) {
		ssize_t n = read(fd, (char *)b.storage + off, size - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r = n < 0 ? -errno : -EAGAIN;
			goto fail;
		}
		off += (size_t)n;
	}
	if (fstat(fd, &after) < 0 || after.st_size != st->st_size || after.st_mtim.tv_sec != st->st_mtim.tv_sec ||
	    after.st_mtim.tv_nsec != st->st_mtim.tv_nsec) {
		r = -EAGAIN;
		goto fail;
	}
	*ret = b;
	return 0;
fail:
	blob_release(&b);
	return r;
}

/* One directory entry: 0 (taken or skipped with a note) or a fatal -errno. */
static int secrets_dir_one(int dfd, const char *name, struct secret_set *set, struct diag_list *why)
{
	_cleanup_close_ int fd = -1;
	struct blob b = BLOB_INIT;
	struct stat st;
	int r;

	if (!secret_name_valid(name))
		return diag_note(why, "secrets: " SECRETS_DIR "/%s: not a valid secret name, skipped", name);
	fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return diag_note(why, "secrets: " SECRETS_DIR "/%s: %s, skipped", name,
				 errno == ELOOP ? "a symbolic link" : strerror(errno));
	if (fstat(fd, &st) < 0)
		return diag_note(why, "secrets: " SECRETS_DIR "/%s: %s, skipped", name, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return diag_note(why, "secrets: " SECRETS_DIR "/%s: not a regular file, skipped", name);
	if ((uint64_t)st.st_size > SECRET_MAX_SIZE)
		return diag_note(why, "secrets: " SECRETS_DIR "/%s: larger than %u bytes, skipped", name,
				 SECRET_MAX_SIZE);
	r = secret_read_fd(fd, &st, name, &b);
	if (r == -ENOMEM || r == -EPERM)
		return diag_fail(why, r, "secrets: no locked memory for '%s': %s", name, strerror(-r));
	if (r < 0)
		return diag_note(why, "secrets: " SECRETS_DIR "/%s: %s, skipped", name,
				 r == -EAGAIN ? "changed while it was read" : strerror(-r));
	return secret_set_take(set, name, "payload", &b, why);
}

int secrets_dir_gather(const struct secrets_ctx *ctx, struct secret_set *set, struct diag_list *why)
{
	_cleanup_free_ char *path = path_join(ctx->root ? ctx->root : "", SECRETS_DIR);
	_cleanup_(closedirp) DIR *d = NULL;
	struct dirent *de;
	int dfd, r;

	if (!path)
		return diag_fail(why, ENOMEM, "secrets: out of memory");
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		if (errno == ENOENT)
			return 0; /* a payload without secrets */
		return diag_note(why, "secrets: " SECRETS_DIR ": %s", strerror(errno));
	}
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return diag_note(why, "secrets: " SECRETS_DIR ": %s", strerror(errno));
	}
	while ((errno = 0, de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		r = secrets_dir_one(dirfd(d), de->d_name, set, why);
		if (r < 0)
			return r;
	}
	return 0;
}
