/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * crash: what a crash (kdump) kernel loaded with kexboot's own purgatory needs, read
 * under a root prefix: the "Crash kernel" region(s) from /proc/iomem, the ELF
 * core header (one PT_NOTE per CPU's crash_notes, one for vmcoreinfo, one
 * PT_LOAD per System RAM range outside the crash region), the memory map the
 * crash kernel may use, and "elfcorehdr=" for its command line.
 */
#ifndef KEXBOOT_LOADER_CRASH_H
#define KEXBOOT_LOADER_CRASH_H

#include "loader/memmap.h"

#define CRASH_MAX_CPUS 8192

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

/* fw: the firmware map (memmap_read). */
int crash_prepare(const char *root, const struct memmap *fw, struct crash_info *ci,
		  struct diag_list *err);
void crash_info_free(struct crash_info *ci);

#endif
