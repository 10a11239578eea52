// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/grub/internal.h"
#include "lib/cleanup.h"
#include "lib/url.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int grub_set_prefix(struct gstate *s, const char *volname, const char *cfg_path)
{
	_cleanup_free_ char *prefix = NULL, *cfg = NULL;
	const char *slash = strrchr(cfg_path, '/');
	int dirlen = slash ? (int)(slash - cfg_path) : 0;

	if (asprintf(&prefix, "(%s)%.*s", volname, dirlen, cfg_path) < 0) {
		prefix = NULL;
		return -ENOMEM;
	}
	if (asprintf(&cfg, "(%s)%s", volname, cfg_path) < 0) {
		cfg = NULL;
		return -ENOMEM;
	}
	/* GRUB exports $config_file and $config_directory: a configfile's new context sees them */
	if (genv_set(&s->env, "prefix", prefix) < 0 || genv_export(&s->env, "prefix") < 0 ||
	    genv_set(&s->env, "config_directory", prefix) < 0 || genv_export(&s->env, "config_directory") < 0 ||
	    genv_set(&s->env, "config_file", cfg) < 0 || genv_export(&s->env, "config_file") < 0 ||
	    genv_set(&s->env, "cmdpath", prefix) < 0)
		return -ENOMEM;
	return 0;
}

/* A netbooted GRUB's variables: the server it was loaded from, the machine's address and MAC. */
struct grub_net_vars {
	const struct source_ctx *ctx;          /* the URL source: what files on servers are read with */
	const char *server;                    /* the config's host */
	const struct source_setting *settings; /* the network source's facts (boot/source.h) */
	size_t n_settings;
};

static int grub_set_net_vars(struct gstate *s, const struct grub_net_vars *net)
{
	static const char *const from[][2] = { { "net_default_ip", "ip" }, { "net_default_mac", "mac" } };
	int r = 0;

	if (net->server[0])
		r = genv_set(&s->env, "net_default_server", net->server);
	if (r >= 0 && net->server[0])
		r = genv_set(&s->env, "pxe_default_server", net->server);
	for (size_t i = 0; r >= 0 && i < ARRAY_SIZE(from); i++)
		for (size_t k = 0; k < net->n_settings; k++)
			if (strcmp(net->settings[k].name, from[i][1]) == 0 && net->settings[k].value)
				r = genv_set(&s->env, from[i][0], net->settings[k].value);
	return r < 0 ? -ENOMEM : 0;
}

static int grub_parse_budget(const struct boot_volumes *vols, size_t vol, const char *cfg_path,
			     const struct grub_net_vars *net, struct discover_budget *budget, struct boot_set *out,
			     struct diag_list *diags)
{
	struct gstate s;
	int r;

	/* a server's volume has no file-access view: its files are read by URL */
	if (!vols || vol >= vols->n || (!net && !vols->v[vol].fs))
		return -EINVAL;
	/* a server cannot be asked whether a file is there without fetching it: the read says */
	if (!net && !fsa_is_file(vols->v[vol].fs, cfg_path))
		return -ENOENT;
	if (discover_budget_spent(budget))
		return -EDQUOT;
	r = gstate_init(&s, vols, vol, diags);
	if (r < 0)
		return r;
	s.budget = budget;
	s.net = net ? net->ctx : NULL;
	r = grub_set_prefix(&s, vols->v[vol].name, cfg_path);
	if (r >= 0 && net)
		r = grub_set_net_vars(&s, net);
	if (r >= 0) {
		r = gexec_file(&s, NULL, 0, cfg_path);
		if (r == -ENOMEM || s.oom)
			r = -ENOMEM;
		else
			r = gmenu_emit(&s, out);
	}
	gstate_done(&s);
	return r;
}

int grub_parse(const struct boot_volumes *vols, size_t vol, const char *cfg_path,
	       struct boot_set *out, struct diag_list *diags)
{
	struct discover_budget budget;

	discover_budget_init(&budget, NULL);
	return grub_parse_budget(vols, vol, cfg_path, NULL, &budget, out, diags);
}

static const char *const grub_cfg_paths[] = {
	"/boot/grub/grub.cfg",
	"/grub/grub.cfg",
	"/boot/grub2/grub.cfg",
	"/grub2/grub.cfg",
};

/* Where an ESP keeps /EFI/<vendor>/grub.cfg; <vendor> "Linux" holds UKIs. */
static const char *const grub_esp_roots[] = { "/EFI", "/efi", "/boot/efi/EFI", "/boot/EFI" };

static int grub_discover_one(const struct source_ctx *ctx, const char *path, struct boot_set *set,
			     struct diag_list *diags)
{
	struct boot_set tmp;
	int r;

	boot_set_init(&tmp);
	r = grub_parse_budget(ctx->vols, ctx->vol, path, NULL, ctx->budget, &tmp, diags);
	if (r == -ENOMEM) {
		boot_set_done(&tmp);
		return r;
	}
	return source_merge(set, &tmp);
}

/* ---- a config behind a URL ---- */

/*
 * The server a config came from, as the parse's one volume: a name only
 * ("http,host:port", what $root holds); its files, like every server's,
 * are read by URL through the source's fetch_text (net.c).
 */
struct grub_server {
	char *name;    /* owned: the GRUB device, "http,host:port" */
	char *host;    /* owned: the host alone, for $net_default_server */
	char *path;    /* owned: the config's path on it */
	struct boot_volume vol;
};

