// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Raw segments: blobs at given physical addresses, no parsing. The
 * purgatory still verifies them and jumps to --entry (rsi = 0).
 */
#include "loader/internal.h"

#include <errno.h>
#include <stdio.h>

#define PAGE KEXEC_PAGE_SIZE

int kexec_plan_raw(const struct kexec_request *req, const struct machine_state *ms,
		   struct kexec_plan *plan, struct diag_list *err)
{
	const struct memmap *mm = &ms->memmap;
	struct place_ctx ctx;
	bool entry_inside = false;
	int r;

	if (req->crash)
		return diag_fail(err, EOPNOTSUPP, "crash kernels must be bzImages, not --raw");
	if (!req->nr_raw)
		return diag_fail(err, EINVAL, "nothing to load: no kernel image and no --raw");
	if (!req->has_entry)
		return diag_fail(err, EINVAL, "--raw needs --entry ADDR");
	if (req->nr_raw > KEXEC_MAX_RAW)
		return diag_fail(err, E2BIG, "at most %d --raw segments", KEXEC_MAX_RAW);
	if (req->nr_initrds)
		return diag_fail(err, EINVAL, "--initrd needs a kernel image, not --raw");
	place_init(&ctx, mm);
	for (size_t i = 0; i < req->nr_raw; i++) {
		const struct kexec_raw *rs = &req->raw[i];
		uint64_t memsz = rs->memsz ? rs->memsz : rs->size;
		char what[32];

		memsz = (memsz + PAGE - 1) & ~(PAGE - 1);
		if (rs->addr % PAGE)
			return diag_fail(err, EINVAL, "--raw %s: address 0x%llx is not page aligned",
					      rs->name, (unsigned long long)rs->addr);
		if (memsz < rs->size || !memsz)
			return diag_fail(err, EINVAL, "--raw %s: memory size smaller than the file",
					      rs->name);
		if (!place_is_free(&ctx, rs->addr, memsz))
			return diag_fail(err, EFAULT,
					      "--raw %s: 0x%llx-0x%llx is not free usable RAM",
					      rs->name, (unsigned long long)rs->addr,
					      (unsigned long long)(rs->addr + memsz - 1));
		r = place_take(&ctx, rs->addr, memsz);
		if (r < 0)
			return diag_fail(err, -r, "too many reserved ranges");
		snprintf(what, sizeof(what), "raw[%zu]", i);
		r = kexec_plan_add_borrowed(plan, rs->data, rs->size, rs->addr, memsz, what, err);
		if (r < 0)
			return r;
		if (req->entry >= rs->addr && req->entry < rs->addr + memsz)
			entry_inside = true;
	}
	if (!entry_inside)
		return diag_fail(err, EINVAL, "--entry 0x%llx is outside every --raw segment",
				      (unsigned long long)req->entry);
	r = kexec_plan_add_purgatory(plan, &ctx, req->purgatory, req->purgatory_size, err);
	if (r < 0)
		return r;
	return kexec_plan_finish(plan, req, req->entry, 0, mm, err);
}
