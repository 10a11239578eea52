// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * initrd: every initrd, in order, as one contiguous region, expressed as
 * plan segments (loader/internal.h). The file-based interface's memfd of
 * the same region is the load step's: loader/memfd.c.
 */
#include "loader/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define PAGE KEXEC_PAGE_SIZE

static uint64_t up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static uint64_t down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

int initrd_layout(const struct kexec_initrd *pieces, size_t n, uint32_t align,
		  uint64_t *offsets, uint64_t *ret_total, struct diag_list *err)
{
	uint64_t off = 0;

	if (align < 4 || (align & (align - 1)) || align > PAGE)
		return diag_fail(err, EINVAL, "initrd alignment %u: want a power of two 4..4096",
				      align);
	if (n > KEXEC_MAX_INITRDS)
		return diag_fail(err, E2BIG, "%zu initrds: at most %d", n, KEXEC_MAX_INITRDS);
	for (size_t i = 0; i < n; i++) {
		off = up(off, align);
		offsets[i] = off;
		if (pieces[i].size > UINT64_MAX / 2 - off)
			return diag_fail(err, EOVERFLOW, "%s: initrd too large", pieces[i].name);
		off += pieces[i].size;
	}
	*ret_total = off;
	return 0;
}

/* Copies the part of the region [s, e) that pieces cover into dst; the rest stays zero. */
static void region_copy(uint8_t *dst, uint64_t s, uint64_t e, const struct kexec_initrd *pieces,
			const uint64_t *off, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t ps = off[i], pe = off[i] + pieces[i].size;
		uint64_t a = ps > s ? ps : s, b = pe < e ? pe : e;

		if (a < b)
			memcpy(dst + (a - s), (const uint8_t *)pieces[i].data + (a - ps), b - a);
	}
}

/*
 * A seam copy holding part of a sensitive piece (a secret): whole pages of
 * its own, locked and kept out of core dumps like the blob it copies from
 * (kexec_plan_free() wipes and unlocks it). NULL with errno on failure.
 */
static uint8_t *sensitive_copy_alloc(size_t size)
{
	size_t len = (size + PAGE - 1) & ~(size_t)(PAGE - 1);
	uint8_t *buf = aligned_alloc(PAGE, len);
	int e;

	if (!buf)
		return NULL;
	memset(buf, 0, len);
	if (mlock(buf, len) < 0) {
		e = errno;
		free(buf);
		errno = e;
		return NULL;
	}
	/* Ignored where the kernel has no madvise (CONFIG_ADVISE_SYSCALLS off): no core dumps there either. */
	(void)madvise(buf, len, MADV_DONTDUMP);
	return buf;
}

static int add_copy(struct kexec_plan *plan, const struct kexec_initrd *pieces, const uint64_t *off,
		    size_t n, uint64_t base, uint64_t s, uint64_t e, uint64_t total, const char *what,
		    struct diag_list *err)
{
	uint64_t content_end = e < total ? e : total;
	bool sensitive = false;
	uint8_t *buf;

	for (size_t i = 0; i < n; i++)
		if (pieces[i].sensitive && off[i] < content_end && s < off[i] + pieces[i].size)
			sensitive = true;
	errno = 0;
	buf = sensitive ? sensitive_copy_alloc(content_end - s) : calloc(1, content_end - s);
	if (!buf && sensitive && errno && errno != ENOMEM)
		return diag_fail(err, errno, "initrd: cannot lock the %llu-byte copy of a secret: %s",
				 (unsigned long long)(content_end - s), strerror(errno));
	if (!buf)
		return diag_fail(err, ENOMEM, "initrd: out of memory for %llu bytes",
				 (unsigned long long)(content_end - s));
	region_copy(buf, s, content_end, pieces, off, n);
	return kexec_plan_add_owned_wiped(plan, buf, content_end - s, base + s, e - s, what,
					  sensitive ? content_end - s : 0, err);
}

/* A stretch of the region: straight from piece `piece`, or a copied seam when piece < 0. */
struct initrd_run {
	uint64_t s, e;
	long piece;
};

int initrd_add_segments(struct kexec_plan *plan, const struct kexec_initrd *pieces, size_t n,
			uint32_t align, uint64_t base, size_t max_segments,
			struct diag_list *err)
{
	uint64_t off[KEXEC_MAX_INITRDS], total, cursor = 0, end;
	struct initrd_run run[2 * KEXEC_MAX_INITRDS + 2];
	size_t nr = 0;
	int r;

	r = initrd_layout(pieces, n, align, off, &total, err);
	if (r < 0)
		return r;
	if (total == 0)
		return 0;
	end = up(total, PAGE);
	/* Direct runs: the whole pages inside a piece (the last piece may end mid-page). */
	for (size_t i = 0; i < n; i++) {
		uint64_t ds = up(off[i], PAGE);
		uint64_t de = off[i] + pieces[i].size == total ? total : down(off[i] + pieces[i].size, PAGE);

		if (ds >= de)
			continue;
		if (ds > cursor)
			run[nr++] = (struct initrd_run){ cursor, ds, -1 };
		run[nr++] = (struct initrd_run){ ds, de, (long)i };
		cursor = up(de, PAGE);
	}
	if (cursor < end)
		run[nr++] = (struct initrd_run){ cursor, end, -1 };

	if (nr > max_segments) {
		plan->initrd_copied = 1;
		return add_copy(plan, pieces, off, n, base, 0, end, total, "initrd(copied)", err);
	}
	for (size_t k = 0; k < nr; k++) {
		char what[32];

		if (run[k].piece >= 0) {
			long i = run[k].piece;

			snprintf(what, sizeof(what), "initrd[%ld]", i);
			r = kexec_plan_add_borrowed(plan,
						    (const uint8_t *)pieces[i].data + (run[k].s - off[i]),
						    run[k].e - run[k].s, base + run[k].s,
						    up(run[k].e, PAGE) - run[k].s, what, err);
		} else {
			snprintf(what, sizeof(what), "initrd-seam");
			r = add_copy(plan, pieces, off, n, base, run[k].s, run[k].e, total, what, err);
		}
		if (r < 0)
			return r;
	}
	return 0;
}
