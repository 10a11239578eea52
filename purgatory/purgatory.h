/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Purgatory internals (freestanding; never included by the loader, which
 * sees only purgatory/abi.h). verify.c is also built hosted for tests.
 */
#ifndef KEXBOOT_PURGATORY_PURGATORY_H
#define KEXBOOT_PURGATORY_PURGATORY_H

#include "purgatory/abi.h"

#include <stdint.h>

/*
 * Checks every region's SHA-256. Returns -1 when all match, else the index
 * of the first bad region (PURGATORY_MAX_REGIONS when nr_regions is out of
 * range) with its actual digest in got.
 */
int purgatory_verify(const struct purgatory_args *args, uint8_t got[32]);

void serial_putc(uint16_t port, char c);
void serial_puts(uint16_t port, const char *s);
void serial_puthex(uint16_t port, uint64_t v);
void serial_putdigest(uint16_t port, const uint8_t d[32]);

/* How NMIs came to be blocked for the jump (purgatory/nmi.c). */
enum nmi_block {
	NMI_BLOCK_SEEN,       /* an NMI arrived during the purgatory */
	NMI_BLOCK_SENT,       /* we sent ourselves one */
	NMI_BLOCK_NO_APIC,    /* not blocked: the local APIC is off */
	NMI_BLOCK_NO_MAPPING, /* not blocked: no page tables to reach the APIC */
	NMI_BLOCK_TIMEOUT,    /* not blocked: the self-NMI never came */
	NMI_BLOCK_INHERITED,  /* the self-NMI stays pending: the old kernel's gate blocked them */
};
enum nmi_block purgatory_block_nmis(uint32_t flags);

/* TSC cycles to wait for the self-NMI: ~1 s at 2 GHz, and ~10 ms with PURGATORY_F_NMI_GATE. */
#define NMI_WAIT_CYCLES 2000000000ull
#define NMI_WAIT_GATE_CYCLES 20000000ull

/*
 * Waits until *seen (set by head.S's NMI gate) or the limit passes, reading
 * the clock through now (nmi-wait.c; pure, tested hosted).
 */
enum nmi_block purgatory_nmi_wait(uint32_t flags, const volatile uint8_t *seen, uint64_t (*now)(void));

/*
 * Builds the identity map args asks for and switches to it (pgtable.c).
 * 0: switched; 1: not asked; -1: the area was too small (still on the old tables).
 */
int purgatory_page_tables(const struct purgatory_args *a);

void purgatory_main(void);
void purgatory_exception(uint64_t vector, uint64_t error, uint64_t rip);
__attribute__((noreturn)) void purgatory_halt(void);

#endif
