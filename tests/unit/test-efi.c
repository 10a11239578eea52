// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The EFI handoff in bzImage and ELF plans (loader/machine_efi.c, loader/linux.c,
 * loader/zeropage.c) and in the --dry-run JSON, on the
 * fixture trees of tests/fixtures/loader/gen.sh: efi_info fields, the
 * runtime memory map, the SETUP_EFI node byte for byte; no EFI state (and
 * no change) without /sys/firmware/efi or without the files the handoff
 * needs; malformed files refused with their name.
 */
#include "lib/cleanup.h"
#include "loader/internal.h"
#include "tests/unit/harness.h"
#include "tests/unit/loader-util.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>

#define NR_RT 11 /* runtime-map entries in the efi fixture */

struct run {
	struct kexec_plan plan;
	struct diag_list err;
	int r;
};

static void plan(struct run *run, const char *fixture, bool efi_kexec, const uint8_t *seed,
		 const char *cmdline)
{
	struct util_bz bz = util_bz_default();
	size_t len, plen = 0;
	_cleanup_free_ uint8_t *img = NULL;
	_cleanup_free_ char *blob = util_purgatory(&plen);

	if (efi_kexec)
		bz.xloadflags |= XLF_EFI_KEXEC;
	img = util_make_bzimage(&bz, &len);
	CHECK(blob != NULL && img != NULL);
	struct kexec_request req = {
		.image = img,
		.image_size = len,
		.cmdline = cmdline,
		.rng_seed = seed,
		.rng_seed_len = seed ? 32 : 0,
		.purgatory = blob,
		.purgatory_size = plen,
	};

	run->err.reason[0] = '\0';
	run->r = util_plan_build(&req, util_fixture(fixture), &run->plan, &run->err);
	/* The kernel segment borrows img: the tests below only look at the zero page. */
	for (size_t i = 0; run->r == 0 && i < run->plan.nr_segments; i++)
		if (run->plan.seg[i].buf >= (const void *)img &&
		    run->plan.seg[i].buf < (const void *)(img + len))
			run->plan.seg[i].buf = NULL;
}

static const uint8_t *zero_page(const struct run *run, uint64_t *addr, uint64_t *size)
{
	const struct kexec_plan_segment *zs = util_plan_find(&run->plan, "zero-page");

	CHECK(zs != NULL);
	if (!zs)
		return NULL;
	*addr = zs->mem;
	*size = zs->bufsz;
	return zs->buf;
}

/* The setup_data node of type type, as an offset into the zero-page buffer; 0 if none. */
static uint64_t find_node(const uint8_t *bp, uint64_t addr, uint64_t size, uint32_t type)
{
	uint64_t next = get_le64(bp + HDR_SETUP_DATA);

	for (int hops = 0; next && hops < 8; hops++) {
		uint64_t off = next - addr;

		CHECK(next > addr && off + SETUP_DATA_HDR_SIZE <= size);
		if (next <= addr || off + SETUP_DATA_HDR_SIZE > size)
			return 0;
		if (get_le32(bp + off + 8) == type)
			return off;
		next = get_le64(bp + off);
	}
	return 0;
}

static bool efi_info_zero(const uint8_t *bp)
{
	for (int i = 0; i < 32; i++)
		if (bp[BP_EFI_INFO + i])
			return false;
	return true;
}

