// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The DHCPv4 codec (RFC 2131/2132). Pure: no allocation, no I/O; the parser
 * reads only inside the buffer it is given, whatever the bytes say.
 */
#include "boot/net/net.h"
#include "lib/hex.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* The fixed BOOTP header, then the magic cookie and the options. */
#define OFF_OP 0
#define OFF_HTYPE 1
#define OFF_HLEN 2
#define OFF_XID 4
#define OFF_SECS 8
#define OFF_FLAGS 10
#define OFF_CIADDR 12
#define OFF_YIADDR 16
#define OFF_SIADDR 20
#define OFF_CHADDR 28
#define OFF_SNAME 44
#define SNAME_LEN 64
#define OFF_FILE 108
#define FILE_LEN 128
#define OFF_COOKIE 236
#define OFF_OPTIONS 240

#define OPT_PAD 0
#define OPT_END 255
#define OPT_OVERLOAD 52

static const uint8_t cookie[4] = { 99, 130, 83, 99 };

/* What the client asks for (option 55); the parser understands each of these. */
static const uint8_t wanted[] = { 1, 3, 6, 12, 15, 28, 54, 66, 67, 209, 210 };

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

struct writer {
	uint8_t *buf;
	size_t cap, len;
	bool full;
};

static void opt_put(struct writer *w, uint8_t code, const void *data, size_t n)
{
	if (n > 255 || w->len + 2 + n > w->cap) {
		w->full = true;
		return;
	}
	w->buf[w->len++] = code;
	w->buf[w->len++] = (uint8_t)n;
	if (n)
		memcpy(w->buf + w->len, data, n);
	w->len += n;
}

int dhcp4_build(const struct dhcp4_request *req, uint8_t *buf, size_t cap, size_t *len)
{
	struct writer w = { .buf = buf, .cap = cap };
	uint8_t type = (uint8_t)req->type, b[17];
	char vendor[40];
	uint16_t arch = req->arch;

	if (req->type != DHCP4_DISCOVER && req->type != DHCP4_REQUEST && req->type != DHCP4_RELEASE)
		return -EINVAL;
	if (cap < OFF_OPTIONS)
		return -ENOSPC;
	memset(buf, 0, OFF_OPTIONS);
	buf[OFF_OP] = 1; /* BOOTREQUEST */
	buf[OFF_HTYPE] = 1; /* Ethernet */
	buf[OFF_HLEN] = 6;
	put_be32(buf + OFF_XID, req->xid);
	put_be16(buf + OFF_SECS, req->secs);
	if (req->type == DHCP4_RELEASE)
		memcpy(buf + OFF_CIADDR, &req->ciaddr.s_addr, 4);
	else /* No address yet to receive unicast at: ask for broadcast replies. */
		put_be16(buf + OFF_FLAGS, 0x8000);
	memcpy(buf + OFF_CHADDR, req->mac, 6);
	memcpy(buf + OFF_COOKIE, cookie, 4);
	w.len = OFF_OPTIONS;

	opt_put(&w, 53, &type, 1);
	if (req->type == DHCP4_REQUEST) {
		opt_put(&w, 50, &req->requested.s_addr, 4);
		opt_put(&w, 54, &req->server_id.s_addr, 4);
	}
	/* RFC 2132 9.14: type 1 (Ethernet) + hardware address. */
	b[0] = 1;
	memcpy(b + 1, req->mac, 6);
	opt_put(&w, 61, b, 7);
	if (req->type == DHCP4_RELEASE) {
		/* RFC 2131 table 5: the server identifier, no parameter list, no vendor class. */
		opt_put(&w, 54, &req->server_id.s_addr, 4);
		goto end;
	}
	put_be16(b, DHCP4_PKT_MAX);
	opt_put(&w, 57, b, 2);
	opt_put(&w, 55, wanted, sizeof(wanted));
	/* RFC 4578 2.1-2.3: architecture, UNDI 3.16, and the machine's UUID. */
	put_be16(b, arch);
	opt_put(&w, 93, b, 2);
	b[0] = 1, b[1] = 3, b[2] = 16;
	opt_put(&w, 94, b, 3);
	snprintf(vendor, sizeof(vendor), "%s:Arch:%05u:UNDI:003016", req->http ? "HTTPClient" : "PXEClient",
		 (unsigned)arch);
	opt_put(&w, 60, vendor, strlen(vendor));
	if (req->has_uuid) {
		b[0] = 0;
		memcpy(b + 1, req->uuid, 16);
		opt_put(&w, 97, b, 17);
	}
end:
	if (w.len + 1 > w.cap)
		return -ENOSPC;
	buf[w.len++] = OPT_END;
	if (w.full)
		return -ENOSPC;
	/* Some servers drop BOOTP messages shorter than the 300 bytes of RFC 951. */
	while (w.len < 300 && w.len < w.cap)
		buf[w.len++] = OPT_PAD;
	*len = w.len;
	return 0;
}

