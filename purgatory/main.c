// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Purgatory C part: runs after head.S has its GDT, stack and IDT in place.
 * Verifies every segment and returns to head.S for the jump, or reports and
 * halts. The loader fills purgatory_args in its copy of the blob.
 */
#include "purgatory/purgatory.h"

extern char purgatory_stack_end[];

__attribute__((section(".data.args"), aligned(16))) struct purgatory_args purgatory_args = {
	.magic = PURGATORY_ARGS_MAGIC,
	.size = sizeof(struct purgatory_args),
	.serial_port = 0x3f8,
};

/* A 2-D array, not pointers: pointers would need relocation. */
static const char exception_names[][24] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
	"#BR bound range", "#UD invalid opcode", "#NM device not available",
	"#DF double fault", "coprocessor overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack fault", "#GP general protection",
	"#PF page fault", "reserved", "#MF x87 error", "#AC alignment check",
	"#MC machine check", "#XM SIMD error", "#VE virtualization",
	"#CP control protection",
};

static const char nmi_block_words[][48] = {
	[NMI_BLOCK_SEEN] = "blocked (one arrived here)",
	[NMI_BLOCK_SENT] = "blocked (sent one to ourselves)",
	[NMI_BLOCK_NO_APIC] = "not blocked: local APIC disabled",
	[NMI_BLOCK_NO_MAPPING] = "not blocked: APIC unreachable",
	[NMI_BLOCK_TIMEOUT] = "not blocked: self-NMI never came",
	[NMI_BLOCK_INHERITED] = "blocked (already: the old kernel's gate)",
};

void purgatory_exception(uint64_t vector, uint64_t error, uint64_t rip)
{
	uint16_t port = purgatory_args.serial_port;

	serial_puts(port, "\nkexboot purgatory: exception ");
	serial_puthex(port, vector);
	if (vector < sizeof(exception_names) / sizeof(exception_names[0])) {
		serial_puts(port, " ");
		serial_puts(port, exception_names[vector]);
	}
	serial_puts(port, " error ");
	serial_puthex(port, error);
	serial_puts(port, " rip ");
	serial_puthex(port, rip);
	serial_puts(port, "; halted\n");
	purgatory_halt();
}

void purgatory_main(void)
{
	struct purgatory_args *a = &purgatory_args;
	uint16_t port = a->serial_port;
	uint8_t got[32];
	enum nmi_block nb;
	int bad, pt;

	/* First: off the old kernel's page tables, which the next kernel may overwrite. */
	pt = purgatory_page_tables(a);
	if (pt < 0) {
		serial_puts(port, "kexboot purgatory: page-table area too small; not jumping\n");
		purgatory_halt();
	}
	if (a->flags & PURGATORY_F_VERBOSE) {
		serial_puts(port, pt == 0 ? "kexboot purgatory: own identity map up to "
					  : "kexboot purgatory: old kernel's page tables, ");
		serial_puthex(port, a->ident_top);
		serial_puts(port, "\n");
		serial_puts(port, "kexboot purgatory: verifying ");
		serial_puthex(port, a->nr_regions);
		serial_puts(port, " regions\n");
	}
	bad = purgatory_verify(a, got);
	if (bad >= (int)PURGATORY_MAX_REGIONS) {
		serial_puts(port, "kexboot purgatory: bad region count; not jumping\n");
		purgatory_halt();
	}
	if (bad >= 0) {
		const struct purgatory_region *r = &a->regions[bad];

		serial_puts(port, "kexboot purgatory: SHA-256 mismatch in region ");
		serial_puthex(port, (uint64_t)bad);
		serial_puts(port, " start ");
		serial_puthex(port, r->start);
		serial_puts(port, " len ");
		serial_puthex(port, r->len);
		serial_puts(port, "\n  expected ");
		serial_putdigest(port, r->sha256);
		serial_puts(port, "\n  got      ");
		serial_putdigest(port, got);
		serial_puts(port, "\nkexboot purgatory: not jumping; halted\n");
		purgatory_halt();
	}
	if (!a->regs.rsp)
		a->regs.rsp = (uint64_t)(uintptr_t)purgatory_stack_end;
	/* Last: from here to the next kernel's early IDT, no NMI gets through. */
	nb = purgatory_block_nmis(a->flags);
	if (a->flags & PURGATORY_F_VERBOSE) {
		serial_puts(port, "kexboot purgatory: NMIs ");
		serial_puts(port, nmi_block_words[nb]);
		serial_puts(port, "\n");
		serial_puts(port, "kexboot purgatory: ok, jumping to ");
		serial_puthex(port, a->regs.rip);
		serial_puts(port, "\n");
	}
}
