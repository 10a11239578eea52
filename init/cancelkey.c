// SPDX-License-Identifier: GPL-2.0-or-later
/* cancelkey: which key cancels a download, decoded from bytes and time (pure). */
#include "init/cancelkey.h"

bool cancel_key_is(int key)
{
	return key == KEY_ESC || key == KEY_CTRL('C');
}

int cancel_key_feed(struct key_decoder *d, unsigned char c, uint64_t now_ms)
{
	int keys[KEY_DECODE_MAX];
	size_t n = key_decoder_feed(d, c, now_ms, keys);

	for (size_t i = 0; i < n; i++)
		if (cancel_key_is(keys[i]))
			return keys[i];
	return KEY_NONE;
}

int cancel_key_tick(struct key_decoder *d, uint64_t now_ms)
{
	int key = key_decoder_tick(d, now_ms);

	return cancel_key_is(key) ? key : KEY_NONE;
}
