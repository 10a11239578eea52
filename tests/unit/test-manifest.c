// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * boot/trust/manifest.h: the manifest text parser (good input, every error
 * with its line), the container split, the writer, and the comparison with
 * a fetched image (altered kernel or initrd, edited command line, missing
 * initrd).
 */
#include "boot/trust/manifest.h"
#include "lib/cleanup.h"
#include "lib/sha256.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <stdlib.h>

static const char kernel_bytes[] = "a kernel";
static const char initrd1_bytes[] = "first initrd";
static char initrd2_bytes[] = "second initrd";
static const char cmdline[] = "root=/dev/vda1 console=ttyS0";

/* An image over the static bytes above (no storage to free: the blobs only point). */
static void image_make(struct boot_image *img, const char *cmd)
{
	memset(img, 0, sizeof(*img));
	img->kernel = (struct blob)BLOB_INIT;
	img->kernel.data = kernel_bytes;
	img->kernel.size = sizeof(kernel_bytes) - 1;
	img->initrds = calloc(2, sizeof(*img->initrds));
	CHECK(img->initrds != NULL);
	if (!img->initrds)
		return;
	img->initrds[0] = (struct blob)BLOB_INIT;
	img->initrds[0].data = initrd1_bytes;
	img->initrds[0].size = sizeof(initrd1_bytes) - 1;
	img->initrds[1] = (struct blob)BLOB_INIT;
	img->initrds[1].data = initrd2_bytes;
	img->initrds[1].size = sizeof(initrd2_bytes) - 1;
	img->n_initrds = 2;
	img->cmdline = strdup(cmd);
}

/* The manifest for the bytes above, written by manifest_format(). */
static char *manifest_for(const char *cmd, size_t *len)
{
	uint8_t k[32], i[2][32], c[32];
	char *text = NULL;

	sha256_digest(kernel_bytes, sizeof(kernel_bytes) - 1, k);
	sha256_digest(initrd1_bytes, sizeof(initrd1_bytes) - 1, i[0]);
	sha256_digest(initrd2_bytes, sizeof(initrd2_bytes) - 1, i[1]);
	sha256_digest(cmd, strlen(cmd), c);
	CHECK_EQ(manifest_format(k, (const uint8_t(*)[32])i, 2, c, &text, len), 0);
	return text;
}

static void test_format_parse_roundtrip(void)
{
	size_t len = 0;
	_cleanup_free_ char *text = manifest_for(cmdline, &len);
	struct diag_list d = { 0 };
	struct manifest m;
	uint8_t want[32];

	CHECK(text && strncmp(text, "kexboot-manifest 1\nkernel ", 26) == 0);
	CHECK_EQ(manifest_parse("m", text, len, &m, &d), 0);
	CHECK_EQ(m.version, 1);
	CHECK_EQ(m.n_initrds, 2);
	sha256_digest(initrd2_bytes, sizeof(initrd2_bytes) - 1, want);
	CHECK(memcmp(m.initrds[1], want, 32) == 0);
	sha256_digest(cmdline, strlen(cmdline), want);
	CHECK(memcmp(m.cmdline, want, 32) == 0);
	diag_list_done(&d);
}

#define H "0000000000000000000000000000000000000000000000000000000000000000"

struct bad_case {
	const char *text;
	const char *reason; /* expected in diags.reason */
};

