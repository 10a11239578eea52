// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/uki/uki.h"
#include "lib/pe.h"

#include <ctype.h>
#include <stddef.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void uki_info_done(struct uki_info *info)
{
	free(info->cmdline);
	free(info->uname);
	free(info->pretty_name);
	free(info->name);
	free(info->id);
	free(info->image_id);
	free(info->version_id);
	free(info->image_version);
	free(info->build_id);
	memset(info, 0, sizeof(*info));
}

static void uki_trim(char *s)
{
	size_t n = strlen(s);

	while (n && (isspace((unsigned char)s[n - 1])))
		s[--n] = '\0';
}

/* Reads a text section; NULs inside end the text. */
static int uki_section_text(const struct fsaccess *fs, const char *path, const struct pe_section *sec,
			    char **ret)
{
	size_t len = sec->size > UKI_MAX_TEXT_SECTION ? UKI_MAX_TEXT_SECTION : (size_t)sec->size;
	int r = fsa_read_range(fs, path, sec->offset, len, ret, NULL);

	if (r >= 0)
		uki_trim(*ret);
	return r;
}

/* os-release: KEY=VALUE, values optionally quoted. */
static int uki_osrel_parse(struct uki_info *info, char *text)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{ "PRETTY_NAME", offsetof(struct uki_info, pretty_name) },
		{ "NAME", offsetof(struct uki_info, name) },
		{ "ID", offsetof(struct uki_info, id) },
		{ "IMAGE_ID", offsetof(struct uki_info, image_id) },
		{ "VERSION_ID", offsetof(struct uki_info, version_id) },
		{ "IMAGE_VERSION", offsetof(struct uki_info, image_version) },
		{ "BUILD_ID", offsetof(struct uki_info, build_id) },
	};

	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char *eq = strchr(line, '='), *v, *o;

		if (!eq || line[0] == '#')
			continue;
		*eq = '\0';
		v = eq + 1;
		uki_trim(v);
		if (v[0] == '"' || v[0] == '\'') {
			char q = v[0];

			for (o = v, v++; *v && *v != q; v++) {
				if (q == '"' && *v == '\\' && v[1])
					v++;
				*o++ = *v;
			}
			*o = '\0';
			v = eq + 1;
		}
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strcmp(line, keys[i].key) == 0) {
				char **dst = (char **)((char *)info + keys[i].off);

				if (str_set(dst, v) < 0)
					return -ENOMEM;
			}
	}
	return 0;
}

int uki_inspect(const struct fsaccess *fs, const char *path, struct uki_info *out, struct diag_list *diags,
		const char *origin)
{
	char *hdr = NULL;
	struct uki_info info = { 0 };
	const struct pe_section *sec;
	struct fsa_stat st;
	struct pe_file pe;
	size_t len;
	int r;

	if (!fs)
		return -ENOENT;
	r = fsa_stat(fs, path, &st);
	if (r < 0)
		return r;
	r = fsa_read_range(fs, path, 0, st.size < PE_HEADER_MAX ? (size_t)st.size : PE_HEADER_MAX, &hdr, &len);
	if (r < 0)
		return r;
	r = pe_open(&pe, hdr, len, st.size);
	free(hdr);
	if (r < 0) {
		diag_add(diags, origin, 0, "%s",
			 r == -ERANGE ? "PE section lies outside the file" :
			 r == -E2BIG ? "too many PE sections" : "not a valid PE image");
		return r;
	}
	if (!pe_find_section(&pe, ".linux"))
		return -ENOEXEC;
	info.has_initrd = pe_find_section(&pe, ".initrd") != NULL;
	info.has_ucode = pe_find_section(&pe, ".ucode") != NULL;
	sec = pe_find_section(&pe, ".cmdline");
	if (sec && (r = uki_section_text(fs, path, sec, &info.cmdline)) < 0)
		goto fail;
	sec = pe_find_section(&pe, ".uname");
	if (sec && (r = uki_section_text(fs, path, sec, &info.uname)) < 0)
		goto fail;
	sec = pe_find_section(&pe, ".osrel");
	if (sec) {
		char *osrel = NULL;

		r = uki_section_text(fs, path, sec, &osrel);
		if (r >= 0)
			r = uki_osrel_parse(&info, osrel);
		free(osrel);
		if (r < 0)
			goto fail;
	}
	*out = info;
	return 0;
fail:
	uki_info_done(&info);
	return r;
}

