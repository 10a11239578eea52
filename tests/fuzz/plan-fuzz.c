// SPDX-License-Identifier: GPL-2.0-or-later
/* plan-fuzz: the fake machine and the request of the planner fuzz targets. */
#include "tests/fuzz/plan-fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MiB (1ull << 20)
#define GiB (1ull << 30)

extern const char kexboot_purgatory[];
extern const char kexboot_purgatory_end[];

static struct memmap_entry fake_e820[] = {
	{ 0, 0x9f000, E820_RAM },
	{ 0x9f000, 0x100000, E820_RESERVED },
	{ 0x100000, 0x7f000000, E820_RAM },
	{ 0x7f000000, 0x80000000, E820_ACPI },
	{ 0xfee00000, 0xfef00000, E820_RESERVED },
	{ 4 * GiB, 8 * GiB, E820_RAM },
};
static struct machine_range fake_ram[] = {
	{ 0x1000, 0x9f000 }, { 0x100000, 0x7f000000 }, { 4 * GiB, 8 * GiB },
};
static struct machine_range fake_crash[] = { { 0x20000000, 0x30000000 } };
static struct machine_crash_note fake_notes[] = { { 0x7e000000, 0x200 }, { 0x7e001000, 0x200 } };
static uint8_t fake_boot_params[BP_SIZE];
static uint8_t fake_efi_memmap[2 * EFI_MEMDESC_SIZE];

const struct machine_state *plan_fuzz_machine(void)
{
	static struct machine_state ms;
	static int ready;

	if (ready)
		return &ms;
	ms.memmap = (struct memmap){ fake_e820, sizeof(fake_e820) / sizeof(fake_e820[0]), "sysfs" };
	put_le32(fake_boot_params + 0x1c0, EFI64_LOADER_SIGNATURE); /* efi_info.efi_loader_signature */
	put_le64(fake_boot_params + BP_ACPI_RSDP_ADDR, 0x7f000000);
	ms.boot_params = fake_boot_params;
	ms.acpi_rsdp = 0x7f000000;
	for (size_t i = 0; i < 2; i++) {
		uint8_t *d = fake_efi_memmap + i * EFI_MEMDESC_SIZE;

		put_le32(d, 5); /* EFI_RUNTIME_SERVICES_CODE */
		put_le64(d + 8, 0x7f800000 + i * 0x10000);
		put_le64(d + 16, 0xfffffffeef800000ull + i * 0x10000);
		put_le64(d + 24, 16);
	}
	ms.efi = (struct efi_state){ .loader_signature = EFI64_LOADER_SIGNATURE, .systab = 0x7f900000,
				     .memdesc_version = EFI_MEMDESC_VERSION, .memmap = fake_efi_memmap,
				     .nr_desc = 2, .fw_vendor = 0x7f901000, .runtime = 0x7f902000,
				     .config_table = 0x7f903000, .smbios = 0x7f904000 };
	ms.have_efi = true;
	ms.ram = fake_ram;
	ms.nr_ram = sizeof(fake_ram) / sizeof(fake_ram[0]);
	ms.crash = fake_crash;
	ms.nr_crash = 1;
	ms.vmcoreinfo_addr = 0x7e002000;
	ms.vmcoreinfo_size = 0x1000;
	ms.notes = fake_notes;
	ms.nr_notes = 2;
	ready = 1;
	return &ms;
}

/* A bzImage entered at its kernel proper is decompressed first: keep its size trailer small. */
static bool proper_too_big(const uint8_t *img, size_t size)
{
	uint64_t setup, off, len;

	if (size < 1024)
		return false;
	setup = (uint64_t)((img[HDR_SETUP_SECTS] ? img[HDR_SETUP_SECTS] : 4) + 1) * 512;
	off = get_le32(img + HDR_PAYLOAD_OFFSET);
	len = get_le32(img + HDR_PAYLOAD_LENGTH);
	if (setup >= size || len < 4 || off > size - setup || len > size - setup - off)
		return false; /* the planner refuses it before decompressing */
	return get_le32(img + setup + off + len - 4) > MiB;
}

/* Segments page aligned, inside the fake RAM, disjoint: what kexec_plan_check promised. */
static void plan_fuzz_check(const struct kexec_plan *plan)
{
	for (size_t i = 0; i < plan->nr_segments; i++) {
		const struct kexec_plan_segment *s = &plan->seg[i];

		if (s->mem % KEXEC_PAGE_SIZE || s->memsz % KEXEC_PAGE_SIZE || s->bufsz > s->memsz ||
		    s->mem + s->memsz < s->mem)
			abort();
		for (size_t j = 0; j < i; j++)
			if (s->mem < plan->seg[j].mem + plan->seg[j].memsz &&
			    plan->seg[j].mem < s->mem + s->memsz)
				abort();
	}
	if (plan->nr_segments > KEXEC_PLAN_MAX_SEGMENTS || !plan->args)
		abort();
}

int plan_fuzz_run(plan_fuzz_planner *planner, const uint8_t *data, size_t size)
{
	static const uint8_t seed[32] = { 1, 2, 3 };
	static const uint8_t initrd_bytes[3][5000] = { { 0x30 }, { 0x31 }, { 0x32 } };
	static char cmdline[256];
	struct kexec_initrd initrds[3];
	struct kexec_request req;
	struct kexec_plan plan;
	struct diag_list err;
	size_t n_initrds;
	uint8_t flags;
	int r;

	if (size < PLAN_FUZZ_PREFIX)
		return 0;
	flags = data[0];
	memset(&req, 0, sizeof(req));
	req.image = data + PLAN_FUZZ_PREFIX;
	req.image_size = size - PLAN_FUZZ_PREFIX;
	req.crash = flags & 1;
	req.kernel_entry = (enum kexec_kernel_entry)((flags >> 1) % 3);
	if (req.kernel_entry != KEXEC_ENTRY_DECOMPRESSOR &&
	    (req.crash || req.kernel_entry == KEXEC_ENTRY_KERNEL_PROPER) &&
	    proper_too_big(req.image, req.image_size))
		req.kernel_entry = KEXEC_ENTRY_DECOMPRESSOR;
	if (flags & 8) {
		req.rng_seed = seed;
		req.rng_seed_len = sizeof(seed);
	}
	/* Initrds: 0..3 pieces of 1..5000 bytes, aligned 4 << (0..7) (sometimes refused). */
	n_initrds = (data[1] & 3);
	for (size_t i = 0; i < n_initrds; i++)
		initrds[i] = (struct kexec_initrd){ initrd_bytes[i], 1 + (data[1] * 997u * (i + 1)) % 5000,
						    "initrd", i == 1 };
	req.initrds = initrds;
	req.nr_initrds = n_initrds;
	req.initrd_align = 4u << ((data[1] >> 2) & 7);
	memset(cmdline, 'c', sizeof(cmdline) - 1);
	cmdline[data[2]] = '\0';
	req.cmdline = data[2] ? cmdline : NULL;
	req.purgatory = kexboot_purgatory;
	req.purgatory_size = (uint64_t)(kexboot_purgatory_end - kexboot_purgatory);
	req.serial_port = 0x3f8;

	/* What kexec_plan_build does around the planner its probe picks. */
	memset(&plan, 0, sizeof(plan));
	r = planner(&req, plan_fuzz_machine(), &plan, &err);
	if (r < 0)
		kexec_plan_free(&plan);
	if (r == 0) {
		char *json = kexec_plan_json(&plan);

		plan_fuzz_check(&plan);
		free(json);
		kexec_plan_free(&plan);
	}
	return r;
}
