// SPDX-License-Identifier: GPL-2.0-or-later
/* The TPM over a descriptor: one command written, one response read. */
#include "boot/trust/tpm/tpm.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define TPM_TIMEOUT_MS 30000 /* the kernel's driver times a stuck TPM out sooner */

/* A unix socket at path (the kernel's device is never one), or -1 with errno. */
static int tpm_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int fd, e;

	if (stat(path, &st) < 0)
		return -1;
	if (!S_ISSOCK(st.st_mode) || strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENXIO;
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int tpm_open(const char *root, struct tpm *ret, struct diag_list *why)
{
	_cleanup_free_ char *path = path_join(root, "/dev/tpmrm0");
	int fd;

	if (!path)
		return -ENOMEM;
	bool sock = false;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return -ENOENT;
	if (fd < 0 && errno == ENXIO) {
		fd = tpm_connect(path); /* a test's swtpm serving its data channel at the path */
		sock = true;
	}
	if (fd < 0)
		return diag_fail(why, errno, "%s: %m", path);
	*ret = (struct tpm){ .fd = fd, .name = "/dev/tpmrm0", .sock = sock };
	return 0;
}

void tpm_open_fd(int fd, const char *name, struct tpm *ret)
{
	struct stat st;

	*ret = (struct tpm){ .fd = fd, .name = name, .sock = fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode) };
}

/* The whole command; on a socket without SIGPIPE when the other end is gone. */
static int tpm_send(struct tpm *t, const uint8_t *cmd, size_t len)
{
	if (!t->sock)
		return fd_write_all(t->fd, cmd, len);
	while (len) {
		ssize_t n = send(t->fd, cmd, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		cmd += n;
		len -= (size_t)n;
	}
	return 0;
}

void tpm_close(struct tpm *t)
{
	if (t && t->fd >= 0)
		close(t->fd);
	if (t)
		t->fd = -1;
}

/*
 * The character device hands the whole response to one read; a stream
 * socket may split it, so reading goes on until the header's size arrived.
 */
int tpm_transact(struct tpm *t, const uint8_t *cmd, size_t len, uint8_t *resp, size_t cap, struct diag_list *why)
{
	size_t got = 0, want = 10;
	int r;

	if (t->fd < 0)
		return diag_fail(why, EBADF, "TPM: not open");
	r = tpm_send(t, cmd, len);
	if (r < 0)
		return diag_fail(why, r, "%s: sending a command: %s", t->name, strerror(-r));
	while (got < want) {
		struct pollfd p = { .fd = t->fd, .events = POLLIN };
		ssize_t n;

		r = poll(&p, 1, TPM_TIMEOUT_MS);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return diag_fail(why, r < 0 ? errno : ETIMEDOUT, "%s: no answer", t->name);
		n = read(t->fd, resp + got, cap - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return diag_fail(why, errno, "%s: reading the answer: %m", t->name);
		if (n == 0)
			return diag_fail(why, EPIPE, "%s: the answer stopped after %zu bytes", t->name, got);
		got += (size_t)n;
		if (got >= 10) {
			want = (size_t)resp[2] << 24 | (size_t)resp[3] << 16 | (size_t)resp[4] << 8 | resp[5];
			if (want < 10 || want > cap)
				return diag_fail(why, EBADMSG, "%s: an answer of %zu bytes", t->name, want);
		}
	}
	if (got != want)
		return diag_fail(why, EBADMSG, "%s: %zu bytes after an answer of %zu", t->name, got - want, want);
	return (int)got;
}

/* The response's check result, with the TPM's code in the reason. */
static int tpm_answer(struct tpm *t, const char *what, int r, uint32_t rc, struct diag_list *why)
{
	if (r == -EPROTO)
		return diag_fail(why, EIO, "%s: %s: the TPM answered 0x%x", t->name, what, rc);
	if (r < 0)
		return diag_fail(why, r, "%s: %s: a malformed answer", t->name, what);
	return 0;
}

int tpm_get_pcr_banks(struct tpm *t, struct tpm_banks *ret, struct diag_list *why)
{
	uint8_t cmd[TPM_MAX_COMMAND], resp[TPM_MAX_RESPONSE];
	uint32_t rc = 0;
	int n = tpm_cmd_get_pcr_banks(cmd, sizeof(cmd)), r;

	if (n < 0)
		return n;
	r = tpm_transact(t, cmd, (size_t)n, resp, sizeof(resp), why);
	if (r < 0)
		return r;
	r = tpm_resp_get_pcr_banks(resp, (size_t)r, ret, &rc);
	return tpm_answer(t, "reading the PCR banks", r, rc, why);
}

int tpm_pcr_extend(struct tpm *t, uint32_t pcr, const struct tpm_digests *d, struct diag_list *why)
{
	uint8_t cmd[TPM_MAX_COMMAND], resp[TPM_MAX_RESPONSE];
	uint32_t rc = 0;
	int n = tpm_cmd_pcr_extend(cmd, sizeof(cmd), pcr, d), r;

	if (n < 0)
		return diag_fail(why, n, "%s: cannot extend PCR %u", t->name, pcr);
	r = tpm_transact(t, cmd, (size_t)n, resp, sizeof(resp), why);
	if (r < 0)
		return r;
	r = tpm_resp_pcr_extend(resp, (size_t)r, &rc);
	return tpm_answer(t, "extending a PCR", r, rc, why);
}

int tpm_pcr_read(struct tpm *t, uint32_t pcr, uint16_t alg, uint8_t out[TPM_MAX_DIGEST], size_t *ret_size,
		 struct diag_list *why)
{
	uint8_t cmd[TPM_MAX_COMMAND], resp[TPM_MAX_RESPONSE];
	uint32_t rc = 0;
	int n = tpm_cmd_pcr_read(cmd, sizeof(cmd), pcr, alg), r;

	if (n < 0)
		return diag_fail(why, n, "%s: cannot read PCR %u", t->name, pcr);
	r = tpm_transact(t, cmd, (size_t)n, resp, sizeof(resp), why);
	if (r < 0)
		return r;
	r = tpm_resp_pcr_read(resp, (size_t)r, out, ret_size, &rc);
	if (r == -ENODATA)
		return diag_fail(why, r, "%s: PCR %u is not allocated in that bank", t->name, pcr);
	return tpm_answer(t, "reading a PCR", r, rc, why);
}
