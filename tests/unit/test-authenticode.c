// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Authenticode (boot/trust/authenticode.h) against real signing tools, all
 * run at test time:
 *   - the image hash equals what osslsigncode and pesign (those installed)
 *     compute for Debian's Secure-Boot-signed kernels ($KEXBOOT_KERNELS,
 *     default ~/.cache/kexboot/kernels) and for a UKI signed with sbsign;
 *   - every verdict equals sbverify's on the same file and certificate
 *     (signed, other key, two signatures, unsigned, changed, Debian's
 *     kernels), and its digests of a changed image are ours;
 *   - a UKI signed by a throwaway CA's signer (tests/unit/authenticode-fixtures.sh)
 *     verifies against that CA; a changed byte is a digest mismatch, another
 *     key an unknown signer, no signature "unsigned", a broken signature
 *     value does not verify; Debian's kernel is an unknown signer here, and
 *     verifies against its signing certificate taken out of its signature;
 *   - the verify stage (trust_verify) under enforce boots the signed UKI with
 *     its embedded command line and refuses the rest with the reason.
 */
#include "boot/trust/authenticode.h"
#include "boot/trust/dbx.h"
#include "boot/trust/trust.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/pe-blob.h"
#include "lib/pe-hash.h"
#include "lib/pe.h"
#include "tests/unit/harness.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define KERNEL_MAX (64u << 20)

static char fx[64];   /* the fixture directory this run made */
static int fx_state;  /* 0 not made, 1 made, -1 failed, 77 tools missing */

static const char *fixture(const char *name)
{
	static char path[4][256];
	static unsigned slot;
	char *p = path[slot++ % 4];

	if (!fx_state) {
		char cmd[512];
		int st;

		snprintf(fx, sizeof(fx), "/tmp/kexboot-authenticode-XXXXXX");
		if (!mkdtemp(fx)) {
			fx_state = -1;
		} else {
			snprintf(cmd, sizeof(cmd), "sh tests/unit/authenticode-fixtures.sh %s", fx);
			st = system(cmd);
			fx_state = WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 1 : WIFEXITED(st) && WEXITSTATUS(st) == 77 ? 77 : -1;
		}
		if (fx_state != 1)
			fprintf(stderr, "  fixtures: tests/unit/authenticode-fixtures.sh %s failed (%d)\n", fx, fx_state);
	}
	snprintf(p, 256, "%s/%s", fx, name);
	return p;
}

static bool fixtures_ok(void)
{
	(void)fixture("");
	CHECK_EQ(fx_state, 1);
	return fx_state == 1;
}

static char *read_file(const char *path, size_t *len)
{
	char *buf = NULL;
	int r = file_read_at(AT_FDCWD, path, KERNEL_MAX, &buf, len);

	if (r < 0)
		fprintf(stderr, "  %s: %s\n", path, strerror(-r));
	return buf;
}

static int write_file(const char *path, const void *buf, size_t len)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	return fd < 0 ? -errno : fd_write_all(fd, buf, len);
}

static const char *kernel_path(const char *series)
{
	static char path[4][512];
	static unsigned slot;
	const char *e = getenv("KEXBOOT_KERNELS"), *home = getenv("HOME");
	char *p = path[slot++ % 4];

	if (e)
		snprintf(p, 512, "%s/%s/vmlinuz", e, series);
	else
		snprintf(p, 512, "%s/.cache/kexboot/kernels/%s/vmlinuz", home ? home : "/root", series);
	return p;
}

static void hex(const uint8_t *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static bool have_tool(const char *name)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
	return system(cmd) == 0;
}

/*
 * The first hex word after "prefix" in cmd's output, lowercased, into out
 * (65 bytes); "" when the line is missing.
 */
static void tool_digest(const char *cmd, const char *prefix, char *out)
{
	char line[512];
	FILE *f = popen(cmd, "r");

	out[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		const char *s = strstr(line, prefix);
		size_t n = 0;

		if (!s || out[0])
			continue;
		s += strlen(prefix);
		while (*s == ' ' || *s == ':')
			s++;
		while (n < 64 && isxdigit((unsigned char)s[n])) {
			out[n] = (char)tolower((unsigned char)s[n]);
			n++;
		}
		out[n] = '\0';
	}
	pclose(f);
}

