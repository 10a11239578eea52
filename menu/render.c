// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The menu screen, top to bottom:
 *   1        "kexboot VERSION", and "(searching...)" while sources still look
 *   2        top border (with "more above" when scrolled)
 *   3..R-6   the list, the editor or the help text, inside | |
 *   R-5      bottom border (with "more below")
 *   R-4      the selected entry's kernel: device:path or URL
 *   R-3      its origin (config file:line), or why it is broken
 *   R-2      status message (bold), or the countdown
 *   R-1      key hints
 *   R        "in use on ttyS0" on consoles that do not own the session
 * Nothing is written to the last column, so no terminal ever auto-wraps or
 * scrolls under us.
 */
#include "menu/render.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#ifndef KEXBOOT_VERSION
#define KEXBOOT_VERSION "dev"
#endif

#define CSI "\x1b["
#define LAYOUT_FIXED_ROWS 8 /* rows that are not list rows */

struct render {
	struct strbuf *out;
	struct menu_view *v;
	size_t row_off;     /* where the current row's bytes start in out */
	unsigned row;
	unsigned rows, cols;
	size_t inner;       /* columns between the box's borders */
	bool line_drawing;
	int k;              /* any append failed */
};

/* One line of the list: an entry, or the header of a submenu group. */
struct list_line {
	size_t entry;       /* index, or SIZE_MAX for a group header */
	const char *text;   /* title leaf, or the group path */
	size_t len;
	bool grouped;       /* entry inside a group: indent */
};

static void put(struct render *r, const char *s)
{
	r->k |= strbuf_puts(r->out, s);
}

static void put_fmt(struct render *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put_fmt(struct render *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	r->k |= strbuf_vprintf(r->out, fmt, ap);
	va_end(ap);
}

static void put_spaces(struct render *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		r->k |= strbuf_putc(r->out, ' ');
}

static void row_start(struct render *r, unsigned row)
{
	r->row_off = r->out->len;
	r->row = row;
	put_fmt(r, CSI "%u;1H", row);
}

/* Ends a row; drops its bytes again when the terminal already shows exactly them. */
static void row_end(struct render *r)
{
	struct menu_view *v = r->v;
	const char *bytes;
	size_t len;
	char *copy;

	put(r, CSI "K");
	if (r->k || !v->sent || r->row == 0 || r->row > v->sent_rows)
		return;
	bytes = r->out->buf + r->row_off;
	len = r->out->len - r->row_off;
	if (v->sent[r->row - 1] && strlen(v->sent[r->row - 1]) == len &&
	    memcmp(v->sent[r->row - 1], bytes, len) == 0) {
		r->out->len = r->row_off;
		r->out->buf[r->row_off] = '\0';
		return;
	}
	copy = strndup(bytes, len); /* NULL on ENOMEM: the row is simply sent again next time */
	free(v->sent[r->row - 1]);
	v->sent[r->row - 1] = copy;
}

void menu_view_done(struct menu_view *v)
{
	for (unsigned i = 0; v->sent && i < v->sent_rows; i++)
		free(v->sent[i]);
	free(v->sent);
	v->sent = NULL;
	v->sent_rows = v->sent_cols = 0;
}

/*
 * Appends up to n bytes of s (stopping at NUL) in at most width columns.
 * Controls and non-ASCII characters become '?' (one per UTF-8 sequence).
 * Returns the columns used.
 */
static size_t put_text(struct render *r, const char *s, size_t n, size_t width)
{
	size_t used = 0;

	for (size_t i = 0; s && i < n && s[i] && used < width; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0xc0)
			while (i + 1 < n && ((unsigned char)s[i + 1] & 0xc0) == 0x80)
				i++;
		r->k |= strbuf_putc(r->out, c >= 0x20 && c < 0x7f ? (char)c : '?');
		used++;
	}
	return used;
}

static size_t put_str(struct render *r, const char *s, size_t width)
{
	return put_text(r, s, s ? strlen(s) : 0, width);
}

/*
 * Line drawing uses the Unicode box-drawing characters in UTF-8: Linux VTs
 * run in UTF-8 mode, where they ignore the DEC special-graphics switch
 * (ESC ( 0) and would show its letters ("lqqk") instead of lines.
 */
