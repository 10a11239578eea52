// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Plans for real Debian bzImages (5.10, 6.1, 6.12) from $KEXBOOT_KERNELS
 * (default ~/.cache/kexboot/kernels, filled by scripts/kernels.sh): layout
 * invariants, zero-page fields per the boot protocol, and every delivered
 * byte checked against sha256sum(1) of the source files. Kernel-proper plans
 * are checked against the payload decompressed by xz(1)/zstd(1) and the
 * vmlinux's program headers read here by hand (not through libelf).
 */
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/sha256.h"
#include "loader/bootparam.h"
#include "loader/loader.h"
#include "tests/unit/harness.h"
#include "tests/unit/loader-util.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kernels_dir(void)
{
	static char buf[512];
	const char *e = getenv("KEXBOOT_KERNELS"), *home = getenv("HOME");

	if (e)
		return e;
	snprintf(buf, sizeof(buf), "%s/.cache/kexboot/kernels", home ? home : "");
	return buf;
}

/* sha256sum of a file, or of its tail from byte skip on. */
static void sha256sum_of(const char *path, uint64_t skip, char out[65])
{
	char cmd[1200];
	FILE *f;

	out[0] = '\0';
	snprintf(cmd, sizeof(cmd), "tail -c +%llu '%s' | sha256sum", (unsigned long long)skip + 1,
		 path);
	f = popen(cmd, "r");
	if (!f)
		return;
	if (fgets(cmd, sizeof(cmd), f) && strlen(cmd) >= 64) {
		memcpy(out, cmd, 64);
		out[64] = '\0';
	}
	pclose(f);
}

static int write_file(const char *path, const uint8_t *data, size_t len)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0)
		return -1;
	return fd_write_all(fd, data, len);
}

