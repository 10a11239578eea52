// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/discover.h"
#include "boot/bls/bls.h"
#include "boot/grub/grub.h"
#include "boot/syslinux/syslinux.h"
#include "boot/uki/uki.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const grub_paths[] = {
	"/boot/grub/grub.cfg",
	"/grub/grub.cfg",
	"/boot/grub2/grub.cfg",
	"/grub2/grub.cfg",
};

static const char *const syslinux_paths[] = {
	"/boot/extlinux/extlinux.conf",
	"/extlinux/extlinux.conf",
	"/extlinux.conf",
	"/boot/syslinux/syslinux.cfg",
	"/syslinux/syslinux.cfg",
	"/syslinux.cfg",
	"/boot/isolinux/isolinux.cfg",
	"/isolinux/isolinux.cfg",
};

static const char *const esp_roots[] = { "/EFI", "/efi", "/boot/efi/EFI", "/boot/EFI" };

/* Moves src's entries to dst, skipping ids dst already has. */
static int discover_merge(struct boot_set *dst, struct boot_set *src)
{
	int r = 0;

	for (size_t i = 0; i < src->n_entries; i++) {
		struct boot_entry *e = src->entries[i];

		if (!e || (e->id && boot_set_find(dst, e->id)))
			continue;
		r = boot_set_add(dst, e);
		if (r < 0)
			break;
		src->entries[i] = NULL;
	}
	if (r >= 0 && !dst->default_id && src->default_id && boot_set_find(dst, src->default_id))
		r = str_set(&dst->default_id, src->default_id);
	if (dst->timeout == BOOT_TIMEOUT_UNSET)
		dst->timeout = src->timeout;
	for (size_t i = 0; i < src->n_entries; i++)
		boot_entry_free(src->entries[i]);
	src->n_entries = 0;
	boot_set_done(src);
	return r;
}

static int discover_grub_one(const struct boot_volumes *vols, size_t vol, const char *path,
			     struct boot_set *set, struct diag_list *diags)
{
	struct boot_set tmp;
	int r;

	boot_set_init(&tmp);
	r = grub_parse(vols, vol, path, &tmp, diags);
	if (r == -ENOMEM) {
		boot_set_done(&tmp);
		return r;
	}
	return discover_merge(set, &tmp);
}

static int discover_grub(const struct boot_volumes *vols, size_t vol, struct boot_set *set,
			 struct diag_list *diags)
{
	const struct fsaccess *fs = vols->v[vol].fs;
	int r;

