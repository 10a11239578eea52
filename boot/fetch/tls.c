// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TLS client sessions over OpenSSL for https://: TLS 1.2 at least, the peer
 * verified against the PEM bundle the client was made with and against the
 * host the URL names. Non-blocking sockets; every wait is bounded.
 */
#include "boot/fetch/tls.h"
#include "boot/fetch/netwait.h"
#include "lib/clock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

struct tls_client {
	SSL_CTX *ctx;    /* owned */
	char *ca_path;   /* owned: the bundle, for messages */
};

struct tls_conn {
	SSL *ssl;        /* owned */
	int fd;          /* borrowed from the transport */
	int stop_fd;     /* borrowed: readable means give up (-ECANCELED), or -1 */
	bool failed;     /* a fatal error happened: no closing alert may be sent */
};

/*
 * OpenSSL writes to the socket with write(): a server gone away would raise
 * SIGPIPE in a process that does not ignore it (kexboot run by hand). The
 * calls that may write run with SIGPIPE blocked in this thread; one they
 * raised is taken back before it is unblocked.
 */
struct tls_nopipe {
	sigset_t old;
	bool was_pending;
};

static void tls_nopipe_begin(struct tls_nopipe *np)
{
	sigset_t pipe, pending;

	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe, &np->old);
	np->was_pending = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1;
}

static void tls_nopipe_end(struct tls_nopipe *np)
{
	static const struct timespec now = { 0 };
	sigset_t pipe, pending;

	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	if (!np->was_pending && sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1)
		(void)sigtimedwait(&pipe, NULL, &now);
	pthread_sigmask(SIG_SETMASK, &np->old, NULL);
}

void tls_client_free(struct tls_client *c)
{
	if (!c)
		return;
	SSL_CTX_free(c->ctx);
	free(c->ca_path);
	free(c);
}

int tls_client_new(const char *ca_path, const char *url, struct tls_client **ret, struct diag_list *why)
{
	struct tls_client *c;

	/* no openssl.cnf: what kexboot trusts and allows is set here, nowhere else */
	if (OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_CONFIG, NULL) != 1)
		return diag_fail(why, ENOMEM, "%s: TLS could not start", url);
	if (access(ca_path, R_OK) < 0) {
		int e = errno;

		return diag_fail(why, e == ENOENT ? ENOKEY : e, "%s: no CA bundle to check the server with: %s: %s", url,
				 ca_path, strerror(e));
	}
	c = calloc(1, sizeof(*c));
	if (!c || !(c->ca_path = strdup(ca_path)) || !(c->ctx = SSL_CTX_new(TLS_client_method()))) {
		tls_client_free(c);
		return diag_fail(why, ENOMEM, "%s: out of memory for TLS", url);
	}
	SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
	if (SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION) != 1 ||
	    SSL_CTX_load_verify_locations(c->ctx, ca_path, NULL) != 1) {
		unsigned long e = ERR_peek_last_error();

		ERR_clear_error();
		tls_client_free(c);
		return diag_fail(why, EINVAL, "%s: the CA bundle %s is not usable: %s", url, ca_path,
				 e ? ERR_reason_error_string(e) : "no certificate");
	}
	*ret = c;
	return 0;
}

void tls_client_cleanse(struct tls_client *c)
{
	SSL_CTX_set_options(c->ctx, SSL_OP_CLEANSE_PLAINTEXT);
}

void tls_conn_free(struct tls_conn *s)
{
	if (!s)
		return;
	/* the closing alert, if the socket takes it now; nothing is waited for */
	if (SSL_is_init_finished(s->ssl) && !s->failed) {
		struct tls_nopipe np;

		tls_nopipe_begin(&np);
		(void)SSL_shutdown(s->ssl);
		tls_nopipe_end(&np);
	}
	SSL_free(s->ssl);
	ERR_clear_error();
	free(s);
}

/* What a refused certificate means, in the words a person fixing it needs. */
static int tls_refused(const struct tls_client *c, long v, const char *url, const char *host, struct diag_list *why)
{
	const char *what = X509_verify_cert_error_string(v);

	switch (v) {
	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH:
		return diag_fail(why, EPERM, "%s: certificate verify failed: wrong host: the certificate is not for %s (%s)",
				 url, host, what);
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_CERT_UNTRUSTED:
		return diag_fail(why, EPERM, "%s: certificate verify failed: unknown CA: no CA in %s vouches for it (%s)",
				 url, c->ca_path, what);
	case X509_V_ERR_CERT_HAS_EXPIRED:
		return diag_fail(why, EPERM, "%s: certificate verify failed: expired (%s)", url, what);
	case X509_V_ERR_CERT_NOT_YET_VALID:
		return diag_fail(why, EPERM, "%s: certificate verify failed: not valid yet; is the clock right? (%s)", url,
				 what);
	default:
		return diag_fail(why, EPERM, "%s: certificate verify failed: %s", url, what);
	}
}

/* Whether the SSL error at the head of the queue is a stream cut without its closing alert. */
static bool tls_cut(void)
{
	unsigned long e = ERR_peek_error();

	return ERR_GET_LIB(e) == ERR_LIB_SSL && ERR_GET_REASON(e) == SSL_R_UNEXPECTED_EOF_WHILE_READING;
}

/*
 * After an SSL call returned r: 1 when it should be tried again (the socket
 * became ready within what is left of the deadline), 0 when the deadline
 * passed, -1 when the stop fd became readable, or the SSL error (> 1) to
 * report.
 */
