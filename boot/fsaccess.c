// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/fsaccess.h"
#include "lib/cleanup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* openat2 is called by number: musl and older libcs have no wrapper. */
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#define FSA_RESOLVE_NO_MAGICLINKS 0x02
#define FSA_RESOLVE_IN_ROOT 0x10

struct fsa_open_how {
	uint64_t flags;
	uint64_t mode;
	uint64_t resolve;
};

const char *fsa_strerror(int err)
{
	return err == -FSA_ENOTREG ? "not a regular file" : strerror(-err);
}

int fsa_open_dir(struct fsaccess *fs, const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	memset(fs, 0, sizeof(*fs));
	fs->dirfd = fd;
	return 0;
}

void fsa_init_mem(struct fsaccess *fs, const struct fsa_mem_file *files, size_t n)
{
	memset(fs, 0, sizeof(*fs));
	fs->dirfd = -1;
	fs->files = files;
	fs->n_files = n;
}

void fsa_close(struct fsaccess *fs)
{
	if (fs && fs->dirfd >= 0) {
		close(fs->dirfd);
		fs->dirfd = -1;
	}
}

int fsa_path_normalize(const char *path, char *out)
{
	size_t o = 0;
	const char *p = path;

	while (*p) {
		const char *s;
		size_t n;

		while (*p == '/')
			p++;
		s = p;
		while (*p && *p != '/')
			p++;
		n = (size_t)(p - s);
		if (n == 0 || (n == 1 && s[0] == '.'))
			continue;
		if (n == 2 && s[0] == '.' && s[1] == '.') {
			/* Drop the last component; never climb above the root. */
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			continue;
		}
		if (o + 1 + n + 1 > FSA_PATH_MAX)
			return -ENAMETOOLONG;
		if (o)
			out[o++] = '/';
		memcpy(out + o, s, n);
		o += n;
	}
	if (o == 0)
		out[o++] = '.';
	out[o] = '\0';
	return 0;
}

int fsa_path_clean(const char *path, char **ret)
{
	char rel[FSA_PATH_MAX];
	int r = fsa_path_normalize(path, rel);

	if (r < 0)
		return r;
	if (asprintf(ret, "/%s", strcmp(rel, ".") == 0 ? "" : rel) < 0) {
		*ret = NULL;
		return -ENOMEM;
	}
	return 0;
}

static int fsa_dir_open(const struct fsaccess *fs, const char *rel, int flags)
{
	/* openat2 rejects O_NOCTTY together with O_PATH */
	int extra = (flags & O_PATH) ? 0 : O_NOCTTY;
	struct fsa_open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC | extra),
		.resolve = FSA_RESOLVE_IN_ROOT | FSA_RESOLVE_NO_MAGICLINKS,
	};
	long fd;

	fd = syscall(SYS_openat2, fs->dirfd, rel, &how, sizeof(how));
	if (fd >= 0)
		return (int)fd;
	/* Old kernels or a seccomp filter: lexical normalization already kept ".." inside. */
	if (errno != ENOSYS && errno != EPERM)
		return -errno;
	fd = openat(fs->dirfd, rel, flags | O_CLOEXEC | extra);
	return fd < 0 ? -errno : (int)fd;
}

/*
 * Opens rel for reading only when it is a regular file. O_NONBLOCK: opening
 * a FIFO for reading would otherwise wait for a writer forever; it changes
 * nothing for regular files. Symlinks are still followed (inside the root):
 * distributions link vmlinuz and initrd.img, so O_NOFOLLOW would break them.
 */
static int fsa_dir_open_regular(const struct fsaccess *fs, const char *rel)
{
	struct stat st;
	int fd = fsa_dir_open(fs, rel, O_RDONLY | O_NONBLOCK);

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0) {
		int r = -errno;

		close(fd);
		return r;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -FSA_ENOTREG;
	}
	/* The loader maps and reads this fd as an ordinary blocking file. */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
		int r = -errno;

		close(fd);
		return r;
	}
	return fd;
}

