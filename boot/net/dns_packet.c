// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The DNS codec (RFC 1035 4): one A/AAAA query out, its answer checked and
 * read. Pure: no allocation, no I/O; the parser reads only inside the
 * buffer it is given, whatever the bytes say.
 */
#include "boot/net/dns.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define HDR_LEN 12
#define FLAG_QR 0x8000
#define FLAG_AA 0x0400
#define FLAG_TC 0x0200
#define FLAG_RD 0x0100
#define OPCODE(f) (((f) >> 11) & 0xf)
#define RCODE(f) ((f) & 0xf)
#define WIRE_NAME_MAX 255 /* RFC 1035 2.3.4: the whole name on the wire */
#define LABEL_MAX 63

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

bool dns_config_add(struct dns_config *c, const struct dns_addr *a, uint16_t port, uint32_t scope_id)
{
	size_t alen = a->family == AF_INET ? 4 : 16;

	if (a->family != AF_INET && a->family != AF_INET6)
		return false;
	for (size_t i = 0; i < c->n_servers; i++) {
		const struct dns_server *s = &c->servers[i];

		if (s->addr.family == a->family && memcmp(s->addr.addr, a->addr, alen) == 0 && s->port == port)
			return false;
	}
	if (c->n_servers >= DNS_SERVERS_MAX)
		return false;
	c->servers[c->n_servers] = (struct dns_server){ .addr = *a, .port = port, .scope_id = scope_id };
	c->n_servers++;
	return true;
}

static bool label_char(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
	       ch == '_';
}

bool dns_name_ok(const char *name)
{
	size_t len = strlen(name), label = 0;
	bool all_numeric = true;

	if (len && name[len - 1] == '.')
		len--;
	if (len == 0 || len > DNS_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)name[i];

		if (ch == '.') {
			if (label == 0)
				return false;
			label = 0;
			continue;
		}
		if (!label_char(ch) || ++label > LABEL_MAX)
			return false;
		if (ch < '0' || ch > '9')
			all_numeric = false;
	}
	return label > 0 && !all_numeric;
}

int dns_query_build(uint16_t id, const char *name, uint16_t type, uint8_t *buf, size_t cap, size_t *len)
{
	size_t n = strlen(name), off = HDR_LEN;

	if (!dns_name_ok(name))
		return -EINVAL;
	if (n && name[n - 1] == '.')
		n--;
	/* header + length bytes and labels (n + 1) + the root + type and class */
	if (cap < HDR_LEN + n + 2 + 4)
		return -ENOSPC;
	memset(buf, 0, HDR_LEN);
	put16(buf, id);
	put16(buf + 2, FLAG_RD);
	put16(buf + 4, 1); /* QDCOUNT */
	for (const char *p = name, *end = name + n; p < end;) {
		const char *dot = memchr(p, '.', (size_t)(end - p));
		size_t l = dot ? (size_t)(dot - p) : (size_t)(end - p);

		buf[off++] = (uint8_t)l;
		memcpy(buf + off, p, l);
		off += l;
		p += l + (dot ? 1 : 0);
	}
	buf[off++] = 0;
	put16(buf + off, type);
	put16(buf + off + 2, DNS_CLASS_IN);
	*len = off + 4;
	return 0;
}

/*
 * Decodes the name at *off into text (lower case, labels joined by '.', no
 * final dot; bytes that are not label characters or '.' inside a label as
 * \DDD so no two wire names read the same). *off moves past the name where
 * it sits (a pointer ends it). Pointers must point before the label that
 * holds them: every jump goes strictly backwards, so none can loop.
 */
static int name_read(const uint8_t *buf, size_t len, size_t *off, char *text, size_t cap)
{
	size_t p = *off, t = 0, wire = 0, end = 0;
	unsigned jumps = 0;
	bool jumped = false;

	for (;;) {
		uint8_t l;

		if (p >= len)
			return -EBADMSG;
		l = buf[p];
		if ((l & 0xc0) == 0xc0) {
			size_t to;

			if (p + 1 >= len || ++jumps > DNS_POINTERS_MAX)
				return -EBADMSG;
			to = (size_t)(l & 0x3f) << 8 | buf[p + 1];
			if (to >= p) /* forwards or onto itself */
				return -EBADMSG;
			if (!jumped)
				end = p + 2;
			jumped = true;
			p = to;
			continue;
		}
		if (l & 0xc0) /* 0x40, 0x80: extended label types, unused */
			return -EBADMSG;
		wire += (size_t)l + 1;
		if (wire > WIRE_NAME_MAX)
			return -EBADMSG;
		if (l == 0) {
			if (!jumped)
				end = p + 1;
			break;
		}
		if (l > len - p - 1)
			return -EBADMSG;
		if (t && t < cap)
			text[t++] = '.';
		for (size_t i = 0; i < l; i++) {
			unsigned char ch = buf[p + 1 + i];
			char esc[5];
			size_t k;

			if (label_char(ch)) {
				esc[0] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
				k = 1;
			} else {
				snprintf(esc, sizeof(esc), "\\%03u", ch);
				k = 4;
			}
			if (t + k >= cap)
				return -EBADMSG; /* cannot be longer than 4 * 255 with cap > that */
			memcpy(text + t, esc, k);
			t += k;
		}
		p += (size_t)l + 1;
	}
	if (t >= cap)
		return -EBADMSG;
	text[t] = '\0';
	*off = end;
	return 0;
}

#define TEXT_CAP (4 * WIRE_NAME_MAX + 1)

