// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * boot/trust/signature.h, sign.h and trust_verify(): a small PKI made at
 * test time with openssl(1) in a temporary directory (two roots, one of
 * them an anchor; signers under each; one signer valid for a day), then
 * good, bad, expired and unknown signatures, the m-of-n threshold with two
 * signers, and the verify stage under enforce and warn over images with an
 * altered initrd and an edited command line, also over what the fetch stage
 * downloaded over http:// from nginx on 127.0.0.1 (netboot).
 */
#include "boot/fsaccess.h"
#include "boot/trust/manifest.h"
#include "boot/trust/sign.h"
#include "boot/trust/signature.h"
#include "boot/trust/trust.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/sha256.h"
#include "tests/unit/harness.h"
#include "tests/unit/server-util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/kexboot-sig-XXXXXX";
static bool pki_ok;

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	_cleanup_free_ char *cmd = NULL, *full = NULL;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&cmd, fmt, ap);
	va_end(ap);
	if (r < 0 || asprintf(&full, "cd %s && { %s; } >/dev/null 2>&1", dir, cmd) < 0)
		return -1;
	return system(full);
}

static char *slurp(const char *name, size_t *len)
{
	_cleanup_free_ char *path = path_join(dir, name);
	char *buf = NULL;

	if (!path || file_read_at(AT_FDCWD, path, 1 << 20, &buf, len) < 0)
		return NULL;
	return buf;
}

#define EC "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"

/* root A (the anchor), root B (not); a1, a2, short (1 day) under A; b1 under B. */
static void pki_make(void)
{
	int r = 0;

	CHECK(mkdtemp(dir) != NULL);
	r |= sh("openssl req -x509 " EC " -keyout rootA.key -out rootA.pem -days 3650 -subj /CN=rootA");
	r |= sh("openssl req -x509 " EC " -keyout rootB.key -out rootB.pem -days 3650 -subj /CN=rootB");
	r |= sh("for n in a1:A:30 a2:A:30 short:A:1 b1:B:30; do set -- $(echo $n | tr : ' '); "
		"openssl req " EC " -keyout $1.key -out $1.csr -subj /CN=$1 && "
		"openssl x509 -req -in $1.csr -CA root$2.pem -CAkey root$2.key -CAcreateserial -days $3 -out $1.pem "
		"|| exit 1; done");
	/* An intermediate CA under A (the root key stays offline) and a signer under it. */
	r |= sh("printf 'basicConstraints=critical,CA:TRUE\\nkeyUsage=critical,keyCertSign\\n' >ca.ext && "
		"openssl req " EC " -keyout inter.key -out inter.csr -subj /CN=inter && "
		"openssl x509 -req -in inter.csr -CA rootA.pem -CAkey rootA.key -CAcreateserial -days 30 "
		"-extfile ca.ext -out inter.pem && "
		"openssl req " EC " -keyout deep.key -out deep.csr -subj /CN=deep && "
		"openssl x509 -req -in deep.csr -CA inter.pem -CAkey inter.key -CAcreateserial -days 30 -out deep.pem && "
		"cat deep.pem inter.pem >deep-chain.pem && cp deep.key deep-chain.key");
	r |= sh("mkdir -p root/etc/kexboot/trust && cp rootA.pem root/etc/kexboot/trust/");
	CHECK_EQ(r, 0);
	pki_ok = r == 0;
}

static void pki_done(void)
{
	_cleanup_free_ char *cmd = NULL;

	if (asprintf(&cmd, "rm -rf %s", dir) >= 0)
		(void)!system(cmd);
}

static struct trust_anchors *anchors(void)
{
	struct trust_anchors *a = NULL;
	struct diag_list d = { 0 };
	_cleanup_free_ char *root = path_join(dir, "root");

	CHECK_EQ(trust_anchors_load(root, "/etc/kexboot/trust", &a, &d), 0);
	CHECK_EQ(trust_anchors_count(a), 1);
	diag_list_done(&d);
	return a;
}

/* Signs data with signer NAME (NAME.key, NAME.pem) through sig_sign(). */
static char *sign_as(const char *name, const char *data, size_t len, size_t *sig_len)
{
	_cleanup_free_ char *kn = NULL, *cn = NULL, *key = NULL, *cert = NULL;
	struct diag_list d = { 0 };
	size_t kl = 0, cl = 0;
	char *sig = NULL;

	if (asprintf(&kn, "%s.key", name) < 0 || asprintf(&cn, "%s.pem", name) < 0)
		return NULL;
	key = slurp(kn, &kl);
	cert = slurp(cn, &cl);
	CHECK(key && cert);
	if (!key || !cert)
		return NULL;
	CHECK_EQ(sig_sign(data, len, key, kl, cert, cl, &sig, sig_len, &d), 0);
	diag_list_done(&d);
	return sig;
}