static void check_kernel(const char *series)
{
	char path[600], kver_path[600], tmpdir[] = "/tmp/kexboot-bz-XXXXXX";
	static const size_t isizes[3] = { 1234567, 65, 300001 };
	char ipath[3][700];
	struct kexec_initrd initrds[3];
	uint8_t *ibuf[3] = { NULL, NULL, NULL };
	_cleanup_free_ char *kver = NULL, *blob = NULL;
	size_t plen = 0;
	struct kexec_plan plan;
	struct diag_list err = { 0 };
	struct stat st;
	uint8_t *img;
	int fd, r;

	snprintf(path, sizeof(path), "%s/%s/vmlinuz", kernels_dir(), series);
	snprintf(kver_path, sizeof(kver_path), "%s/%s/kver", kernels_dir(), series);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "  %s: %s\n  The Debian test kernels are missing: run scripts/kernels.sh "
				"(make test does) or set KEXBOOT_KERNELS.\n", path, strerror(errno));
		CHECK(fd >= 0);
		return;
	}
	CHECK_EQ(fstat(fd, &st), 0);
	img = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	CHECK(img != MAP_FAILED);
	if (img == MAP_FAILED)
		return;
	blob = util_purgatory(&plen);
	CHECK(blob != NULL);
	CHECK(mkdtemp(tmpdir) != NULL);
	srand(42);
	for (int i = 0; i < 3; i++) {
		ibuf[i] = malloc(isizes[i]);
		for (size_t j = 0; j < isizes[i]; j++)
			ibuf[i][j] = (uint8_t)rand();
		snprintf(ipath[i], sizeof(ipath[i]), "%s/initrd%d", tmpdir, i);
		CHECK_EQ(write_file(ipath[i], ibuf[i], isizes[i]), 0);
		initrds[i] = (struct kexec_initrd){ ibuf[i], isizes[i], ipath[i] };
	}
	{
		struct kexec_request req = {
			.image = img,
			.image_size = (uint64_t)st.st_size,
			.initrds = initrds,
			.nr_initrds = 3,
			.initrd_align = 4,
			.cmdline = "console=ttyS0 panic=-1 kexboot.test=1",
			.purgatory = blob,
			.purgatory_size = plen,
			.serial_port = 0x3f8,
		};

		r = util_plan_build(&req, util_fixture("q35-1g"), &plan, &err);
	}
	if (r < 0)
		fprintf(stderr, "  %s: %s\n", path, err.reason);
	CHECK_EQ(r, 0);
	if (r == 0) {
		const struct kexec_plan_segment *ks = util_plan_find(&plan, "kernel");
		const struct kexec_plan_segment *zs = util_plan_find(&plan, "zero-page");
		uint64_t setup = (uint64_t)((img[0x1f1] ? img[0x1f1] : 4) + 1) * 512;
		char want[65], got[65];

		util_check_plan(&plan, util_fixture("q35-1g"));
		CHECK(ks && zs);
		if (!ks || !zs)
			goto out;
		const uint8_t *bp = zs->buf;
		uint32_t align = get_le32(img + HDR_KERNEL_ALIGNMENT);
		uint64_t pref = get_le64(img + HDR_PREF_ADDRESS);
		uint32_t init_size = get_le32(img + HDR_INIT_SIZE);

		/* The kernel segment is the protected-mode part, byte for byte. */
		sha256sum_of(path, setup, want);
		sha256_hex(ks->sha256, got);
		CHECK_STREQ(got, want);
		CHECK(ks->buf == img + setup);
		CHECK_EQ(ks->mem % align, 0);
		CHECK(ks->mem >= pref);
		/* The segment is the image; all of init_size is kept free of other segments. */
		CHECK_EQ(ks->memsz, (ks->bufsz + 4095) & ~4095ull);
		CHECK_EQ(plan.kernel_reserved, ((uint64_t)init_size + 4095) & ~4095ull);
		for (size_t i = 0; i < plan.nr_segments; i++)
			CHECK(plan.seg[i].mem == ks->mem || plan.seg[i].mem >= ks->mem + plan.kernel_reserved ||
			      plan.seg[i].mem + plan.seg[i].memsz <= ks->mem);
		/* The purgatory's own identity map: room after the blob, 0 .. >= 4 GiB. */
		CHECK(plan.args->ident_top >= 0x100000000ull);
		CHECK_EQ(plan.args->pt_addr % 4096, 0);
		CHECK(plan.args->pt_size >= ((plan.args->ident_top >> 30) + 3) * 4096);
		CHECK_EQ(plan.args->pt_addr + plan.args->pt_size,
			 util_plan_find(&plan, "purgatory")->mem + util_plan_find(&plan, "purgatory")->memsz);
		CHECK_EQ(plan.args->regs.rip, ks->mem + 0x200);
		CHECK_EQ(plan.args->regs.rsi, zs->mem);
		/* Boot protocol: version, loader type, header copied, pointers. */
		CHECK(get_le16(bp + HDR_VERSION) >= 0x020c);
		CHECK(memcmp(bp + HDR_HEADER, "HdrS", 4) == 0);
		CHECK(memcmp(bp + 0x1f1, img + 0x1f1, 0x210 - 0x1f1) == 0);
		CHECK(memcmp(bp + HDR_KERNEL_ALIGNMENT, img + HDR_KERNEL_ALIGNMENT, 0x250 - 0x230) == 0);
		CHECK(memcmp(bp + HDR_PREF_ADDRESS, img + HDR_PREF_ADDRESS, 0x268 - 0x258) == 0);
		CHECK_EQ(bp[HDR_TYPE_OF_LOADER], 0xff);
		CHECK((get_le16(bp + HDR_XLOADFLAGS) & 3) == 3);
		CHECK_EQ(get_le32(bp + HDR_CMD_LINE_PTR), zs->mem + 4096);
		CHECK_STREQ((const char *)bp + 4096, "console=ttyS0 panic=-1 kexboot.test=1");
		CHECK_EQ(get_le32(bp + HDR_RAMDISK_IMAGE), plan.initrd_addr);
		CHECK_EQ(get_le32(bp + HDR_RAMDISK_SIZE), plan.initrd_size);
		CHECK_EQ(bp[BP_E820_ENTRIES], 9);
		CHECK_EQ(get_le64(bp + HDR_SETUP_DATA), 0); /* no seed given, 9 entries: no nodes */
		/* The running kernel's version string sits at 0x200 + kernel_version. */
		kver = NULL;
		if (file_read_at(AT_FDCWD, kver_path, 256, &kver, NULL) == 0) {
			const char *ver = (const char *)img + 0x200 + get_le16(img + 0x20e);

			kver[strcspn(kver, "\n")] = '\0';
			CHECK(strncmp(ver, kver, strlen(kver)) == 0);
		}
		/* Every initrd arrives intact, 4-byte aligned, in order: compare with sha256sum. */
		{
			uint64_t off = 0;

			for (int i = 0; i < 3; i++) {
				_cleanup_free_ uint8_t *bytes = malloc(isizes[i]);
				uint8_t d[32];

				off = (off + 3) & ~3ull;
				CHECK_EQ(util_plan_read(&plan, plan.initrd_addr + off, isizes[i], bytes), 0);
				sha256_digest(bytes, isizes[i], d);
				sha256_hex(d, got);
				sha256sum_of(ipath[i], 0, want);
				CHECK_STREQ(got, want);
				off += isizes[i];
			}
			CHECK_EQ(plan.initrd_size, off);
		}
		CHECK_EQ(plan.initrd_copied, 0);
	out:
		kexec_plan_free(&plan);
	}
	for (int i = 0; i < 3; i++) {
		unlink(ipath[i]);
		free(ibuf[i]);
	}
	rmdir(tmpdir);
	munmap(img, (size_t)st.st_size);
}

