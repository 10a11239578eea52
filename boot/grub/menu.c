// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Turns GRUB's menu into boot entries. Like GRUB, a menuentry body runs
 * only when the entry is chosen: after the whole config ran, with the
 * final variables and the entry's positional parameters. A submenu opens a
 * new context (exported variables only) and its body builds a nested menu.
 * The default is resolved the GRUB way: '>'-separated path, each element an
 * index, an --id or a title.
 */
#include "boot/grub/internal.h"
#include "lib/cleanup.h"
#include "lib/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gemit {
	struct gstate *s;
	struct boot_set *out;
	char *default_id;  /* owned */
	size_t first_new;  /* first entry this config added to out */
	unsigned depth;    /* submenu nesting */
	bool full;         /* GRUB_MAX_ENTRIES reached (diagnosed once) */
};

/* Index of the item a default-path element names, or -1. */
static long gmenu_match(const struct gmenu *m, const char *elem, size_t len)
{
	bool digits = len > 0;

	for (size_t i = 0; i < len; i++)
		digits &= isdigit((unsigned char)elem[i]) != 0;
	if (digits) {
		unsigned long k = strtoul(elem, NULL, 10);

		return k < m->n ? (long)k : -1;
	}
	for (size_t i = 0; i < m->n; i++)
		if (m->items[i].id && strlen(m->items[i].id) == len && strncmp(m->items[i].id, elem, len) == 0)
			return (long)i;
	for (size_t i = 0; i < m->n; i++)
		if (strlen(m->items[i].title) == len && strncmp(m->items[i].title, elem, len) == 0)
			return (long)i;
	return -1;
}

static int gentry_unique_id(struct gemit *em, struct boot_entry *e, const char *base)
{
	char *id = strdup(base);
	size_t bl = strlen(base);
	unsigned k = 2;

	/* Same titles: "#2", "#3", ... Start past the ones taken so the search stays short. */
	if (id && boot_set_find(em->out, id))
		for (size_t i = 0; i < em->out->n_entries; i++) {
			const char *o = em->out->entries[i]->id;

			if (o && strncmp(o, base, bl) == 0 && o[bl] == '#')
				k++;
		}
	for (; id && boot_set_find(em->out, id); k++) {
		free(id);
		if (asprintf(&id, "%s#%u", base, k) < 0)
			id = NULL;
	}
	if (!id)
		return -ENOMEM;
	free(e->id);
	e->id = id;
	return 0;
}

/* dev + path, or the URL of a file on a network device ("http,SERVER"). */
static int gref_set(struct boot_ref *ref, const char *dev, const char *path)
{
	char *url = NULL;
	int r = gdev_net_url(dev, path, &url);

	if (r <= 0)
		return r < 0 ? r : boot_ref_set(ref, dev, path);
	boot_ref_done(ref);
	ref->url = url;
	return 0;
}

static int gentry_from_boot(struct gemit *em, const struct gitem *it, const char *title,
			    struct gboot *b, struct boot_entry **ret)
{
	struct boot_entry *e = boot_entry_new(BOOT_SOURCE_GRUB);
	const char *cfgdev = em->s->vols->v[em->s->vol].name;
	char *base = NULL;
	int r = -ENOMEM;

	if (!e)
		return -ENOMEM;
	if (str_set(&e->title, title) < 0 || asprintf(&e->origin, "%s:%u", it->file, it->line) < 0) {
		e->origin = NULL;
		goto fail;
	}
	if (b->have_kernel) {
		if (gref_set(&e->kernel, b->kernel_dev, b->kernel_path) < 0 || str_set(&e->cmdline, b->cmdline) < 0)
			goto fail;
		for (size_t i = 0; i < b->initrd_path.n; i++) {
			struct boot_ref ref = { 0 };
			int k = gref_set(&ref, b->initrd_dev.v[i], b->initrd_path.v[i]);

			if (k >= 0)
				k = boot_entry_add_initrd(e, &ref);
			boot_ref_done(&ref);
			if (k < 0)
				goto fail;
		}
		if (b->dtb_path && gref_set(&e->devicetree, b->dtb_dev, b->dtb_path) < 0)
			goto fail;
	}
	if (b->unsupported)
		r = boot_entry_set_broken(e, "uses '%s', which is not a Linux kernel", b->unsupported);
	else if (!b->have_kernel)
		r = boot_entry_set_broken(e, "no 'linux' command");
	else if (b->error)
		r = boot_entry_set_broken(e, "%s", b->error);
	else
		r = 0;
	if (r < 0)
		goto fail;
	r = -ENOMEM;
	if (asprintf(&base, "grub:%s:%s", b->have_kernel ? b->kernel_dev : cfgdev, title) < 0) {
		base = NULL;
		goto fail;
	}
	if (gentry_unique_id(em, e, base) < 0)
		goto fail;
	free(base);
	*ret = e;
	return 0;
fail:
	free(base);
	boot_entry_free(e);
	return r;
}

