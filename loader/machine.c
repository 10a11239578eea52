// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The machine state: the one place the loader reads the running system
 * (under a root prefix, so tests point it at a fixture tree). Everything a
 * planner needs is read here, once, before any planning; the planners then
 * never touch a file. The EFI state's reader is loader/machine_efi.c.
 */
#include "loader/internal.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keeps a part's failure for the planner that needs the part (loader.h). */
static void fault_keep(struct machine_fault *f, int r, const struct diag_list *why)
{
	f->err = r;
	snprintf(f->reason, sizeof(f->reason), "%s", why->reason);
}

/* ---- the firmware memory map ---- */

/* One /sys/firmware/memmap/N directory. */
static int memmap_read_one(const char *root, const char *name, struct memmap *mm)
{
	_cleanup_free_ char *tpath = NULL, *type = NULL;
	char rel[300];
	uint64_t start, end;
	uint32_t t;
	size_t tl;
	int r;

	snprintf(rel, sizeof(rel), "/sys/firmware/memmap/%s/start", name);
	r = sysfs_u64_read(root, rel, 0, &start, NULL);
	if (r < 0)
		return r;
	snprintf(rel, sizeof(rel), "/sys/firmware/memmap/%s/end", name);
	r = sysfs_u64_read(root, rel, 0, &end, NULL);
	if (r < 0)
		return r;
	snprintf(rel, sizeof(rel), "/sys/firmware/memmap/%s/type", name);
	tpath = path_join(root, rel);
	if (!tpath)
		return -ENOMEM;
	r = file_read_at(AT_FDCWD, tpath, 128, &type, &tl);
	if (r < 0)
		return r;
	while (tl && (type[tl - 1] == '\n' || type[tl - 1] == ' '))
		type[--tl] = '\0';
	t = memmap_type_from_name(type);
	if (!t)
		t = E820_RESERVED; /* unknown firmware types are not RAM */
	if (end < start || end == UINT64_MAX)
		return -EINVAL;
	return memmap_add(mm, start, end + 1, t);
}

/* 0 with mm filled (possibly empty), 1 when there is no such directory, <0 with err. */
static int memmap_read_sysfs(const char *root, struct memmap *mm, struct diag_list *err)
{
	_cleanup_free_ char *dir = path_join(root, "/sys/firmware/memmap");
	struct dirent *de;
	DIR *d;
	int r = 0;

	if (!dir)
		return diag_fail(err, ENOMEM, "out of memory");
	d = opendir(dir);
	if (!d)
		return 1;
	while ((de = readdir(d))) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		r = memmap_read_one(root, de->d_name, mm);
		if (r < 0) {
			r = diag_fail(err, -r, "sys/firmware/memmap/%s: %s", de->d_name,
				      strerror(-r));
			break;
		}
	}
	closedir(d);
	return r;
}

/* iomem_r: how reading <root>/proc/iomem went (text valid when 0). */
static int memmap_read_with(const char *root, const char *iomem_text, int iomem_r,
			    struct memmap *mm, struct diag_list *err)
{
	_cleanup_free_ char *dir = path_join(root, "/sys/firmware/memmap");
	_cleanup_free_ char *iomem = path_join(root, "/proc/iomem");
	int r;

	if (!dir || !iomem)
		return diag_fail(err, ENOMEM, "out of memory");
	/* A sysfs map that is there but unreadable is an error, not a reason to guess from iomem. */
	r = memmap_read_sysfs(root, mm, err);
	if (r < 0) {
		memmap_free(mm);
		return r;
	}
	if (mm->n) {
		mm->source = "sysfs";
		memmap_sort(mm);
		return 0;
	}
	if (iomem_r < 0)
		return diag_fail(err, -iomem_r, "no memory map: %s missing and %s: %s", dir, iomem,
				 strerror(-iomem_r));
	r = memmap_parse_iomem(iomem_text, mm, err);
	if (r < 0) {
		memmap_free(mm);
		return r;
	}
	if (!mm->n)
		return diag_fail(err, ENOENT, "%s lists no memory (unprivileged read?)", iomem);
	mm->source = "iomem";
	memmap_sort(mm);
	return 0;
}

int memmap_read(const char *root, struct memmap *mm, struct diag_list *err)
{
	_cleanup_free_ char *iomem = path_join(root, "/proc/iomem"), *text = NULL;
	int r;

	if (!iomem)
		return diag_fail(err, ENOMEM, "out of memory");
	r = file_read_at(AT_FDCWD, iomem, 1 << 20, &text, NULL);
	return memmap_read_with(root, text, r, mm, err);
}

/* ---- the crash region, vmcoreinfo and the CPUs' crash notes ---- */

