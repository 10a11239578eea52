/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * loader: turns an image, a request and the machine state into a struct
 * kexec_plan. Two steps: machine_state_read() is the one place that reads
 * the running system (/sys and /proc under a root prefix); the planners are
 * then pure functions of (request, machine state) and touch no file. The
 * plan owns the few buffers it builds (zero page, purgatory copy, initrd
 * seams); kernel and initrd bytes stay in the caller's mappings and are only
 * borrowed. loader/load.h hands the plan to the kernel (loader/sys.h).
 */
#ifndef KEXBOOT_LOADER_LOADER_H
#define KEXBOOT_LOADER_LOADER_H

#include "lib/diag.h"
#include "loader/inherit.h"
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
#define KEXEC_MAX_DTB (4u << 20) /* a devicetree in the zero-page segment (SETUP_DTB) */

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
	size_t owned_wipe[KEXEC_PLAN_MAX_SEGMENTS]; /* bytes of owned[i] to wipe first (sensitive copies) */
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
	bool sensitive;   /* secrets inside: every planner copy of it is wiped when the plan is freed */
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
 * loader/internal.h, payload), and for every kernel when the running kernel
 * dismisses NMIs while it relocates (machine_state.kexec_nmi_safe: then the
 * decompressor's iretq would be the only place left where an NMI storm
 * resets the machine); the decompressor otherwise.
 */
enum kexec_kernel_entry {
	KEXEC_ENTRY_AUTO,
	KEXEC_ENTRY_DECOMPRESSOR,
	KEXEC_ENTRY_KERNEL_PROPER,
};

/*
 * What the user asks for. The running machine is not in here: it comes to
 * kexec_plan_build as its own argument (struct machine_state), so one read
 * of the machine serves many requests (a menu, a dry run, the tests) and a
 * request names nothing a planner could open.
 */
struct kexec_request {
	const void *image;             /* kernel image (bzImage or ELF), borrowed; NULL for raw */
	uint64_t image_size;
	const struct kexec_initrd *initrds;
	size_t nr_initrds;
	uint32_t initrd_align;         /* 4 (default) or larger power of two */
	const char *cmdline;           /* NULL = empty */
	const uint8_t *rng_seed;       /* NULL = no SETUP_RNG_SEED */
	size_t rng_seed_len;
	const void *dtb;               /* a flattened devicetree for SETUP_DTB (bzImage, ELF); NULL = none */
	uint64_t dtb_size;             /* at most KEXEC_MAX_DTB */
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

/*
 * The firmware memory map as e820 entries (loader/internal.h has the types
 * and the helpers).
 */
struct memmap_entry {
	uint64_t start;
	uint64_t end; /* exclusive */
	uint32_t type;
};

struct memmap {
	struct memmap_entry *e; /* owned, sorted by start */
	size_t n;
	const char *source; /* "sysfs" or "iomem" (static string) */
};

/*
 * The EFI state a kexec'd kernel needs to keep EFI (runtime services, config
 * tables, SMBIOS) after an EFI boot: the system table and loader signature
 * of the running kernel, the runtime memory map with the virtual addresses
 * the firmware was already switched to (SetVirtualAddressMap can be called
 * only once per boot), and what goes into the SETUP_EFI node.
 */
struct efi_state {
	uint32_t loader_signature;
	uint64_t systab;
	uint32_t memdesc_version;
	uint8_t *memmap; /* nr_desc * EFI_MEMDESC_SIZE bytes, owned */
	size_t nr_desc;
	uint64_t fw_vendor, runtime, config_table, smbios;
};

/*
 * Why a part of the machine state could not be read. Kept rather than
 * returned: a part only matters to the plans that need it (the EFI state to
 * a kernel with XLF_EFI_KEXEC, the crash region to a crash kernel, the
 * memory map to any plan but not to the file-based interface), and the planner that
 * needs it reports it then, as it did when it read the file itself.
 */
struct machine_fault {
	int err;                      /* 0: fine (read or absent); else a negative errno */
	char reason[DIAG_REASON_MAX];
};

struct machine_range {
	uint64_t start, end; /* exclusive */
};

struct machine_crash_note {
	uint64_t addr, size; /* a CPU's crash_notes and crash_notes_size */
};

#define MACHINE_MAX_RANGES 256
#define MACHINE_MAX_CPUS 8192

/*
 * Everything planning needs from the running system, read once. Absent
 * parts are recorded as absent (no EFI: a legacy boot; no boot_params: NULL).
 */
struct machine_state {
	struct memmap memmap;            /* sys/firmware/memmap, else proc/iomem */
	struct machine_fault memmap_fault;
	uint8_t *boot_params;            /* BP_SIZE bytes of sys/kernel/boot_params/data, or NULL */
	bool secure_boot;                /* boot_params' secure_boot == 3 (enabled) */
	char lockdown[256];              /* sys/kernel/security/lockdown; "" when absent */
	bool la57;                       /* 5-level paging is on (proc/cpuinfo flags) */
	bool kexec_nmi_safe;             /* sys/kernel/kexec_nmi_safe reads 1 (config/kexec-nmi-gate.patch) */
	uint64_t acpi_rsdp;              /* sys/firmware/efi/systab ACPI20=, ACPI=; 0 = none */
	struct efi_state efi;            /* valid when have_efi */
	bool have_efi;
	struct machine_fault efi_fault;  /* a malformed EFI file: reported for XLF_EFI_KEXEC */
	/* kdump: proc/iomem's top-level System RAM and its "Crash kernel" ranges. */
	struct machine_range *ram, *crash;  /* owned */
	size_t nr_ram, nr_crash;
	uint64_t vmcoreinfo_addr, vmcoreinfo_size;
	struct machine_crash_note *notes;   /* owned, one per CPU with crash_notes */
	unsigned nr_notes;
	struct machine_fault crash_fault;   /* reported by crash plans only */
	struct running_features features;   /* one-way state switched on (loader/inherit.h) */
};

/*
 * Reads the machine state under root ("" or NULL for none). Fails only when
 * memory runs out; what is absent or malformed is recorded in ms. ms is
 * filled (and must be freed) even on failure.
 */
int machine_state_read(const char *root, struct machine_state *ms, struct diag_list *err);
void machine_state_free(struct machine_state *ms);

/* Image kinds the planner knows. */
enum kexec_image_kind { KEXEC_IMAGE_UNKNOWN, KEXEC_IMAGE_BZIMAGE, KEXEC_IMAGE_ELF };
enum kexec_image_kind kexec_image_probe(const void *image, uint64_t size);

/*
 * Builds a plan for req (bzImage, ELF or raw) on the machine ms describes.
 * Pure: no file is read. On failure plan is left empty.
 */
int kexec_plan_build(const struct kexec_request *req, const struct machine_state *ms,
		     struct kexec_plan *plan, struct diag_list *err);
void kexec_plan_free(struct kexec_plan *plan);

/* Prints the plan as JSON into a new string (caller frees). */
char *kexec_plan_json(const struct kexec_plan *plan);

#endif
