// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/discover.h"

#include <errno.h>
#include <string.h>

int discover_source(const struct source_ctx *ctx, struct boot_set *set, struct diag_list *diags)
{
	struct source_ctx c = *ctx;
	struct discover_budget own;
	int r = 0;

	if (!c.budget) {
		discover_budget_init(&own, NULL);
		c.budget = &own;
	}
	for (size_t i = 0; i < discover_n_parsers && r >= 0; i++) {
		if (discover_budget_spent(c.budget))
			break;
		r = discover_parsers[i].parse(&c, set, diags);
	}
	/* A parser that ran out says where; this is the word when none did. */
	discover_budget_report(c.budget, diags, source_name(&c), 0);
	return r < 0 ? r : 0;
}

int discover_volume_limited(const struct boot_volumes *vols, size_t vol, const struct discover_limits *lim,
			    struct boot_set *set, struct diag_list *diags)
{
	struct discover_budget budget;
	struct source_ctx ctx;

	if (!vols || vol >= vols->n || !vols->v[vol].fs)
		return -EINVAL;
	discover_budget_init(&budget, lim);
	ctx = source_volume(vols, vol);
	ctx.budget = &budget;
	return discover_source(&ctx, set, diags);
}

int discover_volume(const struct boot_volumes *vols, size_t vol, struct boot_set *set, struct diag_list *diags)
{
	return discover_volume_limited(vols, vol, NULL, set, diags);
}

/*
 * home: the volume whose config made the entry, or NULL. A device spec that
 * names home resolves there when home has the file; one that names two
 * volumes otherwise is ambiguous: the entry is broken rather than booting
 * whichever filesystem was scanned first (a cloned disk, or an attacker's
 * stick carrying the same UUID).
 */
static int discover_check_ref(const struct boot_volumes *vols, const struct boot_volume *home,
			      struct boot_entry *e, struct boot_ref *ref, const char *what)
{
	const struct boot_volume *v, *m[2];
	size_t n;

	if (e->state != BOOT_ENTRY_OK || ref->url || (!ref->device && !ref->path))
		return 0;
	n = ref->device ? boot_volume_matches(vols, ref->device, m, 2) : 0;
	if (home && home->fs && ref->path && boot_volume_is(home, ref->device) && fsa_is_file(home->fs, ref->path)) {
		/* Name home by something only it answers to, so the fetch stage finds it too. */
		if (n > 1 && strcmp(ref->device, home->name) != 0)
			return str_set(&ref->device, home->name);
		return 0;
	}
	if (n > 1)
		return boot_entry_set_broken(e, "%s is on two filesystems (%s and %s)", ref->device, m[0]->name,
					     m[1]->name);
	v = boot_volume_find(vols, ref->device);
	if (!v || !v->fs)
		return boot_entry_set_broken(e, "%s device %s not found", what, ref->device ? ref->device : "?");
	if (!ref->path || !fsa_is_file(v->fs, ref->path))
		return boot_entry_set_broken(e, "%s %s not found on %s", what, ref->path ? ref->path : "?", v->name);
	return 0;
}

/* Resolves set->entries[from...], made by home's configs (home NULL: unknown). */
static int discover_resolve_from(const struct boot_volumes *vols, const struct boot_volume *home,
				 struct boot_set *set, size_t from)
{
	for (size_t i = from; i < set->n_entries; i++) {
		struct boot_entry *e = set->entries[i];
		int r = 0;

		if (e->state == BOOT_ENTRY_OK && e->n_initrds > BOOT_ENTRY_MAX_INITRDS)
			r = boot_entry_set_broken(e, "%zu initrds, more than %d", e->n_initrds, BOOT_ENTRY_MAX_INITRDS);
		if (r >= 0)
			r = discover_check_ref(vols, home, e, &e->kernel, "kernel");
		for (size_t k = 0; r >= 0 && k < e->n_initrds; k++)
			r = discover_check_ref(vols, home, e, &e->initrds[k], "initrd");
		if (r >= 0)
			r = discover_check_ref(vols, home, e, &e->devicetree, "devicetree");
		if (r < 0)
			return r;
	}
	return 0;
}

int discover_resolve(const struct boot_volumes *vols, struct boot_set *set)
{
	return discover_resolve_from(vols, NULL, set, 0);
}

int discover_volume_resolved(const struct boot_volumes *vols, size_t vol, const struct discover_limits *lim,
			     struct boot_set *set, struct diag_list *diags)
{
	size_t from = set->n_entries;
	int r = discover_volume_limited(vols, vol, lim, set, diags);

	if (r == -ENOMEM)
		return r;
	/* Resolved now, while it is known which volume the entries came from. */
	return discover_resolve_from(vols, &vols->v[vol], set, from);
}

int discover_volumes_limited(const struct boot_volumes *vols, const struct discover_limits *lim,
			     struct boot_set *set, struct diag_list *diags)
{
	for (size_t i = 0; i < vols->n; i++) {
		int r = discover_volume_resolved(vols, i, lim, set, diags);

		if (r < 0)
			return r;
	}
	return 0;
}

int discover_volumes(const struct boot_volumes *vols, struct boot_set *set, struct diag_list *diags)
{
	return discover_volumes_limited(vols, NULL, set, diags);
}

int discover_root(const char *root_dir, const char *device_name, struct boot_set *set, struct diag_list *diags)
{
	struct fsaccess fs;
	struct boot_volume v = { .name = device_name ? device_name : "root", .match_any = true };
	struct boot_volumes vols = { &v, 1 };
	int r;

	r = fsa_open_dir(&fs, root_dir);
	if (r < 0)
		return r;
	v.fs = &fs;
	r = discover_volumes(&vols, set, diags);
	fsa_close(&fs);
	return r;
}
