// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The planners are pure: the machine state is read once (machine_state_read)
 * from a copy of each fixture tree; then every fixture kernel (the synthetic
 * bzImages, an ELF, raw segments, a crash kernel, and the Debian kernels
 * when $KEXBOOT_KERNELS has them) is planned twice: with the tree there, and
 * after the tree is deleted and the process can open no file at all
 * (RLIMIT_NOFILE 0). The plans (JSON, every segment's bytes) and the
 * refusals (errno, text) must be identical. A planner that read a file, under
 * any prefix, would see it gone the second time.
 */
#include "lib/cleanup.h"
#include "lib/sha256.h"
#include "loader/internal.h"
#include "tests/unit/harness.h"
#include "tests/unit/loader-util.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_CASES 64

struct image {
	const char *name;
	const uint8_t *data;
	size_t size;
	bool crash;
	enum kexec_kernel_entry entry;
	bool raw; /* raw segments, no image */
	bool big; /* a Debian kernel: planned on fewer fixtures, to keep the test quick */
};

struct outcome {
	int r;
	char reason[DIAG_REASON_MAX];
	char *json;
	size_t nr_segments;
	uint8_t digest[KEXEC_PLAN_MAX_SEGMENTS][32]; /* sha256 of each segment's bytes */
};

static const char *const fixtures[] = {
	"q35-1g", "many-e820", "iomem-only", "la57", "efi", "efi-bad", "efi-nofile",
	"efi-noruntime", "secureboot", "crash", "tiny", "iomem-unprivileged",
};

static uint8_t raw_blob[8192];
static const struct kexec_raw raws[1] = {
	{ raw_blob, sizeof(raw_blob), 0x2000000, 0, "blob" },
};

static void plan_one(const struct image *im, const struct machine_state *ms, const char *blob,
		     size_t blen, struct outcome *out)
{
	static uint8_t initrd[3][70000];
	const struct kexec_initrd rds[3] = {
		{ initrd[0], 12345, "a" }, { initrd[1], 70000, "b" }, { initrd[2], 99, "c" },
	};
	static const uint8_t seed[32] = { 1, 2, 3 };
	struct kexec_request req = {
		.image = im->raw ? NULL : im->data,
		.image_size = im->raw ? 0 : im->size,
		.initrds = im->raw ? NULL : rds,
		.nr_initrds = im->raw ? 0 : 3,
		.initrd_align = 4,
		.cmdline = "console=ttyS0 kexboot.test=1",
		.rng_seed = seed,
		.rng_seed_len = sizeof(seed),
		.purgatory = blob,
		.purgatory_size = blen,
		.serial_port = 0x3f8,
		.raw = im->raw ? raws : NULL,
		.nr_raw = im->raw ? 1 : 0,
		.entry = 0x2000000,
		.has_entry = im->raw,
		.crash = im->crash,
		.kernel_entry = im->entry,
		.hash_threads = 1,
	};
	struct diag_list err = { 0 };
	struct kexec_plan plan;

	for (size_t i = 0; i < 3; i++)
		memset(initrd[i], (int)(0x41 + i), sizeof(initrd[i]));
	memset(out, 0, sizeof(*out));
	out->r = kexec_plan_build(&req, ms, &plan, &err);
	snprintf(out->reason, sizeof(out->reason), "%s", err.reason);
	if (out->r < 0)
		return;
	out->json = kexec_plan_json(&plan);
	out->nr_segments = plan.nr_segments;
	for (size_t i = 0; i < plan.nr_segments; i++)
		sha256_digest(plan.seg[i].buf, plan.seg[i].bufsz, out->digest[i]);
	kexec_plan_free(&plan);
}

static bool outcome_same(const struct outcome *a, const struct outcome *b)
{
	if (a->r != b->r || strcmp(a->reason, b->reason) || a->nr_segments != b->nr_segments)
		return false;
	if (!a->json != !b->json || (a->json && strcmp(a->json, b->json)))
		return false;
	return memcmp(a->digest, b->digest, sizeof(a->digest)) == 0;
}

/* Synthetic images and, when present, the Debian kernels (mapped; never unmapped). */
static size_t images_make(struct image *ims, size_t max)
{
	static uint8_t elf[8192];
	static const char *const series[] = { "5.10", "6.1", "6.12" };
	const char *kdir = getenv("KEXBOOT_KERNELS"), *home = getenv("HOME");
	struct util_bz bz = util_bz_default();
	Elf64_Phdr text = { .p_type = PT_LOAD, .p_offset = 4096, .p_paddr = 0x1000000,
			    .p_vaddr = 0x1000000, .p_filesz = 4096, .p_memsz = 8192 };
	size_t n = 0, len;
	uint8_t *img;

	img = util_make_bzimage(&bz, &len);
	ims[n++] = (struct image){ "bz", img, len, false, KEXEC_ENTRY_AUTO, false };
	bz.xloadflags |= XLF_EFI_KEXEC;
	img = util_make_bzimage(&bz, &len);
	ims[n++] = (struct image){ "bz-efi", img, len, false, KEXEC_ENTRY_AUTO, false };
	ims[n++] = (struct image){ "bz-efi-crash", img, len, true, KEXEC_ENTRY_DECOMPRESSOR, false };
	ims[n++] = (struct image){ "bz-efi-crash-proper", img, len, true, KEXEC_ENTRY_AUTO, false };
	bz = util_bz_default();
	bz.xloadflags &= (uint16_t)~XLF_5LEVEL;
	img = util_make_bzimage(&bz, &len);
	ims[n++] = (struct image){ "bz-4level", img, len, false, KEXEC_ENTRY_AUTO, false };
	util_make_elf64(elf, 0x1000000, &text, 1);
	memset(elf + 4096, 0x90, 4096);
	ims[n++] = (struct image){ "elf", elf, sizeof(elf), false, KEXEC_ENTRY_AUTO, false };
	ims[n++] = (struct image){ "raw", NULL, 0, false, KEXEC_ENTRY_AUTO, true };
	for (size_t i = 0; i < 3 && n + 2 <= max; i++) {
		char path[600];
		struct stat st;
		void *map;
		int fd;

		snprintf(path, sizeof(path), "%s%s/%s/vmlinuz", kdir ? kdir : home ? home : "",
			 kdir ? "" : "/.cache/kexboot/kernels", series[i]);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "  %s: absent, planned without it\n", path);
			continue;
		}
		map = fstat(fd, &st) == 0 ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)
					  : MAP_FAILED;
		close(fd);
		CHECK(map != MAP_FAILED);
		if (map == MAP_FAILED)
			continue;
		ims[n++] = (struct image){ series[i], map, (size_t)st.st_size, false,
					   KEXEC_ENTRY_AUTO, false, true };
		/* A crash kernel: decompressed here and entered at startup_64. */
		ims[n++] = (struct image){ series[i], map, (size_t)st.st_size, true,
					   KEXEC_ENTRY_AUTO, false, true };
	}
	return n;
}

