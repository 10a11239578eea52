// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The DNS stub resolver (boot/net/dns.h): the codec over answers crafted
 * here byte by byte (compression, truncation at every length, wrong ID,
 * another question, NXDOMAIN, CNAME chains and loops, pointers forwards),
 * and the resolver against a scripted UDP server on 127.0.0.1 that answers
 * with the wrong ID first, fails, or stays silent. Which name servers the
 * network source picks (net_dns_make) too.
 */
#include "boot/net/dhcp6.h"
#include "boot/net/dns.h"
#include "boot/net/net.h"
#include "lib/cleanup.h"
#include "lib/clock.h"
#include "tests/unit/harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#define ID 0x1234

struct pkt {
	uint8_t b[2048];
	size_t n;
};

static void put(struct pkt *p, const void *d, size_t n)
{
	memcpy(p->b + p->n, d, n);
	p->n += n;
}

static void put16(struct pkt *p, uint16_t v)
{
	uint8_t b[2] = { v >> 8, v & 0xff };

	put(p, b, 2);
}

static void put_name(struct pkt *p, const char *name)
{
	while (*name) {
		size_t l = strcspn(name, ".");
		uint8_t lb = (uint8_t)l;

		put(p, &lb, 1);
		put(p, name, l);
		name += l + (name[l] == '.');
	}
	put(p, "", 1);
}

/* Header and the question (name at offset 12, so a pointer 0xc00c names it). */
static void start(struct pkt *p, uint16_t id, uint16_t flags, uint16_t an, const char *q, uint16_t type)
{
	p->n = 0;
	put16(p, id);
	put16(p, flags);
	put16(p, 1);
	put16(p, an);
	put16(p, 0);
	put16(p, 0);
	put_name(p, q);
	put16(p, type);
	put16(p, DNS_CLASS_IN);
}

/* One record: owner as raw bytes (a name or a pointer), then type, class, TTL, data. */
static void rr(struct pkt *p, const void *owner, size_t olen, uint16_t type, const void *data, size_t dlen)
{
	put(p, owner, olen);
	put16(p, type);
	put16(p, DNS_CLASS_IN);
	put16(p, 0);
	put16(p, 60);
	put16(p, (uint16_t)dlen);
	put(p, data, dlen);
}

static const uint8_t PTR_Q[2] = { 0xc0, 0x0c };
static const uint8_t ADDR1[4] = { 10, 0, 2, 2 };

static void test_query_build(void)
{
	static const uint8_t want[] = { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 4, 'b', 'o', 'o', 't',
					4, 't', 'e', 's', 't', 0, 0, 1, 0, 1 };
	uint8_t buf[DNS_MSG_MAX];
	size_t len = 0;
	char big[300];

	CHECK_EQ(dns_query_build(ID, "boot.test", DNS_TYPE_A, buf, sizeof(buf), &len), 0);
	CHECK_EQ(len, sizeof(want));
	CHECK(memcmp(buf, want, sizeof(want)) == 0);
	/* a final dot is the same name */
	CHECK_EQ(dns_query_build(ID, "boot.test.", DNS_TYPE_A, buf, sizeof(buf), &len), 0);
	CHECK(len == sizeof(want) && memcmp(buf, want, sizeof(want)) == 0);
	CHECK_EQ(dns_query_build(ID, "boot.test", DNS_TYPE_A, buf, 20, &len), -ENOSPC);
	CHECK_EQ(dns_query_build(ID, "a..b", DNS_TYPE_A, buf, sizeof(buf), &len), -EINVAL);
	CHECK(!dns_name_ok(""));
	CHECK(!dns_name_ok("."));
	CHECK(!dns_name_ok("10.0.2.2"));
	CHECK(!dns_name_ok("fd00::1"));
	CHECK(!dns_name_ok("a b"));
	CHECK(!dns_name_ok(".boot"));
	memset(big, 'a', 64);
	big[64] = '\0';
	CHECK(!dns_name_ok(big)); /* a label of 64 */
	big[63] = '\0';
	CHECK(dns_name_ok(big));
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (size_t i = 50; i < sizeof(big); i += 50)
		big[i] = '.';
	CHECK(!dns_name_ok(big)); /* 299 bytes */
	CHECK(dns_name_ok("boot-1.test_x"));
}

