// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * URLs (RFC 3986): a split into views over the text (no allocation), the
 * reference resolution of section 5.2 with dot-segment removal (5.2.4), and
 * the strict parse the fetch back ends use. Every output is bounded by
 * URL_MAX, so hostile configs cannot grow it.
 */
#include "lib/url.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A piece of the text: defined or not (an empty query "?" differs from none). */
struct url_view {
	const char *p;
	size_t n;
	bool set;
};

struct url_split {
	struct url_view scheme, authority, path, query, fragment;
};

static bool url_is_unreserved(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static bool url_is_sub_delim(unsigned char c)
{
	return c && strchr("!$&'()*+,;=", c) != NULL;
}

static int url_hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (unsigned char)tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Every byte is one of `extra`, unreserved, a sub-delim or a whole %XX escape. */
static bool url_view_valid(const struct url_view *v, const char *extra)
{
	for (size_t i = 0; i < v->n; i++) {
		unsigned char c = (unsigned char)v->p[i];

		if (c == '%') {
			if (i + 2 >= v->n)
				return false;
			if (url_hex((unsigned char)v->p[i + 1]) < 0 || url_hex((unsigned char)v->p[i + 2]) < 0)
				return false;
			i += 2;
			continue;
		}
		if (!url_is_unreserved(c) && !url_is_sub_delim(c) && !(c && strchr(extra, c)))
			return false;
	}
	return true;
}

static bool url_scheme_valid(const struct url_view *v)
{
	if (!v->n || !isalpha((unsigned char)v->p[0]))
		return false;
	for (size_t i = 1; i < v->n; i++) {
		unsigned char c = (unsigned char)v->p[i];

		if (!isalnum(c) && c != '+' && c != '-' && c != '.')
			return false;
	}
	return true;
}

/*
 * The split of RFC 3986 appendix B:
 *   ^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?
 * with the scheme's syntax checked (a reference whose text before the first
 * ':' is not a scheme is refused rather than guessed at).
 */
static int url_split(const char *s, struct url_split *out)
{
	size_t len = strnlen(s, URL_MAX + 1);
	size_t n;

	*out = (struct url_split){ 0 };
	if (len > URL_MAX)
		return -EINVAL;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return -EINVAL;
	n = strcspn(s, ":/?#");
	if (s[n] == ':' && n > 0) {
		out->scheme = (struct url_view){ s, n, true };
		if (!url_scheme_valid(&out->scheme))
			return -EINVAL;
		s += n + 1;
	}
	if (s[0] == '/' && s[1] == '/') {
		s += 2;
		n = strcspn(s, "/?#");
		out->authority = (struct url_view){ s, n, true };
		s += n;
	}
	n = strcspn(s, "?#");
	out->path = (struct url_view){ s, n, true };
	s += n;
	if (*s == '?') {
		s++;
		n = strcspn(s, "#");
		out->query = (struct url_view){ s, n, true };
		s += n;
	}
	if (*s == '#') {
		s++;
		out->fragment = (struct url_view){ s, strlen(s), true };
	}
	return 0;
}

/*
 * RFC 3986 5.2.4 over in[0..n) into out (room for n + 1 bytes), returning the
 * output length. Output never grows past the input.
 */
static size_t url_remove_dots(const char *in, size_t n, char *out)
{
	size_t o = 0;

	while (n) {
		if (n >= 3 && memcmp(in, "../", 3) == 0) {
			in += 3, n -= 3;
		} else if (n >= 2 && memcmp(in, "./", 2) == 0) {
			in += 2, n -= 2;
		} else if (n >= 3 && memcmp(in, "/./", 3) == 0) {
			in += 2, n -= 2;
		} else if (n == 2 && memcmp(in, "/.", 2) == 0) {
			/* "/." at the end becomes "/": rewrite in place as one "/" step */
			in += 1, n -= 1;
			out[o++] = '/';
			in += 1, n -= 1;
		} else if ((n >= 4 && memcmp(in, "/../", 4) == 0) || (n == 3 && memcmp(in, "/..", 3) == 0)) {
			/* drop the last output segment and its preceding '/' */
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			if (n == 3) {
				in += 3, n -= 3;
				out[o++] = '/';
			} else {
				in += 3, n -= 3;
			}
		} else if ((n == 1 && in[0] == '.') || (n == 2 && memcmp(in, "..", 2) == 0)) {
			in += n, n = 0;
		} else {
			/* the first segment: an optional '/' and everything up to the next '/' */
			size_t k = in[0] == '/' ? 1 : 0;

			while (k < n && in[k] != '/')
				k++;
			memcpy(out + o, in, k);
			o += k;
			in += k, n -= k;
		}
	}
	out[o] = '\0';
	return o;
}

/* Appends v to buf at *o with an optional prefix, bounded by URL_MAX. */
static int url_put(char *buf, size_t *o, const char *prefix, const char *p, size_t n)
{
	size_t pl = strlen(prefix);

	if (*o + pl + n > URL_MAX)
		return -EINVAL;
	memcpy(buf + *o, prefix, pl);
	memcpy(buf + *o + pl, p, n);
	*o += pl + n;
	buf[*o] = '\0';
	return 0;
}

int url_resolve(const char *base, const char *ref, char **ret)
{
	struct url_split b, r, t;
	char *path = NULL, *out = NULL;
	size_t pn = 0, o = 0;
	int e;

	*ret = NULL;
	if (url_split(ref, &r) < 0)
		return -EINVAL;
	if (!r.scheme.set && (url_split(base, &b) < 0 || !b.scheme.set))
		return -EINVAL;
	/* Room for a merged path: base path + '/' + ref path (merging never needs more). */
	path = malloc(2 * URL_MAX + 2);
	out = malloc(URL_MAX + 1);
	if (!path || !out) {
		e = -ENOMEM;
		goto out;
	}
	t = r;
	if (r.scheme.set) {
		pn = url_remove_dots(r.path.p, r.path.n, path);
	} else {
		t.scheme = b.scheme;
		if (!r.authority.set) {
			t.authority = b.authority;
			if (r.path.n == 0) {
				memcpy(path, b.path.p, b.path.n);
				pn = b.path.n;
				if (!r.query.set)
					t.query = b.query;
			} else if (r.path.p[0] == '/') {
				pn = url_remove_dots(r.path.p, r.path.n, path);
			} else {
				/* merge (5.2.3): the base path up to its last '/', then the reference */
				char *tmp = path + URL_MAX + 1;
				size_t k = 0;

				if (b.authority.set && b.path.n == 0) {
					tmp[k++] = '/';
				} else {
					const char *slash = memrchr(b.path.p, '/', b.path.n);

					if (slash) {
						k = (size_t)(slash - b.path.p) + 1;
						memcpy(tmp, b.path.p, k);
					}
				}
				if (k + r.path.n > URL_MAX) {
					e = -EINVAL;
					goto out;
				}
				memcpy(tmp + k, r.path.p, r.path.n);
				pn = url_remove_dots(tmp, k + r.path.n, path);
			}
		} else {
			pn = url_remove_dots(r.path.p, r.path.n, path);
		}
	}
	/* recomposition (5.3) */
	out[0] = '\0';
	for (size_t i = 0; i < t.scheme.n; i++)
		out[i] = (char)tolower((unsigned char)t.scheme.p[i]);
	o = t.scheme.n;
	out[o] = '\0';
	e = url_put(out, &o, ":", "", 0);
	if (!e && t.authority.set)
		e = url_put(out, &o, "//", t.authority.p, t.authority.n);
	/* A path starting "//" with no authority would read back as one (RFC 3986 5.3): keep it a path. */
	if (!e && !t.authority.set && pn >= 2 && path[0] == '/' && path[1] == '/')
		e = url_put(out, &o, "/.", "", 0);
	if (!e)
		e = url_put(out, &o, "", path, pn);
	if (!e && t.query.set)
		e = url_put(out, &o, "?", t.query.p, t.query.n);
	if (!e && t.fragment.set)
		e = url_put(out, &o, "#", t.fragment.p, t.fragment.n);
	if (e)
		goto out;
	*ret = out;
	out = NULL;
out:
	free(path);
	free(out);
	return e;
}

uint16_t url_default_port(const char *scheme)
{
	if (!scheme)
		return 0;
	if (strcasecmp(scheme, "http") == 0)
		return 80;
	if (strcasecmp(scheme, "https") == 0)
		return 443;
	if (strcasecmp(scheme, "tftp") == 0)
		return 69;
	return 0;
}

void url_done(struct url *u)
{
	if (!u)
		return;
	free(u->scheme);
	free(u->userinfo);
	free(u->host);
	free(u->path);
	free(u->query);
	*u = (struct url){ 0 };
}

static char *url_view_dup(const struct url_view *v, bool lower)
{
	char *s = strndup(v->p, v->n);

	if (s && lower)
		for (char *c = s; *c; c++)
			*c = (char)tolower((unsigned char)*c);
	return s;
}

/* An IPv6 literal's inside: hex digits, ':' and '.' (an embedded IPv4), at least two ':'. */
static bool url_ipv6_valid(const char *p, size_t n)
{
	size_t colons = 0;

	if (n < 2 || n > 45)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == ':')
			colons++;
		else if (p[i] != '.' && url_hex((unsigned char)p[i]) < 0)
			return false;
	}
	return colons >= 2 && colons <= 7;
}

