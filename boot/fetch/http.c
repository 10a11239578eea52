// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The http:// and https:// back end: one GET per exchange (Connection:
 * close), the body into anonymous memory (a heap blob; a secret's into a
 * sensitive memfd), through a transport (plain TCP, or TLS over it:
 * boot/fetch/transport.h). A body whose length is known is received
 * straight into its place (one copy, from the socket; 2 MiB pages where the
 * kernel has them: lib/blob.h); a chunked one, or one that runs until the
 * connection closes, goes through the receive buffer and grows the blob.
 * Around the exchange: bounded redirects
 * (which may go from http to https and back), retries with backoff on
 * connect failures and 5xx, and resuming with Range after a stall or a drop
 * when the server takes byte ranges, also with a backoff. A size known up
 * front is checked against the allowed maximum and the memory available
 * before any byte is fetched. Every wait is bounded by a field of struct
 * http_options, and cut short by its stop fd.
 */
#include "boot/fetch/backend.h"
#include "boot/fetch/http.h"
#include "boot/fetch/memavail.h"
#include "boot/fetch/netwait.h"
#include "boot/fetch/transport.h"
#include "lib/cleanup.h"
#include "lib/clock.h"
#include "lib/fileio.h"
#include "lib/url.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef KEXBOOT_VERSION
#define KEXBOOT_VERSION "dev"
#endif

#define HTTP_BUF_SIZE (256 * 1024)      /* receive buffer for heads and framed bodies */
#define HTTP_GROW_MIN (1024 * 1024)     /* first body size when the length is not known */
#define HTTP_DIRECT_MAX (16u << 20)     /* most one recv() into the body may take */
#define HTTP_INFORMATIONAL_MAX 4        /* 1xx heads skipped before the real answer */
#define HTTP_STOP_CHECK_BYTES (4u << 20) /* body bytes between looks at the stop fd while data keeps coming */
#define HTTP_POPULATE_STEP (2u << 20)   /* body memory made resident per idle moment (one huge page) */
#define HTTP_POPULATE_LEAD (64u << 20)  /* how far ahead of the bytes in hand it may go */

enum http_next {
	HTTP_DONE,
	HTTP_FAIL,     /* why says it */
	HTTP_RETRY,    /* connect failure or 5xx: try again after a backoff */
	HTTP_RESUME,   /* stalled or dropped mid-body: ask for the rest */
	HTTP_REDIRECT, /* x->url now names the new location */
};

struct http_xfer {
	const struct http_options *o;
	const char *name;
	uint64_t max;
	char *url;           /* owned: the URL of this exchange (changes with redirects) */
	struct blob body;    /* being filled: heap, or a sensitive memfd for a secret */
	uint64_t got;        /* body bytes in hand */
	bool has_total;
	uint64_t total;      /* the whole body's length, when the server said it */
	bool resumable;      /* the server takes byte ranges */
	bool redirected;     /* url is a redirect's, not the caller's */
	uint8_t *buf;        /* owned, HTTP_BUF_SIZE */
	size_t buf_len;      /* bytes in buf not yet handled */
	int err;             /* the negative errno of the last failure (why->reason says it) */
	struct tls_client *tls; /* owned: made at the first https exchange, kept for the others */
	struct fetch_meter meter;
	int stop_fd;         /* borrowed from o->stop_fd, or -1 */
	uint64_t populated;     /* the body's memory is resident up to here (see http_populate_ahead) */
	uint64_t populate_end;  /* where the body of known length ends; 0: nothing to populate */
};

/* "10 s" or "300 ms": the option as a person would say it. */
static const char *http_span(unsigned ms, char *buf, size_t n)
{
	if (ms % 1000 == 0)
		snprintf(buf, n, "%u s", ms / 1000);
	else
		snprintf(buf, n, "%u ms", ms);
	return buf;
}

