/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * handoff: what the running kernel knows that the next one needs in its
 * zero page, shared by the bzImage and ELF planners: the running
 * boot_params (screen_info, so the framebuffer survives), the EFI state
 * (loader/efi.h) and the ACPI RSDP. Read under a root prefix; pure otherwise.
 */
#ifndef KEXBOOT_LOADER_HANDOFF_H
#define KEXBOOT_LOADER_HANDOFF_H

#include "loader/bootparam.h"
#include "loader/efi.h"
#include "loader/loader.h"

struct linux_handoff {
	uint8_t *running;     /* BP_SIZE bytes of /sys/kernel/boot_params/data, or NULL */
	struct efi_state efi;
	bool have_efi;
	uint64_t acpi_rsdp;   /* from /sys/firmware/efi/systab; 0 = none */
};

/*
 * Reads the handoff under root. The EFI state is read only when xloadflags
 * has XLF_EFI_KEXEC: a kernel that cannot take over runtime services after
 * a kexec boots as after a legacy boot and finds ACPI through acpi_rsdp.
 */
int linux_handoff_read(const char *root, uint16_t xloadflags, struct linux_handoff *h,
		       struct diag_list *err);
void linux_handoff_free(struct linux_handoff *h);

/* Fills the handoff's part of a zero page input, and the plan's record of it. */
void linux_handoff_apply(const struct linux_handoff *h, struct zeropage_in *zin,
			 struct kexec_plan *plan);

#endif
