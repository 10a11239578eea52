/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fsaccess: the only way parsers reach files on a volume (a server's files
 * are read by URL through the source context, boot/source.h). A struct
 * fsaccess is a read-only view of one filesystem tree: a directory fd (a
 * fixture directory in tests, a mounted partition in production) or an
 * in-memory file table (unit tests, fuzz targets). Paths are interpreted
 * inside that tree: a leading '/' means the tree's root, "." and ".." are
 * resolved lexically and never climb above the root, and with a directory fd
 * symlinks are resolved inside the root too (openat2 RESOLVE_IN_ROOT where
 * the kernel has it).
 *
 * Every read has a caller-given size cap; list results are capped at
 * FSA_LIST_MAX names.
 */
#ifndef KEXBOOT_BOOT_FSACCESS_H
#define KEXBOOT_BOOT_FSACCESS_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#define FSA_LIST_MAX 4096
#define FSA_PATH_MAX 4096

/*
 * What a read of a FIFO, device or socket returns (negated): a hostile disk
 * may put one where a config is expected, and reading it would block
 * discovery. Linux has no ENOTREG; fsa_strerror() says "not a regular file".
 */
#define FSA_ENOTREG EMEDIUMTYPE

enum fsa_type {
	FSA_FILE,
	FSA_DIR,
	FSA_OTHER,
};

struct fsa_stat {
	enum fsa_type type;
	uint64_t size;
};

/* One file of an in-memory tree; the table and its buffers are borrowed. */
struct fsa_mem_file {
	const char *path; /* "/boot/grub/grub.cfg" */
	const void *data;
	size_t len;
};

struct fsaccess {
	int dirfd;                         /* owned when >= 0 */
	const struct fsa_mem_file *files;  /* borrowed; used when dirfd < 0 */
	size_t n_files;
};

/* strerror(-err), with "not a regular file" for -FSA_ENOTREG. */
const char *fsa_strerror(int err);

/* Opens dir as the root of a tree. */
int fsa_open_dir(struct fsaccess *fs, const char *dir);
/* Wraps a borrowed table of files (directories are implied by paths). */
void fsa_init_mem(struct fsaccess *fs, const struct fsa_mem_file *files, size_t n);
void fsa_close(struct fsaccess *fs);

/*
 * Normalizes path into out (size FSA_PATH_MAX) as a relative path without
 * leading '/', "." for the root. Returns 0 or -ENAMETOOLONG.
 */
int fsa_path_normalize(const char *path, char *out);

/* Like fsa_path_normalize, into a new string with a leading '/' ("/" for the root). */
int fsa_path_clean(const char *path, char **ret);

/*
 * Opens a file of a directory-backed tree read-only and returns the fd (the
 * caller closes it): the loader maps kernels and initrds from it instead of
 * copying them. -EOPNOTSUPP for in-memory trees, -FSA_ENOTREG for anything
 * but a regular file (opened without blocking, so a FIFO cannot stall us).
 */
int fsa_open_file(const struct fsaccess *fs, const char *path);

/*
 * Reads a whole file into a new NUL-terminated buffer; -EFBIG beyond max,
 * -FSA_ENOTREG when path is not a regular file (same for fsa_read_range).
 */
int fsa_read(const struct fsaccess *fs, const char *path, size_t max, char **ret_buf, size_t *ret_len);
/* Reads len bytes at off (fewer at end of file) into a new buffer. */
int fsa_read_range(const struct fsaccess *fs, const char *path, uint64_t off, size_t len,
		   char **ret_buf, size_t *ret_len);
/* 0 and *ret filled, or -ENOENT and friends. */
int fsa_stat(const struct fsaccess *fs, const char *path, struct fsa_stat *ret);
int fsa_is_file(const struct fsaccess *fs, const char *path);
int fsa_is_dir(const struct fsaccess *fs, const char *path);
/* Any type. */
int fsa_exists(const struct fsaccess *fs, const char *path);
/* Names in dir (no "." or ".."), sorted with strcmp; free with fsa_names_free. */
int fsa_list(const struct fsaccess *fs, const char *dir, char ***ret_names, size_t *ret_n);
void fsa_names_free(char **names, size_t n);

#endif
