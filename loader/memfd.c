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

int initrd_compose_memfd(const struct kexec_initrd *pieces, size_t n, uint32_t align,
			 const char *proc_root, int *ret_fd, struct diag_list *err)
{
	static const uint8_t zeros[4096];
	uint64_t off[KEXEC_MAX_INITRDS], total, pos = 0;
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *path = NULL;
	char rel[64];
	int r, ro;

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
	snprintf(rel, sizeof(rel), "/proc/self/fd/%d", fd);
	path = path_join(proc_root, rel);
	if (!path)
		return diag_fail(err, ENOMEM, "out of memory");
	ro = open(path, O_RDONLY | O_CLOEXEC);
	if (ro < 0)
		return diag_fail(err, errno, "reopening the initrd memfd via %s: %s", path,
				      strerror(errno));
	*ret_fd = ro;
	return 0;
}