/* Where the Debian kernels are planned: a legacy, an EFI, a crash and a 5-level machine. */
static bool wanted(const struct image *im, const char *fixture)
{
	return !im->big || !strcmp(fixture, "q35-1g") || !strcmp(fixture, "efi") ||
	       !strcmp(fixture, "crash") || !strcmp(fixture, "la57");
}

static int run_cmd(const char *fmt, const char *a, const char *b)
{
	char cmd[1400];

	snprintf(cmd, sizeof(cmd), fmt, a, b);
	return system(cmd);
}

static void test_plans_need_no_files(void)
{
	static struct machine_state ms[ARRAY_SIZE(fixtures)];
	static struct outcome before[ARRAY_SIZE(fixtures)][MAX_CASES], after[ARRAY_SIZE(fixtures)][MAX_CASES];
	static struct image ims[MAX_CASES];
	char tmp[] = "/tmp/kexboot-machine-XXXXXX";
	size_t nf = ARRAY_SIZE(fixtures), ni, plen = 0, ok = 0, efi_plans = 0;
	_cleanup_free_ char *blob = util_purgatory(&plen);
	struct rlimit old, none = { 0, 0 };
	struct diag_list err = { 0 };
	int fd;

	CHECK(blob != NULL);
	CHECK(mkdtemp(tmp) != NULL);
	if (!blob)
		return;
	ni = images_make(ims, MAX_CASES);
	for (size_t f = 0; f < nf; f++) {
		char root[600];

		snprintf(root, sizeof(root), "%s/%s", tmp, fixtures[f]);
		CHECK_EQ(run_cmd("cp -a '%s' '%s'", util_fixture(fixtures[f]), root), 0);
		CHECK_EQ(machine_state_read(root, &ms[f], &err), 0);
		for (size_t i = 0; i < ni; i++)
			if (wanted(&ims[i], fixtures[f]))
				plan_one(&ims[i], &ms[f], blob, plen, &before[f][i]);
	}

	/* The tree gone, and no file can be opened at all (under any prefix). */
	CHECK_EQ(run_cmd("rm -rf '%s'%s", tmp, ""), 0);
	CHECK_EQ(getrlimit(RLIMIT_NOFILE, &old), 0);
	none.rlim_max = old.rlim_max;
	CHECK_EQ(setrlimit(RLIMIT_NOFILE, &none), 0);
	fd = open("/", O_RDONLY | O_CLOEXEC);
	CHECK(fd < 0 && errno == EMFILE);
	if (fd >= 0)
		close(fd);
	for (size_t f = 0; f < nf; f++)
		for (size_t i = 0; i < ni; i++)
			if (wanted(&ims[i], fixtures[f]))
				plan_one(&ims[i], &ms[f], blob, plen, &after[f][i]);
	CHECK_EQ(setrlimit(RLIMIT_NOFILE, &old), 0);

	for (size_t f = 0; f < nf; f++) {
		for (size_t i = 0; i < ni; i++) {
			const struct outcome *a = &before[f][i], *b = &after[f][i];

			if (!outcome_same(a, b))
				fprintf(stderr, "  %s on %s%s: %d '%s' then %d '%s'\n", ims[i].name,
					fixtures[f], ims[i].crash ? " (crash)" : "", a->r, a->reason,
					b->r, b->reason);
			CHECK(outcome_same(a, b));
			ok += a->r == 0;
			efi_plans += a->json && !strstr(a->json, "\"efi\": null") &&
				     strstr(a->json, "\"efi\": {");
			free(a->json);
			free(b->json);
		}
		machine_state_free(&ms[f]);
	}
	/* The state carried the machine: plans succeeded, and the EFI fixture's handoff is in them. */
	CHECK(ok >= nf);
	CHECK(efi_plans >= 2);
}

