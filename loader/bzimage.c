// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bzImage planner (boot protocol >= 2.12, 64-bit entry). Refuses, in plain
 * words, what the image cannot take; places the kernel honouring
 * pref_address, kernel_alignment and init_size; the zero page is built fresh
 * from the image's setup header (loader/zeropage.c), with the EFI state
 * (loader/efi.c) after an EFI boot.
 */
#include "loader/bootparam.h"
#include "loader/crash.h"
#include "loader/efi.h"
#include "loader/plan.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#define PAGE KEXEC_PAGE_SIZE
#define BZ_MIN_VERSION 0x020c
#define BZ_ENTRY64_OFFSET 0x200 /* startup_64 of the decompressor */
#define BZ_DEFAULT_ALIGN 0x200000ull

struct bzimage_info {
	uint64_t setup_size;  /* (setup_sects + 1) * 512: where the protected-mode part starts */
	uint16_t version;
	uint16_t xloadflags;
	uint32_t cmdline_size;
	uint64_t pref_address;
	uint64_t init_size;
	uint64_t align;
	bool relocatable;
	size_t hdr_len;       /* end of the setup header in the image */
};

static int bzimage_parse(const uint8_t *p, uint64_t size, struct bzimage_info *bi,
			 struct loader_err *err)
{
	unsigned setup_sects;

	if (size < 1024 || get_le16(p + HDR_BOOT_FLAG) != 0xaa55 || memcmp(p + HDR_HEADER, "HdrS", 4))
		return loader_err_set(err, ENOEXEC, "not a bzImage (no HdrS setup header)");
	bi->version = get_le16(p + HDR_VERSION);
	if (bi->version < BZ_MIN_VERSION)
		return loader_err_set(err, ENOEXEC,
				      "boot protocol %u.%02u is older than 2.12; kexboot needs the 64-bit entry",
				      bi->version >> 8, bi->version & 0xff);
	bi->hdr_len = (size_t)HDR_JUMP + 2 + p[HDR_JUMP + 1];
	if (bi->hdr_len > HDR_END_MAX)
		bi->hdr_len = HDR_END_MAX;
	setup_sects = p[HDR_SETUP_SECTS] ? p[HDR_SETUP_SECTS] : 4;
	bi->setup_size = (uint64_t)(setup_sects + 1) * 512;
	if (bi->setup_size >= size)
		return loader_err_set(err, ENOEXEC, "bzImage truncated: setup is %llu of %llu bytes",
				      (unsigned long long)bi->setup_size, (unsigned long long)size);
	if (!(p[HDR_LOADFLAGS] & LOADFLAGS_LOADED_HIGH))
		return loader_err_set(err, ENOEXEC, "bzImage is not loaded high (zImage)");
	bi->xloadflags = get_le16(p + HDR_XLOADFLAGS);
	if (!(bi->xloadflags & XLF_KERNEL_64))
		return loader_err_set(err, ENOEXEC,
				      "this kernel has no 64-bit entry point (XLF_KERNEL_64 unset)");
	if (!(bi->xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G))
		return loader_err_set(err, ENOEXEC,
				      "this kernel cannot be loaded above 4 GiB (XLF_CAN_BE_LOADED_ABOVE_4G unset)");
	bi->cmdline_size = get_le32(p + HDR_CMDLINE_SIZE);
	bi->pref_address = get_le64(p + HDR_PREF_ADDRESS);
	bi->init_size = get_le32(p + HDR_INIT_SIZE);
	bi->align = get_le32(p + HDR_KERNEL_ALIGNMENT);
	bi->relocatable = p[HDR_RELOCATABLE] != 0;
	if (bi->align < PAGE || (bi->align & (bi->align - 1)))
		bi->align = BZ_DEFAULT_ALIGN;
	if (bi->init_size < size - bi->setup_size)
		return loader_err_set(err, ENOEXEC, "bzImage init_size %llu is smaller than its payload",
				      (unsigned long long)bi->init_size);
	return 0;
}

