// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The GRUB script interpreter: runs parsed files against a variable
 * environment and an ordered table of builtins. Display and hardware
 * commands are accepted and ignored; commands that would boot something
 * other than Linux mark the entry unsupported; unknown commands are
 * diagnosed with file:line and fail (status 1), as in GRUB.
 */
#include "boot/grub/internal.h"
#include "boot/bls/bls.h"
#include "lib/cleanup.h"
#include "lib/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gstate_init(struct gstate *s, const struct boot_volumes *vols, size_t vol, struct diag_list *diags)
{
	static const char *const exported[][2] = {
		{ "grub_platform", "efi" },
		{ "grub_cpu", "x86_64" },
		{ "feature_menuentry_id", "y" },
		{ "feature_default_font_path", "y" },
		{ "feature_all_video_module", "y" },
		{ "feature_timeout_style", "y" },
		{ "feature_platform_search_hint", "y" },
		{ "feature_200_final", "y" },
		{ "feature_nativedisk_cmd", "y" },
		{ "feature_chainloader_bpb", "y" },
		{ "feature_ntldr", "y" },
	};
	int r = 0;

	memset(s, 0, sizeof(*s));
	s->vols = vols;
	s->vol = vol;
	s->diags = diags;
	for (size_t i = 0; i < ARRAY_SIZE(exported) && r >= 0; i++) {
		r = genv_set(&s->env, exported[i][0], exported[i][1]);
		if (r >= 0)
			r = genv_export(&s->env, exported[i][0]);
	}
	if (r >= 0)
		r = genv_set(&s->env, "root", vols->v[vol].name);
	if (r >= 0)
		r = genv_export(&s->env, "root");
	if (r < 0) {
		gstate_done(s);
		return -ENOMEM;
	}
	return 0;
}

void gmenu_done(struct gmenu *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->items[i].title);
		free(m->items[i].id);
		gwords_done(&m->items[i].args);
		boot_entry_free(m->items[i].bls);
	}
	free(m->items);
	memset(m, 0, sizeof(*m));
}

void gboot_done(struct gboot *b)
{
	free(b->kernel_dev);
	free(b->kernel_path);
	free(b->boot_image);
	free(b->cmdline);
	gwords_done(&b->initrd_dev);
	gwords_done(&b->initrd_path);
	free(b->dtb_dev);
	free(b->dtb_path);
	free(b->unsupported);
	free(b->error);
	memset(b, 0, sizeof(*b));
}

void gstate_done(struct gstate *s)
{
	genv_done(&s->env);
	for (size_t i = 0; i < s->n_files; i++) {
		gfile_done(s->files[i]);
		free(s->files[i]);
	}
	free(s->files);
	for (size_t i = 0; i < s->n_funcs; i++)
		free(s->funcs[i].name);
	free(s->funcs);
	gmenu_done(&s->menu);
	gnet_files_done(s);
	memset(s, 0, sizeof(*s));
}

/* GRUB drive names (hd0,gpt2 and friends) name "some disk": without BIOS
 * drive numbering they resolve to the volume holding the config. */
static bool gdev_is_drive_name(const char *dev)
{
	return !strchr(dev, '=');
}

