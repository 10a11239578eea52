// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Planner tests on fixture trees (tests/fixtures/loader, made by gen.sh):
 * memory maps, placement, initrd composition, the zero page of a synthetic
 * bzImage, refusals, raw and ELF plans.
 */
#include "lib/cleanup.h"
#include "lib/sha256.h"
#include "loader/internal.h"
#include "loader/load.h"
#include "tests/unit/harness.h"
#include "tests/unit/loader-util.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

static void test_memmap_sysfs(void)
{
	struct memmap mm = { 0 };
	struct diag_list err;

	CHECK_EQ(memmap_read(util_fixture("q35-1g"), &mm, &err), 0);
	CHECK_STREQ(mm.source, "sysfs");
	CHECK_EQ(mm.n, 9);
	if (mm.n == 9) {
		CHECK_EQ(mm.e[0].start, 0);
		CHECK_EQ(mm.e[0].end, 0x9fc00);
		CHECK_EQ(mm.e[0].type, E820_RAM);
		CHECK_EQ(mm.e[3].start, 0x100000);
		CHECK_EQ(mm.e[3].end, 0x3ffe0000);
		CHECK_EQ(mm.e[3].type, E820_RAM);
		CHECK_EQ(mm.e[8].end, 0x100000000ull);
		CHECK_EQ(mm.e[8].type, E820_RESERVED);
		for (size_t i = 1; i < mm.n; i++)
			CHECK(mm.e[i - 1].start < mm.e[i].start);
	}
	memmap_free(&mm);

	CHECK_EQ(memmap_read(util_fixture("many-e820"), &mm, &err), 0);
	CHECK_EQ(mm.n, 200);
	for (size_t i = 1; i < mm.n; i++)
		CHECK(mm.e[i - 1].end <= mm.e[i].start);
	memmap_free(&mm);
}

static void test_memmap_iomem(void)
{
	struct memmap mm = { 0 };
	struct diag_list err;

	CHECK_EQ(memmap_read(util_fixture("iomem-only"), &mm, &err), 0);
	CHECK_STREQ(mm.source, "iomem");
	/* Top level only, PCI/HPET windows dropped: 7 memory lines. */
	CHECK_EQ(mm.n, 7);
	if (mm.n == 7) {
		CHECK_EQ(mm.e[1].start, 0x1000);
		CHECK_EQ(mm.e[1].end, 0x9fc00);
		CHECK_EQ(mm.e[4].start, 0x100000);
		CHECK_EQ(mm.e[4].end, 0x7ffe0000);
		CHECK_EQ(mm.e[4].type, E820_RAM);
		CHECK_EQ(mm.e[6].type, E820_RESERVED);
	}
	memmap_free(&mm);

	/* Unprivileged /proc/iomem shows zeros: a clear error, not an empty map. */
	err.reason[0] = '\0';
	CHECK(memmap_read(util_fixture("iomem-unprivileged"), &mm, &err) < 0);
	CHECK(strstr(err.reason, "unprivileged") != NULL);
	CHECK(memmap_read(util_fixture("does-not-exist"), &mm, &err) < 0);
	CHECK(strstr(err.reason, "no memory map") != NULL);
}

static void test_place(void)
{
	struct memmap mm = { 0 };
	struct place_ctx ctx;
	uint64_t a = 0;

	memmap_add(&mm, 0, 0x9fc00, E820_RAM);
	memmap_add(&mm, 0x100000, 0x800000, E820_RAM);
	memmap_add(&mm, 0x800000, 0x1000000, E820_RAM); /* adjacent: merged */
	memmap_add(&mm, 0x1000000, 0x2000000, E820_RESERVED);
	memmap_add(&mm, 0x2000000, 0x3000000, E820_RAM);
	place_init(&ctx, &mm);
	CHECK_EQ(place_find(&ctx, 0x1000, 0x1000, 0x100000, UINT64_MAX, true, &a), 0);
	CHECK_EQ(a, 0x2fff000);
	CHECK_EQ(place_find(&ctx, 0x1000, 0x1000, 0x100000, UINT64_MAX, false, &a), 0);
	CHECK_EQ(a, 0x100000);
	/* Spans the merged boundary at 8 MiB. */
	CHECK_EQ(place_find(&ctx, 0xc00000, 0x1000, 0x100000, 0x1000000, true, &a), 0);
	CHECK_EQ(a, 0x400000);
	/* Alignment 16 MiB: only 0x2000000 qualifies. */
	CHECK_EQ(place_find(&ctx, 0x1000, 0x1000000, 0x100000, UINT64_MAX, true, &a), 0);
	CHECK_EQ(a, 0x2000000);
	CHECK_EQ(place_take(&ctx, 0x2000000, 0x1000), 0);
	CHECK_EQ(place_find(&ctx, 0x1000, 0x1000000, 0x100000, UINT64_MAX, true, &a), -ENOSPC);
	CHECK_EQ(place_find(&ctx, 0x1000, 0x1000, 0x2000000, 0x2002000, false, &a), 0);
	CHECK_EQ(a, 0x2001000);
	CHECK_EQ(place_find(&ctx, 0x2000000, 0x1000, 0, UINT64_MAX, true, &a), -ENOSPC);
	CHECK(!place_is_ram(&ctx, 0x1000000, 0x1000));
	CHECK(place_is_ram(&ctx, 0x7ff000, 0x2000));
	memmap_free(&mm);
}

