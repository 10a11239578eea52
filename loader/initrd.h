/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * initrd: every initrd, in order, as one contiguous region; piece i starts at
 * offsets[i], aligned to `align` (4 by default: where the kernel's initramfs
 * unpacker looks for the next cpio header). For the segment-based interface the region is
 * expressed as segments that point straight into the callers' mappings;
 * only the pages where two pieces meet ("seams") are copied. If that needs
 * more segments than are left, the whole region is copied into one buffer.
 * For the file-based interface it is written into a sealed memfd.
 */
#ifndef KEXBOOT_LOADER_INITRD_H
#define KEXBOOT_LOADER_INITRD_H

#include "loader/loader.h"

#include <stddef.h>
#include <stdint.h>

/* Offsets of each piece and the region's total size. */
int initrd_layout(const struct kexec_initrd *pieces, size_t n, uint32_t align,
		  uint64_t *offsets, uint64_t *ret_total, struct diag_list *err);

/*
 * Appends the segments for the region placed at base (page aligned) to
 * plan, using at most max_segments of them.
 */
int initrd_add_segments(struct kexec_plan *plan, const struct kexec_initrd *pieces, size_t n,
			uint32_t align, uint64_t base, size_t max_segments,
			struct diag_list *err);

/*
 * Writes the region into a new memfd, seals it (shrink, grow, write, seal)
 * and returns a read-only descriptor reopened through
 * <proc_root>/proc/self/fd (so no writable open file is left for
 * the file-based interface to trip over with ETXTBSY).
 */
int initrd_compose_memfd(const struct kexec_initrd *pieces, size_t n, uint32_t align,
			 const char *proc_root, int *ret_fd, struct diag_list *err);

#endif
