/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * url: URLs as the fetch seam and the network sources use them (RFC 3986):
 * parsing into parts, and resolving a reference against a base (a config's
 * "vmlinuz" or "../images/initrd.img" against the config's own URL).
 * Pure: text in, parts out; bounded by URL_MAX.
 *
 * Ownership: struct url owns its strings; url_done() frees them and
 * accepts a zeroed struct.
 */
#ifndef KEXBOOT_LIB_URL_H
#define KEXBOOT_LIB_URL_H

#include <stdbool.h>
#include <stdint.h>

#define URL_MAX 8192 /* longer URLs are refused */

struct url {
	char *scheme;   /* lower case: "http", "https", "tftp", "file" */
	char *userinfo; /* or NULL */
	char *host;     /* without brackets for IPv6 literals; "" for file:/// */
	uint16_t port;  /* the scheme's default when the URL names none (0 when it has none) */
	bool has_port;  /* the URL named the port */
	char *path;     /* percent-encoded as given, "/" when empty */
	char *query;    /* without '?', or NULL */
	/* the fragment is dropped: it is never sent */
};

/* 0, or -EINVAL (with no partial result) when text is not an absolute URL kexboot can use. */
int url_parse(const char *text, struct url *ret);
void url_done(struct url *u);

/* The default port of a scheme (80, 443, 69), 0 when unknown. */
uint16_t url_default_port(const char *scheme);

/*
 * ref resolved against base (RFC 3986 section 5.2, dot segments removed), as
 * a new string; an absolute ref is returned as it is (normalized).
 */
int url_resolve(const char *base, const char *ref, char **ret);

/* "host[:port]/path?query" of u as a request target ("/path?query"), a new string. */
int url_request_target(const struct url *u, char **ret);

/* Percent-decodes s (a path) into a new string; -EINVAL on a bad escape or an encoded NUL. */
int url_decode(const char *s, char **ret);

#endif
