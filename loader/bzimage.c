// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bzImage planner (boot protocol >= 2.12, 64-bit entry). Refuses, in plain
 * words, what the image cannot take; places the kernel honouring
 * pref_address, kernel_alignment and init_size; the zero page is built fresh
 * from the image's setup header (loader/zeropage.c), with the EFI state
 * (loader/linux.c) after an EFI boot. The kernel is entered through its
 * decompressor, or, decompressed here (loader/payload.c), at the kernel
 * proper's startup_64.
 */
#include "loader/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE KEXEC_PAGE_SIZE
#define BZ_MIN_VERSION 0x020c
#define BZ_ENTRY64_OFFSET 0x200 /* startup_64 of the decompressor */
#define BZ_DEFAULT_ALIGN 0x200000ull
#define KERNEL_PROPER_ALIGN 0x200000ull /* startup_64 refuses a base not 2 MiB aligned */

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
			 struct diag_list *err)
{
	unsigned setup_sects;

	if (size < 1024 || get_le16(p + HDR_BOOT_FLAG) != 0xaa55 || memcmp(p + HDR_HEADER, "HdrS", 4))
		return diag_fail(err, ENOEXEC, "not a bzImage (no HdrS setup header)");
	bi->version = get_le16(p + HDR_VERSION);
	if (bi->version < BZ_MIN_VERSION)
		return diag_fail(err, ENOEXEC,
				      "boot protocol %u.%02u is older than 2.12; kexboot needs the 64-bit entry",
				      bi->version >> 8, bi->version & 0xff);
	bi->hdr_len = (size_t)HDR_JUMP + 2 + p[HDR_JUMP + 1];
	if (bi->hdr_len > HDR_END_MAX)
		bi->hdr_len = HDR_END_MAX;
	setup_sects = p[HDR_SETUP_SECTS] ? p[HDR_SETUP_SECTS] : 4;
	bi->setup_size = (uint64_t)(setup_sects + 1) * 512;
	if (bi->setup_size >= size)
		return diag_fail(err, ENOEXEC, "bzImage truncated: setup is %llu of %llu bytes",
				      (unsigned long long)bi->setup_size, (unsigned long long)size);
	/* A cut-off copy would pass every other check and die decompressing in the new kernel. */
	if ((uint64_t)get_le32(p + HDR_SYSSIZE) * 16 > size - bi->setup_size)
		return diag_fail(err, ENOEXEC, "bzImage truncated: %llu bytes, its header says at least %llu",
				 (unsigned long long)size,
				 (unsigned long long)(bi->setup_size + (uint64_t)get_le32(p + HDR_SYSSIZE) * 16));
	if (!(p[HDR_LOADFLAGS] & LOADFLAGS_LOADED_HIGH))
		return diag_fail(err, ENOEXEC, "bzImage is not loaded high (zImage)");
	bi->xloadflags = get_le16(p + HDR_XLOADFLAGS);
	if (!(bi->xloadflags & XLF_KERNEL_64))
		return diag_fail(err, ENOEXEC,
				      "this kernel has no 64-bit entry point (XLF_KERNEL_64 unset)");
	if (!(bi->xloadflags & XLF_CAN_BE_LOADED_ABOVE_4G))
		return diag_fail(err, ENOEXEC,
				      "this kernel cannot be loaded above 4 GiB (XLF_CAN_BE_LOADED_ABOVE_4G unset)");
	bi->cmdline_size = get_le32(p + HDR_CMDLINE_SIZE);
	bi->pref_address = get_le64(p + HDR_PREF_ADDRESS);
	bi->init_size = get_le32(p + HDR_INIT_SIZE);
	bi->align = get_le32(p + HDR_KERNEL_ALIGNMENT);
	bi->relocatable = p[HDR_RELOCATABLE] != 0;
	if (bi->align < PAGE || (bi->align & (bi->align - 1)))
		bi->align = BZ_DEFAULT_ALIGN;
	if (bi->init_size < size - bi->setup_size)
		return diag_fail(err, ENOEXEC, "bzImage init_size %llu is smaller than its payload",
				      (unsigned long long)bi->init_size);
	return 0;
}