#define BOX_H "\xe2\x94\x80"  /* U+2500 */
#define BOX_V "\xe2\x94\x82"  /* U+2502 */
#define BOX_TL "\xe2\x94\x8c" /* U+250C */
#define BOX_TR "\xe2\x94\x90" /* U+2510 */
#define BOX_BL "\xe2\x94\x94" /* U+2514 */
#define BOX_BR "\xe2\x94\x98" /* U+2518 */

static void border(struct render *r, unsigned row, bool top, const char *label)
{
	const char *h = r->line_drawing ? BOX_H : "-";
	size_t n = 0;

	row_start(r, row);
	put(r, r->line_drawing ? (top ? BOX_TL : BOX_BL) : "+");
	if (label && r->inner > strlen(label) + 6) {
		put(r, h);
		put(r, h);
		put(r, " ");
		n = 4 + put_str(r, label, r->inner - 6);
		put(r, " ");
	}
	for (; n < r->inner; n++)
		put(r, h);
	put(r, r->line_drawing ? (top ? BOX_TR : BOX_BR) : "+");
	row_end(r);
}

static void box_side(struct render *r)
{
	put(r, r->line_drawing ? BOX_V : "|");
}

/* One row inside the box: text padded to the box width, in reverse video when selected. */
static void box_row(struct render *r, unsigned row, const char *text, size_t len, bool reverse)
{
	row_start(r, row);
	box_side(r);
	if (reverse)
		put(r, CSI "7m");
	put_spaces(r, r->inner - put_text(r, text, len, r->inner));
	if (reverse)
		put(r, CSI "0m");
	box_side(r);
	row_end(r);
}

static void box_row_str(struct render *r, unsigned row, const char *text)
{
	box_row(r, row, text, text ? strlen(text) : 0, false);
}

static size_t title_prefix_len(const char *t)
{
	const char *gt = t ? strrchr(t, '>') : NULL;

	return gt ? (size_t)(gt - t) : 0;
}

static const char *entry_title(const struct boot_entry *e)
{
	return e->title ? e->title : e->id ? e->id : "(untitled)";
}

/* Builds the list lines; a group header precedes each run of entries with one submenu path. */
static struct list_line *list_build(const struct boot_set *set, size_t *ret_n)
{
	size_t n = set ? set->n_entries : 0, k = 0;
	const char *prev = NULL;
	size_t prev_len = 0;
	struct list_line *lines;

	lines = calloc(n ? 2 * n : 1, sizeof(*lines));
	if (!lines)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const char *t = entry_title(set->entries[i]);
		size_t p = title_prefix_len(t);

		if (p && (!prev || prev_len != p || memcmp(prev, t, p) != 0))
			lines[k++] = (struct list_line){ SIZE_MAX, t, p, false };
		prev = t;
		prev_len = p;
		lines[k++] = (struct list_line){ i, p ? t + p + 1 : t, strlen(p ? t + p + 1 : t), p > 0 };
	}
	*ret_n = k;
	return lines;
}

size_t menu_view_list_rows(const struct menu_view *v)
{
	unsigned rows = v->rows;

	if (rows < MENU_RENDER_MIN_ROWS || rows > MENU_RENDER_MAX_DIM || v->cols < MENU_RENDER_MIN_COLS ||
	    v->cols > MENU_RENDER_MAX_DIM)
		rows = MENU_RENDER_DEFAULT_ROWS;
	return rows - LAYOUT_FIXED_ROWS;
}

/* Keeps the selected entry (and its group header, when room) inside the window. */
static void list_scroll(struct menu_view *v, const struct list_line *lines, size_t n, size_t sel_line,
			size_t height)
{
	if (sel_line < v->scroll)
		v->scroll = sel_line;
	if (sel_line >= v->scroll + height)
		v->scroll = sel_line - height + 1;
	if (v->scroll == sel_line && sel_line > 0 && lines[sel_line - 1].entry == SIZE_MAX && height > 1)
		v->scroll = sel_line - 1;
	if (n <= height)
		v->scroll = 0;
	else if (v->scroll > n - height)
		v->scroll = n - height;
}