static int uki_ref(struct boot_ref *ref, const char *device, const char *path, const char *section)
{
	int r = boot_ref_set(ref, device, path);

	return r < 0 ? r : str_set(&ref->section, section);
}

int uki_info_to_entry(const struct uki_info *info, const char *device, const char *path, struct boot_entry *e,
		      bool use_cmdline)
{
	const char *version = info->image_version ? info->image_version :
			      info->version_id ? info->version_id : info->build_id;
	const char *base = info->pretty_name ? info->pretty_name : info->name ? info->name :
			   info->id ? info->id : "Linux";
	struct boot_ref ref = { 0 };
	int r;

	r = uki_ref(&e->kernel, device, path, ".linux");
	if (r >= 0 && info->has_ucode && (r = uki_ref(&ref, device, path, ".ucode")) >= 0)
		r = boot_entry_add_initrd(e, &ref);
	boot_ref_done(&ref);
	if (r >= 0 && info->has_initrd && (r = uki_ref(&ref, device, path, ".initrd")) >= 0)
		r = boot_entry_add_initrd(e, &ref);
	boot_ref_done(&ref);
	if (r >= 0 && use_cmdline)
		r = str_set(&e->cmdline, info->cmdline ? info->cmdline : "");
	if (r >= 0 && !e->title) {
		if (info->uname)
			r = asprintf(&e->title, "%s (%s)", base, info->uname) < 0 ? (e->title = NULL, -ENOMEM) : 0;
		else
			r = str_set(&e->title, base);
	}
	if (r >= 0 && !e->sort_key && (info->image_id || info->id))
		r = str_set(&e->sort_key, info->image_id ? info->image_id : info->id);
	if (r >= 0 && !e->version && version)
		r = str_set(&e->version, version);
	return r;
}

int uki_collect_dir(const struct boot_volume *vol, const char *dir, struct bls_list *l, struct diag_list *diags)
{
	char **names = NULL;
	size_t n = 0, added = 0;
	int r;

	if (!vol->fs)
		return -ENOENT;
	r = fsa_list(vol->fs, dir, &names, &n);
	if (r < 0)
		return r == -ENOTDIR ? -ENOENT : r;
	for (size_t i = 0; i < n && r >= 0; i++) {
		size_t len = strlen(names[i]);
		char *path = NULL, *origin = NULL;
		struct boot_entry *e;
		struct uki_info info;

		if (len <= 4 || strcasecmp(names[i] + len - 4, ".efi") != 0 || names[i][0] == '.')
			continue;
		if (added >= UKI_MAX_ENTRIES)
			break;
		if (asprintf(&path, "%s/%s", dir, names[i]) < 0)
			return fsa_names_free(names, n), -ENOMEM;
		if (asprintf(&origin, "%s:%s", vol->name, path) < 0) {
			free(path);
			r = -ENOMEM;
			break;
		}
		r = uki_inspect(vol->fs, path, &info, diags, origin);
		if (r < 0) {
			if (r == -ENOEXEC)
				diag_add(diags, origin, 0, "no .linux section: not a UKI; skipped");
			else if (r == -FSA_ENOTREG)
				diag_add(diags, origin, 0, "%s; skipped", fsa_strerror(r));
			free(path);
			free(origin);
			r = r == -ENOMEM ? r : 0;
			continue;
		}
		e = boot_entry_new(BOOT_SOURCE_UKI);
		r = e ? uki_info_to_entry(&info, vol->name, path, e, true) : -ENOMEM;
		uki_info_done(&info);
		if (r >= 0)
			r = str_set(&e->origin, origin);
		free(path);
		free(origin);
		if (r < 0) {
			boot_entry_free(e);
			break;
		}
		r = bls_list_add(l, e, names[i], ".efi");
		if (r >= 0) {
			struct bls_item *it = &l->v[l->n - 1];

			if (asprintf(&it->e->id, "uki:%s:%s", vol->name, it->stem) < 0) {
				it->e->id = NULL;
				r = -ENOMEM;
			}
		}
		added++;
	}
	fsa_names_free(names, n);
	return r;
}