/* Our hash of path equals what each installed tool says; returns how many tools compared. */
static int check_hash_against_tools(const char *path)
{
	_cleanup_free_ char *buf = NULL;
	uint8_t d[AUTHENTICODE_MAX_DIGEST];
	char ours[129] = "", theirs[129], cmd[1024];
	size_t len = 0, dlen = 0;
	int tools = 0;

	buf = read_file(path, &len);
	CHECK(buf != NULL);
	if (!buf)
		return 0;
	CHECK_EQ(authenticode_image_hash(buf, len, "sha256", d, &dlen), 0);
	CHECK_EQ(dlen, 32);
	hex(d, dlen, ours);
	if (have_tool("osslsigncode")) {
		/* -CAfile: the test's own CA, so the tool reads no system bundle. */
		snprintf(cmd, sizeof(cmd), "osslsigncode verify -CAfile %s -in %s 2>/dev/null", fixture("ca.pem"), path);
		tool_digest(cmd, "Calculated message digest", theirs);
		CHECK_STREQ(ours, theirs);
		/* ... and the digest the signature itself carries. */
		tool_digest(cmd, "Current message digest", theirs);
		CHECK_STREQ(ours, theirs);
		tools++;
	}
	if (have_tool("pesign")) {
		snprintf(cmd, sizeof(cmd), "pesign -h -i %s 2>/dev/null", path);
		tool_digest(cmd, "hash", theirs);
		CHECK_STREQ(ours, theirs);
		tools++;
	}
	return tools;
}

static void test_hash_equals_the_tools_for_debian_kernels(void)
{
	static const char *const series[] = { "5.10", "6.1", "6.12" };

	if (!fixtures_ok())
		return;
	for (size_t i = 0; i < ARRAY_SIZE(series); i++) {
		if (access(kernel_path(series[i]), R_OK) != 0) {
			fprintf(stderr, "  %s: missing: run scripts/kernels.sh or set KEXBOOT_KERNELS\n",
				kernel_path(series[i]));
			harness_failures++;
			continue;
		}
		CHECK(check_hash_against_tools(kernel_path(series[i])) > 0);
	}
}

static void test_hash_equals_the_tools_for_a_signed_uki(void)
{
	if (fixtures_ok())
		CHECK(check_hash_against_tools(fixture("uki-signed.efi")) > 0);
}

/* authenticode_verify() of a fixture file against the anchors under root. */
static int verify_file(const char *path, const char *root, struct diag_list *why)
{
	struct authenticode_anchors a;
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int r;

	buf = read_file(path, &len);
	if (!buf)
		return -EIO;
	r = authenticode_anchors_load(&a, root, why);
	if (r < 0)
		return r;
	r = authenticode_verify(buf, len, path, &a, why);
	authenticode_anchors_done(&a);
	return r;
}

static void test_signed_uki_verifies_against_the_test_ca(void)
{
	struct authenticode_anchors a;
	struct diag_list why = { 0 };

	if (!fixtures_ok())
		return;
	CHECK_EQ(authenticode_anchors_load(&a, fixture("root"), &why), 0);
	CHECK_EQ(a.n, 1);
	authenticode_anchors_done(&a);
	CHECK_EQ(verify_file(fixture("uki-signed.efi"), fixture("root"), &why), 0);
	CHECK_STREQ(why.reason, "");
	/* Two signatures, the first by an unknown key: the second one counts. */
	CHECK_EQ(verify_file(fixture("uki-two.efi"), fixture("root"), &why), 0);
	diag_list_done(&why);
}

/* Copies a fixture to name with the byte at off changed. */
static const char *changed_copy(const char *from, const char *name, size_t off)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	const char *to = fixture(name);

	buf = read_file(fixture(from), &len);
	CHECK(buf != NULL && off < len);
	if (!buf || off >= len)
		return to;
	buf[off] ^= 0x5a;
	CHECK_EQ(write_file(to, buf, len), 0);
	return to;
}

/* The file offset of a section of a fixture. */
static size_t section_offset(const char *file, const char *section)
{
	_cleanup_free_ char *buf = NULL;
	const struct pe_section *s;
	struct pe_file pe;
	size_t len = 0;

	buf = read_file(fixture(file), &len);
	if (!buf || pe_open(&pe, buf, len, len) < 0 || !(s = pe_find_section(&pe, section)))
		return 0;
	return (size_t)s->offset;
}

