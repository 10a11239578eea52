// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The generated initrd (boot/compose/compose.h): the list of what goes in,
 * sorted with its parent directories, counted, then written once into a
 * sensitive blob of exactly that size.
 */
#include "boot/compose/compose.h"
#include "initramfs/cpio.h"
#include "lib/cleanup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_FILE_MODE 0400
#define GEN_DIR_MODE 0500
/* Files plus their parent directories (each path has a few). */
#define GEN_MAX_ITEMS (4 * (SECRETS_MAX + COMPOSE_MAX_FILES + 1))

struct gen_item {
	char *path;        /* owned, relative (no leading '/') */
	const void *data;  /* borrowed; NULL for a directory */
	size_t size;
	bool dir;
};

struct gen_list {
	struct gen_item v[GEN_MAX_ITEMS];
	size_t n;
};

static void gen_list_done(struct gen_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path);
	l->n = 0;
}

int compose_source_url(const char *origin, char **ret)
{
	static const char *const schemes[] = { "http://", "https://", "tftp://" };
	const char *end, *colon, *slash;
	bool url = false;

	*ret = NULL;
	for (size_t i = 0; origin && i < ARRAY_SIZE(schemes); i++)
		url = url || !strncmp(origin, schemes[i], strlen(schemes[i]));
	if (!url)
		return 0;
	end = origin + strlen(origin);
	colon = strrchr(origin, ':');
	slash = strrchr(origin, '/');
	/* "...cfg:12": a line number after the path (a port comes before the path's last '/'). */
	if (colon && slash && slash > strstr(origin, "://") + 2 && colon > slash && colon[1]) {
		const char *d = colon + 1;

		while (*d >= '0' && *d <= '9')
			d++;
		if (!*d)
			end = colon;
	}
	*ret = strndup(origin, (size_t)(end - origin));
	return *ret ? 0 : -ENOMEM;
}

bool compose_path_valid(const char *path)
{
	size_t len;

	if (!path || path[0] != '/')
		return false;
	len = strlen(path);
	if (len < 2 || len >= COMPOSE_PATH_MAX)
		return false;
	for (const char *p = path; *p;) {
		const char *part = p + 1, *end = strchr(part, '/');
		size_t n = end ? (size_t)(end - part) : strlen(part);

		if (n == 0 || (n == 1 && part[0] == '.') || (n == 2 && part[0] == '.' && part[1] == '.'))
			return false;
		p = part + n;
	}
	return true;
}

int compose_input_add_file(struct compose_input *in, const char *path, const struct blob *bytes,
			   struct diag_list *why)
{
	if (!compose_path_valid(path))
		return diag_fail(why, EINVAL, "compose: '%s' is not a valid path for the generated initrd",
				 path ? path : "");
	if (in->n_files >= COMPOSE_MAX_FILES)
		return diag_fail(why, E2BIG, "compose: more than %d generated files", COMPOSE_MAX_FILES);
	in->files[in->n_files++] = (struct compose_file){ path, bytes };
	return 0;
}

/* Adds path (absolute, valid) and every parent directory not listed yet. */
static int gen_add(struct gen_list *l, const char *path, const void *data, size_t size, struct diag_list *why)
{
	const char *rel = path + 1;

	for (const char *slash = strchr(rel, '/');; slash = strchr(slash + 1, '/')) {
		size_t n = slash ? (size_t)(slash - rel) : strlen(rel);
		bool dir = slash != NULL, seen = false;

		for (size_t i = 0; i < l->n; i++) {
			if (strlen(l->v[i].path) != n || memcmp(l->v[i].path, rel, n))
				continue;
			if (!dir || !l->v[i].dir)
				return diag_fail(why, EEXIST, "compose: '%s' is in the generated initrd twice", path);
			seen = true;
		}
		if (!seen) {
			if (l->n >= GEN_MAX_ITEMS)
				return diag_fail(why, E2BIG, "compose: too many files in the generated initrd");
			l->v[l->n].path = strndup(rel, n);
			if (!l->v[l->n].path)
				return diag_fail(why, ENOMEM, "compose: out of memory");
			l->v[l->n] = (struct gen_item){ l->v[l->n].path, dir ? NULL : data, dir ? 0 : size, dir };
			l->n++;
		}
		if (!slash)
			return 0;
	}
}

