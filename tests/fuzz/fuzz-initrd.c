// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the initrd region (loader/initrd.c): initrd_layout and
 * initrd_add_segments with fuzzed piece sizes, alignment, base and segment
 * budget. Input: n (1 byte), align (le16), max_segments (1 byte), a spare byte, then a le24 size per piece (sizes up to PIECE_MAX). Every plan
 * made is checked against the region built here byte by byte: segments in
 * order, page aligned, gapless over the page-rounded region, at most
 * max_segments of them (or one copy), each byte the piece's or zero.
 */
#include "loader/internal.h"

#include <stdlib.h>
#include <string.h>

#define PIECE_MAX (3u * 4096u + 77u)
#define BASE 0x1000000ull

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t pattern[PIECE_MAX + KEXEC_MAX_INITRDS + 2];

static void check(const struct kexec_plan *plan, const struct kexec_initrd *p, size_t n,
		  uint32_t align, size_t max_segments)
{
	uint64_t off[KEXEC_MAX_INITRDS + 2], total, rounded, cursor = 0;
	struct diag_list err;
	uint8_t *want;

	if (initrd_layout(p, n, align, off, &total, &err) < 0)
		abort(); /* the segments took a layout the layout refuses */
	rounded = (total + KEXEC_PAGE_SIZE - 1) & ~(KEXEC_PAGE_SIZE - 1);
	want = calloc(1, rounded + 1);
	if (!want)
		abort();
	for (size_t i = 0; i < n; i++)
		memcpy(want + off[i], p[i].data, p[i].size);
	if (plan->initrd_copied ? plan->nr_segments != 1 : plan->nr_segments > max_segments)
		abort();
	for (size_t k = 0; k < plan->nr_segments; k++) {
		const struct kexec_plan_segment *s = &plan->seg[k];

		if (s->mem != BASE + cursor || s->memsz % KEXEC_PAGE_SIZE || s->bufsz > s->memsz ||
		    s->memsz > rounded - cursor || memcmp(s->buf, want + cursor, s->bufsz))
			abort();
		for (uint64_t o = s->bufsz; o < s->memsz; o++)
			if (want[cursor + o])
				abort(); /* the kernel's zero fill would lose a byte */
		cursor += s->memsz;
	}
	if (cursor != rounded)
		abort();
	free(want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kexec_initrd pieces[KEXEC_MAX_INITRDS + 2];
	struct kexec_plan plan;
	struct diag_list err;
	size_t n, max_segments;
	uint32_t align;

	if (size < 5)
		return 0;
	if (!pattern[1])
		for (size_t i = 0; i < sizeof(pattern); i++)
			pattern[i] = (uint8_t)(i * 131 + 7) | 1;
	n = data[0] % (KEXEC_MAX_INITRDS + 2);
	align = get_le16(data + 1);
	max_segments = 1 + data[3] % KEXEC_PLAN_MAX_SEGMENTS; /* callers leave at least one */
	data += 5;
	size -= 5;
	if (size < 3 * n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t s = data[3 * i] | data[3 * i + 1] << 8 | (uint32_t)data[3 * i + 2] << 16;

		/* Piece i's bytes differ from piece j's: a mix-up shows. */
		pieces[i] = (struct kexec_initrd){ pattern + i, s % (PIECE_MAX + 1), "initrd", i & 1 };
	}
	memset(&plan, 0, sizeof(plan));
	if (initrd_add_segments(&plan, pieces, n, align, BASE, max_segments, &err) == 0)
		check(&plan, pieces, n, align, max_segments);
	kexec_plan_free(&plan);
	return 0;
}
