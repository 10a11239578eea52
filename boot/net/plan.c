// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The network source's decisions that need no network: which URLs
 * kexboot.url names, how each becomes a source context, and which links
 * to bring up (read under a root prefix, so fixture trees test it).
 */
#include "boot/net/net.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/url.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define URL_SEPARATORS " \t,"

bool net_source_wanted(const char *url, const char *net, const char *ip, size_t n_wired)
{
	if ((net && strcmp(net, "off") == 0) || (ip && (strcmp(ip, "off") == 0 || strcmp(ip, "none") == 0)))
		return false;
	return (url && url[strspn(url, URL_SEPARATORS)]) || n_wired > 0;
}

int net_url_list_parse(const char *text, struct net_url_list *out, struct diag_list *d)
{
	memset(out, 0, sizeof(*out));
	for (const char *p = text ? text : ""; *p;) {
		size_t len;
		char *word;
		struct url u;

		p += strspn(p, URL_SEPARATORS);
		len = strcspn(p, URL_SEPARATORS);
		if (!len)
			break;
		word = strndup(p, len);
		p += len;
		if (!word)
			return -ENOMEM;
		if (url_parse(word, &u) < 0) {
			(void)diag_note(d, "kexboot.url: '%s' is not a URL, ignored", word);
			free(word);
			continue;
		}
		url_done(&u);
		if (out->n == NET_URLS_MAX) {
			(void)diag_note(d, "kexboot.url: more than %d URLs; '%s' ignored", NET_URLS_MAX, word);
			free(word);
			continue;
		}
		out->v[out->n++] = word;
	}
	return 0;
}

void net_url_list_done(struct net_url_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	memset(l, 0, sizeof(*l));
}

void net_url_plan_done(struct net_url_plan *p)
{
	free(p->base);
	free(p->path);
	memset(p, 0, sizeof(*p));
}

/* asprintf that leaves *ret NULL on failure (asprintf's own pointer is undefined then). */
static int fmt_dup(char **ret, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fmt_dup(char **ret, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(ret, fmt, ap);
	va_end(ap);
	if (r < 0)
		*ret = NULL;
	return r < 0 ? -ENOMEM : 0;
}

int net_url_plan_make(const char *url, struct net_url_plan *out)
{
	const char *sep = strstr(url, "://"), *path, *end, *slash = NULL, *dir;
	static const char pxe[] = "pxelinux.cfg/";
	struct url u;
	int r;

	memset(out, 0, sizeof(*out));
	if (!sep || url_parse(url, &u) < 0)
		return -EINVAL;
	url_done(&u);
	path = sep + 3 + strcspn(sep + 3, "/?#");
	end = path + strcspn(path, "?#");
	for (const char *q = path; q < end; q++)
		if (*q == '/')
			slash = q;
	if (!slash && *end != '?') {
		/* "http://srv": the server's top directory */
		out->kind = NET_URL_DIR;
		r = fmt_dup(&out->base, "%.*s/", (int)(end - url), url);
		goto done;
	}
	if (slash && slash + 1 == end && *end != '?') {
		out->kind = NET_URL_DIR;
		r = fmt_dup(&out->base, "%.*s", (int)(end - url), url);
		goto done;
	}
	/* A file ("http://srv?x" names the top directory's default document). */
	dir = slash ? slash + 1 : path;
	if ((size_t)(dir - path) > sizeof(pxe) - 1 && memcmp(dir - (sizeof(pxe) - 1), pxe, sizeof(pxe) - 1) == 0 &&
	    dir[-(int)sizeof(pxe)] == '/') {
		/* PXELINUX's own layout: names resolve against the directory above pxelinux.cfg/. */
		const char *top = dir - (sizeof(pxe) - 1);

		out->kind = NET_URL_PXELINUX;
		r = fmt_dup(&out->base, "%.*s", (int)(top - url), url);
		if (r >= 0)
			r = fmt_dup(&out->path, "/%s", top);
		goto done;
	}
	out->kind = NET_URL_FILE;
	r = fmt_dup(&out->base, "%.*s%s", (int)(dir - url), url, slash ? "" : "/");
	if (r >= 0)
		r = fmt_dup(&out->path, "/%s", dir);
done:
	if (r < 0) {
		net_url_plan_done(out);
		return r;
	}
	return 0;
}

/* "type" of a link: 1 for Ethernet (ARPHRD_ETHER); -1 when unreadable. */
static int link_type(int dirfd, const char *name)
{
	_cleanup_free_ char *path = NULL, *text = NULL;

	if (asprintf(&path, "%s/type", name) < 0)
		return -1;
	if (file_read_at(dirfd, path, 32, &text, NULL) < 0)
		return -1;
	return atoi(text);
}

static bool link_exists(int dirfd, const char *name, const char *what)
{
	_cleanup_free_ char *path = NULL;
	struct stat st;

	if (asprintf(&path, "%s/%s", name, what) < 0)
		return false;
	return fstatat(dirfd, path, &st, 0) == 0;
}

static bool link_wired(int dirfd, const char *name)
{
	/* A physical NIC has a device behind it; bridges, bonds, veth, tun have none. */
	if (strcmp(name, "lo") == 0 || !link_exists(dirfd, name, "device"))
		return false;
	if (link_exists(dirfd, name, "wireless") || link_exists(dirfd, name, "phy80211"))
		return false;
	return link_type(dirfd, name) == 1;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

int net_links_pick(const char *root, const char *only, char (*names)[IF_NAMESIZE], size_t cap, size_t *n,
		   struct diag_list *d)
{
	_cleanup_free_ char *path = NULL;
	_cleanup_close_ int dirfd = -1;
	DIR *dir;
	struct dirent *de;

	*n = 0;
	if (asprintf(&path, "%s/sys/class/net", root ? root : "") < 0) {
		path = NULL;
		return -ENOMEM;
	}
	dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return diag_fail(d, errno, "%s: %s", path, strerror(errno));
	if (only) {
		/* The operator's order: among links naming equally good configs, the first is used. */
		for (const char *p = only; *p && *n < cap;) {
			size_t len;

			p += strspn(p, URL_SEPARATORS);
			len = strcspn(p, URL_SEPARATORS);
			if (!len)
				break;
			if (len < IF_NAMESIZE) {
				memcpy(names[*n], p, len);
				names[*n][len] = '\0';
				if (link_wired(dirfd, names[*n]))
					(*n)++;
				else
					(void)diag_note(d, "kexboot.net: %s is not a wired network link here, ignored",
							names[*n]);
			}
			p += len;
		}
		return 0;
	}
	dir = fdopendir(dup(dirfd));
	if (!dir)
		return diag_fail(d, errno, "%s: %s", path, strerror(errno));
	while ((de = readdir(dir)) && *n < cap) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= IF_NAMESIZE || !link_wired(dirfd, de->d_name))
			continue;
		memcpy(names[*n], de->d_name, strlen(de->d_name) + 1); /* fits: checked above */
		(*n)++;
	}
	closedir(dir);
	/* readdir's order is the hash's: sort, so the same machine picks the same link every boot. */
	qsort(names, *n, IF_NAMESIZE, name_cmp);
	return 0;
}