static int range_add(struct machine_range **rs, size_t *n, uint64_t start, uint64_t end)
{
	struct machine_range *g;

	if (*n >= MACHINE_MAX_RANGES)
		return -E2BIG;
	g = realloc(*rs, (*n + 1) * sizeof(**rs));
	if (!g)
		return -ENOMEM;
	*rs = g;
	g[(*n)++] = (struct machine_range){ start, end };
	return 0;
}

/* Top-level "System RAM" and nested "Crash kernel" lines of /proc/iomem. */
static int crash_parse_iomem(const char *text, struct machine_state *ms)
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
				r = range_add(&ms->ram, &ms->nr_ram, s, e + 1);
			else if (strcmp(name, "Crash kernel") == 0)
				r = range_add(&ms->crash, &ms->nr_crash, s, e + 1);
			if (r < 0)
				return r;
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	return 0;
}

/* Every CPU's crash_notes (address) and crash_notes_size, in directory order. */
static int crash_read_notes(const char *root, struct machine_state *ms)
{
	_cleanup_free_ char *dir = path_join(root, "/sys/devices/system/cpu");
	struct dirent *de;
	DIR *d;

	if (!dir)
		return -ENOMEM;
	ms->notes = calloc(MACHINE_MAX_CPUS, sizeof(*ms->notes));
	if (!ms->notes)
		return -ENOMEM;
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d)) && ms->nr_notes < MACHINE_MAX_CPUS) {
		char rel[600];
		uint64_t addr, size = 0;

		if (strncmp(de->d_name, "cpu", 3) || de->d_name[3] < '0' || de->d_name[3] > '9')
			continue;
		snprintf(rel, sizeof(rel), "/sys/devices/system/cpu/%s/crash_notes", de->d_name);
		if (sysfs_u64_read(root, rel, 16, &addr, NULL) < 0)
			continue; /* offline or no crash notes: the kernel skips it too */
		snprintf(rel, sizeof(rel), "/sys/devices/system/cpu/%s/crash_notes_size", de->d_name);
		if (sysfs_u64_read(root, rel, 10, &size, NULL) < 0 || size == 0)
			size = 512; /* older kernels: sizeof(note_buf_t) is below this */
		ms->notes[ms->nr_notes++] = (struct machine_crash_note){ addr, size };
	}
	closedir(d);
	return 0;
}

/*
 * What a crash plan needs, read in the order the crash planner used to: no
 * "Crash kernel" range means no kdump, and nothing more is read.
 */
static int crash_read(const char *root, const char *iomem_text, int iomem_r,
		      struct machine_state *ms, struct diag_list *err)
{
	_cleanup_free_ char *iomem = path_join(root, "/proc/iomem");
	_cleanup_free_ char *vpath = path_join(root, "/sys/kernel/vmcoreinfo"), *vtext = NULL;
	unsigned long long x, y;
	int r;

	if (!iomem || !vpath)
		return diag_fail(err, ENOMEM, "out of memory");
	if (iomem_r < 0)
		return diag_fail(err, -iomem_r, "%s: %s", iomem, strerror(-iomem_r));
	r = crash_parse_iomem(iomem_text, ms);
	if (r < 0)
		return diag_fail(err, -r, "%s: too many ranges", iomem);
	if (!ms->nr_crash)
		return 0;
	r = file_read_at(AT_FDCWD, vpath, 256, &vtext, NULL);
	if (r == 0 && sscanf(vtext, "%llx %llx", &x, &y) != 2)
		r = -EINVAL;
	if (r < 0)
		return diag_fail(err, -r, "/sys/kernel/vmcoreinfo: %s", strerror(-r));
	ms->vmcoreinfo_addr = x;
	ms->vmcoreinfo_size = y;
	r = crash_read_notes(root, ms);
	if (r < 0 || !ms->nr_notes)
		return diag_fail(err, r < 0 ? -r : ENOENT,
				 "no CPU crash_notes under /sys/devices/system/cpu");
	return 0;
}

/* ---- the rest: small files, absent = default ---- */

/* The running kernel's boot_params, or NULL (not an error: it only improves the handoff). */
static uint8_t *running_boot_params(const char *root)
{
	_cleanup_free_ char *path = path_join(root, "/sys/kernel/boot_params/data");
	char *data = NULL;
	size_t len;

	if (!path || file_read_at(AT_FDCWD, path, BP_SIZE, &data, &len) < 0)
		return NULL;
	if (len != BP_SIZE) {
		free(data);
		return NULL;
	}
	return (uint8_t *)data;
}

