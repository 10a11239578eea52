// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * plan: the toolkit every planner builds with (segments, the purgatory
 * segment, the final pass that hashes every segment, fills the purgatory's
 * digest regions and checks the layout). It calls no planner: the
 * dispatcher is loader/build.c.
 */
#include "loader/internal.h"
#include "lib/digest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define PAGE KEXEC_PAGE_SIZE
#define FOUR_GIB 0x100000000ull

static uint64_t up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

int kexec_plan_add_borrowed(struct kexec_plan *plan, const void *buf, uint64_t bufsz,
			    uint64_t mem, uint64_t memsz, const char *what,
			    struct diag_list *err)
{
	struct kexec_plan_segment *s;

	if (plan->nr_segments >= KEXEC_PLAN_MAX_SEGMENTS)
		return diag_fail(err, E2BIG, "%s: more than %d segments", what,
				      KEXEC_PLAN_MAX_SEGMENTS);
	s = &plan->seg[plan->nr_segments++];
	memset(s, 0, sizeof(*s));
	s->buf = buf;
	s->bufsz = bufsz;
	s->mem = mem;
	s->memsz = memsz;
	snprintf(s->what, sizeof(s->what), "%s", what);
	return 0;
}

int kexec_plan_add_owned(struct kexec_plan *plan, void *buf, uint64_t bufsz, uint64_t mem,
			 uint64_t memsz, const char *what, struct diag_list *err)
{
	return kexec_plan_add_owned_wiped(plan, buf, bufsz, mem, memsz, what, 0, err);
}

/* A planner buffer: its first wipe bytes (a secret's copy, locked: loader/initrd.c) wiped and unlocked, then freed. */
static void owned_release(void *buf, size_t wipe)
{
	if (buf && wipe) {
		explicit_bzero(buf, wipe);
		(void)munlock(buf, wipe);
	}
	free(buf);
}

int kexec_plan_add_owned_wiped(struct kexec_plan *plan, void *buf, uint64_t bufsz, uint64_t mem,
			       uint64_t memsz, const char *what, size_t wipe, struct diag_list *err)
{
	int r;

	if (plan->nr_owned >= KEXEC_PLAN_MAX_SEGMENTS) {
		owned_release(buf, wipe);
		return diag_fail(err, E2BIG, "%s: too many planner buffers", what);
	}
	plan->owned_wipe[plan->nr_owned] = wipe;
	plan->owned[plan->nr_owned++] = buf;
	r = kexec_plan_add_borrowed(plan, buf, bufsz, mem, memsz, what, err);
	if (r < 0)
		return r;
	plan->seg[plan->nr_segments - 1].owned = true;
	return 0;
}

/* A descriptor for lgdt/lidt: the limit, then the base at +2. */
static void desc_put(uint8_t *d, uint16_t limit, uint64_t base)
{
	memcpy(d, &limit, 2);
	memcpy(d + 2, &base, 8);
}

/*
 * The GDT and the IDT at the purgatory's final address (purgatory/abi.h),
 * so its first instruction loads a complete IDT: one interrupt gate per
 * vector onto that vector's stub, all through the 64-bit code selector.
 */
static void purgatory_tables_fill(struct purgatory_args *a, uint64_t addr, const struct purgatory_header *h)
{
	uint64_t args = addr + h->args_offset;

	a->gdt[0] = 0;
	a->gdt[1] = 0;
	a->gdt[PURGATORY_CS / 8] = 0x00af9a000000ffffull; /* 64-bit code, present, DPL 0 */
	a->gdt[PURGATORY_DS / 8] = 0x00cf92000000ffffull; /* flat data */
	for (unsigned v = 0; v < PURGATORY_IDT_VECTORS; v++) {
		uint64_t target = addr + h->stubs_offset + (uint64_t)v * h->stub_size;
		uint8_t *g = a->idt + v * 16;
		uint16_t lo = (uint16_t)target, sel = PURGATORY_CS, type = PURGATORY_GATE_TYPE;
		uint16_t mid = (uint16_t)(target >> 16);
		uint32_t hi = (uint32_t)(target >> 32), zero = 0;

		memcpy(g, &lo, 2);
		memcpy(g + 2, &sel, 2);
		memcpy(g + 4, &type, 2);
		memcpy(g + 6, &mid, 2);
		memcpy(g + 8, &hi, 4);
		memcpy(g + 12, &zero, 4);
	}
	desc_put(a->gdt_desc, sizeof(a->gdt) - 1, args + offsetof(struct purgatory_args, gdt));
	desc_put(a->idt_desc, sizeof(a->idt) - 1, args + offsetof(struct purgatory_args, idt));
}

