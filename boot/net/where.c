// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where the boot config is (net_where_make, see net.h): kexboot.url, then
 * what the DHCP lease says (209/210, 67 as a URL, 66/67 the PXELINUX way),
 * and DHCPv6's option 59 (net_where_v6) when the lease names nothing or
 * only the PXELINUX way with another file than 59's.
 * Pure: a lease, the settings and the machine's facts in, URLs out.
 */
#include "boot/net/net.h"
#include "lib/cleanup.h"
#include "lib/url.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PXE_DIR "pxelinux.cfg/"

void net_where_done(struct net_where *w)
{
	net_url_list_done(&w->urls);
	w->from = NET_WHERE_NONE;
	w->first_only = false;
}

const char *net_where_name(enum net_where_from from)
{
	switch (from) {
	case NET_WHERE_SETTINGS:
		return "kexboot.url";
	case NET_WHERE_OPT209:
		return "DHCP option 209";
	case NET_WHERE_BOOTURL:
		return "DHCP boot file URL";
	case NET_WHERE_PXELINUX:
		return "pxelinux.cfg beside the DHCP boot file";
	case NET_WHERE_OPT59:
		return "DHCPv6 option 59";
	case NET_WHERE_NONE:
		break;
	}
	return "nothing";
}

/* Appends a formatted URL when it parses as one; a bad one is a note. -ENOMEM only. */
static int where_add(struct net_where *w, struct diag_list *d, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int where_add(struct net_where *w, struct diag_list *d, const char *fmt, ...)
{
	char *s = NULL;
	struct url u;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		return -ENOMEM;
	if (url_parse(s, &u) < 0) {
		(void)diag_note(d, "network: %s names '%s', not a URL kexboot can read", net_where_name(w->from), s);
		free(s);
		return 0;
	}
	url_done(&u);
	if (w->urls.n == NET_URLS_MAX) {
		free(s);
		return 0;
	}
	w->urls.v[w->urls.n++] = s;
	return 0;
}

/* The boot server: option 66 (or the sname field), else siaddr. "" when neither. */
static void boot_server(const struct dhcp4_lease *l, char out[DHCP4_STR_MAX])
{
	if (l->tftp_server[0]) {
		snprintf(out, DHCP4_STR_MAX, "%s", l->tftp_server);
		return;
	}
	out[0] = '\0';
	if (l->siaddr.s_addr && !inet_ntop(AF_INET, &l->siaddr, out, DHCP4_STR_MAX))
		out[0] = '\0';
}

/*
 * The prefix names resolve against, as a URL ending in '/': option 210 (a
 * URL as it is, else a path on the boot server), else the boot file's
 * directory on the boot server. NULL in *ret when there is no server.
 */
static int prefix_url(const struct dhcp4_lease *l, const char *server, char **ret)
{
	const char *p = l->path_prefix;
	size_t n;
	int r;

	*ret = NULL;
	if (p[0] && strstr(p, "://")) {
		n = strlen(p);
		r = asprintf(ret, "%s%s", p, n && p[n - 1] == '/' ? "" : "/");
	} else if (!server[0]) {
		return 0;
	} else if (p[0]) {
		p += strspn(p, "/");
		n = strlen(p);
		/* RFC 5071 prefixes end in '/'; one without is taken as the directory it names. */
		r = asprintf(ret, "tftp://%s/%s%s", server, p, n && p[n - 1] != '/' ? "/" : "");
	} else {
		const char *f = l->boot_file, *slash = strrchr(f, '/');

		f += strspn(f, "/");
		n = slash && slash >= f ? (size_t)(slash - f) + 1 : 0;
		r = asprintf(ret, "tftp://%s/%.*s", server, (int)n, f);
	}
	if (r < 0) {
		*ret = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* PXELINUX's names under prefix/pxelinux.cfg/, in its order. */
static int pxelinux_names(struct net_where *w, const char *prefix, const struct net_facts *f, struct diag_list *d)
{
	const uint8_t *u = f->uuid, *m = f->mac;
	char hex[9];
	int r = 0;

	if (f->has_uuid)
		r = where_add(w, d,
			      "%s" PXE_DIR "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", prefix,
			      u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14],
			      u[15]);
	if (r >= 0)
		r = where_add(w, d, "%s" PXE_DIR "01-%02x-%02x-%02x-%02x-%02x-%02x", prefix, m[0], m[1], m[2], m[3], m[4],
			      m[5]);
	if (f->ip.s_addr) {
		snprintf(hex, sizeof(hex), "%08X", (unsigned)ntohl(f->ip.s_addr));
		for (int len = 8; r >= 0 && len > 0; len--)
			r = where_add(w, d, "%s" PXE_DIR "%.*s", prefix, len, hex);
	}
	if (r >= 0)
		r = where_add(w, d, "%s" PXE_DIR "default", prefix);
	return r;
}

static int where_lease(struct net_where *w, const struct dhcp4_lease *l, const struct net_facts *f,
		       struct diag_list *d)
{
	_cleanup_free_ char *prefix = NULL;
	char server[DHCP4_STR_MAX];
	int r;

	boot_server(l, server);
	r = prefix_url(l, server, &prefix);
	if (r < 0)
		return r;
	if (l->config_file[0]) {
		const char *c = l->config_file;

		w->from = NET_WHERE_OPT209;
		if (strstr(c, "://"))
			r = where_add(w, d, "%s", c);
		else if (c[0] == '/' && server[0])
			r = where_add(w, d, "tftp://%s/%s", server, c + strspn(c, "/"));
		else if (c[0] != '/' && prefix)
			r = where_add(w, d, "%s%s", prefix, c);
		else
			(void)diag_note(d, "network: DHCP option 209 names '%s' but the lease names no boot server", c);
		if (r < 0 || w->urls.n)
			return r;
	}
	if (l->boot_file[0] && strstr(l->boot_file, "://")) {
		w->from = NET_WHERE_BOOTURL;
		r = where_add(w, d, "%s", l->boot_file);
		if (r < 0 || w->urls.n)
			return r;
	}
	if (!l->boot_file[0] && !l->path_prefix[0]) {
		w->from = NET_WHERE_NONE;
		return 0;
	}
	w->from = NET_WHERE_PXELINUX;
	w->first_only = true;
	if (!prefix) {
		(void)diag_note(d, "network: the DHCP lease names boot file '%s' but no boot server (66 or siaddr)",
				l->boot_file);
		w->from = NET_WHERE_NONE;
		w->first_only = false;
		return 0;
	}
	return pxelinux_names(w, prefix, f, d);
}

int net_where_make(const char *url_setting, const struct dhcp4_lease *lease, const struct net_facts *f,
		   struct net_where *out, struct diag_list *d)
{
	int r;

	memset(out, 0, sizeof(*out));
	if (url_setting && url_setting[strspn(url_setting, " \t,")]) {
		out->from = NET_WHERE_SETTINGS;
		return net_url_list_parse(url_setting, &out->urls, d);
	}
	if (!lease)
		return 0;
	r = where_lease(out, lease, f, d);
	if (r < 0)
		net_where_done(out);
	return r;
}

/* The last path component of a URL or a path (before '?' or '#'), as a length into s. */
static const char *file_name(const char *s, size_t *len)
{
	const size_t end = strcspn(s, "?#");
	const char *f = s;

	for (size_t i = 0; i < end; i++)
		if (s[i] == '/')
			f = s + i + 1;
	*len = (size_t)(s + end - f);
	return f;
}

/* Whether option 59 names the file option 67 names (the same boot program over IPv6). */
static bool same_boot_file(const char *url59, const char *boot_file67)
{
	size_t n59, n67;
	const char *f59 = file_name(url59, &n59), *f67;

	if (!boot_file67 || !boot_file67[0])
		return false;
	f67 = file_name(boot_file67, &n67);
	return n59 && n59 == n67 && memcmp(f59, f67, n59) == 0;
}

int net_where_v6(struct net_where *w, const char *url59, const char *boot_file67, struct diag_list *d)
{
	struct net_where v6 = { .from = NET_WHERE_OPT59 };
	int r;

	if (!url59 || !url59[0])
		return 0;
	if (w->from != NET_WHERE_NONE && !(w->from == NET_WHERE_PXELINUX && !same_boot_file(url59, boot_file67)))
		return 0;
	r = where_add(&v6, d, "%s", url59);
	if (r < 0 || !v6.urls.n) {
		net_where_done(&v6);
		return r;
	}
	net_where_done(w);
	*w = v6;
	return 0;
}
