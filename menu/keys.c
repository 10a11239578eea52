// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VT100/ANSI input decoding. Recognised: CSI (ESC [) and SS3 (ESC O) cursor
 * keys in normal and application mode, Home/End in their xterm, VT220 and
 * rxvt spellings, PageUp/PageDown, Insert/Delete and cursor position reports.
 * Modifier parameters ("ESC [1;5A") are ignored: Ctrl-Up is Up.
 */
#include "menu/keys.h"

#include <stdio.h>
#include <string.h>

#define ESC 0x1b

void key_decoder_init(struct key_decoder *d)
{
	memset(d, 0, sizeof(*d));
}

static size_t key_decode_plain(struct key_decoder *d, unsigned char c, int *out)
{
	if (c == '\n' && d->last_cr) {
		/* A terminal sending CR LF for Enter must not press Enter twice. */
		d->last_cr = 0;
		return 0;
	}
	d->last_cr = c == '\r';
	if (c == '\r' || c == '\n')
		out[0] = KEY_ENTER;
	else if (c == 0x7f || c == 0x08)
		out[0] = KEY_BACKSPACE;
	else
		out[0] = c;
	return 1;
}

/* Parses up to two decimal parameters "N;M"; missing ones are 0. */
static int key_csi_params(const unsigned char *p, size_t n, unsigned *a, unsigned *b, size_t *count)
{
	unsigned v[2] = { 0, 0 };
	size_t i = 0, k = 0;

	if (n > 0 && (p[0] == '?' || p[0] == '<' || p[0] == '=' || p[0] == '>'))
		return -1;
	*count = n > 0;
	for (; i < n; i++) {
		if (p[i] == ';') {
			if (++k >= 2)
				break;
			(*count)++;
		} else if (p[i] >= '0' && p[i] <= '9') {
			if (v[k] < 10000)
				v[k] = v[k] * 10 + (p[i] - '0');
		} else {
			return -1; /* intermediates: nothing we use */
		}
	}
	*a = v[0];
	*b = v[1];
	return 0;
}

static int key_decode_letter(unsigned char c)
{
	switch (c) {
	case 'A': return KEY_UP;
	case 'B': return KEY_DOWN;
	case 'C': return KEY_RIGHT;
	case 'D': return KEY_LEFT;
	case 'H': return KEY_HOME;
	case 'F': return KEY_END;
	default: return KEY_UNKNOWN;
	}
}

static int key_decode_csi(struct key_decoder *d, unsigned char final)
{
	unsigned a, b;
	size_t count;

	if (key_csi_params(d->seq + 2, d->len - 2, &a, &b, &count) < 0)
		return KEY_UNKNOWN;
	if (final == '~') {
		switch (a) {
		case 1: case 7: return KEY_HOME;
		case 4: case 8: return KEY_END;
		case 2: return KEY_INSERT;
		case 3: return KEY_DELETE;
		case 5: return KEY_PGUP;
		case 6: return KEY_PGDN;
		default: return KEY_UNKNOWN;
		}
	}
	if (final == 'R' && count == 2) {
		d->cpr_row = a;
		d->cpr_col = b;
		return KEY_CPR;
	}
	return key_decode_letter(final);
}

size_t key_decoder_feed(struct key_decoder *d, unsigned char c, uint64_t now_ms, int out[KEY_DECODE_MAX])
{
	size_t n;

	if (d->len == 0) {
		if (c == ESC) {
			d->seq[0] = c;
			d->len = 1;
			d->esc_at_ms = now_ms;
			d->last_cr = 0;
			return 0;
		}
		return key_decode_plain(d, c, out);
	}

	d->esc_at_ms = now_ms;
	if (d->len == 1) {
		if (c == '[' || c == 'O') {
			d->seq[d->len++] = c;
			return 0;
		}
		/* ESC then something else: the Esc key, then that byte. */
		out[0] = KEY_ESC;
		d->len = 0;
		if (c == ESC) {
			d->seq[0] = c;
			d->len = 1;
			return 1;
		}
		return 1 + key_decode_plain(d, c, out + 1);
	}

	if (d->seq[1] == 'O' && c >= 0x40 && c <= 0x7e) {
		d->len = 0;
		out[0] = c == 'M' ? KEY_ENTER : key_decode_letter(c);
		return 1;
	}

	/* Parameter and intermediate bytes (also after SS3: "ESC O 5 P"), then one final byte. */
	if (c >= 0x20 && c <= 0x3f) {
		if (d->len < KEY_SEQ_MAX)
			d->seq[d->len++] = c;
		else
			d->seq[1] = 0; /* too long: remember to drop it at the final byte */
		return 0;
	}
	if (c >= 0x40 && c <= 0x7e) {
		out[0] = d->seq[1] == '[' ? key_decode_csi(d, c) : KEY_UNKNOWN;
		d->len = 0;
		return 1;
	}
	/* A control byte inside a sequence: give the sequence up, keep the byte. */
	out[0] = KEY_UNKNOWN;
	d->len = 0;
	if (c == ESC) {
		d->seq[0] = c;
		d->len = 1;
		return 1;
	}
	n = key_decode_plain(d, c, out + 1);
	return 1 + n;
}

int key_decoder_tick(struct key_decoder *d, uint64_t now_ms)
{
	size_t len = d->len;

	if (len == 0 || now_ms - d->esc_at_ms < KEY_ESC_TIMEOUT_MS || now_ms < d->esc_at_ms)
		return KEY_NONE;
	d->len = 0;
	return len == 1 ? KEY_ESC : KEY_UNKNOWN;
}

uint64_t key_decoder_deadline(const struct key_decoder *d)
{
	return d->len ? d->esc_at_ms + KEY_ESC_TIMEOUT_MS : UINT64_MAX;
}

const char *key_name(int key, char buf[16])
{
	static const char *const names[] = {
		[KEY_UP - KEY_UP] = "Up", [KEY_DOWN - KEY_UP] = "Down",
		[KEY_LEFT - KEY_UP] = "Left", [KEY_RIGHT - KEY_UP] = "Right",
		[KEY_HOME - KEY_UP] = "Home", [KEY_END - KEY_UP] = "End",
		[KEY_PGUP - KEY_UP] = "PageUp", [KEY_PGDN - KEY_UP] = "PageDown",
		[KEY_INSERT - KEY_UP] = "Insert", [KEY_DELETE - KEY_UP] = "Delete",
		[KEY_BACKSPACE - KEY_UP] = "Backspace", [KEY_ENTER - KEY_UP] = "Enter",
		[KEY_ESC - KEY_UP] = "Esc", [KEY_CPR - KEY_UP] = "CPR",
		[KEY_UNKNOWN - KEY_UP] = "Unknown",
	};

	if (key == KEY_NONE)
		return "None";
	if (key >= KEY_UP && key <= KEY_UNKNOWN)
		return names[key - KEY_UP];
	if (key >= 0 && key < 0x20)
		snprintf(buf, 16, "Ctrl-%c", key + '@');
	else if (key >= 0 && key < 0x100)
		snprintf(buf, 16, "%c", key);
	else
		snprintf(buf, 16, "?%d", key);
	return buf;
}