/* Pieces of awkward sizes; returns them in p[] with data owned by bufs[]. */
static void make_pieces(struct kexec_initrd *p, uint8_t **bufs, const uint64_t *sizes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bufs[i] = malloc(sizes[i] ? sizes[i] : 1);
		for (uint64_t j = 0; j < sizes[i]; j++)
			bufs[i][j] = (uint8_t)(0x80 + i * 17 + j * 3);
		p[i] = (struct kexec_initrd){ bufs[i], sizes[i], "piece" };
	}
}

/* Builds the expected region by hand and compares it with what the segments deliver. */
static void check_region(const struct kexec_plan *plan, const struct kexec_initrd *p, size_t n,
			 uint32_t align, uint64_t base)
{
	uint64_t off = 0, total;
	_cleanup_free_ uint8_t *want = NULL, *got = NULL;

	for (size_t i = 0; i < n; i++)
		off = ((off + align - 1) & ~(uint64_t)(align - 1)) + p[i].size;
	total = off;
	want = calloc(1, total + 4096);
	got = calloc(1, total + 4096);
	off = 0;
	for (size_t i = 0; i < n; i++) {
		off = (off + align - 1) & ~(uint64_t)(align - 1);
		CHECK_EQ(off % align, 0);
		memcpy(want + off, p[i].data, p[i].size);
		off += p[i].size;
	}
	CHECK_EQ(util_plan_read(plan, base, total, got), 0);
	CHECK(memcmp(want, got, total) == 0);
}

static void test_initrd_segments(void)
{
	static const uint64_t sizes[] = { 10000, 3, 4097, 0, 8192, 12345 };
	struct kexec_initrd p[6];
	uint8_t *bufs[6];
	uint64_t offs[6], total = 0;
	struct diag_list err;
	static const uint32_t aligns[] = { 4, 512 };

	make_pieces(p, bufs, sizes, 6);
	CHECK_EQ(initrd_layout(p, 6, 4, offs, &total, &err), 0);
	CHECK_EQ(offs[0], 0);
	CHECK_EQ(offs[1], 10000);
	CHECK_EQ(offs[2], 10004);
	CHECK_EQ(offs[3], 14104);
	CHECK_EQ(offs[4], 14104);
	CHECK_EQ(offs[5], 22296);
	CHECK_EQ(total, 22296 + 12345);
	CHECK_EQ(initrd_layout(p, 6, 512, offs, &total, &err), 0);
	CHECK_EQ(offs[1], 10240);
	CHECK_EQ(offs[2], 10752);
	CHECK(initrd_layout(p, 6, 3, offs, &total, &err) < 0);

	for (size_t k = 0; k < 2; k++) {
		struct kexec_plan plan = { 0 };
		size_t mapped = 0, built_bytes = 0;

		CHECK_EQ(initrd_add_segments(&plan, p, 6, aligns[k], 0x4000000, 16, &err), 0);
		CHECK_EQ(plan.initrd_copied, 0);
		for (size_t i = 0; i < plan.nr_segments; i++) {
			CHECK_EQ(plan.seg[i].mem % 4096, 0);
			CHECK_EQ(plan.seg[i].memsz % 4096, 0);
			if (plan.seg[i].owned)
				built_bytes += plan.seg[i].bufsz;
			else
				mapped++;
		}
		/* Whole pages come straight from the pieces; only seam pages are copied. */
		CHECK(mapped >= 3);
		CHECK(built_bytes <= 4 * 4096);
		check_region(&plan, p, 6, aligns[k], 0x4000000);
		kexec_plan_free(&plan);

		/* A budget of 1 segment forces the single copied buffer. */
		CHECK_EQ(initrd_add_segments(&plan, p, 6, aligns[k], 0x4000000, 1, &err), 0);
		CHECK_EQ(plan.initrd_copied, 1);
		CHECK_EQ(plan.nr_segments, 1);
		check_region(&plan, p, 6, aligns[k], 0x4000000);
		kexec_plan_free(&plan);
	}
	for (size_t i = 0; i < 6; i++)
		free(bufs[i]);
}