/* 5-level paging is on when the running kernel reports la57 in cpuinfo's flags. */
static bool la57_active(const char *root)
{
	_cleanup_free_ char *path = path_join(root, "/proc/cpuinfo");
	_cleanup_free_ char *text = NULL;
	const char *flags;

	if (!path || file_read_at(AT_FDCWD, path, 1 << 22, &text, NULL) < 0)
		return false;
	flags = strstr(text, "\nflags");
	if (!flags)
		return false;
	for (const char *p = flags + 1; *p && *p != '\n'; p++)
		if ((p[-1] == ' ' || p[-1] == '\t') && strncmp(p, "la57", 4) == 0 &&
		    (p[4] == ' ' || p[4] == '\n' || !p[4]))
			return true;
	return false;
}

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

static int bzimage_plan(const struct kexec_request *req, const struct memmap *fw,
			const struct memmap *place, const struct memmap *e820, const char *cmdline,
			struct kexec_plan *plan, struct loader_err *err);

/* Crash plans: the header is a segment, placement and e820 come from the crash region. */
static int bzimage_crash_setup(const struct kexec_request *req, const struct memmap *mm,
			       struct kexec_plan *plan, struct crash_info *ci, char **cmdline,
			       struct loader_err *err)
{
	const char *base = req->cmdline ? req->cmdline : "";
	size_t len;
	int r;

	r = crash_prepare(req->root, mm, ci, err);
	if (r < 0)
		return r;
	len = strlen(base) + strlen(ci->cmdline_extra) + 1;
	*cmdline = malloc(len);
	if (!*cmdline)
		return loader_err_set(err, ENOMEM, "out of memory");
	snprintf(*cmdline, len, "%s%s", base, ci->cmdline_extra);
	r = kexec_plan_add_owned(plan, ci->elfcorehdr, ci->elfcorehdr_size, ci->elfcorehdr_addr,
				 (ci->elfcorehdr_size + PAGE - 1) & ~(PAGE - 1), "elfcorehdr", err);
	ci->elfcorehdr = NULL; /* the plan owns it now, even on failure */
	if (r < 0)
		return r;
	plan->elfcorehdr_addr = ci->elfcorehdr_addr;
	return 0;
}

int kexec_plan_bzimage(const struct kexec_request *req, const struct memmap *mm,
		       struct kexec_plan *plan, struct loader_err *err)
{
	struct crash_info ci = { 0 };
	char *crash_cmdline = NULL;
	int r;

	if (req->crash) {
		r = bzimage_crash_setup(req, mm, plan, &ci, &crash_cmdline, err);
		if (r == 0)
			r = bzimage_plan(req, mm, &ci.place, &ci.e820, crash_cmdline, plan, err);
	} else {
		r = bzimage_plan(req, mm, mm, mm, req->cmdline ? req->cmdline : "", plan, err);
	}
	crash_info_free(&ci);
	free(crash_cmdline);
	return r;
}

/*
 * fw: the firmware map (for the final layout check); place: where segments
 * may go; e820: the map handed to the next kernel.
 */
static int bzimage_plan(const struct kexec_request *req, const struct memmap *fw,
			const struct memmap *place, const struct memmap *e820, const char *cmdline,
			struct kexec_plan *plan, struct loader_err *err)
{
	const uint8_t *img = req->image;
	_cleanup_free_ uint8_t *running = NULL;
	struct bzimage_info bi = { 0 };
	struct efi_state efi = { 0 };
	bool have_efi = false;
	struct zeropage_in zin;
	struct place_ctx ctx;
	uint64_t kaddr, kmemsz, kmin;
	size_t cl = strlen(cmdline);
	int r;

