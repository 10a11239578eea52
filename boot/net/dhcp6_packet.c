// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The DHCPv6 codec (RFC 8415 section 8 and 21, boot options RFC 5970).
 * Pure: no allocation, no I/O. The parser reads only inside the buffer it
 * is given; an option whose length runs past its container makes the whole
 * message malformed (RFC 8415 16: such messages are discarded).
 */
#include "boot/net/dhcp6.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define HDR_LEN 4 /* msg-type, transaction-id[3] */

#define OPT_CLIENTID 1
#define OPT_SERVERID 2
#define OPT_IA_NA 3
#define OPT_IAADDR 5
#define OPT_ORO 6
#define OPT_PREFERENCE 7
#define OPT_ELAPSED_TIME 8
#define OPT_STATUS_CODE 13
#define OPT_VENDOR_CLASS 16
#define OPT_DNS_SERVERS 23
#define OPT_BOOTFILE_URL 59
#define OPT_BOOTFILE_PARAM 60
#define OPT_CLIENT_ARCH_TYPE 61
#define OPT_NII 62

#define IA_NA_FIXED 12  /* IAID, T1, T2 */
#define IAADDR_FIXED 24 /* address, preferred, valid */
/* Intel's enterprise number, which the UEFI PXE/HTTP vendor class carries. */
#define ENTERPRISE_INTEL 343

/* ORO (option 6): what the client asks for; the parser understands each. */
static const uint16_t wanted[] = { OPT_DNS_SERVERS, OPT_BOOTFILE_URL, OPT_BOOTFILE_PARAM };

static uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

void dhcp6_duid_ll(struct dhcp6_duid *out, const uint8_t mac[6])
{
	put_be16(out->b, 3); /* DUID-LL */
	put_be16(out->b + 2, 1); /* hardware type: Ethernet */
	memcpy(out->b + 4, mac, 6);
	out->len = 10;
}

void dhcp6_duid_uuid(struct dhcp6_duid *out, const uint8_t uuid[16])
{
	put_be16(out->b, 4); /* DUID-UUID */
	memcpy(out->b + 2, uuid, 16);
	out->len = 18;
}

struct writer {
	uint8_t *buf;
	size_t cap, len;
	bool full;
};

/* Reserves an option header and n bytes of data; NULL (and full) when it does not fit. */
static uint8_t *opt_begin(struct writer *w, uint16_t code, size_t n)
{
	uint8_t *p;

	if (n > 0xffff || w->len > w->cap || 4 + n > w->cap - w->len) {
		w->full = true;
		return NULL;
	}
	p = w->buf + w->len;
	put_be16(p, code);
	put_be16(p + 2, (uint16_t)n);
	w->len += 4 + n;
	return p + 4;
}

static void opt_put(struct writer *w, uint16_t code, const void *data, size_t n)
{
	uint8_t *p = opt_begin(w, code, n);

	if (p && n)
		memcpy(p, data, n);
}

int dhcp6_build(const struct dhcp6_request *req, uint8_t *buf, size_t cap, size_t *len)
{
	struct writer w = { .buf = buf, .cap = cap };
	bool stateful = req->type != DHCP6_INFORMATION_REQUEST;
	uint8_t b[64], *p;
	char vendor[40];
	size_t vlen;

	bool give_back = req->type == DHCP6_RELEASE || req->type == DHCP6_DECLINE;

	if (req->type != DHCP6_SOLICIT && req->type != DHCP6_REQUEST && !give_back &&
	    req->type != DHCP6_INFORMATION_REQUEST)
		return -EINVAL;
	if (req->client_id.len == 0 || req->client_id.len > DHCP6_DUID_MAX ||
	    req->server_id.len > DHCP6_DUID_MAX)
		return -EINVAL;
	if ((req->type == DHCP6_REQUEST || give_back) && req->server_id.len == 0)
		return -EINVAL;
	if (cap < HDR_LEN)
		return -ENOSPC;
	buf[0] = (uint8_t)req->type;
	buf[1] = (req->xid >> 16) & 0xff;
	buf[2] = (req->xid >> 8) & 0xff;
	buf[3] = req->xid & 0xff;
	w.len = HDR_LEN;

	opt_put(&w, OPT_CLIENTID, req->client_id.b, req->client_id.len);
	if (req->type == DHCP6_REQUEST || give_back)
		opt_put(&w, OPT_SERVERID, req->server_id.b, req->server_id.len);
	put_be16(b, req->elapsed_cs);
	opt_put(&w, OPT_ELAPSED_TIME, b, 2);
	if (stateful) {
		/* IA_NA: IAID, T1 = T2 = 0 (the server chooses), and the address we hold or were offered. */
		p = opt_begin(&w, OPT_IA_NA, IA_NA_FIXED + (req->has_addr ? 4 + IAADDR_FIXED : 0));
		if (p) {
			put_be32(p, req->iaid);
			memset(p + 4, 0, 8);
			if (req->has_addr) {
				put_be16(p + 12, OPT_IAADDR);
				put_be16(p + 14, IAADDR_FIXED);
				memcpy(p + 16, &req->addr, 16);
				memset(p + 32, 0, 8);
			}
		}
	}
	if (!give_back) {
		p = opt_begin(&w, OPT_ORO, 2 * sizeof(wanted) / sizeof(wanted[0]));
		for (size_t i = 0; p && i < sizeof(wanted) / sizeof(wanted[0]); i++)
			put_be16(p + 2 * i, wanted[i]);
		/* RFC 5970 3.2-3.3: the architecture and UNDI 3.16, as UEFI clients send them. */
		put_be16(b, req->arch);
		opt_put(&w, OPT_CLIENT_ARCH_TYPE, b, 2);
		b[0] = 1, b[1] = 3, b[2] = 16;
		opt_put(&w, OPT_NII, b, 3);
		/* RFC 8415 21.16: enterprise number, then one length-prefixed class. */
		vlen = (size_t)snprintf(vendor, sizeof(vendor), "%s:Arch:%05u:UNDI:003016",
					req->http ? "HTTPClient" : "PXEClient", (unsigned)req->arch);
		p = opt_begin(&w, OPT_VENDOR_CLASS, 6 + vlen);
		if (p) {
			put_be32(p, ENTERPRISE_INTEL);
			put_be16(p + 4, (uint16_t)vlen);
			memcpy(p + 6, vendor, vlen);
		}
	}
	if (w.full)
		return -ENOSPC;
	*len = w.len;
	return 0;
}

