// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * HTTP/1.1 responses (RFC 9112): the head and the chunked framing. Pure and
 * bounded: servers on a boot network are not trusted to be well formed.
 * A bare LF ends a line as well as CRLF (RFC 9112 2.2 lets recipients
 * accept it); obsolete line folding is refused.
 */
#include "boot/fetch/http.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

ssize_t http_head_length(const char *buf, size_t n)
{
	size_t line = 0; /* start of the current line */

	for (size_t i = 0; i < n && i < HTTP_HEAD_MAX; i++) {
		if (buf[i] != '\n')
			continue;
		/* an empty line ("\n" or "\r\n") after the status line ends the head */
		if (line > 0 && (i == line || (i == line + 1 && buf[line] == '\r')))
			return (ssize_t)(i + 1);
		line = i + 1;
	}
	return n >= HTTP_HEAD_MAX ? -EMSGSIZE : 0;
}

void http_response_done(struct http_response *r)
{
	if (!r)
		return;
	free(r->location);
	free(r->content_type);
	*r = (struct http_response){ 0 };
}

static bool http_is_tchar(unsigned char c)
{
	return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

/* Digits only, no sign, no overflow. */
static int http_parse_u64(const char *p, size_t n, uint64_t *ret)
{
	uint64_t v = 0;

	if (n == 0 || n > 19)
		return -EBADMSG;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return -EBADMSG;
		v = v * 10 + (uint64_t)(p[i] - '0');
	}
	*ret = v;
	return 0;
}

/* Whether the comma-separated token list v[0..n) holds token (case-insensitive). */
static bool http_list_has(const char *v, size_t n, const char *token)
{
	size_t tl = strlen(token), i = 0;

	while (i < n) {
		size_t s, e;

		while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		s = i;
		while (i < n && v[i] != ',')
			i++;
		e = i;
		while (e > s && (v[e - 1] == ' ' || v[e - 1] == '\t'))
			e--;
		if (e - s == tl && strncasecmp(v + s, token, tl) == 0)
			return true;
	}
	return false;
}

/* "bytes first-last/total", or an asterisk for an unknown total */
static int http_parse_range(const char *v, size_t n, struct http_response *r)
{
	const char *dash, *slash, *end = v + n;

	if (n < 6 || strncasecmp(v, "bytes ", 6) != 0)
		return -EBADMSG;
	v += 6;
	dash = memchr(v, '-', (size_t)(end - v));
	slash = dash ? memchr(dash, '/', (size_t)(end - dash)) : NULL;
	if (!dash || !slash)
		return -EBADMSG;
	if (http_parse_u64(v, (size_t)(dash - v), &r->range_first) < 0 ||
	    http_parse_u64(dash + 1, (size_t)(slash - dash - 1), &r->range_last) < 0 || r->range_last < r->range_first)
		return -EBADMSG;
	if (end - slash == 2 && slash[1] == '*') {
		r->has_range_total = false;
	} else {
		if (http_parse_u64(slash + 1, (size_t)(end - slash - 1), &r->range_total) < 0 ||
		    r->range_last >= r->range_total)
			return -EBADMSG;
		r->has_range_total = true;
	}
	r->has_range = true;
	return 0;
}

static int http_header(struct http_response *r, const char *name, size_t nn, const char *v, size_t vn)
{
#define IS(h) (nn == strlen(h) && strncasecmp(name, h, nn) == 0)
	if (IS("Content-Length")) {
		uint64_t len;

		/* differing repeats are a framing attack (RFC 9112 6.3) */
		if (http_parse_u64(v, vn, &len) < 0 || (r->has_length && r->length != len))
			return -EBADMSG;
		r->has_length = true;
		r->length = len;
	} else if (IS("Transfer-Encoding")) {
		/* kexboot asks for no coding: anything but chunked alone cannot be framed */
		if (!(vn == 7 && strncasecmp(v, "chunked", 7) == 0) || r->chunked)
			return -EBADMSG;
		r->chunked = true;
	} else if (IS("Location")) {
		if (r->location || !(r->location = strndup(v, vn)))
			return -EBADMSG;
	} else if (IS("Content-Type")) {
		if (r->content_type || !(r->content_type = strndup(v, vn)))
			return -EBADMSG;
	} else if (IS("Content-Range")) {
		if (r->has_range || http_parse_range(v, vn, r) < 0)
			return -EBADMSG;
	} else if (IS("Accept-Ranges")) {
		r->accept_ranges = r->accept_ranges || http_list_has(v, vn, "bytes");
	} else if (IS("Connection")) {
		r->close = r->close || http_list_has(v, vn, "close");
	}
	return 0;
#undef IS
}

/* "HTTP/1.x SP 3DIGIT [SP reason]" */
static int http_status_line(const char *p, size_t n, struct http_response *r)
{
	size_t rl;

	if (n < 12 || memcmp(p, "HTTP/1.", 7) != 0 || !isdigit((unsigned char)p[7]) || p[8] != ' ')
		return -EBADMSG;
	if (!isdigit((unsigned char)p[9]) || !isdigit((unsigned char)p[10]) || !isdigit((unsigned char)p[11]))
		return -EBADMSG;
	r->status = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
	if (r->status < 100 || r->status > 599)
		return -EBADMSG;
	if (n > 12 && p[12] != ' ')
		return -EBADMSG;
	p += n > 12 ? 13 : 12;
	rl = n > 12 ? n - 13 : 0;
	if (rl >= HTTP_REASON_MAX)
		rl = HTTP_REASON_MAX - 1;
	/* the reason goes into messages: printable bytes only */
	for (size_t i = 0; i < rl; i++)
		r->reason[i] = (p[i] >= 0x20 && p[i] < 0x7f) ? p[i] : '?';
	r->reason[rl] = '\0';
	return 0;
}