static void test_answer_a_compressed(void)
{
	struct pkt p;
	struct dns_answer a;
	struct diag_list d = { 0 };
	static const uint8_t addr2[4] = { 10, 0, 2, 3 };

	start(&p, ID, 0x8580, 2, "Boot.Test", DNS_TYPE_A);
	rr(&p, PTR_Q, 2, DNS_TYPE_A, ADDR1, 4);
	rr(&p, PTR_Q, 2, DNS_TYPE_A, addr2, 4);
	/* the name is compared without regard to case, both ways */
	CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "boot.TEST", DNS_TYPE_A, &a, &d), 0);
	CHECK_EQ(a.rcode, DNS_RCODE_NOERROR);
	CHECK(a.authoritative && !a.truncated);
	CHECK_EQ(a.n_addrs, 2);
	CHECK_EQ(a.addrs[0].family, AF_INET);
	CHECK(memcmp(a.addrs[0].addr, ADDR1, 4) == 0 && memcmp(a.addrs[1].addr, addr2, 4) == 0);
	CHECK_STREQ(a.target, "boot.test");
	/* cut anywhere, it is refused, never read past */
	for (size_t n = 0; n < p.n; n++)
		CHECK(dns_answer_parse(p.b, n, ID, "boot.test", DNS_TYPE_A, &a, &d) < 0);
	diag_list_done(&d);
}

static void test_answer_aaaa(void)
{
	struct pkt p;
	struct dns_answer a;
	uint8_t six[16] = { 0xfd, 0, [15] = 6 };

	start(&p, ID, 0x8180, 2, "boot.test", DNS_TYPE_AAAA);
	rr(&p, PTR_Q, 2, DNS_TYPE_A, ADDR1, 4); /* not the type asked: left out */
	rr(&p, PTR_Q, 2, DNS_TYPE_AAAA, six, 16);
	CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "boot.test", DNS_TYPE_AAAA, &a, NULL), 0);
	CHECK_EQ(a.n_addrs, 1);
	CHECK_EQ(a.addrs[0].family, AF_INET6);
	CHECK(memcmp(a.addrs[0].addr, six, 16) == 0);
	/* an AAAA of 4 bytes is malformed */
	start(&p, ID, 0x8180, 1, "boot.test", DNS_TYPE_AAAA);
	rr(&p, PTR_Q, 2, DNS_TYPE_AAAA, ADDR1, 4);
	CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "boot.test", DNS_TYPE_AAAA, &a, NULL), -EBADMSG);
}

static void test_answer_not_ours(void)
{
	struct pkt p;
	struct dns_answer a;
	struct diag_list d = { 0 };

	start(&p, ID + 1, 0x8180, 1, "boot.test", DNS_TYPE_A);
	rr(&p, PTR_Q, 2, DNS_TYPE_A, ADDR1, 4);
	CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "boot.test", DNS_TYPE_A, &a, &d), -ENOMSG);
	CHECK(strstr(d.reason, "not the answer") != NULL);
	/* the question must be echoed: another name, another type */
	start(&p, ID, 0x8180, 1, "evil.test", DNS_TYPE_A);
	rr(&p, PTR_Q, 2, DNS_TYPE_A, ADDR1, 4);
	CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "boot.test", DNS_TYPE_A, &a, &d), -ENOMSG);
	start(&p, ID, 0x8180, 1, "boot.test", DNS_TYPE_AAAA);
	CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "boot.test", DNS_TYPE_A, &a, &d), -ENOMSG);
	/* a query (QR clear) is not an answer */
	start(&p, ID, 0x0100, 0, "boot.test", DNS_TYPE_A);
	CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "boot.test", DNS_TYPE_A, &a, &d), -ENOMSG);
	/* records owned by another name are not the answer */
	start(&p, ID, 0x8180, 1, "boot.test", DNS_TYPE_A);
	rr(&p, "\x04" "evil\xc0\x11", 7, DNS_TYPE_A, ADDR1, 4);
	CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "boot.test", DNS_TYPE_A, &a, &d), 0);
	CHECK_EQ(a.n_addrs, 0);
	diag_list_done(&d);
}

