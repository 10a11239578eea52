/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The purgatory ABI: the only purgatory header the loader includes. The
 * blob built from purgatory/ starts with struct purgatory_header (offset 0);
 * the loader copies the blob, fills struct purgatory_args at args_offset and
 * loads the copy as one kexec segment. Fixed-width types only, so the
 * freestanding and the hosted compilers agree on every offset.
 */
#ifndef KEXBOOT_PURGATORY_ABI_H
#define KEXBOOT_PURGATORY_ABI_H

#define PURGATORY_MAGIC 0x3147525550424b58 /* "XKBPURG1" little-endian */
#define PURGATORY_ARGS_MAGIC 0x5347524150424b58 /* "XKBPARGS" */
#define PURGATORY_ABI_VERSION 4
#define PURGATORY_MAX_REGIONS 16 /* = KEXEC_SEGMENT_MAX */
#define PURGATORY_HEADER_SIZE 40

/* flags */
#define PURGATORY_F_VERBOSE 0x1 /* progress lines on the serial port */
/*
 * The old kernel's kexec handoff has an NMI gate that returns without iretq
 * (config/kexec-nmi-gate.patch, /sys/kernel/kexec_nmi_safe): NMIs may be
 * blocked already when the purgatory starts, so a self-NMI that does not
 * come at once is held pending, not lost; the purgatory waits briefly.
 */
#define PURGATORY_F_NMI_GATE 0x2

/* Offsets are part of the ABI: head.S uses the register-image offsets. */
#define PURGATORY_ARGS_REGS_OFFSET 24
#define PURGATORY_REGS_RSP_OFFSET 56
#define PURGATORY_REGS_RIP_OFFSET 128
/* The descriptor tables in struct purgatory_args (head.S loads them first thing). */
#define PURGATORY_ARGS_GDT_DESC_OFFSET 1496
#define PURGATORY_ARGS_IDT_DESC_OFFSET 1512

/* The tables the loader fills: the GDT's selectors and the IDT's 32 gates. */
#define PURGATORY_GDT_ENTRIES 4
#define PURGATORY_CS 0x10 /* 64-bit code, the selector Linux's __KERNEL_CS also is */
#define PURGATORY_DS 0x18
#define PURGATORY_IDT_VECTORS 32
#define PURGATORY_GATE_TYPE 0x8e00 /* present, DPL 0, 64-bit interrupt gate */

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Placed at offset 0 of the blob by purgatory/head.S. */
struct purgatory_header {
	uint64_t magic;        /* PURGATORY_MAGIC */
	uint32_t abi_version;  /* PURGATORY_ABI_VERSION */
	uint32_t header_size;  /* sizeof(struct purgatory_header) */
	uint32_t entry_offset; /* where relocate_kernel jumps to */
	uint32_t args_offset;  /* struct purgatory_args, 8-byte aligned */
	uint32_t file_size;    /* bytes of the blob (the segment's bufsz) */
	uint32_t mem_size;     /* bytes including bss and stack (memsz before page rounding) */
	uint32_t stubs_offset; /* exception stub for vector 0; vector v at + v * stub_size */
	uint32_t stub_size;
};

/* Register image loaded just before the jump (kexboot's own order). */
struct purgatory_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip;
};

/* One digest region: physical start, byte length, SHA-256 of those bytes. */
struct purgatory_region {
	uint64_t start;
	uint64_t len;
	uint8_t sha256[32];
};

struct purgatory_args {
	uint64_t magic;       /* PURGATORY_ARGS_MAGIC, set by the blob */
	uint32_t size;        /* sizeof(struct purgatory_args), set by the blob */
	uint32_t flags;       /* PURGATORY_F_* */
	uint16_t serial_port; /* 8250 I/O port for messages (0x3f8); 0 = silent */
	uint16_t reserved0;
	uint32_t nr_regions;  /* <= PURGATORY_MAX_REGIONS */
	struct purgatory_regs regs;
	struct purgatory_region regions[PURGATORY_MAX_REGIONS];
	/*
	 * The purgatory's own identity map of [0, ident_top), built in
	 * [pt_addr, pt_addr + pt_size) (inside the purgatory segment's memsz)
	 * and loaded before anything else: the old kernel's kexec page tables
	 * sit in pages outside the segments, which the next kernel may reuse
	 * at once. pt_size 0: keep the old kernel's tables.
	 */
	uint64_t ident_top;
	uint64_t pt_addr;
	uint64_t pt_size;
	/*
	 * The GDT and IDT, complete before entry: the loader knows where the
	 * blob lands and writes the gates (onto the stubs, absolute) and both
	 * descriptors (limit, then base at +2, as lgdt/lidt read them). The
	 * entry's first instruction loads this IDT, so no instruction of the
	 * purgatory runs without one: the old kernel left none (it invalidated
	 * its GDT and IDT before relocate_kernel), and an NMI meanwhile would
	 * triple-fault the machine.
	 */
	uint64_t gdt[PURGATORY_GDT_ENTRIES];
	uint8_t idt[PURGATORY_IDT_VECTORS * 16];
	uint8_t gdt_desc[16];
	uint8_t idt_desc[16];
};

_Static_assert(sizeof(struct purgatory_header) == PURGATORY_HEADER_SIZE, "purgatory_header size");
_Static_assert(sizeof(struct purgatory_regs) == 17 * 8, "purgatory_regs size");
_Static_assert(sizeof(struct purgatory_region) == 48, "purgatory_region size");
_Static_assert(__builtin_offsetof(struct purgatory_args, regs) == PURGATORY_ARGS_REGS_OFFSET,
	       "regs offset");
_Static_assert(__builtin_offsetof(struct purgatory_regs, rsp) == PURGATORY_REGS_RSP_OFFSET,
	       "rsp offset");
_Static_assert(__builtin_offsetof(struct purgatory_regs, rip) == PURGATORY_REGS_RIP_OFFSET,
	       "rip offset");
_Static_assert(__builtin_offsetof(struct purgatory_args, regions) == 160, "regions offset");
_Static_assert(__builtin_offsetof(struct purgatory_args, gdt_desc) == PURGATORY_ARGS_GDT_DESC_OFFSET,
	       "gdt_desc offset");
_Static_assert(__builtin_offsetof(struct purgatory_args, idt_desc) == PURGATORY_ARGS_IDT_DESC_OFFSET,
	       "idt_desc offset");
_Static_assert(sizeof(struct purgatory_args) == 160 + 16 * 48 + 24 + 32 + 512 + 32, "purgatory_args size");

#endif /* !__ASSEMBLER__ */

#endif