static int bzimage_plan(const struct kexec_request *req, const struct machine_state *ms,
			const struct memmap *place, const struct memmap *e820, const char *cmdline,
			struct kexec_plan *plan, struct diag_list *err);

/* Crash plans: the header is a segment, placement and e820 come from the crash region. */
static int bzimage_crash_setup(const struct kexec_request *req, const struct machine_state *ms,
			       struct kexec_plan *plan, struct crash_info *ci, char **cmdline,
			       struct diag_list *err)
{
	const char *base = req->cmdline ? req->cmdline : "";
	size_t len;
	int r;

	r = crash_prepare(ms, ci, err);
	if (r < 0)
		return r;
	len = strlen(base) + strlen(ci->cmdline_extra) + 1;
	*cmdline = malloc(len);
	if (!*cmdline)
		return diag_fail(err, ENOMEM, "out of memory");
	snprintf(*cmdline, len, "%s%s", base, ci->cmdline_extra);
	r = kexec_plan_add_owned(plan, ci->elfcorehdr, ci->elfcorehdr_size, ci->elfcorehdr_addr,
				 (ci->elfcorehdr_size + PAGE - 1) & ~(PAGE - 1), "elfcorehdr", err);
	ci->elfcorehdr = NULL; /* the plan owns it now, even on failure */
	if (r < 0)
		return r;
	plan->elfcorehdr_addr = ci->elfcorehdr_addr;
	return 0;
}

int kexec_plan_bzimage(const struct kexec_request *req, const struct machine_state *ms,
		       struct kexec_plan *plan, struct diag_list *err)
{
	struct crash_info ci = { 0 };
	char *crash_cmdline = NULL;
	int r;

	if (req->crash) {
		r = bzimage_crash_setup(req, ms, plan, &ci, &crash_cmdline, err);
		if (r == 0)
			r = bzimage_plan(req, ms, &ci.place, &ci.e820, crash_cmdline, plan, err);
	} else {
		r = bzimage_plan(req, ms, &ms->memmap, &ms->memmap, req->cmdline ? req->cmdline : "",
				 plan, err);
	}
	crash_info_free(&ci);
	free(crash_cmdline);
	return r;
}

static bool bzimage_wants_kernel_proper(const struct kexec_request *req, const struct machine_state *ms)
{
	switch (req->kernel_entry) {
	case KEXEC_ENTRY_KERNEL_PROPER:
		return true;
	case KEXEC_ENTRY_DECOMPRESSOR:
		return false;
	case KEXEC_ENTRY_AUTO:
	default:
		/*
		 * With an NMI-safe relocate_kernel the purgatory holds NMIs
		 * blocked up to the next kernel's entry: the kernel proper keeps
		 * them blocked until its early IDT, the decompressor would not.
		 */
		return req->crash || ms->kexec_nmi_safe;
	}
}

/* Places the kernel at a free, aligned address of kmemsz bytes (or its fixed one). */
static int bzimage_find_room(const struct bzimage_info *bi, uint64_t kmemsz, uint64_t align,
			     uint64_t kmin, uint64_t fixed, struct place_ctx *ctx, uint64_t *kaddr,
			     struct diag_list *err)
{
	int r;

	if (bi->relocatable) {
		r = place_find(ctx, kmemsz, align, kmin, UINT64_MAX, true, kaddr);
		if (r < 0)
			return diag_fail(err, -r,
					      "no room for the kernel: %llu bytes aligned to 0x%llx above 0x%llx",
					      (unsigned long long)kmemsz, (unsigned long long)align,
					      (unsigned long long)kmin);
	} else {
		*kaddr = fixed;
		if (*kaddr % PAGE || !place_is_free(ctx, *kaddr, kmemsz))
			return diag_fail(err, ENOSPC,
					      "kernel is not relocatable and 0x%llx+0x%llx is not free RAM",
					      (unsigned long long)*kaddr, (unsigned long long)kmemsz);
	}
	r = place_take(ctx, *kaddr, kmemsz);
	if (r < 0)
		return diag_fail(err, -r, "too many reserved ranges");
	return 0;
}

