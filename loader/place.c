// SPDX-License-Identifier: GPL-2.0-or-later
#include "loader/internal.h"

#include <errno.h>

void place_init(struct place_ctx *ctx, const struct memmap *mm)
{
	ctx->mm = mm;
	ctx->nr_taken = 0;
}

/* True when [start, end) lies in one run of RAM (adjacent RAM entries merged). */
static bool ram_covers(const struct memmap *mm, uint64_t start, uint64_t end)
{
	uint64_t run_start = 0, run_end = 0;
	bool in_run = false;

	for (size_t i = 0; i < mm->n; i++) {
		const struct memmap_entry *e = &mm->e[i];

		if (e->type != E820_RAM)
			continue;
		if (in_run && e->start <= run_end) {
			if (e->end > run_end)
				run_end = e->end;
		} else {
			if (in_run && start >= run_start && end <= run_end)
				return true;
			run_start = e->start;
			run_end = e->end;
			in_run = true;
		}
	}
	return in_run && start >= run_start && end <= run_end;
}

bool place_is_ram(const struct place_ctx *ctx, uint64_t start, uint64_t size)
{
	if (size == 0 || start + size < start)
		return false;
	return ram_covers(ctx->mm, start, start + size);
}

bool place_is_free(const struct place_ctx *ctx, uint64_t start, uint64_t size)
{
	if (!place_is_ram(ctx, start, size))
		return false;
	for (size_t i = 0; i < ctx->nr_taken; i++)
		if (start < ctx->taken[i].end && ctx->taken[i].start < start + size)
			return false;
	return true;
}

int place_take(struct place_ctx *ctx, uint64_t start, uint64_t size)
{
	if (ctx->nr_taken >= PLACE_MAX_TAKEN)
		return -E2BIG;
	ctx->taken[ctx->nr_taken++] = (struct place_range){ start, start + size };
	return 0;
}

static uint64_t align_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

/*
 * Candidate addresses are the ends of RAM entries and of taken ranges
 * (top-down: just below a boundary; bottom-up: just above one). Checking
 * each with place_is_free keeps this simple and obviously correct; the
 * number of boundaries is small.
 */
int place_find(const struct place_ctx *ctx, uint64_t size, uint64_t align, uint64_t min,
	       uint64_t max, bool top_down, uint64_t *ret_addr)
{
	const struct memmap *mm = ctx->mm;
	uint64_t best = 0;
	bool found = false;

	if (size == 0 || align == 0 || (align & (align - 1)))
		return -EINVAL;
	for (size_t pass = 0; pass < 2; pass++) {
		size_t n = pass == 0 ? mm->n : ctx->nr_taken;

		for (size_t i = 0; i < n; i++) {
			uint64_t lo = pass == 0 ? mm->e[i].start : ctx->taken[i].start;
			uint64_t hi = pass == 0 ? mm->e[i].end : ctx->taken[i].end;
			uint64_t cand;

			if (pass == 0 && mm->e[i].type != E820_RAM)
				continue;
			if (top_down) {
				/* Below the end of RAM or the start of a taken range, clamped to max. */
				uint64_t top = pass == 0 ? hi : lo;

				if (top > max)
					top = max;
				if (top < size)
					continue;
				cand = align_down(top - size, align);
			} else {
				uint64_t bot = pass == 0 ? lo : hi;

				if (bot < min)
					bot = min;
				cand = align_down(bot + align - 1, align);
				if (cand < bot)
					continue;
			}
			if (cand < min || cand + size < cand || cand + size > max)
				continue;
			if (!place_is_free(ctx, cand, size))
				continue;
			if (!found || (top_down ? cand > best : cand < best)) {
				best = cand;
				found = true;
			}
		}
	}
	/* min/max themselves are boundaries too. */
	{
		uint64_t c1 = align_down(min + align - 1, align);
		uint64_t c2 = max >= size ? align_down(max - size, align) : 0;

		if (c1 >= min && c1 + size <= max && place_is_free(ctx, c1, size) &&
		    (!found || (top_down ? c1 > best : c1 < best))) {
			best = c1;
			found = true;
		}
		if (max >= size && c2 >= min && place_is_free(ctx, c2, size) &&
		    (!found || (top_down ? c2 > best : c2 < best))) {
			best = c2;
			found = true;
		}
	}
	if (!found)
		return -ENOSPC;
	*ret_addr = best;
	return 0;
}