static void test_initrd_memfd(void)
{
	static const uint64_t sizes[] = { 5, 70000, 1 };
	struct kexec_initrd p[3];
	uint8_t *bufs[3], got[70020], want[70020];
	struct diag_list err;
	int fd = -1;
	ssize_t n;

	make_pieces(p, bufs, sizes, 3);
	CHECK_EQ(initrd_compose_memfd(p, 3, 4, "", &fd, &err), 0);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	memset(want, 0, sizeof(want));
	memcpy(want, bufs[0], 5);
	memcpy(want + 8, bufs[1], 70000);
	memcpy(want + 70008, bufs[2], 1);
	n = pread(fd, got, sizeof(got), 0);
	CHECK_EQ(n, 70009);
	CHECK(memcmp(got, want, 70009) == 0);
	/* Read-only descriptor, and the file is sealed against any change. */
	CHECK(write(fd, "x", 1) < 0);
	CHECK_EQ(fcntl(fd, F_GET_SEALS), F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
	CHECK_EQ(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
	close(fd);
	for (size_t i = 0; i < 3; i++)
		free(bufs[i]);
}

struct bz_run {
	struct kexec_plan plan;
	struct diag_list err;
	int r;
};

static void plan_bz(struct bz_run *run, const char *fixture, const uint8_t *img, size_t len,
		    const char *cmdline, const struct kexec_initrd *initrds, size_t n,
		    const uint8_t *seed)
{
	size_t plen = 0;
	_cleanup_free_ char *blob = util_purgatory(&plen);
	struct kexec_request req = {
		.image = img,
		.image_size = len,
		.initrds = initrds,
		.nr_initrds = n,
		.initrd_align = 4,
		.cmdline = cmdline,
		.rng_seed = seed,
		.rng_seed_len = seed ? 32 : 0,
		.purgatory = blob,
		.purgatory_size = plen,
		.serial_port = 0x3f8,
	};

	CHECK(blob != NULL);
	run->err.reason[0] = '\0';
	run->r = util_plan_build(&req, util_fixture(fixture), &run->plan, &run->err);
	if (run->r < 0)
		fprintf(stderr, "  plan: %s\n", run->err.reason);
	/* The blob is copied into the plan: freeing it here must be harmless. */
}

static uint32_t rd32(const uint8_t *p)
{
	return get_le32(p);
}

static void test_bzimage_zero_page(void)
{
	struct util_bz bz = util_bz_default();
	size_t len;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	static const uint64_t sizes[] = { 70001, 4096, 333 };
	struct kexec_initrd p[3];
	uint8_t *bufs[3], seed[32];
	const struct kexec_plan_segment *zs, *ks;
	const char *cmdline = "console=ttyS0 root=/dev/vda quiet";
	struct bz_run run;
	const uint8_t *bp;

	for (int i = 0; i < 32; i++)
		seed[i] = (uint8_t)(0xa0 + i);
	make_pieces(p, bufs, sizes, 3);
	plan_bz(&run, "q35-1g", img, len, cmdline, p, 3, seed);
	CHECK_EQ(run.r, 0);
	if (run.r < 0)
		goto out;
	util_check_plan(&run.plan, util_fixture("q35-1g"));
	zs = util_plan_find(&run.plan, "zero-page");
	ks = util_plan_find(&run.plan, "kernel");
	CHECK(zs && ks);
	if (!zs || !ks)
		goto out;
	bp = zs->buf;
	/* Kernel: after the setup sectors, aligned, >= pref_address. */
	CHECK(ks->buf == img + 5 * 512);
	CHECK_EQ(ks->bufsz, len - 5 * 512);
	CHECK_EQ(ks->mem % bz.kernel_alignment, 0);
	CHECK(ks->mem >= bz.pref_address);
	/*
	 * The segment is the image; init_size is reserved: no other segment in
	 * it (the purgatory's own page tables keep the old kernel's out of use).
	 */
	CHECK_EQ(ks->memsz, (ks->bufsz + 4095) & ~4095ull);
	CHECK_EQ(run.plan.kernel_reserved, bz.init_size);
	for (size_t i = 0; i < run.plan.nr_segments; i++)
		CHECK(&run.plan.seg[i] == ks || run.plan.seg[i].mem >= ks->mem + bz.init_size ||
		      run.plan.seg[i].mem + run.plan.seg[i].memsz <= ks->mem);
	CHECK_EQ(run.plan.args->regs.rip, ks->mem + 0x200);
	CHECK_EQ(run.plan.args->regs.rsi, zs->mem);
	CHECK_EQ(run.plan.args->serial_port, 0x3f8);
	/* Setup header copied from the image, the loader's own fields set. */
	CHECK(memcmp(bp + 0x1f1, img + 0x1f1, 0x210 - 0x1f1) == 0);
	CHECK(memcmp(bp + 0x202, "HdrS", 4) == 0);
	CHECK_EQ(get_le16(bp + 0x206), 0x020f);
	CHECK_EQ(bp[0x210], 0xff);
	CHECK_EQ(bp[0x211] & 1, 1);
	CHECK_EQ(get_le32(bp + 0x238), bz.cmdline_size);
	/* Command line right after boot_params, NUL-terminated, pointer split low/high. */
	CHECK_EQ(rd32(bp + 0x228) | (uint64_t)rd32(bp + 0x0c8) << 32, zs->mem + 4096);
	CHECK_STREQ((const char *)bp + 4096, cmdline);
	/* Initrd: one region, fields point at it, content is every piece in order. */
	CHECK_EQ(rd32(bp + 0x218) | (uint64_t)rd32(bp + 0x0c0) << 32, run.plan.initrd_addr);
	CHECK_EQ(rd32(bp + 0x21c) | (uint64_t)rd32(bp + 0x0c4) << 32, 70004 + 4096 + 333);
	CHECK(run.plan.initrd_addr >= KEXEC_INITRD_MIN_ADDR);
	check_region(&run.plan, p, 3, 4, run.plan.initrd_addr);
	/* e820: all 9 fixture entries in the zero page. */
	CHECK_EQ(bp[0x1e8], 9);
	CHECK_EQ(get_le64(bp + 0x2d0 + 3 * 20), 0x100000);
	CHECK_EQ(get_le64(bp + 0x2d0 + 3 * 20 + 8), 0x3ffe0000 - 0x100000);
	CHECK_EQ(rd32(bp + 0x2d0 + 3 * 20 + 16), 1);
	/* screen_info and the RSDP from the running kernel's boot_params fixture. */
	CHECK_EQ(bp[0], 0x11);
	CHECK_EQ(bp[0x3f], 0x50);
	CHECK_EQ(get_le64(bp + 0x70), 0xf5a40);
	/* setup_data: exactly one node, the RNG seed, inside the zero-page segment. */
	{
		uint64_t sd = get_le64(bp + 0x250);
		uint64_t off = sd - zs->mem;

		CHECK(sd > zs->mem + 4096 && off + 16 + 32 <= zs->bufsz);
		if (off + 48 <= zs->bufsz) {
			CHECK_EQ(get_le64(bp + off), 0);
			CHECK_EQ(rd32(bp + off + 8), 9);
			CHECK_EQ(rd32(bp + off + 12), 32);
			CHECK(memcmp(bp + off + 16, seed, 32) == 0);
		}
	}
	/* The JSON plan names every segment with its digest. */
	{
		_cleanup_free_ char *json = kexec_plan_json(&run.plan);
		char hex[65];

		CHECK(json != NULL);
		sha256_hex(ks->sha256, hex);
		CHECK(json && strstr(json, hex));
		CHECK(json && strstr(json, "\"what\": \"zero-page\""));
	}
out:
	kexec_plan_free(&run.plan);
	for (int i = 0; i < 3; i++)
		free(bufs[i]);
}

/* A devicetree rides in the zero-page segment as a SETUP_DTB node, ahead of the RNG seed in the list. */
static void test_bzimage_setup_dtb(void)
{
	struct util_bz bz = util_bz_default();
	size_t len, plen = 0;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	_cleanup_free_ char *blob = util_purgatory(&plen);
	static const uint8_t dtb[] = { 0xd0, 0x0d, 0xfe, 0xed, 0, 0, 0, 0x2b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
				       13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
				       33, 34, 35 };
	uint8_t seed[32] = { 7 };
	struct kexec_request req = {
		.image = img, .image_size = len, .initrd_align = 4, .cmdline = "quiet",
		.rng_seed = seed, .rng_seed_len = 32, .dtb = dtb, .dtb_size = sizeof(dtb),
		.purgatory = blob, .purgatory_size = plen, .serial_port = 0x3f8,
	};
	struct kexec_plan plan;
	struct diag_list err = { 0 };
	const struct kexec_plan_segment *zs;
	unsigned dtbs = 0, seeds = 0, nodes = 0;

	CHECK(img && blob);
	CHECK_EQ(util_plan_build(&req, util_fixture("q35-1g"), &plan, &err), 0);
	zs = util_plan_find(&plan, "zero-page");
	CHECK(zs != NULL);
	/* Walk the setup_data list: every node inside the segment, 16-byte aligned. */
	for (uint64_t sd = zs ? get_le64((const uint8_t *)zs->buf + 0x250) : 0; sd && nodes < 8; nodes++) {
		const uint8_t *bp = zs->buf;
		uint64_t off = sd - zs->mem;
		uint32_t type, n;

		CHECK(sd >= zs->mem && off + 16 <= zs->bufsz && off % 16 == 0);
		if (sd < zs->mem || off + 16 > zs->bufsz)
			break;
		type = get_le32(bp + off + 8);
		n = get_le32(bp + off + 12);
		CHECK(off + 16 + n <= zs->bufsz);
		if (type == 2) {
			dtbs++;
			CHECK_EQ(n, sizeof(dtb));
			CHECK(memcmp(bp + off + 16, dtb, sizeof(dtb)) == 0);
		} else if (type == 9) {
			seeds++;
			CHECK(n == 32 && memcmp(bp + off + 16, seed, 32) == 0);
		}
		sd = get_le64(bp + off);
	}
	CHECK_EQ(dtbs, 1);
	CHECK_EQ(seeds, 1);
	CHECK_EQ(nodes, 2);
	kexec_plan_free(&plan);

	/* Too big, or without a kernel image: refused with the reason. */
	req.dtb_size = KEXEC_MAX_DTB + 1;
	CHECK_EQ(util_plan_build(&req, util_fixture("q35-1g"), &plan, &err), -E2BIG);
	CHECK(strstr(err.reason, "the devicetree is larger than") != NULL);
	diag_list_done(&err);
}

static void test_bzimage_e820_ext(void)
{
	struct util_bz bz = util_bz_default();
	size_t len;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	struct memmap mm = { 0 };
	struct diag_list err;
	struct bz_run run;
	const struct kexec_plan_segment *zs;

	plan_bz(&run, "many-e820", img, len, "", NULL, 0, NULL);
	CHECK_EQ(run.r, 0);
	if (run.r < 0)
		return;
	util_check_plan(&run.plan, util_fixture("many-e820"));
	CHECK_EQ(memmap_read(util_fixture("many-e820"), &mm, &err), 0);
	zs = util_plan_find(&run.plan, "zero-page");
	CHECK(zs != NULL);
	if (zs && mm.n == 200) {
		const uint8_t *bp = zs->buf;
		uint64_t sd = get_le64(bp + 0x250), off = sd - zs->mem;

		CHECK_EQ(bp[0x1e8], 128);
		/* No RNG seed here: the only node is E820_EXT with the other 72 entries. */
		CHECK(off < zs->bufsz && off + 16 + 72 * 20 <= zs->bufsz);
		if (off + 16 + 72 * 20 <= zs->bufsz) {
			CHECK_EQ(get_le64(bp + off), 0);
			CHECK_EQ(rd32(bp + off + 8), 1);
			CHECK_EQ(rd32(bp + off + 12), 72 * 20);
			for (size_t i = 0; i < 72; i++) {
				const uint8_t *e = bp + off + 16 + i * 20;

				CHECK_EQ(get_le64(e), mm.e[128 + i].start);
				CHECK_EQ(get_le64(e + 8), mm.e[128 + i].end - mm.e[128 + i].start);
				CHECK_EQ(rd32(e + 16), mm.e[128 + i].type);
			}
		}
		/* The kernel went top-down into the RAM above 4 GiB only if one piece fits; it does not. */
		CHECK(run.plan.kernel_addr < 0x40000000);
	}
	memmap_free(&mm);
	kexec_plan_free(&run.plan);
}

static void test_bzimage_efi_rsdp(void)
{
	struct util_bz bz = util_bz_default();
	size_t len;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	const struct kexec_plan_segment *zs;
	struct bz_run run;

	plan_bz(&run, "efi", img, len, "", NULL, 0, NULL);
	CHECK_EQ(run.r, 0);
	if (run.r < 0)
		return;
	zs = util_plan_find(&run.plan, "zero-page");
	CHECK(zs != NULL);
	if (zs)
		CHECK_EQ(get_le64((const uint8_t *)zs->buf + 0x70), 0x7f77e014);
	kexec_plan_free(&run.plan);
}

static void test_bzimage_refusals(void)
{
	struct util_bz bz;
	size_t len;
	struct bz_run run;
	char longcmd[3000];

	bz = util_bz_default();
	bz.xloadflags = 0x2 | 0x20;
	{
		_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);

		plan_bz(&run, "q35-1g", img, len, "", NULL, 0, NULL);
		CHECK(run.r < 0);
		CHECK(strstr(run.err.reason, "no 64-bit entry") != NULL);
	}
	bz = util_bz_default();
	bz.version = 0x020b;
	{
		_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);

		plan_bz(&run, "q35-1g", img, len, "", NULL, 0, NULL);
		CHECK(run.r < 0);
		CHECK(strstr(run.err.reason, "older than 2.12") != NULL);
	}
	bz = util_bz_default();
	bz.xloadflags = 0x3; /* no XLF_5LEVEL */
	{
		_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);

		plan_bz(&run, "la57", img, len, "", NULL, 0, NULL);
		CHECK(run.r < 0);
		CHECK(strstr(run.err.reason, "5-level paging") != NULL);
		/* The same image is fine where 5-level paging is off. */
		plan_bz(&run, "q35-1g", img, len, "", NULL, 0, NULL);
		CHECK_EQ(run.r, 0);
		kexec_plan_free(&run.plan);
	}
	bz = util_bz_default();
	{
		_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);

		memset(longcmd, 'x', 2048);
		longcmd[2048] = '\0';
		plan_bz(&run, "q35-1g", img, len, longcmd, NULL, 0, NULL);
		CHECK(run.r < 0);
		CHECK(strstr(run.err.reason, "command line is 2048 bytes") != NULL);
		longcmd[2047] = '\0';
		plan_bz(&run, "q35-1g", img, len, longcmd, NULL, 0, NULL);
		CHECK_EQ(run.r, 0);
		kexec_plan_free(&run.plan);
		/* 8 MiB of RAM cannot hold a 32 MiB init_size. */
		plan_bz(&run, "tiny", img, len, "", NULL, 0, NULL);
		CHECK(run.r < 0);
		CHECK(strstr(run.err.reason, "no room for the kernel") != NULL);
		/* Not an image at all. */
		plan_bz(&run, "q35-1g", (const uint8_t *)"hello, world", 12, "", NULL, 0, NULL);
		CHECK_EQ(run.r, -ENOEXEC);
	}
	bz = util_bz_default();
	{
		_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
		uint32_t paras = (uint32_t)(bz.payload / 16);

		/* syssize as a real build writes it: the whole payload; then the same file cut short. */
		memcpy(img + 0x1f4, &paras, 4);
		plan_bz(&run, "q35-1g", img, len, "", NULL, 0, NULL);
		CHECK_EQ(run.r, 0);
		kexec_plan_free(&run.plan);
		plan_bz(&run, "q35-1g", img, len - 4096, "", NULL, 0, NULL);
		CHECK_EQ(run.r, -ENOEXEC);
		CHECK(strstr(run.err.reason, "bzImage truncated:") != NULL);
	}
	bz = util_bz_default();
	bz.relocatable = 0;
	bz.pref_address = 0x1000000;
	{
		_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);

		plan_bz(&run, "q35-1g", img, len, "", NULL, 0, NULL);
		CHECK_EQ(run.r, 0);
		CHECK_EQ(run.plan.kernel_addr, 0x1000000);
		kexec_plan_free(&run.plan);
	}
}