/* The image as it is, entered at the decompressor's 64-bit entry. */
static int bzimage_place_compressed(const struct kexec_request *req, const struct bzimage_info *bi,
				    uint64_t kmin, struct place_ctx *ctx, struct kexec_plan *plan,
				    uint64_t *rip, struct diag_list *err)
{
	const uint8_t *img = req->image;
	uint64_t kaddr, kmemsz = (bi->init_size + PAGE - 1) & ~(PAGE - 1);
	int r;

	r = bzimage_find_room(bi, kmemsz, bi->align, kmin, bi->pref_address, ctx, &kaddr, err);
	if (r < 0)
		return r;
	/*
	 * All of init_size is kept free of other segments, but the segment is
	 * only the image: the decompressor needs no zeroed memory behind it, and
	 * the kernel would otherwise allocate, clear and copy (on -e) tens of
	 * MiB for nothing. The old kernel may still put its kexec page tables
	 * in the rest of init_size, where the decompressor moves itself;
	 * kexboot's purgatory switches to its own identity map first thing
	 * (purgatory/pgtable.c), so nothing of the old kernel's is in use by
	 * then. (Before it did, this layout triple-faulted some 5.10 hops.)
	 */
	r = kexec_plan_add_borrowed(plan, img + bi->setup_size, req->image_size - bi->setup_size,
				    kaddr, (req->image_size - bi->setup_size + PAGE - 1) & ~(PAGE - 1),
				    "kernel", err);
	if (r < 0)
		return r;
	plan->kernel_addr = kaddr;
	plan->kernel_reserved = kmemsz;
	plan->kernel_entry = "decompressor";
	*rip = kaddr + BZ_ENTRY64_OFFSET;
	return 0;
}

/*
 * The payload decompressed here and its vmlinux laid out as one segment,
 * entered at startup_64 (see loader/internal.h, payload, for why). The kernel proper
 * relocates itself physically (any 2 MiB aligned base; its virtual address
 * does not move, so the appended relocations are not needed).
 */
static int bzimage_place_kernel_proper(const struct kexec_request *req,
				       const struct bzimage_info *bi, uint64_t kmin,
				       struct place_ctx *ctx, struct kexec_plan *plan,
				       uint64_t *rip, struct diag_list *err)
{
	const uint8_t *pm = (const uint8_t *)req->image + bi->setup_size;
	uint64_t pm_len = req->image_size - bi->setup_size;
	uint64_t off = get_le32((const uint8_t *)req->image + HDR_PAYLOAD_OFFSET);
	uint64_t len = get_le32((const uint8_t *)req->image + HDR_PAYLOAD_LENGTH);
	uint64_t align = bi->align > KERNEL_PROPER_ALIGN ? bi->align : KERNEL_PROPER_ALIGN;
	struct vmlinux_image vm;
	uint64_t kaddr, kmemsz;
	uint8_t *elf;
	size_t elf_len;
	int r;

	if (bi->version < 0x0208 || !len || off > pm_len || len > pm_len - off)
		return diag_fail(err, ENOEXEC,
				      "this bzImage does not say where its compressed kernel is (payload_offset/length)");
	r = payload_decompress(pm + off, len, &elf, &elf_len, &plan->payload_format, err);
	if (r < 0)
		return r;
	r = vmlinux_layout(elf, elf_len, &vm, err);
	free(elf);
	if (r < 0)
		return r;
	kmemsz = (vm.memsz + PAGE - 1) & ~(PAGE - 1);
	/*
	 * At its link-time base when that is free, as its own decompressor
	 * places it after a firmware boot (no KASLR in the payload): the next
	 * kernel then sees the layout of a cold boot. Placed at the top of
	 * RAM instead, the 6.1 payload spent one more page on its direct-map
	 * page tables, so every kexec boot had 4 kB less MemTotal than the
	 * cold boot (tests/bench/soak, payload series).
	 */
	if (vm.base >= kmin && vm.base % align == 0 && place_is_free(ctx, vm.base, kmemsz)) {
		kaddr = vm.base;
		r = place_take(ctx, kaddr, kmemsz);
		if (r < 0)
			r = diag_fail(err, -r, "too many reserved ranges");
	} else {
		r = bzimage_find_room(bi, kmemsz, align, kmin, vm.base, ctx, &kaddr, err);
	}
	if (r == 0) {
		r = kexec_plan_add_owned(plan, vm.buf, vm.bufsz, kaddr, kmemsz, "kernel", err);
		vm.buf = NULL; /* the plan owns it now, even on failure */
	}
	if (r == 0) {
		plan->kernel_addr = kaddr;
		plan->kernel_reserved = kmemsz;
		plan->kernel_entry = "kernel-proper";
		*rip = kaddr + vm.entry_off;
	}
	vmlinux_image_free(&vm);
	return r;
}

