// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/bls/bls.h"
#include "boot/uki/uki.h"
#include "lib/cleanup.h"
#include "lib/strbuf.h"
#include "lib/url.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#if defined(__x86_64__)
#define BLS_NATIVE_ARCH "x64"
#elif defined(__aarch64__)
#define BLS_NATIVE_ARCH "aa64"
#elif defined(__i386__)
#define BLS_NATIVE_ARCH "ia32"
#elif defined(__riscv) && __riscv_xlen == 64
#define BLS_NATIVE_ARCH "riscv64"
#else
#define BLS_NATIVE_ARCH NULL
#endif

/* Entry paths are relative to the tree holding loader/entries; kernel-install
 * writes them relative to the mount point instead, so try both. */
static int bls_path(const struct boot_volume *vol, const char *dir, const char *p, char **ret)
{
	const char *tail = strstr(dir, "/loader/entries");
	int base_len = tail ? (int)(tail - dir) : 0;
	char *based = NULL, *plain = NULL;
	const char *sep = p[0] == '/' ? "" : "/";

	if (asprintf(&based, "%.*s%s%s", base_len, dir, sep, p) < 0)
		return -ENOMEM;
	if (base_len == 0 || (vol->fs && fsa_is_file(vol->fs, based))) {
		*ret = based;
		return 0;
	}
	if (asprintf(&plain, "%s%s", sep, p) < 0) {
		free(based);
		return -ENOMEM;
	}
	if (vol->fs && fsa_is_file(vol->fs, plain)) {
		free(based);
		*ret = plain;
		return 0;
	}
	free(plain);
	*ret = based;
	return 0;
}

/* Where an entry's paths resolve: the tree holding its entries directory, or the entry's own URL. */
struct bls_at {
	const struct boot_volume *vol; /* NULL for an entry read from a URL */
	const char *dir;               /* the entries directory on vol */
	const char *url;               /* the entry file's URL, or NULL */
};

static int bls_ref(const struct bls_at *at, const char *p, struct boot_ref *ref)
{
	_cleanup_free_ char *path = NULL, *clean = NULL;
	int r;

	if (at->url) {
		r = url_resolve(at->url, p, &path);
		if (r < 0)
			return r;
		free(ref->url);
		ref->url = TAKE_PTR(path);
		return 0;
	}
	r = bls_path(at->vol, at->dir, p, &path);
	if (r >= 0)
		r = fsa_path_clean(path, &clean);
	return r < 0 ? r : boot_ref_set(ref, at->vol->name, clean);
}

/*
 * `uki-url` (or `uki` in an entry read from a URL): the kernel reference is
 * the whole image's URL, fetched and split by the fetch stage (boot/image.h).
 * A relative URL resolves against the entry's own URL; on a volume it has
 * nothing to resolve against and the entry is broken.
 */
static int bls_apply_uki_url(const struct bls_at *at, const char *key, const char *v, struct boot_entry *e)
{
	struct url u;
	char *abs = NULL;
	int r;

	if (url_parse(v, &u) >= 0) {
		url_done(&u);
		abs = strdup(v);
		r = abs ? 0 : -ENOMEM;
	} else if (at->url) {
		r = url_resolve(at->url, v, &abs);
		if (r == -EINVAL)
			return boot_entry_set_broken(e, "'%s %s': not a URL kexboot can fetch", key, v);
	} else {
		return boot_entry_set_broken(e, "'%s %s' is relative and the entry was not read from a URL", key, v);
	}
	if (r < 0)
		return r;
	boot_ref_done(&e->kernel);
	e->kernel.url = abs;
	return 0;
}

static int bls_apply_uki(const struct boot_volume *vol, const char *dir, const char *p, struct boot_entry *e,
			 struct strbuf *opts, struct diag_list *diags, const char *origin)
{
	_cleanup_free_ char *path = NULL;
	struct uki_info info;
	int r = bls_path(vol, dir, p, &path);

