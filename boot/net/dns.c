// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The stub resolver: A and AAAA to the configured servers, over UDP or
 * TCP, every wait bounded. Per round each server is asked in turn (both
 * types at once, on one socket connected to it, so the kernel drops
 * datagrams from anyone else); a round's wait per server starts at
 * first_ms and doubles up to DNS_WAIT_MAX_MS; nothing starts once total_ms
 * has gone by.
 * Answers are judged by the codec (dns_packet.c): one for another query
 * is ignored and the wait goes on.
 */
#include "boot/net/dns.h"
#include "lib/clock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#define DNS_TOTAL_MS 10000
#define DNS_FIRST_MS 1000
#define DNS_WAIT_MAX_MS 4000
#define DNS_OTHER_WAIT_MS 250 /* once one type gave addresses, the other's answer is waited for this long */
#define DNS_CANDIDATES_MAX 2
#define DNS_TCP_MAX 4096 /* an answer over TCP; A and AAAA answers are far smaller */ /* the name and the name in the search domain */

const char *dns_addr_text(const struct dns_addr *a, char *buf, size_t n)
{
	if (!inet_ntop(a->family == AF_INET ? AF_INET : AF_INET6, a->addr, buf, (socklen_t)n))
		snprintf(buf, n, "?");
	return buf;
}

static uint16_t dns_random_id(void)
{
	uint16_t id;

	if (getrandom(&id, sizeof(id), GRND_NONBLOCK) == sizeof(id))
		return id;
	/* early boot without entropy: the source port is random too, and the question must match */
	return (uint16_t)(clock_now_ms() * 2654435761u >> 16);
}

/* A socket connected to s: UDP at once, TCP within end_ms. */
static int dns_socket(const struct dns_server *s, bool tcp, uint64_t end_ms)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t sl, el = sizeof(int);
	int fd, r, err = 0;

	if (s->addr.family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;

		in->sin_family = AF_INET;
		in->sin_port = htons(s->port ? s->port : DNS_PORT);
		memcpy(&in->sin_addr, s->addr.addr, 4);
		sl = sizeof(*in);
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(s->port ? s->port : DNS_PORT);
		in6->sin6_scope_id = s->scope_id;
		memcpy(&in6->sin6_addr, s->addr.addr, 16);
		sl = sizeof(*in6);
	}
	fd = socket(ss.ss_family, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	r = connect(fd, (struct sockaddr *)&ss, sl) < 0 ? errno : 0;
	while (r == EINPROGRESS || r == EINTR) {
		struct pollfd pfd = { .fd = fd, .events = POLLOUT };
		uint64_t now = clock_now_ms();
		int w;

		if (now >= end_ms) {
			r = ETIMEDOUT;
			break;
		}
		w = poll(&pfd, 1, (int)(end_ms - now));
		if (w < 0 && errno == EINTR)
			continue;
		if (w == 0) {
			r = ETIMEDOUT;
			break;
		}
		r = w < 0 ? errno : getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0 ? errno : err;
	}
	if (r) {
		close(fd);
		return -r;
	}
	return fd;
}

/* What one exchange with one server gave. */
struct dns_try {
	bool answered[2];          /* A, AAAA */
	struct dns_answer ans[2];
	char why[DIAG_REASON_MAX]; /* the last answer refused, for the reason */
};

static const uint16_t dns_types[2] = { DNS_TYPE_A, DNS_TYPE_AAAA };

/* One message received: an answer to one of the two queries, or ignored. */
static void dns_take(struct dns_try *t, const uint8_t *in, size_t n, const uint16_t id[2], const char *name,
		     uint64_t *end_ms)
{
	for (int k = 0; k < 2; k++) {
		struct diag_list d = { 0 };
		struct dns_answer a;
		int r;

		if (t->answered[k])
			continue;
		r = dns_answer_parse(in, n, id[k], name, dns_types[k], &a, &d);
		if (r == -ENOMSG)
			continue;
		if (r < 0) {
			snprintf(t->why, sizeof(t->why), "%s", d.reason);
			return;
		}
		t->ans[k] = a;
		t->answered[k] = true;
		if (a.rcode == DNS_RCODE_NXDOMAIN)
			t->answered[!k] = true; /* the name does not exist: the other type cannot either */
		else if (a.n_addrs && clock_now_ms() + DNS_OTHER_WAIT_MS < *end_ms)
			*end_ms = clock_now_ms() + DNS_OTHER_WAIT_MS; /* addresses in hand: a short wait for the rest */
		return;
	}
}