static int gentry_from_bls(struct gemit *em, const struct gitem *it, const struct genv *env,
			   struct boot_entry **ret)
{
	struct boot_entry *e = boot_entry_dup(it->bls);
	_cleanup_free_ char *opts = NULL;
	struct strbuf sb = STRBUF_INIT;
	int k = 0;

	if (!e)
		return -ENOMEM;
	/* blscfg hands options to GRUB script: $kernelopts etc. expand, blanks collapse. */
	if (gexpand_text(env, it->bls->cmdline ? it->bls->cmdline : "", &opts) < 0) {
		boot_entry_free(e);
		return -ENOMEM;
	}
	k |= strbuf_printf(&sb, "BOOT_IMAGE=%s", e->kernel.path ? e->kernel.path : "");
	for (char *tok = strtok(opts, " \t\n"); tok; tok = strtok(NULL, " \t\n"))
		k |= strbuf_printf(&sb, " %s", tok);
	if (k < 0) {
		strbuf_done(&sb);
		boot_entry_free(e);
		return -ENOMEM;
	}
	free(e->cmdline);
	e->cmdline = strbuf_steal(&sb);
	/* "initrd /initramfs.img $tuned_initrd": expand; an empty expansion is no file */
	for (size_t i = 0; i < e->n_initrds;) {
		char *x = NULL;

		if (!e->initrds[i].path || !strchr(e->initrds[i].path, '$')) {
			i++;
			continue;
		}
		if (gexpand_text(env, e->initrds[i].path, &x) < 0) {
			boot_entry_free(e);
			return -ENOMEM;
		}
		if (x[0] == '\0' || x[strlen(x) - 1] == '/') {
			free(x);
			boot_ref_done(&e->initrds[i]);
			memmove(&e->initrds[i], &e->initrds[i + 1], (e->n_initrds - i - 1) * sizeof(e->initrds[0]));
			e->n_initrds--;
			continue;
		}
		free(e->initrds[i].path);
		e->initrds[i].path = x;
		i++;
	}
	(void)em;
	*ret = e;
	return 0;
}

static int gemit_menu(struct gemit *em, struct gmenu *m, const struct genv *env, const char *prefix,
		      const char *defpath);

