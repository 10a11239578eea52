/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * loader: turns an image and a request into a struct kexec_plan (pure code,
 * no privileges; /sys and /proc are read under req->root). The plan owns the
 * few buffers it builds (zero page, purgatory copy, initrd seams); kernel and
 * initrd bytes stay in the caller's mappings and are only borrowed.
 * loader/sys.h then hands the plan to the kernel.
 */
#ifndef KEXBOOT_LOADER_LOADER_H
#define KEXBOOT_LOADER_LOADER_H

#include "lib/diag.h"
#include "purgatory/abi.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEXEC_PLAN_MAX_SEGMENTS 16 /* KEXEC_SEGMENT_MAX */
#define KEXEC_PAGE_SIZE 4096ull
#define KEXEC_MIN_ADDR 0x100000ull /* nothing below 1 MiB */
#define KEXEC_INITRD_MIN_ADDR 0x1000000ull /* 16 MiB, like kexec-tools and the kernel */
#define KEXEC_MAX_CMDLINE 65536 /* our own sanity cap; the image's cmdline_size rules */
#define KEXEC_MAX_INITRDS 64
#define KEXEC_MAX_RAW 8

/* Failures carry their reason in a struct diag_list (lib/diag.h): diag_fail(). */

struct kexec_plan_segment {
	const void *buf; /* borrowed mapping, or plan-owned when owned */
	uint64_t bufsz;
	uint64_t mem;   /* page aligned */
	uint64_t memsz; /* page aligned, >= bufsz; the kernel zero-fills the rest */
	uint8_t sha256[32]; /* of buf[0..bufsz); zero when the segment is cut into regions */
	uint8_t nr_regions; /* purgatory regions covering it (1 unless hashed on threads) */
	bool owned;     /* buf was built by the planner (copied/generated), not borrowed */
	char what[32];  /* "kernel", "initrd[0]", "zero-page", "purgatory", "raw[0]" ... */
};

struct kexec_plan {
	struct kexec_plan_segment seg[KEXEC_PLAN_MAX_SEGMENTS];
	size_t nr_segments;
	uint64_t entry;                /* where the kernel jumps: the purgatory */
	struct purgatory_args *args;   /* inside the plan-owned purgatory copy */
	void *owned[KEXEC_PLAN_MAX_SEGMENTS]; /* buffers to free */
	size_t nr_owned;
	/* Where things went, for reports and tests (0 when absent). */
	uint64_t kernel_addr, zero_page_addr, cmdline_addr, initrd_addr, initrd_size;
	uint64_t purgatory_addr;
	uint64_t kernel_reserved; /* bytes kept free from kernel_addr on (bzImage init_size) */
	uint64_t elfcorehdr_addr;  /* crash plans */
	unsigned initrd_copied; /* 1 when the seam budget forced a single copied buffer */
	const char *kernel_entry;   /* "decompressor", "kernel-proper", "elf" or NULL (raw) */
	const char *payload_format; /* "xz", "zstd", "gzip" when kexboot decompressed it */
	/* The EFI state handed over (efi_systab 0: none, a legacy-style boot). */
	uint64_t efi_systab, acpi_rsdp;
	size_t efi_runtime_entries;
};

struct kexec_initrd {
	const void *data; /* borrowed mapping */
	uint64_t size;
	const char *name; /* for messages */
};

struct kexec_raw {
	const void *data; /* borrowed mapping */
	uint64_t size;
	uint64_t addr;    /* physical, page aligned */
	uint64_t memsz;   /* 0 = page-rounded size */
	const char *name;
};

/*
 * Where a bzImage is entered. AUTO: the kernel proper for crash kernels
 * (they are loaded for a sick machine, where NMIs are likely; see
 * loader/payload.h), the decompressor otherwise.
 */
enum kexec_kernel_entry {
	KEXEC_ENTRY_AUTO,
	KEXEC_ENTRY_DECOMPRESSOR,
	KEXEC_ENTRY_KERNEL_PROPER,
};

struct kexec_request {
	const char *root;              /* prefix for /sys and /proc; "" or NULL = none */
	const void *image;             /* kernel image (bzImage or ELF), borrowed; NULL for raw */
	uint64_t image_size;
	const struct kexec_initrd *initrds;
	size_t nr_initrds;
	uint32_t initrd_align;         /* 4 (default) or larger power of two */
	const char *cmdline;           /* NULL = empty */
	const uint8_t *rng_seed;       /* NULL = no SETUP_RNG_SEED */
	size_t rng_seed_len;
	const void *purgatory;         /* the built blob */
	uint64_t purgatory_size;
	uint32_t purgatory_flags;      /* PURGATORY_F_* */
	uint16_t serial_port;          /* purgatory messages; 0 = silent */
	const struct kexec_raw *raw;   /* raw segments (no image) */
	size_t nr_raw;
	uint64_t entry;                /* raw entry; used when has_entry */
	bool has_entry;
	bool crash;                    /* a kdump kernel: segments in the crash region (bzImage) */
	enum kexec_kernel_entry kernel_entry; /* bzImage: through its decompressor or not */
	unsigned hash_threads;         /* 0/1: one region per segment; more: hashed in parallel */
};

/* Image kinds the planner knows. */
enum kexec_image_kind { KEXEC_IMAGE_UNKNOWN, KEXEC_IMAGE_BZIMAGE, KEXEC_IMAGE_ELF };
enum kexec_image_kind kexec_image_probe(const void *image, uint64_t size);

/* Builds a plan for req (bzImage, ELF or raw). On failure plan is left empty. */
int kexec_plan_build(const struct kexec_request *req, struct kexec_plan *plan,
		     struct diag_list *err);
void kexec_plan_free(struct kexec_plan *plan);

/* Prints the plan as JSON into a new string (caller frees). */
char *kexec_plan_json(const struct kexec_plan *plan);

#endif
