// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * GRUB variables and word expansion. Expansion follows GRUB script: single
 * quotes are literal, double quotes expand $var without splitting, an
 * unquoted $var is split into fields on blanks, a backslash quotes the next
 * character. "\xNN" is kept as written (Fedora/RHEL media labels rely on the
 * kernel command line seeing it).
 */
#include "boot/grub/internal.h"
#include "lib/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define GENV_TOMB UINT32_MAX
#define GENV_MIN_SLOTS 16

static size_t genv_hash(const char *name)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

/* The slot holding name, or SIZE_MAX. */
static size_t genv_slot(const struct genv *e, const char *name)
{
	size_t mask = e->n_slots - 1;

	if (!e->n_slots)
		return SIZE_MAX;
	for (size_t i = genv_hash(name) & mask;; i = (i + 1) & mask) {
		uint32_t s = e->slots[i];

		if (s == 0)
			return SIZE_MAX;
		if (s != GENV_TOMB && strcmp(e->v[s - 1].name, name) == 0)
			return i;
	}
}

static void genv_slot_put(uint32_t *slots, size_t n_slots, const char *name, size_t idx)
{
	size_t mask = n_slots - 1, i = genv_hash(name) & mask;

	while (slots[i] != 0 && slots[i] != GENV_TOMB)
		i = (i + 1) & mask;
	slots[i] = (uint32_t)(idx + 1);
}

/* Room for one more name: at most 3/4 of the slots used, tombstones included. */
static int genv_index_reserve(struct genv *e)
{
	size_t want = e->n_slots ? e->n_slots : GENV_MIN_SLOTS;
	uint32_t *slots;

	if ((e->n + 1 + e->n_tomb) * 4 <= e->n_slots * 3)
		return 0;
	while ((e->n + 1) * 2 > want)
		want *= 2;
	slots = calloc(want, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < e->n; i++)
		genv_slot_put(slots, want, e->v[i].name, i);
	free(e->slots);
	e->slots = slots;
	e->n_slots = want;
	e->n_tomb = 0;
	return 0;
}

static struct gvar *genv_find(const struct genv *e, const char *name)
{
	size_t s = genv_slot(e, name);

	return s == SIZE_MAX ? NULL : &e->v[e->slots[s] - 1];
}

const char *genv_get(const struct genv *e, const char *name)
{
	struct gvar *v = genv_find(e, name);

	return v ? v->value : NULL;
}

int genv_set(struct genv *e, const char *name, const char *value)
{
	struct gvar *v = genv_find(e, name);
	size_t vl = strlen(value ? value : ""), old = v ? strlen(v->value) : 0;
	size_t grow = vl + (v ? 0 : strlen(name) + 1);
	char *nv;

	if (e->bytes - old + grow > GRUB_MAX_ENV)
		return -E2BIG;
	nv = strdup(value ? value : "");
	if (!nv)
		return -ENOMEM;
	e->bytes = e->bytes - old + grow;
	if (!v) {
		struct gvar *a = genv_index_reserve(e) < 0 ? NULL : ggrow(e->v, e->n, sizeof(*a));
		char *nn = strdup(name);

		if (!a || !nn) {
			if (a)
				e->v = a;
			free(nn);
			free(nv);
			return -ENOMEM;
		}
		e->v = a;
		genv_slot_put(e->slots, e->n_slots, nn, e->n);
		v = &a[e->n++];
		v->name = nn;
		v->value = NULL;
		v->exported = false;
	}
	free(v->value);
	v->value = nv;
	return 0;
}

int genv_export(struct genv *e, const char *name)
{
	struct gvar *v = genv_find(e, name);
	int r;

	if (!v) {
		r = genv_set(e, name, "");
		if (r < 0)
			return r;
		v = genv_find(e, name);
	}
	v->exported = true;
	return 0;
}

