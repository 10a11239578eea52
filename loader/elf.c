// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ELF planner (x86_64 vmlinux or any static ELF64): every PT_LOAD at its
 * p_paddr straight from the mapping, entry e_entry. A zero page built from
 * a default setup header goes in rsi (a vmlinux expects one; anything else
 * ignores it), with the command line, initrds and EFI state as for a bzImage.
 */
#include "loader/internal.h"

#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>

#define PAGE KEXEC_PAGE_SIZE
#define ELF_DEFAULT_CMDLINE_SIZE 2047

/* A minimal setup header: what a vmlinux entered at startup_64 reads. */
static void elf_default_header(uint8_t *hdr)
{
	memset(hdr, 0, HDR_END_MAX);
	hdr[HDR_SETUP_SECTS] = 4;
	put_le16(hdr + HDR_BOOT_FLAG, 0xaa55);
	hdr[HDR_JUMP] = 0xeb;
	hdr[HDR_JUMP + 1] = (uint8_t)(HDR_INIT_SIZE + 4 - (HDR_JUMP + 2));
	memcpy(hdr + HDR_HEADER, "HdrS", 4);
	put_le16(hdr + HDR_VERSION, 0x020f);
	hdr[HDR_LOADFLAGS] = LOADFLAGS_LOADED_HIGH;
	/*
	 * XLF_EFI_KEXEC: every x86_64 vmlinux built with CONFIG_EFI since 3.14
	 * takes over runtime services after a kexec; one without EFI ignores
	 * efi_info.
	 */
	put_le16(hdr + HDR_XLOADFLAGS, XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G | XLF_EFI_KEXEC);
	put_le32(hdr + HDR_CMDLINE_SIZE, ELF_DEFAULT_CMDLINE_SIZE);
	put_le32(hdr + HDR_INITRD_ADDR_MAX, 0x7fffffff);
}

int kexec_plan_elf(const struct kexec_request *req, const struct machine_state *ms,
		   struct kexec_plan *plan, struct diag_list *err)
{
	const struct memmap *mm = &ms->memmap;
	const char *cmdline = req->cmdline ? req->cmdline : "";
	uint8_t hdr[HDR_END_MAX];
	struct zeropage_in zin;
	struct place_ctx ctx;
	GElf_Ehdr eh;
	size_t phnum, loads = 0;
	uint64_t entry;
	Elf *e;
	int r = 0;

	if (req->nr_raw)
		return diag_fail(err, EINVAL, "--raw cannot be combined with a kernel image");
	if (req->crash)
		return diag_fail(err, EOPNOTSUPP, "crash kernels must be bzImages");
	if (strlen(cmdline) > ELF_DEFAULT_CMDLINE_SIZE)
		return diag_fail(err, E2BIG, "command line is %zu bytes; at most %d for an ELF image",
				      strlen(cmdline), ELF_DEFAULT_CMDLINE_SIZE);
	if (elf_version(EV_CURRENT) == EV_NONE)
		return diag_fail(err, ENOSYS, "libelf: %s", elf_errmsg(-1));
	/* elf_memory wants a non-const pointer but only reads with ELF_C_READ_MMAP semantics. */
	e = elf_memory((char *)(uintptr_t)req->image, req->image_size);
	if (!e)
		return diag_fail(err, ENOEXEC, "ELF: %s", elf_errmsg(-1));
	if (!gelf_getehdr(e, &eh) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_machine != EM_X86_64 || eh.e_type != ET_EXEC) {
		r = diag_fail(err, ENOEXEC, "ELF: not an x86_64 ELF64 executable");
		goto out;
	}
	if (elf_getphdrnum(e, &phnum) < 0) {
		r = diag_fail(err, ENOEXEC, "ELF: %s", elf_errmsg(-1));
		goto out;
	}
	place_init(&ctx, mm);
	entry = eh.e_entry;
	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr ph;
		uint64_t memsz;
		char what[32];

		if (!gelf_getphdr(e, (int)i, &ph)) {
			r = diag_fail(err, ENOEXEC, "ELF: program header %zu: %s", i, elf_errmsg(-1));
			goto out;
		}
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (ph.p_offset > req->image_size || ph.p_filesz > req->image_size - ph.p_offset ||
		    ph.p_filesz > ph.p_memsz) {
			r = diag_fail(err, ENOEXEC, "ELF: PT_LOAD %zu runs past the file", i);
			goto out;
		}
		if (ph.p_paddr % PAGE) {
			r = diag_fail(err, ENOEXEC,
					   "ELF: PT_LOAD %zu at 0x%llx is not page aligned", i,
					   (unsigned long long)ph.p_paddr);
			goto out;
		}
		memsz = (ph.p_memsz + PAGE - 1) & ~(PAGE - 1);
		if (!place_is_free(&ctx, ph.p_paddr, memsz)) {
			r = diag_fail(err, EFAULT,
					   "ELF: PT_LOAD %zu at 0x%llx-0x%llx is not free usable RAM", i,
					   (unsigned long long)ph.p_paddr,
					   (unsigned long long)(ph.p_paddr + memsz - 1));
			goto out;
		}
		r = place_take(&ctx, ph.p_paddr, memsz);
		if (r < 0) {
			r = diag_fail(err, -r, "ELF: too many segments");
			goto out;
		}
		snprintf(what, sizeof(what), "elf[%zu]", i);
		r = kexec_plan_add_borrowed(plan, (const uint8_t *)req->image + ph.p_offset, ph.p_filesz,
					    ph.p_paddr, memsz, what, err);
		if (r < 0)
			goto out;
		if (!loads++)
			plan->kernel_addr = ph.p_paddr;
	}
	if (!loads) {
		r = diag_fail(err, ENOEXEC, "ELF: no PT_LOAD segments");
		goto out;
	}
	if (req->has_entry)
		entry = req->entry;
	elf_default_header(hdr);
	zin = (struct zeropage_in){
		.hdr_src = hdr,
		.hdr_len = HDR_END_MAX,
		.cmdline = cmdline,
		.mm = mm,
		.rng_seed = req->rng_seed,
		.rng_seed_len = req->rng_seed_len,
		.dtb = req->dtb,
		.dtb_len = (size_t)req->dtb_size,
	};
	r = linux_handoff_apply(ms, get_le16(hdr + HDR_XLOADFLAGS), &zin, plan, err);
	if (r < 0)
		goto out;
	plan->kernel_entry = "elf";
	r = kexec_plan_linux_tail(req, mm, &ctx, plan, &zin, UINT64_MAX, entry, err);
out:
	elf_end(e);
	return r;
}
