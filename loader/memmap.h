/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * memmap: the firmware memory map as e820 entries, read from
 * <root>/sys/firmware/memmap (the table the running kernel got from the
 * firmware) or, when that is missing, from the top level of <root>/proc/iomem.
 */
#ifndef KEXBOOT_LOADER_MEMMAP_H
#define KEXBOOT_LOADER_MEMMAP_H

#include "loader/loader.h"

#include <stddef.h>
#include <stdint.h>

#define MEMMAP_MAX_ENTRIES 4096

enum e820_type {
	E820_RAM = 1,
	E820_RESERVED = 2,
	E820_ACPI = 3,
	E820_NVS = 4,
	E820_UNUSABLE = 5,
	E820_PMEM = 7,
	E820_PRAM = 12,
	E820_SOFT_RESERVED = 0xefffffff,
};

struct memmap_entry {
	uint64_t start;
	uint64_t end; /* exclusive */
	uint32_t type;
};

struct memmap {
	struct memmap_entry *e; /* owned, sorted by start */
	size_t n;
	const char *source; /* "sysfs" or "iomem" (static string) */
};

/* Maps a sysfs/iomem type name to an e820 type; 0 when unknown. */
uint32_t memmap_type_from_name(const char *name);
int memmap_add(struct memmap *mm, uint64_t start, uint64_t end, uint32_t type);
void memmap_sort(struct memmap *mm);
/* Parses /proc/iomem text: top-level lines only. */
int memmap_parse_iomem(const char *text, struct memmap *mm, struct diag_list *err);
/* Reads <root>/sys/firmware/memmap, falling back to <root>/proc/iomem. */
int memmap_read(const char *root, struct memmap *mm, struct diag_list *err);
void memmap_free(struct memmap *mm);

#endif
