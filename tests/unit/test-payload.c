// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * loader/payload.c on synthetic inputs: gzip, xz and zstd payloads made
 * here with the host's own encoders (zlib, liblzma, libzstd), the size
 * trailer the kernel build appends, refusals in plain words, and the
 * vmlinux layout (PT_LOADs at p_paddr - base, gaps zeroed, trailing zeros
 * trimmed, entry offset).
 */
#include "loader/internal.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"
#include "tests/unit/loader-util.h"

#include <elf.h>
#include <errno.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#define N 300000

static uint8_t *sample(void)
{
	uint8_t *p = malloc(N);

	srand(7);
	for (size_t i = 0; i < N; i++)
		p[i] = i < N / 2 ? (uint8_t)rand() : (uint8_t)(i / 1000);
	return p;
}

/* Appends the decompressed size as the kernel build does (le32). */
static size_t add_trailer(uint8_t *buf, size_t len, uint32_t size)
{
	put_le32(buf + len, size);
	return len + 4;
}

static size_t make_gzip(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
	z_stream zs = { 0 };

	CHECK_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	CHECK_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
	deflateEnd(&zs);
	return zs.total_out;
}

static size_t make_xz(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
	size_t pos = 0;

	CHECK_EQ(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, NULL, in, len, out, &pos, cap), LZMA_OK);
	return pos;
}

static size_t make_zstd(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
	size_t n = ZSTD_compress(out, cap, in, len, 19);

	CHECK(!ZSTD_isError(n));
	return n;
}

static void roundtrip(const char *name, size_t (*make)(const uint8_t *, size_t, uint8_t *, size_t))
{
	uint8_t *in = sample(), *z = malloc(2 * N), *out = NULL;
	struct diag_list err = { 0 };
	const char *fmt = NULL;
	size_t zl, outl = 0;
	int r;

	zl = add_trailer(z, make(in, N, z, 2 * N - 4), N);
	r = payload_decompress(z, zl, &out, &outl, &fmt, &err);
	if (r < 0)
		fprintf(stderr, "  %s: %s\n", name, err.reason);
	CHECK_EQ(r, 0);
	CHECK_STREQ(fmt, name);
	CHECK_EQ(outl, N);
	CHECK(out && memcmp(out, in, N) == 0);
	free(out);

	/* A trailer that lies about the size is refused, either way. */
	put_le32(z + zl - 4, N + 1);
	CHECK(payload_decompress(z, zl, &out, &outl, &fmt, &err) < 0);
	CHECK(out == NULL);
	put_le32(z + zl - 4, N - 1);
	CHECK(payload_decompress(z, zl, &out, &outl, &fmt, &err) < 0);
	CHECK(out == NULL);

	/* Truncated: the second half of the stream is gone. */
	put_le32(z + zl / 2, N);
	CHECK(payload_decompress(z, zl / 2 + 4, &out, &outl, &fmt, &err) < 0);
	CHECK(out == NULL);
	free(in);
	free(z);
}

static void test_gzip(void)
{
	roundtrip("gzip", make_gzip);
}

static void test_xz(void)
{
	roundtrip("xz", make_xz);
}

static void test_zstd(void)
{
	roundtrip("zstd", make_zstd);
}

static void test_refusals(void)
{
	static const uint8_t lz4[16] = { 0x02, 0x21, 0x4c, 0x18, 1, 2, 3, 4, 5, 6, 7, 8, 0x10 };
	static const uint8_t junk[16] = "not compressed!";
	uint8_t huge[16] = { 0x1f, 0x8b, 8, 0 };
	struct diag_list err = { 0 };
	const char *fmt = NULL;
	uint8_t *out = NULL;
	size_t outl;

	CHECK_EQ(payload_decompress(lz4, sizeof(lz4), &out, &outl, &fmt, &err), -EOPNOTSUPP);
	CHECK(strstr(err.reason, "lz4-compressed") != NULL);
	CHECK(strstr(err.reason, "gzip, xz and zstd") != NULL);
	CHECK_EQ(payload_decompress(junk, sizeof(junk), &out, &outl, &fmt, &err), -ENOEXEC);
	CHECK(strstr(err.reason, "no known compression") != NULL);
	put_le32(huge + 12, 0xffffffffu);
	CHECK_EQ(payload_decompress(huge, sizeof(huge), &out, &outl, &fmt, &err), -EFBIG);
	CHECK(out == NULL);
}

