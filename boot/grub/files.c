// SPDX-License-Identifier: GPL-2.0-or-later
/* GRUB builtins that read files: source/., configfile, load_env, blscfg. */
#include "boot/grub/internal.h"
#include "boot/bls/bls.h"
#include "lib/cleanup.h"
#include "lib/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define GRUBENV_MAX (64u << 10)

int gb_source(struct gctx *c, size_t argc, char **argv)
{
	int r;

	if (argc < 2) {
		diag_add(c->s->diags, c->file, c->line, "%s: no file given", argv[0]);
		return 1;
	}
	r = gexec_file(c->s, c->file, c->line, argv[1]);
	return r < 0 ? 1 : 0;
}

int gb_configfile(struct gctx *c, size_t argc, char **argv)
{
	struct gstate *s = c->s;
	struct genv saved_env = s->env, sub_env;
	struct gmenu saved_menu = s->menu;
	int r;

	if (argc < 2) {
		diag_add(s->diags, c->file, c->line, "configfile: no file given");
		return 1;
	}
	/* A new context: only exported variables, a new menu. */
	if (genv_clone(&s->env, false, &sub_env) < 0) {
		s->oom = -ENOMEM;
		return 1;
	}
	s->env = sub_env;
	memset(&s->menu, 0, sizeof(s->menu));
	r = gexec_file(s, c->file, c->line, argv[1]);
	if (r >= 0 && s->menu.n > 0) {
		/* Its menu is shown at once; the rest of this file never runs. */
		genv_done(&saved_env);
		gmenu_done(&saved_menu);
		s->stop = true;
		return 0;
	}
	genv_done(&s->env);
	gmenu_done(&s->menu);
	s->env = saved_env;
	s->menu = saved_menu;
	s->stop = gstate_halted(s);
	return r < 0 ? 1 : 0;
}

static void grubenv_apply(struct gstate *s, const char *text, size_t argc, char **only)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *eq = memchr(p, '=', n);

		if (p[0] != '#' && eq && gvar_name_ok(p, (size_t)(eq - p)) && (size_t)(eq - p) < 256) {
			char name[256];
			struct strbuf v = STRBUF_INIT;
			bool want = argc == 0;

			memcpy(name, p, (size_t)(eq - p));
			name[eq - p] = '\0';
			for (size_t i = 0; i < argc; i++)
				want |= strcmp(only[i], name) == 0;
			for (const char *q = eq + 1; q < p + n; q++) {
				if (*q == '\\' && q + 1 < p + n) {
					q++;
					strbuf_putc(&v, *q == 'n' ? '\n' : *q);
				} else {
					strbuf_putc(&v, *q);
				}
			}
			if (want && genv_set(&s->env, name, v.buf ? v.buf : "") == -ENOMEM)
				s->oom = -ENOMEM;
			strbuf_done(&v);
		}
		p += n + (nl ? 1 : 0);
	}
}

int gb_load_env(struct gctx *c, size_t argc, char **argv)
{
	_cleanup_free_ char *dev = NULL, *path = NULL, *text = NULL, *deflt = NULL;
	const struct boot_volume *vol;
	const char *file = NULL;
	struct diag_list why;
	char **only = NULL;
	size_t n_only = 0, len = 0;
	int r;

	for (size_t i = 1; i < argc; i++) {
		if ((strcmp(argv[i], "-f") == 0 || strcmp(argv[i], "--file") == 0) && i + 1 < argc)
			file = argv[++i];
		else if (strncmp(argv[i], "--file=", 7) == 0)
			file = argv[i] + 7;
		else if (argv[i][0] == '-')
			continue; /* --skip-sig */
		else if (!only) {
			only = argv + i;
			n_only = argc - i;
			break;
		}
	}
	if (!file) {
		const char *prefix = genv_get(&c->s->env, "prefix");

		if (asprintf(&deflt, "%s/grubenv", prefix ? prefix : "/boot/grub") < 0) {
			deflt = NULL;
			return 1;
		}
		file = deflt;
	}
	if (gpath_resolve(c->s, file, &vol, &dev, &path) < 0)
		return 1;
	if (discover_budget_charge(c->s->budget, 1, 0) < 0) {
		r = -EDQUOT;
	} else {
		diag_list_init(&why);
		r = gfile_read(c->s, vol, dev, path, GRUBENV_MAX, &text, &len, &why);
		if (r < 0 && r != -ENOENT && r != -EDQUOT && r != -ENOMEM)
			diag_add(c->s->diags, c->file, c->line, "load_env: %s",
				 diag_reason(&why, fsa_strerror(r)));
		diag_list_done(&why);
	}
	if (r == -EDQUOT)
		gstate_quota_report(c->s, c->file, c->line);
	if (r == -ENOMEM)
		c->s->oom = r;
	if (r < 0)
		return 1;
	grubenv_apply(c->s, text, n_only, only);
	return 0;
}

int gb_blscfg(struct gctx *c, size_t argc, char **argv)
{
	struct gstate *s = c->s;
	const char *blsdir = genv_get(&s->env, "blsdir");
	_cleanup_free_ char *dev = NULL, *path = NULL;
	const struct boot_volume *vol;
	struct boot_set set;
	int r;

	(void)argc, (void)argv;
	if (gpath_resolve(s, blsdir && *blsdir ? blsdir : "/loader/entries", &vol, &dev, &path) < 0)
		return 1;
	if (gdev_is_net_file(dev)) {
		diag_add(s->diags, c->file, c->line, "blscfg: %s: a server lists no directories; no BLS entries read",
			 dev);
		return 1;
	}
	if (!vol)
		return 1;
	boot_set_init(&set);
	if (blsdir && *blsdir)
		r = bls_scan_dir(vol, path, &set, s->diags);
	else {
		r = bls_scan_dir(vol, "/loader/entries", &set, s->diags);
		if (r == -ENOENT)
			r = bls_scan_dir(vol, "/boot/loader/entries", &set, s->diags);
	}
	for (size_t i = 0; r >= 0 && i < set.n_entries; i++) {
		struct gitem *it;
		const char *bid = strrchr(set.entries[i]->id, ':');

		if (s->menu.n >= GRUB_MAX_ENTRIES)
			break;
		it = ggrow(s->menu.items, s->menu.n, sizeof(*it));
		if (!it) {
			s->oom = -ENOMEM;
			break;
		}
		s->menu.items = it;
		it = &it[s->menu.n];
		memset(it, 0, sizeof(*it));
		it->kind = GI_BLS;
		it->file = c->file;
		it->line = c->line;
		it->title = strdup(set.entries[i]->title ? set.entries[i]->title : "");
		it->id = strdup(bid ? bid + 1 : set.entries[i]->id);
		it->bls = set.entries[i];
		set.entries[i] = NULL;
		s->menu.n++;
		if (!it->title || !it->id)
			s->oom = -ENOMEM;
	}
	boot_set_done(&set);
	return r < 0 ? 1 : 0;
}