int gpath_resolve(struct gstate *s, const char *gpath, const struct boot_volume **ret_vol,
		  char **ret_dev, char **ret_path)
{
	_cleanup_free_ char *dev = NULL;
	const struct boot_volume *vol;
	const char *rest = gpath, *server;
	char *d, *p, *clean, proto[8];

	if (gpath[0] == '(') {
		const char *e = strchr(gpath, ')');

		if (!e)
			return -EINVAL;
		dev = strndup(gpath + 1, (size_t)(e - gpath - 1));
		rest = e + 1;
	} else {
		const char *root = genv_get(&s->env, "root");

		dev = strdup(root && *root ? root : s->vols->v[s->vol].name);
	}
	if (!dev)
		return -ENOMEM;
	if (gdev_net_split(dev, proto, sizeof(proto), &server)) {
		char *canon;

		if (gdev_net_canon(s, proto, server, &canon) < 0)
			return -ENOMEM;
		free(dev);
		dev = canon;
		/* only the server the config came from is a volume; any other is a URL for the fetch stage */
		vol = strcmp(dev, s->vols->v[s->vol].name) == 0 ? &s->vols->v[s->vol] : NULL;
	} else {
		vol = boot_volume_find_near(s->vols, dev, &s->vols->v[s->vol]);
		if (!vol && gdev_is_drive_name(dev))
			vol = &s->vols->v[s->vol];
	}
	/*
	 * A spec naming two volumes (a shared UUID) stays as written: discovery
	 * resolves it against the config's own volume or calls it ambiguous.
	 */
	d = strdup(vol && boot_volume_matches(s->vols, dev, NULL, 0) <= 1 ? vol->name : dev);
	if (!d)
		return -ENOMEM;
	if (asprintf(&p, "%s%s", rest[0] == '/' ? "" : "/", rest) < 0) {
		free(d);
		return -ENOMEM;
	}
	/* "($drive1)//kernels/x" (NixOS) names /kernels/x */
	if (fsa_path_clean(p, &clean) < 0) {
		free(d);
		free(p);
		return -ENOMEM;
	}
	free(p);
	p = clean;
	*ret_vol = vol;
	*ret_dev = d;
	*ret_path = p;
	return 0;
}

static const struct gfunc *gfunc_find(const struct gstate *s, const char *name)
{
	for (size_t i = 0; i < s->n_funcs; i++)
		if (strcmp(s->funcs[i].name, name) == 0)
			return &s->funcs[i];
	return NULL;
}

static int gfunc_define(struct gstate *s, const char *name, const struct gnode *node)
{
	struct gfunc *f = (struct gfunc *)gfunc_find(s, name);
	char *n;

	if (f) {
		f->node = node;
		return 0;
	}
	n = strdup(name);
	f = ggrow(s->funcs, s->n_funcs, sizeof(*f));
	if (!n || !f) {
		free(n);
		if (f)
			s->funcs = f;
		return -ENOMEM;
	}
	s->funcs = f;
	f[s->n_funcs].name = n;
	f[s->n_funcs].node = node;
	s->n_funcs++;
	return 0;
}

static int gexec_cmd(struct gstate *s, const struct gnode *n, const char *file)
{
	struct gctx c = { s, file, n->line };
	struct gwords w;
	const struct gfunc *f;
	gbuiltin_fn fn;
	const char *eq;
	int r, st = 1;

	r = gexpand_words(&s->env, s->args, n->words, n->n_words, &w);
	if (r < 0) {
		if (r == -ENOMEM)
			s->oom = r;
		else
			diag_add(s->diags, file, n->line, "expanded word too long; command skipped");
		return 1;
	}
	if (w.n == 0) {
		gwords_done(&w);
		return 0;
	}
	fn = gbuiltin_find(w.v[0]);
	if (fn) {
		st = fn(&c, w.n, w.v);
		goto out;
	}
	f = gfunc_find(s, w.v[0]);
	if (f) {
		const struct gargs *saved = s->args;
		struct gargs a = { w.v + 1, w.n - 1 };

		if (s->call_depth >= GRUB_MAX_CALL_DEPTH) {
			diag_add(s->diags, file, n->line, "function calls nested deeper than %u",
				 GRUB_MAX_CALL_DEPTH);
			goto out;
		}
		s->call_depth++;
		s->args = &a;
		st = gexec_block(s, &f->node->body, file);
		s->args = saved;
		s->call_depth--;
		goto out;
	}
	eq = strchr(w.v[0], '=');
	if (eq && w.n == 1 && gvar_name_ok(w.v[0], (size_t)(eq - w.v[0]))) {
		st = gassign(&c, w.v[0]);
		goto out;
	}
	diag_add(s->diags, file, n->line, "unknown command '%s'", w.v[0]);
out:
	gwords_done(&w);
	return st;
}