/* The state's parts as the fixtures have them; absent is not an error. */
static void test_state_parts(void)
{
	struct machine_state ms;
	struct diag_list err = { 0 };

	CHECK_EQ(machine_state_read(util_fixture("does-not-exist"), &ms, &err), 0);
	CHECK(ms.memmap_fault.err < 0 && strstr(ms.memmap_fault.reason, "no memory map"));
	CHECK(!ms.boot_params && !ms.have_efi && !ms.la57 && !ms.secure_boot && !ms.lockdown[0]);
	CHECK_EQ(ms.nr_crash, 0);
	machine_state_free(&ms);

	CHECK_EQ(machine_state_read(util_fixture("efi"), &ms, &err), 0);
	CHECK(ms.have_efi && ms.efi.systab == 0x13fbee018ull && ms.acpi_rsdp == 0x7f77e014);
	CHECK(ms.boot_params != NULL);
	machine_state_free(&ms);

	CHECK_EQ(machine_state_read(util_fixture("efi-bad"), &ms, &err), 0);
	CHECK(!ms.have_efi && ms.efi_fault.err < 0);
	machine_state_free(&ms);

	CHECK_EQ(machine_state_read(util_fixture("crash"), &ms, &err), 0);
	CHECK(ms.crash_fault.err == 0 && ms.nr_crash == 1 && ms.nr_notes == 2);
	CHECK_EQ(ms.vmcoreinfo_addr, 0x3e83e000);
	machine_state_free(&ms);

	CHECK_EQ(machine_state_read(util_fixture("la57"), &ms, &err), 0);
	CHECK(ms.la57);
	machine_state_free(&ms);

	/* Only the payload kernel's "1" counts; absent or anything else is a stock kernel. */
	CHECK_EQ(machine_state_read(util_fixture("nmi-safe"), &ms, &err), 0);
	CHECK(ms.kexec_nmi_safe && !ms.la57);
	machine_state_free(&ms);
	CHECK_EQ(machine_state_read(util_fixture("nmi-safe-0"), &ms, &err), 0);
	CHECK(!ms.kexec_nmi_safe);
	machine_state_free(&ms);
	CHECK_EQ(machine_state_read(util_fixture("q35-1g"), &ms, &err), 0);
	CHECK(!ms.kexec_nmi_safe);
	machine_state_free(&ms);

	CHECK_EQ(machine_state_read(util_fixture("lockdown"), &ms, &err), 0);
	CHECK(strchr(ms.lockdown, '[') != NULL);
	machine_state_free(&ms);

	CHECK_EQ(machine_state_read(util_fixture("secureboot"), &ms, &err), 0);
	CHECK(ms.secure_boot);
	machine_state_free(&ms);
}

static const struct test tests[] = {
	TEST(state_parts),
	TEST(plans_need_no_files),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