/* name asked (dns_name_ok) as name_read() would print it: lower case, no final dot. */
static void name_canon(const char *name, char *out)
{
	size_t n = strlen(name);

	if (n && name[n - 1] == '.')
		n--;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i]);
	out[n] = '\0';
}

struct rr {
	size_t owner;        /* offset of the owner name */
	uint16_t type, class;
	size_t rdata, rdlen; /* offset and length of the data */
};

/* Whether the owner of r is text (decoded again: records keep offsets, not 1 KiB of text each). */
static bool rr_owner_is(const uint8_t *buf, size_t len, const struct rr *r, const char *text)
{
	char owner[TEXT_CAP];
	size_t off = r->owner;

	return name_read(buf, len, &off, owner, sizeof(owner)) == 0 && strcmp(owner, text) == 0;
}

int dns_answer_parse(const uint8_t *buf, size_t len, uint16_t id, const char *name, uint16_t type,
		     struct dns_answer *out, struct diag_list *d)
{
	struct rr rrs[DNS_RR_MAX + 1]; /* the last one: scratch for records past the limit */
	char want[TEXT_CAP], qname[TEXT_CAP];
	uint16_t flags, qd, an;
	size_t off = HDR_LEN, n_rr = 0;

	memset(out, 0, sizeof(*out));
	if (!dns_name_ok(name))
		return diag_fail(d, EINVAL, "not a host name");
	if (len < HDR_LEN)
		return diag_fail(d, EBADMSG, "answer of %zu bytes, shorter than a DNS header", len);
	flags = get16(buf + 2);
	qd = get16(buf + 4);
	an = get16(buf + 6);
	if (get16(buf) != id || !(flags & FLAG_QR))
		return diag_fail(d, ENOMSG, "not the answer to query %u", id);
	if (OPCODE(flags) != 0)
		return diag_fail(d, EBADMSG, "answer with opcode %u", OPCODE(flags));
	out->rcode = RCODE(flags);
	out->truncated = flags & FLAG_TC;
	out->authoritative = flags & FLAG_AA;
	/* The question must come back as it was asked (RFC 5452 9.1). */
	if (qd != 1)
		return diag_fail(d, ENOMSG, "answer with %u questions, not the one asked", qd);
	if (name_read(buf, len, &off, qname, sizeof(qname)) < 0 || len - off < 4)
		return diag_fail(d, EBADMSG, "answer's question is cut short or malformed");
	name_canon(name, want);
	if (strcmp(qname, want) != 0 || get16(buf + off) != type || get16(buf + off + 2) != DNS_CLASS_IN)
		return diag_fail(d, ENOMSG, "answer to another question (%s)", qname);
	off += 4;
	if (out->truncated || out->rcode != DNS_RCODE_NOERROR)
		return 0; /* what a truncated or failed answer holds is not used */
	for (unsigned i = 0; i < an; i++) {
		struct rr *r = &rrs[n_rr];

		r->owner = off;
		if (name_read(buf, len, &off, qname, sizeof(qname)) < 0 || len - off < 10)
			return diag_fail(d, EBADMSG, "answer record %u is cut short or malformed", i + 1);
		r->type = get16(buf + off);
		r->class = get16(buf + off + 2);
		r->rdlen = get16(buf + off + 8);
		r->rdata = off + 10;
		if (r->rdlen > len - r->rdata)
			return diag_fail(d, EBADMSG, "answer record %u runs past the end", i + 1);
		off = r->rdata + r->rdlen;
		if (r->class == DNS_CLASS_IN && n_rr < DNS_RR_MAX)
			n_rr++;
	}
	/* The chain from the name asked: each link is the CNAME whose owner is the current name. */
	memcpy(out->target, want, strlen(want) + 1); /* want passed dns_name_ok: it fits */
	for (;;) {
		size_t i;

		for (i = 0; i < n_rr; i++)
			if (rrs[i].type == DNS_TYPE_CNAME && rr_owner_is(buf, len, &rrs[i], out->target))
				break;
		if (i == n_rr)
			break;
		if (++out->n_cnames > DNS_CNAME_MAX)
			return diag_fail(d, ELOOP, "CNAME chain from %s longer than %u links (or a loop)", want,
					 DNS_CNAME_MAX);
		off = rrs[i].rdata;
		if (name_read(buf, len, &off, qname, sizeof(qname)) < 0 || off != rrs[i].rdata + rrs[i].rdlen)
			return diag_fail(d, EBADMSG, "malformed CNAME for %s", out->target);
		if (strlen(qname) > DNS_NAME_MAX)
			return diag_fail(d, EBADMSG, "CNAME for %s names no host", out->target);
		memcpy(out->target, qname, strlen(qname) + 1);
	}
	for (size_t i = 0; i < n_rr; i++) {
		const struct rr *r = &rrs[i];
		size_t alen = type == DNS_TYPE_A ? 4 : 16;

		if (r->type != type || !rr_owner_is(buf, len, r, out->target))
			continue;
		if (r->rdlen != alen)
			return diag_fail(d, EBADMSG, "%s record of %zu bytes for %s", type == DNS_TYPE_A ? "A" : "AAAA",
					 r->rdlen, out->target);
		if (out->n_addrs >= DNS_ADDRS_MAX)
			break;
		out->addrs[out->n_addrs].family = type == DNS_TYPE_A ? AF_INET : AF_INET6;
		memcpy(out->addrs[out->n_addrs].addr, buf + r->rdata, alen);
		out->n_addrs++;
	}
	return 0;
}