static int gexec_menuentry(struct gstate *s, const struct gnode *n, const char *file)
{
	struct gwords w;
	struct gitem it = { 0 };
	struct gitem *items;
	int r;

	if (s->boot || n->unterminated)
		return 0; /* never shown: defined while booting one, or a syntax error */
	if (s->menu.n >= GRUB_MAX_ENTRIES) {
		diag_add(s->diags, file, n->line, "more than %u menu entries; rest ignored", GRUB_MAX_ENTRIES);
		return 1;
	}
	r = gexpand_words(&s->env, s->args, n->words + 1, n->n_words - 1, &w);
	if (r < 0) {
		s->oom = r == -ENOMEM ? r : 0;
		return 1;
	}
	for (size_t i = 0; i < w.n; i++) {
		const char *a = w.v[i];
		static const char *const with_arg[] = { "--class", "--users", "--hotkey", "--id", "--source" };
		bool opt = false;

		if (strcmp(a, "--unrestricted") == 0)
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(with_arg); k++) {
			size_t l = strlen(with_arg[k]);

			if (strncmp(a, with_arg[k], l) != 0 || (a[l] != '\0' && a[l] != '='))
				continue;
			opt = true;
			if (a[l] == '=')
				a += l + 1;
			else if (i + 1 < w.n)
				a = w.v[++i];
			else
				a = NULL;
			if (k == 3 && a && str_set(&it.id, a) < 0)
				s->oom = -ENOMEM;
			break;
		}
		if (!opt && gwords_push(&it.args, a, strlen(a)) < 0)
			s->oom = -ENOMEM;
	}
	gwords_done(&w);
	if (it.args.n == 0) {
		diag_add(s->diags, file, n->line, "%s without a title", n->words[0]);
		free(it.id);
		return 1;
	}
	it.kind = n->kind == GN_SUBMENU ? GI_SUBMENU : GI_ENTRY;
	it.title = strdup(it.args.v[0]);
	it.node = n;
	it.file = file;
	it.line = n->line;
	items = ggrow(s->menu.items, s->menu.n, sizeof(*items));
	if (!items || !it.title) {
		free(it.title);
		free(it.id);
		gwords_done(&it.args);
		if (items)
			s->menu.items = items;
		s->oom = -ENOMEM;
		return 1;
	}
	s->menu.items = items;
	items[s->menu.n++] = it;
	return 0;
}

bool gstate_halted(struct gstate *s)
{
	return s->budget_reported || (!s->emitting && (s->net_capped || discover_budget_spent(s->budget)));
}

static int gexec_node(struct gstate *s, const struct gnode *n, const char *file)
{
	if (!s->emitting && discover_budget_tick(s->budget)) {
		discover_budget_report(s->budget, s->diags, file, n->line);
		s->stop = true;
		return 1;
	}
	if (++s->steps > GRUB_MAX_STEPS) {
		if (!s->budget_reported)
			diag_add(s->diags, file, n->line, "more than %u commands run; stopping", GRUB_MAX_STEPS);
		s->budget_reported = true;
		s->stop = true;
		return 1;
	}
	switch (n->kind) {
	case GN_CMD: {
		int st = gexec_cmd(s, n, file);

		/* "$?" after the command, as in GRUB script */
		if (genv_set(&s->env, "?", st ? "1" : "0") == -ENOMEM)
			s->oom = -ENOMEM;
		return st;
	}
	case GN_IF:
		for (size_t i = 0; i < n->n_br; i++)
			if (gexec_block(s, &n->br[i].cond, file) == 0)
				return gexec_block(s, &n->br[i].body, file);
		return n->has_else ? gexec_block(s, &n->els, file) : 0;
	case GN_MENUENTRY:
	case GN_SUBMENU:
		return gexec_menuentry(s, n, file);
	case GN_FUNCTION:
		if (gfunc_define(s, n->words[0], n) < 0)
			s->oom = -ENOMEM;
		return 0;
	case GN_BLOCK:
		return gexec_block(s, &n->body, file);
	case GN_UNSUPPORTED:
		if (n->n_words && (strcmp(n->words[0], "for") == 0 || strcmp(n->words[0], "while") == 0 ||
				   strcmp(n->words[0], "until") == 0))
			diag_add(s->diags, file, n->line, "'%s' loops are not supported; skipped", n->words[0]);
		return 1;
	}
	return 1;
}

int gexec_block(struct gstate *s, const struct gblock *b, const char *file)
{
	int st = 0;

	for (size_t i = 0; i < b->n && !s->stop && !s->oom; i++)
		st = gexec_node(s, b->nodes[i], file);
	return st;
}

