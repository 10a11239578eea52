// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * linux: what the bzImage and ELF planners share: the running kernel's part
 * of the zero page (boot_params, EFI state, ACPI RSDP, all from the machine
 * state) and the tail that places the zero page, the initrd and the
 * purgatory.
 */
#include "loader/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PAGE KEXEC_PAGE_SIZE
#define FOUR_GIB 0x100000000ull

static uint64_t up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

int linux_handoff_apply(const struct machine_state *ms, uint16_t xloadflags,
			struct zeropage_in *zin, struct kexec_plan *plan, struct diag_list *err)
{
	bool efi = false;

	if (xloadflags & XLF_EFI_KEXEC) {
		/* A malformed EFI file matters only to a kernel that would take the EFI state. */
		if (ms->efi_fault.err)
			return diag_fail(err, ms->efi_fault.err, "%s", ms->efi_fault.reason);
		efi = ms->have_efi;
	}
	zin->running = ms->boot_params;
	zin->acpi_rsdp = ms->acpi_rsdp;
	zin->efi = efi ? &ms->efi : NULL;
	plan->efi_systab = efi ? ms->efi.systab : 0;
	plan->efi_runtime_entries = efi ? ms->efi.nr_desc : 0;
	return 0;
}

int kexec_plan_linux_tail(const struct kexec_request *req, const struct memmap *mm,
			  struct place_ctx *ctx, struct kexec_plan *plan,
			  const struct zeropage_in *zin, uint64_t initrd_max, uint64_t rip,
			  struct diag_list *err)
{
	uint64_t offs[KEXEC_MAX_INITRDS], total = 0, zaddr, zsz, iaddr = 0;
	uint8_t *zp;
	size_t used;
	int r;

	r = kexec_plan_add_purgatory(plan, ctx, req->purgatory, req->purgatory_size, err);
	if (r < 0)
		return r;

	zsz = zeropage_size(zin);
	r = place_find(ctx, up(zsz, PAGE), PAGE, KEXEC_MIN_ADDR, FOUR_GIB, true, &zaddr);
	if (r < 0)
		return diag_fail(err, -r, "no room below 4 GiB for the zero page");
	r = place_take(ctx, zaddr, up(zsz, PAGE));
	if (r < 0)
		return diag_fail(err, -r, "too many reserved ranges");
	zp = calloc(1, zsz);
	if (!zp)
		return diag_fail(err, ENOMEM, "out of memory");
	zeropage_fill(zp, zaddr, zin);
	plan->acpi_rsdp = get_le64(zp + BP_ACPI_RSDP_ADDR);
	r = kexec_plan_add_owned(plan, zp, zsz, zaddr, up(zsz, PAGE), "zero-page", err);
	if (r < 0)
		return r;
	plan->zero_page_addr = zaddr;
	plan->cmdline_addr = zaddr + BP_SIZE;

	r = initrd_layout(req->initrds, req->nr_initrds, req->initrd_align ? req->initrd_align : 4,
			  offs, &total, err);
	if (r < 0)
		return r;
	if (total) {
		r = place_find(ctx, up(total, PAGE), PAGE, KEXEC_INITRD_MIN_ADDR, initrd_max, true,
			       &iaddr);
		if (r < 0)
			return diag_fail(err, -r, "no room for %llu bytes of initrd",
					      (unsigned long long)total);
		r = place_take(ctx, iaddr, up(total, PAGE));
		if (r < 0)
			return diag_fail(err, -r, "too many reserved ranges");
		used = plan->nr_segments;
		r = initrd_add_segments(plan, req->initrds, req->nr_initrds,
					req->initrd_align ? req->initrd_align : 4, iaddr,
					KEXEC_PLAN_MAX_SEGMENTS - used, err);
		if (r < 0)
			return r;
		zeropage_set_initrd(zp, iaddr, total);
		plan->initrd_addr = iaddr;
		plan->initrd_size = total;
	}
	return kexec_plan_finish(plan, req, rip, zaddr, mm, err);
}
