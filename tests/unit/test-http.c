// SPDX-License-Identifier: GPL-2.0-or-later
/* boot/fetch/http_parse.c: crafted response heads, limits, and the chunked decoder fed at every split. */
#include "boot/fetch/http.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <stdlib.h>

static int parse(const char *s, struct http_response *r)
{
	ssize_t n = http_head_length(s, strlen(s));

	if (n <= 0)
		return n < 0 ? (int)n : -EAGAIN;
	return http_response_parse(s, (size_t)n, r);
}

static void test_head_basic(void)
{
	const char *s = "HTTP/1.1 200 OK\r\nContent-Length: 3145728\r\nContent-Type: application/octet-stream\r\n"
			"Accept-Ranges: bytes\r\nConnection: keep-alive, Close\r\n\r\nBODY";
	struct http_response r;

	CHECK_EQ(http_head_length(s, strlen(s)), (ssize_t)strlen(s) - 4);
	CHECK_EQ(parse(s, &r), 0);
	CHECK_EQ(r.status, 200);
	CHECK_STREQ(r.reason, "OK");
	CHECK(r.has_length);
	CHECK_EQ(r.length, 3145728);
	CHECK(!r.chunked);
	CHECK(r.accept_ranges);
	CHECK(r.close);
	CHECK_STREQ(r.content_type, "application/octet-stream");
	CHECK(r.location == NULL);
	http_response_done(&r);
	http_response_done(&r);
}

/* The head's end is found at exactly one prefix length, wherever the bytes were split. */
static void test_head_incremental(void)
{
	const char *s = "HTTP/1.1 301 Moved Permanently\r\nLocation: ../images/\r\nContent-Length: 0\r\n\r\n";
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i++)
		CHECK_EQ(http_head_length(s, i), 0);
	CHECK_EQ(http_head_length(s, n), (ssize_t)n);
	/* bare LF lines */
	CHECK_EQ(http_head_length("HTTP/1.0 200 OK\nA: b\n\nxx", 24), 22);
	/* an empty status line still ends a head (the parser refuses it) */
	CHECK_EQ(http_head_length("\r\n\r\n", 4), 4);
}

static void test_head_fields(void)
{
	struct http_response r;

	CHECK_EQ(parse("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\n", &r), 0);
	CHECK_EQ(r.status, 404);
	CHECK_STREQ(r.reason, "Not Found");
	CHECK(!r.accept_ranges && !r.close);
	http_response_done(&r);

	CHECK_EQ(parse("HTTP/1.1 302\r\nlocation:   http://[::1]:8080/x  \r\n\r\n", &r), 0);
	CHECK_EQ(r.status, 302);
	CHECK_STREQ(r.reason, "");
	CHECK_STREQ(r.location, "http://[::1]:8080/x");
	http_response_done(&r);

	CHECK_EQ(parse("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 100-199/1000\r\nContent-Length: 100\r\n\r\n", &r), 0);
	CHECK(r.has_range && r.has_range_total);
	CHECK_EQ(r.range_first, 100);
	CHECK_EQ(r.range_last, 199);
	CHECK_EQ(r.range_total, 1000);
	http_response_done(&r);

	CHECK_EQ(parse("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 5-9/*\r\n\r\n", &r), 0);
	CHECK(r.has_range && !r.has_range_total);
	http_response_done(&r);

	/* chunked wins over Content-Length */
	CHECK_EQ(parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nTransfer-Encoding: Chunked\r\n\r\n", &r), 0);
	CHECK(r.chunked && !r.has_length);
	http_response_done(&r);

	/* repeated equal lengths are one length; unknown fields are ignored */
	CHECK_EQ(parse("HTTP/1.0 200 OK\nContent-Length: 4\nX-Thing: \x01x\n\n", &r), -EBADMSG);
	CHECK_EQ(parse("HTTP/1.0 200 OK\nContent-Length: 4\nContent-Length: 4\nX-Thing: y\n\n", &r), 0);
	CHECK_EQ(r.length, 4);
	http_response_done(&r);

	/* a long reason is cut, not refused */
	CHECK_EQ(parse("HTTP/1.1 500 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n", &r), 0);
	CHECK_EQ(strlen(r.reason), HTTP_REASON_MAX - 1);
	http_response_done(&r);
}

static void test_head_bad(void)
{
	static const char *const bad[] = {
		"HTTP/2.0 200 OK\r\n\r\n",
		"HTTP/1.1 600 Nope\r\n\r\n",
		"HTTP/1.1 099 Nope\r\n\r\n",
		"HTTP/1.1 20 OK\r\n\r\n",
		"HTTP/1.1 200OK\r\n\r\n",
		"ICY 200 OK\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length : 5\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n folded\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Range: bytes 9-5/10\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Range: bytes 0-10/10\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Range: items 0-1/10\r\n\r\n",
		"HTTP/1.1 200 OK\r\nLocation: a\r\nLocation: b\r\n\r\n",
		"HTTP/1.1 200 OK\r\n: empty\r\n\r\n",
		"HTTP/1.1 200 OK\r\nNoColon\r\n\r\n",
	};
	struct http_response r;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int e = parse(bad[i], &r);

		if (e != -EBADMSG) {
			fprintf(stderr, "  bad[%zu] = %d\n", i, e);
			harness_failures++;
		}
		CHECK(r.status == 0 && r.location == NULL);
	}
}