static const char manifest[] = "kexboot-manifest 1\nkernel 00\n";

static int verify(const char *sig, size_t sig_len, const char *data, time_t now, struct diag_list *d,
		  struct sig_signer *who)
{
	struct trust_anchors *a = anchors();
	struct sig_signer got[SIG_MAX_SIGNERS];
	size_t n = 0;
	int r = sig_verify_one(a, data, strlen(data), sig, sig_len, now, got, SIG_MAX_SIGNERS, &n, d);

	if (r == 0) {
		CHECK_EQ(n, 1);
		*who = got[0];
	}
	trust_anchors_free(a);
	return r;
}

static void test_good_signature(void)
{
	size_t len = 0;
	_cleanup_free_ char *sig = pki_ok ? sign_as("a1", manifest, strlen(manifest), &len) : NULL;
	struct diag_list d = { 0 };
	struct sig_signer who;

	CHECK(sig && strncmp(sig, "-----BEGIN PKCS7-----", 21) == 0);
	CHECK_EQ(verify(sig, len, manifest, time(NULL), &d, &who), 0);
	CHECK_STREQ(who.subject, "/CN=a1");
	diag_list_done(&d);
}

static void test_bad_signature(void)
{
	size_t len = 0;
	_cleanup_free_ char *sig = pki_ok ? sign_as("a1", manifest, strlen(manifest), &len) : NULL;
	struct diag_list d = { 0 };
	struct sig_signer who;

	/* The manifest changed after signing. */
	CHECK_EQ(verify(sig, len, "kexboot-manifest 1\nkernel 01\n", time(NULL), &d, &who), -EBADMSG);
	CHECK_STREQ(d.reason, "the signature does not match the manifest");
	/* Garbage where a signature belongs. */
	CHECK_EQ(verify("-----BEGIN PKCS7-----\nAAAA\n-----END PKCS7-----\n", 45, manifest, time(NULL), &d, &who),
		 -EBADMSG);
	CHECK_STREQ(d.reason, "not a PKCS#7/CMS signature");
	diag_list_done(&d);
}

static void test_expired_signer(void)
{
	size_t len = 0;
	_cleanup_free_ char *sig = pki_ok ? sign_as("short", manifest, strlen(manifest), &len) : NULL;
	struct diag_list d = { 0 };
	struct sig_signer who;

	CHECK_EQ(verify(sig, len, manifest, time(NULL), &d, &who), 0);
	/* Three days on, its one-day certificate has expired (the anchor has not). */
	CHECK_EQ(verify(sig, len, manifest, time(NULL) + 3 * 86400, &d, &who), -EKEYEXPIRED);
	CHECK_STREQ(d.reason, "signer /CN=short: certificate has expired");
	diag_list_done(&d);
}

static void test_unknown_signer(void)
{
	size_t len = 0;
	_cleanup_free_ char *sig = pki_ok ? sign_as("b1", manifest, strlen(manifest), &len) : NULL;
	_cleanup_free_ char *self = pki_ok ? sign_as("rootB", manifest, strlen(manifest), &len) : NULL;
	struct diag_list d = { 0 };
	struct sig_signer who;

	CHECK_EQ(verify(sig, strlen(sig ? sig : ""), manifest, time(NULL), &d, &who), -ENOKEY);
	CHECK_STREQ(d.reason, "unknown signer /CN=b1: unable to get local issuer certificate");
	CHECK_EQ(verify(self, len, manifest, time(NULL), &d, &who), -ENOKEY);
	CHECK(strstr(d.reason, "unknown signer /CN=rootB") != NULL);
	diag_list_done(&d);
}

/* A signer under an intermediate: the signature carries the intermediate (sign.c's extra certificates). */
static void test_intermediate_carried_in_the_signature(void)
{
	size_t len = 0, len2 = 0;
	_cleanup_free_ char *chain = pki_ok ? sign_as("deep-chain", manifest, strlen(manifest), &len) : NULL;
	_cleanup_free_ char *alone = pki_ok ? sign_as("deep", manifest, strlen(manifest), &len2) : NULL;
	struct diag_list d = { 0 };
	struct sig_signer who;

	CHECK_EQ(verify(chain, len, manifest, time(NULL), &d, &who), 0);
	CHECK_STREQ(who.subject, "/CN=deep");
	/* Without the intermediate the chain stops short of the anchor. */
	CHECK_EQ(verify(alone, len2, manifest, time(NULL), &d, &who), -ENOKEY);
	CHECK_STREQ(d.reason, "unknown signer /CN=deep: unable to get local issuer certificate");
	diag_list_done(&d);
}

