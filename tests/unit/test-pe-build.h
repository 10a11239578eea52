/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Builds small PE images in memory for the pe and uki unit tests. */
#ifndef KEXBOOT_TESTS_PE_BUILD_H
#define KEXBOOT_TESTS_PE_BUILD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct tpe_sec {
	const char *name;
	const char *data; /* NUL-terminated content */
};

static inline void tpe_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

/* MZ header, PE header at 0x80, no optional header, sections' data from 0x400 on, 0x200-aligned. */
static inline uint8_t *tpe_build(const struct tpe_sec *s, size_t n, size_t *ret_len)
{
	size_t len = 0x400;
	uint8_t *b;
	size_t off = 0x400;

	for (size_t i = 0; i < n; i++)
		len += (strlen(s[i].data) + 0x1ff) & ~(size_t)0x1ff;
	b = calloc(1, len ? len : 1);
	if (!b)
		return NULL;
	b[0] = 'M', b[1] = 'Z';
	tpe_put32(b + 0x3c, 0x80);
	memcpy(b + 0x80, "PE\0\0", 4);
	b[0x84] = 0x64, b[0x85] = 0x86;
	b[0x86] = (uint8_t)n;
	for (size_t i = 0; i < n; i++) {
		uint8_t *h = b + 0x80 + 24 + i * 40;
		size_t dl = strlen(s[i].data), raw = (dl + 0x1ff) & ~(size_t)0x1ff;

		strncpy((char *)h, s[i].name, 8);
		tpe_put32(h + 8, (uint32_t)dl);
		tpe_put32(h + 12, (uint32_t)(0x10000 * (i + 1)));
		tpe_put32(h + 16, (uint32_t)raw);
		tpe_put32(h + 20, (uint32_t)off);
		memcpy(b + off, s[i].data, dl);
		off += raw;
	}
	*ret_len = len;
	return b;
}

#endif
