// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The EFI handoff, as the kernel's own file-based kexec loader does it
 * (arch/x86/kernel/kexec-bzimage64.c: setup_efi_state): the next kernel gets
 * the loader signature and system table of the running one, a memory map of
 * only the runtime regions with the virtual addresses already in force, and
 * a SETUP_EFI node with the physical fw_vendor, config table and SMBIOS
 * addresses (the firmware converted the system table's own copies to
 * virtual ones at SetVirtualAddressMap).
 *
 * Part of the machine state (loader/machine.c): read once, before planning.
 */
#include "loader/internal.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define EFI_DIR "/sys/firmware/efi"

int efi_systab_value(const char *text, const char *key, uint64_t *ret)
{
	size_t kl = strlen(key);

	for (const char *line = text; line && *line;) {
		const char *eol = strchr(line, '\n');

		if (strncmp(line, key, kl) == 0 && line[kl] == '=') {
			const char *v = line + kl + 1;
			char *end;

			errno = 0;
			*ret = strtoull(v, &end, 0);
			if (errno || end == v || (*end && *end != '\n'))
				return -EINVAL;
			return 0;
		}
		line = eol ? eol + 1 : NULL;
	}
	return -ENOENT;
}

/* A number in a sysfs file: 1 and *ret set, 0 if the file is absent, <0 with err if malformed. */
static int efi_read_u64(const char *root, const char *rel, uint64_t *ret, struct diag_list *err)
{
	int r = sysfs_u64_read(root, rel, 0, ret, err);

	return r == -ENOENT ? 0 : r < 0 ? r : 1;
}

/*
 * Runtime-map entries are directories 0..N-1. Returns N (0 when the map is
 * absent) or <0 with err when the numbering has holes or junk.
 */
static int efi_runtime_count(const char *root, struct diag_list *err)
{
	_cleanup_free_ char *dir = path_join(root, EFI_DIR "/runtime-map");
	unsigned long max = 0, n = 0;
	struct dirent *de;
	DIR *d;

	if (!dir)
		return diag_fail(err, ENOMEM, "out of memory");
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0
				       : diag_fail(err, errno, "sys/firmware/efi/runtime-map: %s",
							strerror(errno));
	while ((de = readdir(d))) {
		char *end;
		unsigned long i;

		if (de->d_name[0] == '.')
			continue;
		i = strtoul(de->d_name, &end, 10);
		if (*end || de->d_name[0] < '0' || de->d_name[0] > '9' || i >= EFI_MAX_RUNTIME_ENTRIES) {
			closedir(d);
			return diag_fail(err, EINVAL,
					      "sys/firmware/efi/runtime-map: unexpected entry '%.64s'",
					      de->d_name);
		}
		n++;
		if (i + 1 > max)
			max = i + 1;
	}
	closedir(d);
	if (n != max)
		return diag_fail(err, EINVAL,
				      "sys/firmware/efi/runtime-map: %lu entries but numbered up to %lu",
				      n, max ? max - 1 : 0);
	return (int)n;
}

/* runtime-map/<i> into one efi_memory_desc_t at out. */
static int efi_runtime_desc(const char *root, unsigned i, uint8_t *out, struct diag_list *err)
{
	static const char *const fields[] = { "type", "phys_addr", "virt_addr", "num_pages",
					      "attribute" };
	uint64_t v[5];

	for (size_t f = 0; f < 5; f++) {
		char rel[96];
		int r;

		snprintf(rel, sizeof(rel), EFI_DIR "/runtime-map/%u/%s", i, fields[f]);
		r = efi_read_u64(root, rel, &v[f], err);
		if (r == 0)
			return diag_fail(err, ENOENT, "%s: missing", rel + 1);
		if (r < 0)
			return r;
	}
	if (v[0] > UINT32_MAX)
		return diag_fail(err, EINVAL, "sys/firmware/efi/runtime-map/%u: type 0x%llx",
				      i, (unsigned long long)v[0]);
	if (v[1] % KEXEC_PAGE_SIZE || !v[3] || v[3] > (UINT64_MAX - v[1]) / KEXEC_PAGE_SIZE)
		return diag_fail(err, EINVAL,
				      "sys/firmware/efi/runtime-map/%u: bad region 0x%llx, %llu pages",
				      i, (unsigned long long)v[1], (unsigned long long)v[3]);
	put_le32(out, (uint32_t)v[0]);
	put_le32(out + 4, 0);
	put_le64(out + 8, v[1]);
	put_le64(out + 16, v[2]);
	put_le64(out + 24, v[3]);
	put_le64(out + 32, v[4]);
	return 0;
}