/* Connects (and starts TLS for https); what failed decides between retrying and giving up. */
static enum http_next http_connect(struct http_xfer *x, const struct url *u, bool tls, struct transport *t,
				   struct diag_list *why)
{
	int r;

	t->stop_fd = x->stop_fd;
	r = transport_connect(t, x->url, u->host, u->port, x->o->connect_timeout_ms, x->o->dns, x->o->dns_cache, why);
	if (r < 0) {
		x->err = r;
		return r == -EHOSTUNREACH || r == -EINVAL || r == -ECANCELED ? HTTP_FAIL : HTTP_RETRY;
	}
	if (!tls)
		return HTTP_DONE;
	if (!x->tls) {
		_cleanup_free_ char *ca = path_join(x->o->root, FETCH_CA_BUNDLE);

		if (!ca) {
			x->err = diag_fail(why, ENOMEM, "%s: out of memory", x->url);
			return HTTP_FAIL;
		}
		r = tls_client_new(ca, x->url, &x->tls, why);
		if (r < 0) {
			x->err = r;
			return HTTP_FAIL;
		}
		if (x->o->secret)
			tls_client_cleanse(x->tls);
	}
	r = transport_start_tls(t, x->tls, x->url, u->host, x->o->connect_timeout_ms, why);
	if (r < 0) {
		/* a refused certificate or a TLS disagreement will not get better by asking again */
		x->err = r;
		if (r == -EPERM || r == -EPROTO || r == -ENOMEM || r == -EINVAL || r == -ECANCELED)
			return HTTP_FAIL;
		return HTTP_RETRY;
	}
	return HTTP_DONE;
}

/* The body's storage to size bytes, whichever kind it is. */
static int http_resize(struct http_xfer *x, size_t size)
{
	return x->o->secret ? blob_memfd_resize(&x->body, size) : blob_heap_resize(&x->body, size);
}

/* Makes room for need body bytes: doubling, never past max. */
static int http_reserve(struct http_xfer *x, uint64_t need, struct diag_list *why)
{
	uint64_t size;

	if (need > x->max)
		return x->err = diag_fail(why, EFBIG, "%s: more than the %" PRIu64 " bytes allowed", x->url, x->max);
	if (need <= x->body.size)
		return 0;
	size = blob_grow_size(x->body.size, need, HTTP_GROW_MIN, x->max);
	if (size > SIZE_MAX)
		return x->err = diag_fail(why, EFBIG, "%s: too large for this machine", x->url);
	if (http_resize(x, (size_t)size) < 0)
		return x->err = diag_fail(why, ENOMEM, "%s: no memory for %" PRIu64 " bytes", x->url, size);
	return 0;
}

/* n more body bytes are in place (received straight into the body): counted, and the meter told. */
static void http_took(struct http_xfer *x, size_t n)
{
	x->got += n;
	fetch_meter_tick(&x->meter, x->got, x->has_total, x->total, clock_now_ms());
}

static int http_append(struct http_xfer *x, const uint8_t *p, size_t n, struct diag_list *why)
{
	int r = http_reserve(x, x->got + n, why);

	if (r < 0)
		return r;
	if (!x->o->secret) {
		memcpy((uint8_t *)x->body.storage + x->got, p, n);
		http_took(x, n);
		return 0;
	}
	/*
	 * A secret's memfd: write(), not a copy into the mapping: the page cache
	 * takes the bytes in batches, where a copy would fault each fresh page
	 * in on its own (measured: about 3x the system time for 256 MiB).
	 */
	while (n) {
		ssize_t w = pwrite(x->body.fd, p, n, (off_t)x->got);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return x->err = diag_fail(why, w < 0 ? errno : EIO, "%s: storing the body: %s", x->url,
						  strerror(w < 0 ? errno : EIO));
		p += w;
		n -= (size_t)w;
		http_took(x, (size_t)w);
	}
	return 0;
}