static const struct fsa_mem_file *fsa_mem_find(const struct fsaccess *fs, const char *rel)
{
	char norm[FSA_PATH_MAX];

	for (size_t i = 0; i < fs->n_files; i++)
		if (fsa_path_normalize(fs->files[i].path, norm) == 0 && strcmp(norm, rel) == 0)
			return &fs->files[i];
	return NULL;
}

static bool fsa_mem_is_dir(const struct fsaccess *fs, const char *rel)
{
	char norm[FSA_PATH_MAX];
	size_t n = strlen(rel);

	if (strcmp(rel, ".") == 0)
		return true;
	for (size_t i = 0; i < fs->n_files; i++)
		if (fsa_path_normalize(fs->files[i].path, norm) == 0 && strncmp(norm, rel, n) == 0 &&
		    norm[n] == '/')
			return true;
	return false;
}

static int fsa_copy_out(const char *data, size_t len, char **ret_buf, size_t *ret_len)
{
	char *b = malloc(len + 1);

	if (!b)
		return -ENOMEM;
	if (len)
		memcpy(b, data, len);
	b[len] = '\0';
	*ret_buf = b;
	if (ret_len)
		*ret_len = len;
	return 0;
}

int fsa_read_range(const struct fsaccess *fs, const char *path, uint64_t off, size_t len,
		   char **ret_buf, size_t *ret_len)
{
	char rel[FSA_PATH_MAX];
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *buf = NULL;
	size_t got = 0;
	int r;

	r = fsa_path_normalize(path, rel);
	if (r < 0)
		return r;
	if (len > SIZE_MAX - 1)
		return -EFBIG;
	if (fs->dirfd < 0) {
		const struct fsa_mem_file *f = fsa_mem_find(fs, rel);

		if (!f)
			return fsa_mem_is_dir(fs, rel) ? -EISDIR : -ENOENT;
		if (off >= f->len)
			return fsa_copy_out("", 0, ret_buf, ret_len);
		if (len > f->len - off)
			len = f->len - (size_t)off;
		return fsa_copy_out((const char *)f->data + off, len, ret_buf, ret_len);
	}
	fd = fsa_dir_open_regular(fs, rel);
	if (fd < 0)
		return fd;
	buf = malloc(len + 1);
	if (!buf)
		return -ENOMEM;
	while (got < len) {
		ssize_t n = pread(fd, buf + got, len - got, (off_t)(off + got));

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	*ret_buf = TAKE_PTR(buf);
	if (ret_len)
		*ret_len = got;
	return 0;
}

int fsa_read(const struct fsaccess *fs, const char *path, size_t max, char **ret_buf, size_t *ret_len)
{
	struct fsa_stat st;
	char *buf = NULL;
	size_t len = 0;
	int r;

	r = fsa_stat(fs, path, &st);
	if (r < 0)
		return r;
	if (st.type == FSA_DIR)
		return -EISDIR;
	if (st.type != FSA_FILE)
		return -FSA_ENOTREG;
	if (st.size > max)
		return -EFBIG;
	/* One byte more than the size tells a file that grew after stat. */
	r = fsa_read_range(fs, path, 0, (size_t)st.size + 1, &buf, &len);
	if (r < 0)
		return r;
	if (len > max) {
		free(buf);
		return -EFBIG;
	}
	*ret_buf = buf;
	if (ret_len)
		*ret_len = len;
	return 0;
}

int fsa_stat(const struct fsaccess *fs, const char *path, struct fsa_stat *ret)
{
	char rel[FSA_PATH_MAX];
	_cleanup_close_ int fd = -1;
	struct stat st;
	int r;

	r = fsa_path_normalize(path, rel);
	if (r < 0)
		return r;
	if (fs->dirfd < 0) {
		const struct fsa_mem_file *f = fsa_mem_find(fs, rel);

		if (f) {
			ret->type = FSA_FILE;
			ret->size = f->len;
			return 0;
		}
		if (fsa_mem_is_dir(fs, rel)) {
			ret->type = FSA_DIR;
			ret->size = 0;
			return 0;
		}
		return -ENOENT;
	}
	fd = fsa_dir_open(fs, rel, O_PATH);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0)
		return -errno;
	ret->type = S_ISREG(st.st_mode) ? FSA_FILE : S_ISDIR(st.st_mode) ? FSA_DIR : FSA_OTHER;
	ret->size = (uint64_t)st.st_size;
	return 0;
}

