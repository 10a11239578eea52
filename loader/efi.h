/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * efi: the EFI state a kexec'd kernel needs to keep EFI (runtime services,
 * config tables, SMBIOS) after an EFI boot, read from the running kernel's
 * view under a root prefix: the system table and loader signature from
 * /sys/kernel/boot_params/data, the runtime memory map from
 * /sys/firmware/efi/runtime-map/N/, and fw_vendor/runtime/config_table/systab
 * for the SETUP_EFI node. Pure code (reads files, never prints).
 *
 * The runtime map is what lets the next kernel map runtime services at the
 * virtual addresses the firmware was already switched to
 * (SetVirtualAddressMap can be called only once per boot).
 */
#ifndef KEXBOOT_LOADER_EFI_H
#define KEXBOOT_LOADER_EFI_H

#include "loader/loader.h"

#include <stddef.h>
#include <stdint.h>

/* efi_memory_desc_t: u32 type, u32 pad, u64 phys, virt, num_pages, attribute. */
#define EFI_MEMDESC_SIZE 40
#define EFI_MEMDESC_VERSION 1
/* struct efi_setup_data: fw_vendor, __unused (runtime), tables, smbios, reserved[8]. */
#define EFI_SETUP_DATA_SIZE 96
/* Our own sanity cap on runtime-map entries (real machines have tens). */
#define EFI_MAX_RUNTIME_ENTRIES 4096

/* "EL64" / "EL32" as the little-endian u32 efi_loader_signature. */
#define EFI64_LOADER_SIGNATURE 0x34364c45u
#define EFI32_LOADER_SIGNATURE 0x32334c45u

struct efi_state {
	uint32_t loader_signature;
	uint64_t systab;
	uint32_t memdesc_version;
	uint8_t *memmap; /* nr_desc * EFI_MEMDESC_SIZE bytes, owned */
	size_t nr_desc;
	uint64_t fw_vendor, runtime, config_table, smbios;
};

/*
 * Reads the EFI state under root. running is the running kernel's
 * boot_params (BP_SIZE bytes) or NULL. Returns 1 with st filled, 0 when
 * there is nothing to hand over (no /sys/firmware/efi, or a file the
 * handoff needs is absent: a legacy boot then), or a negative errno with
 * err set when a file is there but malformed.
 */
int efi_state_read(const char *root, const uint8_t *running, struct efi_state *st,
		   struct diag_list *err);
void efi_state_free(struct efi_state *st);

/*
 * The value of "KEY=" in /sys/firmware/efi/systab's text (KEY without '=').
 * 0 and *ret set; -ENOENT when no such line; -EINVAL when not a number.
 */
int efi_systab_value(const char *text, const char *key, uint64_t *ret);

#endif