int kexec_plan_add_purgatory(struct kexec_plan *plan, struct place_ctx *ctx, const void *blob,
			     uint64_t size, struct diag_list *err)
{
	struct purgatory_header h;
	struct purgatory_args *a;
	uint64_t memsz, addr, top, pt_size;
	uint8_t *copy;
	int r;

	if (!blob || size < sizeof(h))
		return diag_fail(err, ENOEXEC, "purgatory blob missing or truncated");
	memcpy(&h, blob, sizeof(h));
	if (h.magic != PURGATORY_MAGIC || h.abi_version != PURGATORY_ABI_VERSION ||
	    h.header_size != sizeof(h))
		return diag_fail(err, ENOEXEC, "purgatory blob: bad magic or ABI version %u",
				      h.abi_version);
	if (h.file_size != size || h.mem_size < h.file_size || h.entry_offset >= h.file_size ||
	    h.args_offset % 8 || h.args_offset > h.file_size ||
	    sizeof(*a) > h.file_size - h.args_offset || !h.stub_size || h.stubs_offset > h.file_size ||
	    (uint64_t)h.stub_size * PURGATORY_IDT_VECTORS > h.file_size - h.stubs_offset)
		return diag_fail(err, ENOEXEC, "purgatory blob: inconsistent header");
	copy = calloc(1, size);
	if (!copy)
		return diag_fail(err, ENOMEM, "out of memory");
	memcpy(copy, blob, size);
	a = (struct purgatory_args *)(void *)(copy + h.args_offset);
	if (a->magic != PURGATORY_ARGS_MAGIC || a->size != sizeof(*a)) {
		free(copy);
		return diag_fail(err, ENOEXEC, "purgatory blob: args block mismatch");
	}
	/*
	 * Room after the blob for its own identity map of [0, top): top covers
	 * the first 4 GiB (ACPI, EFI tables, the local APIC) and every range of
	 * the memory map that holds memory (not "reserved" holes such as the one
	 * QEMU lists just below 1 TiB); sized for 2 MiB pages (one PD per GiB,
	 * one PDPT per 512 GiB, a PML4 and, for 5-level paging, a PML5).
	 */
	top = FOUR_GIB;
	for (size_t i = 0; ctx->mm && i < ctx->mm->n; i++)
		if (ctx->mm->e[i].type != E820_RESERVED && ctx->mm->e[i].type != E820_UNUSABLE &&
		    ctx->mm->e[i].end > top)
			top = ctx->mm->e[i].end;
	top = up(top, 1ull << 30);
	pt_size = (top >> 30) + up(top, 1ull << 39) / (1ull << 39) + 2;
	pt_size *= PAGE;
	memsz = up(h.mem_size, PAGE) + pt_size;
	r = place_find(ctx, memsz, PAGE, KEXEC_MIN_ADDR, FOUR_GIB, true, &addr);
	if (r < 0) {
		free(copy);
		return diag_fail(err, -r, "no room below 4 GiB for the purgatory (%llu bytes)",
				      (unsigned long long)memsz);
	}
	r = kexec_plan_add_owned(plan, copy, size, addr, memsz, "purgatory", err);
	if (r < 0)
		return r;
	r = place_take(ctx, addr, memsz);
	if (r < 0)
		return diag_fail(err, -r, "too many reserved ranges");
	plan->args = a;
	a->ident_top = top;
	a->pt_addr = addr + up(h.mem_size, PAGE);
	a->pt_size = pt_size;
	purgatory_tables_fill(a, addr, &h);
	plan->entry = addr + h.entry_offset;
	plan->purgatory_addr = addr;
	return 0;
}

int kexec_plan_check(const struct kexec_plan *plan, const struct memmap *mm,
		     struct diag_list *err)
{
	struct place_ctx ctx;

	place_init(&ctx, mm);
	for (size_t i = 0; i < plan->nr_segments; i++) {
		const struct kexec_plan_segment *s = &plan->seg[i];

		if (s->mem % PAGE || s->memsz % PAGE || s->memsz < s->bufsz || !s->memsz)
			return diag_fail(err, EINVAL, "segment %s: 0x%llx+0x%llx is not page aligned",
					      s->what, (unsigned long long)s->mem,
					      (unsigned long long)s->memsz);
		if (!place_is_ram(&ctx, s->mem, s->memsz))
			return diag_fail(err, EFAULT,
					      "segment %s: 0x%llx-0x%llx is not usable RAM",
					      s->what, (unsigned long long)s->mem,
					      (unsigned long long)(s->mem + s->memsz - 1));
		for (size_t j = 0; j < i; j++) {
			const struct kexec_plan_segment *t = &plan->seg[j];

			if (s->mem < t->mem + t->memsz && t->mem < s->mem + s->memsz)
				return diag_fail(err, EINVAL, "segments %s and %s overlap",
						      t->what, s->what);
		}
	}
	return 0;
}

static int seg_cmp(const void *a, const void *b)
{
	const struct kexec_plan_segment *x = a, *y = b;

	return x->mem < y->mem ? -1 : x->mem > y->mem;
}

int kexec_plan_finish(struct kexec_plan *plan, const struct kexec_request *req, uint64_t rip,
		      uint64_t rsi, const struct memmap *mm, struct diag_list *err)
{
	struct purgatory_args *a = plan->args;
	struct kexec_plan_segment *purg = NULL;
	int r;

	/* Sorted by address: what the kernel and a reader of --dry-run expect. */
	qsort(plan->seg, plan->nr_segments, sizeof(plan->seg[0]), seg_cmp);
	r = kexec_plan_check(plan, mm, err);
	if (r < 0)
		return r;
	for (size_t i = 0; i < plan->nr_segments; i++)
		if (plan->seg[i].mem == plan->purgatory_addr)
			purg = &plan->seg[i];
	if (!purg)
		return diag_fail(err, EINVAL, "internal: purgatory segment missing");
	r = kexec_plan_hash_regions(plan, req->hash_threads, err);
	if (r < 0)
		return r;
	memset(&a->regs, 0, sizeof(a->regs));
	a->regs.rip = rip;
	a->regs.rsi = rsi;
	a->flags = req->purgatory_flags;
	a->serial_port = req->serial_port;
	segment_digest(purg->buf, purg->bufsz, purg->sha256);
	return 0;
}

void kexec_plan_free(struct kexec_plan *plan)
{
	if (!plan)
		return;
	for (size_t i = 0; i < plan->nr_owned; i++)
		owned_release(plan->owned[i], plan->owned_wipe[i]);
	memset(plan, 0, sizeof(*plan));
}