/* The payload decompressed by the command-line tool into a malloc'd buffer. */
static uint8_t *tool_decompress(const uint8_t *img, size_t *len)
{
	uint64_t setup = (uint64_t)((img[0x1f1] ? img[0x1f1] : 4) + 1) * 512;
	const uint8_t *pl = img + setup + get_le32(img + HDR_PAYLOAD_OFFSET);
	uint32_t plen = get_le32(img + HDR_PAYLOAD_LENGTH);
	char in[] = "/tmp/kexboot-pl-XXXXXX", cmd[200];
	_cleanup_free_ char *out = NULL;
	const char *tool = pl[0] == 0xfd ? "xz -dc" : pl[0] == 0x28 ? "zstd -qdc" : "gzip -dc";
	int fd = mkstemp(in);
	char outp[sizeof(in) + 4];
	uint8_t *ret = NULL;

	CHECK(fd >= 0);
	if (fd < 0)
		return NULL;
	close(fd);
	/* Without the 4-byte size trailer, which the tools would call garbage. */
	CHECK_EQ(write_file(in, pl, plen - 4), 0);
	snprintf(outp, sizeof(outp), "%s.out", in);
	snprintf(cmd, sizeof(cmd), "%s <%s >%s", tool, in, outp);
	CHECK_EQ(system(cmd), 0);
	if (file_read_at(AT_FDCWD, outp, 1u << 30, &out, len) == 0) {
		ret = (uint8_t *)out;
		out = NULL;
	}
	CHECK(ret != NULL);
	unlink(in);
	unlink(outp);
	return ret;
}

