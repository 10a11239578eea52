// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * boot/compose/archive.c: initrds made by GNU cpio, gzip, xz and zstd here
 * are whole; cut at every length past their magic they are not, and the
 * reason names the file, the member and the byte. Concatenations (an
 * uncompressed cpio before a compressed one, as early microcode is shipped)
 * are walked member by member.
 */
#include "boot/compose/archive.h"
#include "lib/cleanup.h"
#include "lib/diag.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/kexboot-archive-XXXXXX";

/* Runs a shell command; every %1$s in it is the test's directory. */
static void sh(const char *fmt)
{
	_cleanup_free_ char *cmd = NULL;

	CHECK(asprintf(&cmd, fmt, dir) > 0);
	if (cmd && system(cmd) != 0) {
		fprintf(stderr, "  command failed: %s\n", cmd);
		harness_failures++;
	}
}

static uint8_t *slurp(const char *name, size_t *len)
{
	_cleanup_free_ char *path = NULL;
	uint8_t *buf = NULL;
	FILE *f;
	long n;

	CHECK(asprintf(&path, "%s/%s", dir, name) > 0);
	f = path ? fopen(path, "rb") : NULL;
	CHECK(f != NULL);
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	CHECK(buf && fread(buf, 1, (size_t)n, f) == (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* A tree with a few files of mixed sizes (not multiples of 4) under dir/t. */
static void make_tree(void)
{
	sh("mkdir -p %1$s/t/etc %1$s/t/bin && printf 'hello' >%1$s/t/etc/a && head -c 5001 /dev/urandom >%1$s/t/bin/b && "
	   "seq 1 3000 >%1$s/t/c");
}

static int check(const uint8_t *d, size_t n, struct diag_list *why)
{
	diag_list_done(why);
	diag_list_init(why);
	return initrd_archive_check(d, n, "k/initrd.img", why);
}

/* Whole: 0. Cut at every length from `from` on: -EBADMSG with `what` in the reason. */
static void every_cut_fails(const char *file, size_t from, const char *what)
{
	struct diag_list why;
	size_t n = 0;
	_cleanup_free_ uint8_t *d = slurp(file, &n);
	unsigned bad = 0;

	diag_list_init(&why);
	if (!d)
		return;
	CHECK_EQ(check(d, n, &why), 0);
	for (size_t len = from; len < n; len++) {
		if (check(d, len, &why) != -EBADMSG || !strstr(why.reason, what) ||
		    !strstr(why.reason, "k/initrd.img: ")) {
			if (!bad++)
				fprintf(stderr, "  %s cut at %zu of %zu: \"%s\"\n", file, len, n, why.reason);
		}
	}
	CHECK_EQ(bad, 0);
	diag_list_done(&why);
}

static void test_newc(void)
{
	struct diag_list why;
	size_t n = 0, trailer_end;
	_cleanup_free_ uint8_t *d = NULL;
	unsigned bad = 0;
	uint8_t *t;

	make_tree();
	sh("cd %1$s/t && find . | sort | cpio -o -H newc --quiet >../plain.cpio");
	d = slurp("plain.cpio", &n);
	if (!d)
		return;
	diag_list_init(&why);
	CHECK_EQ(check(d, n, &why), 0);
	t = memmem(d, n, "TRAILER!!!", 11);
	CHECK(t != NULL);
	if (!t)
		return;
	trailer_end = (size_t)(t - d) + 11;
	/* GNU cpio pads to 512 bytes: cutting the padding after TRAILER!!! leaves the archive whole. */
	for (size_t len = 1; len < n; len++) {
		int r = check(d, len, &why);

		if (len >= trailer_end ? r != 0 : r != -EBADMSG)
			if (!bad++)
				fprintf(stderr, "  plain.cpio cut at %zu of %zu (trailer ends at %zu): %d \"%s\"\n", len, n,
					trailer_end, r, why.reason);
	}
	CHECK_EQ(bad, 0);
	/* Cut inside a file's data: the entry is named with what the file holds of it. */
	{
		uint8_t *b = memmem(d, n, "bin/b", 6);

		CHECK(b != NULL);
		if (b) {
			CHECK_EQ(check(d, (size_t)(b - d) + 100, &why), -EBADMSG);
			CHECK(strstr(why.reason, "k/initrd.img: cpio archive ends inside 'bin/b' (") != NULL);
			CHECK(strstr(why.reason, "of its 5001 bytes are in the file; truncated?)") != NULL);
		}
	}
	/* Cut right before the trailer's header: every entry is whole, but TRAILER!!! is missing. */
	CHECK_EQ(check(d, (size_t)(t - d) - 110, &why), -EBADMSG);
	CHECK(strstr(why.reason, "cpio archive has no TRAILER!!! (it ends at byte ") != NULL);
	/* Not hexadecimal, and old binary-portable cpio: said as such. */
	d[6 + 8] = 'x';
	CHECK_EQ(check(d, n, &why), -EBADMSG);
	CHECK(strstr(why.reason, "cpio header at byte 0 is not hexadecimal") != NULL);
	memcpy(d, "070707", 6);
	CHECK_EQ(check(d, n, &why), -EBADMSG);
	CHECK(strstr(why.reason, "cpio header at byte 0 has no newc magic") != NULL);
	diag_list_done(&why);
}

static void test_gzip(void)
{
	struct diag_list why;
	size_t n = 0;
	_cleanup_free_ uint8_t *d = NULL;

	make_tree();
	sh("cd %1$s/t && find . | sort | cpio -o -H newc --quiet | gzip -9 -n >../a.gz");
	every_cut_fails("a.gz", 2, "gzip stream at byte 0 ends early (the file has ");
	d = slurp("a.gz", &n);
	if (!d)
		return;
	diag_list_init(&why);
	/* The trailer's ISIZE and CRC are checked. */
	d[n - 1] ^= 1;
	CHECK_EQ(check(d, n, &why), -EBADMSG);
	CHECK(strstr(why.reason, "gzip stream at byte 0 is broken (incorrect length check)") != NULL);
	d[n - 1] ^= 1;
	d[n - 8] ^= 1;
	CHECK_EQ(check(d, n, &why), -EBADMSG);
	CHECK(strstr(why.reason, "gzip stream at byte 0 is broken (incorrect data check)") != NULL);
	diag_list_done(&why);
}

static void test_xz(void)
{
	make_tree();
	/* The kernel's decoder takes CRC32 checks only, as initramfs-tools and dracut write them. */
	sh("cd %1$s/t && find . | sort | cpio -o -H newc --quiet | xz --check=crc32 -T1 >../a.xz");
	every_cut_fails("a.xz", 6, "xz stream at byte 0 ");
}

static void test_zstd(void)
{
	make_tree();
	sh("cd %1$s/t && find . | sort | cpio -o -H newc --quiet | zstd -q -19 --check >../a.zst");
	every_cut_fails("a.zst", 4, "zstd frame at byte 0 ");
}

/* Early microcode first (uncompressed), then the compressed main archive, then zero padding. */
static void test_concatenated(void)
{
	struct diag_list why;
	size_t n = 0, first = 0;
	_cleanup_free_ uint8_t *d = NULL, *ucode = NULL;

	make_tree();
	sh("cd %1$s/t && find etc | sort | cpio -o -H newc --quiet >../ucode.cpio && "
	   "find . | sort | cpio -o -H newc --quiet | zstd -q --check >../main.zst && "
	   "cat ../ucode.cpio ../main.zst >../both.img && head -c 13 /dev/zero >>../both.img && "
	   "cat ../ucode.cpio ../main.zst ../main.zst >../three.img");
	ucode = slurp("ucode.cpio", &first);
	d = slurp("both.img", &n);
	if (!d || !ucode)
		return;
	diag_list_init(&why);
	CHECK_EQ(check(d, n, &why), 0);
	CHECK_EQ(check(d, n - 13 - 5, &why), -EBADMSG);
	{
		char want[96];

		snprintf(want, sizeof(want), "k/initrd.img: zstd frame at byte %zu ends early", first);
		CHECK(strstr(why.reason, want) != NULL);
	}
	free(d);
	d = slurp("three.img", &n);
	if (d)
		CHECK_EQ(check(d, n, &why), 0);
	diag_list_done(&why);
}

/* Not ours to judge: other compressors and unknown bytes end the walk without a complaint. */
static void test_unknown(void)
{
	static const uint8_t bz2[] = "BZh91AY&SY";
	static const uint8_t junk[] = "\x01\x02\x03 not an archive";
	static const uint8_t zeros[64];
	struct diag_list why;

	diag_list_init(&why);
	CHECK_EQ(check(bz2, sizeof(bz2) - 1, &why), 0);
	CHECK_EQ(check(junk, sizeof(junk) - 1, &why), 0);
	CHECK_EQ(check(zeros, sizeof(zeros), &why), 0);
	CHECK_EQ(check(zeros, 0, &why), 0);
	diag_list_done(&why);
}

static void test_cleanup(void)
{
	sh("rm -rf %1$s");
}

static const struct test tests[] = {
	TEST(newc), TEST(gzip), TEST(xz), TEST(zstd), TEST(concatenated), TEST(unknown), TEST(cleanup),
};

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	return harness_run(tests, ARRAY_SIZE(tests));
}
