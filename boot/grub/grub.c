// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/grub/internal.h"
#include "lib/cleanup.h"

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
	if (genv_set(&s->env, "prefix", prefix) < 0 || genv_export(&s->env, "prefix") < 0 ||
	    genv_set(&s->env, "config_directory", prefix) < 0 || genv_set(&s->env, "config_file", cfg) < 0 ||
	    genv_set(&s->env, "cmdpath", prefix) < 0)
		return -ENOMEM;
	return 0;
}

static int grub_parse_budget(const struct boot_volumes *vols, size_t vol, const char *cfg_path,
			     struct discover_budget *budget, struct boot_set *out, struct diag_list *diags)
{
	struct gstate s;
	int r;

	if (!vols || vol >= vols->n || !vols->v[vol].fs)
		return -EINVAL;
	if (!fsa_is_file(vols->v[vol].fs, cfg_path))
		return -ENOENT;
	if (discover_budget_spent(budget))
		return -EDQUOT;
	r = gstate_init(&s, vols, vol, diags);
	if (r < 0)
		return r;
	s.budget = budget;
	r = grub_set_prefix(&s, vols->v[vol].name, cfg_path);
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
	return grub_parse_budget(vols, vol, cfg_path, &budget, out, diags);
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
	r = grub_parse_budget(ctx->vols, ctx->vol, path, ctx->budget, &tmp, diags);
	if (r == -ENOMEM) {
		boot_set_done(&tmp);
		return r;
	}
	return source_merge(set, &tmp);
}

int grub_discover(const struct source_ctx *ctx, struct boot_set *set, struct diag_list *diags)
{
	const struct boot_volume *v = source_volume_get(ctx);
	int r;

	if (!v)
		return 0;
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