/* The areas options may sit in, in the RFC 3396 concatenation order. */
struct areas {
	const uint8_t *p[3];
	size_t n[3];
	size_t count;
};

/*
 * Walks one area to the code's instances and appends their data to out.
 * A length running past the area ends the walk: what follows is garbage.
 * Returns false when the area was truncated.
 */
static bool area_collect(const uint8_t *p, size_t n, uint8_t code, uint8_t *out, size_t cap,
			 size_t *len, bool *found, bool *overflow)
{
	size_t i = 0;

	while (i < n) {
		uint8_t c = p[i], l;

		if (c == OPT_PAD) {
			i++;
			continue;
		}
		if (c == OPT_END)
			return true;
		if (i + 1 >= n)
			return false;
		l = p[i + 1];
		if (i + 2 + l > n)
			return false;
		if (c == code) {
			*found = true;
			if (*len + l > cap)
				*overflow = true;
			else
				memcpy(out + *len, p + i + 2, l);
			*len += l;
		}
		i += 2 + (size_t)l;
	}
	return true;
}

/* The concatenated data of every instance of code. false: absent or too long for cap. */
static bool opt_get(const struct areas *a, uint8_t code, uint8_t *out, size_t cap, size_t *len,
		    unsigned *n_ignored)
{
	bool found = false, overflow = false;

	*len = 0;
	for (size_t k = 0; k < a->count; k++)
		area_collect(a->p[k], a->n[k], code, out, cap, len, &found, &overflow);
	if (overflow)
		(*n_ignored)++;
	return found && !overflow;
}

/*
 * A string option: trailing NULs dropped (some servers count one), anything
 * else below 0x20 refused, since these strings reach file names and URLs.
 */
