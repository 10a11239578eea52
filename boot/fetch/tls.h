/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tls: TLS client sessions for https:// (internal to boot/fetch/), over
 * OpenSSL. One struct tls_client per fetch holds the trusted CAs (a PEM
 * bundle: FETCH_CA_BUNDLE under the root prefix) and the settings every
 * session shares: TLS 1.2 at least, peer verification on. Each session
 * sends SNI for host names, checks the chain against the bundle and the
 * certificate against the host the URL names (DNS name or IP address).
 * There is no way to turn verification off.
 *
 * Reasons name the URL and what went wrong in plain words: wrong host,
 * unknown CA, expired, a failed handshake.
 *
 * Ownership: a tls_client is freed by tls_client_free(); a tls_conn borrows
 * its client and its socket (the transport owns the socket) and is freed by
 * tls_conn_free(). Both accept NULL.
 */
#ifndef KEXBOOT_BOOT_FETCH_TLS_H
#define KEXBOOT_BOOT_FETCH_TLS_H

#include <stddef.h>
#include <sys/types.h>

#include "lib/diag.h"

struct tls_client;
struct tls_conn;

/* A client trusting the CAs in the PEM file ca_path (url names the fetch in reasons). */
int tls_client_new(const char *ca_path, const char *url, struct tls_client **ret, struct diag_list *why);
void tls_client_free(struct tls_client *c);
/*
 * Sessions made after this wipe the plaintext OpenSSL decrypted as soon as it
 * is handed over (SSL_OP_CLEANSE_PLAINTEXT): for secrets, so that no copy is
 * left in OpenSSL's buffers.
 */
void tls_client_cleanse(struct tls_client *c);

/*
 * The handshake over the connected non-blocking socket fd, within ms.
 * -EPERM when the certificate is refused, -EPROTO when the handshake
 * failed on TLS grounds (protocol version, not TLS at all), -ETIMEDOUT,
 * -ECANCELED once stop_fd (-1: none; borrowed for the session's life) is
 * readable, -ECONNRESET or another -errno when the connection failed under
 * it; why->reason says which and why.
 */
int tls_conn_start(struct tls_client *c, int fd, int stop_fd, const char *url, const char *host, unsigned ms,
		   struct tls_conn **ret, struct diag_list *why);
/* As transport_recv/transport_send. */
ssize_t tls_conn_recv(struct tls_conn *s, void *p, size_t n, unsigned ms);
int tls_conn_send(struct tls_conn *s, const void *p, size_t n, unsigned ms);
/* Sends the closing alert when it can without waiting, then frees. */
void tls_conn_free(struct tls_conn *s);

#endif