	if (r < 0)
		return r;
	r = uki_inspect(vol->fs, path, &info, diags, origin);
	if (r < 0)
		return boot_entry_set_broken(e, "UKI %s: %s", path, fsa_strerror(r));
	r = uki_info_to_entry(&info, vol->name, path, e, opts->len == 0);
	uki_info_done(&info);
	return r;
}

static int bls_entry_parse_at(const struct bls_at *at, const char *fname, const char *text, struct boot_entry **ret,
			      struct diag_list *diags)
{
	struct boot_entry *e = boot_entry_new(BOOT_SOURCE_BLS);
	struct strbuf opts = STRBUF_INIT;
	char *origin = NULL, *uki = NULL, *uki_url = NULL, *efi = NULL, *ln = NULL;
	const char *p = text;
	unsigned line = 0;
	bool skip = false;
	int r = -ENOMEM;

	*ret = NULL;
	if (!e || (at->url ? (origin = strdup(at->url)) == NULL :
			     asprintf(&origin, "%s:%s/%s", at->vol->name, at->dir, fname) < 0)) {
		origin = NULL;
		goto out;
	}
	if (str_set(&e->origin, origin) < 0)
		goto out;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *key, *val, *end;

		free(ln);
		ln = strndup(p, n);
		p += n + (nl ? 1 : 0);
		line++;
		if (!ln)
			goto out;
		key = ln + strspn(ln, " \t\r");
		if (*key == '#' || *key == '\0')
			continue;
		val = key + strcspn(key, " \t\r");
		if (*val)
			*val++ = '\0';
		val += strspn(val, " \t");
		end = val + strlen(val);
		while (end > val && isspace((unsigned char)end[-1]))
			*--end = '\0';
		r = 0;
		if (strcmp(key, "title") == 0)
			r = str_set(&e->title, val);
		else if (strcmp(key, "version") == 0)
			r = str_set(&e->version, val);
		else if (strcmp(key, "machine-id") == 0)
			r = str_set(&e->machine_id, val);
		else if (strcmp(key, "sort-key") == 0)
			r = str_set(&e->sort_key, val);
		else if (strcmp(key, "linux") == 0)
			r = bls_ref(at, val, &e->kernel);
		else if (strcmp(key, "initrd") == 0) {
			/* One path per line by the spec; Fedora writes "$tuned_initrd" too. */
			for (char *tok = strtok(val, " \t"); tok && r >= 0; tok = strtok(NULL, " \t")) {
				struct boot_ref ref = { 0 };

				r = bls_ref(at, tok, &ref);
				if (r >= 0)
					r = boot_entry_add_initrd(e, &ref);
				boot_ref_done(&ref);
			}
		} else if (strcmp(key, "options") == 0) {
			if (*val && opts.len)
				r = strbuf_putc(&opts, ' ');
			if (r >= 0 && *val)
				r = strbuf_puts(&opts, val);
		} else if (strcmp(key, "devicetree") == 0)
			r = bls_ref(at, val, &e->devicetree);
		else if (strcmp(key, "kexboot-sig") == 0 && !*val)
			diag_add(diags, origin, line, "'kexboot-sig' without a path ignored");
		else if (strcmp(key, "kexboot-sig") == 0) {
			boot_ref_done(&e->signature);
			r = bls_ref(at, val, &e->signature);
		}
		else if (strcmp(key, "architecture") == 0) {
			if (BLS_NATIVE_ARCH && strcasecmp(val, BLS_NATIVE_ARCH) != 0)
				skip = true;
		} else if (strcmp(key, "efi") == 0)
			r = str_set(&efi, val);
		else if (strcmp(key, "uki") == 0)
			r = str_set(&uki, val);
		else if (strcmp(key, "uki-url") == 0)
			r = str_set(&uki_url, val);
		else if (strcmp(key, "devicetree-overlay") == 0 || strcmp(key, "profile") == 0 ||
			 strcmp(key, "grub_users") == 0 || strcmp(key, "grub_class") == 0 ||
			 strcmp(key, "grub_arg") == 0 || strcmp(key, "grub_hotkey") == 0)
			r = 0; /* known, not needed to boot */
		else
			diag_add(diags, origin, line, "unknown key '%s' ignored", key);
		if (r < 0)
			goto out;
	}
	if (skip) {
		r = 0;
		goto out;
	}
	/* linux, then uki, then uki-url: the first an entry has is what it boots */
	if (e->kernel.path || e->kernel.url) {
		r = 0;
	} else if (uki && at->vol) {
		r = bls_apply_uki(at->vol, at->dir, uki, e, &opts, diags, origin);
	} else if (uki || uki_url) {
		r = bls_apply_uki_url(at, uki ? "uki" : "uki-url", uki ? uki : uki_url, e);
	} else if (efi) {
		r = boot_entry_set_broken(e, "'efi %s' is an EFI program, not a Linux kernel", efi);
	} else {
		r = boot_entry_set_broken(e, "no 'linux' key");
	}
	if (r < 0)
		goto out;
	if (opts.len) {
		free(e->cmdline);
		e->cmdline = strbuf_steal(&opts);
	} else {
		r = str_set(&e->cmdline, e->cmdline ? e->cmdline : "");
		if (r < 0)
			goto out;
	}
	if (!e->title) {
		size_t n = strlen(fname);

		if (n > 5 && strcmp(fname + n - 5, ".conf") == 0)
			n -= 5;
		e->title = strndup(fname, n);
		if (!e->title) {
			r = -ENOMEM;
			goto out;
		}
	}
	*ret = e;
	e = NULL;
	r = 0;