/* The fetch was asked to stop (the sources are stopping): said with how far it got. */
static enum http_next http_stopped(struct http_xfer *x, struct diag_list *why)
{
	x->err = diag_fail(why, ECANCELED, "%s: stopped after %" PRIu64 " bytes", x->url, x->got);
	return HTTP_FAIL;
}

/* What a stall or a drop mid-body leads to: a resume when the server takes ranges. */
static enum http_next http_broken(struct http_xfer *x, ssize_t r, struct diag_list *why)
{
	char span[32];

	if (r == -ECANCELED)
		return http_stopped(x, why);
	if (r == -ETIMEDOUT)
		x->err = diag_fail(why, ETIMEDOUT, "%s: transfer stalled: no data within %s after %" PRIu64 " bytes", x->url,
			  http_span(x->o->stall_timeout_ms, span, sizeof(span)), x->got);
	else if (r == 0)
		x->err = diag_fail(why, ECONNRESET, "%s: connection closed after %" PRIu64 " bytes", x->url, x->got);
	else if (r == -ECONNRESET) /* a reset, or TLS cut short of its closing alert */
		x->err = diag_fail(why, ECONNRESET, "%s: connection cut after %" PRIu64 " bytes", x->url, x->got);
	else
		x->err = diag_fail(why, (int)r, "%s: %s after %" PRIu64 " bytes", x->url, strerror((int)-r), x->got);
	return x->resumable ? HTTP_RESUME : HTTP_FAIL;
}

/*
 * The idle work of a body of known length received straight into its memory
 * (transport_idle): while the socket is empty, the next pages of the body
 * are made resident, so the kernel clears them while the link keeps the CPU
 * waiting anyway, not in the middle of the next recv(). A 2 MiB step at a
 * time, at most HTTP_POPULATE_LEAD ahead of what came, never past the body.
 */
static bool http_populate_ahead(void *arg)
{
	struct http_xfer *x = arg;
	uint64_t from = x->populated > x->got ? x->populated : x->got;
	uint64_t limit = x->populate_end, step_end = (from / HTTP_POPULATE_STEP + 1) * HTTP_POPULATE_STEP;

	if (limit > x->body.size)
		limit = x->body.size;
	if (limit > x->got + HTTP_POPULATE_LEAD)
		limit = x->got + HTTP_POPULATE_LEAD;
	if (limit > step_end)
		limit = step_end;
	if (from >= limit)
		return false;
	if (blob_heap_populate(&x->body, (size_t)from, (size_t)(limit - from)) < 0) {
		x->populate_end = 0; /* not a heap blob after all: the receive just waits */
		return false;
	}
	x->populated = limit;
	return true;
}

/* The body of one response: want bytes (UINT64_MAX: until close), or chunked. */
static enum http_next http_read_body_from(struct http_xfer *x, struct transport *t, bool chunked, uint64_t want,
				     struct diag_list *why)
{
	struct http_chunked ch;
	uint64_t end = want == UINT64_MAX ? UINT64_MAX : x->got + want, checked = x->got;
	ssize_t n;