static void test_efi_plan(void)
{
	uint8_t seed[32];
	struct run run;
	uint64_t addr, size, map, msz, off;
	const uint8_t *bp;

	for (int i = 0; i < 32; i++)
		seed[i] = (uint8_t)(0x40 + i);
	plan(&run, "efi", true, seed, "console=ttyS0");
	CHECK_EQ(run.r, 0);
	if (run.r < 0) {
		fprintf(stderr, "  plan: %s\n", run.err.reason);
		return;
	}
	bp = zero_page(&run, &addr, &size);
	if (!bp)
		goto out;
	/* efi_info: signature and system table from boot_params, our map. */
	CHECK(memcmp(bp + BP_EFI_SIGNATURE, "EL64", 4) == 0);
	CHECK_EQ(get_le32(bp + BP_EFI_SYSTAB), 0x3fbee018);
	CHECK_EQ(get_le32(bp + BP_EFI_SYSTAB_HI), 1);
	CHECK_EQ(get_le32(bp + BP_EFI_MEMDESC_SIZE), 40);
	CHECK_EQ(get_le32(bp + BP_EFI_MEMDESC_VERSION), 1);
	map = get_le32(bp + BP_EFI_MEMMAP) | (uint64_t)get_le32(bp + BP_EFI_MEMMAP_HI) << 32;
	msz = get_le32(bp + BP_EFI_MEMMAP_SIZE);
	CHECK_EQ(msz, NR_RT * 40);
	/* The running kernel's memmap (0x3e5a1018, 90 entries) must not leak through. */
	CHECK(map != 0x3e5a1018);
	/* The map lives in the zero-page segment, after boot_params and the command line. */
	CHECK(map >= addr + BP_SIZE + sizeof("console=ttyS0") && map + msz <= addr + size);
	CHECK_EQ(map % 16, 0);
	if (map < addr + BP_SIZE || map + msz > addr + size)
		goto out;
	off = map - addr;
	for (unsigned i = 0; i < NR_RT; i++) {
		const uint8_t *d = bp + off + i * 40;

		CHECK_EQ(get_le32(d), i == 10 ? 0xb : 5 + i % 2);
		CHECK_EQ(get_le32(d + 4), 0);
		CHECK_EQ(get_le64(d + 8), 0x3f000000ull + i * 0x10000);
		CHECK(get_le64(d + 16) == 0xfffffffeff000000ull + i * 0x10000);
		CHECK_EQ(get_le64(d + 24), i + 1);
		CHECK(get_le64(d + 32) == (i == 10 ? 0x8000000000000001ull : 0x800000000000000full));
	}
	/* SETUP_EFI: 96 bytes, fw_vendor, runtime, tables, SMBIOS (2.x), reserved zero. */
	off = find_node(bp, addr, size, SETUP_EFI);
	CHECK(off != 0);
	if (off) {
		static const uint8_t zeros[64];
		const uint8_t *esd = bp + off + SETUP_DATA_HDR_SIZE;

		CHECK_EQ(off % 16, 0);
		CHECK(off >= map - addr + msz);
		CHECK_EQ(get_le32(bp + off + 12), 96);
		CHECK(off + SETUP_DATA_HDR_SIZE + 96 <= size);
		CHECK_EQ(get_le64(esd), 0x3fbe1f98);
		CHECK_EQ(get_le64(esd + 8), 0x3fbeeb98);
		CHECK_EQ(get_le64(esd + 16), 0x3fbeec98);
		CHECK_EQ(get_le64(esd + 24), 0x7f9a7000);
		CHECK(memcmp(esd + 32, zeros, 64) == 0);
	}
	/* The RNG seed node is still on the list, and the list ends. */
	off = find_node(bp, addr, size, SETUP_RNG_SEED);
	CHECK(off != 0);
	if (off) {
		CHECK(memcmp(bp + off + SETUP_DATA_HDR_SIZE, seed, 32) == 0);
		CHECK(find_node(bp, addr, size, 0xdead) == 0);
	}
	/* What was there before still is: ACPI from systab, the command line. */
	CHECK_EQ(get_le64(bp + BP_ACPI_RSDP_ADDR), 0x7f77e014);
	CHECK_STREQ((const char *)bp + BP_SIZE, "console=ttyS0");
	/* The plan says what it handed over, and so does --dry-run's JSON. */
	CHECK_EQ(run.plan.efi_systab, 0x13fbee018ull);
	CHECK_EQ(run.plan.efi_runtime_entries, NR_RT);
	CHECK_EQ(run.plan.acpi_rsdp, 0x7f77e014);
	{
		_cleanup_free_ char *json = kexec_plan_json(&run.plan);

		CHECK(json && strstr(json, "\"efi\": {\"systab\": \"0x13fbee018\", \"runtime_map_entries\": 11}"));
		CHECK(json && strstr(json, "\"acpi_rsdp\": \"0x7f77e014\""));
		CHECK(json && strstr(json, "\"kernel_entry\": \"decompressor\""));
	}
out:
	kexec_plan_free(&run.plan);
}