/* An ELF64 vmlinux-like image: three PT_LOADs with a gap, bss, and a percpu-style vaddr 0. */
static uint8_t *make_vmlinux(size_t *len, uint64_t entry)
{
	size_t sz = 6 * 4096;
	uint8_t *img = calloc(1, sz);

	/* text at 16 MiB, data after a one-page gap, percpu (vaddr 0), then data + zeros + bss. */
	const Elf64_Phdr loads[4] = {
		{ PT_LOAD, PF_R | PF_X, 4096, 0xffffffff81000000ull, 0x1000000, 4096, 4096, 4096 },
		{ PT_LOAD, PF_R | PF_W, 2 * 4096, 0xffffffff81002000ull, 0x1002000, 4096, 4096, 4096 },
		{ PT_LOAD, PF_R | PF_W, 3 * 4096, 0, 0x1003000, 4096, 4096, 4096 },
		/* one page of data then a page of zeros in the file, then 3 pages of bss */
		{ PT_LOAD, PF_R | PF_W, 4 * 4096, 0xffffffff81004000ull, 0x1004000, 2 * 4096,
		  5 * 4096, 4096 },
	};

	util_make_elf64(img, entry, loads, 4);
	memset(img + 4096, 0xaa, 4096);
	memset(img + 2 * 4096, 0xbb, 4096);
	memset(img + 3 * 4096, 0xcc, 4096);
	memset(img + 4 * 4096, 0xdd, 100);
	*len = sz;
	return img;
}

static void test_vmlinux_layout(void)
{
	struct diag_list err = { 0 };
	struct vmlinux_image vm;
	size_t len;
	uint8_t *img = make_vmlinux(&len, 0x1000040);
	int r;

	r = vmlinux_layout(img, len, &vm, &err);
	if (r < 0)
		fprintf(stderr, "  layout: %s\n", err.reason);
	CHECK_EQ(r, 0);
	if (r == 0) {
		CHECK_EQ(vm.base, 0x1000000);
		CHECK_EQ(vm.entry_off, 0x40);
		CHECK_EQ(vm.memsz, 9 * 4096);            /* 0x1000000 .. 0x1009000 */
		CHECK_EQ(vm.bufsz, 4 * 4096 + 100);      /* trailing zeros trimmed */
		CHECK(vm.buf[0] == 0xaa && vm.buf[4095] == 0xaa);
		CHECK(vm.buf[4096] == 0 && vm.buf[2 * 4096 - 1] == 0); /* the gap */
		CHECK(vm.buf[2 * 4096] == 0xbb && vm.buf[3 * 4096] == 0xcc);
		CHECK(vm.buf[4 * 4096] == 0xdd && vm.buf[4 * 4096 + 99] == 0xdd);
		vmlinux_image_free(&vm);
	}
	free(img);

	/*
	 * The percpu-style segment moved 256 MiB up, its file bytes zero: the
	 * span covers it, the bytes to load end where the data does.
	 */
	img = make_vmlinux(&len, 0x1000040);
	((Elf64_Phdr *)(void *)(img + sizeof(Elf64_Ehdr)))[2].p_paddr = 0x11003000;
	memset(img + 3 * 4096, 0, 4096);
	CHECK_EQ(vmlinux_layout(img, len, &vm, &err), 0);
	CHECK_EQ(vm.memsz, 0x10004000);
	CHECK_EQ(vm.bufsz, 4 * 4096 + 100);
	vmlinux_image_free(&vm);
	free(img);

	img = make_vmlinux(&len, 0x2000000);
	CHECK_EQ(vmlinux_layout(img, len, &vm, &err), -ENOEXEC);
	CHECK(strstr(err.reason, "outside its PT_LOADs") != NULL);
	CHECK(vm.buf == NULL);
	/* A PT_LOAD past the end of the file. */
	((Elf64_Phdr *)(void *)(img + sizeof(Elf64_Ehdr)))[1].p_filesz = 1 << 20;
	((Elf64_Ehdr *)(void *)img)->e_entry = 0x1000000;
	CHECK_EQ(vmlinux_layout(img, len, &vm, &err), -ENOEXEC);
	CHECK(strstr(err.reason, "runs past the file") != NULL);
	/* Not an x86_64 executable. */
	((Elf64_Ehdr *)(void *)img)->e_machine = EM_AARCH64;
	CHECK_EQ(vmlinux_layout(img, len, &vm, &err), -ENOEXEC);
	CHECK(strstr(err.reason, "not an x86_64 vmlinux") != NULL);
	free(img);
}

static const struct test tests[] = {
	TEST(gzip),
	TEST(xz),
	TEST(zstd),
	TEST(refusals),
	TEST(vmlinux_layout),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
