// SPDX-License-Identifier: GPL-2.0-or-later
#include "initramfs/cpio.h"
#include "lib/fileio.h"
#include "lib/strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

void cpio_writer_init(struct cpio_writer *w, int (*sink)(void *, const void *, size_t), void *userdata)
{
	memset(w, 0, sizeof(*w));
	w->sink = sink;
	w->userdata = userdata;
	w->next_ino = 1;
}

static int cpio_emit(struct cpio_writer *w, const void *buf, size_t len)
{
	int r;

	if (w->error)
		return w->error;
	if (!len)
		return 0;
	r = w->sink(w->userdata, buf, len);
	if (r < 0) {
		w->error = r;
		return r;
	}
	w->offset += len;
	return 0;
}

static int cpio_pad4(struct cpio_writer *w)
{
	static const char zeros[4];

	return cpio_emit(w, zeros, (4 - (w->offset & 3)) & 3);
}

int cpio_add_entry(struct cpio_writer *w, const char *name, uint32_t mode, uint32_t rdev_major,
		   uint32_t rdev_minor, const void *data, size_t size)
{
	char hdr[111];
	size_t namelen;
	int r;

	/* The kernel wants relative names; "/init" and "init" mean the same. */
	while (*name == '/')
		name++;
	namelen = strlen(name) + 1;
	if (namelen == 1 || namelen > CPIO_NAME_MAX)
		return -ENAMETOOLONG;
	if (size > CPIO_FILE_MAX)
		return -EFBIG;
	snprintf(hdr, sizeof(hdr),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 w->next_ino++, mode, 0u, 0u, S_ISDIR(mode) ? 2u : 1u, 0u, (uint32_t)size, 0u, 0u,
		 rdev_major, rdev_minor, (uint32_t)namelen, 0u);
	r = cpio_emit(w, hdr, 110);
	if (r >= 0)
		r = cpio_emit(w, name, namelen);
	if (r >= 0)
		r = cpio_pad4(w);
	if (r >= 0)
		r = cpio_emit(w, data, size);
	if (r >= 0)
		r = cpio_pad4(w);
	return r;
}

int cpio_add_file(struct cpio_writer *w, const char *name, uint32_t perm, const void *data, size_t size)
{
	return cpio_add_entry(w, name, S_IFREG | (perm & 07777), 0, 0, data, size);
}

int cpio_add_dir(struct cpio_writer *w, const char *name, uint32_t perm)
{
	return cpio_add_entry(w, name, S_IFDIR | (perm & 07777), 0, 0, NULL, 0);
}

int cpio_add_symlink(struct cpio_writer *w, const char *name, const char *target)
{
	return cpio_add_entry(w, name, S_IFLNK | 0777, 0, 0, target, strlen(target));
}

int cpio_add_char_device(struct cpio_writer *w, const char *name, uint32_t perm, uint32_t major,
			 uint32_t minor)
{
	return cpio_add_entry(w, name, S_IFCHR | (perm & 07777), major, minor, NULL, 0);
}

int cpio_finish(struct cpio_writer *w)
{
	/* The trailer is entry number 0 by convention, so don't count it. */
	uint32_t ino = w->next_ino;
	int r;

	w->next_ino = 0;
	r = cpio_add_entry(w, "TRAILER!!!", 0, 0, 0, NULL, 0);
	w->next_ino = ino;
	return r;
}

int cpio_sink_strbuf(void *userdata, const void *buf, size_t len)
{
	return strbuf_append(userdata, buf, len);
}

int cpio_sink_count(void *userdata, const void *buf, size_t len)
{
	size_t *total = userdata;

	(void)buf;
	if (len > SIZE_MAX - *total)
		return -EOVERFLOW;
	*total += len;
	return 0;
}

int cpio_sink_mem(void *userdata, const void *buf, size_t len)
{
	struct cpio_mem *m = userdata;

	if (m->len > m->cap || len > m->cap - m->len)
		return -ENOSPC;
	memcpy(m->buf + m->len, buf, len);
	m->len += len;
	return 0;
}

int cpio_sink_fd(void *userdata, const void *buf, size_t len)
{
	return fd_write_all(*(int *)userdata, buf, len);
}
