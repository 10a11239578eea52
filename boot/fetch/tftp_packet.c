// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The TFTP packet codec (RFC 1350, options RFC 2347/2348/2349/7440). Pure:
 * what a server sends is untrusted, so every read is checked against the
 * packet's length and every number against its RFC's range.
 */
#include "boot/fetch/tftp.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Appends s and its NUL at *off; -ENOBUFS when it does not fit. */
static int put_str(uint8_t *buf, size_t cap, size_t *off, const char *s)
{
	size_t n = strlen(s) + 1;

	if (n > cap - *off)
		return -ENOBUFS;
	memcpy(buf + *off, s, n);
	*off += n;
	return 0;
}

static int put_opt(uint8_t *buf, size_t cap, size_t *off, const char *name, uint64_t value)
{
	char num[24];
	int r;

	snprintf(num, sizeof(num), "%llu", (unsigned long long)value);
	r = put_str(buf, cap, off, name);
	return r < 0 ? r : put_str(buf, cap, off, num);
}

int tftp_rrq_build(uint8_t *buf, size_t cap, const char *filename, const struct tftp_options *opts,
		   size_t *ret_len)
{
	size_t off = 2, n = strlen(filename);
	int r;

	if (n == 0)
		return -EINVAL;
	if (n > TFTP_FILENAME_MAX)
		return -ENAMETOOLONG;
	if (opts && ((opts->blksize && (opts->blksize < TFTP_BLKSIZE_MIN || opts->blksize > TFTP_BLKSIZE_MAX)) ||
		     opts->windowsize > TFTP_WINDOW_MAX || opts->timeout > TFTP_TIMEOUT_MAX))
		return -EINVAL;
	if (cap < 2)
		return -ENOBUFS;
	put16(buf, TFTP_RRQ);
	r = put_str(buf, cap, &off, filename);
	if (r == 0)
		r = put_str(buf, cap, &off, "octet");
	/* Only what is asked for is sent: a server that knows no options then sees a plain request. */
	if (r == 0 && opts && opts->blksize)
		r = put_opt(buf, cap, &off, "blksize", opts->blksize);
	if (r == 0 && opts && opts->has_tsize)
		r = put_opt(buf, cap, &off, "tsize", 0);
	if (r == 0 && opts && opts->timeout)
		r = put_opt(buf, cap, &off, "timeout", opts->timeout);
	if (r == 0 && opts && opts->windowsize)
		r = put_opt(buf, cap, &off, "windowsize", opts->windowsize);
	if (r < 0)
		return r;
	*ret_len = off;
	return 0;
}

int tftp_ack_build(uint8_t *buf, size_t cap, uint16_t block, size_t *ret_len)
{
	if (cap < 4)
		return -ENOBUFS;
	put16(buf, TFTP_ACK);
	put16(buf + 2, block);
	*ret_len = 4;
	return 0;
}

int tftp_error_build(uint8_t *buf, size_t cap, uint16_t code, const char *msg, size_t *ret_len)
{
	size_t n = strnlen(msg, TFTP_ERRMSG_MAX);

	if (cap < 4 + n + 1)
		return -ENOBUFS;
	put16(buf, TFTP_ERROR);
	put16(buf + 2, code);
	memcpy(buf + 4, msg, n);
	buf[4 + n] = '\0';
	*ret_len = 4 + n + 1;
	return 0;
}

/* A decimal option value: digits only, at most 20 of them, no overflow past max. */
static int parse_number(const char *s, size_t len, uint64_t min, uint64_t max, uint64_t *ret)
{
	uint64_t v = 0;

	if (len == 0 || len > 20)
		return -EBADMSG;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EBADMSG;
		if (v > (max - (uint64_t)(s[i] - '0')) / 10)
			return -EBADMSG;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v < min)
		return -EBADMSG;
	*ret = v;
	return 0;
}

/* The NUL-terminated string at buf[*off], within len: its length, or -EBADMSG when unterminated. */
static int take_str(const uint8_t *buf, size_t len, size_t *off, const char **ret, size_t *ret_len)
{
	const uint8_t *nul = memchr(buf + *off, '\0', len - *off);

	if (!nul)
		return -EBADMSG;
	*ret = (const char *)buf + *off;
	*ret_len = (size_t)(nul - (buf + *off));
	*off += *ret_len + 1;
	return 0;
}