	for (size_t i = 0; i < sizeof(grub_paths) / sizeof(grub_paths[0]); i++) {
		r = discover_grub_one(vols, vol, grub_paths[i], set, diags);
		if (r < 0)
			return r;
	}
	for (size_t k = 0; k < sizeof(esp_roots) / sizeof(esp_roots[0]); k++) {
		char **names = NULL;
		size_t n = 0;

		if (fsa_list(fs, esp_roots[k], &names, &n) < 0)
			continue;
		for (size_t i = 0; i < n; i++) {
			char *p;

			if (strcasecmp(names[i], "Linux") == 0 || asprintf(&p, "%s/%s/grub.cfg", esp_roots[k], names[i]) < 0)
				continue;
			r = discover_grub_one(vols, vol, p, set, diags);
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

static bool discover_title_clash(const struct bls_list *l, size_t i)
{
	for (size_t j = 0; j < l->n; j++)
		if (j != i && l->v[j].e->title && strcmp(l->v[i].e->title, l->v[j].e->title) == 0)
			return true;
	return false;
}

/* Like systemd-boot: titles shown twice get " (version)", then " (id)". */
static int discover_bls_titles(struct bls_list *l)
{
	for (int pass = 0; pass < 2; pass++) {
		bool clash[BLS_MAX_ENTRIES + UKI_MAX_ENTRIES * 4] = { false };

		for (size_t i = 0; i < l->n && i < sizeof(clash); i++)
			clash[i] = l->v[i].e->title && discover_title_clash(l, i);
		for (size_t i = 0; i < l->n && i < sizeof(clash); i++) {
			const char *extra = pass == 0 ? l->v[i].e->version : l->v[i].stem;
			char *t;

			if (!clash[i] || !extra)
				continue;
			if (asprintf(&t, "%s (%s)", l->v[i].e->title, extra) < 0)
				return -ENOMEM;
			free(l->v[i].e->title);
			l->v[i].e->title = t;
		}
	}
	return 0;
}

static int discover_bls(const struct boot_volumes *vols, size_t vol, struct boot_set *set,
			struct diag_list *diags)
{
	static const char *const entry_dirs[] = { "/loader/entries", "/boot/loader/entries" };
	static const char *const uki_dirs[] = { "/EFI/Linux", "/efi/Linux", "/boot/EFI/Linux", "/boot/efi/EFI/Linux" };
	static const char *const confs[] = { "/loader/loader.conf", "/boot/loader/loader.conf" };
	const struct boot_volume *v = &vols->v[vol];
	struct bls_list l = { 0 };
	struct boot_set tmp;
	int r = 0;

	boot_set_init(&tmp);
	for (size_t i = 0; i < sizeof(entry_dirs) / sizeof(entry_dirs[0]) && r >= 0; i++) {
		r = bls_collect_dir(v, entry_dirs[i], &l, diags);
		if (r == -ENOENT)
			r = 0;
	}
	for (size_t i = 0; i < sizeof(uki_dirs) / sizeof(uki_dirs[0]) && r >= 0; i++) {
		/* vfat matches names case-insensitively: list a directory once */
		if (i == 1 && fsa_is_dir(v->fs, uki_dirs[0]))
			continue;
		r = uki_collect_dir(v, uki_dirs[i], &l, diags);
		if (r == -ENOENT)
			r = 0;
	}
	if (r >= 0 && l.n) {
		bls_list_sort(&l);
		r = discover_bls_titles(&l);
		for (size_t i = 0; i < sizeof(confs) / sizeof(confs[0]) && r >= 0; i++) {
			r = bls_loader_conf(v, confs[i], &l, &tmp, diags);
			if (r == -ENOENT || r == -EFBIG)
				r = 0;
		}
		if (r >= 0)
			r = bls_list_move(&l, &tmp);
	}
	bls_list_done(&l);
	if (r < 0) {
		boot_set_done(&tmp);
		return r;
	}
	return discover_merge(set, &tmp);
}

static int discover_syslinux(const struct boot_volumes *vols, size_t vol, struct boot_set *set,
			     struct diag_list *diags)
{
	for (size_t i = 0; i < sizeof(syslinux_paths) / sizeof(syslinux_paths[0]); i++) {
		struct boot_set tmp;
		int r;

		boot_set_init(&tmp);
		r = syslinux_parse(&vols->v[vol], syslinux_paths[i], &tmp, diags);
		if (r == -ENOMEM) {
			boot_set_done(&tmp);
			return r;
		}
		r = discover_merge(set, &tmp);
		if (r < 0)
			return r;
	}
	return 0;
}

int discover_volume(const struct boot_volumes *vols, size_t vol, struct boot_set *set, struct diag_list *diags)
{
	int r;

	if (!vols || vol >= vols->n || !vols->v[vol].fs)
		return -EINVAL;
	r = discover_grub(vols, vol, set, diags);
	if (r >= 0)
		r = discover_bls(vols, vol, set, diags);
	if (r >= 0)
		r = discover_syslinux(vols, vol, set, diags);
	return r;
}

static int discover_check_ref(const struct boot_volumes *vols, struct boot_entry *e, const struct boot_ref *ref,
			      const char *what)
{
	const struct boot_volume *v;

	if (e->state != BOOT_ENTRY_OK || ref->url || (!ref->device && !ref->path))
		return 0;
	v = boot_volume_find(vols, ref->device);
	if (!v || !v->fs)
		return boot_entry_set_broken(e, "%s device %s not found", what, ref->device ? ref->device : "?");
	if (!ref->path || !fsa_is_file(v->fs, ref->path))
		return boot_entry_set_broken(e, "%s %s not found on %s", what, ref->path ? ref->path : "?", v->name);
	return 0;
}

int discover_resolve(const struct boot_volumes *vols, struct boot_set *set)
{
	for (size_t i = 0; i < set->n_entries; i++) {
		struct boot_entry *e = set->entries[i];
		int r;

		r = discover_check_ref(vols, e, &e->kernel, "kernel");
		for (size_t k = 0; r >= 0 && k < e->n_initrds; k++)
			r = discover_check_ref(vols, e, &e->initrds[k], "initrd");
		if (r >= 0)
			r = discover_check_ref(vols, e, &e->devicetree, "devicetree");
		if (r < 0)
			return r;
	}
	return 0;
}

int discover_volumes(const struct boot_volumes *vols, struct boot_set *set, struct diag_list *diags)
{
	for (size_t i = 0; i < vols->n; i++) {
		int r = discover_volume(vols, i, set, diags);

		if (r == -ENOMEM)
			return r;
	}
	return discover_resolve(vols, set);
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
