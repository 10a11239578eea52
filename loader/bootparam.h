/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bootparam: x86 boot protocol offsets (Documentation/arch/x86/boot.rst,
 * zero-page.rst). Offsets, not a copied struct:
 * the zero page is a byte array written with explicit little-endian stores.
 */
#ifndef KEXBOOT_LOADER_BOOTPARAM_H
#define KEXBOOT_LOADER_BOOTPARAM_H

#include <stddef.h>
#include <stdint.h>

#define BP_SIZE 4096
/* struct boot_params */
#define BP_SCREEN_INFO 0x000
#define BP_SCREEN_INFO_SIZE 0x040
#define BP_ACPI_RSDP_ADDR 0x070
#define BP_EXT_RAMDISK_IMAGE 0x0c0
#define BP_EXT_RAMDISK_SIZE 0x0c4
#define BP_EXT_CMD_LINE_PTR 0x0c8
#define BP_EFI_INFO 0x1c0 /* struct efi_info, 32 bytes */
#define BP_EFI_SIGNATURE 0x1c0
#define BP_EFI_SYSTAB 0x1c4
#define BP_EFI_MEMDESC_SIZE 0x1c8
#define BP_EFI_MEMDESC_VERSION 0x1cc
#define BP_EFI_MEMMAP 0x1d0
#define BP_EFI_MEMMAP_SIZE 0x1d4
#define BP_EFI_SYSTAB_HI 0x1d8
#define BP_EFI_MEMMAP_HI 0x1dc
#define BP_ALT_MEM_K 0x1e0
#define BP_E820_ENTRIES 0x1e8
#define BP_SECURE_BOOT 0x1ec
#define BP_SENTINEL 0x1ef
#define BP_HDR 0x1f1
#define BP_E820_TABLE 0x2d0
#define BP_E820_MAX 128
#define BP_E820_ENTRY_SIZE 20
/* struct setup_header, at its absolute offset in the image and the zero page */
#define HDR_SETUP_SECTS 0x1f1
#define HDR_SYSSIZE 0x1f4 /* protected-mode part, in 16-byte units */
#define HDR_BOOT_FLAG 0x1fe /* 0xaa55 */
#define HDR_JUMP 0x200
#define HDR_HEADER 0x202 /* "HdrS" */
#define HDR_VERSION 0x206
#define HDR_TYPE_OF_LOADER 0x210
#define HDR_LOADFLAGS 0x211
#define HDR_RAMDISK_IMAGE 0x218
#define HDR_RAMDISK_SIZE 0x21c
#define HDR_CMD_LINE_PTR 0x228
#define HDR_INITRD_ADDR_MAX 0x22c
#define HDR_KERNEL_ALIGNMENT 0x230
#define HDR_RELOCATABLE 0x234
#define HDR_XLOADFLAGS 0x236
#define HDR_CMDLINE_SIZE 0x238
#define HDR_HARDWARE_SUBARCH 0x23c
#define HDR_HARDWARE_SUBARCH_DATA 0x240
#define HDR_PAYLOAD_OFFSET 0x248 /* from the protected-mode part */
#define HDR_PAYLOAD_LENGTH 0x24c
#define HDR_SETUP_DATA 0x250
#define HDR_PREF_ADDRESS 0x258
#define HDR_INIT_SIZE 0x260
#define HDR_END_MAX 0x290 /* the setup header never reaches edd_mbr_sig_buffer */

#define LOADFLAGS_LOADED_HIGH 0x01
#define XLF_KERNEL_64 (1u << 0)
#define XLF_CAN_BE_LOADED_ABOVE_4G (1u << 1)
#define XLF_EFI_KEXEC (1u << 4)
#define XLF_5LEVEL (1u << 5)

#define SETUP_E820_EXT 1
#define SETUP_DTB 2
#define SETUP_EFI 4
#define SETUP_RNG_SEED 9
#define SETUP_DATA_HDR_SIZE 16 /* u64 next, u32 type, u32 len */

/* kexboot is not a registered boot loader: 0xff = "undefined". */
#define BP_TYPE_OF_LOADER 0xff

static inline uint16_t get_le16(const void *p)
{
	const uint8_t *b = p;

	return (uint16_t)(b[0] | b[1] << 8);
}

static inline uint32_t get_le32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static inline uint64_t get_le64(const void *p)
{
	return get_le32(p) | (uint64_t)get_le32((const uint8_t *)p + 4) << 32;
}

static inline void put_le16(void *p, uint16_t v)
{
	uint8_t *b = p;

	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}

static inline void put_le32(void *p, uint32_t v)
{
	put_le16(p, (uint16_t)v);
	put_le16((uint8_t *)p + 2, (uint16_t)(v >> 16));
}

static inline void put_le64(void *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32((uint8_t *)p + 4, (uint32_t)(v >> 32));
}

#endif