static void test_a_changed_byte_is_a_digest_mismatch(void)
{
	struct diag_list why = { 0 };
	size_t off;

	if (!fixtures_ok())
		return;
	off = section_offset("uki-signed.efi", ".linux");
	CHECK(off > 0);
	CHECK_EQ(verify_file(changed_copy("uki-signed.efi", "uki-changed.efi", off + 1000), fixture("root"), &why),
		 -EKEYREJECTED);
	CHECK(strstr(why.reason, "uki-changed.efi: Authenticode digest mismatch") != NULL);
	/* A byte of the headers (the DOS stub) too. */
	CHECK_EQ(verify_file(changed_copy("uki-signed.efi", "uki-hdr.efi", 0x40), fixture("root"), &why), -EKEYREJECTED);
	diag_list_done(&why);
}

static void test_the_checksum_field_is_not_hashed(void)
{
	_cleanup_free_ char *buf = NULL;
	struct diag_list why = { 0 };
	size_t len = 0, opt;

	if (!fixtures_ok())
		return;
	buf = read_file(fixture("uki-signed.efi"), &len);
	CHECK(buf != NULL);
	if (!buf)
		return;
	opt = (size_t)(*(uint32_t *)(buf + 0x3c)) + 24;
	CHECK_EQ(verify_file(changed_copy("uki-signed.efi", "uki-checksum.efi", opt + 64), fixture("root"), &why), 0);
	CHECK_EQ(verify_file(changed_copy("uki-signed.efi", "uki-opt.efi", opt + 68), fixture("root"), &why),
		 -EKEYREJECTED);
	diag_list_done(&why);
}

static void test_another_key_is_an_unknown_signer(void)
{
	struct diag_list why = { 0 };

	if (!fixtures_ok())
		return;
	CHECK_EQ(verify_file(fixture("uki-other.efi"), fixture("root"), &why), -ENOKEY);
	CHECK(strstr(why.reason, "unknown signer") != NULL);
	CHECK(strstr(why.reason, "kexboot other signer") != NULL);
	/* No anchors at all: the CA's own signer is unknown too. */
	CHECK_EQ(verify_file(fixture("uki-signed.efi"), fixture("no-such-root"), &why), -ENOKEY);
	CHECK(strstr(why.reason, "unknown signer") != NULL);
	diag_list_done(&why);
}

static void test_an_unsigned_image_is_unsigned(void)
{
	struct diag_list why = { 0 };

	if (!fixtures_ok())
		return;
	CHECK_EQ(verify_file(fixture("uki.efi"), fixture("root"), &why), -ENODATA);
	CHECK(strstr(why.reason, "unsigned") != NULL);
	CHECK_EQ(verify_file(fixture("cmdline"), fixture("root"), &why), -ENOEXEC);
	diag_list_done(&why);
}

/* The signature value (the SignedData's last bytes: sbsign adds no unsigned attributes). */
static void test_a_broken_signature_value_does_not_verify(void)
{
	_cleanup_free_ char *buf = NULL;
	struct pe_hash_layout l;
	struct diag_list why = { 0 };
	size_t len = 0, p7_len;
	const uint8_t *p7;

	if (!fixtures_ok())
		return;
	buf = read_file(fixture("uki-signed.efi"), &len);
	CHECK(buf != NULL);
	if (!buf || pe_hash_layout(buf, len, &l) < 0)
		return;
	p7 = (const uint8_t *)buf + l.cert_off + 8;
	CHECK(p7[0] == 0x30 && p7[1] == 0x82);
	p7_len = 4 + ((size_t)p7[2] << 8 | p7[3]);
	CHECK_EQ(verify_file(changed_copy("uki-signed.efi", "uki-sig.efi", (size_t)l.cert_off + 8 + p7_len - 10),
			     fixture("root"), &why),
		 -EKEYREJECTED);
	CHECK(strstr(why.reason, "signature does not verify") != NULL);
	/* A WIN_CERTIFICATE longer than its table. */
	CHECK_EQ(verify_file(changed_copy("uki-signed.efi", "uki-table.efi", (size_t)l.cert_off + 3), fixture("root"),
			     &why),
		 -EBADMSG);
	CHECK(strstr(why.reason, "malformed certificate table") != NULL);
	/* The PKCS#7 itself: its outer tag. */
	CHECK_EQ(verify_file(changed_copy("uki-signed.efi", "uki-p7.efi", (size_t)l.cert_off + 8), fixture("root"),
			     &why),
		 -EBADMSG);
	CHECK(strstr(why.reason, "bad PKCS#7") != NULL);
	diag_list_done(&why);
}