	r = bzimage_parse(img, req->image_size, &bi, err);
	if (r < 0)
		return r;
	if (cl > bi.cmdline_size || cl > KEXEC_MAX_CMDLINE)
		return loader_err_set(err, E2BIG,
				      "command line is %zu bytes; this kernel takes at most %u",
				      cl, bi.cmdline_size);
	if (!(bi.xloadflags & XLF_5LEVEL) && la57_active(req->root))
		return loader_err_set(err, ENOEXEC,
				      "5-level paging is on, and this kernel cannot boot with it (XLF_5LEVEL unset)");
	if (req->nr_raw)
		return loader_err_set(err, EINVAL, "--raw cannot be combined with a kernel image");

	place_init(&ctx, place);
	/* The crash header, already a segment, stays clear. */
	if (plan->elfcorehdr_addr) {
		r = place_take(&ctx, plan->seg[0].mem, plan->seg[0].memsz);
		if (r < 0)
			return loader_err_set(err, -r, "too many reserved ranges");
	}
	kmemsz = (bi.init_size + PAGE - 1) & ~(PAGE - 1);
	kmin = bi.pref_address > KEXEC_MIN_ADDR ? bi.pref_address : KEXEC_MIN_ADDR;
	if (bi.relocatable) {
		r = place_find(&ctx, kmemsz, bi.align, kmin, UINT64_MAX, true, &kaddr);
		if (r < 0)
			return loader_err_set(err, -r,
					      "no room for the kernel: %llu bytes aligned to 0x%llx above 0x%llx",
					      (unsigned long long)kmemsz, (unsigned long long)bi.align,
					      (unsigned long long)kmin);
	} else {
		kaddr = bi.pref_address;
		if (kaddr % PAGE || !place_is_free(&ctx, kaddr, kmemsz))
			return loader_err_set(err, ENOSPC,
					      "kernel is not relocatable and 0x%llx+0x%llx is not free RAM",
					      (unsigned long long)kaddr, (unsigned long long)kmemsz);
	}
	r = place_take(&ctx, kaddr, kmemsz);
	if (r < 0)
		return loader_err_set(err, -r, "too many reserved ranges");
	/*
	 * The segment spans all of init_size, zero-filled past the image, like
	 * the kernel's own kexec_file_load. A segment of only the image would be
	 * shorter to copy, but the old kernel places its kexec control pages and
	 * identity-map page tables anywhere outside the segments, so they could
	 * land in the rest of init_size, where the decompressor moves itself
	 * while those page tables are still live: seen as an early triple fault
	 * in some 5.10 hops.
	 */
	r = kexec_plan_add_borrowed(plan, img + bi.setup_size, req->image_size - bi.setup_size, kaddr,
				    kmemsz, "kernel", err);
	if (r < 0)
		return r;
	plan->kernel_addr = kaddr;
	plan->kernel_reserved = kmemsz;

	running = running_boot_params(req->root);
	/*
	 * Only a kernel that says it can take over EFI runtime services from a
	 * kexec (XLF_EFI_KEXEC) gets the EFI state; any other boots as after
	 * a legacy boot, finding ACPI through acpi_rsdp_addr.
	 */
	if (bi.xloadflags & XLF_EFI_KEXEC) {
		r = efi_state_read(req->root, running, &efi, err);
		if (r < 0)
			return r;
		have_efi = r > 0;
	}
	zin = (struct zeropage_in){
		.hdr_src = img,
		.hdr_len = bi.hdr_len,
		.running = running,
		.cmdline = cmdline,
		.mm = e820,
		.rng_seed = req->rng_seed,
		.rng_seed_len = req->rng_seed_len,
		.acpi_rsdp = efi_acpi_rsdp(req->root),
		.efi = have_efi ? &efi : NULL,
	};
	r = kexec_plan_linux_tail(req, fw, &ctx, plan, &zin, UINT64_MAX, kaddr + BZ_ENTRY64_OFFSET,
				  err);
	efi_state_free(&efi);
	return r;
}