	http_chunked_init(&ch);
	for (;;) {
		/* bytes left in buf from the head's read first, then the socket */
		if (x->buf_len) {
			n = (ssize_t)x->buf_len;
			x->buf_len = 0;
		} else {
			size_t room = HTTP_BUF_SIZE;
			uint8_t *into = x->buf;
			bool direct = !chunked && end != UINT64_MAX && !x->o->secret;

			/* a known length: straight into the body's own memory, no copy after the socket's */
			if (direct)
				room = end - x->got < HTTP_DIRECT_MAX ? (size_t)(end - x->got) : HTTP_DIRECT_MAX;
			else if (!chunked && end != UINT64_MAX && end - x->got < room)
				room = (size_t)(end - x->got);
			if (room == 0)
				return HTTP_DONE;
			/* every wait sees the stop fd, but a socket that never runs dry never waits: look every few MiB */
			if (x->got - checked >= HTTP_STOP_CHECK_BYTES) {
				if (netwait_stopped(x->stop_fd))
					return http_stopped(x, why);
				checked = x->got;
			}
			if (direct) {
				/* the whole body at once: the idle work may make it resident ahead */
				if (http_reserve(x, end, why) < 0)
					return HTTP_FAIL;
				into = (uint8_t *)x->body.storage + x->got;
			}
			n = transport_recv(t, into, room, x->o->stall_timeout_ms);
			if (n == 0 && !chunked && end == UINT64_MAX)
				return HTTP_DONE; /* no length: the end of the stream is the end */
			if (n <= 0)
				return http_broken(x, n, why);
			if (direct) {
				http_took(x, (size_t)n);
				if (x->got == end)
					return HTTP_DONE;
				continue;
			}
		}
		if (chunked) {
			size_t used, body;
			int r = http_chunked_feed(&ch, x->buf, (size_t)n, &used, &body);

			if (r < 0) {
				x->err = diag_fail(why, EBADMSG, "%s: malformed chunked body after %" PRIu64 " bytes",
						   x->url, x->got);
				return HTTP_FAIL;
			}
			if (http_append(x, x->buf, body, why) < 0)
				return HTTP_FAIL;
			if (r == 1)
				return HTTP_DONE;
		} else {
			size_t take = (size_t)n;

			if (end != UINT64_MAX && take > end - x->got)
				take = (size_t)(end - x->got); /* bytes past the length are not the body */
			if (http_append(x, x->buf, take, why) < 0)
				return HTTP_FAIL;
			if (x->got == end)
				return HTTP_DONE;
		}
	}
}

/* The body of one response; one of known length has its memory made resident while the link is idle. */
static enum http_next http_read_body(struct http_xfer *x, struct transport *t, bool chunked, uint64_t want,
				     struct diag_list *why)
{
	enum http_next next;

	if (!chunked && want != UINT64_MAX && !x->o->secret) {
		x->populate_end = x->got + want;
		t->idle = (struct transport_idle){ .work = http_populate_ahead, .arg = x };
	}
	next = http_read_body_from(x, t, chunked, want, why);
	t->idle = (struct transport_idle){ 0 };
	x->populate_end = 0;
	return next;
}

/* Reads one head into buf (skipping 1xx), parses it, and leaves what follows in buf. */
static enum http_next http_read_head(struct http_xfer *x, struct transport *t, struct http_response *resp, struct diag_list *why)
{
	char span[32];
	size_t have = 0;

	for (unsigned informational = 0;;) {
		ssize_t hl = http_head_length((const char *)x->buf, have), n;

		if (hl < 0) {
			x->err = diag_fail(why, EBADMSG, "%s: answer head longer than %u bytes", x->url, HTTP_HEAD_MAX);
			return HTTP_FAIL;
		}
		if (hl > 0) {
			if (http_response_parse((const char *)x->buf, (size_t)hl, resp) < 0) {
				x->err = diag_fail(why, EBADMSG, "%s: not an HTTP/1.x answer", x->url);
				return HTTP_FAIL;
			}
			memmove(x->buf, x->buf + hl, have - (size_t)hl);
			have -= (size_t)hl;
			if (resp->status >= 200)
				break;
			http_response_done(resp);
			if (++informational > HTTP_INFORMATIONAL_MAX) {
				x->err = diag_fail(why, EBADMSG, "%s: too many informational answers", x->url);
				return HTTP_FAIL;
			}
			continue;
		}
		n = transport_recv(t, x->buf + have, HTTP_HEAD_MAX + 1 - have, x->o->stall_timeout_ms);
		if (n == -ECANCELED) {
			x->err = diag_fail(why, ECANCELED, "%s: stopped while waiting for an answer", x->url);
			return HTTP_FAIL;
		}
		if (n == -ETIMEDOUT) {
			x->err = diag_fail(why, ETIMEDOUT, "%s: no answer within %s", x->url,
				  http_span(x->o->stall_timeout_ms, span, sizeof(span)));
			return HTTP_FAIL;
		}
		if (n <= 0) {
			/* a server going away before answering is treated like a 5xx */
			x->err = diag_fail(why, n ? (int)n : ECONNRESET, "%s: connection closed before an answer", x->url);
			return HTTP_RETRY;
		}
		have += (size_t)n;
	}
	x->buf_len = have;
	return HTTP_DONE;
}

