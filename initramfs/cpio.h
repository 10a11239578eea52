/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A newc ("070701") cpio writer, the format the kernel unpacks initramfs
 * archives from. Output is deterministic: inode numbers count up from 1,
 * mtime, uid and gid are 0 unless the caller says otherwise. It writes to a
 * sink callback, so the same code packs the payload initramfs to a file
 * (mkcpio) and kexboot's generated initrd into memory (boot/compose/).
 */
#ifndef KEXBOOT_INITRAMFS_CPIO_H
#define KEXBOOT_INITRAMFS_CPIO_H

#include <stddef.h>
#include <stdint.h>

#define CPIO_NAME_MAX 4096
#define CPIO_FILE_MAX 0xffffffffu /* newc stores sizes in 32 bits */

struct cpio_writer {
	int (*sink)(void *userdata, const void *buf, size_t len); /* 0 or -errno */
	void *userdata;
	uint32_t next_ino;
	uint64_t offset; /* bytes written so far */
	int error;       /* first sink error, sticky */
};

void cpio_writer_init(struct cpio_writer *w, int (*sink)(void *, const void *, size_t), void *userdata);

/* mode carries the file type bits (S_IFREG, S_IFDIR, ...). */
int cpio_add_entry(struct cpio_writer *w, const char *name, uint32_t mode, uint32_t rdev_major,
		   uint32_t rdev_minor, const void *data, size_t size);
int cpio_add_file(struct cpio_writer *w, const char *name, uint32_t perm, const void *data, size_t size);
int cpio_add_dir(struct cpio_writer *w, const char *name, uint32_t perm);
int cpio_add_symlink(struct cpio_writer *w, const char *name, const char *target);
int cpio_add_char_device(struct cpio_writer *w, const char *name, uint32_t perm, uint32_t major,
			 uint32_t minor);
/* Writes the TRAILER!!! entry and pads the archive to a multiple of 4. */
int cpio_finish(struct cpio_writer *w);

/* A sink that appends to a struct strbuf (userdata). */
int cpio_sink_strbuf(void *userdata, const void *buf, size_t len);
/*
 * Two sinks for archives written straight into memory the caller owns (the
 * generated initrd's sensitive blob): a first pass counts the bytes
 * (userdata: a size_t starting at 0), the caller allocates exactly that,
 * and a second pass fills it (userdata: a struct cpio_mem). The writer is
 * deterministic, so both passes agree; the fill never reallocates, so no
 * stale copy of the bytes is left behind. -ENOSPC past cap.
 */
struct cpio_mem {
	uint8_t *buf; /* borrowed */
	size_t cap;
	size_t len;   /* bytes written so far */
};
int cpio_sink_count(void *userdata, const void *buf, size_t len);
int cpio_sink_mem(void *userdata, const void *buf, size_t len);
/* A sink that writes to a file descriptor (userdata points to an int). */
int cpio_sink_fd(void *userdata, const void *buf, size_t len);

#endif