static bool text_valid(const uint8_t *s, size_t *n)
{
	while (*n && s[*n - 1] == '\0')
		(*n)--;
	for (size_t i = 0; i < *n; i++)
		if (s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static void opt_text(const struct areas *a, uint8_t code, char *out, size_t cap, unsigned *n_ignored)
{
	uint8_t tmp[DHCP4_PATH_MAX];
	size_t n;

	out[0] = '\0';
	if (!opt_get(a, code, tmp, sizeof(tmp), &n, n_ignored))
		return;
	if (!text_valid(tmp, &n) || n >= cap) {
		(*n_ignored)++;
		return;
	}
	memcpy(out, tmp, n);
	out[n] = '\0';
}

static void opt_addr(const struct areas *a, uint8_t code, struct in_addr *out, unsigned *n_ignored)
{
	uint8_t tmp[4];
	size_t n;

	out->s_addr = 0;
	if (!opt_get(a, code, tmp, sizeof(tmp), &n, n_ignored))
		return;
	if (n != 4) {
		(*n_ignored)++;
		return;
	}
	memcpy(&out->s_addr, tmp, 4);
}

/* A fixed sname/file field: a C string if it is NUL-terminated and printable. */
static void field_text(const uint8_t *p, size_t n, char *out, size_t cap, unsigned *n_ignored)
{
	size_t l = strnlen((const char *)p, n);

	if (l == 0)
		return;
	if (l == n || l >= cap || !text_valid(p, &l)) {
		(*n_ignored)++;
		return;
	}
	memcpy(out, p, l);
	out[l] = '\0';
}

int dhcp4_parse(const uint8_t *buf, size_t len, struct dhcp4_lease *out, struct diag_list *d)
{
	struct areas a = { .count = 1 };
	uint8_t tmp[4 * DHCP4_DNS_MAX + 4];
	size_t n;

	memset(out, 0, sizeof(*out));
	if (len < OFF_OPTIONS)
		return diag_fail(d, EBADMSG, "DHCP: packet of %zu bytes is shorter than a BOOTP header", len);
	if (len > DHCP4_PKT_MAX * 4)
		return diag_fail(d, EBADMSG, "DHCP: packet of %zu bytes is too long", len);
	if (buf[OFF_OP] != 2)
		return diag_fail(d, EBADMSG, "DHCP: not a BOOTREPLY (op %u)", buf[OFF_OP]);
	if (memcmp(buf + OFF_COOKIE, cookie, 4) != 0)
		return diag_fail(d, EBADMSG, "DHCP: no magic cookie");

	out->xid = get_be32(buf + OFF_XID);
	if (buf[OFF_HTYPE] == 1 && buf[OFF_HLEN] == 6)
		memcpy(out->chaddr, buf + OFF_CHADDR, 6);
	memcpy(&out->yiaddr.s_addr, buf + OFF_YIADDR, 4);
	memcpy(&out->siaddr.s_addr, buf + OFF_SIADDR, 4);

	a.p[0] = buf + OFF_OPTIONS;
	a.n[0] = len - OFF_OPTIONS;
	/* Option 52 itself may only be in the options field (RFC 2132 9.3). */
	if (opt_get(&a, OPT_OVERLOAD, tmp, sizeof(tmp), &n, &out->n_ignored) && n == 1 && tmp[0] >= 1 &&
	    tmp[0] <= 3)
		out->overload = tmp[0];
	/* RFC 3396: options field, then file, then sname. */
	if (out->overload & 1) {
		a.p[a.count] = buf + OFF_FILE;
		a.n[a.count++] = FILE_LEN;
	}
	if (out->overload & 2) {
		a.p[a.count] = buf + OFF_SNAME;
		a.n[a.count++] = SNAME_LEN;
	}

	/* Code 0 is never collected (it is padding): this walk only looks for truncation. */
	for (size_t k = 0; k < a.count; k++) {
		bool found = false, overflow = false;

		n = 0;
		if (!area_collect(a.p[k], a.n[k], OPT_PAD, tmp, sizeof(tmp), &n, &found, &overflow))
			diag_note(d, "DHCP: options truncated in the %s", k == 0 ? "options field" :
				  (a.p[k] == buf + OFF_FILE ? "file field" : "sname field"));
	}
	if (!opt_get(&a, 53, tmp, sizeof(tmp), &n, &out->n_ignored) || n != 1)
		return diag_fail(d, EBADMSG, "DHCP: no message type (option 53)");
	if (tmp[0] != DHCP4_OFFER && tmp[0] != DHCP4_ACK && tmp[0] != DHCP4_NAK)
		return diag_fail(d, EBADMSG, "DHCP: message type %u is not a server reply", tmp[0]);
	out->type = tmp[0];

	opt_addr(&a, 1, &out->subnet, &out->n_ignored);
	opt_addr(&a, 28, &out->broadcast, &out->n_ignored);
	opt_addr(&a, 54, &out->server_id, &out->n_ignored);
	/* Routers and DNS servers are lists: keep the first (routers) or the first few. */
	if (opt_get(&a, 3, tmp, sizeof(tmp), &n, &out->n_ignored) && n >= 4 && n % 4 == 0)
		memcpy(&out->router.s_addr, tmp, 4);
	if (opt_get(&a, 6, tmp, sizeof(tmp), &n, &out->n_ignored) && n >= 4 && n % 4 == 0)
		for (size_t i = 0; i < n / 4 && i < DHCP4_DNS_MAX; i++)
			memcpy(&out->dns[out->n_dns++].s_addr, tmp + 4 * i, 4);
	if (opt_get(&a, 51, tmp, sizeof(tmp), &n, &out->n_ignored) && n == 4)
		out->lease_time = get_be32(tmp);
	opt_text(&a, 12, out->hostname, sizeof(out->hostname), &out->n_ignored);
	opt_text(&a, 15, out->domain, sizeof(out->domain), &out->n_ignored);
	opt_text(&a, 56, out->message, sizeof(out->message), &out->n_ignored);
	opt_text(&a, 60, out->vendor_class, sizeof(out->vendor_class), &out->n_ignored);
	opt_text(&a, 66, out->tftp_server, sizeof(out->tftp_server), &out->n_ignored);
	opt_text(&a, 67, out->boot_file, sizeof(out->boot_file), &out->n_ignored);
	opt_text(&a, 209, out->config_file, sizeof(out->config_file), &out->n_ignored);
	opt_text(&a, 210, out->path_prefix, sizeof(out->path_prefix), &out->n_ignored);

	/* The fixed fields count only when they are not carrying options. */
	if (!(out->overload & 1) && !out->boot_file[0])
		field_text(buf + OFF_FILE, FILE_LEN, out->boot_file, sizeof(out->boot_file), &out->n_ignored);
	if (!(out->overload & 2) && !out->tftp_server[0])
		field_text(buf + OFF_SNAME, SNAME_LEN, out->tftp_server, sizeof(out->tftp_server),
			   &out->n_ignored);
	return 0;
}

int dhcp4_mask_prefix(struct in_addr mask)
{
	uint32_t m = ntohl(mask.s_addr);
	int prefix = 0;

	while (m & 0x80000000u) {
		prefix++;
		m <<= 1;
	}
	return m ? -EINVAL : prefix;
}

int net_uuid_parse(const char *text, uint8_t uuid[16])
{
	size_t k = 0;

	for (const char *s = text; *s && *s != '\n'; s++) {
		int hi, lo;

		if (*s == '-')
			continue;
		hi = hex_digit(s[0]);
		lo = hi < 0 ? -1 : hex_digit(s[1]);
		if (lo < 0 || k == 16)
			return -EINVAL;
		uuid[k++] = (uint8_t)(hi << 4 | lo);
		s++;
	}
	return k == 16 ? 0 : -EINVAL;
}