static void test_head_limits(void)
{
	_cleanup_free_ char *big = malloc(HTTP_HEAD_MAX * 2);
	struct http_response r;
	size_t n;

	CHECK(big != NULL);
	/* one field more than allowed */
	n = (size_t)sprintf(big, "HTTP/1.1 200 OK\r\n");
	for (int i = 0; i <= HTTP_HEADERS_MAX; i++)
		n += (size_t)sprintf(big + n, "X-%d: y\r\n", i);
	strcpy(big + n, "\r\n");
	CHECK_EQ(parse(big, &r), -EBADMSG);
	/* exactly the allowed count */
	n = (size_t)sprintf(big, "HTTP/1.1 200 OK\r\n");
	for (int i = 0; i < HTTP_HEADERS_MAX; i++)
		n += (size_t)sprintf(big + n, "X-%d: y\r\n", i);
	strcpy(big + n, "\r\n");
	CHECK_EQ(parse(big, &r), 0);
	http_response_done(&r);
	/* a head that never ends within the limit */
	n = (size_t)sprintf(big, "HTTP/1.1 200 OK\r\nX: ");
	memset(big + n, 'a', HTTP_HEAD_MAX * 2 - n);
	CHECK_EQ(http_head_length(big, HTTP_HEAD_MAX - 1), 0);
	CHECK_EQ(http_head_length(big, HTTP_HEAD_MAX), -EMSGSIZE);
	CHECK_EQ(http_head_length(big, HTTP_HEAD_MAX * 2), -EMSGSIZE);
	CHECK_EQ(http_response_parse(big, HTTP_HEAD_MAX + 1, &r), -EBADMSG);
}

static const char chunked[] = "4\r\nWiki\r\n5;name=\"v\"\r\npedia\r\nE \r\n in\r\n\r\nchunks.\r\n"
			      "00\r\nX-Trailer: 1\r\n\r\nNEXT";
static const char chunked_body[] = "Wikipedia in\r\n\r\nchunks.";

/* Feeds s in pieces cut at the given points; 1 when done with the body and bytes used as expected. */
static int feed_pieces(const char *s, size_t n, const size_t *cuts, size_t n_cuts, char *body, size_t *body_len,
		       size_t *used_total)
{
	struct http_chunked c;
	uint8_t buf[256];
	size_t at = 0;
	int r = 0;

	http_chunked_init(&c);
	*body_len = 0;
	*used_total = 0;
	for (size_t k = 0; k <= n_cuts && r == 0; k++) {
		size_t end = k < n_cuts ? cuts[k] : n, used, got;

		memcpy(buf, s + at, end - at);
		r = http_chunked_feed(&c, buf, end - at, &used, &got);
		if (r < 0)
			return r;
		memcpy(body + *body_len, buf, got);
		*body_len += got;
		*used_total += used;
		if (r == 0 && used != end - at)
			return -999;
		at = end;
	}
	return r;
}

