/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * place: finds holes for segments in usable RAM (e820 type RAM, merged),
 * avoiding what is already taken. Pure; the caller owns the context.
 */
#ifndef KEXBOOT_LOADER_PLACE_H
#define KEXBOOT_LOADER_PLACE_H

#include "loader/memmap.h"

#include <stdbool.h>
#include <stdint.h>

#define PLACE_MAX_TAKEN 32

struct place_range {
	uint64_t start, end; /* exclusive */
};

struct place_ctx {
	const struct memmap *mm; /* borrowed */
	struct place_range taken[PLACE_MAX_TAKEN];
	size_t nr_taken;
};

void place_init(struct place_ctx *ctx, const struct memmap *mm);
/* True when [start, start+size) lies inside merged RAM. */
bool place_is_ram(const struct place_ctx *ctx, uint64_t start, uint64_t size);
/* True when [start, start+size) is in RAM and overlaps nothing taken. */
bool place_is_free(const struct place_ctx *ctx, uint64_t start, uint64_t size);
int place_take(struct place_ctx *ctx, uint64_t start, uint64_t size);
/*
 * Finds size bytes aligned to align (power of two) within [min, max) in
 * free RAM, highest address first when top_down. Returns -ENOSPC if none.
 */
int place_find(const struct place_ctx *ctx, uint64_t size, uint64_t align, uint64_t min,
	       uint64_t max, bool top_down, uint64_t *ret_addr);

#endif
