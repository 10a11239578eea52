// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * build: kexec_plan_build, the dispatcher. Probes the image and calls its
 * planner with the machine state; nothing here or below reads a file.
 */
#include "loader/internal.h"

#include <errno.h>
#include <string.h>

enum kexec_image_kind kexec_image_probe(const void *image, uint64_t size)
{
	const uint8_t *p = image;

	if (size >= 4 && memcmp(p, "\177ELF", 4) == 0)
		return KEXEC_IMAGE_ELF;
	if (size >= 0x210 && get_le16(p + HDR_BOOT_FLAG) == 0xaa55 &&
	    memcmp(p + HDR_HEADER, "HdrS", 4) == 0)
		return KEXEC_IMAGE_BZIMAGE;
	return KEXEC_IMAGE_UNKNOWN;
}

int kexec_plan_build(const struct kexec_request *req, const struct machine_state *ms,
		     struct kexec_plan *plan, struct diag_list *err)
{
	int r;

	memset(plan, 0, sizeof(*plan));
	/* Every plan is checked against the memory map: without one, nothing can be planned. */
	if (ms->memmap_fault.err)
		return diag_fail(err, ms->memmap_fault.err, "%s", ms->memmap_fault.reason);
	if (req->dtb && !req->image)
		return diag_fail(err, EINVAL, "a devicetree needs a kernel image");
	if (req->dtb && req->dtb_size > KEXEC_MAX_DTB)
		return diag_fail(err, E2BIG, "the devicetree is larger than %u bytes", KEXEC_MAX_DTB);
	if (!req->image)
		r = kexec_plan_raw(req, ms, plan, err);
	else
		switch (kexec_image_probe(req->image, req->image_size)) {
		case KEXEC_IMAGE_BZIMAGE:
			r = kexec_plan_bzimage(req, ms, plan, err);
			break;
		case KEXEC_IMAGE_ELF:
			r = kexec_plan_elf(req, ms, plan, err);
			break;
		default:
			r = diag_fail(err, ENOEXEC,
					   "not a kernel image kexboot can load (neither bzImage nor ELF)");
		}
	if (r < 0)
		kexec_plan_free(plan);
	return r;
}