/* The status of a complete head: what to do next, and the body's length. */
static enum http_next http_judge(struct http_xfer *x, const struct http_response *h, bool ranged, uint64_t *want,
				 struct diag_list *why)
{
	int s = h->status;

	if (s == 301 || s == 302 || s == 303 || s == 307 || s == 308) {
		char *next = NULL;

		if (!h->location || url_resolve(x->url, h->location, &next) < 0) {
			x->err = diag_fail(why, EBADMSG, "%s: %d %s without a usable Location", x->url, s, h->reason);
			return HTTP_FAIL;
		}
		free(x->url);
		x->url = next;
		return HTTP_REDIRECT;
	}
	if (s >= 500) {
		x->err = diag_fail(why, EIO, "%s: %d %s", x->url, s, h->reason);
		return HTTP_RETRY;
	}
	if (s == 200) {
		/* a fresh start (the server may also ignore a Range we sent) */
		x->got = 0;
		x->has_total = h->has_length;
		x->total = h->length;
		*want = h->has_length ? h->length : UINT64_MAX;
	} else if (s == 206 && ranged) {
		uint64_t len = h->range_last - h->range_first + 1;

		if (!h->has_range || h->range_first != x->got || (h->has_length && h->length != len) ||
		    (x->has_total && h->has_range_total && h->range_total != x->total)) {
			x->err = diag_fail(why, EBADMSG, "%s: the resumed answer does not start at byte %" PRIu64, x->url, x->got);
			return HTTP_FAIL;
		}
		if (h->has_range_total && !x->has_total) {
			x->has_total = true;
			x->total = h->range_total;
		}
		if (x->has_total && h->range_last + 1 != x->total) {
			x->err = diag_fail(why, EBADMSG, "%s: the resumed answer ends at byte %" PRIu64 ", not at the end (%" PRIu64 ")",
					   x->url, h->range_last, x->total);
			return HTTP_FAIL;
		}
		*want = len;
	} else {
		x->err = diag_fail(why, s == 404 || s == 410 ? ENOENT : s == 401 || s == 403 ? EACCES : EPROTO, "%s: %d %s",
			  x->url, s, h->reason);
		return HTTP_FAIL;
	}
	if (h->accept_ranges || s == 206)
		x->resumable = true;
	/* refuse what cannot fit before downloading any of it, and size the body once */
	if (x->has_total && x->total > x->max) {
		x->err = diag_fail(why, EFBIG, "%s: %" PRIu64 " bytes, more than the %" PRIu64 " allowed", x->url, x->total,
			  x->max);
		return HTTP_FAIL;
	}
	if (x->has_total && x->total > x->body.size) {
		uint64_t avail;

		/* the body takes memory as it fills: what the kernel says it can still give, or a clear no */
		if (mem_available(x->o->root, &avail) == 0 && x->total - x->got > avail) {
			x->err = diag_fail(why, ENOMEM, "%s: %" PRIu64 " bytes, but only %" PRIu64 " bytes of memory are available",
					   x->url, x->total, avail);
			return HTTP_FAIL;
		}
	}
	if (x->has_total && x->total > x->body.size && http_resize(x, (size_t)x->total) < 0) {
		x->err = diag_fail(why, ENOMEM, "%s: no memory for %" PRIu64 " bytes", x->url, x->total);
		return HTTP_FAIL;
	}
	return HTTP_DONE;
}

