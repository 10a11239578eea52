// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/pe.h"

#include <errno.h>
#include <string.h>

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int pe_open(struct pe_file *pe, const void *buf, size_t buf_len, uint64_t file_size)
{
	const uint8_t *b = buf;
	uint32_t lfanew;
	size_t nsec, opt, tab;

	memset(pe, 0, sizeof(*pe));
	if (buf_len > file_size)
		buf_len = (size_t)file_size;
	if (buf_len < 0x40 || b[0] != 'M' || b[1] != 'Z')
		return -EBADMSG;
	lfanew = le32(b + 0x3c);
	if (lfanew > buf_len || 24 > buf_len - lfanew || memcmp(b + lfanew, "PE\0\0", 4) != 0)
		return -EBADMSG;
	pe->machine = le16(b + lfanew + 4);
	nsec = le16(b + lfanew + 6);
	opt = le16(b + lfanew + 20);
	if (nsec > PE_MAX_SECTIONS)
		return -E2BIG;
	tab = (size_t)lfanew + 24 + opt;
	if (tab > buf_len || nsec * 40 > buf_len - tab)
		return -EBADMSG;
	for (size_t i = 0; i < nsec; i++) {
		const uint8_t *s = b + tab + i * 40;
		struct pe_section *ps = &pe->sections[i];
		uint32_t vsize = le32(s + 8), rsize = le32(s + 16), ptr = le32(s + 20);
		uint64_t size = vsize && vsize < rsize ? vsize : rsize;

		memcpy(ps->name, s, 8);
		ps->name[8] = '\0';
		ps->vaddr = le32(s + 12);
		/* Uninitialised data (.bss) has no bytes in the file. */
		if (rsize == 0) {
			ps->offset = 0;
			ps->size = 0;
			continue;
		}
		if (ptr > file_size || size > file_size - ptr)
			return -ERANGE;
		ps->offset = ptr;
		ps->size = size;
	}
	pe->n_sections = nsec;
	return 0;
}

const struct pe_section *pe_find_section(const struct pe_file *pe, const char *name)
{
	for (size_t i = 0; i < pe->n_sections; i++)
		if (strcmp(pe->sections[i].name, name) == 0)
			return &pe->sections[i];
	return NULL;
}