int fsa_is_file(const struct fsaccess *fs, const char *path)
{
	struct fsa_stat st;

	return fsa_stat(fs, path, &st) == 0 && st.type == FSA_FILE;
}

int fsa_is_dir(const struct fsaccess *fs, const char *path)
{
	struct fsa_stat st;

	return fsa_stat(fs, path, &st) == 0 && st.type == FSA_DIR;
}

int fsa_exists(const struct fsaccess *fs, const char *path)
{
	struct fsa_stat st;

	return fsa_stat(fs, path, &st) == 0;
}

void fsa_names_free(char **names, size_t n)
{
	if (!names)
		return;
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int fsa_names_add(char ***names, size_t *n, const char *name, size_t len)
{
	char **v;
	char *s;

	for (size_t i = 0; i < *n; i++)
		if (strncmp((*names)[i], name, len) == 0 && (*names)[i][len] == '\0')
			return 0;
	if (*n >= FSA_LIST_MAX)
		return -E2BIG;
	s = strndup(name, len);
	if (!s)
		return -ENOMEM;
	v = realloc(*names, (*n + 1) * sizeof(*v));
	if (!v) {
		free(s);
		return -ENOMEM;
	}
	v[(*n)++] = s;
	*names = v;
	return 0;
}

static int fsa_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int fsa_list_mem(const struct fsaccess *fs, const char *rel, char ***names, size_t *n)
{
	char norm[FSA_PATH_MAX];
	bool root = strcmp(rel, ".") == 0;
	size_t rl = root ? 0 : strlen(rel);

	if (!fsa_mem_is_dir(fs, rel))
		return fsa_mem_find(fs, rel) ? -ENOTDIR : -ENOENT;
	for (size_t i = 0; i < fs->n_files; i++) {
		const char *rest;
		size_t len;
		int r;

		if (fsa_path_normalize(fs->files[i].path, norm) < 0)
			continue;
		if (root)
			rest = norm;
		else if (strncmp(norm, rel, rl) == 0 && norm[rl] == '/')
			rest = norm + rl + 1;
		else
			continue;
		len = strcspn(rest, "/");
		r = fsa_names_add(names, n, rest, len);
		if (r < 0)
			return r;
	}
	return 0;
}

int fsa_list(const struct fsaccess *fs, const char *dir, char ***ret_names, size_t *ret_n)
{
	char rel[FSA_PATH_MAX];
	char **names = NULL;
	size_t n = 0;
	DIR *d = NULL;
	int fd, r;

	r = fsa_path_normalize(dir, rel);
	if (r < 0)
		return r;
	if (fs->dirfd < 0) {
		r = fsa_list_mem(fs, rel, &names, &n);
		if (r < 0)
			goto out;
	} else {
		struct dirent *de;

		fd = fsa_dir_open(fs, rel, O_RDONLY | O_DIRECTORY);
		if (fd < 0) {
			r = fd;
			goto out;
		}
		d = fdopendir(fd);
		if (!d) {
			r = -errno;
			close(fd);
			goto out;
		}
		while ((de = readdir(d))) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			r = fsa_names_add(&names, &n, de->d_name, strlen(de->d_name));
			if (r < 0)
				goto out;
		}
	}
	if (n)
		qsort(names, n, sizeof(*names), fsa_name_cmp);
	*ret_names = names;
	*ret_n = n;
	names = NULL;
	r = 0;
out:
	if (d)
		closedir(d);
	fsa_names_free(names, n);
	return r;
}

int fsa_open_file(const struct fsaccess *fs, const char *path)
{
	char rel[FSA_PATH_MAX];
	int r;

	if (fs->dirfd < 0)
		return -EOPNOTSUPP;
	r = fsa_path_normalize(path, rel);
	if (r < 0)
		return r;
	return fsa_dir_open_regular(fs, rel);
}