/*
 * Where a plain (-e) bzImage is entered when nothing is asked: the
 * decompressor on a stock kernel, the kernel proper when the running kernel
 * dismisses NMIs while relocating. The synthetic image has no compressed
 * kernel, so choosing the kernel proper shows as its refusal.
 */
static void test_bzimage_entry_choice(void)
{
	struct util_bz bz = util_bz_default();
	size_t len, plen = 0;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	_cleanup_free_ char *blob = util_purgatory(&plen);
	struct kexec_request req = {
		.image = img,
		.image_size = len,
		.initrd_align = 4,
		.cmdline = "console=ttyS0",
		.purgatory = blob,
		.purgatory_size = plen,
	};
	static const char *const stock[] = { "q35-1g", "nmi-safe-0" };
	struct kexec_plan plan;
	struct diag_list err;

	CHECK(blob != NULL);
	for (size_t i = 0; i < ARRAY_SIZE(stock); i++) {
		CHECK_EQ(util_plan_build(&req, util_fixture(stock[i]), &plan, &err), 0);
		CHECK(plan.kernel_entry && !strcmp(plan.kernel_entry, "decompressor"));
		kexec_plan_free(&plan);
	}
	err.reason[0] = '\0';
	CHECK_EQ(util_plan_build(&req, util_fixture("nmi-safe"), &plan, &err), -ENOEXEC);
	CHECK(strstr(err.reason, "payload_offset/length") != NULL);
	/* An explicit choice still wins, both ways. */
	req.kernel_entry = KEXEC_ENTRY_DECOMPRESSOR;
	CHECK_EQ(util_plan_build(&req, util_fixture("nmi-safe"), &plan, &err), 0);
	CHECK(plan.kernel_entry && !strcmp(plan.kernel_entry, "decompressor"));
	kexec_plan_free(&plan);
	req.kernel_entry = KEXEC_ENTRY_KERNEL_PROPER;
	CHECK_EQ(util_plan_build(&req, util_fixture("q35-1g"), &plan, &err), -ENOEXEC);
}

