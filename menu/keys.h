/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Key decoder: turns the bytes a VT100-ish terminal sends into keys. It owns
 * a small buffer so escape sequences split across reads still decode, and it
 * tells a lone ESC from the start of a sequence by time: ESC followed by
 * nothing for KEY_ESC_TIMEOUT_MS is the Esc key. One decoder per input fd.
 *
 * Keys are ints: 0..255 are plain bytes (printable characters, Ctrl-A = 1,
 * ...); named keys are KEY_* >= 0x100. CR, LF and CR LF all become one
 * KEY_ENTER; DEL and BS become KEY_BACKSPACE.
 */
#ifndef KEXBOOT_MENU_KEYS_H
#define KEXBOOT_MENU_KEYS_H

#include <stddef.h>
#include <stdint.h>

#define KEY_ESC_TIMEOUT_MS 150 /* serial-over-LAN can split a sequence this far apart */
#define KEY_SEQ_MAX 16         /* longest escape sequence we keep; longer ones are dropped */
#define KEY_DECODE_MAX 2       /* most keys one byte can complete (ESC + the byte) */

#define KEY_CTRL(c) ((c) & 0x1f)

enum {
	KEY_NONE = -1,
	KEY_UP = 0x100,
	KEY_DOWN,
	KEY_LEFT,
	KEY_RIGHT,
	KEY_HOME,
	KEY_END,
	KEY_PGUP,
	KEY_PGDN,
	KEY_INSERT,
	KEY_DELETE,
	KEY_BACKSPACE,
	KEY_ENTER,
	KEY_ESC,
	KEY_CPR,     /* cursor position report; row/col in the decoder */
	KEY_UNKNOWN, /* a well-formed sequence we do not use (F-keys, ...) */
};

struct key_decoder {
	unsigned char seq[KEY_SEQ_MAX]; /* pending escape sequence, seq[0] == ESC */
	size_t len;
	uint64_t esc_at_ms;   /* when the pending sequence's last byte came in */
	int last_cr;          /* previous byte was CR: swallow a following LF */
	unsigned cpr_row;     /* last cursor position report (1-based) */
	unsigned cpr_col;
};

void key_decoder_init(struct key_decoder *d);

/*
 * Feeds one byte received at now_ms. Writes up to KEY_DECODE_MAX keys to out
 * and returns how many (0 while a sequence is incomplete).
 */
size_t key_decoder_feed(struct key_decoder *d, unsigned char c, uint64_t now_ms, int out[KEY_DECODE_MAX]);

/*
 * Called when no byte came: once a pending sequence is older than
 * KEY_ESC_TIMEOUT_MS it is given up; a lone ESC then becomes KEY_ESC (return
 * it), a truncated sequence KEY_UNKNOWN. Returns KEY_NONE otherwise.
 */
int key_decoder_tick(struct key_decoder *d, uint64_t now_ms);

/* When key_decoder_tick() has something to do, or UINT64_MAX. */
uint64_t key_decoder_deadline(const struct key_decoder *d);

/* A short name for a key ("Up", "a", "Ctrl-K"), for tests and logs. */
const char *key_name(int key, char buf[16]);

#endif
