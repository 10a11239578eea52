/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hand-built DHCP server replies for test-dhcp4 and test-dhcp4-client. */
#ifndef KEXBOOT_TESTS_UNIT_TEST_DHCP4_UTIL_H
#define KEXBOOT_TESTS_UNIT_TEST_DHCP4_UTIL_H

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

struct tpkt {
	uint8_t b[1600];
	size_t len;
};

static const uint8_t test_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static inline uint32_t tip(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a.s_addr;
}

/* A BOOTREPLY header with the cookie; options follow from byte 240. */
static inline void tpkt_reply(struct tpkt *p, uint32_t xid, const char *yiaddr)
{
	memset(p, 0, sizeof(*p));
	p->b[0] = 2;
	p->b[1] = 1;
	p->b[2] = 6;
	p->b[4] = xid >> 24, p->b[5] = xid >> 16, p->b[6] = xid >> 8, p->b[7] = xid;
	if (yiaddr) {
		uint32_t a = tip(yiaddr);

		memcpy(p->b + 16, &a, 4);
	}
	memcpy(p->b + 28, test_mac, 6);
	p->b[236] = 99, p->b[237] = 130, p->b[238] = 83, p->b[239] = 99;
	p->len = 240;
}

static inline void tpkt_opt(struct tpkt *p, uint8_t code, const void *data, size_t n)
{
	p->b[p->len++] = code;
	p->b[p->len++] = (uint8_t)n;
	memcpy(p->b + p->len, data, n);
	p->len += n;
}

static inline void tpkt_opt_u8(struct tpkt *p, uint8_t code, uint8_t v)
{
	tpkt_opt(p, code, &v, 1);
}

static inline void tpkt_opt_ip(struct tpkt *p, uint8_t code, const char *ip)
{
	uint32_t a = tip(ip);

	tpkt_opt(p, code, &a, 4);
}

static inline void tpkt_opt_str(struct tpkt *p, uint8_t code, const char *s)
{
	tpkt_opt(p, code, s, strlen(s));
}

static inline void tpkt_end(struct tpkt *p)
{
	p->b[p->len++] = 255;
}

/* A complete OFFER/ACK from server 10.0.0.1 leasing ip. */
static inline void tpkt_lease(struct tpkt *p, uint8_t type, uint32_t xid, const char *ip)
{
	static const uint8_t lt[4] = { 0, 0, 0x0e, 0x10 };

	tpkt_reply(p, xid, ip);
	tpkt_opt_u8(p, 53, type);
	tpkt_opt_ip(p, 54, "10.0.0.1");
	tpkt_opt_ip(p, 1, "255.255.255.0");
	tpkt_opt_ip(p, 3, "10.0.0.1");
	tpkt_opt(p, 51, lt, 4);
	tpkt_end(p);
}

#endif