/*
 * ms->memmap: the firmware map (for the final layout check); place: where
 * segments may go; e820: the map handed to the next kernel.
 */
static int bzimage_plan(const struct kexec_request *req, const struct machine_state *ms,
			const struct memmap *place, const struct memmap *e820, const char *cmdline,
			struct kexec_plan *plan, struct diag_list *err)
{
	const uint8_t *img = req->image;
	struct bzimage_info bi = { 0 };
	struct zeropage_in zin;
	struct place_ctx ctx;
	uint64_t kmin, rip = 0;
	size_t cl = strlen(cmdline);
	int r;

	r = bzimage_parse(img, req->image_size, &bi, err);
	if (r < 0)
		return r;
	if (cl > bi.cmdline_size || cl > KEXEC_MAX_CMDLINE)
		return diag_fail(err, E2BIG,
				      "command line is %zu bytes; this kernel takes at most %u",
				      cl, bi.cmdline_size);
	if (!(bi.xloadflags & XLF_5LEVEL) && ms->la57)
		return diag_fail(err, ENOEXEC,
				      "5-level paging is on, and this kernel cannot boot with it (XLF_5LEVEL unset)");
	if (req->nr_raw)
		return diag_fail(err, EINVAL, "--raw cannot be combined with a kernel image");

	place_init(&ctx, place);
	/* The crash header, already a segment, stays clear. */
	if (plan->elfcorehdr_addr) {
		r = place_take(&ctx, plan->seg[0].mem, plan->seg[0].memsz);
		if (r < 0)
			return diag_fail(err, -r, "too many reserved ranges");
	}
	kmin = bi.pref_address > KEXEC_MIN_ADDR ? bi.pref_address : KEXEC_MIN_ADDR;
	if (bzimage_wants_kernel_proper(req, ms))
		r = bzimage_place_kernel_proper(req, &bi, kmin, &ctx, plan, &rip, err);
	else
		r = bzimage_place_compressed(req, &bi, kmin, &ctx, plan, &rip, err);
	if (r < 0)
		return r;

	zin = (struct zeropage_in){
		.hdr_src = img,
		.hdr_len = bi.hdr_len,
		.cmdline = cmdline,
		.mm = e820,
		.rng_seed = req->rng_seed,
		.rng_seed_len = req->rng_seed_len,
		.dtb = req->dtb,
		.dtb_len = (size_t)req->dtb_size,
	};
	r = linux_handoff_apply(ms, bi.xloadflags, &zin, plan, err);
	if (r < 0)
		return r;
	return kexec_plan_linux_tail(req, &ms->memmap, &ctx, plan, &zin, UINT64_MAX, rip, err);
}