/* Sends all n bytes by end_ms (a TCP socket may take them in parts). */
static int dns_send_all(int fd, const uint8_t *p, size_t n, uint64_t end_ms)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };
			uint64_t now = clock_now_ms();

			if (now >= end_ms || poll(&pfd, 1, (int)(end_ms - now)) == 0)
				return -ETIMEDOUT;
			continue;
		}
		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * Asks s about name (A and AAAA), over UDP or TCP (RFC 7766: both queries
 * on one connection, each with its two-byte length), waiting until end_ms
 * for both answers (or DNS_OTHER_WAIT_MS more once one has addresses). 0
 * when something answered, -ETIMEDOUT, or the socket's error.
 */
static int dns_ask(const struct dns_server *s, const char *name, bool tcp, uint64_t end_ms, struct dns_try *t)
{
	uint8_t q[2 * (DNS_MSG_MAX + 2)], in[DNS_TCP_MAX + 2];
	size_t qlen = 0, have = 0;
	uint16_t id[2];
	int fd, r = 0;

	memset(t, 0, sizeof(*t));
	for (int k = 0; k < 2; k++) {
		size_t l = 0;

		id[k] = dns_random_id();
		if (k == 1 && id[1] == id[0])
			id[1]++;
		r = dns_query_build(id[k], name, dns_types[k], q + qlen + 2, DNS_MSG_MAX, &l);
		if (r < 0)
			return r;
		q[qlen] = (uint8_t)(l >> 8);
		q[qlen + 1] = (uint8_t)l;
		qlen += l + 2;
	}
	fd = dns_socket(s, tcp, end_ms);
	if (fd < 0)
		return fd;
	if (tcp) {
		r = dns_send_all(fd, q, qlen, end_ms);
	} else {
		size_t l0 = (size_t)(q[0] << 8 | q[1]);

		/* over UDP, each query is a datagram of its own, without the lengths */
		if (send(fd, q + 2, l0, 0) < 0 || send(fd, q + l0 + 4, qlen - l0 - 4, 0) < 0)
			r = -errno;
	}
	while (r == 0 && !(t->answered[0] && t->answered[1])) {
		uint64_t now = clock_now_ms();
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;
		int w;

		if (now >= end_ms)
			break;
		w = poll(&pfd, 1, (int)(end_ms - now));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		n = recv(fd, in + have, tcp ? sizeof(in) - have : DNS_MSG_MAX, 0);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n < 0) {
			/* ICMP port unreachable shows up here: nobody serves DNS there */
			r = -errno;
			break;
		}
		if (!tcp) {
			dns_take(t, in, (size_t)n, id, name, &end_ms);
			continue;
		}
		if (n == 0) {
			r = -ECONNRESET;
			break;
		}
		have += (size_t)n;
		/* every whole message in the stream, then wait for the rest */
		while (have >= 2) {
			size_t ml = (size_t)(in[0] << 8 | in[1]);

			if (ml > DNS_TCP_MAX) {
				snprintf(t->why, sizeof(t->why), "answer of %zu bytes over TCP, more than %u", ml,
					 DNS_TCP_MAX);
				r = -EMSGSIZE;
				break;
			}
			if (have < ml + 2)
				break;
			dns_take(t, in + 2, ml, id, name, &end_ms);
			memmove(in, in + ml + 2, have - ml - 2);
			have -= ml + 2;
		}
	}
	close(fd);
	if (t->answered[0] || t->answered[1])
		return 0;
	return r < 0 ? r : -ETIMEDOUT;
}

