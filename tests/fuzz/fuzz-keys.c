// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the menu's key decoder (menu/keys.c). The input is pairs
 * (control, byte): the control byte advances the clock (low 7 bits, in
 * 8 ms steps, so the Esc timeout falls inside a sequence or not) and with
 * its top bit set asks for a tick first, as the session does when poll
 * times out. Every result is checked: at most KEY_DECODE_MAX keys, each a
 * byte or a named key, the pending sequence within KEY_SEQ_MAX, the deadline
 * consistent with it, and a name for every key.
 */
#include "menu/keys.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_key(int k)
{
	char buf[16];
	const char *name;

	if (!((k >= 0 && k <= 255) || (k >= KEY_UP && k <= KEY_UNKNOWN)))
		abort();
	name = key_name(k, buf);
	if (!name || !*name || strnlen(name, 64) >= 64)
		abort();
}

static void check_state(const struct key_decoder *d, uint64_t now)
{
	uint64_t dl = key_decoder_deadline(d);

	if (d->len > KEY_SEQ_MAX)
		abort();
	if (d->len ? dl != d->esc_at_ms + KEY_ESC_TIMEOUT_MS || d->esc_at_ms > now : dl != UINT64_MAX)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct key_decoder d;
	uint64_t now = 1000;

	key_decoder_init(&d);
	for (size_t i = 0; i + 1 < size; i += 2) {
		int *out = malloc(KEY_DECODE_MAX * sizeof(*out)); /* exact size: ASan sees an overrun */
		size_t n;

		if (!out)
			return 0;
		now += (data[i] & 0x7f) * 8u;
		if (data[i] & 0x80) {
			int k = key_decoder_tick(&d, now);

			if (k != KEY_NONE) {
				check_key(k);
				if (d.len)
					abort(); /* a sequence given up leaves nothing pending */
			}
		}
		n = key_decoder_feed(&d, data[i + 1], now, out);
		if (n > KEY_DECODE_MAX)
			abort();
		for (size_t k = 0; k < n; k++)
			check_key(out[k]);
		check_state(&d, now);
		free(out);
	}
	/* Long after the last byte, nothing stays pending. */
	now += 10 * KEY_ESC_TIMEOUT_MS;
	if (key_decoder_tick(&d, now) != KEY_NONE && d.len)
		abort();
	if (d.len)
		abort();
	return 0;
}
