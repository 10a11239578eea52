/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The http:// and https:// back end's parts (internal to boot/fetch/):
 *
 *  - http_parse.c: a pure HTTP/1.1 response parser (status line and the
 *    headers the back end acts on) and an incremental chunked-body decoder.
 *    Bytes in, struct out; bounded by the HTTP_*_MAX limits below.
 *  - http.c: the transfer (connect, GET, redirects, retries, resume) into a
 *    heap blob (a secret: a sensitive memfd), over a plain or TLS transport
 *    (transport.h, tls.h), with
 *    its timeouts in struct http_options so tests can shorten them.
 *
 * Ownership: struct http_response owns its strings (http_response_done()
 * frees them and accepts a zeroed struct); the caller owns the blob.
 */
#ifndef KEXBOOT_BOOT_FETCH_HTTP_H
#define KEXBOOT_BOOT_FETCH_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "boot/fetch/progress.h"
#include "lib/blob.h"
#include "lib/diag.h"

struct dns_config;
struct dns_cache;

#define HTTP_HEAD_MAX 16384      /* status line + headers + blank line */
#define HTTP_HEADERS_MAX 64      /* header fields in one response */
#define HTTP_REASON_MAX 64       /* reason phrase kept for messages (longer ones are cut) */
#define HTTP_CHUNK_LINE_MAX 256  /* one chunk-size line, extensions included */
#define HTTP_TRAILER_MAX 8192    /* all trailer lines of a chunked body */
#define HTTP_REDIRECTS_MAX 8     /* redirects followed for one fetch */
#define HTTP_RETRIES_MAX 8       /* retries after connect failures and 5xx */
#define HTTP_RESUMES_MAX 16      /* Range resumes after stalls or drops */
#define HTTP_RESUME_BACKOFF_MAX_MS 4000 /* the wait before a resume doubles up to this */

struct http_response {
	int status;                 /* 100..599 */
	char reason[HTTP_REASON_MAX]; /* "Not Found"; "" when the server sent none */
	bool has_length;
	uint64_t length;            /* Content-Length */
	bool chunked;               /* Transfer-Encoding: chunked (Content-Length then ignored) */
	bool has_range;             /* a valid Content-Range: bytes first-last/total */
	uint64_t range_first, range_last;
	bool has_range_total;       /* false for an unknown total ("/ *" without the space) */
	uint64_t range_total;
	bool accept_ranges;         /* Accept-Ranges: bytes */
	bool close;                 /* Connection: close */
	char *location;             /* owned, as sent (a reference to resolve), or NULL */
	char *content_type;         /* owned, or NULL */
};

/*
 * Length of the head (status line through the blank line) at the start of
 * buf[0..n): > 0 when complete, 0 when more bytes are needed, -EMSGSIZE when
 * no head ends within HTTP_HEAD_MAX bytes.
 */
ssize_t http_head_length(const char *buf, size_t n);

/* Parses a complete head; -EBADMSG (no partial result) for anything malformed or over a limit. */
int http_response_parse(const char *head, size_t n, struct http_response *ret);
void http_response_done(struct http_response *r);

/* Incremental decoder of a chunked body (RFC 9112 7.1). */
struct http_chunked {
	int state;
	uint64_t left;        /* data bytes left in the current chunk */
	unsigned line_len;    /* bytes of the current size or trailer line */
	unsigned digits;      /* hex digits of the current size */
	unsigned trailer_len; /* trailer bytes so far */
	bool cr;              /* the previous byte was a CR ending a line */
	bool in_ext;          /* past the size digits, in chunk extensions */
};

void http_chunked_init(struct http_chunked *c);

/*
 * Decodes buf[0..n) in place: the body bytes it holds are moved to
 * buf[0..*ret_body). Returns 0 when all n bytes were consumed and more are
 * expected, 1 when the body ended (after the trailers) with *ret_used bytes
 * consumed (what follows is not body), -EBADMSG for malformed framing or a
 * line over its limit.
 */
int http_chunked_feed(struct http_chunked *c, uint8_t *buf, size_t n, size_t *ret_used, size_t *ret_body);

struct http_options {
	unsigned connect_timeout_ms; /* one connection attempt */
	unsigned stall_timeout_ms;   /* no byte for this long: the transfer stalled */
	unsigned retries;            /* extra attempts after connect failures and 5xx (<= HTTP_RETRIES_MAX) */
	unsigned backoff_ms;         /* wait before the first retry, doubled each time */
	unsigned retry_total_ms;     /* no new attempt once this much time has gone by */
	unsigned resumes;            /* Range resumes after a stall or a drop (<= HTTP_RESUMES_MAX) */
	unsigned redirects;          /* redirects followed (<= HTTP_REDIRECTS_MAX) */
	const char *root;            /* prefix of FETCH_CA_BUNDLE and /proc/meminfo; NULL or "": / */
	fetch_progress_fn progress;  /* reports of long transfers (progress.h), or NULL */
	void *progress_arg;
	bool secret;                 /* a secret (fetch.h): https:// only, redirects too; a sensitive
					memfd; the receive buffer wiped; OpenSSL wipes its plaintext */
	const struct dns_config *dns; /* borrowed: who looks up host names (boot/net/dns.h); NULL: addresses only */
	struct dns_cache *dns_cache;  /* borrowed: names already looked up, or NULL */
	const int *stop_fd;          /* NULL, or an fd whose readability ends the fetch: -ECANCELED */
};

#define HTTP_OPTIONS_DEFAULT                                                                          \
	{ .connect_timeout_ms = 10000, .stall_timeout_ms = 10000, .retries = 4, .backoff_ms = 500,     \
	  .retry_total_ms = 60000, .resumes = 8, .redirects = 5 }

/*
 * The resource at url (http:// or https://) into a read-only heap blob
 * (anonymous memory, a body of known length received straight into it;
 * lib/blob.h), or with o->secret a sealed sensitive memfd blob, named
 * name, at most max bytes, and no more than the memory available when the
 * size is known up front. A host name is looked up through o->dns, and an
 * https:// server's certificate is checked against that name. https://
 * trusts the CAs in FETCH_CA_BUNDLE under o->root only. With o->secret,
 * anything but https:// (the first URL or a redirect's) is refused with -EPERM.
 * Once *o->stop_fd is readable (while connecting, waiting for an answer,
 * reading the body or backing off) it returns -ECANCELED with why saying how
 * far it got, and keeps nothing (a name's lookup is not cut short: it has
 * its own bound).
 */
int http_fetch(const struct http_options *o, const char *url, const char *name, uint64_t max, struct blob *ret,
	       struct diag_list *why);

#endif
