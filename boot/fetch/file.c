// SPDX-License-Identifier: GPL-2.0-or-later
/* The file back end: volumes the sources found, and file:// URLs. Mapped, never copied. */
#include "boot/fetch/backend.h"
#include "boot/fsaccess.h"
#include "lib/cleanup.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * A volume's disk can go away after discovery (pulled, hot-unplugged): the
 * mount stays, but reading what is not cached fails. The file's first and
 * last bytes are read through the descriptor before it is mapped, so a gone
 * disk is an error with a reason here rather than SIGBUS in whoever first
 * touches the mapping. (Pages in between can still fail later; the child's
 * supervisor catches that.)
 */
static int fetch_file_probe(int fd, const char *name, struct diag_list *why)
{
	struct stat st;
	uint8_t b;

	if (fstat(fd, &st) < 0)
		return diag_fail(why, errno, "%s: %s", name, strerror(errno));
	if (st.st_size <= 0)
		return 0;
	errno = 0;
	if (pread(fd, &b, 1, 0) != 1 || pread(fd, &b, 1, st.st_size - 1) != 1) {
		int e = errno ? errno : EIO;

		return diag_fail(why, e, "%s: cannot be read (%s): is its disk still there?", name, strerror(e));
	}
	return 0;
}

int fetch_file_volume(const struct fetch_ctx *ctx, const struct boot_ref *ref, const char *name, uint64_t max,
		      struct blob *ret, struct diag_list *why)
{
	const struct boot_volume *v = ctx->vols ? boot_volume_find(ctx->vols, ref->device) : NULL;
	_cleanup_close_ int fd = -1;
	int r;

	if (!v)
		return diag_fail(why, ENODEV, "%s: no such device", name);
	/* fsaccess keeps the path inside the volume (no "..", no escaping symlinks). */
	fd = fsa_open_file(v->fs, ref->path);
	if (fd < 0)
		return diag_fail(why, fd, "%s: %s", name, strerror(-fd));
	r = fetch_file_probe(fd, name, why);
	if (r < 0)
		return r;
	return blob_map_fd(fd, max, name, ret, why);
}

int fetch_file_url(const char *url, const char *name, uint64_t max, struct blob *ret, struct diag_list *why)
{
	const char *path = url + strlen("file://");
	_cleanup_close_ int fd = -1;

	/* file:///path or file://localhost/path; other hosts are not this machine. */
	if (strncasecmp(path, "localhost/", 10) == 0)
		path += strlen("localhost");
	if (path[0] != '/')
		return diag_fail(why, EINVAL, "%s: a file:// URL names an absolute path on this machine", name);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		int r = -errno;

		return diag_fail(why, r, "%s: %s", name, strerror(-r));
	}
	return blob_map_fd(fd, max, name, ret, why);
}