void genv_unset(struct genv *e, const char *name)
{
	size_t s = genv_slot(e, name), idx, last;
	struct gvar *v;

	if (s == SIZE_MAX)
		return;
	idx = e->slots[s] - 1;
	v = &e->v[idx];
	e->slots[s] = GENV_TOMB;
	e->n_tomb++;
	e->bytes -= strlen(v->name) + 1 + strlen(v->value);
	free(v->name);
	free(v->value);
	last = --e->n;
	if (idx != last) {
		/* The last variable moves into the hole: its slot follows it. */
		e->slots[genv_slot(e, e->v[last].name)] = (uint32_t)(idx + 1);
		*v = e->v[last];
	}
}

int genv_clone(const struct genv *src, bool all, struct genv *dst)
{
	memset(dst, 0, sizeof(*dst));
	for (size_t i = 0; i < src->n; i++) {
		if (!all && !src->v[i].exported)
			continue;
		if (genv_set(dst, src->v[i].name, src->v[i].value) < 0 ||
		    (src->v[i].exported && genv_export(dst, src->v[i].name) < 0)) {
			genv_done(dst);
			return -ENOMEM;
		}
	}
	return 0;
}

void genv_done(struct genv *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->v[i].name);
		free(e->v[i].value);
	}
	free(e->v);
	free(e->slots);
	memset(e, 0, sizeof(*e));
}

void gwords_done(struct gwords *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	memset(w, 0, sizeof(*w));
}

int gwords_push(struct gwords *w, const char *s, size_t len)
{
	char **v;
	char *c = strndup(s, len);

	if (!c)
		return -ENOMEM;
	if (w->n == w->cap) {
		size_t ncap = w->cap ? w->cap * 2 : 8;

		v = realloc(w->v, ncap * sizeof(*v));
		if (!v) {
			free(c);
			return -ENOMEM;
		}
		w->v = v;
		w->cap = ncap;
	}
	w->v[w->n++] = c;
	return 0;
}

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/*
 * Parses a variable reference at s (just after '$'). Returns the number of
 * bytes consumed (0 when this is no reference) and the value (NULL: unset).
 */
static size_t gvar_ref(const struct genv *env, const struct gargs *args, const char *s,
		       const char **ret_val)
{
	char name[256];
	size_t n = 0, used;

	if (*s == '{') {
		const char *e = strchr(s + 1, '}');

		if (!e || (size_t)(e - s - 1) >= sizeof(name))
			return 0;
		n = (size_t)(e - s - 1);
		memcpy(name, s + 1, n);
		used = n + 2;
	} else if (*s == '?' || *s == '#' || *s == '@' || *s == '*') {
		name[0] = *s;
		n = 1;
		used = 1;
	} else {
		while (is_name_char(s[n]) && n < sizeof(name) - 1)
			n++;
		if (n == 0)
			return 0;
		memcpy(name, s, n);
		used = n;
	}
	name[n] = '\0';
	*ret_val = NULL;
	if (strcmp(name, "?") == 0) {
		*ret_val = genv_get(env, "?");
		if (!*ret_val)
			*ret_val = "0";
	} else if (strcmp(name, "#") == 0) {
		static const char *const digits[] = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };

		*ret_val = args && args->n < 10 ? digits[args->n] : "9";
	} else if (isdigit((unsigned char)name[0])) {
		unsigned long k = strtoul(name, NULL, 10);

		if (args && k >= 1 && k <= args->n)
			*ret_val = args->v[k - 1];
	} else {
		*ret_val = genv_get(env, name);
	}
	return used;
}

struct gfield {
	struct strbuf sb;
	bool have;
	int err;
	size_t total; /* bytes of all fields so far */
};

static void gfield_add(struct gfield *f, const char *s, size_t n)
{
	if (f->err)
		return;
	if (f->sb.len + n > GRUB_MAX_VALUE || f->total + n > GRUB_MAX_EXPANSION) {
		f->err = -E2BIG;
		return;
	}
	f->total += n;
	if (strbuf_append(&f->sb, s, n) < 0)
		f->err = -ENOMEM;
	f->have = true;
}