static void test_raw(void)
{
	static uint8_t payload[5000];
	size_t plen = 0;
	_cleanup_free_ char *blob = util_purgatory(&plen);
	struct kexec_raw raw = { payload, sizeof(payload), 0x200000, 0, "payload" };
	struct kexec_request req = {
		.raw = &raw,
		.nr_raw = 1,
		.entry = 0x200000,
		.has_entry = true,
		.purgatory = blob,
		.purgatory_size = plen,
	};
	struct kexec_plan plan;
	struct diag_list err;

	memset(payload, 0xf4, sizeof(payload));
	CHECK_EQ(util_plan_build(&req, util_fixture("q35-1g"), &plan, &err), 0);
	util_check_plan(&plan, util_fixture("q35-1g"));
	CHECK_EQ(plan.nr_segments, 2);
	CHECK_EQ(plan.args->regs.rip, 0x200000);
	CHECK_EQ(plan.args->regs.rsi, 0);
	CHECK(util_plan_find(&plan, "raw[0]") && util_plan_find(&plan, "raw[0]")->memsz == 8192);
	kexec_plan_free(&plan);

	raw.addr = 0x200800;
	CHECK(util_plan_build(&req, util_fixture("q35-1g"), &plan, &err) < 0);
	CHECK(strstr(err.reason, "not page aligned") != NULL);
	raw.addr = 0x40000000; /* past the end of RAM */
	req.entry = 0x40000000;
	CHECK(util_plan_build(&req, util_fixture("q35-1g"), &plan, &err) < 0);
	CHECK(strstr(err.reason, "not free usable RAM") != NULL);
	raw.addr = 0x200000;
	req.entry = 0x300000;
	CHECK(util_plan_build(&req, util_fixture("q35-1g"), &plan, &err) < 0);
	CHECK(strstr(err.reason, "outside every --raw") != NULL);
	req.has_entry = false;
	CHECK(util_plan_build(&req, util_fixture("q35-1g"), &plan, &err) < 0);
	CHECK(strstr(err.reason, "--entry") != NULL);
}