static void test_debian_kernel_is_an_unknown_signer_here(void)
{
	struct diag_list why = { 0 };

	if (!fixtures_ok())
		return;
	CHECK_EQ(verify_file(kernel_path("6.1"), fixture("root"), &why), -ENOKEY);
	CHECK(strstr(why.reason, "unknown signer") != NULL);
	CHECK(strstr(why.reason, "Debian Secure Boot Signer") != NULL);
	diag_list_done(&why);
}

/*
 * Debian's root (the Debian Secure Boot CA) is not on this machine, but the
 * signing certificate travels in each kernel's own signature: taken out with
 * osslsigncode and openssl and made the only anchor (the firmware's db may
 * hold a leaf too), each Debian kernel's real signature verifies.
 */
static void test_debian_kernels_verify_against_their_signing_certificate(void)
{
	static const char *const series[] = { "5.10", "6.1", "6.12" };
	struct diag_list why = { 0 };

	if (!fixtures_ok())
		return;
	if (!have_tool("osslsigncode")) {
		fprintf(stderr, "  osslsigncode is not installed\n");
		harness_failures++;
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(series); i++) {
		char root[256], cmd[1536];

		snprintf(root, sizeof(root), "%s", fixture(series[i]));
		snprintf(cmd, sizeof(cmd),
			 "mkdir -p %s/etc/kexboot/trust/uefi && osslsigncode extract-signature -in %s -out %s/sig.p7 "
			 ">/dev/null 2>&1 && OPENSSL_CONF=/dev/null openssl pkcs7 -inform DER -in %s/sig.p7 -print_certs "
			 "-out %s/etc/kexboot/trust/uefi/debian-signer.pem",
			 root, kernel_path(series[i]), root, root, root);
		CHECK_EQ(system(cmd), 0);
		CHECK_EQ(verify_file(kernel_path(series[i]), root, &why), 0);
		CHECK_STREQ(why.reason, "");
		/* The test CA's UKI is unknown to Debian's certificate. */
		CHECK_EQ(verify_file(fixture("uki-signed.efi"), root, &why), -ENOKEY);
		why.reason[0] = '\0';
	}
	diag_list_done(&why);
}

/* A UKI entry as the UKI parser makes it, its blobs as the fetch stage makes them. */
static void uki_image(const char *file, const char *cmdline, struct boot_entry *e, struct boot_image *img)
{
	struct diag_list why = { 0 };

	memset(img, 0, sizeof(*img));
	img->kernel = (struct blob)BLOB_INIT;
	CHECK_EQ(boot_ref_set(&e->kernel, "root", "/uki.efi"), 0);
	CHECK_EQ(str_set(&e->kernel.section, ".linux"), 0);
	if (!e->n_initrds) {
		struct boot_ref rd = { 0 };

		CHECK_EQ(boot_ref_set(&rd, "root", "/uki.efi"), 0);
		CHECK_EQ(str_set(&rd.section, ".initrd"), 0);
		CHECK_EQ(boot_entry_add_initrd(e, &rd), 0);
		boot_ref_done(&rd);
	}
	img->initrds = calloc(1, sizeof(*img->initrds));
	CHECK(img->initrds != NULL);
	if (!img->initrds)
		return;
	img->initrds[0] = (struct blob)BLOB_INIT;
	img->n_initrds = 1;
	CHECK_EQ(blob_map_path(fixture(file), KERNEL_MAX, &img->kernel, &why), 0);
	CHECK_EQ(pe_blob_narrow(&img->kernel, ".linux", &why), 0);
	CHECK_EQ(blob_map_path(fixture(file), KERNEL_MAX, &img->initrds[0], &why), 0);
	CHECK_EQ(pe_blob_narrow(&img->initrds[0], ".initrd", &why), 0);
	img->cmdline = strdup(cmdline);
	diag_list_done(&why);
}

