// SPDX-License-Identifier: GPL-2.0-or-later
/* The byte stream under HTTP: TCP to a numeric address, TLS over it when asked. */
#include "boot/fetch/transport.h"
#include "boot/fetch/netwait.h"
#include "lib/cleanup.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* "10 s" or "300 ms": a wait as a person would say it. */
static const char *transport_span(unsigned ms, char *buf, size_t n)
{
	if (ms % 1000 == 0)
		snprintf(buf, n, "%u s", ms / 1000);
	else
		snprintf(buf, n, "%u ms", ms);
	return buf;
}

int transport_connect(struct transport *t, const char *url, const char *host, unsigned port, unsigned ms,
		      struct diag_list *why)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV };
	struct addrinfo *ai = NULL;
	_cleanup_close_ int fd = -1;
	char sport[8], span[32];
	int r, err = 0;
	socklen_t len = sizeof(err);

	snprintf(sport, sizeof(sport), "%u", port);
	r = getaddrinfo(host, sport, &hints, &ai);
	if (r == EAI_NONAME)
		return diag_fail(why, EHOSTUNREACH,
				 "%s: \"%s\" is a host name; only numeric addresses work until DNS comes with the network source",
				 url, host);
	if (r != 0)
		return diag_fail(why, EINVAL, "%s: %s", url, gai_strerror(r));
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		r = errno;
		freeaddrinfo(ai);
		return diag_fail(why, r, "%s: %s", url, strerror(r));
	}
	r = connect(fd, ai->ai_addr, ai->ai_addrlen) < 0 ? errno : 0;
	freeaddrinfo(ai);
	if (r == EINPROGRESS) {
		r = netwait(fd, POLLOUT, ms, t->stop_fd);
		if (r == -ECANCELED)
			return diag_fail(why, ECANCELED, "%s: stopped while connecting", url);
		if (r == 0)
			return diag_fail(why, ETIMEDOUT, "%s: no connection within %s", url,
					 transport_span(ms, span, sizeof(span)));
		r = r < 0 ? -r : getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 ? errno : err;
	}
	if (r)
		return diag_fail(why, r, "%s: %s", url, r == ECONNREFUSED ? "connection refused" : strerror(r));
	t->fd = TAKE_FD(fd);
	t->tls = NULL;
	return 0;
}

int transport_start_tls(struct transport *t, struct tls_client *c, const char *url, const char *host, unsigned ms,
			struct diag_list *why)
{
	return tls_conn_start(c, t->fd, t->stop_fd, url, host, ms, &t->tls, why);
}

ssize_t transport_recv(struct transport *t, void *p, size_t n, unsigned ms)
{
	if (t->tls)
		return tls_conn_recv(t->tls, p, n, ms);
	for (;;) {
		ssize_t r = recv(t->fd, p, n, 0);
		int w;

		if (r >= 0)
			return r;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -errno;
		w = netwait(t->fd, POLLIN, ms, t->stop_fd);
		if (w <= 0)
			return w < 0 ? w : -ETIMEDOUT;
	}
}

int transport_send(struct transport *t, const void *p, size_t n, unsigned ms)
{
	const char *s = p;

	if (t->tls)
		return tls_conn_send(t->tls, p, n, ms);
	while (n) {
		ssize_t w = send(t->fd, s, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EAGAIN) {
			int r = netwait(t->fd, POLLOUT, ms, t->stop_fd);

			if (r <= 0)
				return r < 0 ? r : -ETIMEDOUT;
			continue;
		}
		if (w < 0 && errno != EINTR)
			return -errno;
		if (w > 0)
			s += w, n -= (size_t)w;
	}
	return 0;
}

void transport_close(struct transport *t)
{
	tls_conn_free(t->tls);
	t->tls = NULL;
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}