int http_response_parse(const char *head, size_t n, struct http_response *ret)
{
	struct http_response r = { 0 };
	unsigned fields = 0;
	size_t i = 0;
	bool first = true;

	*ret = (struct http_response){ 0 };
	if (n > HTTP_HEAD_MAX)
		return -EBADMSG;
	while (i < n) {
		const char *line = head + i, *eol = memchr(line, '\n', n - i), *colon, *v, *ve;
		size_t len;

		if (!eol)
			goto bad;
		len = (size_t)(eol - line);
		i += len + 1;
		if (len && line[len - 1] == '\r')
			len--;
		for (size_t k = 0; k < len; k++)
			if ((line[k] < 0x20 && line[k] != '\t') || line[k] == 0x7f)
				goto bad;
		if (first) {
			if (http_status_line(line, len, &r) < 0)
				goto bad;
			first = false;
			continue;
		}
		if (len == 0)
			break; /* the blank line */
		if (++fields > HTTP_HEADERS_MAX)
			goto bad;
		colon = memchr(line, ':', len);
		if (!colon || colon == line)
			goto bad;
		/* a name is a token: no space before the colon, no folded lines */
		for (const char *c = line; c < colon; c++)
			if (!http_is_tchar((unsigned char)*c))
				goto bad;
		v = colon + 1;
		ve = line + len;
		while (v < ve && (*v == ' ' || *v == '\t'))
			v++;
		while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		if (http_header(&r, line, (size_t)(colon - line), v, (size_t)(ve - v)) < 0)
			goto bad;
	}
	if (first)
		goto bad;
	/* Transfer-Encoding wins over Content-Length (RFC 9112 6.3) */
	if (r.chunked)
		r.has_length = false;
	*ret = r;
	return 0;
bad:
	http_response_done(&r);
	return -EBADMSG;
}

enum {
	CHUNK_SIZE,     /* in the chunk-size line */
	CHUNK_DATA,     /* in chunk data */
	CHUNK_DATA_END, /* the CRLF after chunk data */
	CHUNK_TRAILER,  /* in a trailer line (or the final blank line) */
	CHUNK_DONE,
};

void http_chunked_init(struct http_chunked *c)
{
	*c = (struct http_chunked){ .state = CHUNK_SIZE };
}

int http_chunked_feed(struct http_chunked *c, uint8_t *buf, size_t n, size_t *ret_used, size_t *ret_body)
{
	size_t i = 0, o = 0;

	*ret_used = 0;
	*ret_body = 0;
	while (i < n && c->state != CHUNK_DONE) {
		uint8_t b = buf[i];

		switch (c->state) {
		case CHUNK_SIZE:
			if (++c->line_len > HTTP_CHUNK_LINE_MAX)
				return -EBADMSG;
			i++;
			if (c->cr && b != '\n')
				return -EBADMSG;
			if (b == '\n') {
				if (!c->digits)
					return -EBADMSG;
				c->state = c->left ? CHUNK_DATA : CHUNK_TRAILER;
				c->line_len = 0;
				c->cr = false;
			} else if (b == '\r') {
				c->cr = true;
			} else if (!c->in_ext && isxdigit(b)) {
				/* 16 hex digits fill 64 bits; more would overflow */
				if (++c->digits > 16)
					return -EBADMSG;
				c->left = c->left << 4 | (uint64_t)(isdigit(b) ? b - '0' : tolower(b) - 'a' + 10);
			} else if (c->digits && (b == ';' || b == ' ' || b == '\t' || c->in_ext)) {
				/* extensions are ignored, but stay printable */
				if ((b < 0x20 && b != '\t') || b == 0x7f)
					return -EBADMSG;
				c->in_ext = true;
			} else {
				return -EBADMSG;
			}
			break;
		case CHUNK_DATA: {
			size_t take = n - i;

			if (take > c->left)
				take = (size_t)c->left;
			memmove(buf + o, buf + i, take);
			o += take;
			i += take;
			c->left -= take;
			if (!c->left)
				c->state = CHUNK_DATA_END;
			break;
		}
		case CHUNK_DATA_END:
			i++;
			if (b == '\r' && !c->cr) {
				c->cr = true;
			} else if (b == '\n') {
				c->cr = false;
				c->digits = 0;
				c->in_ext = false;
				c->state = CHUNK_SIZE;
			} else {
				return -EBADMSG;
			}
			break;
		case CHUNK_TRAILER:
			i++;
			if (++c->trailer_len > HTTP_TRAILER_MAX)
				return -EBADMSG;
			if (c->cr && b != '\n')
				return -EBADMSG;
			if (b == '\n') {
				if (c->line_len == 0)
					c->state = CHUNK_DONE;
				c->line_len = 0;
				c->cr = false;
			} else if (b == '\r') {
				c->cr = true;
			} else if ((b < 0x20 && b != '\t') || b == 0x7f) {
				return -EBADMSG;
			} else {
				c->line_len++;
			}
			break;
		}
	}
	*ret_used = i;
	*ret_body = o;
	return c->state == CHUNK_DONE ? 1 : 0;
}
