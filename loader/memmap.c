// SPDX-License-Identifier: GPL-2.0-or-later
#include "loader/memmap.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

static int read_u64_at(int dirfd, const char *path, uint64_t *ret)
{
	_cleanup_free_ char *s = NULL;
	char *end;
	int r;

	r = file_read_at(dirfd, path, 64, &s, NULL);
	if (r < 0)
		return r;
	errno = 0;
	*ret = strtoull(s, &end, 0);
	if (errno || end == s || (*end && *end != '\n'))
		return -EINVAL;
	return 0;
}

/* One /sys/firmware/memmap/N directory. */
static int memmap_read_one(int dirfd, const char *name, struct memmap *mm)
{
	_cleanup_free_ char *type = NULL;
	char path[300];
	uint64_t start, end;
	uint32_t t;
	size_t tl;
	int r;

	snprintf(path, sizeof(path), "%s/start", name);
	r = read_u64_at(dirfd, path, &start);
	if (r < 0)
		return r;
	snprintf(path, sizeof(path), "%s/end", name);
	r = read_u64_at(dirfd, path, &end);
	if (r < 0)
		return r;
	snprintf(path, sizeof(path), "%s/type", name);
	r = file_read_at(dirfd, path, 128, &type, &tl);
	if (r < 0)
		return r;
	while (tl && (type[tl - 1] == '\n' || type[tl - 1] == ' '))
		type[--tl] = '\0';
	t = memmap_type_from_name(type);
	if (!t)
		t = E820_RESERVED; /* unknown firmware types are not RAM */
	if (end < start || end == UINT64_MAX)
		return -EINVAL;
	return memmap_add(mm, start, end + 1, t);
}

static int memmap_read_sysfs(int dirfd, struct memmap *mm, struct diag_list *err)
{
	struct dirent *de;
	DIR *d;
	int r = 0;

	d = fdopendir(dirfd);
	if (!d) {
		close(dirfd);
		return -errno;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		r = memmap_read_one(dirfd, de->d_name, mm);
		if (r < 0) {
			r = diag_fail(err, -r, "sys/firmware/memmap/%s: %s", de->d_name,
					   strerror(-r));
			break;
		}
	}
	closedir(d);
	return r;
}

int memmap_read(const char *root, struct memmap *mm, struct diag_list *err)
{
	_cleanup_free_ char *dir = path_join(root, "/sys/firmware/memmap");
	_cleanup_free_ char *iomem = path_join(root, "/proc/iomem");
	_cleanup_free_ char *text = NULL;
	int fd, r;

	if (!dir || !iomem)
		return diag_fail(err, ENOMEM, "out of memory");
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		r = memmap_read_sysfs(fd, mm, err);
		if (r < 0) {
			memmap_free(mm);
			return r;
		}
		if (mm->n) {
			mm->source = "sysfs";
			memmap_sort(mm);
			return 0;
		}
	}
	r = file_read_at(AT_FDCWD, iomem, 1 << 20, &text, NULL);
	if (r < 0)
		return diag_fail(err, -r, "no memory map: %s missing and %s: %s", dir, iomem,
				      strerror(-r));
	r = memmap_parse_iomem(text, mm, err);
	if (r < 0) {
		memmap_free(mm);
		return r;
	}
	if (!mm->n)
		return diag_fail(err, ENOENT, "%s lists no memory (unprivileged read?)", iomem);
	mm->source = "iomem";
	memmap_sort(mm);
	return 0;
}