/* The names to try for host, in order (resolv.conf's ndots:1). */
static size_t dns_candidates(const struct dns_config *cfg, const char *host, char (*out)[DNS_NAME_MAX + 2])
{
	size_t n = 0, hl = strlen(host);
	bool absolute = hl && host[hl - 1] == '.';
	bool dotted = strchr(host, '.') != NULL;
	char searched[DNS_NAME_MAX + 2];
	bool can_search = !absolute && cfg->search[0] &&
			  snprintf(searched, sizeof(searched), "%s.%s", host, cfg->search) < (int)sizeof(searched) &&
			  dns_name_ok(searched);

	if (can_search && !dotted)
		snprintf(out[n++], DNS_NAME_MAX + 2, "%s", searched);
	snprintf(out[n++], DNS_NAME_MAX + 2, "%s", host);
	if (can_search && dotted)
		snprintf(out[n++], DNS_NAME_MAX + 2, "%s", searched);
	return n;
}

/* How one name fared with every server: its addresses, or why none. */
enum dns_outcome { DNS_FOUND, DNS_ABSENT, DNS_SILENT, DNS_FAILED };

/*
 * Each server over UDP first; one that stays silent is asked over TCP the
 * next round (then UDP again), as a network that drops datagrams to port
 * 53 may still carry the stream; a truncated answer is asked again over
 * TCP at once.
 */
static enum dns_outcome dns_resolve_name(const struct dns_config *cfg, const char *name, uint64_t end_ms,
					 unsigned first_ms, struct dns_cache *cache, struct dns_addr *ret, size_t cap,
					 size_t *n, char *why, size_t why_n)
{
	bool use_tcp[DNS_SERVERS_MAX] = { false };
	bool failed = false;

	if (cache)
		memcpy(use_tcp, cache->tcp, sizeof(use_tcp));

	for (unsigned wait = first_ms;; wait = wait * 2 > DNS_WAIT_MAX_MS ? DNS_WAIT_MAX_MS : wait * 2) {
		bool silent = false; /* a server said nothing this round: asking again may help */

		for (size_t i = 0; i < cfg->n_servers && i < DNS_SERVERS_MAX; i++) {
			const struct dns_server *s = &cfg->servers[i];
			uint64_t now = clock_now_ms(), until = now + wait;
			bool tcp = use_tcp[i], truncated = false;
			struct dns_try t;
			char at[64];
			int r;

			if (now >= end_ms)
				return failed ? DNS_FAILED : DNS_SILENT;
			if (until > end_ms)
				until = end_ms;
			dns_addr_text(&s->addr, at, sizeof(at));
			r = dns_ask(s, name, tcp, until, &t);
			for (int k = 0; r == 0 && k < 2; k++)
				truncated |= t.answered[k] && t.ans[k].truncated;
			if (truncated && !tcp) {
				tcp = true;
				r = dns_ask(s, name, true, until, &t);
			}
			if (r == -EINVAL)
				return DNS_FAILED;
			if (cache && r == 0)
				cache->tcp[i] = tcp; /* how this server answers, for the next lookup */
			if (r < 0) {
				if (t.why[0]) {
					snprintf(why, why_n, "%s: %.200s", at, t.why); /* only refused answers came */
					failed = true;
				} else if (r == -ETIMEDOUT || tcp) {
					/* nothing came: the other transport next round */
					use_tcp[i] = !tcp;
					silent = true;
				} else {
					snprintf(why, why_n, "%s: %s", at, strerror(-r));
					failed = true;
				}
				continue;
			}
			*n = 0;
			for (int k = 0; k < 2; k++)
				for (size_t j = 0; t.answered[k] && j < t.ans[k].n_addrs && *n < cap; j++)
					ret[(*n)++] = t.ans[k].addrs[j];
			if (*n)
				return DNS_FOUND;
			for (int k = 0; k < 2; k++) {
				const struct dns_answer *a = &t.ans[k];

				if (!t.answered[k]) {
					silent = true; /* the other type's answer may still come another time */
				} else if (a->truncated) {
					snprintf(why, why_n, "%s: answer truncated, even over TCP", at);
					failed = true;
				} else if (a->rcode == DNS_RCODE_NXDOMAIN) {
					return DNS_ABSENT;
				} else if (a->rcode == DNS_RCODE_NOERROR && t.answered[!k] && !t.ans[!k].truncated) {
					return DNS_ABSENT; /* both types answered, neither has an address */
				} else if (a->rcode != DNS_RCODE_NOERROR) {
					snprintf(why, why_n, "%s: %s", at,
						 a->rcode == DNS_RCODE_SERVFAIL ? "server failure"
						 : a->rcode == DNS_RCODE_REFUSED ? "query refused"
										  : "error answer");
					failed = true;
				}
			}
		}
		if (!silent)
			return DNS_FAILED; /* every server answered and none helped: another round would not either */
	}
}