/* One connection: request, head, body. */
static enum http_next http_exchange(struct http_xfer *x, struct diag_list *why)
{
	struct http_response h = { 0 };
	struct transport t = TRANSPORT_INIT;
	_cleanup_free_ char *target = NULL, *req = NULL;
	struct url u;
	enum http_next next;
	bool ranged = x->got > 0 && x->resumable;
	uint64_t want = UINT64_MAX;
	char range[48] = "", port[8] = "";
	bool v6, tls;
	int r;

	if (url_parse(x->url, &u) < 0) {
		x->err = diag_fail(why, EINVAL, "%s: not a URL kexboot can fetch", x->url);
		return HTTP_FAIL;
	}
	tls = strcmp(u.scheme, "https") == 0;
	if (!tls && x->o->secret) {
		x->err = diag_fail(why, EPERM, "%s: refused%s: secrets are fetched over verified https:// only", x->url,
				   x->redirected ? " (a redirect)" : "");
		url_done(&u);
		return HTTP_FAIL;
	}
	if (!tls && strcmp(u.scheme, "http") != 0) {
		x->err = diag_fail(why, EPROTONOSUPPORT, "%s: redirected away from http and https", x->url);
		url_done(&u);
		return HTTP_FAIL;
	}
	next = http_connect(x, &u, tls, &t, why);
	if (next != HTTP_DONE || url_request_target(&u, &target) < 0)
		goto out;
	if (ranged)
		snprintf(range, sizeof(range), "Range: bytes=%" PRIu64 "-\r\n", x->got);
	/* Host names the authority as the URL did: brackets around IPv6, the port when named */
	v6 = strchr(u.host, ':') != NULL;
	if (u.has_port)
		snprintf(port, sizeof(port), ":%u", u.port);
	r = asprintf(&req,
		     "GET %s HTTP/1.1\r\nHost: %s%s%s%s\r\nUser-Agent: kexboot/" KEXBOOT_VERSION
		     "\r\nAccept: */*\r\n%sConnection: close\r\n\r\n",
		     target, v6 ? "[" : "", u.host, v6 ? "]" : "", port, range);
	if (r < 0) {
		x->err = diag_fail(why, ENOMEM, "%s: out of memory", x->url);
		next = HTTP_FAIL;
		goto out;
	}
	r = transport_send(&t, req, strlen(req), x->o->stall_timeout_ms);
	if (r == -ECANCELED) {
		x->err = diag_fail(why, ECANCELED, "%s: stopped while sending the request", x->url);
		next = HTTP_FAIL;
		goto out;
	}
	if (r < 0) {
		x->err = diag_fail(why, r, "%s: sending the request: %s", x->url, strerror(-r));
		next = HTTP_RETRY;
		goto out;
	}
	next = http_read_head(x, &t, &h, why);
	if (next == HTTP_DONE)
		next = http_judge(x, &h, ranged, &want, why);
	if (next == HTTP_DONE)
		next = http_read_body(x, &t, h.chunked, h.chunked ? UINT64_MAX : want, why);
out:
	transport_close(&t);
	http_response_done(&h);
	url_done(&u);
	return next;
}

int http_fetch(const struct http_options *o, const char *url, const char *name, uint64_t max, struct blob *ret,
	       struct diag_list *why)
{
	struct http_xfer x = { .o = o, .name = name, .max = max, .stop_fd = netwait_stop_fd(o->stop_fd) };
	unsigned redirects = 0, retries = 0, resumes = 0;
	unsigned max_redirects = o->redirects < HTTP_REDIRECTS_MAX ? o->redirects : HTTP_REDIRECTS_MAX;
	unsigned max_retries = o->retries < HTTP_RETRIES_MAX ? o->retries : HTTP_RETRIES_MAX;
	unsigned max_resumes = o->resumes < HTTP_RESUMES_MAX ? o->resumes : HTTP_RESUMES_MAX;
	uint64_t start = clock_now_ms(), backoff = o->backoff_ms, resume_backoff = o->backoff_ms;
	enum http_next next;
	int r = -ENOMEM;