/* openssl cms -sign output (PEM "CMS", and DER) is read as well as our own PKCS7. */
static void test_openssl_cms_interop(void)
{
	_cleanup_free_ char *pem = NULL, *der = NULL, *nocerts = NULL;
	struct diag_list d = { 0 };
	struct sig_signer who;
	size_t pl = 0, dl = 0, nl = 0;

	CHECK_EQ(sh("printf '%s' >m.txt && openssl cms -sign -binary -in m.txt -signer a2.pem -inkey a2.key "
		    "-outform PEM -out m.cms && openssl cms -sign -binary -in m.txt -signer a2.pem -inkey a2.key "
		    "-outform DER -out m.der && openssl cms -sign -binary -nocerts -in m.txt -signer a2.pem "
		    "-inkey a2.key -outform PEM -out m.nocerts", "kexboot-manifest 1\\nkernel 00\\n"),
		 0);
	pem = slurp("m.cms", &pl);
	der = slurp("m.der", &dl);
	nocerts = slurp("m.nocerts", &nl);
	CHECK(pem && strncmp(pem, "-----BEGIN CMS-----", 19) == 0);
	CHECK_EQ(verify(pem, pl, manifest, time(NULL), &d, &who), 0);
	CHECK_STREQ(who.subject, "/CN=a2");
	CHECK_EQ(verify(der, dl, manifest, time(NULL), &d, &who), 0);
	CHECK_EQ(verify(nocerts, nl, manifest, time(NULL), &d, &who), -EBADMSG);
	CHECK_STREQ(d.reason, "the signature carries no signer certificate");
	diag_list_done(&d);
}

/* Our PKCS7 checks with openssl cms -verify too (the format is the standard one). */
static void test_our_signature_checks_with_openssl(void)
{
	size_t len = 0;
	_cleanup_free_ char *sig = pki_ok ? sign_as("a1", manifest, strlen(manifest), &len) : NULL;
	_cleanup_free_ char *path = path_join(dir, "ours.p7");
	int fd = path ? open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644) : -1;

	CHECK(fd >= 0 && sig);
	if (fd < 0 || !sig)
		return;
	CHECK_EQ(fd_write_all(fd, sig, len), 0);
	close(fd);
	CHECK_EQ(sh("printf 'kexboot-manifest 1\\nkernel 00\\n' >m2.txt && openssl cms -verify -binary -inform PEM "
		    "-in ours.p7 -content m2.txt -CAfile rootA.pem -out /dev/null"),
		 0);
	CHECK(sh("printf 'kexboot-manifest 1\\nkernel 01\\n' >m3.txt && openssl cms -verify -binary -inform PEM "
		 "-in ours.p7 -content m3.txt -CAfile rootA.pem -out /dev/null") != 0);
}

/* A container: the manifest and signature blocks by these signers. */
static char *container(const char *text, const char *const *signers, size_t n, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;

	CHECK_EQ(strbuf_puts(&sb, text), 0);
	for (size_t i = 0; i < n; i++) {
		size_t sl = 0;
		_cleanup_free_ char *sig = sign_as(signers[i], text, strlen(text), &sl);

		CHECK(sig != NULL);
		if (sig)
			CHECK_EQ(strbuf_append(&sb, sig, sl), 0);
	}
	*len = sb.len;
	return strbuf_steal(&sb);
}

static size_t count(const char *const *signers, size_t n, struct diag_list *d)
{
	struct trust_anchors *a = anchors();
	struct manifest_file f;
	size_t len = 0, good = SIZE_MAX;
	_cleanup_free_ char *file = container(manifest, signers, n, &len);

	CHECK_EQ(manifest_file_split("s", file, len, &f, d), 0);
	CHECK_EQ(sig_count(a, "s", &f, time(NULL), &good, d), 0);
	trust_anchors_free(a);
	return good;
}

static void test_threshold_counts_distinct_signers(void)
{
	static const char *const two[] = { "a1", "a2" }, *const same[] = { "a1", "a1" },
				 *const one_unknown[] = { "b1", "a1" };
	struct diag_list d = { 0 };

	CHECK_EQ(count(two, 2, &d), 2);
	CHECK_EQ(d.n, 0);
	CHECK_EQ(count(same, 2, &d), 1); /* one key twice is one signer */
	CHECK_EQ(count(one_unknown, 2, &d), 1);
	CHECK(d.n == 1 && strstr(d.msgs[0], "s:3: unknown signer /CN=b1") != NULL);
	diag_list_done(&d);
}

/* The verify stage: an image over in-memory pieces and a signature file made for them. */
struct fixture {
	struct boot_image img;
	struct boot_entry e;
};

static const char k_bytes[] = "kernel bytes", i1_bytes[] = "initrd one";
static char i2_bytes[] = "initrd two";

