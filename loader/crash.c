// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * crash: what a crash (kdump) kernel loaded with kexboot's own purgatory
 * needs, built from the machine state (loader/machine.c read the crash
 * region(s), vmcoreinfo and the CPUs' crash_notes): the ELF core header, the
 * memory map the crash kernel may use, and "elfcorehdr=" for its command
 * line. Pure.
 */
#include "loader/internal.h"
#include "lib/cleanup.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE KEXEC_PAGE_SIZE
#define LOW_MEM_END 0x100000ull /* the first kernel never uses < 1 MiB (x86 reserves it) */

#define CRASH_MAX_RANGES MACHINE_MAX_RANGES

/* RAM ranges the dump must cover. */
struct crash_ranges {
	struct machine_range r[CRASH_MAX_RANGES];
	size_t n;
};

static int ranges_add(struct crash_ranges *rs, uint64_t start, uint64_t end)
{
	if (rs->n >= CRASH_MAX_RANGES)
		return -E2BIG;
	rs->r[rs->n++] = (struct machine_range){ start, end };
	return 0;
}

static void put_phdr(Elf64_Phdr *ph, uint32_t type, uint64_t addr, uint64_t size)
{
	memset(ph, 0, sizeof(*ph));
	ph->p_type = type;
	ph->p_flags = type == PT_LOAD ? PF_R | PF_W | PF_X : 0;
	ph->p_offset = addr; /* vmcore: file offset == physical address */
	ph->p_paddr = addr;
	ph->p_filesz = size;
	ph->p_memsz = size;
	ph->p_align = type == PT_LOAD ? PAGE : 0;
}

/* RAM outside every crash range: what the dump must cover. */
static int ram_minus_crash(const struct machine_state *ms, struct crash_ranges *out)
{
	for (size_t i = 0; i < ms->nr_ram; i++) {
		uint64_t s = ms->ram[i].start, e = ms->ram[i].end;
		int r;

		for (size_t j = 0; j < ms->nr_crash && s < e; j++) {
			const struct machine_range *c = &ms->crash[j];

			if (c->end <= s || c->start >= e)
				continue;
			if (c->start > s) {
				r = ranges_add(out, s, c->start);
				if (r < 0)
					return r;
			}
			s = c->end;
		}
		if (s < e) {
			r = ranges_add(out, s, e);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/*
 * Where segments may go (the crash ranges minus the header) and the crash
 * kernel's map: those ranges as RAM, low memory (which the first kernel
 * never used), and every non-RAM entry of the firmware map.
 */
static int crash_build_maps(struct crash_info *ci, const struct machine_state *ms)
{
	const struct machine_range *crash = ms->crash;
	const struct memmap *fw = &ms->memmap;
	uint64_t hdr_end = ci->elfcorehdr_addr + ((ci->elfcorehdr_size + PAGE - 1) & ~(PAGE - 1));
	int r;

	for (size_t i = 0; i < ms->nr_crash; i++) {
		uint64_t s = crash[i].start;

		if (i == 0)
			s = hdr_end;
		if (s < crash[i].end) {
			r = memmap_add(&ci->place, s, crash[i].end, E820_RAM);
			if (r < 0)
				return r;
			r = memmap_add(&ci->e820, s, crash[i].end, E820_RAM);
			if (r < 0)
				return r;
		}
	}
	for (size_t i = 0; i < fw->n; i++) {
		const struct memmap_entry *e = &fw->e[i];

		if (e->type != E820_RAM)
			r = memmap_add(&ci->e820, e->start, e->end, e->type);
		else if (e->start < LOW_MEM_END)
			r = memmap_add(&ci->e820, e->start, e->end < LOW_MEM_END ? e->end : LOW_MEM_END,
				       E820_RAM);
		else
			continue;
		if (r < 0)
			return r;
	}
	return 0;
}

int crash_prepare(const struct machine_state *ms, struct crash_info *ci, struct diag_list *err)
{
	_cleanup_free_ struct crash_ranges *dump = calloc(1, sizeof(*dump));
	uint64_t size;
	Elf64_Ehdr *eh;
	Elf64_Phdr *ph;
	int r;

	memset(ci, 0, sizeof(*ci));
	if (!dump)
		return diag_fail(err, ENOMEM, "out of memory");
	if (ms->crash_fault.err)
		return diag_fail(err, ms->crash_fault.err, "%s", ms->crash_fault.reason);
	if (!ms->nr_crash)
		return diag_fail(err, ENOENT,
				      "no crash kernel memory is reserved (boot with crashkernel=256M)");
	ci->nr_cpus = ms->nr_notes;
	r = ram_minus_crash(ms, dump);
	if (r < 0)
		return diag_fail(err, -r, "too many memory ranges");
	ci->nr_loads = (unsigned)dump->n;

	/* The header. */
	size = sizeof(*eh) + (ci->nr_cpus + 1 + dump->n) * sizeof(*ph);
	ci->elfcorehdr_size = size;
	ci->elfcorehdr = calloc(1, size);
	if (!ci->elfcorehdr)
		return diag_fail(err, ENOMEM, "out of memory");
	eh = (Elf64_Ehdr *)(void *)ci->elfcorehdr;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_ident[EI_OSABI] = ELFOSABI_NONE;
	eh->e_type = ET_CORE;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = (Elf64_Half)(ci->nr_cpus + 1 + dump->n);
	ph = (Elf64_Phdr *)(void *)(ci->elfcorehdr + sizeof(*eh));
	for (unsigned i = 0; i < ci->nr_cpus; i++)
		put_phdr(ph++, PT_NOTE, ms->notes[i].addr, ms->notes[i].size);
	put_phdr(ph++, PT_NOTE, ms->vmcoreinfo_addr, ms->vmcoreinfo_size);
	for (size_t i = 0; i < dump->n; i++)
		put_phdr(ph++, PT_LOAD, dump->r[i].start, dump->r[i].end - dump->r[i].start);

	/* The header goes at the bottom of the first crash range; the rest is for segments. */
	ci->elfcorehdr_addr = (ms->crash[0].start + PAGE - 1) & ~(PAGE - 1);
	if (ci->elfcorehdr_addr + ((size + PAGE - 1) & ~(PAGE - 1)) > ms->crash[0].end)
		return diag_fail(err, ENOSPC, "crash region too small for the ELF core header");
	r = crash_build_maps(ci, ms);
	if (r < 0) {
		crash_info_free(ci);
		return diag_fail(err, -r, "crash memory map: too many entries");
	}
	memmap_sort(&ci->e820);
	memmap_sort(&ci->place);
	snprintf(ci->cmdline_extra, sizeof(ci->cmdline_extra), " elfcorehdr=0x%llx",
		 (unsigned long long)ci->elfcorehdr_addr);
	return 0;
}

void crash_info_free(struct crash_info *ci)
{
	memmap_free(&ci->place);
	memmap_free(&ci->e820);
	free(ci->elfcorehdr);
	ci->elfcorehdr = NULL;
}