/* A file parsed before is run again from its AST: configs do not change while we read them. */
static struct gfile *gfile_cached(const struct gstate *s, const char *name)
{
	for (size_t i = 0; i < s->n_files; i++)
		if (strcmp(s->files[i]->name, name) == 0)
			return s->files[i];
	return NULL;
}

void gstate_quota_report(struct gstate *s, const char *file, unsigned line)
{
	s->stop = true;
	if (discover_budget_spent(s->budget) || !s->net_capped) {
		discover_budget_report(s->budget, s->diags, file, line);
		return;
	}
	if (!s->net_cap_said)
		diag_add(s->diags, file, line, "more than %u requests to servers; rest of this config skipped",
			 GRUB_NET_REQUESTS_MAX);
	s->net_cap_said = true;
}

int gfile_read(struct gstate *s, const struct boot_volume *vol, const char *dev, const char *path, size_t max,
	       char **ret_buf, size_t *ret_len, struct diag_list *why)
{
	_cleanup_free_ char *url = NULL;
	bool fetched = true;
	int r;

	*ret_buf = NULL;
	*ret_len = 0;
	if (gdev_is_net_file(dev)) {
		r = gdev_net_url(dev, path, &url);
		if (r < 0)
			return r;
		r = gnet_read(s, url, max, ret_buf, ret_len, &fetched, why);
	} else if (vol && vol->fs) {
		r = fsa_read(vol->fs, path, max, ret_buf, ret_len);
		if (r < 0)
			diag_fail(why, r, "%s: %s", path, fsa_strerror(r));
	} else {
		return diag_fail(why, ENODEV, "device %s not found", dev);
	}
	if (r >= 0 && fetched && discover_budget_charge(s->budget, 0, *ret_len) < 0) {
		free(*ret_buf);
		*ret_buf = NULL;
		r = -EDQUOT;
	}
	return r;
}

static int gfile_load(struct gstate *s, const struct boot_volume *vol, const char *dev, const char *path,
		      const char *name, const char *file, unsigned line, struct gfile **ret)
{
	_cleanup_free_ char *text = NULL;
	struct gfile *f, **files;
	struct diag_list why;
	size_t len, mem;
	int r;

	diag_list_init(&why);
	r = gfile_read(s, vol, dev, path, GRUB_MAX_CFG_SIZE, &text, &len, &why);
	if (r < 0) {
		if (r == -EDQUOT) {
			gstate_quota_report(s, file ? file : name, line);
		} else if (r == -EFBIG) {
			diag_add(s->diags, file ? file : name, line, "larger than %u bytes; not read", GRUB_MAX_CFG_SIZE);
		} else if (file && r != -ENOMEM) {
			/* a volume's reason names the path, a server's the URL */
			diag_add(s->diags, file, line, "%s", diag_reason(&why, fsa_strerror(r)));
		}
		diag_list_done(&why);
		return r;
	}
	diag_list_done(&why);
	f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	r = gscript_parse(name, text, len, (size_t)discover_budget_mem_left(s->budget, GRUB_MAX_PARSED), f, &mem,
			  s->diags);
	if (r < 0) {
		free(f);
		return r;
	}
	/*
	 * The text is freed on return; the parsed form lives until the config's
	 * menu is made, so it is what the source's memory budget counts. A file
	 * cut (at GRUB_MAX_PARSED or the budget) runs as far as it was parsed;
	 * past the budget the next file is not read.
	 */
	if (discover_budget_charge_mem(s->budget, mem) < 0)
		discover_budget_report(s->budget, s->diags, name, 0);
	files = ggrow(s->files, s->n_files, sizeof(*files));
	if (!files) {
		gfile_done(f);
		free(f);
		return -ENOMEM;
	}
	s->files = files;
	files[s->n_files++] = f;
	*ret = f;
	return 0;
}

/*
 * $config_file and $config_directory while an included file runs, as GRUB's
 * read_config_file sets them ("(dev)/path", exported) and puts them back
 * after; the top file's are set once (grub.c).
 */
struct gconfig_vars {
	char *file, *dir; /* owned: the values before, NULL when unset */
	bool set;
};

