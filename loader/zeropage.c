// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The zero page (struct boot_params) for the next kernel, built fresh from
 * the image's own setup header: only the setup header comes from the image,
 * only screen_info/ACPI RSDP/subarch/secure_boot from the running kernel,
 * and the e820 table from the firmware map. One buffer holds boot_params,
 * the command line and every setup_data node, so it costs one segment.
 */
#include "loader/bootparam.h"

#include <string.h>

static size_t align16(size_t v)
{
	return (v + 15) & ~(size_t)15;
}

static size_t e820_ext_entries(const struct zeropage_in *in)
{
	return in->mm->n > BP_E820_MAX ? in->mm->n - BP_E820_MAX : 0;
}

size_t zeropage_size(const struct zeropage_in *in)
{
	size_t sz = BP_SIZE + strlen(in->cmdline) + 1;

	if (e820_ext_entries(in))
		sz = align16(sz) + SETUP_DATA_HDR_SIZE + e820_ext_entries(in) * BP_E820_ENTRY_SIZE;
	if (in->rng_seed)
		sz = align16(sz) + SETUP_DATA_HDR_SIZE + in->rng_seed_len;
	return sz;
}

static void put_e820(uint8_t *p, const struct memmap_entry *e)
{
	put_le64(p, e->start);
	put_le64(p + 8, e->end - e->start);
	put_le32(p + 16, e->type);
}

/* Links a node at off into the list whose head is the header's setup_data. */
static void setup_data_link(uint8_t *buf, uint64_t addr, size_t off, uint32_t type, uint32_t len)
{
	put_le64(buf + off, get_le64(buf + HDR_SETUP_DATA));
	put_le32(buf + off + 8, type);
	put_le32(buf + off + 12, len);
	put_le64(buf + HDR_SETUP_DATA, addr + off);
}

void zeropage_fill(uint8_t *buf, uint64_t addr, const struct zeropage_in *in)
{
	size_t cl = strlen(in->cmdline), off, n820;
	uint64_t cmd = addr + BP_SIZE;

	if (in->hdr_len > BP_HDR)
		memcpy(buf + BP_HDR, in->hdr_src + BP_HDR, in->hdr_len - BP_HDR);
	if (in->running) {
		/* What the firmware told the running kernel and no one else can: keep the screen. */
		memcpy(buf + BP_SCREEN_INFO, in->running + BP_SCREEN_INFO, BP_SCREEN_INFO_SIZE);
		memcpy(buf + BP_ACPI_RSDP_ADDR, in->running + BP_ACPI_RSDP_ADDR, 8);
		memcpy(buf + HDR_HARDWARE_SUBARCH, in->running + HDR_HARDWARE_SUBARCH, 4 + 8);
		buf[BP_SECURE_BOOT] = in->running[BP_SECURE_BOOT];
	}
	/* Without it an EFI-booted target finds no ACPI tables: no legacy area to scan. */
	if (!get_le64(buf + BP_ACPI_RSDP_ADDR) && in->acpi_rsdp)
		put_le64(buf + BP_ACPI_RSDP_ADDR, in->acpi_rsdp);
	buf[HDR_TYPE_OF_LOADER] = BP_TYPE_OF_LOADER;
	buf[HDR_LOADFLAGS] = LOADFLAGS_LOADED_HIGH;
	/* The image's header may carry its own setup_data pointer (never valid here). */
	put_le64(buf + HDR_SETUP_DATA, 0);

	memcpy(buf + BP_SIZE, in->cmdline, cl + 1);
	put_le32(buf + HDR_CMD_LINE_PTR, (uint32_t)cmd);
	put_le32(buf + BP_EXT_CMD_LINE_PTR, (uint32_t)(cmd >> 32));

	n820 = in->mm->n < BP_E820_MAX ? in->mm->n : BP_E820_MAX;
	buf[BP_E820_ENTRIES] = (uint8_t)n820;
	for (size_t i = 0; i < n820; i++)
		put_e820(buf + BP_E820_TABLE + i * BP_E820_ENTRY_SIZE, &in->mm->e[i]);

	off = BP_SIZE + cl + 1;
	if (e820_ext_entries(in)) {
		size_t n = e820_ext_entries(in);

		off = align16(off);
		setup_data_link(buf, addr, off, SETUP_E820_EXT, (uint32_t)(n * BP_E820_ENTRY_SIZE));
		for (size_t i = 0; i < n; i++)
			put_e820(buf + off + SETUP_DATA_HDR_SIZE + i * BP_E820_ENTRY_SIZE,
				 &in->mm->e[BP_E820_MAX + i]);
		off += SETUP_DATA_HDR_SIZE + n * BP_E820_ENTRY_SIZE;
	}
	if (in->rng_seed) {
		off = align16(off);
		setup_data_link(buf, addr, off, SETUP_RNG_SEED, (uint32_t)in->rng_seed_len);
		memcpy(buf + off + SETUP_DATA_HDR_SIZE, in->rng_seed, in->rng_seed_len);
	}
}

void zeropage_set_initrd(uint8_t *bp, uint64_t addr, uint64_t size)
{
	put_le32(bp + HDR_RAMDISK_IMAGE, (uint32_t)addr);
	put_le32(bp + HDR_RAMDISK_SIZE, (uint32_t)size);
	put_le32(bp + BP_EXT_RAMDISK_IMAGE, (uint32_t)(addr >> 32));
	put_le32(bp + BP_EXT_RAMDISK_SIZE, (uint32_t)(size >> 32));
}
