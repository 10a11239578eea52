// SPDX-License-Identifier: GPL-2.0-or-later
/* The byte stream under HTTP: TCP to an address or a name looked up by DNS, TLS over it when asked. */
#include "boot/fetch/transport.h"
#include "boot/fetch/netwait.h"
#include "boot/net/dns.h"
#include "lib/clock.h"
#include "lib/cleanup.h"

#include <errno.h>
#include <arpa/inet.h>
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

/* One connection attempt to sa within ms; the connected socket, or a negative errno with the reason in why. */
static int transport_try(const char *url, const struct sockaddr *sa, socklen_t sl, unsigned ms, int stop_fd,
			 struct diag_list *why)
{
	_cleanup_close_ int fd = -1;
	char span[32];
	int r, err = 0;
	socklen_t len = sizeof(err);

	fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return diag_fail(why, errno, "%s: %s", url, strerror(errno));
	r = connect(fd, sa, sl) < 0 ? errno : 0;
	if (r == EINPROGRESS) {
		r = netwait(fd, POLLOUT, ms, stop_fd);
		if (r == -ECANCELED)
			return diag_fail(why, ECANCELED, "%s: stopped while connecting", url);
		if (r == 0)
			return diag_fail(why, ETIMEDOUT, "%s: no connection within %s", url,
					 transport_span(ms, span, sizeof(span)));
		r = r < 0 ? -r : getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 ? errno : err;
	}
	if (r)
		return diag_fail(why, r, "%s: %s", url, r == ECONNREFUSED ? "connection refused" : strerror(r));
	return TAKE_FD(fd);
}

/* host looked up through dns, then each address tried in turn within what is left of ms. */
static int transport_connect_name(const char *url, const char *host, unsigned port, unsigned ms, int stop_fd,
				  const struct dns_config *dns, struct dns_cache *cache, struct diag_list *why)
{
	const struct dns_options o = { .cache = cache };
	struct dns_addr addrs[DNS_ADDRS_MAX];
	uint64_t end = clock_now_ms() + ms;
	size_t n = 0;
	int r;

	if (!dns || !dns->n_servers)
		return diag_fail(why, EHOSTUNREACH, "%s: cannot look up \"%s\": no DNS server known (none from DHCP, none in kexboot.ip)",
				 url, host);
	r = dns_resolve(dns, host, &o, addrs, DNS_ADDRS_MAX, &n, why);
	if (r < 0) {
		char reason[DIAG_REASON_MAX];

		snprintf(reason, sizeof(reason), "%s", diag_reason(why, strerror(-r)));
		return diag_fail(why, r == -ETIMEDOUT ? ETIMEDOUT : EHOSTUNREACH, "%s: %s", url, reason);
	}
	r = -EHOSTUNREACH;
	for (size_t i = 0; i < n; i++) {
		struct sockaddr_storage ss = { 0 };
		uint64_t now = clock_now_ms();
		socklen_t sl;

		if (i && now >= end)
			break;
		if (addrs[i].family == AF_INET) {
			struct sockaddr_in *in = (struct sockaddr_in *)&ss;

			in->sin_family = AF_INET;
			in->sin_port = htons((uint16_t)port);
			memcpy(&in->sin_addr, addrs[i].addr, 4);
			sl = sizeof(*in);
		} else {
			struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

			in6->sin6_family = AF_INET6;
			in6->sin6_port = htons((uint16_t)port);
			memcpy(&in6->sin6_addr, addrs[i].addr, 16);
			sl = sizeof(*in6);
		}
		r = transport_try(url, (struct sockaddr *)&ss, sl, now < end ? (unsigned)(end - now) : 1, stop_fd, why);
		if (r >= 0)
			return r;
	}
	return r;
}

int transport_connect(struct transport *t, const char *url, const char *host, unsigned port, unsigned ms,
		      const struct dns_config *dns, struct dns_cache *cache, struct diag_list *why)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV };
	struct addrinfo *ai = NULL;
	char sport[8];
	int r;

	snprintf(sport, sizeof(sport), "%u", port);
	r = getaddrinfo(host, sport, &hints, &ai);
	if (r == EAI_NONAME) {
		if (!dns_name_ok(host))
			return diag_fail(why, EINVAL, "%s: \"%s\" is neither an address nor a host name", url, host);
		r = transport_connect_name(url, host, port, ms, t->stop_fd, dns, cache, why);
	} else if (r != 0) {
		return diag_fail(why, EINVAL, "%s: %s", url, gai_strerror(r));
	} else {
		r = transport_try(url, ai->ai_addr, ai->ai_addrlen, ms, t->stop_fd, why);
		freeaddrinfo(ai);
	}
	if (r < 0)
		return r;
	t->fd = r;
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
		if (t->idle.work && t->idle.work(t->idle.arg))
			continue;
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
