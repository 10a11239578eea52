// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The memory-scan test hook (kexboot.test.memscan): are any secret's bytes
 * left in this process just before the jump? It keeps its needles in one
 * locked mapping of its own and reads the process's other readable
 * mappings through /proc/self/mem in chunks (into a second mapping of its
 * own), so neither its needles nor its reads count as a find.
 */
#include "boot/secrets/secrets.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MEMSCAN_CHUNK (1u << 20)
/*
 * Mappings larger than this are left out, with a note: kexboot has none
 * (the payload runs in less memory), but a sanitizer's shadow reserves
 * terabytes that reading would only fault in as zero pages.
 */
#define MEMSCAN_REGION_MAX (1ull << 30)

int secrets_memscan_remember(struct secrets_memscan *m, const struct secret_set *set)
{
	size_t total = 0, off = 0;
	void *p;

	secrets_memscan_done(m);
	for (size_t i = 0; i < set->n && i < SECRETS_MAX; i++)
		total += set->v[i].bytes.size;
	if (!total)
		return 0;
	p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	(void)mlock(p, total);
	(void)madvise(p, total, MADV_DONTDUMP);
	m->needles = p;
	m->cap = total;
	for (size_t i = 0; i < set->n && i < SECRETS_MAX; i++) {
		const struct secret *s = &set->v[i];

		if (!s->bytes.size)
			continue; /* nothing to look for */
		memcpy(m->needles + off, s->bytes.data, s->bytes.size);
		snprintf(m->v[m->n].name, sizeof(m->v[m->n].name), "%s", s->name);
		m->v[m->n].off = off;
		m->v[m->n].len = s->bytes.size;
		m->n++;
		off += s->bytes.size;
	}
	m->needles_len = off;
	return 0;
}

/* Looks for every needle in [s, e) of the process, read through memfd in chunks. */
static void memscan_region(const struct secrets_memscan *m, int memfd, uint64_t s, uint64_t e, uint8_t *chunk,
			   size_t maxlen, bool *found, uint64_t *read_bytes)
{
	/* Consecutive chunks overlap by maxlen - 1 bytes: a needle across a seam is still seen. */
	const uint64_t step = MEMSCAN_CHUNK - (maxlen - 1);

	for (uint64_t at = s; at < e; at += step) {
		size_t want = e - at < MEMSCAN_CHUNK ? (size_t)(e - at) : MEMSCAN_CHUNK;
		ssize_t n = pread(memfd, chunk, want, (off_t)at);

		if (n <= 0)
			return; /* unreadable (a guard page, [vvar]): nothing to find there */
		*read_bytes += (uint64_t)n;
		for (size_t i = 0; i < m->n; i++)
			if (!found[i] && memmem(chunk, (size_t)n, m->needles + m->v[i].off, m->v[i].len))
				found[i] = true;
		if ((size_t)n < want || want < MEMSCAN_CHUNK)
			return;
	}
}

/*
 * [s, e) less the hook's own two mappings (the kernel may have merged
 * either with a neighbour into one line of maps: only their bytes are left out).
 */
static void memscan_range(const struct secrets_memscan *m, int memfd, uint64_t s, uint64_t e, uint8_t *chunk,
			  size_t maxlen, bool *found, uint64_t *read_bytes)
{
	uint64_t x[2][2] = { { (uintptr_t)m->needles, (uintptr_t)m->needles + m->cap },
			     { (uintptr_t)chunk, (uintptr_t)chunk + MEMSCAN_CHUNK } };
	uint64_t cur = s;

	if (x[1][0] < x[0][0]) {
		uint64_t t0 = x[0][0], t1 = x[0][1];

		x[0][0] = x[1][0], x[0][1] = x[1][1];
		x[1][0] = t0, x[1][1] = t1;
	}
	for (int k = 0; k < 2; k++) {
		if (x[k][1] <= cur || x[k][0] >= e)
			continue;
		if (x[k][0] > cur)
			memscan_region(m, memfd, cur, x[k][0], chunk, maxlen, found, read_bytes);
		cur = x[k][1];
	}
	if (cur < e)
		memscan_region(m, memfd, cur, e, chunk, maxlen, found, read_bytes);
}

int secrets_memscan_run(const struct secrets_memscan *m, const char *proc_root, bool *found, struct diag_list *why)
{
	_cleanup_free_ char *maps_path = path_join(proc_root, "/proc/self/maps");
	_cleanup_free_ char *mem_path = path_join(proc_root, "/proc/self/mem");
	_cleanup_fclose_ FILE *maps = NULL;
	_cleanup_close_ int memfd = -1;
	char line[512];
	size_t maxlen = 1, skipped = 0, maps_read = 0;
	uint64_t read_bytes = 0;
	uint8_t *chunk;
	int nfound = 0;

	for (size_t i = 0; i < m->n; i++) {
		found[i] = false;
		if (m->v[i].len > maxlen)
			maxlen = m->v[i].len;
	}
	if (!m->n)
		return 0;
	if (!maps_path || !mem_path)
		return diag_fail(why, ENOMEM, "memscan: out of memory");
	if (maxlen >= MEMSCAN_CHUNK)
		return diag_fail(why, E2BIG, "memscan: a secret is larger than the scan's chunk");
	maps = fopen(maps_path, "re");
	memfd = open(mem_path, O_RDONLY | O_CLOEXEC);
	if (!maps || memfd < 0)
		return diag_fail(why, errno, "memscan: %s: %s", maps ? mem_path : maps_path, strerror(errno));
	chunk = mmap(NULL, MEMSCAN_CHUNK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (chunk == MAP_FAILED)
		return diag_fail(why, errno, "memscan: %s", strerror(errno));
	while (fgets(line, sizeof(line), maps)) {
		uint64_t s, e;
		char perms[8];

		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s", &s, &e, perms) != 3 || perms[0] != 'r')
			continue;
		if (e - s > MEMSCAN_REGION_MAX) {
			skipped++;
			continue;
		}
		memscan_range(m, memfd, s, e, chunk, maxlen, found, &read_bytes);
		maps_read++;
	}
	explicit_bzero(chunk, MEMSCAN_CHUNK);
	munmap(chunk, MEMSCAN_CHUNK);
	for (size_t i = 0; i < m->n; i++)
		nfound += found[i];
	/* What was read, so a reader can tell a clean scan from one that read nothing. */
	(void)diag_note(why, "memscan: read %" PRIu64 " bytes of %zu readable mapping(s)", read_bytes, maps_read);
	if (skipped)
		(void)diag_note(why, "memscan: %zu mapping(s) over 1 GiB left out", skipped);
	return nfound;
}

void secrets_memscan_done(struct secrets_memscan *m)
{
	if (m->needles) {
		explicit_bzero(m->needles, m->cap);
		munlock(m->needles, m->cap);
		munmap(m->needles, m->cap);
	}
	memset(m, 0, sizeof(*m));
}