static int gen_item_cmp(const void *a, const void *b)
{
	return strcmp(((const struct gen_item *)a)->path, ((const struct gen_item *)b)->path);
}

static int gen_collect(const struct compose_input *in, struct gen_list *l, struct diag_list *why)
{
	const char *dir = in->credentials_dir ? in->credentials_dir : COMPOSE_CREDENTIALS_DIR;
	int r = 0;

	if (in->secrets && in->secrets->n && !compose_path_valid(dir))
		return diag_fail(why, EINVAL, "compose: '%s' is not a valid credentials directory", dir);
	for (size_t i = 0; r >= 0 && in->secrets && i < in->secrets->n; i++) {
		const struct secret *s = &in->secrets->v[i];
		char path[COMPOSE_PATH_MAX];

		if (!secret_name_valid(s->name) ||
		    snprintf(path, sizeof(path), "%s/%s", dir, s->name) >= (int)sizeof(path))
			return diag_fail(why, EINVAL, "compose: secret '%s' has no valid path", s->name);
		r = gen_add(l, path, s->bytes.data, s->bytes.size, why);
	}
	if (r >= 0 && in->source_url)
		r = gen_add(l, COMPOSE_SOURCE_URL, in->source_url, strlen(in->source_url), why);
	for (size_t i = 0; r >= 0 && i < in->n_files; i++) {
		if (!compose_path_valid(in->files[i].path))
			return diag_fail(why, EINVAL, "compose: '%s' is not a valid path", in->files[i].path);
		r = gen_add(l, in->files[i].path, in->files[i].bytes->data, in->files[i].bytes->size, why);
	}
	if (r >= 0 && l->n)
		qsort(l->v, l->n, sizeof(l->v[0]), gen_item_cmp);
	return r;
}

static int gen_write(const struct gen_list *l, int (*sink)(void *, const void *, size_t), void *userdata)
{
	struct cpio_writer w;
	int r = 0;

	cpio_writer_init(&w, sink, userdata);
	for (size_t i = 0; r >= 0 && i < l->n; i++)
		r = l->v[i].dir ? cpio_add_dir(&w, l->v[i].path, GEN_DIR_MODE)
				: cpio_add_file(&w, l->v[i].path, GEN_FILE_MODE, l->v[i].data, l->v[i].size);
	if (r >= 0)
		r = cpio_finish(&w);
	return r;
}

int compose_generate(struct composed *c, const struct compose_input *in, struct diag_list *why)
{
	_cleanup_(gen_list_done) struct gen_list list = { .n = 0 };
	struct blob gen = BLOB_INIT;
	struct cpio_mem mem;
	const struct blob **pieces;
	size_t size = 0;
	int r;

	if (c->generated.store != BLOB_EMPTY)
		return diag_fail(why, EBUSY, "compose: the initrd was generated already");
	r = gen_collect(in, &list, why);
	if (r < 0 || list.n == 0)
		return r;
	/* Room for the last piece first: nothing can fail once the bytes are written. */
	pieces = realloc(c->pieces, (c->n_pieces + 1) * sizeof(*pieces));
	if (!pieces)
		return diag_fail(why, ENOMEM, "compose: out of memory");
	c->pieces = pieces;
	r = gen_write(&list, cpio_sink_count, &size);
	if (r < 0)
		return diag_fail(why, r, "compose: the generated initrd: %s", strerror(-r));
	r = blob_new_heap(size, true, "generated initrd", &gen);
	if (r < 0)
		return diag_fail(why, r, "compose: no locked memory for the generated initrd: %s", strerror(-r));
	mem = (struct cpio_mem){ .buf = gen.storage, .cap = size, .len = 0 };
	r = gen_write(&list, cpio_sink_mem, &mem);
	if (r >= 0 && mem.len != size)
		r = -EIO;
	if (r < 0) {
		blob_release(&gen); /* wipes what was written */
		return diag_fail(why, r, "compose: the generated initrd: %s", strerror(-r));
	}
	c->generated = gen;
	c->pieces[c->n_pieces++] = &c->generated;
	return 0;
}
