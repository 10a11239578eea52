/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * plan: building blocks shared by the image planners (bzImage, ELF, raw):
 * adding segments, the purgatory segment, and the final pass that hashes
 * every segment, fills the purgatory's digest regions and checks the layout.
 */
#ifndef KEXBOOT_LOADER_PLAN_H
#define KEXBOOT_LOADER_PLAN_H

#include "loader/loader.h"
#include "loader/place.h"

/* Adds a segment pointing into a caller's mapping. */
int kexec_plan_add_borrowed(struct kexec_plan *plan, const void *buf, uint64_t bufsz,
			    uint64_t mem, uint64_t memsz, const char *what,
			    struct diag_list *err);
/* Adds a segment whose buffer (malloc'd) the plan now owns, even on failure. */
int kexec_plan_add_owned(struct kexec_plan *plan, void *buf, uint64_t bufsz, uint64_t mem,
			 uint64_t memsz, const char *what, struct diag_list *err);

/* Validates the blob header, copies it and places it (below 4 GiB, top-down). */
int kexec_plan_add_purgatory(struct kexec_plan *plan, struct place_ctx *ctx, const void *blob,
			     uint64_t size, struct diag_list *err);

/*
 * Final pass: digests of every segment, purgatory regions (every segment but
 * the purgatory), register image (rip, rsi), flags, and the purgatory's own
 * digest last. Then kexec_plan_check.
 */
int kexec_plan_finish(struct kexec_plan *plan, const struct kexec_request *req, uint64_t rip,
		      uint64_t rsi, const struct memmap *mm, struct diag_list *err);

/*
 * The purgatory's regions for every segment but the purgatory, and their
 * SHA-256s, on up to threads threads (0 or 1: one region per segment, and
 * each segment's sha256 set; more: large segments cut into pieces, and a
 * cut segment's own sha256 left zero). loader/regions.c.
 */
int kexec_plan_hash_regions(struct kexec_plan *plan, unsigned threads, struct diag_list *err);

/* Segments page aligned, memsz >= bufsz, in RAM, pairwise disjoint. */
int kexec_plan_check(const struct kexec_plan *plan, const struct memmap *mm,
		     struct diag_list *err);

/* Per-format planners (after probing). */
int kexec_plan_bzimage(const struct kexec_request *req, const struct memmap *mm,
		       struct kexec_plan *plan, struct diag_list *err);
int kexec_plan_elf(const struct kexec_request *req, const struct memmap *mm,
		   struct kexec_plan *plan, struct diag_list *err);
int kexec_plan_raw(const struct kexec_request *req, const struct memmap *mm,
		   struct kexec_plan *plan, struct diag_list *err);

/* Shared tail of the bzImage and ELF planners: zero page + initrd + purgatory. */
struct zeropage_in;
int kexec_plan_linux_tail(const struct kexec_request *req, const struct memmap *mm,
			  struct place_ctx *ctx, struct kexec_plan *plan,
			  const struct zeropage_in *zin, uint64_t initrd_max, uint64_t rip,
			  struct diag_list *err);

#endif
