// SPDX-License-Identifier: GPL-2.0-or-later
#include "tests/unit/loader-util.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/sha256.h"
#include "loader/internal.h"
#include "tests/unit/harness.h"

#include <fcntl.h>
#include <stdlib.h>

int util_plan_build(const struct kexec_request *req, const char *root, struct kexec_plan *plan,
		    struct diag_list *err)
{
	struct machine_state ms;
	int r;

	r = machine_state_read(root, &ms, err);
	if (r == 0)
		r = kexec_plan_build(req, &ms, plan, err);
	else
		memset(plan, 0, sizeof(*plan));
	machine_state_free(&ms);
	return r;
}

const char *util_fixture(const char *name)
{
	static char buf[4][512];
	static unsigned next;
	char *p = buf[next++ % 4];

	snprintf(p, 512, "%s/loader/%s", harness_fixtures(), name);
	return p;
}

char *util_purgatory(size_t *len)
{
	const char *path = getenv("KEXBOOT_PURGATORY");
	char *blob = NULL;
	int r;

	if (!path)
		path = "build/purgatory/purgatory.bin";
	r = file_read_at(AT_FDCWD, path, 1 << 20, &blob, len);
	if (r < 0) {
		fprintf(stderr, "  %s: %s (build it with make first)\n", path, strerror(-r));
		return NULL;
	}
	return blob;
}

struct util_bz util_bz_default(void)
{
	return (struct util_bz){
		.version = 0x020f,
		.xloadflags = 0x1 | 0x2 | 0x20,
		.init_size = 0x2000000,
		.kernel_alignment = 0x200000,
		.cmdline_size = 2047,
		.pref_address = 0x1000000,
		.relocatable = 1,
		.payload = 300000,
	};
}

static void le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

uint8_t *util_make_bzimage(const struct util_bz *bz, size_t *ret_len)
{
	size_t setup = 5 * 512, len = setup + bz->payload;
	uint8_t *p = calloc(1, len);

	if (!p)
		return NULL;
	p[0x1f1] = 4; /* setup_sects */
	le(p + 0x1fe, 0xaa55, 2);
	p[0x200] = 0xeb;
	p[0x201] = 0x6a; /* header ends at 0x26c */
	memcpy(p + 0x202, "HdrS", 4);
	le(p + 0x206, bz->version, 2);
	p[0x211] = 0x01; /* LOADED_HIGH */
	le(p + 0x218, 0xdeadbeef, 4); /* must not survive into the zero page */
	le(p + 0x230, bz->kernel_alignment, 4);
	p[0x234] = bz->relocatable;
	le(p + 0x236, bz->xloadflags, 2);
	le(p + 0x238, bz->cmdline_size, 4);
	le(p + 0x250, 0x1234, 8); /* a stale setup_data pointer */
	le(p + 0x258, bz->pref_address, 8);
	le(p + 0x260, bz->init_size, 4);
	for (size_t i = setup; i < len; i++)
		p[i] = (uint8_t)(i * 131 + 7);
	*ret_len = len;
	return p;
}

const struct kexec_plan_segment *util_plan_find(const struct kexec_plan *plan, const char *what)
{
	for (size_t i = 0; i < plan->nr_segments; i++)
		if (strcmp(plan->seg[i].what, what) == 0)
			return &plan->seg[i];
	return NULL;
}

int util_plan_read(const struct kexec_plan *plan, uint64_t addr, uint64_t len, uint8_t *out)
{
	uint64_t covered = 0;

	memset(out, 0, len);
	for (size_t i = 0; i < plan->nr_segments; i++) {
		const struct kexec_plan_segment *s = &plan->seg[i];
		uint64_t a = addr > s->mem ? addr : s->mem;
		uint64_t b = addr + len < s->mem + s->memsz ? addr + len : s->mem + s->memsz;

		if (a >= b)
			continue;
		covered += b - a;
		/* Bytes past bufsz are the kernel's zero fill. */
		if (a - s->mem < s->bufsz) {
			uint64_t e = b - s->mem < s->bufsz ? b - s->mem : s->bufsz;

			memcpy(out + (a - addr), (const uint8_t *)s->buf + (a - s->mem), e - (a - s->mem));
		}
	}
	return covered == len ? 0 : -1;
}