static void test_enforce_boots_a_signed_uki_with_its_command_line(void)
{
	struct boot_entry *e = boot_entry_new(BOOT_SOURCE_UKI);
	struct trust_ctx ctx = { .policy = TRUST_POLICY_ENFORCE };
	struct diag_list why = { 0 };
	struct boot_image img;
	char root[256];

	CHECK(e != NULL);
	if (!e || !fixtures_ok()) {
		boot_entry_free(e);
		return;
	}
	snprintf(root, sizeof(root), "%s", fixture("root")); /* fixture()'s buffers are reused */
	ctx.root = root;
	CHECK_EQ(str_set(&e->title, "Test UKI"), 0);
	uki_image("uki-signed.efi", "console=ttyS0 entry=uki-signed", e, &img);
	CHECK_EQ(trust_verify(&ctx, e, &img, &why), 0);
	CHECK_STREQ(why.reason, "");
	CHECK(img.kernel.verified && img.initrds[0].verified);
	boot_image_done(&img);

	/* An edited command line is not the signed one. */
	uki_image("uki-signed.efi", "console=ttyS0 init=/bin/sh", e, &img);
	CHECK_EQ(trust_verify(&ctx, e, &img, &why), -EPERM);
	CHECK(strstr(why.reason, "Test UKI: the kernel is signed, its initrds or command line are not") != NULL);
	boot_image_done(&img);

	/* One changed byte in .initrd: refused with the reason, nothing marked. */
	(void)changed_copy("uki-signed.efi", "uki-rd.efi", section_offset("uki-signed.efi", ".initrd") + 5);
	uki_image("uki-rd.efi", "console=ttyS0 entry=uki-signed", e, &img);
	CHECK_EQ(trust_verify(&ctx, e, &img, &why), -EPERM);
	CHECK(strstr(why.reason, "refused by policy enforce: ") != NULL);
	CHECK(strstr(why.reason, "uki-rd.efi: Authenticode digest mismatch") != NULL);
	CHECK(!img.kernel.verified && !img.initrds[0].verified);
	boot_image_done(&img);

	/* Unsigned under warn: boots, with a note saying why it is not verified. */
	ctx.policy = TRUST_POLICY_WARN;
	uki_image("uki.efi", "console=ttyS0 entry=uki-signed", e, &img);
	why.reason[0] = '\0';
	diag_list_drop_msgs(&why); /* the first boot's "verified" note */
	CHECK_EQ(trust_verify(&ctx, e, &img, &why), 0);
	CHECK(why.n == 1 && strstr(why.msgs[0], "Test UKI: not verified: ") && strstr(why.msgs[0], "unsigned"));
	CHECK_STREQ(why.reason, "");
	boot_image_done(&img);

	diag_list_done(&why);
	boot_entry_free(e);
}

/* A signed EFI-stub kernel with an initrd of its own: the kernel is marked, the entry still refused. */
static void test_enforce_marks_a_signed_kernel_but_wants_the_rest_signed(void)
{
	struct boot_entry *e = boot_entry_new(BOOT_SOURCE_BLS);
	struct trust_ctx ctx = { .policy = TRUST_POLICY_ENFORCE };
	struct diag_list why = { 0 };
	struct boot_image img = { .kernel = BLOB_INIT };
	char root[256];

	CHECK(e != NULL);
	if (!e || !fixtures_ok()) {
		boot_entry_free(e);
		return;
	}
	snprintf(root, sizeof(root), "%s", fixture("root")); /* fixture()'s buffers are reused */
	ctx.root = root;
	CHECK_EQ(str_set(&e->title, "Plain"), 0);
	CHECK_EQ(boot_ref_set(&e->kernel, "root", "/uki.efi"), 0);
	CHECK_EQ(blob_map_path(fixture("uki-signed.efi"), KERNEL_MAX, &img.kernel, &why), 0);
	img.cmdline = strdup("console=ttyS0 entry=uki-signed");
	CHECK_EQ(trust_verify(&ctx, e, &img, &why), -EPERM);
	CHECK(img.kernel.verified);
	CHECK(strstr(why.reason, "the kernel is signed, its initrds or command line are not") != NULL);
	boot_image_done(&img);
	diag_list_done(&why);
	boot_entry_free(e);
}

/* The dbx parser: hashes with comments, and every malformed line named. */
static void test_dbx_parse(void)
{
	static const char good[] = "# revoked\n\n  0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef"
				   "  old kernel\r\nffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
	static const char *const bad[] = {
		"0123\n",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefX\n",
		"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg\n",
	};
	uint8_t want[32];
	struct dbx x;
	struct diag_list why = { 0 };

	CHECK_EQ(dbx_parse("dbx", good, strlen(good), &x, &why), 0);
	CHECK_EQ(x.n, 2);
	memset(want, 0xff, 32);
	CHECK(dbx_has(&x, want));
	want[0] = 0xfe;
	CHECK(!dbx_has(&x, want));
	CHECK(x.n == 2 && x.h[0][0] == 0x01 && x.h[0][7] == 0xef && x.h[0][8] == 0x01 && x.h[0][31] == 0xef);
	dbx_done(&x);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		char lines[256];

		snprintf(lines, sizeof(lines), "# first\n%s", bad[i]);
		CHECK_EQ(dbx_parse("dbx", lines, strlen(lines), &x, &why), -EBADMSG);
		CHECK_STREQ(why.reason, "dbx:2: not a SHA-256 hash (64 hex digits)");
		why.reason[0] = '\0';
	}
	diag_list_done(&why);
}