static int render_list(struct render *r, const struct menu_state *m, struct menu_view *v, size_t height)
{
	size_t n_lines = 0, sel_line = 0;
	size_t n = m->set ? m->set->n_entries : 0;
	int digits = n >= 100 ? 3 : n >= 10 ? 2 : 1;
	struct list_line *lines;

	if (n == 0) {
		box_row_str(r, 3, m->searching ? " Searching for boot entries..." : " No boot entries found.");
		box_row_str(r, 4, m->searching ? "" : " Press r to scan the devices again, or c for the rescue shell.");
		for (size_t i = 2; i < height; i++)
			box_row_str(r, 3 + i, "");
		border(r, 2, true, NULL);
		border(r, 3 + height, false, NULL);
		return 0;
	}
	lines = list_build(m->set, &n_lines);
	if (!lines)
		return -ENOMEM;
	for (size_t i = 0; i < n_lines; i++)
		if (lines[i].entry == m->selected)
			sel_line = i;
	list_scroll(v, lines, n_lines, sel_line, height);

	border(r, 2, true, v->scroll > 0 ? "more above" : NULL);
	for (size_t i = 0; i < height; i++) {
		const struct list_line *l = v->scroll + i < n_lines ? &lines[v->scroll + i] : NULL;
		struct strbuf line = STRBUF_INIT;

		if (!l) {
			box_row_str(r, 3 + i, "");
			continue;
		}
		if (l->entry == SIZE_MAX) {
			r->k |= strbuf_printf(&line, "  %*s   ", digits, "");
			r->k |= strbuf_append(&line, l->text, l->len);
			r->k |= strbuf_puts(&line, " >");
		} else {
			const struct boot_entry *e = m->set->entries[l->entry];
			bool broken = e->state == BOOT_ENTRY_BROKEN;

			r->k |= strbuf_printf(&line, "  %*zu %c %s", digits, l->entry + 1, broken ? '!' : ' ',
					      l->grouped ? "  " : "");
			r->k |= strbuf_append(&line, l->text, l->len);
			if (broken)
				r->k |= strbuf_puts(&line, " (broken)");
		}
		box_row(r, 3 + i, line.buf, line.len, l->entry == m->selected);
		strbuf_done(&line);
	}
	border(r, 3 + height, false, v->scroll + height < n_lines ? "more below" : NULL);
	free(lines);
	return 0;
}