static void test_answer_nxdomain_tc(void)
{
	struct pkt p;
	struct dns_answer a;

	start(&p, ID, 0x8183, 0, "nosuch.test", DNS_TYPE_A);
	CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "nosuch.test", DNS_TYPE_A, &a, NULL), 0);
	CHECK_EQ(a.rcode, DNS_RCODE_NXDOMAIN);
	CHECK_EQ(a.n_addrs, 0);
	/* TC: whatever it holds is not used */
	start(&p, ID, 0x8380, 1, "boot.test", DNS_TYPE_A);
	rr(&p, PTR_Q, 2, DNS_TYPE_A, ADDR1, 4);
	CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "boot.test", DNS_TYPE_A, &a, NULL), 0);
	CHECK(a.truncated);
	CHECK_EQ(a.n_addrs, 0);
}

static void test_answer_cname(void)
{
	struct pkt p;
	struct dns_answer a;
	struct diag_list d = { 0 };

	/* www.boot.test -> srv.boot.test -> A; the second name compressed against the first */
	start(&p, ID, 0x8180, 3, "www.boot.test", DNS_TYPE_A);
	rr(&p, PTR_Q, 2, DNS_TYPE_CNAME, "\x03srv\xc0\x10", 6);           /* srv + "boot.test" at 16 */
	rr(&p, "\x01x\xc0\x10", 4, DNS_TYPE_A, (const uint8_t[]){ 9, 9, 9, 9 }, 4); /* not in the chain */
	rr(&p, "\x03srv\xc0\x10", 6, DNS_TYPE_A, ADDR1, 4);
	CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "www.boot.test", DNS_TYPE_A, &a, &d), 0);
	CHECK_EQ(a.n_cnames, 1);
	CHECK_STREQ(a.target, "srv.boot.test");
	CHECK_EQ(a.n_addrs, 1);
	CHECK(memcmp(a.addrs[0].addr, ADDR1, 4) == 0);
	/* a loop: boot.test -> a.boot.test -> boot.test */
	start(&p, ID, 0x8180, 2, "boot.test", DNS_TYPE_A);
	rr(&p, PTR_Q, 2, DNS_TYPE_CNAME, "\x01" "a\xc0\x0c", 4);
	rr(&p, "\x01" "a\xc0\x0c", 4, DNS_TYPE_CNAME, PTR_Q, 2);
	CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "boot.test", DNS_TYPE_A, &a, &d), -ELOOP);
	CHECK(strstr(d.reason, "CNAME chain") != NULL);
	/* a chain of DNS_CNAME_MAX links is followed, one more is not */
	for (unsigned links = DNS_CNAME_MAX; links <= DNS_CNAME_MAX + 1; links++) {
		char owner[24], target[24];

		start(&p, ID, 0x8180, (uint16_t)(links + 1), "c0.test", DNS_TYPE_A);
		for (unsigned i = 0; i < links; i++) {
			struct pkt o = { .n = 0 }, t = { .n = 0 };

			snprintf(owner, sizeof(owner), "c%u.test", i);
			snprintf(target, sizeof(target), "c%u.test", i + 1);
			put_name(&o, owner);
			put_name(&t, target);
			rr(&p, o.b, o.n, DNS_TYPE_CNAME, t.b, t.n);
		}
		{
			struct pkt o = { .n = 0 };

			put_name(&o, target);
			rr(&p, o.b, o.n, DNS_TYPE_A, ADDR1, 4);
		}
		CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "c0.test", DNS_TYPE_A, &a, &d),
			 links == DNS_CNAME_MAX ? 0 : -ELOOP);
		if (links == DNS_CNAME_MAX)
			CHECK_EQ(a.n_addrs, 1);
	}
	diag_list_done(&d);
}