/* The ACPI RSDP from <root>/sys/firmware/efi/systab ("ACPI20=" preferred, then "ACPI="); 0 if none. */
static uint64_t efi_acpi_rsdp(const char *root)
{
	_cleanup_free_ char *path = path_join(root, "/sys/firmware/efi/systab");
	_cleanup_free_ char *text = NULL;
	uint64_t acpi = 0;

	if (!path || file_read_at(AT_FDCWD, path, 4096, &text, NULL) < 0)
		return 0;
	if (efi_systab_value(text, "ACPI20", &acpi) == 0 && acpi)
		return acpi;
	if (efi_systab_value(text, "ACPI", &acpi) == 0)
		return acpi;
	return 0;
}

/* 5-level paging is on when the running kernel reports la57 in cpuinfo's flags. */
static bool la57_active(const char *root)
{
	_cleanup_free_ char *path = path_join(root, "/proc/cpuinfo");
	_cleanup_free_ char *text = NULL;
	const char *flags;

	if (!path || file_read_at(AT_FDCWD, path, 1 << 22, &text, NULL) < 0)
		return false;
	flags = strstr(text, "\nflags");
	if (!flags)
		return false;
	for (const char *p = flags + 1; *p && *p != '\n'; p++)
		if ((p[-1] == ' ' || p[-1] == '\t') && strncmp(p, "la57", 4) == 0 &&
		    (p[4] == ' ' || p[4] == '\n' || !p[4]))
			return true;
	return false;
}

static void lockdown_read(const char *root, char *out, size_t size)
{
	_cleanup_free_ char *path = path_join(root, "/sys/kernel/security/lockdown");
	_cleanup_free_ char *text = NULL;

	out[0] = '\0';
	if (path && file_read_at(AT_FDCWD, path, 256, &text, NULL) == 0)
		snprintf(out, size, "%s", text);
}

/*
 * The payload kernel's relocate_kernel dismisses NMIs (config/kexec-nmi-gate.patch)
 * and says so in this file; a kernel without the patch has no such file.
 */
static bool kexec_nmi_safe_read(const char *root)
{
	_cleanup_free_ char *path = path_join(root, "/sys/kernel/kexec_nmi_safe");
	_cleanup_free_ char *text = NULL;

	if (!path || file_read_at(AT_FDCWD, path, 64, &text, NULL) < 0)
		return false;
	return !strcmp(text, "1\n") || !strcmp(text, "1");
}

int machine_state_read(const char *root, struct machine_state *ms, struct diag_list *err)
{
	_cleanup_free_ char *iomem = path_join(root, "/proc/iomem"), *iomem_text = NULL;
	struct diag_list why = { 0 };
	int iomem_r, r;

	memset(ms, 0, sizeof(*ms));
	if (!iomem)
		return diag_fail(err, ENOMEM, "out of memory");
	/* Read once: the memory map's fallback and the crash region both come from it. */
	iomem_r = file_read_at(AT_FDCWD, iomem, 1 << 20, &iomem_text, NULL);
	r = memmap_read_with(root, iomem_text, iomem_r, &ms->memmap, &why);
	if (r < 0)
		fault_keep(&ms->memmap_fault, r, &why);
	ms->boot_params = running_boot_params(root);
	/* boot_params' secure_boot: 3 is "enabled"; the IMA arch policy then enforces kexec signatures. */
	ms->secure_boot = ms->boot_params && ms->boot_params[BP_SECURE_BOOT] == 3;
	lockdown_read(root, ms->lockdown, sizeof(ms->lockdown));
	ms->la57 = la57_active(root);
	ms->kexec_nmi_safe = kexec_nmi_safe_read(root);
	running_features_read(root, ms, &ms->features);
	ms->acpi_rsdp = efi_acpi_rsdp(root);
	r = efi_state_read(root, ms->boot_params, &ms->efi, &why);
	if (r < 0)
		fault_keep(&ms->efi_fault, r, &why);
	ms->have_efi = r > 0;
	r = crash_read(root, iomem_text, iomem_r, ms, &why);
	if (r < 0)
		fault_keep(&ms->crash_fault, r, &why);
	if (ms->memmap_fault.err == -ENOMEM || ms->efi_fault.err == -ENOMEM ||
	    ms->crash_fault.err == -ENOMEM)
		return diag_fail(err, ENOMEM, "out of memory reading the machine state");
	return 0;
}

void machine_state_free(struct machine_state *ms)
{
	if (!ms)
		return;
	memmap_free(&ms->memmap);
	free(ms->boot_params);
	efi_state_free(&ms->efi);
	free(ms->ram);
	free(ms->crash);
	free(ms->notes);
	memset(ms, 0, sizeof(*ms));
}