/* Writes the payload's dbx under the fixture root (text as given). */
static void dbx_write(const char *root, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/etc/kexboot/trust/dbx", root);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/*
 * Revocation: the signed UKI boots under enforce until the payload's dbx
 * lists its Authenticode image hash as pesign/osslsigncode compute it; a
 * whole file listed by its sha256sum is refused too; warn says so and
 * boots; a dbx that cannot be read refuses under enforce.
 */
static void test_dbx_revokes_signed_images(void)
{
	struct boot_entry *e = boot_entry_new(BOOT_SOURCE_UKI);
	struct trust_ctx ctx = { .policy = TRUST_POLICY_ENFORCE, .dbx_path = "/etc/kexboot/trust/dbx" };
	struct diag_list why = { 0 };
	struct boot_image img;
	char root[256], cmd[1024], theirs[129] = "", sum[129] = "", text[512], want[512];

	CHECK(e != NULL);
	if (!e || !fixtures_ok()) {
		boot_entry_free(e);
		return;
	}
	snprintf(root, sizeof(root), "%s", fixture("root"));
	ctx.root = root;
	CHECK_EQ(str_set(&e->title, "Test UKI"), 0);
	if (have_tool("pesign")) {
		snprintf(cmd, sizeof(cmd), "pesign -h -i %s 2>/dev/null", fixture("uki-signed.efi"));
		tool_digest(cmd, "hash", theirs);
	} else if (have_tool("osslsigncode")) {
		snprintf(cmd, sizeof(cmd), "osslsigncode verify -CAfile %s -in %s 2>/dev/null", fixture("ca.pem"),
			 fixture("uki-signed.efi"));
		tool_digest(cmd, "Calculated message digest", theirs);
	}
	CHECK_EQ(strlen(theirs), 64);
	snprintf(cmd, sizeof(cmd), "sha256sum %s", fixture("uki-signed.efi"));
	tool_digest(cmd, "", sum);
	CHECK_EQ(strlen(sum), 64);

	/* Another hash listed: nothing changes. */
	dbx_write(root, "# nothing of ours\n0000000000000000000000000000000000000000000000000000000000000001\n");
	uki_image("uki-signed.efi", "console=ttyS0 entry=uki-signed", e, &img);
	CHECK_EQ(trust_verify(&ctx, e, &img, &why), 0);
	CHECK(img.kernel.verified);
	boot_image_done(&img);

	/* Its Authenticode hash listed: refused, signed or not. */
	snprintf(text, sizeof(text), "%s  the test UKI\n", theirs);
	dbx_write(root, text);
	uki_image("uki-signed.efi", "console=ttyS0 entry=uki-signed", e, &img);
	CHECK_EQ(trust_verify(&ctx, e, &img, &why), -EPERM);
	snprintf(want, sizeof(want), "refused by policy enforce: revoked: %s: Authenticode sha256 %s is in the payload's dbx",
		 img.kernel.name, theirs);
	CHECK_STREQ(why.reason, want);
	CHECK(!img.kernel.verified && !img.initrds[0].verified);
	boot_image_done(&img);

	/* Warn: the same finding is a note, the boot goes on unverified. */
	ctx.policy = TRUST_POLICY_WARN;
	why.reason[0] = '\0';
	diag_list_drop_msgs(&why);
	uki_image("uki-signed.efi", "console=ttyS0 entry=uki-signed", e, &img);
	CHECK_EQ(trust_verify(&ctx, e, &img, &why), 0);
	CHECK(why.n >= 1 && strstr(why.msgs[why.n - 1], "Test UKI: not verified: revoked: ") &&
	      strstr(why.msgs[why.n - 1], "(policy warn: booting anyway)"));
	CHECK(!img.kernel.verified);
	boot_image_done(&img);
	ctx.policy = TRUST_POLICY_ENFORCE;

	/* The whole file as a plain kernel, listed by its sha256sum. */
	snprintf(text, sizeof(text), "%s\n", sum);
	dbx_write(root, text);
	memset(&img, 0, sizeof(img));
	img.kernel = (struct blob)BLOB_INIT;
	CHECK_EQ(blob_map_path(fixture("uki-signed.efi"), KERNEL_MAX, &img.kernel, &why), 0);
	img.cmdline = strdup("console=ttyS0 entry=uki-signed");
	CHECK_EQ(trust_verify(&ctx, e, &img, &why), -EPERM);
	snprintf(want, sizeof(want), "refused by policy enforce: revoked: %s: sha256 %s is in the payload's dbx",
		 img.kernel.name, sum);
	CHECK_STREQ(why.reason, want);
	boot_image_done(&img);

	/* A dbx kexboot cannot read forbids what it cannot rely on: refused, the line named. */
	dbx_write(root, "not a hash\n");
	uki_image("uki-signed.efi", "console=ttyS0 entry=uki-signed", e, &img);
	CHECK_EQ(trust_verify(&ctx, e, &img, &why), -EPERM);
	CHECK_STREQ(why.reason, "refused by policy enforce: /etc/kexboot/trust/dbx:1: not a SHA-256 hash (64 hex digits)");
	boot_image_done(&img);

	snprintf(cmd, sizeof(cmd), "%s/etc/kexboot/trust/dbx", root);
	CHECK_EQ(unlink(cmd), 0);
	diag_list_done(&why);
	boot_entry_free(e);
}

/* sbverify's exit status for path against cert (a PEM file): 0 verified, else not. */
static int sbverify_status(const char *cert, const char *path)
{
	char cmd[1024];
	int st;

	snprintf(cmd, sizeof(cmd), "sbverify --cert %s %s >/dev/null 2>&1", cert, path);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A root directory (under the fixtures) whose only Authenticode anchor is the PEM file cert. */
static const char *anchor_root(const char *name, const char *cert)
{
	char cmd[1024];
	const char *root = fixture(name);

	snprintf(cmd, sizeof(cmd), "mkdir -p %s/etc/kexboot/trust/uefi && cp %s %s/etc/kexboot/trust/uefi/anchor.pem",
		 root, cert, root);
	CHECK_EQ(system(cmd), 0);
	return root;
}

/*
 * The same files, the same certificate, the same verdict as sbverify (Debian
 * sbsigntool): a certificate is sbverify's --cert and kexboot's only anchor.
 * For a changed image sbverify prints the digest it computed ("got:") and the
 * one the signature carries ("expecting:"): ours, of the changed and of the
 * original file.
 */
static void test_verdicts_and_digests_equal_sbverify(void)
{
	static const char *const series[] = { "5.10", "6.1", "6.12" };
	static const char *const files[] = { "uki-signed.efi", "uki-other.efi", "uki-two.efi", "uki.efi",
					     "uki-sbv-changed.efi" };
	struct diag_list why = { 0 };
	char ca[256], other[256], ca_root[256], other_root[256], cmd[1536], got[129], expecting[129], ours[129];
	uint8_t d[AUTHENTICODE_MAX_DIGEST];
	size_t dlen = 0, len = 0, off;
	int agree = 0;

	if (!fixtures_ok())
		return;
	if (!have_tool("sbverify")) {
		fprintf(stderr, "  sbverify is not installed (Debian package sbsigntool)\n");
		harness_failures++;
		return;
	}
	snprintf(ca, sizeof(ca), "%s", fixture("ca.pem"));
	snprintf(other, sizeof(other), "%s", fixture("other.pem"));
	snprintf(ca_root, sizeof(ca_root), "%s", anchor_root("sbv-ca", ca));
	snprintf(other_root, sizeof(other_root), "%s", anchor_root("sbv-other", other));
	off = section_offset("uki-signed.efi", ".linux");
	CHECK(off > 0);
	(void)changed_copy("uki-signed.efi", "uki-sbv-changed.efi", off + 4000);

	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		const char *f = fixture(files[i]);
		const char *certs[2] = { ca, other }, *roots[2] = { ca_root, other_root };

		for (size_t c = 0; c < 2; c++) {
			int theirs = sbverify_status(certs[c], f), mine = verify_file(f, roots[c], &why);

			if ((theirs == 0) != (mine == 0))
				fprintf(stderr, "  %s against %s: sbverify %d, kexboot %d (%s)\n", files[i], certs[c], theirs,
					mine, why.reason);
			CHECK_EQ(theirs == 0, mine == 0);
			agree += (theirs == 0) == (mine == 0);
			why.reason[0] = '\0';
		}
	}
	/* Not one verdict shared by all: each file and certificate can go either way. */
	CHECK_EQ(sbverify_status(ca, fixture("uki-signed.efi")), 0);
	CHECK(sbverify_status(ca, fixture("uki-sbv-changed.efi")) != 0);
	CHECK(sbverify_status(other, fixture("uki-signed.efi")) != 0);
	CHECK_EQ(agree, 2 * (int)ARRAY_SIZE(files));

	/* The changed image: sbverify's two digests are ours (the signature's is the original's). */
	snprintf(cmd, sizeof(cmd), "sbverify --cert %s %s 2>&1", ca, fixture("uki-sbv-changed.efi"));
	tool_digest(cmd, "got:", got);
	tool_digest(cmd, "expecting:", expecting);
	CHECK_EQ(strlen(got), 64);
	CHECK_EQ(strlen(expecting), 64);
	{
		_cleanup_free_ char *buf = read_file(fixture("uki-sbv-changed.efi"), &len);

		CHECK(buf != NULL);
		CHECK_EQ(buf ? authenticode_image_hash(buf, len, "sha256", d, &dlen) : -EIO, 0);
		hex(d, 32, ours);
		CHECK_STREQ(ours, expecting);
	}
	{
		_cleanup_free_ char *buf = read_file(fixture("uki-signed.efi"), &len);

		CHECK(buf != NULL);
		CHECK_EQ(buf ? authenticode_image_hash(buf, len, "sha256", d, &dlen) : -EIO, 0);
		hex(d, 32, ours);
		CHECK_STREQ(ours, got);
	}

	/* Debian's signed kernels against the signing certificate their signature carries: both verify. */
	for (size_t i = 0; i < ARRAY_SIZE(series); i++) {
		char name[64], cert[256];
		const char *root;

		snprintf(name, sizeof(name), "sbv-debian-%s.pem", series[i]);
		snprintf(cert, sizeof(cert), "%s", fixture(name));
		snprintf(cmd, sizeof(cmd),
			 "osslsigncode extract-signature -in %s -out %s.p7 >/dev/null 2>&1 && OPENSSL_CONF=/dev/null "
			 "openssl pkcs7 -inform DER -in %s.p7 -print_certs -out %s",
			 kernel_path(series[i]), cert, cert, cert);
		CHECK_EQ(system(cmd), 0);
		snprintf(name, sizeof(name), "sbv-debian-%s", series[i]);
		root = anchor_root(name, cert);
		CHECK_EQ(sbverify_status(cert, kernel_path(series[i])), 0);
		CHECK_EQ(verify_file(kernel_path(series[i]), root, &why), 0);
		/* ... and the test CA is no anchor for Debian's kernel, to either. */
		CHECK(sbverify_status(ca, kernel_path(series[i])) != 0);
		CHECK_EQ(verify_file(kernel_path(series[i]), ca_root, &why), -ENOKEY);
		why.reason[0] = '\0';
	}
	diag_list_done(&why);
}

static void test_zz_cleanup(void)
{
	char cmd[128];

	if (fx_state && fx[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf %s", fx);
		CHECK_EQ(system(cmd), 0);
	}
}

static const struct test tests[] = {
	TEST(hash_equals_the_tools_for_debian_kernels),
	TEST(hash_equals_the_tools_for_a_signed_uki),
	TEST(signed_uki_verifies_against_the_test_ca),
	TEST(a_changed_byte_is_a_digest_mismatch),
	TEST(the_checksum_field_is_not_hashed),
	TEST(another_key_is_an_unknown_signer),
	TEST(an_unsigned_image_is_unsigned),
	TEST(a_broken_signature_value_does_not_verify),
	TEST(debian_kernel_is_an_unknown_signer_here),
	TEST(debian_kernels_verify_against_their_signing_certificate),
	TEST(enforce_boots_a_signed_uki_with_its_command_line),
	TEST(enforce_marks_a_signed_kernel_but_wants_the_rest_signed),
	TEST(dbx_parse),
	TEST(dbx_revokes_signed_images),
	TEST(verdicts_and_digests_equal_sbverify),
	TEST(zz_cleanup),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