int util_check_plan(const struct kexec_plan *plan, const char *root)
{
	struct memmap mm = { 0 };
	struct diag_list err;
	int before = harness_failures;
	size_t regions = 0;

	CHECK_EQ(memmap_read(root, &mm, &err), 0);
	CHECK(plan->nr_segments >= 2 && plan->nr_segments <= 16);
	CHECK(plan->args != NULL);
	if (!plan->args) {
		memmap_free(&mm);
		return harness_failures - before;
	}
	for (size_t i = 0; i < plan->nr_segments; i++) {
		const struct kexec_plan_segment *s = &plan->seg[i];
		uint8_t d[32];
		bool in_ram = false;

		CHECK_EQ(s->mem % 4096, 0);
		CHECK_EQ(s->memsz % 4096, 0);
		CHECK(s->memsz >= s->bufsz);
		CHECK(s->mem >= 0x100000);
		/* Inside one RAM run (adjacent RAM entries may be merged). */
		for (size_t j = 0; j < mm.n && !in_ram; j++) {
			uint64_t end;

			if (mm.e[j].type != 1 || mm.e[j].start > s->mem)
				continue;
			end = mm.e[j].end;
			for (size_t k = j + 1; k < mm.n && mm.e[k].type == 1 && mm.e[k].start == end; k++)
				end = mm.e[k].end;
			in_ram = s->mem + s->memsz <= end;
		}
		if (!in_ram)
			fprintf(stderr, "  segment %s 0x%llx+0x%llx not in RAM\n", s->what,
				(unsigned long long)s->mem, (unsigned long long)s->memsz);
		CHECK(in_ram);
		for (size_t j = i + 1; j < plan->nr_segments; j++) {
			const struct kexec_plan_segment *t = &plan->seg[j];
			bool disjoint = s->mem + s->memsz <= t->mem || t->mem + t->memsz <= s->mem;

			if (!disjoint)
				fprintf(stderr, "  %s and %s overlap\n", s->what, t->what);
			CHECK(disjoint);
		}
		/* Nothing may sit in the memory the kernel needs before it reads the memory map. */
		if (plan->kernel_reserved && s->mem != plan->kernel_addr) {
			bool clear = s->mem + s->memsz <= plan->kernel_addr ||
				     plan->kernel_addr + plan->kernel_reserved <= s->mem;

			if (!clear)
				fprintf(stderr, "  %s inside the kernel's init_size\n", s->what);
			CHECK(clear);
		}
		sha256_digest(s->buf, s->bufsz, d);
		CHECK(memcmp(d, s->sha256, 32) == 0);
		if (s->mem == plan->purgatory_addr)
			continue;
		/* The purgatory verifies exactly this segment. */
		{
			bool found = false;

			for (uint32_t k = 0; k < plan->args->nr_regions; k++) {
				const struct purgatory_region *r = &plan->args->regions[k];

				if (r->start == s->mem && r->len == s->bufsz &&
				    memcmp(r->sha256, s->sha256, 32) == 0)
					found = true;
			}
			CHECK(found);
			regions++;
		}
	}
	CHECK_EQ(plan->args->nr_regions, regions);
	CHECK(util_plan_find(plan, "purgatory") != NULL);
	{
		const struct kexec_plan_segment *p = util_plan_find(plan, "purgatory");
		struct purgatory_header h;

		if (p) {
			memcpy(&h, p->buf, sizeof(h));
			CHECK_EQ(plan->entry, p->mem + h.entry_offset);
			CHECK((const uint8_t *)plan->args == (const uint8_t *)p->buf + h.args_offset);
			/* The blob, then the area for its own identity map (0 .. ident_top, 2 MiB pages). */
			CHECK_EQ(plan->args->pt_addr, p->mem + ((h.mem_size + 4095) & ~4095ull));
			CHECK_EQ(p->memsz, ((h.mem_size + 4095) & ~4095ull) + plan->args->pt_size);
			CHECK(plan->args->ident_top >= 0x100000000ull && plan->args->ident_top % (1ull << 30) == 0);
			CHECK_EQ(plan->args->pt_size,
				 ((plan->args->ident_top >> 30) + ((plan->args->ident_top + (1ull << 39) - 1) >> 39) + 2) * 4096);
			for (size_t i = 0; i < mm.n; i++)
				CHECK(mm.e[i].type == 2 || mm.e[i].end <= plan->args->ident_top);
			/* Both descriptor tables complete, at the addresses where the blob lands. */
			{
				const struct purgatory_args *a = plan->args;
				uint64_t args_pa = p->mem + h.args_offset, base;
				uint16_t limit;

				memcpy(&limit, a->idt_desc, 2);
				memcpy(&base, a->idt_desc + 2, 8);
				CHECK_EQ(limit, 32 * 16 - 1);
				CHECK_EQ(base, args_pa + offsetof(struct purgatory_args, idt));
				memcpy(&limit, a->gdt_desc, 2);
				memcpy(&base, a->gdt_desc + 2, 8);
				CHECK_EQ(limit, 4 * 8 - 1);
				CHECK_EQ(base, args_pa + offsetof(struct purgatory_args, gdt));
				CHECK_EQ(a->gdt[2], 0x00af9a000000ffffull);
				for (unsigned v = 0; v < 32; v++) {
					const uint8_t *g = a->idt + v * 16;
					uint16_t lo, sel, type, mid;
					uint32_t hi;

					memcpy(&lo, g, 2);
					memcpy(&sel, g + 2, 2);
					memcpy(&type, g + 4, 2);
					memcpy(&mid, g + 6, 2);
					memcpy(&hi, g + 8, 4);
					CHECK_EQ(sel, 0x10);
					CHECK_EQ(type, 0x8e00);
					CHECK_EQ((uint64_t)hi << 32 | (uint64_t)mid << 16 | lo,
						 p->mem + h.stubs_offset + v * h.stub_size);
				}
			}
		}
	}
	memmap_free(&mm);
	return harness_failures - before;
}

void util_make_elf64(uint8_t *img, uint64_t entry, const Elf64_Phdr *ph, size_t n)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)(void *)img;

	memset(eh, 0, sizeof(*eh));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = entry;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = (Elf64_Half)n;
	memcpy(img + sizeof(*eh), ph, n * sizeof(*ph));
}