static void gfield_end(struct gfield *f, struct gwords *out)
{
	if (f->err || !f->have)
		return;
	if (out->n >= GRUB_MAX_ARGS) {
		f->err = -E2BIG;
		return;
	}
	if (gwords_push(out, f->sb.buf ? f->sb.buf : "", f->sb.len) < 0)
		f->err = -ENOMEM;
	f->sb.len = 0;
	if (f->sb.buf)
		f->sb.buf[0] = '\0';
	f->have = false;
}

static bool is_hex(char c)
{
	return isxdigit((unsigned char)c);
}

static void gexpand_one(const struct genv *env, const struct gargs *args, const char *w,
			struct gfield *f, struct gwords *out)
{
	size_t i = 0;

	while (w[i] && !f->err) {
		char c = w[i];

		if (c == '\\') {
			if (w[i + 1] == '\n') {
				i += 2;
			} else if (w[i + 1] == 'x' && is_hex(w[i + 2]) && is_hex(w[i + 3])) {
				gfield_add(f, w + i, 4);
				i += 4;
			} else if (w[i + 1]) {
				gfield_add(f, w + i + 1, 1);
				i += 2;
			} else {
				i++;
			}
		} else if (c == '\'') {
			const char *e = strchr(w + i + 1, '\'');
			size_t n = e ? (size_t)(e - (w + i + 1)) : strlen(w + i + 1);

			gfield_add(f, w + i + 1, n);
			i += 1 + n + (e ? 1 : 0);
		} else if (c == '"') {
			f->have = true;
			i++;
			while (w[i] && w[i] != '"' && !f->err) {
				if (w[i] == '\\' && w[i + 1] && strchr("$\"\\\n", w[i + 1])) {
					if (w[i + 1] != '\n')
						gfield_add(f, w + i + 1, 1);
					i += 2;
				} else if (w[i] == '$') {
					const char *val = NULL;
					size_t used = gvar_ref(env, args, w + i + 1, &val);

					if (!used) {
						gfield_add(f, "$", 1);
						i++;
					} else {
						if (val)
							gfield_add(f, val, strlen(val));
						i += 1 + used;
					}
				} else {
					gfield_add(f, w + i, 1);
					i++;
				}
			}
			if (w[i] == '"')
				i++;
		} else if (c == '$') {
			const char *val = NULL;
			size_t used = gvar_ref(env, args, w + i + 1, &val);

			if (!used) {
				gfield_add(f, "$", 1);
				i++;
				continue;
			}
			i += 1 + used;
			/* Unquoted: split the value into fields on blanks. */
			for (const char *v = val; v && *v && !f->err; v++) {
				if (*v == ' ' || *v == '\t' || *v == '\n')
					gfield_end(f, out);
				else
					gfield_add(f, v, 1);
			}
		} else {
			gfield_add(f, w + i, 1);
			i++;
		}
	}
}

int gexpand_words(const struct genv *env, const struct gargs *args, char *const *raw, size_t n,
		  struct gwords *out)
{
	struct gfield f = { STRBUF_INIT, false, 0, 0 };

	memset(out, 0, sizeof(*out));
	for (size_t k = 0; k < n && !f.err; k++) {
		gexpand_one(env, args, raw[k], &f, out);
		gfield_end(&f, out);
	}
	strbuf_done(&f.sb);
	if (f.err) {
		gwords_done(out);
		return f.err;
	}
	return 0;
}

int gexpand_text(const struct genv *env, const char *text, char **ret)
{
	struct strbuf sb = STRBUF_INIT;
	int r = 0;

	for (size_t i = 0; text[i] && r >= 0;) {
		const char *val = NULL;
		size_t used = 0;

		if (text[i] == '$')
			used = gvar_ref(env, NULL, text + i + 1, &val);
		if (used) {
			if (val)
				r = strbuf_puts(&sb, val);
			i += 1 + used;
		} else {
			r = strbuf_putc(&sb, text[i]);
			i++;
		}
		if (sb.len > GRUB_MAX_VALUE)
			r = -E2BIG;
	}
	if (r < 0) {
		strbuf_done(&sb);
		return r;
	}
	*ret = strbuf_steal(&sb);
	return 0;
}