static int parse_oack(const uint8_t *buf, size_t len, struct tftp_packet *p)
{
	size_t off = 2;
	unsigned seen = 0;

	while (off < len) {
		const char *name, *val;
		size_t nlen, vlen;
		uint64_t v;
		unsigned bit;
		int r;

		r = take_str(buf, len, &off, &name, &nlen);
		if (r == 0 && off >= len)
			r = -EBADMSG; /* a name with no value */
		if (r == 0)
			r = take_str(buf, len, &off, &val, &vlen);
		if (r < 0)
			return r;
		/* Option names are case-insensitive (RFC 2347). */
		if (nlen == 7 && strncasecmp(name, "blksize", 7) == 0) {
			bit = 1;
			r = parse_number(val, vlen, TFTP_BLKSIZE_MIN, TFTP_BLKSIZE_MAX, &v);
			p->oack.blksize = (unsigned)v;
		} else if (nlen == 10 && strncasecmp(name, "windowsize", 10) == 0) {
			bit = 2;
			r = parse_number(val, vlen, 1, TFTP_WINDOW_MAX, &v);
			p->oack.windowsize = (unsigned)v;
		} else if (nlen == 7 && strncasecmp(name, "timeout", 7) == 0) {
			bit = 4;
			r = parse_number(val, vlen, 1, TFTP_TIMEOUT_MAX, &v);
			p->oack.timeout = (unsigned)v;
		} else if (nlen == 5 && strncasecmp(name, "tsize", 5) == 0) {
			bit = 8;
			r = parse_number(val, vlen, 0, INT64_MAX, &v);
			p->oack.tsize = v;
			p->oack.has_tsize = true;
		} else {
			p->oack_unknown++;
			continue;
		}
		if (r < 0)
			return r;
		if (seen & bit)
			return -EBADMSG; /* twice: which one would the server mean? */
		seen |= bit;
	}
	return 0;
}

int tftp_packet_parse(const uint8_t *buf, size_t len, struct tftp_packet *ret)
{
	struct tftp_packet p = { 0 };
	uint16_t op;

	if (len < 2)
		return -EBADMSG;
	op = get16(buf);
	switch (op) {
	case TFTP_RRQ:
	case TFTP_WRQ:
		return -EPROTO;
	case TFTP_DATA:
		if (len < 4 || len - 4 > TFTP_BLKSIZE_MAX)
			return -EBADMSG;
		p.block = get16(buf + 2);
		p.data_len = len - 4;
		p.data = p.data_len ? buf + 4 : NULL;
		break;
	case TFTP_ACK:
		if (len != 4)
			return -EBADMSG;
		p.block = get16(buf + 2);
		break;
	case TFTP_ERROR: {
		size_t n = 0;

		if (len < 4)
			return -EBADMSG;
		p.error_code = get16(buf + 2);
		/* Shown to a user: printable ASCII only, cut, and a missing NUL forgiven. */
		for (size_t i = 4; i < len && buf[i] && n < TFTP_ERRMSG_MAX; i++)
			p.error_msg[n++] = (buf[i] >= 0x20 && buf[i] < 0x7f) ? (char)buf[i] : '?';
		p.error_msg[n] = '\0';
		break;
	}
	case TFTP_OACK: {
		int r = parse_oack(buf, len, &p);

		if (r < 0)
			return r;
		break;
	}
	default:
		return -EBADMSG;
	}
	p.op = (enum tftp_opcode)op;
	*ret = p;
	return 0;
}

uint64_t tftp_block_unwrap(uint64_t expect, uint16_t wire)
{
	uint64_t v = (expect & ~(uint64_t)0xffff) | wire;

	/* Nearest to expect: at most half the 16-bit space away in either direction. */
	if (v > expect && v - expect > 0x8000 && v >= 0x10000)
		v -= 0x10000;
	else if (v < expect && expect - v > 0x8000)
		v += 0x10000;
	return v;
}

const char *tftp_error_name(uint16_t code)
{
	static const char *const names[] = {
		[TFTP_EUNDEF] = "The server reported an error",
		[TFTP_ENOTFOUND] = "File not found",
		[TFTP_EACCESS] = "Access violation",
		[TFTP_ENOSPACE] = "Disk full or allocation exceeded",
		[TFTP_EBADOP] = "Illegal TFTP operation",
		[TFTP_EBADID] = "Unknown transfer ID",
		[TFTP_EEXISTS] = "File already exists",
		[TFTP_ENOUSER] = "No such user",
		[TFTP_EOPTNEG] = "Option negotiation refused",
	};

	return code < sizeof(names) / sizeof(names[0]) ? names[code] : names[TFTP_EUNDEF];
}
