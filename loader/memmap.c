// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The e820 table: type names, entries, and the /proc/iomem parser. Pure;
 * reading the files is loader/machine.c's.
 */
#include "loader/internal.h"
#include "lib/cleanup.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	uint32_t type;
} memmap_types[] = {
	{ "System RAM", E820_RAM },
	{ "Reserved", E820_RESERVED },
	{ "reserved", E820_RESERVED },
	{ "ACPI Tables", E820_ACPI },
	{ "ACPI Non-volatile Storage", E820_NVS },
	{ "Unusable memory", E820_UNUSABLE },
	{ "Persistent Memory", E820_PMEM },
	{ "Persistent Memory (legacy)", E820_PRAM },
	{ "Soft Reserved", E820_SOFT_RESERVED },
};

uint32_t memmap_type_from_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(memmap_types); i++)
		if (strcmp(name, memmap_types[i].name) == 0)
			return memmap_types[i].type;
	return 0;
}

int memmap_add(struct memmap *mm, uint64_t start, uint64_t end, uint32_t type)
{
	struct memmap_entry *e;

	if (end <= start)
		return -EINVAL;
	if (mm->n >= MEMMAP_MAX_ENTRIES)
		return -E2BIG;
	e = realloc(mm->e, (mm->n + 1) * sizeof(*e));
	if (!e)
		return -ENOMEM;
	mm->e = e;
	mm->e[mm->n++] = (struct memmap_entry){ start, end, type };
	return 0;
}

static int memmap_cmp(const void *a, const void *b)
{
	const struct memmap_entry *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

void memmap_sort(struct memmap *mm)
{
	if (mm->n)
		qsort(mm->e, mm->n, sizeof(*mm->e), memmap_cmp);
}

void memmap_free(struct memmap *mm)
{
	free(mm->e);
	mm->e = NULL;
	mm->n = 0;
}

int memmap_parse_iomem(const char *text, struct memmap *mm, struct diag_list *err)
{
	unsigned line = 0;

	for (const char *p = text; *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char buf[256], *dash, *colon, *end;
		uint64_t start, last;
		uint32_t type;
		int r;

		line++;
		/* Top level only: children ("  Kernel code") are carved out of their parent. */
		if (len == 0 || p[0] == ' ' || len >= sizeof(buf))
			goto next;
		memcpy(buf, p, len);
		buf[len] = '\0';
		dash = strchr(buf, '-');
		colon = strstr(buf, " : ");
		if (!dash || !colon || dash > colon)
			return diag_fail(err, EINVAL, "iomem:%u: cannot parse '%s'", line, buf);
		errno = 0;
		start = strtoull(buf, &end, 16);
		if (errno || end != dash)
			return diag_fail(err, EINVAL, "iomem:%u: bad start in '%s'", line, buf);
		last = strtoull(dash + 1, &end, 16);
		if (errno || end != colon || last < start || last == UINT64_MAX)
			return diag_fail(err, EINVAL, "iomem:%u: bad end in '%s'", line, buf);
		type = memmap_type_from_name(colon + 3);
		/* Device windows are not memory; 0-0 is how iomem hides addresses from non-root. */
		if (!type || (start == 0 && last == 0))
			goto next;
		r = memmap_add(mm, start, last + 1, type);
		if (r < 0)
			return diag_fail(err, -r, "iomem:%u: too many entries", line);
	next:
		p += len;
		if (*p == '\n')
			p++;
	}
	return 0;
}