static void test_elf(void)
{
	/* A minimal ELF64 executable with two PT_LOADs. */
	static uint8_t img[3 * 4096];
	Elf64_Phdr *ph = (Elf64_Phdr *)(void *)(img + sizeof(Elf64_Ehdr));
	size_t plen = 0;
	_cleanup_free_ char *blob = util_purgatory(&plen);
	struct kexec_request req = {
		.image = img,
		.image_size = sizeof(img),
		.cmdline = "console=ttyS0",
		.purgatory = blob,
		.purgatory_size = plen,
	};
	struct kexec_plan plan;
	struct diag_list err;
	const struct kexec_plan_segment *s;
	int r;

	const Elf64_Phdr loads[2] = {
		{ PT_LOAD, PF_R | PF_X, 4096, 0xffffffff81000000, 0x1000000, 4096, 4096, 4096 },
		{ PT_LOAD, PF_R | PF_W, 8192, 0xffffffff81200000, 0x1200000, 4096, 3 * 4096, 4096 },
	};

	util_make_elf64(img, 0x1000000, loads, 2);
	memset(img + 4096, 0xcc, 4096);
	memset(img + 8192, 0x33, 4096);
	r = util_plan_build(&req, util_fixture("q35-1g"), &plan, &err);
	if (r < 0)
		fprintf(stderr, "  elf: %s\n", err.reason);
	CHECK_EQ(r, 0);
	if (r < 0)
		return;
	util_check_plan(&plan, util_fixture("q35-1g"));
	s = util_plan_find(&plan, "elf[1]");
	CHECK(s && s->mem == 0x1200000 && s->bufsz == 4096 && s->memsz == 3 * 4096 &&
	      s->buf == img + 8192);
	CHECK_EQ(plan.args->regs.rip, 0x1000000);
	CHECK_EQ(plan.args->regs.rsi, plan.zero_page_addr);
	s = util_plan_find(&plan, "zero-page");
	CHECK(s && strcmp((const char *)s->buf + 4096, "console=ttyS0") == 0);
	kexec_plan_free(&plan);

	ph[1].p_paddr = 0x1200100;
	CHECK(util_plan_build(&req, util_fixture("q35-1g"), &plan, &err) < 0);
	CHECK(strstr(err.reason, "not page aligned") != NULL);
}

