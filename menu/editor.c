// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The command-line editor behind `e`: one line, a cursor, insert at the
 * cursor, Backspace/Delete, Home/End (also Ctrl-A/Ctrl-E), Left/Right (also
 * Ctrl-B/Ctrl-F), Ctrl-K (kill to end), Ctrl-U (kill to start), Enter to
 * accept, Esc (or Ctrl-C) to cancel. Readline's keys, because GRUB's editor
 * uses the same ones.
 */
#include "menu/menu.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void menu_editor_done(struct menu_editor *e)
{
	free(e->buf);
	memset(e, 0, sizeof(*e));
}

static int menu_editor_reserve(struct menu_editor *e, size_t want)
{
	size_t cap;
	char *p;

	if (want > MENU_CMDLINE_MAX)
		return -E2BIG;
	if (want + 1 <= e->cap)
		return 0;
	cap = e->cap ? e->cap : 64;
	while (cap < want + 1)
		cap *= 2;
	p = realloc(e->buf, cap);
	if (!p)
		return -ENOMEM;
	e->buf = p;
	e->cap = cap;
	return 0;
}

int menu_editor_set(struct menu_editor *e, const char *text)
{
	size_t n = text ? strlen(text) : 0;
	int r;

	r = menu_editor_reserve(e, n);
	if (r < 0)
		return r;
	if (n)
		memcpy(e->buf, text, n);
	e->buf[n] = '\0';
	e->len = n;
	e->cursor = n;
	return 0;
}

static enum menu_editor_result menu_editor_insert(struct menu_editor *e, char c)
{
	if (menu_editor_reserve(e, e->len + 1) < 0)
		return MENU_EDITOR_UNCHANGED;
	memmove(e->buf + e->cursor + 1, e->buf + e->cursor, e->len - e->cursor + 1);
	e->buf[e->cursor++] = c;
	e->len++;
	return MENU_EDITOR_CHANGED;
}

/* Removes buf[from, to). */
static enum menu_editor_result menu_editor_cut(struct menu_editor *e, size_t from, size_t to)
{
	if (from >= to)
		return MENU_EDITOR_UNCHANGED;
	memmove(e->buf + from, e->buf + to, e->len - to + 1);
	e->len -= to - from;
	e->cursor = from;
	return MENU_EDITOR_CHANGED;
}

static enum menu_editor_result menu_editor_move(struct menu_editor *e, size_t to)
{
	if (to == e->cursor)
		return MENU_EDITOR_UNCHANGED;
	e->cursor = to;
	return MENU_EDITOR_CHANGED;
}

enum menu_editor_result menu_editor_key(struct menu_editor *e, int key)
{
	if (!e->buf && menu_editor_set(e, "") < 0)
		return MENU_EDITOR_UNCHANGED;

	switch (key) {
	case KEY_ENTER:
		return MENU_EDITOR_ACCEPT;
	case KEY_ESC:
	case KEY_CTRL('C'):
		return MENU_EDITOR_CANCEL;
	case KEY_LEFT:
	case KEY_CTRL('B'):
		return e->cursor ? menu_editor_move(e, e->cursor - 1) : MENU_EDITOR_UNCHANGED;
	case KEY_RIGHT:
	case KEY_CTRL('F'):
		return e->cursor < e->len ? menu_editor_move(e, e->cursor + 1) : MENU_EDITOR_UNCHANGED;
	case KEY_HOME:
	case KEY_CTRL('A'):
		return menu_editor_move(e, 0);
	case KEY_END:
	case KEY_CTRL('E'):
		return menu_editor_move(e, e->len);
	case KEY_BACKSPACE:
		return e->cursor ? menu_editor_cut(e, e->cursor - 1, e->cursor) : MENU_EDITOR_UNCHANGED;
	case KEY_DELETE:
	case KEY_CTRL('D'):
		return e->cursor < e->len ? menu_editor_cut(e, e->cursor, e->cursor + 1)
					  : MENU_EDITOR_UNCHANGED;
	case KEY_CTRL('K'):
		return menu_editor_cut(e, e->cursor, e->len);
	case KEY_CTRL('U'):
		return menu_editor_cut(e, 0, e->cursor);
	default:
		break;
	}
	/*
	 * Printable ASCII goes in; controls, unknown keys and non-ASCII bytes do not
	 * (one byte is one column, so the cursor on screen is where the byte is).
	 */
	if (key >= 0x20 && key < 0x7f)
		return menu_editor_insert(e, (char)key);
	return MENU_EDITOR_UNCHANGED;
}