static int gemit_item(struct gemit *em, struct gitem *it, const struct genv *env, const char *prefix,
		      const char *defrest, bool on_path)
{
	struct gstate *s = em->s;
	_cleanup_free_ char *title = NULL;
	struct boot_entry *e = NULL;
	struct genv saved_env = s->env;
	const struct gargs *saved_args = s->args;
	struct gargs a = { it->args.v, it->args.n };
	int r;

	if (em->out->n_entries - em->first_new >= GRUB_MAX_ENTRIES) {
		if (!em->full)
			diag_add(s->diags, it->file, it->line, "more than %u menu entries; rest ignored",
				 GRUB_MAX_ENTRIES);
		em->full = true;
		return 0;
	}
	if (it->kind == GI_SUBMENU && em->depth >= GRUB_MAX_SUBMENU_DEPTH) {
		diag_add(s->diags, it->file, it->line, "submenus nested deeper than %u; ignored",
			 GRUB_MAX_SUBMENU_DEPTH);
		return 0;
	}
	if (asprintf(&title, "%s%s", prefix, it->title) < 0) {
		title = NULL;
		return -ENOMEM;
	}
	if (it->kind == GI_BLS) {
		r = gentry_from_bls(em, it, env, &e);
	} else if (it->kind == GI_ENTRY) {
		struct gboot b = { 0 };

		r = genv_clone(env, true, &s->env);
		if (r < 0)
			return r;
		s->boot = &b;
		s->args = &a;
		s->stop = s->budget_reported; /* one command budget for the whole config */
		gexec_block(s, &it->node->body, it->file);
		s->boot = NULL;
		s->args = saved_args;
		genv_done(&s->env);
		s->env = saved_env;
		r = s->oom ? s->oom : gentry_from_boot(em, it, title, &b, &e);
		gboot_done(&b);
	} else {
		struct gmenu saved_menu = s->menu;
		struct genv sub;
		_cleanup_free_ char *subprefix = NULL;

		if (asprintf(&subprefix, "%s>", title) < 0) {
			subprefix = NULL;
			return -ENOMEM;
		}
		r = genv_clone(env, false, &sub);
		if (r < 0)
			return r;
		s->env = sub;
		memset(&s->menu, 0, sizeof(s->menu));
		s->args = &a;
		s->stop = s->budget_reported;
		gexec_block(s, &it->node->body, it->file);
		s->args = saved_args;
		{
			struct gmenu child = s->menu;
			struct genv child_env = s->env;

			s->menu = saved_menu;
			s->env = saved_env;
			r = s->oom;
			if (r >= 0) {
				size_t before = em->out->n_entries;

				em->depth++;
				r = gemit_menu(em, &child, &child_env, subprefix, on_path ? defrest : NULL);
				em->depth--;
				/* A default naming the submenu itself means its first entry. */
				if (r >= 0 && on_path && !defrest && !em->default_id &&
				    em->out->n_entries > before)
					r = str_set(&em->default_id, em->out->entries[before]->id);
			}
			gmenu_done(&child);
			genv_done(&child_env);
		}
		return r;
	}
	if (r < 0)
		return r;
	if (on_path && !defrest && !em->default_id && str_set(&em->default_id, e->id) < 0) {
		boot_entry_free(e);
		return -ENOMEM;
	}
	r = boot_set_add(em->out, e);
	if (r < 0)
		boot_entry_free(e);
	return r;
}

static int gemit_menu(struct gemit *em, struct gmenu *m, const struct genv *env, const char *prefix,
		      const char *defpath)
{
	const char *rest = NULL;
	long def = -1;

	if (defpath) {
		const char *gt = strchr(defpath, '>');
		size_t len = gt ? (size_t)(gt - defpath) : strlen(defpath);

		def = gmenu_match(m, defpath, len);
		rest = gt ? gt + 1 : NULL;
	}
	for (size_t i = 0; i < m->n; i++) {
		int r = gemit_item(em, &m->items[i], env, prefix, rest, (long)i == def);

		if (r < 0)
			return r;
	}
	return 0;
}

int gmenu_emit(struct gstate *s, struct boot_set *out)
{
	struct gemit em = { s, out, NULL, out->n_entries, 0, false };
	struct gmenu menu = s->menu;
	struct genv env = s->env;
	const char *deflt, *timeout;
	int r;

	memset(&s->menu, 0, sizeof(s->menu));
	memset(&s->env, 0, sizeof(s->env));
	/* Entries found before a budget ran out stay whole: their bodies still run. */
	s->emitting = true;
	deflt = genv_get(&env, "default");
	if (!deflt || !*deflt)
		deflt = "0";
	r = gemit_menu(&em, &menu, &env, "", deflt);
	if (r >= 0 && !em.default_id && out->n_entries > em.first_new)
		diag_add(s->diags, s->files && s->n_files ? s->files[0]->name : "grub.cfg", 0,
			 "default '%s' matches no entry; using the first", deflt);
	if (r >= 0 && !out->default_id && out->n_entries > em.first_new)
		r = str_set(&out->default_id, em.default_id ? em.default_id : out->entries[em.first_new]->id);
	timeout = genv_get(&env, "timeout");
	if (r >= 0 && out->timeout == BOOT_TIMEOUT_UNSET && out->n_entries > em.first_new) {
		char *end;
		long t = timeout && *timeout ? strtol(timeout, &end, 10) : -1;

		out->timeout = t < -1 || t > 86400 ? -1 : (int)t;
	}
	free(em.default_id);
	gmenu_done(&menu);
	genv_done(&env);
	return r;
}