/*
 * Hashing on threads (loader/regions.c): the regions tile every segment but
 * the purgatory in address order, each digest is of its own bytes, at most
 * 16 regions, and the JSON lists the pieces of a cut segment.
 */
static void test_parallel_regions(void)
{
	struct util_bz bz = util_bz_default();
	size_t len, plen = 0;
	_cleanup_free_ uint8_t *img = NULL;
	_cleanup_free_ char *blob = util_purgatory(&plen);
	_cleanup_free_ uint8_t *big = malloc(20u << 20);
	static uint8_t small[5000];
	struct kexec_initrd initrds[2] = { { big, 20u << 20, "big" }, { small, sizeof(small), "small" } };
	struct kexec_plan plan;
	struct diag_list err;
	int r;

	bz.payload = 3u << 20;
	img = util_make_bzimage(&bz, &len);
	CHECK(img && big && blob);
	if (!img || !big || !blob)
		return;
	for (size_t i = 0; i < (20u << 20); i++)
		big[i] = (uint8_t)(i * 7 + (i >> 12));
	memset(small, 0x5a, sizeof(small));
	for (unsigned threads = 1; threads <= 8; threads *= 2) {
		struct kexec_request req = {
			.image = img,
			.image_size = len,
			.initrds = initrds,
			.nr_initrds = 2,
			.initrd_align = 4,
			.cmdline = "console=ttyS0",
			.purgatory = blob,
			.purgatory_size = plen,
			.hash_threads = threads,
		};
		const struct purgatory_args *a;
		uint32_t k = 0;
		size_t cut = 0;

		r = util_plan_build(&req, util_fixture("q35-1g"), &plan, &err);
		if (r < 0)
			fprintf(stderr, "  threads %u: %s\n", threads, err.reason);
		CHECK_EQ(r, 0);
		if (r < 0)
			return;
		a = plan.args;
		CHECK(a->nr_regions <= PURGATORY_MAX_REGIONS);
		for (size_t i = 0; i < plan.nr_segments; i++) {
			const struct kexec_plan_segment *s = &plan.seg[i];
			uint64_t covered = 0;
			unsigned n = 0;

			if (s->mem == plan.purgatory_addr)
				continue;
			do {
				const struct purgatory_region *pr = &a->regions[k++];
				uint8_t d[32];

				CHECK_EQ(pr->start, s->mem + covered);
				CHECK(covered + pr->len <= s->bufsz || (s->bufsz == 0 && pr->len == 0));
				sha256_digest((const uint8_t *)s->buf + covered, pr->len, d);
				CHECK(memcmp(d, pr->sha256, 32) == 0);
				covered += pr->len;
				n++;
			} while (covered < s->bufsz && k < a->nr_regions);
			CHECK_EQ(covered, s->bufsz);
			CHECK_EQ(n, s->nr_regions);
			if (n > 1)
				cut++;
			if (n == 1) {
				uint8_t d[32];

				sha256_digest(s->buf, s->bufsz, d);
				CHECK(memcmp(d, s->sha256, 32) == 0);
			}
		}
		CHECK_EQ(k, a->nr_regions);
		/* One thread: one region per segment. More: the 20 MiB initrd is cut. */
		if (threads == 1)
			CHECK_EQ(cut, 0);
		else
			CHECK(cut >= 1);
		if (threads > 1) {
			_cleanup_free_ char *json = kexec_plan_json(&plan);

			CHECK(json && strstr(json, "\"sha256\": null, \"regions\": [{\"start\": "));
		}
		kexec_plan_free(&plan);
	}
}