static void test_answer_pointers(void)
{
	struct pkt p;
	struct dns_answer a;
	uint8_t self[2];

	/* forwards */
	start(&p, ID, 0x8180, 1, "boot.test", DNS_TYPE_A);
	rr(&p, "\xc0\x7f", 2, DNS_TYPE_A, ADDR1, 4);
	CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "boot.test", DNS_TYPE_A, &a, NULL), -EBADMSG);
	/* onto itself */
	start(&p, ID, 0x8180, 1, "boot.test", DNS_TYPE_A);
	self[0] = 0xc0 | (uint8_t)(p.n >> 8);
	self[1] = (uint8_t)p.n;
	rr(&p, self, 2, DNS_TYPE_A, ADDR1, 4);
	CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "boot.test", DNS_TYPE_A, &a, NULL), -EBADMSG);
	/* in the question itself (nothing before it to point at) */
	p.n = 0;
	put(&p, "\x12\x34\x81\x80\0\1\0\0\0\0\0\0\xc0\x0c\0\1\0\1", 18);
	CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "boot.test", DNS_TYPE_A, &a, NULL), -EBADMSG);
	/* a label type 0x40 */
	start(&p, ID, 0x8180, 1, "boot.test", DNS_TYPE_A);
	rr(&p, "\x41" "a\0", 3, DNS_TYPE_A, ADDR1, 4);
	CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "boot.test", DNS_TYPE_A, &a, NULL), -EBADMSG);
	/* a record whose data runs past the end */
	start(&p, ID, 0x8180, 1, "boot.test", DNS_TYPE_A);
	rr(&p, PTR_Q, 2, DNS_TYPE_A, ADDR1, 4);
	p.b[p.n - 5] = 40; /* rdlength 40, 4 bytes there */
	CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "boot.test", DNS_TYPE_A, &a, NULL), -EBADMSG);
	/* ANCOUNT far beyond the records there */
	start(&p, ID, 0x8180, 60000, "boot.test", DNS_TYPE_A);
	rr(&p, PTR_Q, 2, DNS_TYPE_A, ADDR1, 4);
	CHECK_EQ(dns_answer_parse(p.b, p.n, ID, "boot.test", DNS_TYPE_A, &a, NULL), -EBADMSG);
}

/* ---- the resolver against a scripted server ---- */

enum script { S_WRONG_FIRST, S_SERVFAIL, S_SILENT, S_SEARCH, S_TC, S_UDP_SILENT };

struct server {
	int fd, tfd;  /* UDP, and TCP on the same port number */
	unsigned n_tcp;
	uint16_t port;
	enum script script;
	char asked[8][80]; /* the names asked, in order */
	unsigned n_asked;
	volatile int stop;
	pthread_t th, tth;
};

/* The question of a query: its name as text, its type. */
static void query_read(const uint8_t *b, size_t n, char *name, size_t cap, uint16_t *type, size_t *end)
{
	size_t o = 12, t = 0;

	while (o < n && b[o]) {
		if (t)
			name[t++] = '.';
		memcpy(name + t, b + o + 1, b[o]);
		t += b[o];
		o += b[o] + 1u;
	}
	name[t < cap ? t : cap - 1] = '\0';
	*type = (uint16_t)(b[o + 1] << 8 | b[o + 2]);
	*end = o + 5;
}

static void *server_run(void *arg)
{
	struct server *s = arg;

	while (!s->stop) {
		uint8_t q[512];
		struct sockaddr_storage from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(s->fd, q, sizeof(q), 0, (struct sockaddr *)&from, &fl);
		char name[64];
		uint16_t type, id;
		size_t end;
		struct pkt p;

		if (n < 17)
			continue;
		query_read(q, (size_t)n, name, sizeof(name), &type, &end);
		if (s->n_asked < 8)
			snprintf(s->asked[s->n_asked++], sizeof(s->asked[0]), "%s/%u", name, type);
		id = (uint16_t)(q[0] << 8 | q[1]);
		if (s->script == S_SILENT || s->script == S_UDP_SILENT)
			continue;
		if (s->script == S_TC) {
			start(&p, id, 0x8380, 0, name, type); /* truncated: ask over TCP */
			sendto(s->fd, p.b, p.n, 0, (struct sockaddr *)&from, fl);
			continue;
		}
		if (s->script == S_SERVFAIL) {
			start(&p, id, 0x8182, 0, name, type);
			sendto(s->fd, p.b, p.n, 0, (struct sockaddr *)&from, fl);
			continue;
		}
		if (s->script == S_SEARCH && strcmp(name, "short.lan") != 0) {
			start(&p, id, 0x8183, 0, name, type);
			sendto(s->fd, p.b, p.n, 0, (struct sockaddr *)&from, fl);
			continue;
		}
		/* a spoof first: the right question with the wrong ID, which must be ignored */
		start(&p, (uint16_t)(id ^ 0x5555), 0x8180, 1, name, type);
		if (type == DNS_TYPE_A)
			rr(&p, PTR_Q, 2, DNS_TYPE_A, (const uint8_t[]){ 6, 6, 6, 6 }, 4);
		else
			p.b[7] = 0;
		sendto(s->fd, p.b, p.n, 0, (struct sockaddr *)&from, fl);
		start(&p, id, 0x8180, type == DNS_TYPE_A ? 1 : 0, name, type);
		if (type == DNS_TYPE_A)
			rr(&p, PTR_Q, 2, DNS_TYPE_A, ADDR1, 4);
		sendto(s->fd, p.b, p.n, 0, (struct sockaddr *)&from, fl);
	}
	return NULL;
}