/* authority = [ userinfo "@" ] host [ ":" port ] */
static int url_parse_authority(const struct url_view *a, struct url *u)
{
	struct url_view user = { 0 }, host, port = { 0 };
	const char *at = memrchr(a->p, '@', a->n);
	const char *end = a->p + a->n, *h;

	h = a->p;
	if (at) {
		user = (struct url_view){ a->p, (size_t)(at - a->p), true };
		if (!url_view_valid(&user, ":"))
			return -EINVAL;
		h = at + 1;
	}
	if (h < end && *h == '[') {
		const char *close = memchr(h, ']', (size_t)(end - h));

		if (!close || !url_ipv6_valid(h + 1, (size_t)(close - h - 1)))
			return -EINVAL;
		host = (struct url_view){ h + 1, (size_t)(close - h - 1), true };
		h = close + 1;
		if (h < end && *h != ':')
			return -EINVAL;
	} else {
		const char *colon = memchr(h, ':', (size_t)(end - h));

		host = (struct url_view){ h, (size_t)((colon ? colon : end) - h), true };
		if (!url_view_valid(&host, ""))
			return -EINVAL;
		h = colon ? colon : end;
	}
	if (h < end) {
		/* h is at ':'; an empty port (RFC 3986 allows "host:") means the default */
		port = (struct url_view){ h + 1, (size_t)(end - h - 1), true };
		if (port.n > 5)
			return -EINVAL;
		if (port.n) {
			unsigned long v = 0;

			for (size_t i = 0; i < port.n; i++) {
				if (!isdigit((unsigned char)port.p[i]))
					return -EINVAL;
				v = v * 10 + (unsigned long)(port.p[i] - '0');
			}
			if (v == 0 || v > 65535)
				return -EINVAL;
			u->port = (uint16_t)v;
			u->has_port = true;
		}
	}
	if (!u->has_port)
		u->port = url_default_port(u->scheme);
	if (user.set && !(u->userinfo = url_view_dup(&user, false)))
		return -ENOMEM;
	if (!(u->host = url_view_dup(&host, true)))
		return -ENOMEM;
	return 0;
}

