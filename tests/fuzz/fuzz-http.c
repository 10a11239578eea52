// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the HTTP/1.1 response parser (boot/fetch/http_parse.c)
 * over the input as a response: the head, then the rest decoded as a chunked
 * body in pieces whose size the first byte picks; the decoder must never
 * produce more than it consumed.
 */
#include "boot/fetch/http.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_response r;
	struct http_chunked c;
	size_t piece, at, head = 0;
	uint8_t *buf;
	ssize_t n;

	if (size < 1)
		return 0;
	piece = (size_t)data[0] % 17 + 1;
	data++, size--;
	n = http_head_length((const char *)data, size);
	if (n > 0) {
		head = (size_t)n;
		if (http_response_parse((const char *)data, head, &r) == 0) {
			if (r.status < 100 || r.status > 599)
				abort();
			http_response_done(&r);
		}
	}
	buf = malloc(size - head + 1);
	if (!buf)
		return 0;
	memcpy(buf, data + head, size - head);
	http_chunked_init(&c);
	for (at = 0; at < size - head;) {
		size_t len = size - head - at < piece ? size - head - at : piece, used, body;
		int e = http_chunked_feed(&c, buf + at, len, &used, &body);

		if (body > used || used > len || (e == 0 && used != len))
			abort();
		if (e != 0)
			break;
		at += len;
	}
	free(buf);
	return 0;
}