/* The TCP side: each query framed by its length, each answer too (both on one connection). */
static void *server_tcp_run(void *arg)
{
	struct server *s = arg;

	while (!s->stop) {
		int c = accept(s->tfd, NULL, NULL);
		uint8_t in[1024];
		size_t have = 0;

		if (c < 0)
			continue;
		s->n_tcp++;
		for (;;) {
			ssize_t n = recv(c, in + have, sizeof(in) - have, 0);

			if (n <= 0)
				break;
			have += (size_t)n;
			while (have >= 2 && have >= 2u + (size_t)(in[0] << 8 | in[1])) {
				size_t ql = (size_t)(in[0] << 8 | in[1]), end;
				char name[64];
				uint16_t type, id = (uint16_t)(in[2] << 8 | in[3]);
				struct pkt p;
				uint8_t len[2];

				query_read(in + 2, ql, name, sizeof(name), &type, &end);
				start(&p, id, 0x8180, type == DNS_TYPE_A ? 1 : 0, name, type);
				if (type == DNS_TYPE_A)
					rr(&p, PTR_Q, 2, DNS_TYPE_A, ADDR1, 4);
				len[0] = (uint8_t)(p.n >> 8);
				len[1] = (uint8_t)p.n;
				(void)!send(c, len, 2, MSG_NOSIGNAL);
				(void)!send(c, p.b, p.n, MSG_NOSIGNAL);
				memmove(in, in + 2 + ql, have - 2 - ql);
				have -= 2 + ql;
			}
		}
		close(c);
	}
	return NULL;
}

