// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The purgatory's own identity map. relocate_kernel leaves us on the old
 * kernel's kexec page tables, which live in pages the old kernel chose
 * outside the segments. The next kernel owns all memory outside its
 * segments from its first instruction: a decompressor moves itself to the
 * end of init_size, where those page tables may sit, while it is still
 * running on them. So we build tables inside our own segment and switch
 * before anything else; the loader then needs no segment over the rest of
 * init_size just to keep the old kernel's pages out of it.
 *
 * [0, ident_top) is mapped read-write-execute, 1 GiB pages when the CPU has
 * them, else 2 MiB pages (the loader sizes pt_size for the latter).
 */
#include "purgatory/cpu.h"
#include "purgatory/purgatory.h"

#define GIB (1ull << 30)
#define MIB2 (1ull << 21)
#define CPUID_EXT_PDPE1GB (1u << 26)

struct pt_alloc {
	uint64_t *next;
	uint64_t *end;
};

static uint64_t *pt_page(struct pt_alloc *al)
{
	uint64_t *p;

	if (al->next >= al->end)
		return 0;
	p = al->next;
	al->next += 512;
	for (int i = 0; i < 512; i++)
		p[i] = 0;
	return p;
}

static int has_gbpages(void)
{
	uint32_t r[4];

	cpu_cpuid(0x80000000u, r);
	if (r[0] < 0x80000001u)
		return 0;
	cpu_cpuid(0x80000001u, r);
	return (r[3] & CPUID_EXT_PDPE1GB) != 0;
}

int purgatory_page_tables(const struct purgatory_args *a)
{
	struct pt_alloc al;
	uint64_t *pml4, *root, top;
	int gb = has_gbpages();

	if (!a->pt_size || !a->pt_addr || !a->ident_top)
		return 1; /* not asked: stay on the old kernel's tables */
	al.next = (uint64_t *)(uintptr_t)a->pt_addr;
	al.end = (uint64_t *)(uintptr_t)(a->pt_addr + a->pt_size);
	top = (a->ident_top + GIB - 1) & ~(GIB - 1);
	pml4 = pt_page(&al);
	if (!pml4)
		return -1;
	for (uint64_t addr = 0; addr < top; addr += GIB) {
		uint64_t *e4 = &pml4[(addr >> 39) & 511], *pdpt, *pd;

		if (!*e4) {
			pdpt = pt_page(&al);
			if (!pdpt)
				return -1;
			*e4 = (uint64_t)(uintptr_t)pdpt | PTE_P | PTE_RW;
		}
		pdpt = (uint64_t *)(uintptr_t)(*e4 & PTE_ADDR);
		if (gb) {
			pdpt[(addr >> 30) & 511] = addr | PTE_P | PTE_RW | PTE_PS;
			continue;
		}
		pd = pt_page(&al);
		if (!pd)
			return -1;
		for (int i = 0; i < 512; i++)
			pd[i] = (addr + (uint64_t)i * MIB2) | PTE_P | PTE_RW | PTE_PS;
		pdpt[(addr >> 30) & 511] = (uint64_t)(uintptr_t)pd | PTE_P | PTE_RW;
	}
	root = pml4;
	if (cpu_read_cr4() & CR4_LA57) {
		/* 5-level paging cannot be turned off in long mode: one more level on top. */
		root = pt_page(&al);
		if (!root)
			return -1;
		root[0] = (uint64_t)(uintptr_t)pml4 | PTE_P | PTE_RW;
	}
	cpu_write_cr3((uint64_t)(uintptr_t)root);
	return 0;
}