static void test_parse_errors_name_the_line(void)
{
	static const struct bad_case cases[] = {
		{ "", "m: the manifest ends before its 'kexboot-manifest' line" },
		{ "kernel " H "\n", "m:1: expected 'kexboot-manifest 1' first" },
		{ "kexboot-manifest 2\n", "m:1: unknown manifest version '2'" },
		{ "kexboot-manifest 1\n", "m: the manifest ends before its kernel line" },
		{ "kexboot-manifest 1\nkernel " H "\n", "m: the manifest ends before its cmdline line" },
		{ "kexboot-manifest 1\nkernel 00\ncmdline " H "\n", "m:2: expected 'kernel <sha256>'" },
		{ "kexboot-manifest 1\nkernel " H "\nkernel " H "\n", "m:3: a second or misplaced kernel line" },
		{ "kexboot-manifest 1\nkernel " H "\ninitrd 2 " H "\n", "m:3: initrd 2 where initrd 1 was expected" },
		{ "kexboot-manifest 1\nkernel " H "\ninitrd 0 " H "\n", "m:3: bad initrd number (1..64)" },
		{ "kexboot-manifest 1\nkernel " H "\ninitrd 1 " H "x\n", "m:3: expected 'initrd <n> <sha256>'" },
		{ "kexboot-manifest 1\n\n# c\nkernel " H "\ncmdline " H "\ninitrd 1 " H "\n",
		  "m:6: initrd before the kernel or after the devicetree or cmdline" },
		{ "kexboot-manifest 1\nkernel " H "\ndevicetree " H "\ninitrd 1 " H "\n",
		  "m:4: initrd before the kernel or after the devicetree or cmdline" },
		{ "kexboot-manifest 1\nkernel " H "\ndevicetree " H "\ndevicetree " H "\n",
		  "m:4: a second or misplaced devicetree line" },
		{ "kexboot-manifest 1\ndevicetree " H "\n", "m:2: a second or misplaced devicetree line" },
		{ "kexboot-manifest 1\nkernel " H "\ndevicetree 12\n", "m:3: expected 'devicetree <sha256>'" },
		{ "kexboot-manifest 1\nkernel " H "\ndtb " H "\n", "m:3: unknown item 'dtb'" },
		{ "kexboot-manifest 1\nkernel " H "\r\n", "m:2: control character in the manifest" },
		{ "kexboot-manifest 1\nkernel " H "\ncmdline " H " a b c\n", "m:3: too many words" },
		{ "kexboot-manifest 1\nkernel " H "\ncmdline " H "\ncmdline " H "\n", "m:4: a second or misplaced cmdline line" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct diag_list d = { 0 };
		struct manifest m;

		CHECK_EQ(manifest_parse("m", cases[i].text, strlen(cases[i].text), &m, &d), -EBADMSG);
		CHECK_STREQ(d.reason, cases[i].reason);
		diag_list_done(&d);
	}
}

static void test_parse_accepts_comments_and_no_final_newline(void)
{
	static const char text[] = "# made by hand\nkexboot-manifest 1\n\nkernel " H "\n  cmdline\t" H;
	struct diag_list d = { 0 };
	struct manifest m;

	CHECK_EQ(manifest_parse("m", text, strlen(text), &m, &d), 0);
	CHECK_EQ(m.n_initrds, 0);
	diag_list_done(&d);
}

static void test_split_container(void)
{
	static const char file[] = "kexboot-manifest 1\nkernel " H "\ncmdline " H "\n"
				   "-----BEGIN PKCS7-----\nAAAA\n-----END PKCS7-----\n\n"
				   "-----BEGIN CMS-----\nBBBB\n-----END CMS-----\n";
	struct diag_list d = { 0 };
	struct manifest_file f;

	CHECK_EQ(manifest_file_split("s", file, strlen(file), &f, &d), 0);
	CHECK_EQ(f.text_len, strlen("kexboot-manifest 1\nkernel " H "\ncmdline " H "\n"));
	CHECK_EQ(f.n_sigs, 2);
	CHECK_EQ(f.sigs[0].line, 4);
	CHECK_EQ(f.sigs[1].line, 8);
	CHECK(f.n_sigs == 2 && strncmp(f.sigs[1].pem, "-----BEGIN CMS-----\nBBBB\n-----END CMS-----", f.sigs[1].len) == 0 &&
	      f.sigs[1].len == strlen("-----BEGIN CMS-----\nBBBB\n-----END CMS-----"));
	diag_list_done(&d);
}

static void test_split_errors(void)
{
	static const struct bad_case cases[] = {
		{ "kexboot-manifest 1\n", "s: no signature in the file" },
		{ "m\n-----BEGIN PKCS7-----\nAAAA\n", "s:2: signature block without its END line" },
		{ "m\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "s:2: not a CMS or PKCS7 block" },
		{ "m\n-----BEGIN PKCS7-----\nA\n-----END PKCS7-----\nkernel x\n", "s:5: text after the signatures" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct diag_list d = { 0 };
		struct manifest_file f;

		CHECK(manifest_file_split("s", cases[i].text, strlen(cases[i].text), &f, &d) < 0);
		CHECK_STREQ(d.reason, cases[i].reason);
		diag_list_done(&d);
	}
}

static void check_image(const char *cmd, int want, const char *reason)
{
	size_t len = 0;
	_cleanup_free_ char *text = manifest_for(cmdline, &len);
	struct diag_list d = { 0 };
	struct boot_image img;
	struct manifest m;

	CHECK_EQ(manifest_parse("vmlinuz.kexboot-sig", text, len, &m, &d), 0);
	image_make(&img, cmd);
	CHECK_EQ(manifest_check("vmlinuz.kexboot-sig", &m, &img, &d), want);
	if (reason)
		CHECK_STREQ(d.reason, reason);
	CHECK(!img.kernel.verified); /* manifest_check() marks nothing */
	boot_image_done(&img);
	diag_list_done(&d);
}

static void test_check_matches(void)
{
	check_image(cmdline, 0, NULL);
}

static void test_check_edited_cmdline(void)
{
	check_image("root=/dev/vda1 console=ttyS0 init=/bin/sh", -EBADMSG,
		    "vmlinuz.kexboot-sig: cmdline sha256 mismatch (the command line is not the signed one)");
	/* One trailing space is an edit too: the exact bytes are signed. */
	check_image("root=/dev/vda1 console=ttyS0 ", -EBADMSG, NULL);
}

static void test_check_altered_initrd(void)
{
	size_t len = 0;
	_cleanup_free_ char *text = manifest_for(cmdline, &len);
	struct diag_list d = { 0 };
	struct boot_image img;
	struct manifest m;

	CHECK_EQ(manifest_parse("vmlinuz.kexboot-sig", text, len, &m, &d), 0);
	initrd2_bytes[3] ^= 1; /* one flipped bit in initrd 2 */
	image_make(&img, cmdline);
	CHECK_EQ(manifest_check("vmlinuz.kexboot-sig", &m, &img, &d), -EBADMSG);
	CHECK_STREQ(d.reason, "vmlinuz.kexboot-sig: initrd 2 sha256 mismatch (?)");
	initrd2_bytes[3] ^= 1;
	boot_image_done(&img);

	/* An initrd fewer than signed. */
	image_make(&img, cmdline);
	img.n_initrds = 1;
	CHECK_EQ(manifest_check("vmlinuz.kexboot-sig", &m, &img, &d), -EBADMSG);
	CHECK_STREQ(d.reason, "vmlinuz.kexboot-sig: the entry has 1 initrd(s), the manifest signs 2");
	img.n_initrds = 2;
	boot_image_done(&img);
	diag_list_done(&d);
}

/* A devicetree: its own manifest line, checked like an initrd; present on one side only is a mismatch. */
static void test_devicetree(void)
{
	static char dtb[] = "\xd0\x0d\xfe\xed a devicetree";
	uint8_t k[32], i[2][32], t[32], c[32];
	_cleanup_free_ char *text = NULL, *plain = NULL;
	size_t len = 0, plen = 0;
	struct diag_list d = { 0 };
	struct boot_image img;
	struct manifest m, mp;

	sha256_digest(kernel_bytes, sizeof(kernel_bytes) - 1, k);
	sha256_digest(initrd1_bytes, sizeof(initrd1_bytes) - 1, i[0]);
	sha256_digest(initrd2_bytes, sizeof(initrd2_bytes) - 1, i[1]);
	sha256_digest(dtb, sizeof(dtb) - 1, t);
	sha256_digest(cmdline, strlen(cmdline), c);
	CHECK_EQ(manifest_format_dt(k, (const uint8_t(*)[32])i, 2, t, c, &text, &len), 0);
	CHECK(text && strstr(text, "\ninitrd 2 ") && strstr(text, "\ndevicetree ") &&
	      strstr(text, "\ndevicetree ") < strstr(text, "\ncmdline "));
	CHECK_EQ(manifest_parse("m", text, len, &m, &d), 0);
	CHECK(m.has_devicetree && memcmp(m.devicetree, t, 32) == 0);
	plain = manifest_for(cmdline, &plen);
	CHECK_EQ(manifest_parse("m", plain, plen, &mp, &d), 0);
	CHECK(!mp.has_devicetree);

	image_make(&img, cmdline);
	img.devicetree = (struct blob)BLOB_INIT;
	img.devicetree.data = dtb;
	img.devicetree.size = sizeof(dtb) - 1;
	img.devicetree.name = strdup("root:/board.dtb");
	CHECK_EQ(manifest_check("m", &m, &img, &d), 0);
	/* Signed without one: refused. */
	CHECK_EQ(manifest_check("m", &mp, &img, &d), -EBADMSG);
	CHECK_STREQ(d.reason, "m: the entry has a devicetree, the manifest signs none");
	/* Altered. */
	dtb[6] ^= 1;
	img.devicetree.has_sha256 = false;
	CHECK_EQ(manifest_check("m", &m, &img, &d), -EBADMSG);
	CHECK_STREQ(d.reason, "m: devicetree sha256 mismatch (root:/board.dtb)");
	dtb[6] ^= 1;
	free(img.devicetree.name);
	img.devicetree = (struct blob)BLOB_INIT;
	/* Signed with one, the entry has none. */
	CHECK_EQ(manifest_check("m", &m, &img, &d), -EBADMSG);
	CHECK_STREQ(d.reason, "m: the manifest signs a devicetree, the entry has none");
	boot_image_done(&img);
	diag_list_done(&d);
}

static const struct test tests[] = {
	TEST(format_parse_roundtrip),
	TEST(parse_errors_name_the_line),
	TEST(parse_accepts_comments_and_no_final_newline),
	TEST(split_container),
	TEST(split_errors),
	TEST(check_matches),
	TEST(check_edited_cmdline),
	TEST(check_altered_initrd),
	TEST(devicetree),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
