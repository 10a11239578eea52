// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The menu system's structure in a syslinux config (menu.c32, vesamenu.c32):
 * MENU BEGIN ... MENU END submenus and how their entries are titled, and
 * which label the set's default is. kexboot's menu is flat: a submenu's
 * labels become entries titled "Submenu>Label".
 */
#include "boot/syslinux/internal.h"
#include "lib/strbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void ssub_done(struct ssub *m)
{
	free(m->label);
	free(m->title);
	free(m->tag);
}

/* MENU BEGIN [tag]: the labels up to the matching MENU END belong to a new submenu. */
void ssub_begin(struct sstate *s, const char *tag, const char *file, unsigned line)
{
	struct ssub *v;

	if (s->n_open >= SYSLINUX_MAX_MENU_DEPTH || s->n_subs >= SYSLINUX_MAX_SUBMENUS) {
		if (!s->sub_said)
			diag_add(s->diags, file, line, "submenus nested deeper than %u or more than %u; "
				 "its labels join the menu around it", SYSLINUX_MAX_MENU_DEPTH, SYSLINUX_MAX_SUBMENUS);
		s->sub_said = true;
		return;
	}
	v = realloc(s->subs, (s->n_subs + 1) * sizeof(*v));
	if (!v) {
		s->err = -ENOMEM;
		return;
	}
	s->subs = v;
	v = &v[s->n_subs];
	memset(v, 0, sizeof(*v));
	v->parent = s->n_open ? s->open[s->n_open - 1] : -1;
	if (*tag && !(v->tag = strndup(tag, strcspn(tag, " \t")))) {
		s->err = -ENOMEM;
		return;
	}
	s->open[s->n_open++] = (int)s->n_subs++;
	s->in_label = false;
}

void ssub_end(struct sstate *s, const char *file, unsigned line)
{
	if (!s->n_open) {
		diag_add(s->diags, file, line, "MENU END without MENU BEGIN ignored");
		return;
	}
	s->n_open--;
	s->in_label = false; /* what follows belongs to no LABEL until the next one */
}

/* The innermost open submenu while no LABEL is being read: MENU LABEL names it. */
struct ssub *ssub_naming(struct sstate *s)
{
	return s->n_open && !s->in_label ? &s->subs[s->open[s->n_open - 1]] : NULL;
}

/* A submenu as its parent lists it: MENU LABEL, else MENU TITLE, else its tag. */
static const char *ssub_name(const struct ssub *m)
{
	return m->label && *m->label ? m->label : m->title && *m->title ? m->title : m->tag ? m->tag : "Submenu";
}

/* The label's title behind the titles of the submenus holding it: "Tools>Memtest". */
int ssub_title(const struct sstate *s, const struct slabel *l, char **ret)
{
	const char *names[SYSLINUX_MAX_MENU_DEPTH];
	size_t n = 0;
	struct strbuf b = STRBUF_INIT;
	int r = 0;

	for (int m = l->sub; m >= 0 && n < SYSLINUX_MAX_MENU_DEPTH; m = s->subs[m].parent)
		names[n++] = ssub_name(&s->subs[m]);
	while (n > 0 && r >= 0) {
		r = strbuf_puts(&b, names[--n]);
		if (r >= 0)
			r = strbuf_putc(&b, '>');
	}
	if (r >= 0)
		r = strbuf_puts(&b, l->title && *l->title ? l->title : l->label);
	if (r < 0) {
		strbuf_done(&b);
		return -ENOMEM;
	}
	free(*ret);
	*ret = strbuf_steal(&b);
	return *ret ? 0 : -ENOMEM;
}

/* The set's default: the first of ONTIMEOUT (when a timeout runs), MENU DEFAULT, DEFAULT that names a label. */
int ssub_default(const struct sstate *s, const int *made, struct boot_set *out)
{
	const char *want[] = { s->timeout > 0 ? s->ontimeout : NULL, s->menu_default, s->deflt };

	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
		/* "ONTIMEOUT label args" and "DEFAULT vesamenu.c32": the first word, and only a label counts */
		size_t n = want[w] ? strcspn(want[w], " \t") : 0;

		for (size_t i = 0; n && i < s->n; i++)
			if (made[i] >= 0 && strlen(s->labels[i].label) == n && strncmp(s->labels[i].label, want[w], n) == 0)
				return str_set(&out->default_id, out->entries[made[i]]->id);
	}
	return 0; /* a menu module or nothing: the menu's first entry */
}