static void grub_server_done(struct grub_server *g)
{
	free(g->name);
	free(g->host);
	free(g->path);
}

static int grub_server_make(const char *cfg_url, struct grub_server *g)
{
	struct url u;
	char port[8] = "";
	bool v6;
	int r;

	memset(g, 0, sizeof(*g));
	if (url_parse(cfg_url, &u) < 0)
		return -EINVAL;
	r = -EPROTONOSUPPORT;
	if (strcmp(u.scheme, "http") && strcmp(u.scheme, "https") && strcmp(u.scheme, "tftp"))
		goto out;
	v6 = strchr(u.host, ':') != NULL;
	if (u.has_port)
		snprintf(port, sizeof(port), ":%u", u.port);
	r = -ENOMEM;
	if (asprintf(&g->name, "%s,%s%s%s%s", u.scheme, v6 ? "[" : "", u.host, v6 ? "]" : "", port) < 0)
		g->name = NULL;
	g->host = strdup(u.host);
	g->path = strdup(u.path);
	if (!g->name || !g->host || !g->path) {
		grub_server_done(g);
		goto out;
	}
	g->vol.name = g->name;
	r = 0;
out:
	url_done(&u);
	return r;
}

int grub_parse_url(const struct source_ctx *ctx, const char *cfg_url, struct boot_set *out, struct diag_list *diags)
{
	struct grub_server g;
	struct boot_volumes vols;
	struct grub_net_vars net = { .ctx = ctx, .settings = ctx->settings, .n_settings = ctx->n_settings };
	struct discover_budget own;
	struct boot_set tmp;
	int r;

	if (ctx->kind != SOURCE_URL || !ctx->fetch_text)
		return -EINVAL;
	r = grub_server_make(cfg_url, &g);
	if (r < 0)
		return r;
	vols = (struct boot_volumes){ .v = &g.vol, .n = 1 };
	net.server = g.host;
	boot_set_init(&tmp);
	/* a config named by URL (not found under a directory) comes with no budget: it gets one of its own */
	if (!ctx->budget)
		discover_budget_init(&own, &(struct discover_limits){ .ms = GRUB_NET_BUDGET_MS });
	r = grub_parse_budget(&vols, 0, g.path, &net, ctx->budget ? ctx->budget : &own, &tmp, diags);
	if (r == -ENOMEM)
		boot_set_done(&tmp);
	else
		r = source_merge(out, &tmp);
	grub_server_done(&g);
	return r;
}

/* Where a GRUB config sits under a URL directory, in the order read. */
static const char *const grub_url_paths[] = { "grub.cfg", "grub/grub.cfg" };

static int grub_discover_url(const struct source_ctx *ctx, struct boot_set *set, struct diag_list *diags)
{
	for (size_t i = 0; i < ARRAY_SIZE(grub_url_paths); i++) {
		_cleanup_free_ char *url = NULL;
		int r = source_origin(ctx, grub_url_paths[i], &url);

		if (r >= 0)
			r = grub_parse_url(ctx, url, set, diags);
		if (r == -ENOMEM)
			return r;
		if (discover_budget_spent(ctx->budget))
			return 0;
	}
	return 0;
}

bool grub_is_script(const char *text, const char *url)
{
	/* commands GRUB scripts use and syslinux and iPXE's own do not */
	static const char *const words[] = { "menuentry", "submenu", "set", "insmod", "if", "function", "source",
					     "configfile", "search", "load_env", "export", "blscfg" };
	size_t n = url ? strcspn(url, "?#") : 0;

	if (n >= 9 && memcmp(url + n - 9, "/grub.cfg", 9) == 0)
		return true;
	for (const char *p = text; p && *p;) {
		size_t w;

		p += strspn(p, " \t\r");
		w = strcspn(p, " \t\r\n");
		for (size_t i = 0; i < ARRAY_SIZE(words); i++)
			if (w == strlen(words[i]) && memcmp(p, words[i], w) == 0)
				return true;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return false;
}

int grub_discover(const struct source_ctx *ctx, struct boot_set *set, struct diag_list *diags)
{
	const struct boot_volume *v = source_volume_get(ctx);
	int r;

	if (!v)
		return ctx->kind == SOURCE_URL && ctx->fetch_text ? grub_discover_url(ctx, set, diags) : 0;
	for (size_t i = 0; i < sizeof(grub_cfg_paths) / sizeof(grub_cfg_paths[0]); i++) {
		r = grub_discover_one(ctx, grub_cfg_paths[i], set, diags);
		if (r < 0)
			return r;
		if (discover_budget_spent(ctx->budget))
			return 0;
	}
	for (size_t k = 0; k < sizeof(grub_esp_roots) / sizeof(grub_esp_roots[0]); k++) {
		char **names = NULL;
		size_t n = 0;

		if (fsa_list(v->fs, grub_esp_roots[k], &names, &n) < 0)
			continue;
		for (size_t i = 0; i < n; i++) {
			char *p;

			if (strcasecmp(names[i], "Linux") == 0 ||
			    asprintf(&p, "%s/%s/grub.cfg", grub_esp_roots[k], names[i]) < 0)
				continue;
			r = grub_discover_one(ctx, p, set, diags);
			free(p);
			if (r < 0) {
				fsa_names_free(names, n);
				return r;
			}
		}
		fsa_names_free(names, n);
	}
	return 0;
}
