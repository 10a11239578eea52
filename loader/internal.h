/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * internal: what the planners of loader/ share, and the readers behind
 * machine_state_read. Not for other folders (they use loader/loader.h,
 * loader/load.h, loader/sys.h); tests may look inside.
 *
 * Who calls whom, so no two files call each other:
 *   build.c (kexec_plan_build) -> bzimage.c, elf.c, raw.c
 *   bzimage.c -> crash.c, payload.c, linux.c; elf.c -> linux.c
 *   linux.c (zero page + initrd + purgatory tail) -> zeropage.c, initrd.c, plan.c
 *   initrd.c, raw.c -> plan.c (segments, purgatory, finish) -> place.c, regions.c
 *   machine.c -> machine_efi.c, machine_features.c, memmap.c, sysfs.c; machine_efi.c -> sysfs.c
 */
#ifndef KEXBOOT_LOADER_INTERNAL_H
#define KEXBOOT_LOADER_INTERNAL_H

#include "loader/bootparam.h"
#include "loader/loader.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- memmap.c: the e820 table ---- */

#define MEMMAP_MAX_ENTRIES 4096

enum e820_type {
	E820_RAM = 1,
	E820_RESERVED = 2,
	E820_ACPI = 3,
	E820_NVS = 4,
	E820_UNUSABLE = 5,
	E820_PMEM = 7,
	E820_PRAM = 12,
	E820_SOFT_RESERVED = 0xefffffff,
};

/* Maps a sysfs/iomem type name to an e820 type; 0 when unknown. */
uint32_t memmap_type_from_name(const char *name);
int memmap_add(struct memmap *mm, uint64_t start, uint64_t end, uint32_t type);
void memmap_sort(struct memmap *mm);
/* Parses /proc/iomem text: top-level lines only. */
int memmap_parse_iomem(const char *text, struct memmap *mm, struct diag_list *err);
void memmap_free(struct memmap *mm);

/* ---- machine.c, machine_efi.c, sysfs.c: reading the running system (nothing else does) ---- */

/*
 * The one "number in a sysfs file" reader: <root><rel>, strtoull in base
 * (0: with a 0x prefix), a trailing newline allowed, no sign. 0 and *ret
 * set; -ENOENT when the file is absent (err untouched); another negative
 * errno with err set to "<rel without its leading slash>: ..." otherwise.
 */
int sysfs_u64_read(const char *root, const char *rel, int base, uint64_t *ret,
		   struct diag_list *err);

/* machine_features.c: the one-way state the running kernel switched on; needs ms->la57, ms->lockdown. */
void running_features_read(const char *root, const struct machine_state *ms, struct running_features *rf);

/* Reads <root>/sys/firmware/memmap, falling back to <root>/proc/iomem. */
int memmap_read(const char *root, struct memmap *mm, struct diag_list *err);

/* efi_memory_desc_t: u32 type, u32 pad, u64 phys, virt, num_pages, attribute. */
#define EFI_MEMDESC_SIZE 40
#define EFI_MEMDESC_VERSION 1
/* struct efi_setup_data: fw_vendor, __unused (runtime), tables, smbios, reserved[8]. */
#define EFI_SETUP_DATA_SIZE 96
/* Our own sanity cap on runtime-map entries (real machines have tens). */
#define EFI_MAX_RUNTIME_ENTRIES 4096

/* "EL64" / "EL32" as the little-endian u32 efi_loader_signature. */
#define EFI64_LOADER_SIGNATURE 0x34364c45u
#define EFI32_LOADER_SIGNATURE 0x32334c45u

/*
 * Reads the EFI state under root: the system table and loader signature
 * from running (the running kernel's boot_params, BP_SIZE bytes, or NULL),
 * the runtime map from /sys/firmware/efi/runtime-map/N/, and
 * fw_vendor/runtime/config_table/systab for the SETUP_EFI node. Returns 1
 * with st filled, 0 when there is nothing to hand over (no
 * /sys/firmware/efi, or a file the handoff needs is absent: a legacy boot
 * then), or a negative errno with err set when a file is there but malformed.
 */
int efi_state_read(const char *root, const uint8_t *running, struct efi_state *st,
		   struct diag_list *err);
void efi_state_free(struct efi_state *st);

/*
 * The value of "KEY=" in /sys/firmware/efi/systab's text (KEY without '=').
 * 0 and *ret set; -ENOENT when no such line; -EINVAL when not a number.
 */
int efi_systab_value(const char *text, const char *key, uint64_t *ret);

/* ---- place.c: holes for segments in usable RAM ---- */

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

/* ---- plan.c, regions.c: the toolkit every planner builds with ---- */

/* Adds a segment pointing into a caller's mapping. */
int kexec_plan_add_borrowed(struct kexec_plan *plan, const void *buf, uint64_t bufsz,
			    uint64_t mem, uint64_t memsz, const char *what,
			    struct diag_list *err);
/* Adds a segment whose buffer (malloc'd) the plan now owns, even on failure. */
int kexec_plan_add_owned(struct kexec_plan *plan, void *buf, uint64_t bufsz, uint64_t mem,
			 uint64_t memsz, const char *what, struct diag_list *err);
/*
 * The same for a copy of sensitive bytes: its first `wipe` bytes are wiped
 * and unlocked before it is freed (loader/initrd.c makes such copies whole
 * locked pages of their own).
 */
int kexec_plan_add_owned_wiped(struct kexec_plan *plan, void *buf, uint64_t bufsz, uint64_t mem,
			       uint64_t memsz, const char *what, size_t wipe, struct diag_list *err);

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