out:
	free(ln);
	free(origin);
	free(uki);
	free(uki_url);
	free(efi);
	strbuf_done(&opts);
	boot_entry_free(e);
	return r;
}

int bls_entry_parse(const struct boot_volume *vol, const char *dir, const char *fname, const char *text,
		    struct boot_entry **ret, struct diag_list *diags)
{
	const struct bls_at at = { .vol = vol, .dir = dir };

	return bls_entry_parse_at(&at, fname, text, ret, diags);
}

int bls_entry_parse_url(const char *url, const char *text, struct boot_entry **ret, struct diag_list *diags)
{
	const struct bls_at at = { .url = url };
	const char *end = url + strcspn(url, "?#"), *start = end;
	_cleanup_free_ char *fname = NULL;

	while (start > url && start[-1] != '/')
		start--;
	fname = strndup(start, (size_t)(end - start));
	if (!fname)
		return -ENOMEM;
	return bls_entry_parse_at(&at, fname, text, ret, diags);
}

int bls_collect_dir(const struct boot_volume *vol, const char *dir, struct bls_list *l, struct diag_list *diags)
{
	char **names = NULL;
	size_t n = 0, added = 0;
	int r;

	if (!vol->fs)
		return -ENOENT;
	r = fsa_list(vol->fs, dir, &names, &n);
	if (r < 0)
		return r == -ENOTDIR ? -ENOENT : r;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		char *path = NULL, *text = NULL;
		struct boot_entry *e = NULL;

		if (len <= 5 || strcasecmp(names[i] + len - 5, ".conf") != 0 || names[i][0] == '.')
			continue;
		if (added >= BLS_MAX_ENTRIES) {
			diag_add(diags, dir, 0, "more than %u entries; rest ignored", BLS_MAX_ENTRIES);
			break;
		}
		if (asprintf(&path, "%s/%s", dir, names[i]) < 0) {
			r = -ENOMEM;
			break;
		}
		r = fsa_read(vol->fs, path, BLS_MAX_FILE, &text, NULL);
		if (r < 0) {
			diag_add(diags, path, 0, "%s", r == -EFBIG ? "larger than the entry size limit; skipped" : fsa_strerror(r));
			free(path);
			r = 0;
			continue;
		}
		r = bls_entry_parse(vol, dir, names[i], text, &e, diags);
		free(text);
		free(path);
		if (r < 0)
			break;
		if (!e)
			continue;
		if (asprintf(&path, "bls:%s:", vol->name) < 0) {
			boot_entry_free(e);
			r = -ENOMEM;
			break;
		}
		r = bls_list_add(l, e, names[i], ".conf");
		if (r >= 0) {
			struct bls_item *it = &l->v[l->n - 1];

			free(it->e->id);
			if (asprintf(&it->e->id, "%s%s", path, it->stem) < 0) {
				it->e->id = NULL;
				r = -ENOMEM;
			}
		}
		free(path);
		if (r < 0)
			break;
		added++;
	}
	fsa_names_free(names, n);
	return r;
}