static void test_chunked_every_split(void)
{
	size_t n = strlen(chunked), want_used = n - 4, bl, used;
	char body[256];

	for (size_t a = 0; a <= n; a++) {
		for (size_t b = a; b <= n; b++) {
			size_t cuts[2] = { a, b };

			if (feed_pieces(chunked, n, cuts, 2, body, &bl, &used) != 1 || bl != strlen(chunked_body) ||
			    memcmp(body, chunked_body, bl) != 0 || used != want_used) {
				fprintf(stderr, "  split at %zu,%zu failed\n", a, b);
				harness_failures++;
				return;
			}
		}
	}
}

static void test_chunked_bytewise(void)
{
	size_t n = strlen(chunked), bl, used;
	size_t cuts[sizeof(chunked)];
	char body[256];

	for (size_t i = 0; i < n; i++)
		cuts[i] = i + 1;
	CHECK_EQ(feed_pieces(chunked, n, cuts, n - 1, body, &bl, &used), 1);
	CHECK_EQ(bl, strlen(chunked_body));
	CHECK(memcmp(body, chunked_body, bl) == 0);
	/* bare LF framing is read too */
	CHECK_EQ(feed_pieces("3\nabc\n0\n\n", 9, NULL, 0, body, &bl, &used), 1);
	CHECK_EQ(bl, 3);
	CHECK_EQ(used, 9);
}

static void test_chunked_bad(void)
{
	static const char *const bad[] = {
		"G\r\n",                       /* not hex */
		"\r\n",                        /* no digits */
		";x\r\n",                      /* extension without a size */
		"11111111111111111\r\n",       /* 17 digits: past 64 bits */
		"3\r\nabcX\r\n",               /* data not followed by CRLF */
		"3\r\nabc\r\r\n",
		"3\rx\n",                      /* bare CR */
		"0\r\nX: \x01\r\n\r\n",        /* control byte in a trailer */
		"1;\x01\r\n",
	};
	size_t bl, used;
	char body[256];
	_cleanup_free_ char *line = malloc(HTTP_CHUNK_LINE_MAX + 8);
	_cleanup_free_ char *trailer = malloc(HTTP_TRAILER_MAX + 64);
	struct http_chunked c;
	size_t n;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int r = feed_pieces(bad[i], strlen(bad[i]), NULL, 0, body, &bl, &used);

		if (r != -EBADMSG) {
			fprintf(stderr, "  bad[%zu] = %d\n", i, r);
			harness_failures++;
		}
	}
	/* a size line over its limit, even if it would end */
	CHECK(line && trailer);
	line[0] = '1';
	line[1] = ';';
	memset(line + 2, 'x', HTTP_CHUNK_LINE_MAX);
	memcpy(line + HTTP_CHUNK_LINE_MAX, "\r\n", 3);
	http_chunked_init(&c);
	CHECK_EQ(http_chunked_feed(&c, (uint8_t *)line, HTTP_CHUNK_LINE_MAX + 2, &used, &bl), -EBADMSG);
	/* trailers over their limit */
	n = (size_t)sprintf(trailer, "0\r\n");
	while (n < HTTP_TRAILER_MAX + 16)
		n += (size_t)sprintf(trailer + n, "X: yyyyyyyy\r\n");
	http_chunked_init(&c);
	CHECK_EQ(http_chunked_feed(&c, (uint8_t *)trailer, n, &used, &bl), -EBADMSG);
	/* a huge but valid size is accepted; the back end bounds the body by max */
	http_chunked_init(&c);
	CHECK_EQ(http_chunked_feed(&c, (uint8_t *)memcpy(body, "ffffffffffffffff\r\nab", 20), 20, &used, &bl), 0);
	CHECK_EQ(bl, 2);
	CHECK(c.left == UINT64_MAX - 2);
}

static const struct test tests[] = {
	TEST(head_basic),	 TEST(head_incremental), TEST(head_fields),    TEST(head_bad),
	TEST(head_limits),	 TEST(chunked_every_split), TEST(chunked_bytewise), TEST(chunked_bad),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
