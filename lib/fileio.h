/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fileio: bounded reads of whole files, relative to a directory fd, so that
 * code that reads /proc, /sys or a mounted partition can be pointed at a
 * fixture tree by tests (the "root prefix" seam).
 */
#ifndef KEXBOOT_LIB_FILEIO_H
#define KEXBOOT_LIB_FILEIO_H

#include <stddef.h>
#include <stdint.h>

/*
 * Reads dirfd/path (dirfd may be AT_FDCWD) into a new NUL-terminated buffer.
 * Fails with -EFBIG when the file holds more than max bytes. On success
 * *ret_buf is owned by the caller and *ret_len (if non-NULL) is the length.
 */
int file_read_at(int dirfd, const char *path, size_t max, char **ret_buf, size_t *ret_len);

/* Writes the whole buffer, retrying short writes and EINTR. */
int fd_write_all(int fd, const void *buf, size_t len);

/* Joins a root prefix ("" or NULL for none) and an absolute path into a new string. */
char *path_join(const char *root, const char *path);

/*
 * The number on the first line of text that starts with key, as /proc files
 * write them ("MemAvailable:   123 kB", "oom_kill 3"): spaces after the key,
 * 1 to max_digits decimal digits, then exactly unit ("" for none) and the
 * line's end. -ENOENT when no line starts with key or that line is not so.
 */
int text_field_u64(const char *text, size_t n, const char *key, const char *unit, unsigned max_digits,
		   uint64_t *ret);

#endif
