// SPDX-License-Identifier: GPL-2.0-or-later
#include "init/modules.h"
#include "lib/cleanup.h"
#include "loader/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef MODULE_INIT_COMPRESSED_FILE
#define MODULE_INIT_COMPRESSED_FILE 4
#endif

static const char *const module_suffixes[] = { ".ko.xz", ".ko.zst", ".ko.gz", ".ko" };

char *module_name_normalise(const char *path_or_name)
{
	const char *base = strrchr(path_or_name, '/');
	size_t len;
	char *s;

	base = base ? base + 1 : path_or_name;
	len = strlen(base);
	for (size_t i = 0; i < ARRAY_SIZE(module_suffixes); i++) {
		size_t sl = strlen(module_suffixes[i]);

		if (len > sl && !strcmp(base + len - sl, module_suffixes[i])) {
			len -= sl;
			break;
		}
	}
	s = strndup(base, len);
	if (!s)
		return NULL;
	for (char *p = s; *p; p++)
		if (*p == '-')
			*p = '_';
	return s;
}

static void module_info_done(struct module_info *m)
{
	free(m->name);
	free(m->path);
	for (size_t i = 0; i < m->n_deps; i++)
		free(m->deps[i]);
	free(m->deps);
}

void module_db_done(struct module_db *db)
{
	for (size_t i = 0; i < db->n; i++)
		module_info_done(&db->mods[i]);
	free(db->mods);
	db->mods = NULL;
	db->n = 0;
}

static int module_db_add_line(struct module_db *db, const char *line, size_t len)
{
	struct module_info m = { 0 }, *n;
	const char *colon = memchr(line, ':', len), *p, *end = line + len;

	if (!colon || colon == line)
		return 0; /* not a module line; modules.dep has none such, ignore */
	m.path = strndup(line, (size_t)(colon - line));
	if (!m.path)
		return -ENOMEM;
	m.name = module_name_normalise(m.path);
	if (!m.name)
		goto nomem;
	for (p = colon + 1; p < end;) {
		const char *w;
		char **d;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		w = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		if (p == w)
			break;
		d = realloc(m.deps, (m.n_deps + 1) * sizeof(*d));
		if (!d)
			goto nomem;
		m.deps = d;
		m.deps[m.n_deps] = strndup(w, (size_t)(p - w));
		if (!m.deps[m.n_deps])
			goto nomem;
		m.n_deps++;
	}
	n = realloc(db->mods, (db->n + 1) * sizeof(*n));
	if (!n)
		goto nomem;
	db->mods = n;
	db->mods[db->n++] = m;
	return 0;
nomem:
	module_info_done(&m);
	return -ENOMEM;
}

int module_db_parse(struct module_db *db, const char *text)
{
	const char *p = text;

	db->mods = NULL;
	db->n = 0;
	while (*p) {
		size_t len = strcspn(p, "\n");
		int r = module_db_add_line(db, p, len);

		if (r < 0) {
			module_db_done(db);
			return r;
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	return 0;
}

const struct module_info *module_db_find(const struct module_db *db, const char *name)
{
	_cleanup_free_ char *norm = module_name_normalise(name);

	if (!norm)
		return NULL;
	for (size_t i = 0; i < db->n; i++)
		if (!strcmp(db->mods[i].name, norm))
			return &db->mods[i];
	return NULL;
}

static const struct module_info *module_db_find_path(const struct module_db *db, const char *path)
{
	for (size_t i = 0; i < db->n; i++)
		if (!strcmp(db->mods[i].path, path))
			return &db->mods[i];
	return NULL;
}

static bool order_has(const struct strbuf *paths, const char *path)
{
	size_t pl = strlen(path);

	for (const char *p = paths->buf; p && *p;) {
		size_t len = strcspn(p, "\n");

		if (len == pl && !strncmp(p, path, pl))
			return true;
		p += len + (p[len] == '\n');
	}
	return false;
}

static int order_add(const struct module_db *db, const struct module_info *m, struct strbuf *paths,
		     unsigned depth)
{
	int r;

	if (depth > MODULES_MAX_DEPTH)
		return -ELOOP;
	if (order_has(paths, m->path))
		return 0;
	/* modules.dep lists the deepest dependency last: load from the end. */
	for (size_t i = m->n_deps; i-- > 0;) {
		const struct module_info *d = module_db_find_path(db, m->deps[i]);

		if (!d) {
			if (order_has(paths, m->deps[i]))
				continue;
			r = strbuf_printf(paths, "%s\n", m->deps[i]);
		} else {
			r = order_add(db, d, paths, depth + 1);
		}
		if (r < 0)
			return r;
	}
	return strbuf_printf(paths, "%s\n", m->path);
}

int module_db_order(const struct module_db *db, const char *const *names, size_t n_names,
		    struct strbuf *paths, struct diag_list *complaints)
{
	for (size_t i = 0; i < n_names; i++) {
		const struct module_info *m = module_db_find(db, names[i]);
		int r;

		if (!m) {
			(void)diag_note(complaints, "module %s: not in modules.dep (built in?), skipped", names[i]);
			continue;
		}
		r = order_add(db, m, paths, 0);
		if (r == -ELOOP) {
			(void)diag_note(complaints, "module %s: dependency loop, skipped", names[i]);
			continue;
		}
		if (r < 0)
			return r;
	}
	return 0;
}

static bool path_is_compressed(const char *path)
{
	size_t len = strlen(path);

	return (len > 3 && !strcmp(path + len - 3, ".xz")) || (len > 4 && !strcmp(path + len - 4, ".zst")) ||
	       (len > 3 && !strcmp(path + len - 3, ".gz"));
}

static int module_load_one(int dirfd, const char *path, struct strbuf *loaded, struct diag_list *log)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *name = NULL;
	int r;

	name = module_name_normalise(path);
	if (!name)
		return -ENOMEM;
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		(void)diag_note(log, "module %s: cannot open %s: %s", name, path, strerror(errno));
		return -errno;
	}
	r = sys_finit_module(fd, "", path_is_compressed(path) ? MODULE_INIT_COMPRESSED_FILE : 0);
	if (r == -EEXIST)
		return 0;
	if (r < 0) {
		(void)diag_note(log, "module %s: %s", name, strerror(-r));
		return r;
	}
	strbuf_printf(loaded, "%s\n", name);
	return 1;
}

int modules_load(const char *moddir, const char *order, struct strbuf *loaded, struct diag_list *log)
{
	_cleanup_close_ int dirfd = -1;
	int count = 0;

	dirfd = open(moddir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0) {
		(void)diag_note(log, "modules: %s: %s", moddir, strerror(errno));
		return -errno;
	}
	for (const char *p = order; p && *p;) {
		size_t len = strcspn(p, "\n");
		_cleanup_free_ char *path = strndup(p, len);

		if (!path)
			return -ENOMEM;
		if (len && module_load_one(dirfd, path, loaded, log) > 0)
			count++;
		p += len + (p[len] == '\n');
	}
	return count;
}
