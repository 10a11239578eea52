// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * GRUB's network devices, as a netbooted GRUB names files: "(http)/path",
 * "(http,SERVER)/path", "(tftp,SERVER)/path" ("pxe" is tftp; "https" is
 * kexboot's own), and $root or $prefix naming one. A device without a
 * server takes $net_default_server (else $pxe_default_server). The server a
 * config was read from is one volume of the parse (its name
 * "PROTO,HOST[:PORT]"), so "(http)/x" and plain "/x" under it read there;
 * a file on another server becomes a URL reference for the fetch stage.
 *
 * The files a config itself reads or asks about (configfile, source,
 * load_env, test, search --file) are read by URL on any server through
 * the URL source's fetch_text, and each URL's answer is kept for the parse:
 * a probe's text serves the source that follows it, a missing file or a
 * server that failed is not asked twice.
 */
#include "boot/grub/internal.h"
#include "lib/cleanup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool gdev_net_split(const char *dev, char *proto, size_t cap, const char **server)
{
	static const char *const protos[] = { "https", "http", "tftp", "pxe" };

	for (size_t i = 0; i < ARRAY_SIZE(protos); i++) {
		size_t n = strlen(protos[i]);

		if (strncmp(dev, protos[i], n) != 0 || (dev[n] != '\0' && dev[n] != ','))
			continue;
		snprintf(proto, cap, "%s", strcmp(protos[i], "pxe") == 0 ? "tftp" : protos[i]);
		*server = dev[n] == ',' && dev[n + 1] ? dev + n + 1 : NULL;
		return true;
	}
	return false;
}

/* Length of the host in "host", "host:port", "[v6]:port" or a bare IPv6 address. */
static size_t gserver_host_len(const char *server)
{
	const char *colon = strchr(server, ':');

	if (server[0] == '[') {
		const char *e = strchr(server, ']');

		return e ? (size_t)(e - server) + 1 : strlen(server);
	}
	if (colon && !strchr(colon + 1, ':'))
		return (size_t)(colon - server);
	return strlen(server);
}

int gdev_net_canon(struct gstate *s, const char *proto, const char *server, char **ret)
{
	const char *home = s->vols->v[s->vol].name, *hserver = NULL;
	char hproto[8];
	bool home_net = gdev_net_split(home, hproto, sizeof(hproto), &hserver) && hserver;
	size_t hl;

	if (!server) {
		server = genv_get(&s->env, "net_default_server");
		if (!server || !*server)
			server = genv_get(&s->env, "pxe_default_server");
		if (!server || !*server)
			server = home_net ? hserver : NULL;
	}
	*ret = NULL;
	if (!server || !*server) {
		*ret = strdup(proto); /* no server anywhere: "device http not found" */
		return *ret ? 0 : -ENOMEM;
	}
	/* the config's own server named by its host alone is that server, port and all */
	hl = home_net ? gserver_host_len(hserver) : 0;
	if (home_net && strcmp(proto, hproto) == 0 &&
	    (strcmp(server, hserver) == 0 || (strlen(server) == hl && strncmp(server, hserver, hl) == 0))) {
		*ret = strdup(home);
		return *ret ? 0 : -ENOMEM;
	}
	if (asprintf(ret, "%s,%s", proto, server) < 0) {
		*ret = NULL;
		return -ENOMEM;
	}
	return 0;
}

int gdev_net_url(const char *dev, const char *path, char **ret)
{
	const char *server;
	char proto[8];
	bool bracket;

	*ret = NULL;
	if (!gdev_net_split(dev, proto, sizeof(proto), &server) || !server)
		return 0;
	/* a bare IPv6 address ("tftp,fd00::1") gets its brackets in a URL */
	bracket = server[0] != '[' && strchr(server, ':') && strchr(strchr(server, ':') + 1, ':');
	if (asprintf(ret, "%s://%s%s%s%s%s", proto, bracket ? "[" : "", server, bracket ? "]" : "",
		     path[0] == '/' ? "" : "/", path) < 0) {
		*ret = NULL;
		return -ENOMEM;
	}
	return 1;
}

bool gdev_is_net_file(const char *dev)
{
	const char *server;
	char proto[8];

	return gdev_net_split(dev, proto, sizeof(proto), &server) && server;
}

void gnet_files_done(struct gstate *s)
{
	for (size_t i = 0; i < s->n_netfiles; i++) {
		free(s->netfiles[i].url);
		free(s->netfiles[i].text);
		free(s->netfiles[i].reason);
	}
	free(s->netfiles);
	s->netfiles = NULL;
	s->n_netfiles = 0;
	s->net_cached = 0;
}

static struct gnetfile *gnet_find(struct gstate *s, const char *url)
{
	for (size_t i = 0; i < s->n_netfiles; i++)
		if (strcmp(s->netfiles[i].url, url) == 0)
			return &s->netfiles[i];
	return NULL;
}

/* Remembers url's answer (text is taken when kept); NULL when the table is full or memory ran out (s->oom). */
static struct gnetfile *gnet_remember(struct gstate *s, const char *url, int err, size_t len, char **text,
				      const char *reason)
{
	struct gnetfile *f;

	if (s->n_netfiles >= GRUB_NET_FILES_MAX)
		return NULL;
	f = ggrow(s->netfiles, s->n_netfiles, sizeof(*f));
	if (!f) {
		s->oom = -ENOMEM;
		return NULL;
	}
	s->netfiles = f;
	f = &f[s->n_netfiles];
	*f = (struct gnetfile){ .url = strdup(url), .err = err, .len = len };
	if (!f->url) {
		s->oom = -ENOMEM;
		return NULL;
	}
	if (err < 0 && err != -ENOENT && err != -EFBIG && reason && *reason)
		f->reason = strdup(reason); /* without it the error is still kept; the message is plainer */
	if (text && *text && s->net_cached + len <= GRUB_NET_CACHE_MAX) {
		f->text = *text;
		*text = NULL;
		s->net_cached += len;
	}
	s->n_netfiles++;
	return f;
}

/* A remembered failure: its reason again, for the diagnostic of whoever asks now. */
static int gnet_said(const struct gnetfile *f, struct diag_list *why)
{
	if (f->err == -ENOENT)
		return diag_fail(why, ENOENT, "%s: not found", f->url);
	return diag_fail(why, f->err, "%s", f->reason ? f->reason : f->url);
}

static int gnet_fetch(struct gstate *s, const char *url, size_t max, char **ret_buf, size_t *ret_len,
		      struct diag_list *why)
{
	if (!s->net || !s->net->fetch_text)
		return diag_fail(why, ENODEV, "%s: files on servers are read only by a config fetched over the network",
				 url);
	if (discover_budget_spent(s->budget))
		return -EDQUOT;
	if (s->net_requests >= GRUB_NET_REQUESTS_MAX) {
		s->net_capped = true;
		return -EDQUOT;
	}
	s->net_requests++;
	*ret_len = 0;
	return s->net->fetch_text(s->net->fetch, url, max, ret_buf, ret_len, why);
}

int gnet_read(struct gstate *s, const char *url, size_t max, char **ret_buf, size_t *ret_len, bool *ret_fetched,
	      struct diag_list *why)
{
	struct gnetfile *f = gnet_find(s, url);
	int r;

	*ret_fetched = false;
	if (f && f->err == 0 && f->text && f->len <= max) {
		*ret_buf = f->text;
		*ret_len = f->len;
		s->net_cached -= f->len;
		f->text = NULL;
		return 0;
	}
	if (f && f->err == 0 && f->len > max)
		return diag_fail(why, EFBIG, "%s: larger than %zu bytes", url, max);
	if (f && f->err < 0 && f->err != -EFBIG)
		return gnet_said(f, why);
	*ret_buf = NULL;
	r = gnet_fetch(s, url, max, ret_buf, ret_len, why);
	if (r == -EDQUOT || r == -ENOMEM)
		return r;
	*ret_fetched = r != -ENODEV;
	/* the answer is remembered for probes; the text is not: its AST is kept (gexec_file) */
	if (r != -ENODEV && r != -ECANCELED && !f)
		gnet_remember(s, url, r, r == 0 ? *ret_len : 0, NULL, diag_reason(why, NULL));
	return r;
}

int gnet_probe(struct gstate *s, const char *url, struct fsa_stat *st, struct diag_list *why)
{
	struct gnetfile *f = gnet_find(s, url);
	char *text = NULL;
	size_t len = 0;
	int r;

	if (!f) {
		/* one request per URL: it counts as a file opened, and its bytes as read */
		if (discover_budget_charge(s->budget, 1, 0) < 0)
			return -EDQUOT;
		r = gnet_fetch(s, url, GRUB_NET_PROBE_MAX, &text, &len, why);
		if (r == -EDQUOT || r == -ENOMEM || r == -ENODEV || r == -ECANCELED) {
			free(text);
			return r;
		}
		/* a refused size costs no body bytes over HTTP or TFTP, at most the limit otherwise */
		if (discover_budget_charge(s->budget, 0, r == -EFBIG ? GRUB_NET_PROBE_MAX : r < 0 ? 0 : len) < 0) {
			free(text);
			return -EDQUOT;
		}
		f = gnet_remember(s, url, r, len, &text, diag_reason(why, NULL));
		free(text);
		if (!f) {
			/* nothing kept (the table is full): answer from this fetch alone */
			if (r < 0 && r != -EFBIG)
				return r;
			*st = (struct fsa_stat){ .type = FSA_FILE,
						 .size = r == -EFBIG ? GRUB_NET_PROBE_MAX + 1ull : len };
			return 0;
		}
	}
	if (f->err < 0 && f->err != -EFBIG)
		return gnet_said(f, why);
	*st = (struct fsa_stat){ .type = FSA_FILE, .size = f->err == -EFBIG ? GRUB_NET_PROBE_MAX + 1ull : f->len };
	return 0;
}
