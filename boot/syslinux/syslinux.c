// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The syslinux row and parser: reads the config and its INCLUDEs line by
 * line into labels (the menu system's structure: menu.c), then makes an
 * entry of each.
 */
#include "boot/syslinux/internal.h"
#include "boot/source.h"
#include "lib/strbuf.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void slabel_done(struct slabel *l)
{
	free(l->label);
	free(l->title);
	free(l->kernel);
	free(l->append);
	free(l->initrd);
	free(l->fdt);
	free(l->origin);
}

static void sset(struct sstate *s, char **dst, const char *v)
{
	if (str_set(dst, v) < 0)
		s->err = -ENOMEM;
}

static struct slabel *scur(struct sstate *s)
{
	return s->n && s->in_label ? &s->labels[s->n - 1] : NULL;
}

static void snew_label(struct sstate *s, const char *name, const char *file, unsigned line)
{
	struct slabel *v;

	s->in_label = false;
	if (s->n >= SYSLINUX_MAX_ENTRIES) {
		diag_add(s->diags, file, line, "more than %u labels; rest ignored", SYSLINUX_MAX_ENTRIES);
		return;
	}
	v = realloc(s->labels, (s->n + 1) * sizeof(*v));
	if (!v) {
		s->err = -ENOMEM;
		return;
	}
	s->labels = v;
	v = &v[s->n++];
	memset(v, 0, sizeof(*v));
	v->sub = s->n_open ? s->open[s->n_open - 1] : -1;
	s->in_label = true;
	sset(s, &v->label, name);
	if (asprintf(&v->origin, "%s:%u", file, line) < 0) {
		v->origin = NULL;
		s->err = -ENOMEM;
	}
}

/* A relative path starts at the config's directory; extlinux.conf files
 * for U-Boot also write paths relative to the /boot prefix. */
/* asprintf that leaves NULL behind on failure */
static int sasprintf(char **ret, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int sasprintf(char **ret, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(ret, fmt, ap);
	va_end(ap);
	if (r < 0)
		*ret = NULL;
	return r;
}

static int spath(struct sstate *s, const char *p, char **ret)
{
	char *cands[3] = { 0 };
	int n = 0, r = -ENOMEM;

	/* lpxelinux takes URLs for file names */
	if (s->src->kind == SOURCE_URL && strstr(p, "://")) {
		*ret = strdup(p);
		return *ret ? 0 : -ENOMEM;
	}
	if (p[0] == '/') {
		if (sasprintf(&cands[n++], "%s", p) < 0)
			goto out;
		if (s->prefix[0] && asprintf(&cands[n++], "%s%s", s->prefix, p) < 0)
			goto out;
	} else {
		if (sasprintf(&cands[n++], "%s/%s", strcmp(s->cfgdir, "/") ? s->cfgdir : "", p) < 0)
			goto out;
		if (sasprintf(&cands[n++], "%s/%s", s->prefix, p) < 0)
			goto out;
	}
	{
		const char *pick = cands[0];

		for (int i = 0; i < n; i++)
			if (source_is_file(s->src, cands[i])) {
				pick = cands[i];
				break;
			}
		r = fsa_path_clean(pick, ret);
	}
out:
	for (int i = 0; i < n; i++)
		free(cands[i]);
	return r;
}

/* Case-insensitive keyword followed by a blank or the end; skips both. */
static bool skw(const char **p, const char *kw)
{
	size_t n = strlen(kw);

	if (strncasecmp(*p, kw, n) != 0 || ((*p)[n] != '\0' && !isspace((unsigned char)(*p)[n])))
		return false;
	*p += n;
	while (isspace((unsigned char)**p))
		(*p)++;
	return true;
}

static void sparse_file(struct sstate *s, const char *path, unsigned depth, const char *from, unsigned from_line);

/* [MENU] INCLUDE file [tag]: with a tag, the file is a submenu of its own. */
static void sinclude(struct sstate *s, const char *p, const char *file, unsigned line, unsigned depth)
{
	size_t n = strcspn(p, " \t");
	const char *tag = p + n + strspn(p + n, " \t");
	unsigned open = s->n_open;
	char *name = strndup(p, n);

	if (!name) {
		s->err = -ENOMEM;
		return;
	}
	if (*tag)
		ssub_begin(s, tag, file, line);
	sparse_file(s, name, depth + 1, file, line);
	free(name);
	if (*tag && s->n_open > open) {
		s->n_open = open; /* the file's blocks close with it */
		s->in_label = false;
	}
}

/* "MENU LABEL" text without the '^' hotkey marks. */
static void sset_label(struct sstate *s, char **dst, const char *v)
{
	sset(s, dst, v);
	for (char *c = *dst; c && (c = strchr(c, '^'));)
		memmove(c, c + 1, strlen(c));
}

static void sline(struct sstate *s, const char *file, unsigned line, const char *p, unsigned depth)
{
	struct slabel *l = scur(s);
	char *v;

	if (skw(&p, "MENU")) {
		struct ssub *m = ssub_naming(s);

		if (skw(&p, "LABEL")) {
			if (m)
				sset_label(s, &m->label, p);
			else if (l)
				sset_label(s, &l->title, p);
		} else if (skw(&p, "TITLE")) {
			/* the top menu's title is display only; a submenu's names its entries */
			if (s->n_open)
				sset(s, &s->subs[s->open[s->n_open - 1]].title, p);
		} else if (skw(&p, "BEGIN")) {
			ssub_begin(s, p, file, line);
		} else if (skw(&p, "END")) {
			ssub_end(s, file, line);
		} else if (skw(&p, "EXIT") || skw(&p, "GOTO") || skw(&p, "QUIT") || skw(&p, "DISABLE")) {
			/* navigation or a heading: nothing to boot */
			if (l && !m)
				l->nav = "a menu navigation item";
		} else if (skw(&p, "DEFAULT")) {
			/* a submenu's own default is where that submenu starts; the set's is the top menu's */
			if (l && !m && l->sub < 0)
				sset(s, &s->menu_default, l->label);
		} else if (skw(&p, "INCLUDE")) {
			sinclude(s, p, file, line, depth);
		}
		return; /* MENU COLOR, HIDE, SEPARATOR...: display only */
	}
	if (skw(&p, "LABEL")) {
		snew_label(s, p, file, line);
	} else if (skw(&p, "KERNEL") || skw(&p, "LINUX")) {
		/* only the file name: options belong on APPEND */
		if (l) {
			size_t kn = strcspn(p, " \t");

			v = strndup(p, kn);
			if (!v)
				s->err = -ENOMEM;
			free(l->kernel);
			l->kernel = v;
			l->other_kind = NULL;
		}
	} else if (skw(&p, "APPEND")) {
		if (l) {
			sset(s, &l->append, p);
			l->have_append = true;
		} else {
			sset(s, &s->global_append, p);
		}
	} else if (skw(&p, "INITRD")) {
		if (l)
			sset(s, &l->initrd, p);
	} else if (skw(&p, "FDT") || skw(&p, "DEVICETREE")) {
		if (l)
			sset(s, &l->fdt, p);
	} else if (skw(&p, "LOCALBOOT")) {
		if (l)
			l->localboot = true;
	} else if (skw(&p, "DEFAULT")) {
		v = strndup(p, strcspn(p, " \t"));
		if (!v)
			s->err = -ENOMEM;
		free(s->deflt);
		s->deflt = v;
	} else if (skw(&p, "ONTIMEOUT")) {
		sset(s, &s->ontimeout, p);
	} else if (skw(&p, "TIMEOUT")) {
		long t = strtol(p, NULL, 10);

		/* tenths of a second, rounded up; 0 waits forever */
		s->timeout = t <= 0 ? -1 : t > 864000 ? 86400 : (int)((t + 9) / 10);
	} else if (skw(&p, "INCLUDE")) {
		sinclude(s, p, file, line, depth);
	} else {
		static const char *const ignored[] = {
			"UI", "PROMPT", "TOTALTIMEOUT", "SAY", "DISPLAY", "SERIAL", "CONSOLE", "FONT",
			"KBDMAP", "IMPLICIT", "ALLOWOPTIONS", "NOESCAPE", "NOCOMPLETE", "NOHALT",
			"IPAPPEND", "SYSAPPEND", "FDTDIR", "FDTOVERLAYS", "F1", "F2", "F3", "F4", "F5", "F6", "F7",
			"F8", "F9", "F10", "F11", "F12", "ENDTEXT", "PATH",
		};
		static const char *const other_kinds[] = {
			"COM32", "CONFIG", "BOOT", "BSS", "PXE", "FDIMAGE", "COMBOOT",
		};

		for (size_t i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
			if (skw(&p, ignored[i]))
				return;
		for (size_t i = 0; i < sizeof(other_kinds) / sizeof(other_kinds[0]); i++)
			if (skw(&p, other_kinds[i])) {
				if (l) {
					sset(s, &l->kernel, p);
					l->other_kind = other_kinds[i];
				}
				return;
			}
		v = strndup(p, strcspn(p, " \t"));
		diag_add(s->diags, file, line, "unknown directive '%s' ignored", v ? v : "?");
		free(v);
	}
}

static void sparse_text(struct sstate *s, const char *file, const char *text, unsigned depth)
{
	bool in_text = false;
	unsigned line = 0;

	for (const char *p = text; *p && !s->err;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char buf[SYSLINUX_MAX_LINE];
		char *b = buf, *e;

		line++;
		if (n >= sizeof(buf)) {
			diag_add(s->diags, file, line, "line longer than %u bytes ignored", SYSLINUX_MAX_LINE);
			p += n + (nl ? 1 : 0);
			continue;
		}
		memcpy(buf, p, n);
		buf[n] = '\0';
		p += n + (nl ? 1 : 0);
		while (isspace((unsigned char)*b))
			b++;
		e = b + strlen(b);
		while (e > b && isspace((unsigned char)e[-1]))
			*--e = '\0';
		if (in_text) {
			in_text = strncasecmp(b, "ENDTEXT", 7) != 0;
			continue;
		}
		if (!*b || *b == '#')
			continue;
		if (strncasecmp(b, "TEXT", 4) == 0 && (!b[4] || isspace((unsigned char)b[4]))) {
			in_text = true;
			continue;
		}
		sline(s, file, line, b, depth);
	}
	if (in_text)
		diag_add(s->diags, file, line, "TEXT block without ENDTEXT");
}

static void sparse_file(struct sstate *s, const char *path, unsigned depth, const char *from, unsigned from_line)
{
	char *full = NULL, *text = NULL, *name = NULL;
	int r;

	if (depth > SYSLINUX_MAX_INCLUDE_DEPTH) {
		if (!s->deep_said)
			diag_add(s->diags, from, from_line, "%s: includes nested deeper than %u", path,
				 SYSLINUX_MAX_INCLUDE_DEPTH);
		s->deep_said = true;
		return;
	}
	if (spath(s, path, &full) < 0) {
		s->err = -ENOMEM;
		return;
	}
	r = source_read(s->src, full, SYSLINUX_MAX_FILE, &text, NULL, s->diags);
	if (r == -EDQUOT) {
		/* Every INCLUDE after this one is skipped too, quietly: one word is enough. */
		discover_budget_report(s->src->budget, s->diags, from ? from : full, from_line);
		free(full);
		return;
	}
	if (r < 0) {
		if (!from)
			s->top_err = r;
		if (from)
			diag_add(s->diags, from, from_line, "%s: %s", full, fsa_strerror(r));
		else if (r == -EFBIG)
			diag_add(s->diags, full, 0, "larger than %u bytes; not read", SYSLINUX_MAX_FILE);
		else if (r != -ENOENT && r != -ENOMEM && s->src->kind == SOURCE_URL)
			/* a volume was asked first; a server that fails is worth a word */
			diag_add(s->diags, full, 0, "%s", fsa_strerror(r));
		if (r == -ENOMEM)
			s->err = r;
		free(full);
		return;
	}
	if (source_origin(s->src, full, &name) < 0) {
		s->err = -ENOMEM;
	} else {
		bool loop = false;

		for (unsigned i = 0; i < depth; i++)
			loop |= strcmp(s->stack[i], name) == 0;
		if (loop) {
			if (!s->loop_said)
				diag_add(s->diags, from, from_line, "%s: include loop; not read again", full);
			s->loop_said = true;
		} else {
			s->stack[depth] = name;
			sparse_text(s, name, text, depth);
		}
	}
	free(name);
	free(text);
	free(full);
}

static bool skernel_is_linux(const char *k)
{
	static const char *const exts[] = { ".c32", ".com", ".cbt", ".bs", ".bss", ".0", ".bin", ".img" };
	size_t n = strlen(k);

	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		size_t l = strlen(exts[i]);

		if (n >= l && strcasecmp(k + n - l, exts[i]) == 0)
			return false;
	}
	return true;
}

static int sentry_emit(struct sstate *s, const struct slabel *l, struct boot_set *out)
{
	struct boot_entry *e = boot_entry_new(BOOT_SOURCE_SYSLINUX);
	struct strbuf cmd = STRBUF_INIT;
	const char *append = l->have_append ? l->append : s->global_append;
	char *copy = NULL, *initrds = NULL, *tok, *path = NULL;
	int r = -ENOMEM;

	if (!e)
		return -ENOMEM;
	if (ssub_title(s, l, &e->title) < 0 ||
	    sasprintf(&e->id, "syslinux:%s:%s", source_name(s->src), l->label) < 0 || str_set(&e->origin, l->origin) < 0)
		goto out;
	/* "APPEND -" means no options at all */
	if (append && strcmp(append, "-") == 0)
		append = "";
	copy = strdup(append ? append : "");
	if (!copy)
		goto out;
	r = 0;
	for (tok = strtok(copy, " \t"); tok && r >= 0; tok = strtok(NULL, " \t")) {
		if (strncmp(tok, "initrd=", 7) == 0) {
			r = str_set(&initrds, tok + 7); /* the last initrd= wins */
			continue;
		}
		if (cmd.len)
			r = strbuf_putc(&cmd, ' ');
		if (r >= 0)
			r = strbuf_puts(&cmd, tok);
	}
	/* INITRD is the same as an initrd= appended last */
	if (r >= 0 && l->initrd)
		r = str_set(&initrds, l->initrd);
	if (r < 0)
		goto out;
	e->cmdline = strbuf_steal(&cmd);
	if (l->localboot) {
		r = boot_entry_set_broken(e, "LOCALBOOT boots a local disk, not a Linux kernel");
		goto done;
	}
	if (!l->kernel || !*l->kernel) {
		r = boot_entry_set_broken(e, "no KERNEL or LINUX line");
		goto done;
	}
	if ((r = spath(s, l->kernel, &path)) < 0 || (r = source_ref_set(s->src, &e->kernel, path)) < 0)
		goto out;
	free(path);
	path = NULL;
	if (l->other_kind) {
		r = boot_entry_set_broken(e, "%s '%s' is not a Linux kernel", l->other_kind, l->kernel);
		goto done;
	}
	if (!skernel_is_linux(l->kernel)) {
		r = boot_entry_set_broken(e, "'%s' is a syslinux module or boot image, not a Linux kernel",
					  l->kernel);
		goto done;
	}
	for (tok = initrds ? strtok(initrds, ",") : NULL; tok; tok = strtok(NULL, ",")) {
		struct boot_ref ref = { 0 };

		if (!*tok)
			continue;
		r = spath(s, tok, &path);
		if (r >= 0)
			r = source_ref_set(s->src, &ref, path);
		if (r >= 0)
			r = boot_entry_add_initrd(e, &ref);
		boot_ref_done(&ref);
		free(path);
		path = NULL;
		if (r < 0)
			goto out;
	}
	if (l->fdt) {
		if ((r = spath(s, l->fdt, &path)) < 0 || (r = source_ref_set(s->src, &e->devicetree, path)) < 0)
			goto out;
	}
done:
	if (r >= 0) {
		r = boot_set_add(out, e);
		if (r >= 0)
			e = NULL;
	}
out:
	strbuf_done(&cmd);
	free(copy);
	free(initrds);
	free(path);
	boot_entry_free(e);
	return r;
}

int syslinux_parse_source(const struct source_ctx *ctx, const char *cfg_path, struct boot_set *out,
			  struct diag_list *diags)
{
	struct source_ctx budgeted = *ctx;
	struct discover_budget own;
	struct sstate s = { .src = &budgeted, .diags = diags, .timeout = BOOT_TIMEOUT_UNSET };
	const bool url = ctx->kind == SOURCE_URL;
	const char *slash = strrchr(cfg_path, '/');
	const char *ext = strstr(cfg_path, "/extlinux/");
	size_t first = out->n_entries;
	int *made = NULL; /* the entry index of each label, -1 for none */
	int r = 0;

	/* a URL source cannot be asked whether a file exists: reading it tells */
	if (!url && !source_is_file(ctx, cfg_path))
		return -ENOENT;
	/* Called alone (tests, fuzzers), the parse still has a budget: INCLUDE fans out. */
	if (!budgeted.budget) {
		discover_budget_init(&own, NULL);
		budgeted.budget = &own;
	}
	if (url) {
		/* PXELINUX resolves names against the server directory, not pxelinux.cfg/ */
		s.cfgdir = strdup("/");
		s.prefix = strdup("");
	} else {
		s.cfgdir = strndup(cfg_path, slash && slash != cfg_path ? (size_t)(slash - cfg_path) : 1);
		s.prefix = strndup(cfg_path, ext ? (size_t)(ext - cfg_path) : 0);
	}
	if (!s.cfgdir || !s.prefix) {
		r = -ENOMEM;
		goto out;
	}
	sparse_file(&s, cfg_path, 0, NULL, 0);
	if (s.n_open && !s.err)
		diag_add(diags, cfg_path, 0, "%u MENU BEGIN without MENU END; closed at the end", s.n_open);
	made = s.n ? malloc(s.n * sizeof(*made)) : NULL;
	if (s.n && !made)
		s.err = -ENOMEM;
	for (size_t i = 0; i < s.n && !s.err; i++) {
		/* navigation (MENU EXIT, GOTO, QUIT) and headings (MENU DISABLE) are no entries */
		made[i] = s.labels[i].nav ? -1 : (int)out->n_entries;
		if (!s.labels[i].nav)
			s.err = sentry_emit(&s, &s.labels[i], out);
		if (made[i] >= 0 && (size_t)made[i] >= out->n_entries)
			made[i] = -1;
	}
	r = s.err;
	if (r >= 0 && url && s.top_err == -ENOENT)
		r = -ENOENT;
	if (r < 0)
		goto out;
	if (!out->default_id)
		r = ssub_default(&s, made, out);
	if (out->timeout == BOOT_TIMEOUT_UNSET && out->n_entries > first)
		out->timeout = s.timeout;
out:
	free(made);
	for (size_t i = 0; i < s.n; i++)
		slabel_done(&s.labels[i]);
	free(s.labels);
	for (size_t i = 0; i < s.n_subs; i++)
		ssub_done(&s.subs[i]);
	free(s.subs);
	free(s.cfgdir);
	free(s.prefix);
	free(s.global_append);
	free(s.deflt);
	free(s.menu_default);
	free(s.ontimeout);
	return r;
}

int syslinux_parse(const struct boot_volume *vol, const char *cfg_path, struct boot_set *out,
		   struct diag_list *diags)
{
	const struct boot_volumes one = { vol, 1 };
	const struct source_ctx ctx = source_volume(&one, 0);

	return syslinux_parse_source(&ctx, cfg_path, out, diags);
}

static const char *const syslinux_cfg_paths[] = {
	"/boot/extlinux/extlinux.conf",
	"/extlinux/extlinux.conf",
	"/extlinux.conf",
	"/boot/syslinux/syslinux.cfg",
	"/syslinux/syslinux.cfg",
	"/syslinux.cfg",
	"/boot/isolinux/isolinux.cfg",
	"/isolinux/isolinux.cfg",
};

/*
 * What PXELINUX asks its server for when nothing more specific is there
 * (the per-MAC and per-IP names need the booting interface: the network
 * source's business).
 */
static const char *const syslinux_url_paths[] = {
	"/pxelinux.cfg/default",
};

int syslinux_discover(const struct source_ctx *ctx, struct boot_set *set, struct diag_list *diags)
{
	const bool url = ctx->kind == SOURCE_URL;
	const char *const *paths = url ? syslinux_url_paths : syslinux_cfg_paths;
	size_t n = url ? sizeof(syslinux_url_paths) / sizeof(syslinux_url_paths[0]) :
			 sizeof(syslinux_cfg_paths) / sizeof(syslinux_cfg_paths[0]);

	for (size_t i = 0; i < n; i++) {
		struct boot_set tmp;
		int r;

		boot_set_init(&tmp);
		r = syslinux_parse_source(ctx, paths[i], &tmp, diags);
		if (r == -ENOMEM) {
			boot_set_done(&tmp);
			return r;
		}
		r = source_merge(set, &tmp);
		if (r < 0)
			return r;
	}
	return 0;
}
