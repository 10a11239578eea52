// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The zero page (struct boot_params) for the next kernel, built fresh from
 * the image's own setup header: only the setup header comes from the image,
 * only screen_info/ACPI RSDP/subarch/secure_boot from the running kernel,
 * and the e820 table from the firmware map. One buffer holds boot_params,
 * the command line, the EFI runtime memory map and every setup_data node
 * (extended e820, RNG seed, devicetree, EFI), so it costs one segment.
 */
#include "loader/internal.h"

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
	if (in->dtb)
		sz = align16(sz) + SETUP_DATA_HDR_SIZE + in->dtb_len;
	if (in->efi)
		sz = align16(align16(sz) + in->efi->nr_desc * EFI_MEMDESC_SIZE) +
		     SETUP_DATA_HDR_SIZE + EFI_SETUP_DATA_SIZE;
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

/*
 * efi_info, the runtime memory map at off (the next kernel reserves it in
 * memblock before anything can reuse this page), then the SETUP_EFI node.
 * Only the runtime regions: their virtual addresses are already in force.
 */
static void zeropage_fill_efi(uint8_t *buf, uint64_t addr, size_t off, const struct efi_state *efi)
{
	size_t msz = efi->nr_desc * EFI_MEMDESC_SIZE;
	uint64_t map = addr + off;
	uint8_t *esd;

	put_le32(buf + BP_EFI_SIGNATURE, efi->loader_signature);
	put_le32(buf + BP_EFI_SYSTAB, (uint32_t)efi->systab);
	put_le32(buf + BP_EFI_SYSTAB_HI, (uint32_t)(efi->systab >> 32));
	put_le32(buf + BP_EFI_MEMDESC_SIZE, EFI_MEMDESC_SIZE);
	put_le32(buf + BP_EFI_MEMDESC_VERSION, efi->memdesc_version);
	put_le32(buf + BP_EFI_MEMMAP, (uint32_t)map);
	put_le32(buf + BP_EFI_MEMMAP_HI, (uint32_t)(map >> 32));
	put_le32(buf + BP_EFI_MEMMAP_SIZE, (uint32_t)msz);
	memcpy(buf + off, efi->memmap, msz);

	off = align16(off + msz);
	setup_data_link(buf, addr, off, SETUP_EFI, EFI_SETUP_DATA_SIZE);
	esd = buf + off + SETUP_DATA_HDR_SIZE;
	put_le64(esd, efi->fw_vendor);
	put_le64(esd + 8, efi->runtime);
	put_le64(esd + 16, efi->config_table);
	put_le64(esd + 24, efi->smbios);
	/* reserved[8] stays zero (the caller zeroed the buffer). */
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
		off += SETUP_DATA_HDR_SIZE + in->rng_seed_len;
	}
	if (in->dtb) {
		/* The kernel's x86 devicetree support takes it from here (arch/x86/kernel/devicetree.c). */
		off = align16(off);
		setup_data_link(buf, addr, off, SETUP_DTB, (uint32_t)in->dtb_len);
		memcpy(buf + off + SETUP_DATA_HDR_SIZE, in->dtb, in->dtb_len);
		off += SETUP_DATA_HDR_SIZE + in->dtb_len;
	}
	if (in->efi)
		zeropage_fill_efi(buf, addr, align16(off), in->efi);
}

void zeropage_set_initrd(uint8_t *bp, uint64_t addr, uint64_t size)
{
	put_le32(bp + HDR_RAMDISK_IMAGE, (uint32_t)addr);
	put_le32(bp + HDR_RAMDISK_SIZE, (uint32_t)size);
	put_le32(bp + BP_EXT_RAMDISK_IMAGE, (uint32_t)(addr >> 32));
	put_le32(bp + BP_EXT_RAMDISK_SIZE, (uint32_t)(size >> 32));
}