static bool dns_cache_find(const struct dns_cache *c, const char *host, struct dns_addr *ret, size_t cap, size_t *n)
{
	for (size_t i = 0; c && i < c->n && i < DNS_CACHE_MAX; i++) {
		if (strcasecmp(c->v[i].name, host) != 0)
			continue;
		*n = 0;
		for (size_t k = 0; k < c->v[i].n && k < DNS_ADDRS_MAX && *n < cap; k++)
			ret[(*n)++] = c->v[i].addrs[k];
		return *n > 0;
	}
	return false;
}

static void dns_cache_add(struct dns_cache *c, const char *host, const struct dns_addr *addrs, size_t n)
{
	struct dns_cache_name *e;

	if (!c || strlen(host) >= sizeof(c->v[0].name))
		return;
	if (c->n < DNS_CACHE_MAX) {
		e = &c->v[c->n++];
	} else {
		e = &c->v[c->next % DNS_CACHE_MAX];
		c->next = (c->next + 1) % DNS_CACHE_MAX;
	}
	memcpy(e->name, host, strlen(host) + 1);
	e->n = n < DNS_ADDRS_MAX ? n : DNS_ADDRS_MAX;
	memcpy(e->addrs, addrs, e->n * sizeof(*addrs));
}

int dns_resolve(const struct dns_config *cfg, const char *host, const struct dns_options *o, struct dns_addr *ret,
		size_t cap, size_t *n, struct diag_list *why)
{
	unsigned total = o && o->total_ms ? o->total_ms : DNS_TOTAL_MS;
	unsigned first = o && o->first_ms ? o->first_ms : DNS_FIRST_MS;
	char names[DNS_CANDIDATES_MAX + 1][DNS_NAME_MAX + 2];
	char last[DIAG_REASON_MAX] = "";
	uint64_t end = clock_now_ms() + total;
	size_t nn;
	bool silent = false;

	*n = 0;
	if (!dns_name_ok(host))
		return diag_fail(why, EINVAL, "\"%s\" is not a host name", host);
	if (!cfg || !cfg->n_servers)
		return diag_fail(why, EHOSTUNREACH,
				 "cannot look up \"%s\": no DNS server known (none from DHCP, none in kexboot.ip)", host);
	if (dns_cache_find(o ? o->cache : NULL, host, ret, cap, n))
		return 0;
	nn = dns_candidates(cfg, host, names);
	for (size_t i = 0; i < nn; i++) {
		switch (dns_resolve_name(cfg, names[i], end, first, o ? o->cache : NULL, ret, cap, n, last,
					 sizeof(last))) {
		case DNS_FOUND:
			dns_cache_add(o ? o->cache : NULL, host, ret, *n);
			return 0;
		case DNS_ABSENT:
			continue;
		case DNS_SILENT:
			silent = true;
			break;
		case DNS_FAILED:
			return diag_fail(why, EIO, "cannot look up \"%s\": %s", names[i], last[0] ? last : "failed");
		}
		break;
	}
	if (silent) {
		char at[64];

		return diag_fail(why, ETIMEDOUT, "cannot look up \"%s\": no answer from %s%s within %u s", host,
				 dns_addr_text(&cfg->servers[0].addr, at, sizeof(at)),
				 cfg->n_servers > 1 ? " or the other DNS servers" : "", (total + 999) / 1000);
	}
	if (nn > 1)
		return diag_fail(why, ENOENT, "cannot look up \"%s\": no such host (tried %s and %s)", host, names[0],
				 names[1]);
	return diag_fail(why, ENOENT, "cannot look up \"%s\": no such host", host);
}
