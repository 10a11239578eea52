/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Draws a struct menu_state for one VT100 terminal into a strbuf; the caller
 * writes the bytes to the console. Only VT100 escapes are used (cursor
 * addressing, erase in line/display, bold, reverse video; DEC line drawing
 * only when the view says the console can show it), so it works with TERM
 * unset. Rows are written in place and erased to their end, and only rows
 * whose bytes differ from the last picture on that view are sent: a key
 * press costs a few hundred bytes, which matters on a 9600-baud serial
 * console (GRUB's default speed). Ctrl-L (menu_state.repaint) sends it all.
 *
 * Text from configs is untrusted: control bytes and non-ASCII are shown as
 * '?', so a title cannot send escape sequences to the terminal.
 */
#ifndef KEXBOOT_MENU_RENDER_H
#define KEXBOOT_MENU_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/strbuf.h"
#include "menu/menu.h"

#define MENU_RENDER_DEFAULT_ROWS 24
#define MENU_RENDER_DEFAULT_COLS 80
#define MENU_RENDER_MIN_ROWS 10 /* smaller reports are treated as broken and replaced by 80x24 */
#define MENU_RENDER_MIN_COLS 30
#define MENU_RENDER_MAX_DIM 1000

/* One terminal's view of the shared state. */
struct menu_view {
	unsigned rows, cols;    /* terminal size; 0 (or absurd) means 80x24 */
	bool line_drawing;      /* DEC special graphics borders; otherwise ASCII +-| */
	bool full;              /* clear the screen first (first draw, size change); reset after */
	size_t scroll;          /* first list line shown; menu_render() keeps the selection visible */
	const char *in_use_by;  /* borrowed: another console owns the session, or NULL */

	/* What this terminal shows now; kept by menu_render(), freed by menu_view_done(). */
	char **sent;            /* owned: bytes last sent for each row (index 0 = row 1) */
	unsigned sent_rows, sent_cols;
	unsigned repaint_seen;  /* menu_state.repaint when the screen was last cleared */
};

void menu_view_done(struct menu_view *v);

/* Rows the list gets on this view (for menu_state.page_rows). */
size_t menu_view_list_rows(const struct menu_view *v);

/* Appends the whole screen to out. Returns 0 or -ENOMEM. */
int menu_render(const struct menu_state *m, struct menu_view *v, struct strbuf *out);

/* What to send when the menu leaves a terminal: attributes off, cursor on, screen cleared. */
int menu_render_leave(struct strbuf *out);

#endif