/* "64" -> EL64, "32" -> EL32; 0 when the file is absent. */
static int efi_platform_signature(const char *root, uint32_t *sig, struct diag_list *err)
{
	uint64_t bits;
	int r = efi_read_u64(root, EFI_DIR "/fw_platform_size", &bits, err);

	if (r <= 0)
		return r;
	if (bits != 64 && bits != 32)
		return diag_fail(err, EINVAL, "sys/firmware/efi/fw_platform_size: %llu bits?",
				      (unsigned long long)bits);
	*sig = bits == 64 ? EFI64_LOADER_SIGNATURE : EFI32_LOADER_SIGNATURE;
	return 1;
}

/* SMBIOS (2.x) entry point: what the kernel puts in efi_setup_data.smbios (efi.smbios). */
static int efi_smbios(const char *root, uint64_t *smbios, struct diag_list *err)
{
	_cleanup_free_ char *path = path_join(root, EFI_DIR "/systab");
	_cleanup_free_ char *text = NULL;
	int r;

	*smbios = 0;
	if (!path)
		return diag_fail(err, ENOMEM, "out of memory");
	r = file_read_at(AT_FDCWD, path, 4096, &text, NULL);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return diag_fail(err, -r, "sys/firmware/efi/systab: %s", strerror(-r));
	/*
	 * Only "SMBIOS=": the next kernel (efi_reuse_config) writes this value
	 * into the SMBIOS_TABLE_GUID config table entry; an SMBIOS3 table has
	 * its own GUID and entry and is never patched, so SMBIOS3= is not used.
	 */
	r = efi_systab_value(text, "SMBIOS", smbios);
	if (r == -EINVAL)
		return diag_fail(err, EINVAL, "sys/firmware/efi/systab: bad SMBIOS= line");
	if (r < 0)
		*smbios = 0;
	return 0;
}

static int efi_state_fill(const char *root, const uint8_t *running, struct efi_state *st,
			  struct diag_list *err)
{
	uint32_t bp_sig, sig = 0;
	int n, r;

	/* No boot_params of the running kernel: no system table address to give on. */
	if (!running)
		return 0;
	bp_sig = get_le32(running + BP_EFI_SIGNATURE);
	r = efi_platform_signature(root, &sig, err);
	if (r < 0)
		return r;
	if (r == 0) {
		if (bp_sig != EFI64_LOADER_SIGNATURE && bp_sig != EFI32_LOADER_SIGNATURE)
			return 0;
		sig = bp_sig;
	} else if (bp_sig != sig && (bp_sig == EFI64_LOADER_SIGNATURE ||
				     bp_sig == EFI32_LOADER_SIGNATURE)) {
		return diag_fail(err, EINVAL,
				      "sys/firmware/efi/fw_platform_size disagrees with the boot_params signature");
	}
	st->loader_signature = sig;
	st->systab = get_le32(running + BP_EFI_SYSTAB) |
		     (uint64_t)get_le32(running + BP_EFI_SYSTAB_HI) << 32;
	if (!st->systab)
		return 0;
	st->memdesc_version = get_le32(running + BP_EFI_MEMDESC_VERSION);
	if (!st->memdesc_version)
		st->memdesc_version = EFI_MEMDESC_VERSION;

	/* The next kernel reads config tables and vendor through these: both needed. */
	r = efi_read_u64(root, EFI_DIR "/fw_vendor", &st->fw_vendor, err);
	if (r <= 0)
		return r;
	r = efi_read_u64(root, EFI_DIR "/config_table", &st->config_table, err);
	if (r <= 0)
		return r;
	/* Ignored by current kernels (__unused), filled as kexec-tools does. */
	r = efi_read_u64(root, EFI_DIR "/runtime", &st->runtime, err);
	if (r < 0)
		return r;
	r = efi_smbios(root, &st->smbios, err);
	if (r < 0)
		return r;

	/* No runtime map (CONFIG_EFI_RUNTIME_MAP off, efi=noruntime): nothing to hand over. */
	n = efi_runtime_count(root, err);
	if (n <= 0)
		return n;
	st->memmap = calloc((size_t)n, EFI_MEMDESC_SIZE);
	if (!st->memmap)
		return diag_fail(err, ENOMEM, "out of memory");
	for (int i = 0; i < n; i++) {
		r = efi_runtime_desc(root, (unsigned)i, st->memmap + (size_t)i * EFI_MEMDESC_SIZE, err);
		if (r < 0)
			return r;
	}
	st->nr_desc = (size_t)n;
	return 1;
}

int efi_state_read(const char *root, const uint8_t *running, struct efi_state *st,
		   struct diag_list *err)
{
	_cleanup_free_ char *dir = path_join(root, EFI_DIR);
	struct stat sb;
	int r;

	memset(st, 0, sizeof(*st));
	if (!dir)
		return diag_fail(err, ENOMEM, "out of memory");
	if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode))
		return 0;
	r = efi_state_fill(root, running, st, err);
	if (r <= 0)
		efi_state_free(st);
	return r;
}

void efi_state_free(struct efi_state *st)
{
	free(st->memmap);
	memset(st, 0, sizeof(*st));
}