/* One option inside a container: code, its data and length. */
struct opt_iter {
	const uint8_t *p;
	size_t n, off;
};

/* 1: an option in (code, data, dlen); 0: the end; -EBADMSG: framing runs past the container. */
static int opt_next(struct opt_iter *it, uint16_t *code, const uint8_t **data, size_t *dlen)
{
	size_t l;

	if (it->off == it->n)
		return 0;
	if (it->n - it->off < 4)
		return -EBADMSG;
	*code = get_be16(it->p + it->off);
	l = get_be16(it->p + it->off + 2);
	if (l > it->n - it->off - 4)
		return -EBADMSG;
	*data = it->p + it->off + 4;
	*dlen = l;
	it->off += 4 + l;
	return 1;
}

/* Printable text (RFC 8415 status messages and URLs are UTF-8; control bytes refused). */
static bool text_copy(const uint8_t *s, size_t n, char *out, size_t cap)
{
	while (n && s[n - 1] == '\0')
		n--;
	if (n >= cap)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] == 0x7f)
			return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

/* Option 13: 2-byte code and a message. false when malformed. */
static bool status_parse(const uint8_t *d, size_t n, uint16_t *code, char *msg, size_t cap, unsigned *n_ignored)
{
	if (n < 2)
		return false;
	*code = get_be16(d);
	if (!text_copy(d + 2, n - 2, msg, cap)) {
		msg[0] = '\0';
		(*n_ignored)++;
	}
	return true;
}

static int iaaddr_parse(const uint8_t *d, size_t n, struct dhcp6_lease *out)
{
	struct opt_iter it = { .p = d + IAADDR_FIXED, .n = n - IAADDR_FIXED };
	uint32_t preferred = get_be32(d + 16), valid = get_be32(d + 20);
	const uint8_t *od;
	uint16_t code, status = DHCP6_SUCCESS;
	size_t on;
	char msg[DHCP6_STR_MAX];
	int r;

	while ((r = opt_next(&it, &code, &od, &on)) > 0)
		if (code == OPT_STATUS_CODE && !status_parse(od, on, &status, msg, sizeof(msg), &out->n_ignored))
			out->n_ignored++;
	if (r < 0)
		return r;
	/* RFC 8415 21.6: preferred > valid is invalid; valid 0 means "no longer yours". */
	if (preferred > valid || valid == 0 || status != DHCP6_SUCCESS || out->has_addr) {
		out->n_ignored++;
		return 0;
	}
	memcpy(&out->addr, d, 16);
	out->preferred_lt = preferred;
	out->valid_lt = valid;
	out->has_addr = true;
	return 0;
}

/* IA_NA: the first one counts (kexboot sends one IAID); its IAADDRs and status. */
static int ia_na_parse(const uint8_t *d, size_t n, struct dhcp6_lease *out)
{
	struct opt_iter it = { .p = d + IA_NA_FIXED, .n = n - IA_NA_FIXED };
	const uint8_t *od;
	uint16_t code;
	size_t on;
	int r;

	out->has_ia = true;
	out->iaid = get_be32(d);
	out->t1 = get_be32(d + 4);
	out->t2 = get_be32(d + 8);
	while ((r = opt_next(&it, &code, &od, &on)) > 0) {
		if (code == OPT_IAADDR) {
			if (on < IAADDR_FIXED) {
				out->n_ignored++;
				continue;
			}
			r = iaaddr_parse(od, on, out);
			if (r < 0)
				return r;
		} else if (code == OPT_STATUS_CODE) {
			if (!status_parse(od, on, &out->ia_status, out->ia_status_msg, sizeof(out->ia_status_msg),
					  &out->n_ignored))
				out->n_ignored++;
		}
	}
	return r;
}

