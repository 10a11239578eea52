/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A tiny VT100 screen for the menu tests: it understands exactly the escapes
 * the renderer is allowed to use (CUP, EL, ED, SGR 0/1/7, DECTCEM, G0 charset
 * select, DECSC/DECRC, DSR 6) and UTF-8 box drawing (U+25xx) and counts everything else as an error, so a
 * test can check both what is on screen and that nothing else was sent.
 */
#ifndef KEXBOOT_TESTS_MENU_SCREEN_H
#define KEXBOOT_TESTS_MENU_SCREEN_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define SCR_MAX_ROWS 80
#define SCR_MAX_COLS 200

struct screen {
	unsigned rows, cols;
	char cell[SCR_MAX_ROWS][SCR_MAX_COLS + 1];
	bool rev[SCR_MAX_ROWS][SCR_MAX_COLS];
	bool dec[SCR_MAX_ROWS][SCR_MAX_COLS]; /* drawn in the line-drawing set */
	unsigned r, c;
	bool reverse, linedraw, cursor_visible;
	unsigned bad_escapes, bad_controls, non_ascii, past_edge, last_col_writes;
};

static inline void screen_init(struct screen *s, unsigned rows, unsigned cols)
{
	memset(s, 0, sizeof(*s));
	s->rows = rows;
	s->cols = cols;
	for (unsigned i = 0; i < rows; i++) {
		memset(s->cell[i], ' ', cols);
		s->cell[i][cols] = '\0';
	}
	s->cursor_visible = true;
}

static inline void screen_erase(struct screen *s, unsigned row, unsigned from)
{
	for (unsigned c = from; row < s->rows && c < s->cols; c++) {
		s->cell[row][c] = ' ';
		s->rev[row][c] = false;
		s->dec[row][c] = false;
	}
}

static inline void screen_csi(struct screen *s, const char *params, char final)
{
	unsigned p[4] = { 0, 0, 0, 0 }, np = 0;
	bool priv = params[0] == '?';

	for (const char *q = params + priv; *q && np < 4; q++) {
		if (*q == ';')
			np++;
		else if (*q >= '0' && *q <= '9')
			p[np] = p[np] * 10 + (unsigned)(*q - '0');
		else
			s->bad_escapes++;
	}
	if (priv) {
		if (p[0] == 25 && (final == 'l' || final == 'h'))
			s->cursor_visible = final == 'h';
		else
			s->bad_escapes++;
		return;
	}
	switch (final) {
	case 'H':
		s->r = p[0] ? p[0] - 1 : 0;
		s->c = p[1] ? p[1] - 1 : 0;
		if (s->r >= s->rows)
			s->r = s->rows - 1; /* terminals clamp; the CPR probe relies on it */
		if (s->c >= s->cols)
			s->c = s->cols - 1;
		break;
	case 'K':
		if (p[0] != 0)
			s->bad_escapes++;
		screen_erase(s, s->r, s->c);
		break;
	case 'J':
		if (p[0] != 2)
			s->bad_escapes++;
		for (unsigned i = 0; i < s->rows; i++)
			screen_erase(s, i, 0);
		break;
	case 'm':
		for (unsigned i = 0; i <= np && i < 4; i++) {
			if (p[i] == 0)
				s->reverse = false;
			else if (p[i] == 7)
				s->reverse = true;
			else if (p[i] != 1)
				s->bad_escapes++;
		}
		break;
	case 'n':
		if (p[0] != 6)
			s->bad_escapes++;
		break;
	default:
		s->bad_escapes++;
	}
}

static inline void screen_feed(struct screen *s, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)buf[i];

		if (ch == 0x1b) {
			if (i + 1 >= len) {
				s->bad_escapes++;
				return;
			}
			ch = (unsigned char)buf[++i];
			if (ch == '(' && i + 1 < len) {
				s->linedraw = buf[++i] == '0';
			} else if (ch == '7' || ch == '8') {
				/* DECSC / DECRC: the size probe; position does not matter here */
			} else if (ch == '[') {
				char params[32];
				size_t n = 0;

				while (++i < len && ((buf[i] >= '0' && buf[i] <= '9') || buf[i] == ';' || buf[i] == '?'))
					if (n < sizeof(params) - 1)
						params[n++] = buf[i];
				params[n] = '\0';
				if (i >= len) {
					s->bad_escapes++;
					return;
				}
				screen_csi(s, params, buf[i]);
			} else {
				s->bad_escapes++;
			}
			continue;
		}
		if (ch < 0x20 || ch == 0x7f) {
			s->bad_controls++;
			continue;
		}
		bool box = false;

		if (ch == 0xe2 && i + 2 < len && (unsigned char)buf[i + 1] == 0x94) {
			/* UTF-8 box drawing, U+2500..U+253F: one column, shown as ASCII. */
			unsigned char lo = (unsigned char)buf[i + 2];

			i += 2;
			box = true;
			ch = lo == 0x80 ? '-' : lo == 0x82 ? '|' : (lo == 0x8c || lo == 0x90 || lo == 0x94 || lo == 0x98) ? '+' : '#';
		} else if (ch >= 0x80) {
			s->non_ascii++;
		}
		if (s->r >= s->rows || s->c >= s->cols) {
			s->past_edge++;
			continue;
		}
		if (s->c == s->cols - 1)
			s->last_col_writes++;
		if (s->linedraw) {
			ch = ch == 'q' ? '-' : ch == 'x' ? '|' : strchr("lkmj", ch) ? '+' : '#';
			s->dec[s->r][s->c] = true;
		}
		if (box)
			s->dec[s->r][s->c] = true;
		s->cell[s->r][s->c] = (char)ch;
		s->rev[s->r][s->c] = s->reverse;
		s->c++;
	}
}

/* Row i (0-based) without its trailing spaces, in a static buffer. */
static inline const char *screen_row(const struct screen *s, unsigned i)
{
	static char buf[SCR_MAX_COLS + 1];
	size_t n;

	if (i >= s->rows)
		return "";
	memcpy(buf, s->cell[i], s->cols + 1);
	n = strlen(buf);
	while (n && buf[n - 1] == ' ')
		buf[--n] = '\0';
	return buf;
}

/* The first row containing text, or -1. */
static inline int screen_find(const struct screen *s, const char *text)
{
	for (unsigned i = 0; i < s->rows; i++)
		if (strstr(s->cell[i], text))
			return (int)i;
	return -1;
}

/* True when every cell of row i between columns from and to (exclusive) is reverse video. */
static inline bool screen_row_reverse(const struct screen *s, unsigned i, unsigned from, unsigned to)
{
	for (unsigned c = from; c < to; c++)
		if (!s->rev[i][c])
			return false;
	return true;
}

static inline unsigned screen_reverse_rows(const struct screen *s)
{
	unsigned n = 0;

	for (unsigned i = 0; i < s->rows; i++)
		for (unsigned c = 0; c < s->cols; c++)
			if (s->rev[i][c]) {
				n++;
				break;
			}
	return n;
}

#endif
