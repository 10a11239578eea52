/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for the loader tests: fixture paths, the built purgatory blob, a
 * synthetic bzImage, and a plan checker written independently of
 * kexec_plan_check (so a bug there cannot hide itself).
 */
#ifndef KEXBOOT_TESTS_LOADER_UTIL_H
#define KEXBOOT_TESTS_LOADER_UTIL_H

#include "loader/loader.h"

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Reads the machine state under root (a fixture tree), plans req on it and
 * frees the state: what a caller of kexec_plan_build does, in one call.
 */
int util_plan_build(const struct kexec_request *req, const char *root, struct kexec_plan *plan,
		    struct diag_list *err);

/* tests/fixtures/loader/NAME into a static buffer. */
const char *util_fixture(const char *name);
/* The built purgatory blob (KEXBOOT_PURGATORY or build/purgatory/purgatory.bin); NULL on error. */
char *util_purgatory(size_t *len);

/* Writes an x86_64 ET_EXEC ELF64 header at img and its n program headers right after it. */
void util_make_elf64(uint8_t *img, uint64_t entry, const Elf64_Phdr *ph, size_t n);

struct util_bz {
	uint16_t version, xloadflags;
	uint32_t init_size, kernel_alignment, cmdline_size;
	uint64_t pref_address;
	uint8_t relocatable;
	size_t payload; /* bytes after the setup sectors */
};
/* Default: protocol 2.15, 64-bit + above-4G + 5-level, 2 MiB align, 16 MiB pref. */
struct util_bz util_bz_default(void);
uint8_t *util_make_bzimage(const struct util_bz *bz, size_t *ret_len);

/*
 * Checks plan against the memory map under root: at most 16 segments, page
 * aligned, memsz >= bufsz, >= 1 MiB, inside System RAM, pairwise disjoint,
 * digests recomputed, purgatory regions == every other segment. Reports with
 * CHECK; returns the number of failed checks.
 */
int util_check_plan(const struct kexec_plan *plan, const char *root);

/* Physical bytes [addr, addr+len) as the plan would leave them (zero fill); 0 if all covered. */
int util_plan_read(const struct kexec_plan *plan, uint64_t addr, uint64_t len, uint8_t *out);
const struct kexec_plan_segment *util_plan_find(const struct kexec_plan *plan, const char *what);

#endif