static void test_crash(void)
{
	struct util_bz bz = util_bz_default();
	size_t len;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	static const uint64_t crash_start = 0x2f000000, crash_end = 0x3f000000;
	size_t plen = 0;
	_cleanup_free_ char *blob = util_purgatory(&plen);
	static uint8_t initrd[20000];
	struct kexec_initrd p = { initrd, sizeof(initrd), "initrd" };
	struct kexec_request req = {
		.image = img,
		.image_size = len,
		.initrds = &p,
		.nr_initrds = 1,
		.initrd_align = 4,
		.cmdline = "console=ttyS0 reset_devices",
		.purgatory = blob,
		.purgatory_size = plen,
		.crash = true,
	};
	const struct kexec_plan_segment *hs, *zs;
	struct kexec_plan plan;
	struct diag_list err;
	char want[80];
	int r;

	/*
	 * A crash plan enters the kernel proper by default; the synthetic image
	 * has no compressed kernel, and the refusal says so. (Real kernels:
	 * test-bzimage.) The layout checks below use the decompressor entry.
	 */
	CHECK_EQ(util_plan_build(&req, util_fixture("crash"), &plan, &err), -ENOEXEC);
	CHECK(strstr(err.reason, "payload_offset/length") != NULL);
	req.kernel_entry = KEXEC_ENTRY_DECOMPRESSOR;
	r = util_plan_build(&req, util_fixture("crash"), &plan, &err);
	if (r < 0)
		fprintf(stderr, "  crash: %s\n", err.reason);
	CHECK_EQ(r, 0);
	if (r < 0)
		return;
	util_check_plan(&plan, util_fixture("crash"));
	/* Every segment inside the crash region (the kernel refuses anything else). */
	for (size_t i = 0; i < plan.nr_segments; i++)
		CHECK(plan.seg[i].mem >= crash_start && plan.seg[i].mem + plan.seg[i].memsz <= crash_end);
	CHECK(plan.kernel_addr + plan.kernel_reserved <= crash_end);
	hs = util_plan_find(&plan, "elfcorehdr");
	zs = util_plan_find(&plan, "zero-page");
	CHECK(hs && zs);
	if (!hs || !zs)
		goto out;
	CHECK_EQ(hs->mem, crash_start);
	CHECK_EQ(plan.elfcorehdr_addr, crash_start);
	snprintf(want, sizeof(want), "console=ttyS0 reset_devices elfcorehdr=0x%llx",
		 (unsigned long long)crash_start);
	CHECK_STREQ((const char *)zs->buf + 4096, want);
	/* The core header: 2 CPU notes, vmcoreinfo, RAM outside the crash region. */
	{
		const Elf64_Ehdr *eh = hs->buf;
		const Elf64_Phdr *ph = (const Elf64_Phdr *)(const void *)((const uint8_t *)hs->buf + eh->e_phoff);

		CHECK(memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0);
		CHECK_EQ(eh->e_type, ET_CORE);
		CHECK_EQ(eh->e_machine, EM_X86_64);
		CHECK_EQ(eh->e_phnum, 2 + 1 + 3);
		CHECK_EQ(hs->bufsz, sizeof(*eh) + 6 * sizeof(*ph));
		CHECK_EQ(ph[0].p_type, PT_NOTE);
		CHECK(ph[0].p_paddr == 0x3fc10000 || ph[0].p_paddr == 0x3fc11000);
		CHECK_EQ(ph[0].p_filesz, 440);
		CHECK_EQ(ph[2].p_type, PT_NOTE);
		CHECK_EQ(ph[2].p_paddr, 0x3e83e000);
		CHECK_EQ(ph[2].p_filesz, 0x1024);
		CHECK_EQ(ph[3].p_type, PT_LOAD);
		CHECK_EQ(ph[3].p_paddr, 0x1000);
		CHECK_EQ(ph[3].p_memsz, 0x9fc00 - 0x1000);
		CHECK_EQ(ph[4].p_paddr, 0x100000);
		CHECK_EQ(ph[4].p_memsz, crash_start - 0x100000);
		CHECK_EQ(ph[5].p_paddr, crash_end);
		CHECK_EQ(ph[5].p_offset, crash_end);
		CHECK_EQ(ph[5].p_memsz, 0x3ffe0000 - crash_end);
	}
	/* The crash kernel's e820: RAM only below 1 MiB and in the crash region past the header. */
	{
		const uint8_t *bp = zs->buf;
		unsigned n = bp[0x1e8];
		uint64_t ram = 0;

		for (unsigned i = 0; i < n; i++) {
			const uint8_t *e = bp + 0x2d0 + i * 20;
			uint64_t a = get_le64(e), sz = get_le64(e + 8);

			if (get_le32(e + 16) != 1)
				continue;
			CHECK(a + sz <= 0x100000 || (a >= crash_start + 4096 && a + sz <= crash_end));
			ram += sz;
		}
		CHECK_EQ(ram, 0x9fc00 + (crash_end - crash_start - 4096));
	}
out:
	kexec_plan_free(&plan);

	/* No crashkernel= reservation: a plain refusal. */
	CHECK(util_plan_build(&req, util_fixture("q35-1g"), &plan, &err) < 0);
	CHECK(strstr(err.reason, "crashkernel=") != NULL);
}

static const struct test tests[] = {
	TEST(memmap_sysfs),
	TEST(memmap_iomem),
	TEST(place),
	TEST(initrd_segments),
	TEST(initrd_memfd),
	TEST(bzimage_zero_page),
	TEST(bzimage_setup_dtb),
	TEST(bzimage_e820_ext),
	TEST(bzimage_efi_rsdp),
	TEST(bzimage_refusals),
	TEST(bzimage_entry_choice),
	TEST(raw),
	TEST(elf),
	TEST(parallel_regions),
	TEST(crash),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
