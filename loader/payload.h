/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * payload: the kernel proper out of a bzImage, for plans that skip the
 * decompressor and enter startup_64 directly.
 *
 * Why: the decompressor runs with an IDT that has no NMI gate and returns
 * from its first page fault with iretq, which unblocks NMIs; under an NMI
 * storm (the crash path's usual weather) that is a triple fault. The kernel
 * proper, entered with NMIs still blocked by the purgatory, keeps them
 * blocked until its early IDT (which ignores NMIs) is in place.
 *
 * Pure code: bytes in, an owned buffer out.
 */
#ifndef KEXBOOT_LOADER_PAYLOAD_H
#define KEXBOOT_LOADER_PAYLOAD_H

#include "loader/loader.h"

#include <stddef.h>
#include <stdint.h>

/* Our own cap on the decompressed kernel (Debian's are 30-60 MiB). */
#define PAYLOAD_MAX_SIZE (512ull << 20)

/*
 * Decompresses a bzImage payload (gzip, xz or zstd, followed by the
 * decompressed size as a little-endian u32, as the kernel build appends
 * it). *out is malloc'd and the caller's; *format names the compression.
 */
int payload_decompress(const uint8_t *in, size_t len, uint8_t **out, size_t *out_len,
		       const char **format, struct diag_list *err);

/* The kernel proper laid out for loading at one physical base. */
struct vmlinux_image {
	uint8_t *buf;        /* owned: every PT_LOAD at p_paddr - base, zeroed gaps */
	uint64_t bufsz;      /* through the last file-backed byte */
	uint64_t memsz;      /* through the end of the last PT_LOAD (bss, brk) */
	uint64_t base;       /* lowest p_paddr (the link-time physical address) */
	uint64_t entry_off;  /* e_entry - base: startup_64 */
};

/* Lays out the PT_LOADs of an x86_64 vmlinux (ELF64, ET_EXEC). */
int vmlinux_layout(const uint8_t *elf, size_t len, struct vmlinux_image *vm,
		   struct diag_list *err);
void vmlinux_image_free(struct vmlinux_image *vm);

#endif