int url_parse(const char *text, struct url *ret)
{
	struct url u = { 0 };
	struct url_split s;
	char *path = NULL;
	int r;

	*ret = (struct url){ 0 };
	if (!text || url_split(text, &s) < 0)
		return -EINVAL;
	/* kexboot fetches from somewhere: an absolute URL with an authority */
	if (!s.scheme.set || !s.authority.set)
		return -EINVAL;
	if (!url_view_valid(&s.path, ":@/") || (s.query.set && !url_view_valid(&s.query, ":@/?")) ||
	    (s.fragment.set && !url_view_valid(&s.fragment, ":@/?")))
		return -EINVAL;
	if (!(u.scheme = url_view_dup(&s.scheme, true))) {
		r = -ENOMEM;
		goto fail;
	}
	r = url_parse_authority(&s.authority, &u);
	if (r < 0)
		goto fail;
	/* Only file: names this machine with an empty host. */
	if (!u.host[0] && strcmp(u.scheme, "file") != 0) {
		r = -EINVAL;
		goto fail;
	}
	path = malloc(s.path.n + 2);
	if (!path) {
		r = -ENOMEM;
		goto fail;
	}
	if (s.path.n == 0)
		strcpy(path, "/");
	else
		url_remove_dots(s.path.p, s.path.n, path);
	if (!path[0])
		strcpy(path, "/");
	u.path = path;
	if (s.query.set && !(u.query = url_view_dup(&s.query, false))) {
		r = -ENOMEM;
		goto fail;
	}
	*ret = u;
	return 0;
fail:
	url_done(&u);
	return r;
}

int url_request_target(const struct url *u, char **ret)
{
	size_t pn = strlen(u->path), qn = u->query ? strlen(u->query) : 0;
	char *s = malloc(pn + qn + 3);
	char *p = s;

	*ret = NULL;
	if (!s)
		return -ENOMEM;
	if (u->path[0] != '/')
		*p++ = '/';
	memcpy(p, u->path, pn);
	p += pn;
	if (u->query) {
		*p++ = '?';
		memcpy(p, u->query, qn);
		p += qn;
	}
	*p = '\0';
	*ret = s;
	return 0;
}

int url_decode(const char *s, char **ret)
{
	size_t n = strnlen(s, URL_MAX + 1), o = 0;
	char *out;

	*ret = NULL;
	if (n > URL_MAX)
		return -EINVAL;
	out = malloc(n + 1);
	if (!out)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi = i + 2 < n ? url_hex((unsigned char)s[i + 1]) : -1;
			int lo = hi >= 0 ? url_hex((unsigned char)s[i + 2]) : -1;

			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
				free(out);
				return -EINVAL;
			}
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	*ret = out;
	return 0;
}
