// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memfd: the load step's files for the file-based kexec interface (loader/load.h). Kept
 * apart from the planners: it opens files, they never do.
 */
#include "loader/internal.h"
#include "loader/load.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

/* A read-only descriptor for the memfd fd, reopened through <proc_root>/proc/self/fd. */
static int memfd_reopen_ro(int fd, const char *proc_root, int *ret_fd, struct diag_list *err)
{
	_cleanup_free_ char *path = NULL;
	char rel[64];
	int ro;

	snprintf(rel, sizeof(rel), "/proc/self/fd/%d", fd);
	path = path_join(proc_root, rel);
	if (!path)
		return diag_fail(err, ENOMEM, "out of memory");
	ro = open(path, O_RDONLY | O_CLOEXEC);
	if (ro < 0)
		return diag_fail(err, errno, "reopening the initrd memfd via %s: %s", path, strerror(errno));
	*ret_fd = ro;
	return 0;
}

int initrd_compose_memfd(const struct kexec_initrd *pieces, size_t n, uint32_t align,
			 const char *proc_root, int *ret_fd, struct diag_list *err)
{
	static const uint8_t zeros[4096];
	uint64_t off[KEXEC_MAX_INITRDS], total, pos = 0;
	_cleanup_close_ int fd = -1;
	int r;

	r = initrd_layout(pieces, n, align, off, &total, err);
	if (r < 0)
		return r;
	fd = memfd_create("kexboot-initrd", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return diag_fail(err, errno, "memfd_create: %s", strerror(errno));
	for (size_t i = 0; i < n; i++) {
		while (pos < off[i]) {
			size_t z = off[i] - pos < sizeof(zeros) ? (size_t)(off[i] - pos) : sizeof(zeros);

			r = fd_write_all(fd, zeros, z);
			if (r < 0)
				return diag_fail(err, -r, "initrd memfd: %s", strerror(-r));
			pos += z;
		}
		r = fd_write_all(fd, pieces[i].data, pieces[i].size);
		if (r < 0)
			return diag_fail(err, -r, "initrd memfd: %s: %s", pieces[i].name,
					      strerror(-r));
		pos += pieces[i].size;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0)
		return diag_fail(err, errno, "initrd memfd: sealing: %s", strerror(errno));
	return memfd_reopen_ro(fd, proc_root, ret_fd, err);
}

/*
 * The wipeable region: the bytes go in through one shared writable
 * mapping (never write(2), whose failure would leave a partial copy the
 * process can no longer reach), locked until it is wiped, and the memfd is sealed with
 * F_SEAL_FUTURE_WRITE instead of F_SEAL_WRITE, which forbids every new
 * writer but leaves that mapping able to wipe. The writable descriptor is
 * closed before the kernel sees the read-only one.
 */
int initrd_memfd_compose(const struct kexec_initrd *pieces, size_t n, uint32_t align, const char *proc_root,
			 struct initrd_memfd *ret, struct diag_list *err)
{
	uint64_t off[KEXEC_MAX_INITRDS], total;
	struct initrd_memfd m = { .fd = -1 };
	_cleanup_close_ int fd = -1;
	int r;

	*ret = (struct initrd_memfd){ .fd = -1 };
	r = initrd_layout(pieces, n, align, off, &total, err);
	if (r < 0)
		return r;
	if (total > SIZE_MAX)
		return diag_fail(err, EFBIG, "initrd memfd: too large");
	fd = memfd_create("kexboot-initrd", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return diag_fail(err, errno, "memfd_create: %s", strerror(errno));
	if (ftruncate(fd, (off_t)total) < 0)
		return diag_fail(err, errno, "initrd memfd: %s", strerror(errno));
	if (total) {
		m.map = mmap(NULL, (size_t)total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (m.map == MAP_FAILED)
			return diag_fail(err, errno, "initrd memfd: cannot map: %s", strerror(errno));
		m.map_len = (size_t)total;
		/* Locked like the sensitive blobs it copies (no swap, no dump) until initrd_memfd_done(). */
		if (mlock(m.map, m.map_len) < 0) {
			r = diag_fail(err, errno, "initrd memfd: cannot lock: %s", strerror(errno));
			initrd_memfd_done(&m);
			return r;
		}
		(void)madvise(m.map, m.map_len, MADV_DONTDUMP);
	}
	for (size_t i = 0; i < n; i++)
		if (pieces[i].size)
			memcpy((uint8_t *)m.map + off[i], pieces[i].data, (size_t)pieces[i].size);
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_FUTURE_WRITE | F_SEAL_SEAL) < 0)
		r = diag_fail(err, errno, "initrd memfd: sealing: %s", strerror(errno));
	else
		r = memfd_reopen_ro(fd, proc_root, &m.fd, err);
	if (r < 0) {
		initrd_memfd_done(&m);
		return r;
	}
	*ret = m;
	return 0;
}

void initrd_memfd_done(struct initrd_memfd *m)
{
	if (m->map) {
		explicit_bzero(m->map, m->map_len);
		munmap(m->map, m->map_len);
	}
	if (m->fd >= 0)
		close(m->fd);
	*m = (struct initrd_memfd){ .fd = -1 };
}
