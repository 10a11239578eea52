/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pe: a bounds-checked reader of a PE/COFF section table (UKIs, EFI stubs).
 * pe_open() takes a buffer holding at least the headers (the whole image
 * when the caller has it) and the real file size; every section's
 * (offset, size) is checked against the file size before it is returned.
 */
#ifndef KEXBOOT_LIB_PE_H
#define KEXBOOT_LIB_PE_H

#include <stddef.h>
#include <stdint.h>

#define PE_MAX_SECTIONS 96
#define PE_HEADER_MAX (64u << 10) /* headers + section table must fit here */

struct pe_section {
	char name[9];     /* NUL-terminated short name (".linux") */
	uint64_t offset;  /* file offset of the data */
	uint64_t size;    /* bytes of data: VirtualSize capped at SizeOfRawData */
	uint32_t vaddr;   /* VirtualAddress */
};

struct pe_file {
	uint16_t machine;
	size_t n_sections;
	struct pe_section sections[PE_MAX_SECTIONS];
};

/*
 * Parses the headers in buf. Returns 0, -EBADMSG (not PE or truncated
 * headers), -E2BIG (too many sections) or -ERANGE (a section lies outside
 * file_size).
 */
int pe_open(struct pe_file *pe, const void *buf, size_t buf_len, uint64_t file_size);
/* First section called name, or NULL. */
const struct pe_section *pe_find_section(const struct pe_file *pe, const char *name);

#endif