static int gconfig_vars_enter(struct gstate *s, const char *dev, const char *path, struct gconfig_vars *old)
{
	const char *f = genv_get(&s->env, "config_file"), *d = genv_get(&s->env, "config_directory");
	_cleanup_free_ char *cfg = NULL;
	char *slash;

	*old = (struct gconfig_vars){ 0 };
	if ((f && !(old->file = strdup(f))) || (d && !(old->dir = strdup(d))))
		return -ENOMEM;
	if (asprintf(&cfg, "(%s)%s", dev, path) < 0) {
		cfg = NULL;
		return -ENOMEM;
	}
	old->set = true;
	if (genv_set(&s->env, "config_file", cfg) == -ENOMEM || genv_export(&s->env, "config_file") < 0)
		return -ENOMEM;
	slash = strrchr(cfg, '/');
	*slash = '\0'; /* path is absolute: there is one */
	if (genv_set(&s->env, "config_directory", cfg) == -ENOMEM || genv_export(&s->env, "config_directory") < 0)
		return -ENOMEM;
	return 0;
}

static void gconfig_vars_leave(struct gstate *s, struct gconfig_vars *old)
{
	static const char *const names[] = { "config_file", "config_directory" };
	char *vals[] = { old->file, old->dir };

	for (size_t i = 0; old->set && i < ARRAY_SIZE(names); i++) {
		if (!vals[i])
			genv_unset(&s->env, names[i]);
		else if (genv_set(&s->env, names[i], vals[i]) == -ENOMEM)
			s->oom = -ENOMEM;
	}
	free(old->file);
	free(old->dir);
}

int gexec_file(struct gstate *s, const char *file, unsigned line, const char *gpath)
{
	_cleanup_free_ char *dev = NULL, *path = NULL, *name = NULL;
	const struct boot_volume *vol = NULL;
	struct gconfig_vars old = { 0 };
	struct gfile *f;
	bool net;
	int r;

	/*
	 * Every include counts as a file, read, cached (its AST runs again) or
	 * refused: what bounds a file that sources itself many times over.
	 */
	if (discover_budget_charge(s->budget, 1, 0) < 0) {
		discover_budget_report(s->budget, s->diags, file ? file : gpath, line);
		s->stop = true;
		return -EDQUOT;
	}
	if (s->depth >= GRUB_MAX_INCLUDE_DEPTH) {
		if (!s->deep_said)
			diag_add(s->diags, file, line, "%s: includes nested deeper than %u", gpath,
				 GRUB_MAX_INCLUDE_DEPTH);
		s->deep_said = true;
		return -ELOOP;
	}
	r = gpath_resolve(s, gpath, &vol, &dev, &path);
	if (r == -ENOMEM)
		return r;
	net = r >= 0 && gdev_is_net_file(dev);
	if (r < 0 || (!net && (!vol || !vol->fs))) {
		diag_add(s->diags, file, line, "%s: device not found", gpath);
		return -ENODEV;
	}
	if (net && !s->net) {
		diag_add(s->diags, file, line, "%s: a file on a server; only a config read over the network reads those",
			 gpath);
		return -ENODEV;
	}
	/* a file on a server is named by its URL in diagnostics and origins */
	r = net ? gdev_net_url(dev, path, &name) : asprintf(&name, "%s:%s", vol->name, path);
	if (r < 0 || !name) {
		name = NULL;
		return -ENOMEM;
	}
	for (unsigned i = 0; i < s->depth; i++)
		if (strcmp(s->stack[i], name) == 0) {
			if (!s->loop_said)
				diag_add(s->diags, file, line, "%s: include loop; not read again", path);
			s->loop_said = true;
			return -ELOOP;
		}
	f = gfile_cached(s, name);
	if (!f) {
		r = gfile_load(s, vol, dev, path, name, file, line, &f);
		if (r < 0)
			return r;
	}
	/* every file but the top one (grub.c set its variables), menu bodies' includes too */
	if (file && gconfig_vars_enter(s, dev, path, &old) < 0)
		s->oom = -ENOMEM;
	s->stack[s->depth++] = f->name;
	gexec_block(s, &f->top, f->name);
	s->depth--;
	gconfig_vars_leave(s, &old);
	return s->oom;
}
