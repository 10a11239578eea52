// SPDX-License-Identifier: GPL-2.0-or-later
/* handoff: running boot_params, EFI state and ACPI RSDP for the next zero page. */
#include "loader/handoff.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

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

int linux_handoff_read(const char *root, uint16_t xloadflags, struct linux_handoff *h,
		       struct diag_list *err)
{
	int r;

	memset(h, 0, sizeof(*h));
	h->running = running_boot_params(root);
	h->acpi_rsdp = efi_acpi_rsdp(root);
	if (!(xloadflags & XLF_EFI_KEXEC))
		return 0;
	r = efi_state_read(root, h->running, &h->efi, err);
	if (r < 0) {
		linux_handoff_free(h);
		return r;
	}
	h->have_efi = r > 0;
	return 0;
}

void linux_handoff_free(struct linux_handoff *h)
{
	free(h->running);
	efi_state_free(&h->efi);
	memset(h, 0, sizeof(*h));
}

void linux_handoff_apply(const struct linux_handoff *h, struct zeropage_in *zin,
			 struct kexec_plan *plan)
{
	zin->running = h->running;
	zin->acpi_rsdp = h->acpi_rsdp;
	zin->efi = h->have_efi ? &h->efi : NULL;
	plan->efi_systab = h->have_efi ? h->efi.systab : 0;
	plan->efi_runtime_entries = h->have_efi ? h->efi.nr_desc : 0;
}