static void fixture_make(struct fixture *fx, const char *signed_cmdline, const char *boot_cmdline,
			 const char *const *signers, size_t n)
{
	uint8_t k[32], i[2][32], c[32];
	_cleanup_free_ char *text = NULL;
	size_t len = 0;

	memset(fx, 0, sizeof(*fx));
	fx->e.title = (char *)"Signed";
	sha256_digest(k_bytes, strlen(k_bytes), k);
	sha256_digest(i1_bytes, strlen(i1_bytes), i[0]);
	sha256_digest(i2_bytes, strlen(i2_bytes), i[1]);
	sha256_digest(signed_cmdline, strlen(signed_cmdline), c);
	CHECK_EQ(manifest_format(k, (const uint8_t(*)[32])i, 2, c, &text, &len), 0);
	fx->img.kernel = (struct blob)BLOB_INIT;
	fx->img.kernel.data = k_bytes;
	fx->img.kernel.size = strlen(k_bytes);
	fx->img.initrds = calloc(2, sizeof(*fx->img.initrds));
	CHECK(fx->img.initrds != NULL);
	if (!fx->img.initrds || !text)
		return;
	for (size_t j = 0; j < 2; j++) {
		fx->img.initrds[j] = (struct blob)BLOB_INIT;
		fx->img.initrds[j].data = j ? i2_bytes : i1_bytes;
		fx->img.initrds[j].size = strlen(j ? i2_bytes : i1_bytes);
	}
	fx->img.n_initrds = 2;
	fx->img.cmdline = strdup(boot_cmdline);
	fx->img.sig_name = strdup("vmlinuz.kexboot-sig");
	if (n)
		fx->img.sig_data = container(text, signers, n, &fx->img.sig_len);
	else
		fx->img.sig_error = strdup("vmlinuz.kexboot-sig: No such file or directory");
}

static int stage(enum trust_policy policy, unsigned threshold, struct fixture *fx, struct diag_list *d)
{
	_cleanup_free_ char *root = path_join(dir, "root");
	const struct trust_ctx ctx = { .policy = policy, .root = root, .anchors_dir = "/etc/kexboot/trust",
				       .threshold = threshold, .now = time(NULL) };

	return trust_verify(&ctx, &fx->e, &fx->img, d);
}

static const char *const A1[] = { "a1" }, *const A1A2[] = { "a1", "a2" }, *const B1[] = { "b1" };

static void test_stage_enforce_good_marks_verified(void)
{
	struct fixture fx;
	struct diag_list d = { 0 };

	fixture_make(&fx, "quiet", "quiet", A1, 1);
	CHECK_EQ(stage(TRUST_POLICY_ENFORCE, 1, &fx, &d), 0);
	CHECK(fx.img.kernel.verified && fx.img.initrds[0].verified && fx.img.initrds[1].verified);
	CHECK(d.n == 1 && strstr(d.msgs[0], "Signed: verified (vmlinuz.kexboot-sig: 1 signer(s))") != NULL);
	boot_image_done(&fx.img);
	diag_list_done(&d);
}

static void expect_refused(struct fixture *fx, unsigned threshold, const char *reason)
{
	struct diag_list d = { 0 };

	CHECK_EQ(stage(TRUST_POLICY_ENFORCE, threshold, fx, &d), -EPERM);
	CHECK_STREQ(d.reason, reason);
	CHECK(!fx->img.kernel.verified && !fx->img.initrds[0].verified);
	diag_list_done(&d);
	/* Warn: the same finding is a note, and the boot goes on unverified. */
	CHECK_EQ(stage(TRUST_POLICY_WARN, threshold, fx, &d), 0);
	CHECK(d.n >= 1 && strstr(d.msgs[d.n - 1], "Signed: not verified: ") != NULL &&
	      strstr(d.msgs[d.n - 1], "(policy warn: booting anyway)") != NULL);
	CHECK_STREQ(d.reason, "");
	CHECK(!fx->img.kernel.verified);
	diag_list_done(&d);
	boot_image_done(&fx->img);
}

static void test_stage_refuses_edited_cmdline(void)
{
	struct fixture fx;

	fixture_make(&fx, "quiet", "quiet init=/bin/sh", A1, 1);
	expect_refused(&fx, 1, "refused by policy enforce: vmlinuz.kexboot-sig: cmdline sha256 mismatch (the "
			       "command line is not the signed one)");
}

static void test_stage_refuses_altered_initrd(void)
{
	struct fixture fx;

	fixture_make(&fx, "quiet", "quiet", A1, 1);
	i2_bytes[0] ^= 0x80;
	expect_refused(&fx, 1, "refused by policy enforce: vmlinuz.kexboot-sig: initrd 2 sha256 mismatch (?)");
	i2_bytes[0] ^= 0x80;
}