static int tls_again(struct tls_conn *s, int r, uint64_t end, int *ret_err)
{
	int e = SSL_get_error(s->ssl, r), w;
	uint64_t now = clock_now_ms();

	*ret_err = e;
	if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
		return 2;
	if (now >= end)
		return 0;
	w = netwait(s->fd, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, (unsigned)(end - now), s->stop_fd);
	if (w == -ECANCELED)
		return -1;
	if (w < 0) {
		*ret_err = SSL_ERROR_SYSCALL;
		errno = -w;
		return 2;
	}
	return w;
}

int tls_conn_start(struct tls_client *c, int fd, int stop_fd, const char *url, const char *host, unsigned ms,
		   struct tls_conn **ret, struct diag_list *why)
{
	struct tls_conn *s = calloc(1, sizeof(*s));
	uint64_t end = clock_now_ms() + ms;
	unsigned char addr[16];
	bool ip = inet_pton(AF_INET, host, addr) == 1 || inet_pton(AF_INET6, host, addr) == 1;
	int r, err = 0;

	if (!s || !(s->ssl = SSL_new(c->ctx))) {
		free(s);
		return diag_fail(why, ENOMEM, "%s: out of memory for TLS", url);
	}
	s->fd = fd;
	s->stop_fd = stop_fd;
	SSL_set_hostflags(s->ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
	/* SNI carries host names only (RFC 6066 3); an address is checked against the IP SANs */
	if (SSL_set_fd(s->ssl, fd) != 1 ||
	    (ip ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(s->ssl), host) != 1
		: SSL_set_tlsext_host_name(s->ssl, host) != 1 || SSL_set1_host(s->ssl, host) != 1)) {
		tls_conn_free(s);
		return diag_fail(why, EINVAL, "%s: TLS cannot check the host \"%s\"", url, host);
	}
	for (;;) {
		struct tls_nopipe np;
		int a;

		tls_nopipe_begin(&np);
		errno = 0;
		r = SSL_connect(s->ssl);
		tls_nopipe_end(&np);
		if (r == 1)
			break;
		a = tls_again(s, r, end, &err);
		if (a == 1)
			continue;
		if (a == 0) {
			r = diag_fail(why, ETIMEDOUT, "%s: TLS handshake did not finish within %u ms", url, ms);
		} else if (a < 0) {
			/* no closing alert into a handshake we walk away from */
			s->failed = true;
			r = diag_fail(why, ECANCELED, "%s: stopped during the TLS handshake", url);
		} else if (SSL_get_verify_result(s->ssl) != X509_V_OK) {
			r = tls_refused(c, SSL_get_verify_result(s->ssl), url, host, why);
		} else if (ERR_peek_error() && !tls_cut()) {
			r = diag_fail(why, EPROTO, "%s: TLS handshake failed: %s", url,
				      ERR_reason_error_string(ERR_peek_error()));
		} else {
			int e = err == SSL_ERROR_SYSCALL && errno ? errno : ECONNRESET;

			/* the network, not the server's TLS: worth another try */
			r = diag_fail(why, e, "%s: TLS handshake failed: %s", url,
				      e == ECONNRESET ? "the server closed the connection" : strerror(e));
		}
		tls_conn_free(s);
		return r;
	}
	*ret = s;
	return 0;
}

ssize_t tls_conn_recv(struct tls_conn *s, void *p, size_t n, unsigned ms)
{
	uint64_t end = clock_now_ms() + ms;

	for (;;) {
		struct tls_nopipe np;
		size_t got = 0;
		int r, err, a;

		tls_nopipe_begin(&np); /* a read may write too (TLS 1.3 key updates) */
		errno = 0;
		r = SSL_read_ex(s->ssl, p, n, &got);
		tls_nopipe_end(&np);
		if (r == 1)
			return (ssize_t)got;
		a = tls_again(s, r, end, &err);
		if (a == 1)
			continue;
		if (a == 0)
			return -ETIMEDOUT;
		if (a < 0)
			return -ECANCELED; /* the session stays usable for its closing alert */
		if (err == SSL_ERROR_ZERO_RETURN)
			return 0; /* the server's closing alert: a clean end */
		s->failed = true;
		r = err == SSL_ERROR_SYSCALL && errno ? -errno : tls_cut() || err == SSL_ERROR_SYSCALL ? -ECONNRESET : -EPROTO;
		ERR_clear_error();
		return r;
	}
}

int tls_conn_send(struct tls_conn *s, const void *p, size_t n, unsigned ms)
{
	struct tls_nopipe np;
	int ret = 0;

	tls_nopipe_begin(&np);
	while (n) {
		uint64_t end = clock_now_ms() + ms;
		size_t done = 0;
		int r, err, a;

		errno = 0;
		r = SSL_write_ex(s->ssl, p, n, &done);
		/* the same buffer again after WANT_*, as OpenSSL requires */
		while (r != 1 && (a = tls_again(s, r, end, &err)) == 1) {
			errno = 0;
			r = SSL_write_ex(s->ssl, p, n, &done);
		}
		if (r != 1) {
			s->failed = a != 0;
			ret = a == 0 ? -ETIMEDOUT : a < 0 ? -ECANCELED : err == SSL_ERROR_SYSCALL && errno ? -errno : -EPROTO;
			ERR_clear_error();
			break;
		}
		p = (const char *)p + done;
		n -= done;
	}
	tls_nopipe_end(&np);
	return ret;
}