int bls_scan_dir(const struct boot_volume *vol, const char *dir, struct boot_set *out, struct diag_list *diags)
{
	struct bls_list l = { 0 };
	int r = bls_collect_dir(vol, dir, &l, diags);

	if (r >= 0) {
		bls_list_sort(&l);
		r = bls_list_move(&l, out);
	}
	bls_list_done(&l);
	return r;
}

static bool bls_item_matches(const struct bls_item *it, const char *pattern)
{
	return fnmatch(pattern, it->fname, 0) == 0 || fnmatch(pattern, it->stem, 0) == 0;
}

static int bls_timeout_parse(const char *v)
{
	char *end;
	long t;

	if (strcmp(v, "menu-force") == 0)
		return -1;
	if (strcmp(v, "menu-hidden") == 0 || strcmp(v, "menu-disabled") == 0)
		return 0;
	t = strtol(v, &end, 10);
	if (end == v || *end || t < 0)
		return BOOT_TIMEOUT_UNSET;
	return t > 86400 ? 86400 : (int)t;
}

int bls_loader_conf(const struct boot_volume *vol, const char *path, const struct bls_list *l,
		    struct boot_set *out, struct diag_list *diags)
{
	_cleanup_free_ char *text = NULL, *deflt = NULL, *name = NULL;
	const char *p;
	unsigned line = 0;
	int r;

	if (!vol->fs)
		return -ENOENT;
	r = fsa_read(vol->fs, path, BLS_MAX_FILE, &text, NULL);
	if (r < 0)
		return r;
	if (asprintf(&name, "%s:%s", vol->name, path) < 0) {
		name = NULL;
		return -ENOMEM;
	}
	for (p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char key[32], val[256];
		const char *k = p, *v;
		size_t kl, vl;

		p += n + (nl ? 1 : 0);
		line++;
		while (n && (*k == ' ' || *k == '\t'))
			k++, n--;
		if (!n || *k == '#')
			continue;
		kl = strcspn(k, " \t\n");
		if (kl > n)
			kl = n;
		v = k + kl;
		vl = n - kl;
		while (vl && (*v == ' ' || *v == '\t'))
			v++, vl--;
		while (vl && isspace((unsigned char)v[vl - 1]))
			vl--;
		if (kl >= sizeof(key) || vl >= sizeof(val)) {
			diag_add(diags, name, line, "line too long; ignored");
			continue;
		}
		memcpy(key, k, kl);
		key[kl] = '\0';
		memcpy(val, v, vl);
		val[vl] = '\0';
		if (strcmp(key, "default") == 0) {
			if (str_set(&deflt, val) < 0)
				return -ENOMEM;
		} else if (strcmp(key, "timeout") == 0) {
			int t = bls_timeout_parse(val);

			if (t == BOOT_TIMEOUT_UNSET)
				diag_add(diags, name, line, "bad timeout '%s'", val);
			else if (out->timeout == BOOT_TIMEOUT_UNSET)
				out->timeout = t;
		}
	}
	if (deflt && deflt[0] != '@' && !out->default_id) {
		for (size_t i = 0; i < l->n; i++)
			if (l->v[i].e && bls_item_matches(&l->v[i], deflt))
				return str_set(&out->default_id, l->v[i].e->id);
		diag_add(diags, name, 0, "default '%s' matches no entry", deflt);
	}
	return 0;
}