/* ---- initrd.c: every initrd, in order, as one contiguous region ---- */

/*
 * Piece i starts at offsets[i], aligned to `align` (4 by default: where the
 * kernel's initramfs unpacker looks for the next cpio header). Offsets of
 * each piece and the region's total size.
 */
int initrd_layout(const struct kexec_initrd *pieces, size_t n, uint32_t align,
		  uint64_t *offsets, uint64_t *ret_total, struct diag_list *err);

/*
 * Appends the segments for the region placed at base (page aligned) to
 * plan, using at most max_segments of them: segments that point straight
 * into the callers' mappings, and only the pages where two pieces meet
 * ("seams") copied. If that needs more segments than are left, the whole
 * region is copied into one buffer.
 */
int initrd_add_segments(struct kexec_plan *plan, const struct kexec_initrd *pieces, size_t n,
			uint32_t align, uint64_t base, size_t max_segments,
			struct diag_list *err);

/* ---- zeropage.c: the zero page for the next kernel ---- */

/* Inputs of the zero-page buffer: boot_params, then the command line, then setup_data nodes. */
struct zeropage_in {
	const uint8_t *hdr_src;   /* image bytes 0..hdr_len, setup header at 0x1f1 */
	size_t hdr_len;           /* copy [0x1f1, hdr_len) */
	const uint8_t *running;   /* running kernel's boot_params (BP_SIZE) or NULL */
	const char *cmdline;      /* "" for none */
	const struct memmap *mm;  /* e820 for the next kernel */
	const uint8_t *rng_seed;  /* NULL = none */
	size_t rng_seed_len;
	const uint8_t *dtb;       /* a flattened devicetree for SETUP_DTB; NULL = none */
	size_t dtb_len;
	uint64_t acpi_rsdp;       /* used when the running boot_params has none (EFI boots) */
	const struct efi_state *efi; /* NULL = no EFI handoff */
};

/* Bytes the buffer needs (boot_params + cmdline + setup_data). */
size_t zeropage_size(const struct zeropage_in *in);
/*
 * Fills buf (zeropage_size bytes, zeroed by the caller) for loading at
 * physical address addr. Initrd fields are set separately.
 */
void zeropage_fill(uint8_t *buf, uint64_t addr, const struct zeropage_in *in);
void zeropage_set_initrd(uint8_t *bp, uint64_t addr, uint64_t size);

/* ---- linux.c: what the bzImage and ELF planners share ---- */

/*
 * The running kernel's part of the zero page: boot_params (screen_info, so
 * the framebuffer survives), the ACPI RSDP and, when xloadflags has
 * XLF_EFI_KEXEC, the EFI state (a kernel that cannot take over runtime
 * services after a kexec boots as after a legacy boot and finds ACPI
 * through acpi_rsdp). Fails with the EFI state's read error only then.
 */
int linux_handoff_apply(const struct machine_state *ms, uint16_t xloadflags,
			struct zeropage_in *zin, struct kexec_plan *plan, struct diag_list *err);

/* Shared tail of the bzImage and ELF planners: zero page + initrd + purgatory. */
int kexec_plan_linux_tail(const struct kexec_request *req, const struct memmap *mm,
			  struct place_ctx *ctx, struct kexec_plan *plan,
			  const struct zeropage_in *zin, uint64_t initrd_max, uint64_t rip,
			  struct diag_list *err);

/* ---- crash.c: what a crash (kdump) kernel needs ---- */

struct crash_info {
	struct memmap place;     /* where segments may go: crash region(s) minus the header */
	struct memmap e820;      /* the crash kernel's memory map */
	uint8_t *elfcorehdr;     /* owned until handed to the plan */
	uint64_t elfcorehdr_size;
	uint64_t elfcorehdr_addr;
	unsigned nr_cpus;        /* PT_NOTEs for CPUs */
	unsigned nr_loads;       /* PT_LOADs */
	char cmdline_extra[48];  /* " elfcorehdr=0x..." */
};

/*
 * From the machine state: the ELF core header (one PT_NOTE per CPU's
 * crash_notes, one for vmcoreinfo, one PT_LOAD per System RAM range outside
 * the crash region), the memory map the crash kernel may use, and
 * "elfcorehdr=" for its command line.
 */
int crash_prepare(const struct machine_state *ms, struct crash_info *ci, struct diag_list *err);
void crash_info_free(struct crash_info *ci);

/* ---- payload.c: the kernel proper out of a bzImage ---- */

/*
 * For plans that skip the decompressor and enter startup_64 directly. Why:
 * the decompressor runs with an IDT that has no NMI gate and returns from
 * its first page fault with iretq, which unblocks NMIs; under an NMI storm
 * (the crash path's usual weather) that is a triple fault. The kernel
 * proper, entered with NMIs still blocked by the purgatory, keeps them
 * blocked until its early IDT (which ignores NMIs) is in place.
 */

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

/* ---- bzimage.c, elf.c, raw.c: the per-format planners (build.c probes) ---- */

int kexec_plan_bzimage(const struct kexec_request *req, const struct machine_state *ms,
		       struct kexec_plan *plan, struct diag_list *err);
int kexec_plan_elf(const struct kexec_request *req, const struct machine_state *ms,
		   struct kexec_plan *plan, struct diag_list *err);
int kexec_plan_raw(const struct kexec_request *req, const struct machine_state *ms,
		   struct kexec_plan *plan, struct diag_list *err);

#endif
