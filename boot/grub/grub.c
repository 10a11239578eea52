// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/grub/internal.h"
#include "lib/cleanup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int grub_parse(const struct boot_volumes *vols, size_t vol, const char *cfg_path,
	       struct boot_set *out, struct diag_list *diags)
{
	struct gstate s;
	int r;

	if (!vols || vol >= vols->n || !vols->v[vol].fs)
		return -EINVAL;
	if (!fsa_is_file(vols->v[vol].fs, cfg_path))
		return -ENOENT;
	r = gstate_init(&s, vols, vol, diags);
	if (r < 0)
		return r;
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