/* No /sys/firmware/efi: the zero page is exactly what it was before EFI support. */
static void test_no_efi_unchanged(void)
{
	struct run run;
	uint64_t addr, size;
	const uint8_t *bp;

	plan(&run, "q35-1g", true, NULL, "quiet");
	CHECK_EQ(run.r, 0);
	if (run.r < 0)
		return;
	bp = zero_page(&run, &addr, &size);
	if (bp) {
		CHECK(efi_info_zero(bp));
		CHECK_EQ(get_le64(bp + HDR_SETUP_DATA), 0);
		CHECK_EQ(size, BP_SIZE + sizeof("quiet"));
	}
	CHECK_EQ(run.plan.efi_systab, 0);
	{
		_cleanup_free_ char *json = kexec_plan_json(&run.plan);

		CHECK(json && strstr(json, "\"efi\": null"));
	}
	kexec_plan_free(&run.plan);
}

/* EFI, but a file the handoff needs is absent, or the kernel cannot take it: legacy handoff. */
static void check_no_state(const char *fixture, bool efi_kexec)
{
	struct run run;
	uint64_t addr, size;
	const uint8_t *bp;

	plan(&run, fixture, efi_kexec, NULL, "");
	CHECK_EQ(run.r, 0);
	if (run.r < 0) {
		fprintf(stderr, "  %s: %s\n", fixture, run.err.reason);
		return;
	}
	bp = zero_page(&run, &addr, &size);
	if (bp) {
		CHECK(efi_info_zero(bp));
		CHECK_EQ(get_le64(bp + HDR_SETUP_DATA), 0);
		CHECK_EQ(size, BP_SIZE + 1);
		/* ACPI still found through systab, as before. */
		CHECK_EQ(get_le64(bp + BP_ACPI_RSDP_ADDR), 0x7f77e014);
	}
	kexec_plan_free(&run.plan);
}

static void test_missing_files(void)
{
	check_no_state("efi-noruntime", true);
	check_no_state("efi-nofile", true);
}

static void test_kernel_without_efi_kexec(void)
{
	check_no_state("efi", false);
}

/* An ELF vmlinux gets the same EFI state as a bzImage that says XLF_EFI_KEXEC. */
static void test_elf_plan(void)
{
	static uint8_t img[2 * 4096];
	const Elf64_Phdr text = { PT_LOAD, PF_R | PF_X, 4096, 0xffffffff81000000ull, 0x1000000,
				  4096, 4096, 4096 };
	size_t plen = 0;
	_cleanup_free_ char *blob = util_purgatory(&plen);
	struct kexec_plan plan;
	struct diag_list err = { 0 };
	uint64_t addr, size, off;
	const uint8_t *bp;
	int r;

	util_make_elf64(img, 0x1000000, &text, 1);
	memset(img + 4096, 0x90, 4096);
	{
		struct kexec_request req = {
			.image = img,
			.image_size = sizeof(img),
			.cmdline = "console=ttyS0",
			.purgatory = blob,
			.purgatory_size = plen,
		};

		r = util_plan_build(&req, util_fixture("efi"), &plan, &err);
	}
	if (r < 0)
		fprintf(stderr, "  elf: %s\n", err.reason);
	CHECK_EQ(r, 0);
	if (r < 0)
		return;
	CHECK_STREQ(plan.kernel_entry, "elf");
	CHECK_EQ(plan.efi_systab, 0x13fbee018ull);
	CHECK_EQ(plan.efi_runtime_entries, NR_RT);
	{
		struct run run = { .plan = plan };

		bp = zero_page(&run, &addr, &size);
	}
	if (bp) {
		CHECK(memcmp(bp + BP_EFI_SIGNATURE, "EL64", 4) == 0);
		CHECK_EQ(get_le32(bp + BP_EFI_SYSTAB), 0x3fbee018);
		CHECK_EQ(get_le32(bp + BP_EFI_MEMMAP_SIZE), NR_RT * 40);
		off = find_node(bp, addr, size, SETUP_EFI);
		CHECK(off != 0);
		CHECK_EQ(get_le64(bp + BP_ACPI_RSDP_ADDR), 0x7f77e014);
	}
	kexec_plan_free(&plan);
}