static void test_stage_refuses_unsigned_and_unknown(void)
{
	struct fixture fx;

	fixture_make(&fx, "quiet", "quiet", NULL, 0);
	expect_refused(&fx, 1, "refused by policy enforce: unsigned: vmlinuz.kexboot-sig: No such file or directory");
	fixture_make(&fx, "quiet", "quiet", B1, 1);
	expect_refused(&fx, 1, "refused by policy enforce: vmlinuz.kexboot-sig:6: unknown signer /CN=b1: unable to "
			       "get local issuer certificate");
}

static void test_stage_threshold_two_of_two(void)
{
	struct fixture fx;
	struct diag_list d = { 0 };

	fixture_make(&fx, "quiet", "quiet", A1A2, 2);
	CHECK_EQ(stage(TRUST_POLICY_ENFORCE, 2, &fx, &d), 0);
	CHECK(fx.img.kernel.verified);
	boot_image_done(&fx.img);
	diag_list_done(&d);

	fixture_make(&fx, "quiet", "quiet", A1, 1);
	expect_refused(&fx, 2, "refused by policy enforce: vmlinuz.kexboot-sig: 1 good signer(s), 2 required");
}

static void test_stage_without_anchors_refuses(void)
{
	struct fixture fx;
	struct diag_list d = { 0 };
	const struct trust_ctx ctx = { .policy = TRUST_POLICY_ENFORCE, .root = dir, .anchors_dir = "/nonexistent",
				       .now = time(NULL) };

	fixture_make(&fx, "quiet", "quiet", A1, 1);
	CHECK_EQ(trust_verify(&ctx, &fx.e, &fx.img, &d), -EPERM);
	CHECK(strstr(d.reason, "trust anchors /nonexistent") != NULL);
	boot_image_done(&fx.img);
	diag_list_done(&d);
}

/* Writes dir/vol/NAME. */
static void vol_put(const char *name, const void *data, size_t len)
{
	_cleanup_free_ char *p = NULL;
	int fd;

	CHECK(asprintf(&p, "%s/vol/%s", dir, name) > 0);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(fd_write_all(fd, data, len), 0);
	close(fd);
}

/* Fetch then verify under enforce, as the boot path runs them. */
static int fetch_and_verify(struct boot_entry *e, struct boot_image *img, struct diag_list *d)
{
	_cleanup_free_ char *voldir = path_join(dir, "vol"), *root = path_join(dir, "root");
	const struct trust_ctx tctx = { .policy = TRUST_POLICY_ENFORCE, .root = root,
					.anchors_dir = "/etc/kexboot/trust", .threshold = 1, .now = time(NULL) };
	struct fsaccess fs;
	struct boot_volume vol = { .name = "UUID=abcd", .uuid = "abcd", .fs = &fs };
	struct boot_volumes vols = { &vol, 1 };
	const struct fetch_ctx fetch = { &vols, .signatures = true };
	int r;

	CHECK_EQ(fsa_open_dir(&fs, voldir), 0);
	r = boot_image_fetch(&fetch, e, NULL, img, d);
	fsa_close(&fs);
	return r < 0 ? r : trust_verify(&tctx, e, img, d);
}

/*
 * An entry that names its signature file (BLS kexboot-sig, iPXE imgverify):
 * the named file is fetched and decides, under enforce, even with a good
 * <kernel>.kexboot-sig beside the kernel.
 */