static void check_kernel_proper(const char *series, const char *format)
{
	char path[600];
	struct kexec_plan plan;
	struct diag_list err = { 0 };
	_cleanup_free_ char *blob = NULL;
	_cleanup_free_ uint8_t *elf = NULL;
	size_t plen = 0, elen = 0;
	struct stat st;
	uint8_t *img;
	int fd, r;

	snprintf(path, sizeof(path), "%s/%s/vmlinuz", kernels_dir(), series);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK_EQ(fstat(fd, &st), 0);
	img = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	CHECK(img != MAP_FAILED);
	if (img == MAP_FAILED)
		return;
	blob = util_purgatory(&plen);
	elf = tool_decompress(img, &elen);
	{
		struct kexec_request req = {
			.image = img,
			.image_size = (uint64_t)st.st_size,
			.cmdline = "console=ttyS0",
			.purgatory = blob,
			.purgatory_size = plen,
			.kernel_entry = KEXEC_ENTRY_KERNEL_PROPER,
		};

		r = util_plan_build(&req, util_fixture("q35-1g"), &plan, &err);
	}
	if (r < 0)
		fprintf(stderr, "  %s: %s\n", path, err.reason);
	CHECK_EQ(r, 0);
	if (r == 0 && elf) {
		const struct kexec_plan_segment *ks = util_plan_find(&plan, "kernel");
		const Elf64_Ehdr *eh = (const Elf64_Ehdr *)(const void *)elf;
		const Elf64_Phdr *ph = (const Elf64_Phdr *)(const void *)(elf + eh->e_phoff);
		uint64_t base = UINT64_MAX, end = 0;

		util_check_plan(&plan, util_fixture("q35-1g"));
		CHECK(ks != NULL);
		CHECK(memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0);
		CHECK_STREQ(plan.kernel_entry, "kernel-proper");
		CHECK_STREQ(plan.payload_format, format);
		for (int i = 0; i < eh->e_phnum; i++)
			if (ph[i].p_type == PT_LOAD) {
				if (ph[i].p_paddr < base)
					base = ph[i].p_paddr;
				if (ph[i].p_paddr + ph[i].p_memsz > end)
					end = ph[i].p_paddr + ph[i].p_memsz;
			}
		if (!ks)
			goto out;
		/* startup_64 refuses a base that is not 2 MiB aligned. */
		CHECK_EQ(ks->mem % 0x200000, 0);
		/* Where a firmware boot has it: its link-time base, free in q35-1g. */
		CHECK_EQ(ks->mem, base);
		CHECK(ks->memsz >= end - base);
		CHECK_EQ(plan.args->regs.rip, ks->mem + (eh->e_entry - base));
		CHECK_EQ(plan.args->regs.rsi, plan.zero_page_addr);
		/* Every PT_LOAD's bytes where the kernel expects them, bss zero. */
		for (int i = 0; i < eh->e_phnum; i++) {
			_cleanup_free_ uint8_t *got = NULL;

			if (ph[i].p_type != PT_LOAD)
				continue;
			got = malloc(ph[i].p_memsz);
			CHECK_EQ(util_plan_read(&plan, ks->mem + (ph[i].p_paddr - base), ph[i].p_memsz, got), 0);
			CHECK(memcmp(got, elf + ph[i].p_offset, ph[i].p_filesz) == 0);
			for (uint64_t j = ph[i].p_filesz; j < ph[i].p_memsz; j++)
				if (got[j]) {
					CHECK(got[j] == 0);
					break;
				}
		}
	out:
		kexec_plan_free(&plan);
	}
	munmap(img, (size_t)st.st_size);
}

static void test_kernel_proper(void)
{
	/* Debian compresses 5.10 and 6.1 with xz, 6.12 with zstd. */
	check_kernel_proper("5.10", "xz");
	check_kernel_proper("6.1", "xz");
	check_kernel_proper("6.12", "zstd");
}

static void test_debian_5_10(void)
{
	check_kernel("5.10");
}

static void test_debian_6_1(void)
{
	check_kernel("6.1");
}

static void test_debian_6_12(void)
{
	check_kernel("6.12");
}

static const struct test tests[] = {
	TEST(debian_5_10),
	TEST(debian_6_1),
	TEST(debian_6_12),
	TEST(kernel_proper),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
