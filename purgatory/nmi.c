// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * NMI blocking for the jump. head.S's NMI gate returns without iretq, so
 * after the first NMI the CPU holds further NMIs back until the next
 * kernel's first iretq (see nmi_return). When none arrived during the
 * purgatory, we send ourselves one through the local APIC, so the next
 * kernel always starts with NMIs blocked, whatever the storm's timing.
 *
 * The xAPIC registers are MMIO, which the old kernel's kexec identity map
 * covers only when RAM happens to reach them; a missing mapping is added
 * with one 2 MiB page, from page-table pages of our own.
 */
#include "purgatory/purgatory.h"

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_X2APIC (1ull << 10)
#define APIC_BASE_ENABLE (1ull << 11)
#define MSR_X2APIC_ID 0x802
#define MSR_X2APIC_ICR 0x830
#define XAPIC_ID 0x20
#define XAPIC_ICR_LO 0x300
#define XAPIC_ICR_HI 0x310
#define ICR_DELIVERY_NMI (4u << 8)
#define ICR_LEVEL_ASSERT (1u << 14)
#define ICR_BUSY (1u << 12)

#define PTE_P 0x001ull
#define PTE_RW 0x002ull
#define PTE_PWT 0x008ull
#define PTE_PCD 0x010ull
#define PTE_PS 0x080ull
#define PTE_ADDR 0x000ffffffffff000ull
#define CR4_LA57 (1ull << 12)
#define WAIT_CYCLES 2000000000ull /* ~1 s at 2 GHz: an NMI to ourselves takes microseconds */

extern volatile uint8_t purgatory_nmi_seen;

/* Table pages for a missing PDPT and PD (zeroed: the blob's bss is memsz). */
static uint64_t spare_tables[2][512] __attribute__((aligned(4096)));
static unsigned spare_used;

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline uint64_t read_cr(int which)
{
	uint64_t v;

	if (which == 3)
		__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	else
		__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

/* The next level's table, made from a spare page when the entry is empty. NULL: a leaf. */
static uint64_t *next_table(uint64_t *entry, int *fail)
{
	uint64_t *t;

	if (*entry & PTE_P)
		return (*entry & PTE_PS) ? 0 : (uint64_t *)(uintptr_t)(*entry & PTE_ADDR);
	if (spare_used >= 2) {
		*fail = 1;
		return 0;
	}
	t = spare_tables[spare_used++];
	*entry = (uint64_t)(uintptr_t)t | PTE_P | PTE_RW;
	return t;
}

/* Makes the 4 KiB page at pa reachable (identity, uncached). 0 on success. */
static int map_mmio_page(uint64_t pa)
{
	uint64_t *t = (uint64_t *)(uintptr_t)(read_cr(3) & PTE_ADDR);
	int fail = 0;

	if (read_cr(4) & CR4_LA57) {
		t = next_table(&t[(pa >> 48) & 511], &fail);
		if (!t)
			return fail ? -1 : 0;
	}
	t = next_table(&t[(pa >> 39) & 511], &fail); /* PDPT */
	if (!t)
		return fail ? -1 : 0;
	t = next_table(&t[(pa >> 30) & 511], &fail); /* PD */
	if (!t)
		return fail ? -1 : 0;
	if (!(t[(pa >> 21) & 511] & PTE_P)) {
		t[(pa >> 21) & 511] = (pa & ~0x1fffffull) | PTE_P | PTE_RW | PTE_PWT | PTE_PCD | PTE_PS;
	} else if (!(t[(pa >> 21) & 511] & PTE_PS)) {
		uint64_t *pt = (uint64_t *)(uintptr_t)(t[(pa >> 21) & 511] & PTE_ADDR);

		if (!(pt[(pa >> 12) & 511] & PTE_P))
			pt[(pa >> 12) & 511] = (pa & ~0xfffull) | PTE_P | PTE_RW | PTE_PWT | PTE_PCD;
	}
	__asm__ volatile("invlpg (%0)" : : "r"((uintptr_t)pa) : "memory");
	return 0;
}

static void self_nmi(uint64_t apic_base)
{
	if (apic_base & APIC_BASE_X2APIC) {
		uint64_t id = rdmsr(MSR_X2APIC_ID);

		wrmsr(MSR_X2APIC_ICR, id << 32 | ICR_LEVEL_ASSERT | ICR_DELIVERY_NMI);
	} else {
		volatile uint32_t *apic = (volatile uint32_t *)(uintptr_t)(apic_base & PTE_ADDR);
		uint32_t id = apic[XAPIC_ID / 4] >> 24;

		for (uint64_t start = rdtsc(); apic[XAPIC_ICR_LO / 4] & ICR_BUSY;)
			if (rdtsc() - start > WAIT_CYCLES)
				return;
		apic[XAPIC_ICR_HI / 4] = id << 24;
		apic[XAPIC_ICR_LO / 4] = ICR_LEVEL_ASSERT | ICR_DELIVERY_NMI;
	}
}

enum nmi_block purgatory_block_nmis(void)
{
	uint64_t base, start;

	if (purgatory_nmi_seen)
		return NMI_BLOCK_SEEN;
	base = rdmsr(MSR_APIC_BASE);
	if (!(base & APIC_BASE_ENABLE))
		return NMI_BLOCK_NO_APIC;
	if (!(base & APIC_BASE_X2APIC) && map_mmio_page(base & PTE_ADDR) < 0)
		return NMI_BLOCK_NO_MAPPING;
	self_nmi(base);
	for (start = rdtsc(); !purgatory_nmi_seen;) {
		if (rdtsc() - start > WAIT_CYCLES)
			return NMI_BLOCK_TIMEOUT;
		__asm__ volatile("pause");
	}
	return NMI_BLOCK_SENT;
}
