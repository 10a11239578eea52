/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hand-built DHCPv6 server messages and a reader for sent ones, for test-dhcp6 and test-dhcp6-client. */
#ifndef KEXBOOT_TESTS_UNIT_TEST_DHCP6_UTIL_H
#define KEXBOOT_TESTS_UNIT_TEST_DHCP6_UTIL_H

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

#include "boot/net/dhcp6.h"

struct t6 {
	uint8_t b[4096];
	size_t len;
};

static const uint8_t t6_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t t6_srv_a[] = { 0, 3, 0, 1, 0x02, 0, 0, 0, 0, 0xaa }; /* DUID-LL of server A */
static const uint8_t t6_srv_b[] = { 0, 3, 0, 1, 0x02, 0, 0, 0, 0, 0xbb };

static inline struct in6_addr t6_ip(const char *s)
{
	struct in6_addr a;

	inet_pton(AF_INET6, s, &a);
	return a;
}

static inline void t6_hdr(struct t6 *p, uint8_t type, uint32_t xid)
{
	memset(p, 0, sizeof(*p));
	p->b[0] = type;
	p->b[1] = xid >> 16, p->b[2] = xid >> 8, p->b[3] = xid;
	p->len = 4;
}

static inline void t6_put16(struct t6 *p, uint16_t v)
{
	p->b[p->len++] = v >> 8;
	p->b[p->len++] = v & 0xff;
}

static inline void t6_put32(struct t6 *p, uint32_t v)
{
	t6_put16(p, v >> 16);
	t6_put16(p, v & 0xffff);
}

static inline void t6_bytes(struct t6 *p, const void *d, size_t n)
{
	memcpy(p->b + p->len, d, n);
	p->len += n;
}

static inline void t6_opt(struct t6 *p, uint16_t code, const void *d, size_t n)
{
	t6_put16(p, code);
	t6_put16(p, (uint16_t)n);
	t6_bytes(p, d, n);
}

/* An option whose contents follow: returns where its length goes, for t6_end(). */
static inline size_t t6_begin(struct t6 *p, uint16_t code)
{
	size_t at;

	t6_put16(p, code);
	at = p->len;
	t6_put16(p, 0);
	return at;
}

static inline void t6_end(struct t6 *p, size_t at)
{
	size_t n = p->len - at - 2;

	p->b[at] = n >> 8, p->b[at + 1] = n & 0xff;
}

static inline void t6_status(struct t6 *p, uint16_t code, const char *msg)
{
	size_t at = t6_begin(p, 13);

	t6_put16(p, code);
	t6_bytes(p, msg, strlen(msg));
	t6_end(p, at);
}

/* IA_NA(iaid, T1 100, T2 200) holding one IAADDR (addr NULL: none) and an optional status. */
static inline void t6_ia_na(struct t6 *p, uint32_t iaid, const char *addr, uint32_t pref, uint32_t valid,
			    int status, const char *msg)
{
	size_t at = t6_begin(p, 3);

	t6_put32(p, iaid);
	t6_put32(p, 100);
	t6_put32(p, 200);
	if (addr) {
		struct in6_addr a = t6_ip(addr);
		size_t at2 = t6_begin(p, 5);

		t6_bytes(p, &a, 16);
		t6_put32(p, pref);
		t6_put32(p, valid);
		t6_end(p, at2);
	}
	if (status >= 0)
		t6_status(p, (uint16_t)status, msg);
	t6_end(p, at);
}

/* The DUID-LL the clients in these tests use. */
static inline struct dhcp6_duid t6_client_duid(void)
{
	struct dhcp6_duid d;

	dhcp6_duid_ll(&d, t6_mac);
	return d;
}

/* A server's answer to the transaction xid: server id, our client id, preference (<0: none), an IA_NA. */
static inline void t6_answer(struct t6 *p, uint8_t type, uint32_t xid, const uint8_t *srv, int pref,
			     const char *addr, int ia_status, const char *msg)
{
	struct dhcp6_duid me = t6_client_duid();

	t6_hdr(p, type, xid);
	t6_opt(p, 2, srv, 10);
	t6_opt(p, 1, me.b, me.len);
	if (pref >= 0) {
		uint8_t v = (uint8_t)pref;

		t6_opt(p, 7, &v, 1);
	}
	t6_ia_na(p, 0x12345678, addr, 3000, 4000, ia_status, msg);
}

/* Finds top-level option code in a client message; NULL when absent. */
static inline const uint8_t *t6_find(const uint8_t *pkt, size_t len, uint16_t code, size_t *dlen)
{
	size_t off = 4;

	while (off + 4 <= len) {
		uint16_t c = (uint16_t)(pkt[off] << 8 | pkt[off + 1]);
		size_t l = (size_t)(pkt[off + 2] << 8 | pkt[off + 3]);

		if (off + 4 + l > len)
			return NULL;
		if (c == code) {
			*dlen = l;
			return pkt + off + 4;
		}
		off += 4 + l;
	}
	return NULL;
}

static inline uint32_t t6_xid(const uint8_t *pkt)
{
	return (uint32_t)pkt[1] << 16 | (uint32_t)pkt[2] << 8 | pkt[3];
}

#endif
