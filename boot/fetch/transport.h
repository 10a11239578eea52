/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * transport: the byte stream under the HTTP code (internal to boot/fetch/):
 * a TCP connection to an address or to a host name looked up through the
 * name servers the fetch was given (boot/net/dns.h), optionally with TLS over it
 * (boot/fetch/tls.h). Every call waits at most the milliseconds it is
 * given, and ends early with -ECANCELED once the transport's stop fd (set
 * before transport_connect; -1 for none) is readable; the HTTP code above
 * neither knows nor cares which one it talks through.
 *
 * Ownership: struct transport owns its socket and its TLS session and
 * borrows its stop fd;
 * transport_close() releases both and accepts a closed transport.
 */
#ifndef KEXBOOT_BOOT_FETCH_TRANSPORT_H
#define KEXBOOT_BOOT_FETCH_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "boot/fetch/tls.h"
#include "lib/diag.h"

/*
 * Work a plain TCP receive does when the socket has nothing yet, before it
 * waits: work() returns true when it did some (the socket is looked at
 * again), false when it has none left (the receive waits). A download uses
 * it to have its next pages cleared while the link is idle.
 */
struct transport_idle {
	bool (*work)(void *arg);
	void *arg;
};

struct transport {
	int fd;               /* owned: the connected non-blocking socket, -1 when closed */
	struct tls_conn *tls; /* owned: the TLS session over fd, or NULL for plain TCP */
	int stop_fd;          /* borrowed: readable means give up (-ECANCELED), or -1 */
	struct transport_idle idle; /* borrowed: set by the caller around its receives; work NULL: none */
};

#define TRANSPORT_INIT { .fd = -1, .stop_fd = -1 }

/*
 * Connects to host and port within ms (a name's lookup has its own bound,
 * dns_resolve's, and is not cut short by the stop fd). host is a numeric
 * address, or a name looked up through dns (NULL or no server:
 * -EHOSTUNREACH), remembered in cache (NULL: none); a name's addresses are
 * tried in the order given. Errors name url: -EHOSTUNREACH for a name that
 * did not resolve, -EINVAL for a bad address, -ETIMEDOUT, -ECANCELED
 * (stopped), -ECONNREFUSED and the socket's other errors.
 */
struct dns_config;
struct dns_cache;
int transport_connect(struct transport *t, const char *url, const char *host, unsigned port, unsigned ms,
		      const struct dns_config *dns, struct dns_cache *cache, struct diag_list *why);

/*
 * Runs a TLS handshake over the connected t within ms (see tls_conn_start):
 * host is the URL's host as written, so a name is checked as the name,
 * never as the address it resolved to.
 */
int transport_start_tls(struct transport *t, struct tls_client *c, const char *url, const char *host, unsigned ms,
			struct diag_list *why);

/*
 * Reads what is there, waiting at most ms for a first byte: >0 bytes, 0 end
 * of stream, -ETIMEDOUT, -ECANCELED (stopped), -ECONNRESET for a TLS stream
 * cut without its closing alert, another -errno. Over plain TCP, t->idle's
 * work runs while the socket is empty, before each wait (not over TLS: its
 * waits are inside the TLS layer).
 */
ssize_t transport_recv(struct transport *t, void *p, size_t n, unsigned ms);

/* Writes all n bytes, waiting at most ms each time the socket is full. */
int transport_send(struct transport *t, const void *p, size_t n, unsigned ms);

void transport_close(struct transport *t);

#endif