/* Option 60: a list of (2-byte length, parameter). */
static void params_parse(const uint8_t *d, size_t n, struct dhcp6_lease *out)
{
	size_t off = 0;

	while (off < n) {
		size_t l;

		if (n - off < 2) {
			out->n_ignored++;
			return;
		}
		l = get_be16(d + off);
		off += 2;
		if (l > n - off) {
			out->n_ignored++;
			return;
		}
		if (out->n_params < DHCP6_PARAMS_MAX &&
		    text_copy(d + off, l, out->params[out->n_params], DHCP6_PARAM_LEN))
			out->n_params++;
		else
			out->n_ignored++;
		off += l;
	}
}

static void duid_copy(struct dhcp6_duid *dst, const uint8_t *d, size_t n, unsigned *n_ignored)
{
	if (n == 0 || n > DHCP6_DUID_MAX) {
		(*n_ignored)++;
		return;
	}
	memcpy(dst->b, d, n);
	dst->len = n;
}

int dhcp6_parse(const uint8_t *buf, size_t len, struct dhcp6_lease *out, struct diag_list *d)
{
	struct opt_iter it = { .p = buf + HDR_LEN };
	bool seen_ia = false, seen_url = false, seen_params = false;
	const uint8_t *od;
	uint16_t code;
	size_t on;
	int r;

	memset(out, 0, sizeof(*out));
	if (len < HDR_LEN)
		return diag_fail(d, EBADMSG, "DHCPv6: message of %zu bytes is shorter than its header", len);
	if (len > DHCP6_RECV_MAX)
		return diag_fail(d, EBADMSG, "DHCPv6: message of %zu bytes is too long", len);
	if (buf[0] != DHCP6_ADVERTISE && buf[0] != DHCP6_REPLY)
		return diag_fail(d, EBADMSG, "DHCPv6: message type %u is not ADVERTISE or REPLY", buf[0]);
	out->type = buf[0];
	out->xid = (uint32_t)buf[1] << 16 | (uint32_t)buf[2] << 8 | buf[3];
	it.n = len - HDR_LEN;

	while ((r = opt_next(&it, &code, &od, &on)) > 0) {
		switch (code) {
		case OPT_CLIENTID:
			duid_copy(&out->client_id, od, on, &out->n_ignored);
			break;
		case OPT_SERVERID:
			duid_copy(&out->server_id, od, on, &out->n_ignored);
			break;
		case OPT_PREFERENCE:
			if (on == 1)
				out->preference = od[0];
			else
				out->n_ignored++;
			break;
		case OPT_STATUS_CODE:
			if (!status_parse(od, on, &out->status, out->status_msg, sizeof(out->status_msg),
					  &out->n_ignored))
				out->n_ignored++;
			break;
		case OPT_IA_NA:
			if (on < IA_NA_FIXED || seen_ia) {
				out->n_ignored++;
				break;
			}
			seen_ia = true;
			if (ia_na_parse(od, on, out) < 0)
				return diag_fail(d, EBADMSG, "DHCPv6: IA_NA options run past their option");
			break;
		case OPT_DNS_SERVERS:
			if (on == 0 || on % 16) {
				out->n_ignored++;
				break;
			}
			for (size_t i = 0; i < on / 16 && out->n_dns < DHCP6_DNS_MAX; i++)
				memcpy(&out->dns[out->n_dns++], od + 16 * i, 16);
			break;
		case OPT_BOOTFILE_URL:
			/* The first instance counts; a URL with control bytes is dropped, not truncated. */
			if (seen_url || !text_copy(od, on, out->bootfile_url, sizeof(out->bootfile_url)))
				out->n_ignored++;
			seen_url = true;
			break;
		case OPT_BOOTFILE_PARAM:
			if (seen_params)
				out->n_ignored++;
			else
				params_parse(od, on, out);
			seen_params = true;
			break;
		default:
			break;
		}
	}
	if (r < 0)
		return diag_fail(d, EBADMSG, "DHCPv6: options run past the end of the message");
	if (out->server_id.len == 0)
		return diag_fail(d, EBADMSG, "DHCPv6: no server identifier");
	return 0;
}

const char *dhcp6_status_name(uint16_t status, char buf[16])
{
	static const char *const names[] = { "Success", "UnspecFail", "NoAddrsAvail", "NoBinding",
					     "NotOnLink", "UseMulticast", "NoPrefixAvail" };

	if (status < sizeof(names) / sizeof(names[0]))
		return names[status];
	snprintf(buf, 16, "status %u", (unsigned)status);
	return buf;
}