static void server_start(struct server *s, enum script script)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof(a);
	struct timeval tv = { .tv_usec = 50000 };

	memset(s, 0, sizeof(*s));
	s->script = script;
	s->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	CHECK(s->fd >= 0);
	CHECK_EQ(bind(s->fd, (struct sockaddr *)&a, sizeof(a)), 0);
	CHECK_EQ(getsockname(s->fd, (struct sockaddr *)&a, &al), 0);
	setsockopt(s->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	s->port = ntohs(a.sin_port);
	CHECK_EQ(pthread_create(&s->th, NULL, server_run, s), 0);
	s->tfd = -1;
	if (script == S_TC || script == S_UDP_SILENT) {
		s->tfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		CHECK(s->tfd >= 0);
		CHECK_EQ(bind(s->tfd, (struct sockaddr *)&a, sizeof(a)), 0);
		CHECK_EQ(listen(s->tfd, 4), 0);
		setsockopt(s->tfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		CHECK_EQ(pthread_create(&s->tth, NULL, server_tcp_run, s), 0);
	}
}

static void server_stop(struct server *s)
{
	s->stop = 1;
	pthread_join(s->th, NULL);
	close(s->fd);
	if (s->tfd >= 0) {
		pthread_join(s->tth, NULL);
		close(s->tfd);
	}
}

static void config_add(struct dns_config *c, const struct server *s)
{
	struct dns_addr a = { .family = AF_INET, .addr = { 127, 0, 0, 1 } };

	CHECK(dns_config_add(c, &a, s->port, 0));
}

static void test_resolve_spoof_ignored(void)
{
	struct server s;
	struct dns_config c = { 0 };
	struct dns_addr got[4];
	struct diag_list why = { 0 };
	size_t n = 0;

	server_start(&s, S_WRONG_FIRST);
	config_add(&c, &s);
	CHECK_EQ(dns_resolve(&c, "boot.test", NULL, got, 4, &n, &why), 0);
	CHECK_EQ(n, 1);
	CHECK(got[0].family == AF_INET && memcmp(got[0].addr, ADDR1, 4) == 0);
	server_stop(&s);
	CHECK_EQ(s.n_asked, 2); /* A and AAAA, once each */
	diag_list_done(&why);
}

static void test_resolve_servfail_then_next(void)
{
	struct server bad, good;
	struct dns_config c = { 0 };
	struct dns_addr got[4];
	struct diag_list why = { 0 };
	size_t n = 0;

	server_start(&bad, S_SERVFAIL);
	server_start(&good, S_WRONG_FIRST);
	config_add(&c, &bad);
	config_add(&c, &good);
	CHECK_EQ(dns_resolve(&c, "boot.test", NULL, got, 4, &n, &why), 0);
	CHECK_EQ(n, 1);
	server_stop(&good);
	/* alone, a failing server ends the lookup at once with its reason, not after the total bound */
	c.n_servers = 1;
	CHECK_EQ(dns_resolve(&c, "boot.test", NULL, got, 4, &n, &why), -EIO);
	CHECK(strstr(why.reason, "server failure") != NULL);
	server_stop(&bad);
	diag_list_done(&why);
}

static void test_resolve_silent_bounded(void)
{
	struct server quiet, good;
	struct dns_config c = { 0 };
	struct dns_options o = { .total_ms = 1500, .first_ms = 200 };
	struct dns_addr got[4];
	struct diag_list why = { 0 };
	size_t n = 0;

	server_start(&quiet, S_SILENT);
	config_add(&c, &quiet);
	CHECK_EQ(dns_resolve(&c, "boot.test", &o, got, 4, &n, &why), -ETIMEDOUT);
	CHECK(strstr(why.reason, "no answer from 127.0.0.1") != NULL);
	/* asked again with a doubling wait: 200, 400, 800 ms fit in 1.5 s */
	CHECK(quiet.n_asked >= 4);
	/* a silent first server, then one that answers */
	server_start(&good, S_WRONG_FIRST);
	config_add(&c, &good);
	CHECK_EQ(dns_resolve(&c, "boot.test", &o, got, 4, &n, &why), 0);
	CHECK_EQ(n, 1);
	server_stop(&quiet);
	server_stop(&good);
	diag_list_done(&why);
}

/* TCP: a truncated answer is asked again over TCP at once; a server silent over UDP, the next round. */
static void test_resolve_tcp(void)
{
	struct server s;
	struct dns_config c = { 0 };
	struct dns_options o = { .total_ms = 3000, .first_ms = 300 };
	struct dns_addr got[4];
	struct diag_list why = { 0 };
	size_t n = 0;

	server_start(&s, S_TC);
	config_add(&c, &s);
	CHECK_EQ(dns_resolve(&c, "boot.test", &o, got, 4, &n, &why), 0);
	CHECK(n == 1 && memcmp(got[0].addr, ADDR1, 4) == 0);
	CHECK_EQ(s.n_tcp, 1);
	server_stop(&s);
	server_start(&s, S_UDP_SILENT);
	c.n_servers = 0;
	config_add(&c, &s);
	CHECK_EQ(dns_resolve(&c, "boot.test", &o, got, 4, &n, &why), 0);
	CHECK(n == 1 && memcmp(got[0].addr, ADDR1, 4) == 0);
	CHECK_EQ(s.n_asked, 2); /* A and AAAA over UDP once, unanswered */
	CHECK_EQ(s.n_tcp, 1);
	/* with a cache: a name is asked once; the next name goes to that server over TCP at once */
	{
		struct dns_cache cache = { 0 };
		struct dns_options oc = o;

		oc.cache = &cache;
		s.n_asked = 0;
		CHECK_EQ(dns_resolve(&c, "boot.test", &oc, got, 4, &n, &why), 0);
		CHECK_EQ(s.n_asked, 2);
		CHECK_EQ(s.n_tcp, 2);
		CHECK(cache.tcp[0]);
		CHECK_EQ(dns_resolve(&c, "BOOT.test", &oc, got, 4, &n, &why), 0);
		CHECK(n == 1 && memcmp(got[0].addr, ADDR1, 4) == 0);
		CHECK_EQ(s.n_tcp, 2); /* from the cache: nothing asked */
		CHECK_EQ(dns_resolve(&c, "other.test", &oc, got, 4, &n, &why), 0);
		CHECK_EQ(s.n_asked, 2); /* no UDP this time */
		CHECK_EQ(s.n_tcp, 3);
	}
	server_stop(&s);
	diag_list_done(&why);
}

static void test_resolve_search(void)
{
	struct server s;
	struct dns_config c = { 0 };
	struct dns_addr got[4];
	struct diag_list why = { 0 };
	size_t n = 0;

	server_start(&s, S_SEARCH);
	config_add(&c, &s);
	snprintf(c.search, sizeof(c.search), "lan");
	/* a name without a dot: in the search domain first */
	CHECK_EQ(dns_resolve(&c, "short", NULL, got, 4, &n, &why), 0);
	CHECK_EQ(n, 1);
	CHECK_STREQ(s.asked[0], "short.lan/1");
	/* a dotted name: as it is first, then in the search domain; neither exists */
	CHECK_EQ(dns_resolve(&c, "no.where", NULL, got, 4, &n, &why), -ENOENT);
	CHECK(strstr(why.reason, "no such host (tried no.where and no.where.lan)") != NULL);
	/* a final dot: only as it is, never in the search domain. Counted by name: a lookup
	 * ends at its first NXDOMAIN, so its other query (A or AAAA) may reach the server
	 * before or after the lookup returns, and one of the lookup before may arrive after
	 * the reset. A search-domain query would have been answered, so recorded, before. */
	s.n_asked = 0;
	CHECK_EQ(dns_resolve(&c, "short.", NULL, got, 4, &n, &why), -ENOENT);
	{
		unsigned as_is = 0, searched = 0;

		for (unsigned i = 0; i < s.n_asked && i < 8; i++) {
			as_is += strncmp(s.asked[i], "short/", 6) == 0;
			searched += strncmp(s.asked[i], "short.lan/", 10) == 0;
		}
		CHECK(as_is >= 1);
		CHECK_EQ(searched, 0);
	}
	server_stop(&s);
	/* no server at all */
	c.n_servers = 0;
	CHECK_EQ(dns_resolve(&c, "boot.test", NULL, got, 4, &n, &why), -EHOSTUNREACH);
	CHECK_EQ(dns_resolve(&c, "10.0.2.2", NULL, got, 4, &n, &why), -EINVAL);
	diag_list_done(&why);
}

static void test_net_dns_make(void)
{
	struct dhcp4_lease lease = { 0 };
	struct net_ipconf ip;
	struct dns_config c;
	struct diag_list d = { 0 };

	inet_pton(AF_INET, "10.0.2.3", &lease.dns[0]);
	inet_pton(AF_INET, "10.0.2.3", &lease.dns[1]); /* twice: kept once */
	inet_pton(AF_INET, "10.0.2.4", &lease.dns[2]);
	lease.n_dns = 3;
	snprintf(lease.domain, sizeof(lease.domain), "example.test.");
	net_dns_make(&lease, NULL, &c);
	CHECK_EQ(c.n_servers, 2);
	CHECK_EQ(c.servers[1].addr.addr[3], 4);
	CHECK_STREQ(c.search, "example.test");
	/* kexboot.ip's dns0/dns1 win over the lease's, as in the kernel */
	CHECK_EQ(net_ipconf_parse("10.0.2.15::10.0.2.2:255.255.255.0::eth0:off:10.0.2.53:10.0.2.54", &ip, &d), 0);
	net_dns_make(&lease, &ip, &c);
	CHECK_EQ(c.n_servers, 2);
	CHECK_EQ(c.servers[0].addr.addr[3], 53);
	CHECK_EQ(c.servers[1].addr.addr[3], 54);
	net_dns_make(NULL, &ip, &c);
	CHECK_EQ(c.n_servers, 2);
	CHECK_STREQ(c.search, "");
	/* DHCPv6 option 23: after those, a link-local one scoped to the link */
	{
		struct dhcp6_lease l6 = { 0 };

		inet_pton(AF_INET6, "fd00::53", &l6.dns[0]);
		inet_pton(AF_INET6, "fe80::1", &l6.dns[1]);
		inet_pton(AF_INET6, "fd00::54", &l6.dns[2]);
		l6.n_dns = 3;
		net_dns_add_dhcp6(&c, &l6, 7);
		CHECK_EQ(c.n_servers, 4); /* two of the three fit */
		CHECK_EQ(c.servers[2].addr.family, AF_INET6);
		CHECK_EQ(c.servers[2].scope_id, 0);
		CHECK_EQ(c.servers[3].scope_id, 7);
	}
	diag_list_done(&d);
}

static const struct test tests[] = {
	TEST(query_build),
	TEST(answer_a_compressed),
	TEST(answer_aaaa),
	TEST(answer_not_ours),
	TEST(answer_nxdomain_tc),
	TEST(answer_cname),
	TEST(answer_pointers),
	TEST(resolve_spoof_ignored),
	TEST(resolve_servfail_then_next),
	TEST(resolve_silent_bounded),
	TEST(resolve_tcp),
	TEST(resolve_search),
	TEST(net_dns_make),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