/* The editor: the entry's title, then the command line wrapped to the box width. */
static void render_edit(struct render *r, const struct menu_state *m, size_t height, unsigned *cur_row,
			unsigned *cur_col)
{
	const struct boot_entry *e = menu_state_entry(m, m->edit_index);
	const struct menu_editor *ed = &m->editor;
	size_t w = r->inner - 2, avail = height > 2 ? height - 2 : 1;
	size_t crow = ed->cursor / w, first = crow >= avail ? crow - avail + 1 : 0;
	struct strbuf head = STRBUF_INIT;

	r->k |= strbuf_printf(&head, " Editing: %s", e ? entry_title(e) : "");
	border(r, 2, true, first > 0 ? "more above" : NULL);
	box_row(r, 3, head.buf, head.len, false);
	strbuf_done(&head);
	box_row_str(r, 4, "");
	for (size_t i = 0; i < avail && 2 + i < height; i++) {
		size_t off = (first + i) * w;
		char buf[MENU_RENDER_MAX_DIM + 2];
		size_t len = 0;

		buf[len++] = ' ';
		if (ed->buf && off < ed->len) {
			size_t take = ed->len - off < w ? ed->len - off : w;

			/* Byte for byte, so the cursor column matches even for odd bytes. */
			for (size_t b = 0; b < take; b++) {
				unsigned char ch = (unsigned char)ed->buf[off + b];

				buf[len++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
			}
		}
		box_row(r, 5 + i, buf, len, false);
	}
	border(r, 3 + height, false, (first + avail) * w <= ed->len ? "more below" : NULL);
	*cur_row = 5 + (unsigned)(crow - first);
	*cur_col = 3 + (unsigned)(ed->cursor % w);
}

/* The lock's prompt: what it opens, and one '*' per typed byte (the bytes are never drawn). */
static void render_password(struct render *r, const struct menu_state *m, size_t height, unsigned *cur_row,
			    unsigned *cur_col)
{
	size_t w = r->inner - 2, n = m->editor.len < w ? m->editor.len : w;
	char stars[MENU_RENDER_MAX_DIM + 2];

	border(r, 2, true, "locked");
	box_row_str(r, 3, m->lock_next == 'c' ? " Password for the rescue shell:" : " Password for the editor:");
	box_row_str(r, 4, "");
	stars[0] = ' ';
	memset(stars + 1, '*', n);
	box_row(r, 5, stars, n + 1, false);
	for (size_t i = 3; i < height; i++)
		box_row_str(r, 3 + i, "");
	border(r, 3 + height, false, NULL);
	*cur_row = 5;
	*cur_col = 3 + (unsigned)n;
}

static const char *const help_lines[] = {
	" Up/Down, j/k      move the selection",
	" Home/End          first / last entry",
	" PageUp/PageDown   one screen up / down",
	" 1-9               jump to that entry (type 12 quickly for entry 12)",
	" Enter             boot the selected entry",
	" e                 edit its kernel command line, then Enter to boot it",
	" c or s            rescue shell",
	" r                 scan devices again",
	" Ctrl-L            redraw the screen",
	" ?                 this help",
	"",
	" In the editor: Left/Right, Home/End, Ctrl-A/Ctrl-E, Backspace/Delete,",
	" Ctrl-K kills to the end, Ctrl-U to the start, Esc cancels.",
	"",
	" Press any key to return.",
};

static void render_help(struct render *r, size_t height)
{
	border(r, 2, true, "help");
	for (size_t i = 0; i < height; i++)
		box_row_str(r, 3 + i, i < sizeof(help_lines) / sizeof(help_lines[0]) ? help_lines[i] : "");
	border(r, 3 + height, false, NULL);
}

static void text_row(struct render *r, unsigned row, const char *label, const char *text, bool bold)
{
	size_t w = r->cols - 1, used = 0;

	row_start(r, row);
	if (bold)
		put(r, CSI "1m");
	if (label)
		used = put_str(r, label, w);
	if (text && used < w)
		put_str(r, text, w - used);
	if (bold)
		put(r, CSI "0m");
	row_end(r);
}

static void ref_describe(struct strbuf *sb, const struct boot_ref *ref, int *k)
{
	if (ref->url)
		*k |= strbuf_puts(sb, ref->url);
	else if (ref->path)
		*k |= strbuf_printf(sb, "%s%s%s", ref->device ? ref->device : "", ref->device ? ":" : "",
				    ref->path);
	else
		*k |= strbuf_puts(sb, "(none)");
	if (ref->section)
		*k |= strbuf_printf(sb, " (section %s)", ref->section);
}

static void render_details(struct render *r, const struct menu_state *m)
{
	const struct boot_entry *e = m->mode == MENU_MODE_HELP ? NULL
		: menu_state_entry(m, m->mode == MENU_MODE_EDIT ? m->edit_index : m->selected);
	struct strbuf sb = STRBUF_INIT;

	if (!e) {
		text_row(r, r->rows - 4, NULL, NULL, false);
		text_row(r, r->rows - 3, NULL, NULL, false);
		return;
	}
	ref_describe(&sb, &e->kernel, &r->k);
	text_row(r, r->rows - 4, " Kernel: ", sb.buf, false);
	strbuf_done(&sb);
	if (e->state == BOOT_ENTRY_BROKEN)
		text_row(r, r->rows - 3, " Broken: ", e->reason ? e->reason : "entry is broken", true);
	else
		text_row(r, r->rows - 3, " From:   ", e->origin, false);
}

static void render_status(struct render *r, const struct menu_state *m)
{
	const struct boot_entry *def = menu_state_entry(m, m->default_index);
	struct strbuf sb = STRBUF_INIT;

	if (m->status) {
		text_row(r, r->rows - 2, " ", m->status, true);
		return;
	}
	if (m->countdown && def) {
		/* The instruction first: a long title is what gets cut at the edge. */
		r->k |= strbuf_printf(&sb, "Press any key to stop. Booting in %d s: '%s'", m->remaining_s,
				      entry_title(def));
		text_row(r, r->rows - 2, " ", sb.buf, false);
		strbuf_done(&sb);
		return;
	}
	text_row(r, r->rows - 2, NULL, NULL, false);
}

static void render_hints(struct render *r, const struct menu_state *m)
{
	struct strbuf sb = STRBUF_INIT;

	switch (m->mode) {
	case MENU_MODE_EDIT:
		text_row(r, r->rows - 1, " ", "Enter: boot  Esc: cancel  Ctrl-A/E: start/end  Ctrl-K/U: kill", false);
		return;
	case MENU_MODE_PASSWORD:
		text_row(r, r->rows - 1, " ", "Enter: unlock  Esc: cancel", false);
		return;
	case MENU_MODE_HELP:
		text_row(r, r->rows - 1, " ", "Press any key to return to the menu.", false);
		return;
	case MENU_MODE_LIST:
	default:
		break;
	}
	r->k |= strbuf_puts(&sb, "Up/Down: select  Enter: boot");
	if (!m->edit_locked)
		r->k |= strbuf_puts(&sb, m->password_locked ? "  e: edit (password)" : "  e: edit");
	if (!m->shell_locked)
		r->k |= strbuf_puts(&sb, m->password_locked ? "  c: shell (password)" : "  c: shell");
	r->k |= strbuf_puts(&sb, "  r: rescan  ?: help");
	text_row(r, r->rows - 1, " ", sb.buf, false);
	strbuf_done(&sb);
}

int menu_render(const struct menu_state *m, struct menu_view *v, struct strbuf *out)
{
	struct render r = { .out = out, .v = v, .rows = v->rows, .cols = v->cols,
			    .line_drawing = v->line_drawing };
	unsigned cur_row = 0, cur_col = 0;
	size_t height;
	int ret = 0;

	if (r.rows < MENU_RENDER_MIN_ROWS || r.rows > MENU_RENDER_MAX_DIM || r.cols < MENU_RENDER_MIN_COLS ||
	    r.cols > MENU_RENDER_MAX_DIM) {
		r.rows = MENU_RENDER_DEFAULT_ROWS;
		r.cols = MENU_RENDER_DEFAULT_COLS;
	}
	r.inner = r.cols - 3;
	height = r.rows - LAYOUT_FIXED_ROWS;

	/* A new size, Ctrl-L or the first picture: clear and send every row. */
	if (v->full || r.rows != v->sent_rows || r.cols != v->sent_cols || m->repaint != v->repaint_seen) {
		menu_view_done(v);
		v->full = true;
	}
	if (!v->sent) {
		v->sent = calloc(r.rows, sizeof(*v->sent));
		v->sent_rows = v->sent ? r.rows : 0;
		v->sent_cols = v->sent ? r.cols : 0;
	}
	/* Hide the cursor while drawing; reset attributes and the G0 character set. */
	put(&r, CSI "?25l" CSI "0m\x1b(B");
	if (v->full)
		put(&r, CSI "H" CSI "2J");
	v->full = false;
	v->repaint_seen = m->repaint;

	{
		struct strbuf head = STRBUF_INIT;

		r.k |= strbuf_printf(&head, "%s%s%s%s",
				     m->mode == MENU_MODE_EDIT ? " - edit command line"
				     : m->mode == MENU_MODE_PASSWORD ? " - password"
				     : m->searching ? " - boot menu (searching...)" : " - boot menu",
				     m->trust ? "  [" : "", m->trust ? m->trust : "", m->trust ? "]" : "");
		text_row(&r, 1, " kexboot " KEXBOOT_VERSION, head.buf, true);
		strbuf_done(&head);
	}
	switch (m->mode) {
	case MENU_MODE_EDIT:
		render_edit(&r, m, height, &cur_row, &cur_col);
		break;
	case MENU_MODE_PASSWORD:
		render_password(&r, m, height, &cur_row, &cur_col);
		break;
	case MENU_MODE_HELP:
		render_help(&r, height);
		break;
	case MENU_MODE_LIST:
	default:
		ret = render_list(&r, m, v, height);
		break;
	}
	render_details(&r, m);
	render_status(&r, m);
	render_hints(&r, m);
	if (v->in_use_by) {
		struct strbuf sb = STRBUF_INIT;

		r.k |= strbuf_printf(&sb, "in use on %s; keys here are ignored until it is done", v->in_use_by);
		text_row(&r, r.rows, " Menu ", sb.buf, false);
		strbuf_done(&sb);
	} else {
		text_row(&r, r.rows, NULL, NULL, false);
	}

	if ((m->mode == MENU_MODE_EDIT || m->mode == MENU_MODE_PASSWORD) && !v->in_use_by)
		put_fmt(&r, CSI "%u;%uH" CSI "?25h", cur_row, cur_col);
	else
		put_fmt(&r, CSI "%u;1H", r.rows);
	if (ret < 0 || r.k) {
		/* The caller will not send this picture: forget what we thought the screen shows. */
		menu_view_done(v);
		v->full = true;
		return ret < 0 ? ret : -ENOMEM;
	}
	return 0;
}

int menu_render_leave(struct strbuf *out)
{
	return strbuf_puts(out, CSI "0m\x1b(B" CSI "?25h" CSI "H" CSI "2J");
}
