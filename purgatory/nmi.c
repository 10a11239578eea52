// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * NMI blocking for the jump. head.S's NMI gate returns without iretq, so
 * after the first NMI the CPU holds further NMIs back until the next
 * kernel's first iretq (see nmi_return). When none arrived during the
 * purgatory, we send ourselves one through the local APIC, so the next
 * kernel always starts with NMIs blocked, whatever the storm's timing.
 * When the old kernel's own gate already blocked them, ours stays pending
 * (nmi-wait.c says how long we wait for it).
 *
 * The xAPIC registers are MMIO: our own identity map (pgtable.c) covers
 * the first 4 GiB, so they are mapped; on the old kernel's tables (which
 * cover RAM only) we check before touching them.
 */
#include "purgatory/cpu.h"
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

extern volatile uint8_t purgatory_nmi_seen;

/* The next level's table; NULL when the entry is a leaf (*leaf set) or absent. */
static uint64_t *next_table(uint64_t entry, int *leaf)
{
	*leaf = (entry & PTE_P) && (entry & PTE_PS);
	if (!(entry & PTE_P) || *leaf)
		return 0;
	return (uint64_t *)(uintptr_t)(entry & PTE_ADDR);
}

/* Whether the 4 KiB page at pa is mapped in the current tables. */
static int mmio_page_mapped(uint64_t pa)
{
	uint64_t *t = (uint64_t *)(uintptr_t)(cpu_read_cr3() & PTE_ADDR);
	static const int shifts[] = { 48, 39, 30, 21, 12 };
	int leaf = 0;

	for (int i = (cpu_read_cr4() & CR4_LA57) ? 0 : 1; i < 5; i++) {
		uint64_t e = t[(pa >> shifts[i]) & 511];

		if (i == 4)
			return (e & PTE_P) != 0;
		t = next_table(e, &leaf);
		if (leaf)
			return 1;
		if (!t)
			return 0;
	}
	return 0;
}

static void self_nmi(uint64_t apic_base)
{
	if (apic_base & APIC_BASE_X2APIC) {
		uint64_t id = cpu_rdmsr(MSR_X2APIC_ID);

		cpu_wrmsr(MSR_X2APIC_ICR, id << 32 | ICR_LEVEL_ASSERT | ICR_DELIVERY_NMI);
	} else {
		volatile uint32_t *apic = (volatile uint32_t *)(uintptr_t)(apic_base & PTE_ADDR);
		uint32_t id = apic[XAPIC_ID / 4] >> 24;

		for (uint64_t start = cpu_rdtsc(); apic[XAPIC_ICR_LO / 4] & ICR_BUSY;)
			if (cpu_rdtsc() - start > NMI_WAIT_CYCLES)
				return;
		apic[XAPIC_ICR_HI / 4] = id << 24;
		apic[XAPIC_ICR_LO / 4] = ICR_LEVEL_ASSERT | ICR_DELIVERY_NMI;
	}
}

static uint64_t tsc_now(void)
{
	return cpu_rdtsc();
}

enum nmi_block purgatory_block_nmis(uint32_t flags)
{
	uint64_t base;

	if (purgatory_nmi_seen)
		return NMI_BLOCK_SEEN;
	base = cpu_rdmsr(MSR_APIC_BASE);
	if (!(base & APIC_BASE_ENABLE))
		return NMI_BLOCK_NO_APIC;
	if (!(base & APIC_BASE_X2APIC) && !mmio_page_mapped(base & PTE_ADDR))
		return NMI_BLOCK_NO_MAPPING;
	self_nmi(base);
	return purgatory_nmi_wait(flags, &purgatory_nmi_seen, tsc_now);
}