static void test_stage_named_signature_file(void)
{
	uint8_t k[32], i[1][32], c[32];
	_cleanup_free_ char *text = NULL, *good = NULL, *other = NULL, *other_text = NULL;
	size_t len = 0, good_len = 0, other_len = 0;
	struct boot_entry *e = boot_entry_new(BOOT_SOURCE_BLS);
	struct boot_ref r1 = { 0 };
	struct boot_image img;
	struct diag_list d = { 0 };

	CHECK(e != NULL && pki_ok);
	if (!e || !pki_ok)
		return;
	CHECK_EQ(sh("mkdir -p vol/sigs"), 0);
	vol_put("vmlinuz", k_bytes, strlen(k_bytes));
	vol_put("initrd.img", i1_bytes, strlen(i1_bytes));
	sha256_digest(k_bytes, strlen(k_bytes), k);
	sha256_digest(i1_bytes, strlen(i1_bytes), i[0]);
	sha256_digest("quiet", 5, c);
	CHECK_EQ(manifest_format(k, (const uint8_t(*)[32])i, 1, c, &text, &len), 0);
	good = container(text, A1, 1, &good_len);
	sha256_digest("quiet init=/bin/sh", 18, c);
	CHECK_EQ(manifest_format(k, (const uint8_t(*)[32])i, 1, c, &other_text, &len), 0);
	other = container(other_text, A1, 1, &other_len);
	vol_put("sigs/good.sig", good, good_len);
	vol_put("sigs/wrong.sig", other, other_len);
	vol_put("vmlinuz.kexboot-sig", good, good_len);

	CHECK_EQ(str_set(&e->title, "Named"), 0);
	CHECK_EQ(str_set(&e->cmdline, "quiet"), 0);
	CHECK_EQ(boot_ref_set(&e->kernel, "UUID=abcd", "/vmlinuz"), 0);
	CHECK_EQ(boot_ref_set(&r1, "UUID=abcd", "/initrd.img"), 0);
	CHECK_EQ(boot_entry_add_initrd(e, &r1), 0);
	boot_ref_done(&r1);

	/* The named one is good: the entry passes, its blobs are marked. */
	CHECK_EQ(boot_ref_set(&e->signature, "UUID=abcd", "/sigs/good.sig"), 0);
	CHECK_EQ(fetch_and_verify(e, &img, &d), 0);
	CHECK_STREQ(img.sig_name, "good.sig");
	CHECK(d.n >= 1 && strstr(d.msgs[d.n - 1], "Named: verified (good.sig: 1 signer(s))") != NULL);
	boot_image_done(&img);
	diag_list_done(&d);

	/* The named one was signed for another command line: refused with its reason, the good one beside unused. */
	CHECK_EQ(boot_ref_set(&e->signature, "UUID=abcd", "/sigs/wrong.sig"), 0);
	CHECK_EQ(fetch_and_verify(e, &img, &d), -EPERM);
	CHECK_STREQ(d.reason, "refused by policy enforce: wrong.sig: cmdline sha256 mismatch (the command line is not "
			      "the signed one)");
	boot_image_done(&img);
	diag_list_done(&d);

	/* Named and missing: refused as unsigned, naming it. */
	CHECK_EQ(boot_ref_set(&e->signature, "UUID=abcd", "/sigs/none.sig"), 0);
	CHECK_EQ(fetch_and_verify(e, &img, &d), -EPERM);
	CHECK(strstr(d.reason, "refused by policy enforce: unsigned: UUID=abcd:/sigs/none.sig: No such file") != NULL);
	boot_image_done(&img);
	diag_list_done(&d);
	boot_entry_free(e);
}

/* ---- netboot: the same stage over what came over http:// (nginx on 127.0.0.1) ---- */

static char www[] = "/tmp/kexboot-signet-XXXXXX";

/* Writes www/NAME (readable by nginx's workers). */
static void www_put(const char *name, const void *data, size_t len)
{
	_cleanup_free_ char *p = NULL;
	int fd;

	CHECK(asprintf(&p, "%s/www/%s", www, name) > 0);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(fd_write_all(fd, data, len), 0);
	close(fd);
}

/* An entry as a network config makes it: kernel and two initrds by URL under http://127.0.0.1:port/DIR/. */
static struct boot_entry *net_entry(unsigned port, const char *d, const char *title)
{
	struct boot_entry *e = boot_entry_new(BOOT_SOURCE_URL);
	struct boot_ref rd = { 0 };

	CHECK(e != NULL);
	if (!e)
		return NULL;
	CHECK_EQ(str_set(&e->title, title), 0);
	CHECK_EQ(str_set(&e->cmdline, "quiet"), 0);
	CHECK(asprintf(&e->kernel.url, "http://127.0.0.1:%u/%s/vmlinuz", port, d) > 0);
	for (int i = 1; i <= 2; i++) {
		CHECK(asprintf(&rd.url, "http://127.0.0.1:%u/%s/initrd%d.img", port, d, i) > 0);
		CHECK_EQ(boot_entry_add_initrd(e, &rd), 0);
		boot_ref_done(&rd);
	}
	return e;
}

/* boot_image_fetch() from the server (signatures wanted, as under warn and enforce), then the stage under enforce. */
static int net_fetch_and_verify(struct boot_entry *e, const char *edited, struct boot_image *img, struct diag_list *d)
{
	_cleanup_free_ char *root = path_join(dir, "root");
	const struct trust_ctx tctx = { .policy = TRUST_POLICY_ENFORCE, .root = root,
					.anchors_dir = "/etc/kexboot/trust", .threshold = 1, .now = time(NULL) };
	struct boot_volumes vols = { NULL, 0 };
	const struct fetch_ctx fetch = { &vols, .signatures = true };
	int r = boot_image_fetch(&fetch, e, edited, img, d);

	CHECK_EQ(r, 0);
	return r < 0 ? r : trust_verify(&tctx, e, img, d);
}

