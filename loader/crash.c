// SPDX-License-Identifier: GPL-2.0-or-later
#include "loader/crash.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE KEXEC_PAGE_SIZE
#define LOW_MEM_END 0x100000ull /* the first kernel never uses < 1 MiB (x86 reserves it) */

struct crash_range {
	uint64_t start, end; /* exclusive */
};

#define CRASH_MAX_RANGES 256

struct crash_ranges {
	struct crash_range r[CRASH_MAX_RANGES];
	size_t n;
};

static int ranges_add(struct crash_ranges *rs, uint64_t start, uint64_t end)
{
	if (rs->n >= CRASH_MAX_RANGES)
		return -E2BIG;
	rs->r[rs->n++] = (struct crash_range){ start, end };
	return 0;
}

/* Top-level "System RAM" and nested "Crash kernel" lines of /proc/iomem. */
static int parse_iomem(const char *text, struct crash_ranges *ram, struct crash_ranges *crash)
{
	for (const char *p = text; *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		const char *q = p;
		unsigned long long s, e;
		char name[64];
		int r = 0;

		while (q < p + len && *q == ' ')
			q++;
		if (sscanf(q, "%llx-%llx : %63[^\n]", &s, &e, name) == 3 && e >= s && !(s == 0 && e == 0)) {
			if (q == p && strcmp(name, "System RAM") == 0)
				r = ranges_add(ram, s, e + 1);
			else if (strcmp(name, "Crash kernel") == 0)
				r = ranges_add(crash, s, e + 1);
			if (r < 0)
				return r;
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	return 0;
}

static int read_hex_pair(const char *root, const char *path, uint64_t *a, uint64_t *b)
{
	_cleanup_free_ char *full = path_join(root, path), *text = NULL;
	unsigned long long x, y;
	int r;

	if (!full)
		return -ENOMEM;
	r = file_read_at(AT_FDCWD, full, 256, &text, NULL);
	if (r < 0)
		return r;
	if (sscanf(text, "%llx %llx", &x, &y) != 2)
		return -EINVAL;
	*a = x;
	*b = y;
	return 0;
}

static int read_num(const char *path, int base, uint64_t *v)
{
	_cleanup_free_ char *text = NULL;
	char *end;
	int r;

	r = file_read_at(AT_FDCWD, path, 64, &text, NULL);
	if (r < 0)
		return r;
	errno = 0;
	*v = strtoull(text, &end, base);
	return errno || end == text ? -EINVAL : 0;
}

struct crash_note {
	uint64_t addr, size;
};

/* Every CPU's crash_notes (address) and crash_notes_size, in directory order. */
static int read_cpu_notes(const char *root, struct crash_note *notes, unsigned *ret_n)
{
	_cleanup_free_ char *dir = path_join(root, "/sys/devices/system/cpu");
	struct dirent *de;
	unsigned n = 0;
	DIR *d;
	int r = 0;

	if (!dir)
		return -ENOMEM;
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d)) && n < CRASH_MAX_CPUS) {
		char path[600];
		uint64_t addr, size = 0;

		if (strncmp(de->d_name, "cpu", 3) || de->d_name[3] < '0' || de->d_name[3] > '9')
			continue;
		snprintf(path, sizeof(path), "%s/%s/crash_notes", dir, de->d_name);
		if (read_num(path, 16, &addr) < 0)
			continue; /* offline or no crash notes: the kernel skips it too */
		snprintf(path, sizeof(path), "%s/%s/crash_notes_size", dir, de->d_name);
		if (read_num(path, 10, &size) < 0 || size == 0)
			size = 512; /* older kernels: sizeof(note_buf_t) is below this */
		notes[n++] = (struct crash_note){ addr, size };
	}
	closedir(d);
	*ret_n = n;
	return r;
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
static int ram_minus_crash(const struct crash_ranges *ram, const struct crash_ranges *crash,
			   struct crash_ranges *out)
{
	for (size_t i = 0; i < ram->n; i++) {
		uint64_t s = ram->r[i].start, e = ram->r[i].end;
		int r;

		for (size_t j = 0; j < crash->n && s < e; j++) {
			const struct crash_range *c = &crash->r[j];

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
static int crash_build_maps(struct crash_info *ci, const struct crash_ranges *crash,
			    const struct memmap *fw)
{
	uint64_t hdr_end = ci->elfcorehdr_addr + ((ci->elfcorehdr_size + PAGE - 1) & ~(PAGE - 1));
	int r;

	for (size_t i = 0; i < crash->n; i++) {
		uint64_t s = crash->r[i].start;

		if (i == 0)
			s = hdr_end;
		if (s < crash->r[i].end) {
			r = memmap_add(&ci->place, s, crash->r[i].end, E820_RAM);
			if (r < 0)
				return r;
			r = memmap_add(&ci->e820, s, crash->r[i].end, E820_RAM);
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

int crash_prepare(const char *root, const struct memmap *fw, struct crash_info *ci,
		  struct diag_list *err)
{
	_cleanup_free_ char *iomem = path_join(root, "/proc/iomem"), *text = NULL;
	_cleanup_free_ struct crash_ranges *ram = calloc(1, sizeof(*ram));
	_cleanup_free_ struct crash_ranges *crash = calloc(1, sizeof(*crash));
	_cleanup_free_ struct crash_ranges *dump = calloc(1, sizeof(*dump));
	_cleanup_free_ struct crash_note *notes = calloc(CRASH_MAX_CPUS, sizeof(*notes));
	uint64_t vmci_addr, vmci_size, size;
	Elf64_Ehdr *eh;
	Elf64_Phdr *ph;
	int r;

	memset(ci, 0, sizeof(*ci));
	if (!iomem || !ram || !crash || !dump || !notes)
		return diag_fail(err, ENOMEM, "out of memory");
	r = file_read_at(AT_FDCWD, iomem, 1 << 20, &text, NULL);
	if (r < 0)
		return diag_fail(err, -r, "%s: %s", iomem, strerror(-r));
	r = parse_iomem(text, ram, crash);
	if (r < 0)
		return diag_fail(err, -r, "%s: too many ranges", iomem);
	if (!crash->n)
		return diag_fail(err, ENOENT,
				      "no crash kernel memory is reserved (boot with crashkernel=256M)");
	r = read_hex_pair(root, "/sys/kernel/vmcoreinfo", &vmci_addr, &vmci_size);
	if (r < 0)
		return diag_fail(err, -r, "/sys/kernel/vmcoreinfo: %s", strerror(-r));
	r = read_cpu_notes(root, notes, &ci->nr_cpus);
	if (r < 0 || !ci->nr_cpus)
		return diag_fail(err, r < 0 ? -r : ENOENT,
				      "no CPU crash_notes under /sys/devices/system/cpu");
	r = ram_minus_crash(ram, crash, dump);
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
		put_phdr(ph++, PT_NOTE, notes[i].addr, notes[i].size);
	put_phdr(ph++, PT_NOTE, vmci_addr, vmci_size);
	for (size_t i = 0; i < dump->n; i++)
		put_phdr(ph++, PT_LOAD, dump->r[i].start, dump->r[i].end - dump->r[i].start);

	/* The header goes at the bottom of the first crash range; the rest is for segments. */
	ci->elfcorehdr_addr = (crash->r[0].start + PAGE - 1) & ~(PAGE - 1);
	if (ci->elfcorehdr_addr + ((size + PAGE - 1) & ~(PAGE - 1)) > crash->r[0].end)
		return diag_fail(err, ENOSPC, "crash region too small for the ELF core header");
	r = crash_build_maps(ci, crash, fw);
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