	*ret = (struct blob)BLOB_INIT;
	x.url = strdup(url);
	x.buf = malloc(HTTP_BUF_SIZE);
	if (!x.url || !x.buf)
		goto out;
	/* a secret keeps the sensitive memfd (locked, wiped on release); anything else is anonymous memory */
	if ((o->secret ? blob_new_memfd(0, true, name, &x.body) : blob_new_heap(0, false, name, &x.body)) < 0)
		goto out;
	fetch_meter_start(&x.meter, o->progress, o->progress_arg, name, start);
	for (;;) {
		next = http_exchange(&x, why);
		if (next == HTTP_DONE)
			break;
		if (next == HTTP_REDIRECT) {
			if (++redirects > max_redirects) {
				r = diag_fail(why, ELOOP, "%s: more than %u redirects", name, max_redirects);
				goto out;
			}
			x.got = 0;
			x.has_total = false;
			x.resumable = false;
			x.redirected = true;
			continue;
		}
		if (next == HTTP_RESUME && resumes < max_resumes) {
			resumes++;
			/* what broke, then where it goes on: "URL: transfer stalled: ...; resuming at byte N" */
			diag_note(why, "%s; resuming at byte %" PRIu64, diag_reason(why, x.url), x.got);
			/* a server or path that just dropped a connection gets a moment, growing, before the next */
			if (netwait_sleep((unsigned)resume_backoff, x.stop_fd) < 0) {
				r = diag_fail(why, ECANCELED, "%s: stopped after %" PRIu64 " bytes, before resuming", name, x.got);
				goto out;
			}
			if (resume_backoff * 2 <= HTTP_RESUME_BACKOFF_MAX_MS)
				resume_backoff *= 2;
			continue;
		}
		if (next == HTTP_RETRY && retries < max_retries && clock_now_ms() - start + backoff <= o->retry_total_ms) {
			retries++;
			if (netwait_sleep((unsigned)backoff, x.stop_fd) < 0) {
				char last[DIAG_REASON_MAX];

				/* what failed last, and that no retry came (copied: the reason is rewritten) */
				snprintf(last, sizeof(last), "%s", diag_reason(why, name));
				r = diag_fail(why, ECANCELED, "%s; stopped before retrying", last);
				goto out;
			}
			backoff *= 2;
			continue;
		}
		r = x.err < 0 ? x.err : -EIO;
		goto out;
	}
	r = http_resize(&x, (size_t)x.got);
	if (r == 0)
		r = blob_seal(&x.body);
	if (r < 0) {
		r = diag_fail(why, r, "%s: %s", name, strerror(-r));
		goto out;
	}
	fetch_meter_end(&x.meter, x.got, clock_now_ms());
	*ret = x.body;
	blob_forget(&x.body);
	r = 0;
out:
	if (r == -ENOMEM && (!why || !why->reason[0]))
		diag_fail(why, ENOMEM, "%s: out of memory", name);
	blob_release(&x.body);
	tls_client_free(x.tls);
	free(x.url);
	/* a secret's bytes passed through buf (and were decoded there when chunked) */
	if (x.buf && o->secret)
		explicit_bzero(x.buf, HTTP_BUF_SIZE);
	free(x.buf);
	return r;
}

int fetch_http_url(const struct fetch_ctx *ctx, const char *url, const char *name, uint64_t max, struct blob *ret,
		   struct diag_list *why)
{
	struct http_options o = HTTP_OPTIONS_DEFAULT;

	o.root = ctx->root;
	o.secret = ctx->secret;
	/* a secret is small, and its progress would only say that one is being fetched */
	o.progress = ctx->secret ? NULL : ctx->progress;
	o.progress_arg = ctx->progress_arg;
	o.dns = ctx->dns;
	o.dns_cache = ctx->dns_cache;
	o.stop_fd = ctx->stop_fd;
	return http_fetch(&o, url, name, max, ret, why);
}