static void test_malformed(void)
{
	struct run run;

	plan(&run, "efi-bad", true, NULL, "");
	CHECK_EQ(run.r, -EINVAL);
	CHECK(strstr(run.err.reason, "sys/firmware/efi/runtime-map/3/num_pages") != NULL);
	CHECK(strstr(run.err.reason, "lots") != NULL);
	CHECK_EQ(run.plan.nr_segments, 0);
	kexec_plan_free(&run.plan);
}

static void test_state_read(void)
{
	_cleanup_free_ char *bp = NULL;
	char path[600];
	struct efi_state st;
	struct diag_list err = { 0 };
	uint8_t zero_bp[BP_SIZE] = { 0 };

	snprintf(path, sizeof(path), "%s/sys/kernel/boot_params/data", util_fixture("efi"));
	bp = malloc(BP_SIZE);
	CHECK(bp != NULL);
	{
		FILE *f = fopen(path, "rb");

		CHECK(f && fread(bp, 1, BP_SIZE, f) == BP_SIZE);
		if (f)
			fclose(f);
	}
	CHECK_EQ(efi_state_read(util_fixture("efi"), (const uint8_t *)bp, &st, &err), 1);
	CHECK_EQ(st.nr_desc, NR_RT);
	CHECK_EQ(st.loader_signature, EFI64_LOADER_SIGNATURE);
	CHECK(st.systab == 0x13fbee018ull);
	efi_state_free(&st);
	CHECK(st.memmap == NULL);
	/* No boot_params, or one without a system table: nothing to hand over. */
	CHECK_EQ(efi_state_read(util_fixture("efi"), NULL, &st, &err), 0);
	CHECK_EQ(efi_state_read(util_fixture("efi"), zero_bp, &st, &err), 0);
	CHECK(st.memmap == NULL);
	CHECK_EQ(efi_state_read(util_fixture("q35-1g"), (const uint8_t *)bp, &st, &err), 0);
	/* fw_platform_size 64 against an EL32 boot_params: refused. */
	memcpy(bp + BP_EFI_SIGNATURE, "EL32", 4);
	CHECK_EQ(efi_state_read(util_fixture("efi"), (const uint8_t *)bp, &st, &err), -EINVAL);
	CHECK(strstr(err.reason, "fw_platform_size") != NULL);
}

static void test_systab_value(void)
{
	uint64_t v = 0;

	CHECK_EQ(efi_systab_value("ACPI20=0x10\nSMBIOS3=0x20\nSMBIOS=0x30\n", "SMBIOS", &v), 0);
	CHECK_EQ(v, 0x30);
	CHECK_EQ(efi_systab_value("SMBIOS3=0x20\n", "SMBIOS", &v), -ENOENT);
	CHECK_EQ(efi_systab_value("SMBIOS3=0x20", "SMBIOS3", &v), 0);
	CHECK_EQ(v, 0x20);
	CHECK_EQ(efi_systab_value("ACPI=zz\n", "ACPI", &v), -EINVAL);
	CHECK_EQ(efi_systab_value("ACPI=0x1 junk\n", "ACPI", &v), -EINVAL);
	CHECK_EQ(efi_systab_value("", "ACPI", &v), -ENOENT);
}

static const struct test tests[] = {
	TEST(efi_plan),
	TEST(no_efi_unchanged),
	TEST(missing_files),
	TEST(kernel_without_efi_kexec),
	TEST(elf_plan),
	TEST(malformed),
	TEST(state_read),
	TEST(systab_value),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