/*
 * "netboot downloads are checked the same way before they are loaded": the
 * kernel, two initrds and <kernel>.kexboot-sig beside the kernel, all
 * downloaded over http:// by the fetch stage from nginx on 127.0.0.1, then
 * the verify stage under enforce. The signed entry verifies (every blob
 * marked); one byte changed in an initrd on the server, an edited command
 * line, no signature file on the server (404) and a signer under a root the
 * payload does not trust are each refused with the reason; a signature file
 * the config names by URL decides over the one beside the kernel.
 */
static void test_stage_checks_netboot_downloads(void)
{
	static const char *const dirs[] = { "good", "flipped", "nosig", "stranger" };
	static const char kernel[] = "net kernel bytes", rd1[] = "net initrd one", rd2[] = "net initrd two";
	uint8_t k[32], i[2][32], c[32];
	_cleanup_free_ char *text = NULL, *good = NULL, *stranger = NULL, *cmd = NULL, *conf = NULL, *wrong = NULL,
			    *wrong_text = NULL;
	size_t len = 0, good_len = 0, stranger_len = 0, wrong_len = 0;
	struct boot_image img;
	struct diag_list d = { 0 };
	struct boot_entry *e;
	unsigned port;
	pid_t nginx = -1;

	CHECK(pki_ok);
	if (!pki_ok)
		return;
	if (access("/usr/sbin/nginx", X_OK) != 0) {
		fprintf(stderr, "  /usr/sbin/nginx is missing: install the Debian package nginx-light\n");
		harness_failures++;
		return;
	}
	CHECK(mkdtemp(www) != NULL);
	CHECK(asprintf(&cmd, "cd %s && mkdir -p tmp www/sigs www/good www/flipped www/nosig www/stranger", www) > 0 &&
	      system(cmd) == 0);
	sha256_digest(kernel, strlen(kernel), k);
	sha256_digest(rd1, strlen(rd1), i[0]);
	sha256_digest(rd2, strlen(rd2), i[1]);
	sha256_digest("quiet", 5, c);
	CHECK_EQ(manifest_format(k, (const uint8_t(*)[32])i, 2, c, &text, &len), 0);
	good = container(text, A1, 1, &good_len);
	stranger = container(text, B1, 1, &stranger_len);
	sha256_digest("quiet other", 11, c);
	CHECK_EQ(manifest_format(k, (const uint8_t(*)[32])i, 2, c, &wrong_text, &len), 0);
	wrong = container(wrong_text, A1, 1, &wrong_len);
	for (size_t n = 0; n < ARRAY_SIZE(dirs); n++) {
		_cleanup_free_ char *kp = NULL, *p1 = NULL, *p2 = NULL, *sp = NULL;
		char flipped[sizeof(rd2)];

		CHECK(asprintf(&kp, "%s/vmlinuz", dirs[n]) > 0 && asprintf(&p1, "%s/initrd1.img", dirs[n]) > 0 &&
		      asprintf(&p2, "%s/initrd2.img", dirs[n]) > 0 && asprintf(&sp, "%s/vmlinuz.kexboot-sig", dirs[n]) > 0);
		memcpy(flipped, rd2, sizeof(rd2));
		flipped[4] ^= 0x01;
		www_put(kp, kernel, strlen(kernel));
		www_put(p1, rd1, strlen(rd1));
		www_put(p2, n == 1 ? flipped : rd2, strlen(rd2));
		if (n == 3)
			www_put(sp, stranger, stranger_len);
		else if (n != 2)
			www_put(sp, good, good_len);
	}
	www_put("sigs/wrong.sig", wrong, wrong_len);
	free(cmd);
	cmd = NULL;
	CHECK(asprintf(&cmd, "chmod -R a+rX %s", www) > 0 && system(cmd) == 0);
	port = server_free_port();
	CHECK(port != 0);
	CHECK(asprintf(&conf,
		       "worker_processes 1;\npid %1$s/nginx.pid;\nerror_log %1$s/error.log;\n"
		       "events { worker_connections 64; }\n"
		       "http {\n access_log %1$s/access.log;\n default_type application/octet-stream;\n"
		       " client_body_temp_path %1$s/tmp; proxy_temp_path %1$s/tmp; fastcgi_temp_path %1$s/tmp;\n"
		       " uwsgi_temp_path %1$s/tmp; scgi_temp_path %1$s/tmp;\n"
		       " server {\n  listen 127.0.0.1:%2$u;\n  root %1$s/www;\n }\n}\n",
		       www, port) > 0);
	{
		_cleanup_free_ char *p = NULL;
		int fd;

		CHECK(asprintf(&p, "%s/nginx.conf", www) > 0);
		fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		CHECK(fd >= 0);
		CHECK_EQ(fd_write_all(fd, conf, strlen(conf)), 0);
		close(fd);
	}
	nginx = port ? server_nginx_start(www, (unsigned[]){ port }, 1) : -1;
	CHECK(nginx > 0);
	if (nginx <= 0)
		goto out;

	/* Signed: verified, every downloaded piece marked. */
	e = net_entry(port, "good", "Net signed");
	CHECK_EQ(net_fetch_and_verify(e, NULL, &img, &d), 0);
	CHECK_STREQ(img.sig_name, "vmlinuz.kexboot-sig");
	CHECK(img.kernel.verified && img.n_initrds == 2 && img.initrds[0].verified && img.initrds[1].verified);
	CHECK(d.n >= 1 && strstr(d.msgs[d.n - 1], "Net signed: verified (vmlinuz.kexboot-sig: 1 signer(s))") != NULL);
	boot_image_done(&img);
	diag_list_done(&d);
	/* The same entry with its command line edited. */
	CHECK_EQ(net_fetch_and_verify(e, "quiet init=/bin/sh", &img, &d), -EPERM);
	CHECK_STREQ(d.reason, "refused by policy enforce: vmlinuz.kexboot-sig: cmdline sha256 mismatch (the command "
			      "line is not the signed one)");
	CHECK(!img.kernel.verified);
	boot_image_done(&img);
	diag_list_done(&d);
	/* A signature file the config names by URL decides (signed for another command line). */
	CHECK(asprintf(&e->signature.url, "http://127.0.0.1:%u/sigs/wrong.sig", port) > 0);
	CHECK_EQ(net_fetch_and_verify(e, NULL, &img, &d), -EPERM);
	CHECK_STREQ(d.reason, "refused by policy enforce: wrong.sig: cmdline sha256 mismatch (the command line is not "
			      "the signed one)");
	boot_image_done(&img);
	diag_list_done(&d);
	boot_entry_free(e);

	/* One byte changed in the second initrd on the server. */
	e = net_entry(port, "flipped", "Net flipped");
	CHECK_EQ(net_fetch_and_verify(e, NULL, &img, &d), -EPERM);
	CHECK(strstr(d.reason, "refused by policy enforce: vmlinuz.kexboot-sig: initrd 2 sha256 mismatch (http://") ==
	      d.reason);
	CHECK(strstr(d.reason, "/flipped/initrd2.img)") != NULL);
	CHECK(!img.kernel.verified && !img.initrds[0].verified && !img.initrds[1].verified);
	boot_image_done(&img);
	diag_list_done(&d);
	boot_entry_free(e);

	/* No signature file on the server. */
	e = net_entry(port, "nosig", "Net unsigned");
	CHECK_EQ(net_fetch_and_verify(e, NULL, &img, &d), -EPERM);
	CHECK(strstr(d.reason, "refused by policy enforce: unsigned: ") != NULL);
	CHECK(strstr(d.reason, "/nosig/vmlinuz.kexboot-sig") != NULL && strstr(d.reason, "404") != NULL);
	boot_image_done(&img);
	diag_list_done(&d);
	boot_entry_free(e);

	/* Signed by a key under a root the payload does not trust. */
	e = net_entry(port, "stranger", "Net stranger");
	CHECK_EQ(net_fetch_and_verify(e, NULL, &img, &d), -EPERM);
	CHECK_STREQ(d.reason, "refused by policy enforce: vmlinuz.kexboot-sig:6: unknown signer /CN=b1: unable to get "
			      "local issuer certificate");
	boot_image_done(&img);
	diag_list_done(&d);
	boot_entry_free(e);
out:
	server_stop(&nginx);
	free(cmd);
	cmd = NULL;
	CHECK(asprintf(&cmd, "rm -rf %s", www) > 0 && system(cmd) == 0);
}

static const struct test tests[] = {
	TEST(good_signature),
	TEST(bad_signature),
	TEST(expired_signer),
	TEST(unknown_signer),
	TEST(intermediate_carried_in_the_signature),
	TEST(openssl_cms_interop),
	TEST(our_signature_checks_with_openssl),
	TEST(threshold_counts_distinct_signers),
	TEST(stage_enforce_good_marks_verified),
	TEST(stage_named_signature_file),
	TEST(stage_refuses_edited_cmdline),
	TEST(stage_refuses_altered_initrd),
	TEST(stage_refuses_unsigned_and_unknown),
	TEST(stage_threshold_two_of_two),
	TEST(stage_without_anchors_refuses),
	TEST(stage_checks_netboot_downloads),
};

int main(void)
{
	int r;

	pki_make();
	r = harness_run(tests, ARRAY_SIZE(tests));
	pki_done();
	return r;
}
