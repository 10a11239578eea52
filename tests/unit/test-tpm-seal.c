// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TPM-sealed secrets against a software TPM this test starts (swtpm at
 * <root>/dev/tpmrm0, tests/unit/swtpm-util.h). The secrets are sealed with
 * tpm2-tools (scripts/tpm-seal.sh, TPM2TOOLS_TCTI=swtpm:path=...) to PCR 8
 * and 9 values computed here with lib/sha256.c, then the measure stage
 * extends the entry's events and the secrets stage (boot/secrets/tpm.c)
 * unseals them over boot/trust/tpm/unseal.c: the one sealed to this entry
 * comes out with its bytes, the one sealed to another command line does
 * not, and after the separators neither does, and no handle or session is
 * left loaded; a failed attempt is capped and the next attempt's log still
 * replays to the TPM's PCRs; the unsealed bytes are wiped on every failure
 * path (allocations failed on demand) and on release.
 */
#include "boot/secrets/secrets.h"
#include "boot/trust/tpm/seal.h"
#include "boot/trust/trust.h"
#include "lib/cleanup.h"
#include "lib/sha256.h"
#include "tests/unit/harness.h"
#include "tests/unit/swtpm-util.h"
#include "tests/unit/wipe-watch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>

static void sha256_ext(uint8_t pcr[32], const void *data, size_t size)
{
	uint8_t buf[64];

	memcpy(buf, pcr, 32);
	sha256_digest(data, size, buf + 32);
	sha256_digest(buf, 64, pcr);
}

static int write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	int ok;

	if (!f)
		return -errno;
	ok = fwrite(data, 1, size, f) == size;
	return fclose(f) == 0 && ok ? 0 : -EIO;
}

static void blob_of(struct blob *b, const char *name, const void *data, size_t size)
{
	CHECK_EQ(blob_new_heap(size, false, name, b), 0);
	memcpy(b->storage, data, size);
}

/* The entry this test boots: a kernel, one initrd, a command line. */
struct entry {
	struct boot_image img;
	struct blob initrd;
	uint8_t kernel[70000];
};

static void entry_init(struct entry *e, const char *cmdline)
{
	for (size_t i = 0; i < sizeof(e->kernel); i++)
		e->kernel[i] = (uint8_t)(i * 13 + (i >> 7));
	e->img = (struct boot_image){ .kernel = BLOB_INIT };
	e->initrd = (struct blob)BLOB_INIT;
	blob_of(&e->img.kernel, "root:/vmlinuz", e->kernel, sizeof(e->kernel));
	blob_of(&e->initrd, "root:/initrd.img", "THE INITRD", 10);
	e->img.initrds = &e->initrd;
	e->img.n_initrds = 1;
	e->img.cmdline = (char *)cmdline;
}

static void entry_done(struct entry *e)
{
	blob_release(&e->img.kernel);
	blob_release(&e->initrd);
}

/* PCR 8 and 9 after the entry's events, before the separators: the values file tpm2_createpolicy -f reads. */
static int predict(const struct entry *e, const char *path)
{
	uint8_t v[64] = { 0 };
	char s[256];
	int n = snprintf(s, sizeof(s), "kernel_cmdline: %s", e->img.cmdline);

	sha256_ext(v, s, (size_t)n);
	sha256_ext(v + 32, e->kernel, sizeof(e->kernel));
	sha256_ext(v + 32, "THE INITRD", 10);
	return write_file(path, v, sizeof(v));
}

/* scripts/tpm-seal.sh against the test's swtpm: <root>/etc/kexboot/sealed/NAME.tpm2. */
static int seal(const struct swtpm *sw, const char *name, const void *secret, size_t size, const char *values,
		const char *extra)
{
	char path[256], cmd[1024];

	snprintf(path, sizeof(path), "%s/%s.secret", sw->root, name);
	if (write_file(path, secret, size) < 0)
		return -EIO;
	snprintf(cmd, sizeof(cmd),
		 "TPM2TOOLS_TCTI=swtpm:path=%s/dev/tpmrm0 sh scripts/tpm-seal.sh %s --values %s %s "
		 "%s/etc/kexboot/sealed/%s.tpm2 >%s/seal.log 2>&1",
		 sw->root, extra, values, path, sw->root, name, sw->root);
	return system(cmd) == 0 ? 0 : -EIO;
}

static int sealed_dir(const struct swtpm *sw)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/etc", sw->root);
	(void)mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/etc/kexboot", sw->root);
	(void)mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/etc/kexboot/sealed", sw->root);
	return mkdir(path, 0700) < 0 ? -errno : 0;
}

static bool notes_have(const struct diag_list *d, const char *s)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->msgs[i], s))
			return true;
	return false;
}

/* swtpm started at sw->root; false (a failed check) when it would not start. */
static bool tpm_up(struct swtpm *sw)
{
	int r = swtpm_start(sw);

	CHECK_EQ(r, 0);
	if (r < 0) {
		swtpm_stop(sw);
		return false;
	}
	return true;
}

/* key sealed as 'disk-key' to e's PCR values, which are written to values (<root>/values). */
static void seal_disk_key(const struct swtpm *sw, const struct entry *e, const void *key, size_t size, char values[128])
{
	snprintf(values, 128, "%s/values", sw->root);
	CHECK_EQ(predict(e, values), 0);
	CHECK_EQ(sealed_dir(sw), 0);
	CHECK_EQ(seal(sw, "disk-key", key, size, values, ""), 0);
}

/* The entry measured and its events extended into the TPM, which the secrets stage then unseals with. */
static void measure_entry(struct trust_ctx *ctx, struct secrets_ctx *sctx, const struct entry *e,
			  struct trust_measurement *m, struct diag_list *why)
{
	CHECK_EQ(trust_measure(ctx, &e->img, m, why), 0);
	CHECK_EQ(trust_measure_extend(ctx, m, why), 0);
	sctx->tpm = &m->tpm;
}

/* What tpm2_getcap lists of what (handles-transient, handles-loaded-session): "" when nothing; NULL when it failed. */
static char *tpm_getcap(const struct swtpm *sw, const char *what)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "TPM2TOOLS_TCTI=swtpm:path=%s/dev/tpmrm0 tpm2_getcap %s", sw->root, what);
	return swtpm_run(cmd);
}

/* The wipe watch reset and looking for the disk key's bytes. */
static void watch_for_key(void)
{
	wipe_watch_reset();
	wipe_watch()->needle = "WIPE-ME-unsealed";
}

static void test_unsealed_only_for_the_entry_and_before_the_separators(void)
{
	static const char cmdline[] = "root=/dev/vda ro console=ttyS0";
	static const uint8_t disk_key[48] = "0123456789abcdef\x00\xff\x10 the disk key, 48 bytes.....";
	static const uint8_t other_key[16] = "another secret!";
	struct swtpm sw;
	struct entry e, other;
	struct trust_ctx ctx = { .policy = TRUST_POLICY_WARN };
	struct trust_measurement m = TRUST_MEASUREMENT_INIT;
	struct secret_set set = { 0 };
	struct diag_list why = { 0 };
	struct secrets_ctx sctx = { .required = "disk-key" };
	_cleanup_free_ char *objects = NULL, *sessions = NULL;
	char values[128], values_other[128];
	const struct secret *s;

	if (!tpm_up(&sw))
		return;
	entry_init(&e, cmdline);
	entry_init(&other, "root=/dev/vda ro console=ttyS0 init=/bin/sh");
	seal_disk_key(&sw, &e, disk_key, sizeof(disk_key), values);
	snprintf(values_other, sizeof(values_other), "%s/values-other", sw.root);
	CHECK_EQ(predict(&other, values_other), 0);
	CHECK_EQ(seal(&sw, "other-key", other_key, sizeof(other_key), values_other, ""), 0);
	/* The script keeps the policy on PCRs kexboot caps. */
	CHECK(seal(&sw, "pcr7", other_key, sizeof(other_key), values, "--pcrs 7") < 0);

	ctx.root = sw.root;
	sctx.root = sw.root;
	measure_entry(&ctx, &sctx, &e, &m, &why);
	CHECK_STREQ(why.reason, "");
	CHECK(m.tpm.fd >= 0);
	CHECK_EQ(secrets_gather(&sctx, &set, &why), 0);
	CHECK_STREQ(why.reason, "");
	s = secret_set_find(&set, "disk-key");
	CHECK(s != NULL);
	if (s) {
		CHECK_STREQ(s->source, "tpm");
		CHECK(s->bytes.sensitive);
		CHECK_EQ(s->bytes.size, sizeof(disk_key));
		CHECK(s->bytes.size == sizeof(disk_key) && memcmp(s->bytes.data, disk_key, sizeof(disk_key)) == 0);
	}
	/* Sealed to another command line: not unsealed, not listed, so a note and no failure. */
	CHECK(secret_set_find(&set, "other-key") == NULL);
	CHECK(notes_have(&why, "sealed 'other-key' not unsealed, not handed over: the PCRs do not hold the state"));
	secret_set_done(&set);

	/* Listed, it refuses the entry with the reason. */
	sctx.required = "disk-key,other-key";
	CHECK_EQ(secrets_gather(&sctx, &set, &why), -EACCES);
	CHECK(strstr(why.reason, "sealed secret 'other-key' not unsealed: the PCRs do not hold the state") != NULL);
	CHECK_EQ(set.n, 0);

	/* After the separators nothing unseals: what runs next cannot have it. */
	CHECK_EQ(trust_measure_commit(&ctx, &m, &why), 0);
	CHECK(notes_have(&why, "measured into PCRs 8 9"));
	CHECK_EQ(tpm_open(sw.root, &m.tpm, &why), 0);
	sctx.required = "disk-key";
	CHECK_EQ(secrets_gather(&sctx, &set, &why), -EACCES);
	CHECK(strstr(why.reason, "sealed secret 'disk-key' not unsealed: the PCRs do not hold the state") != NULL);
	CHECK_EQ(set.n, 0);

	/* Without a TPM the listed one refuses the entry too. */
	sctx.tpm = NULL;
	CHECK_EQ(secrets_gather(&sctx, &set, &why), -EACCES);
	CHECK(strstr(why.reason, "sealed secret 'disk-key' not unsealed: no TPM to unseal it with") != NULL);

	trust_measurement_done(&m);
	/* swtpm has no resource manager: what kexboot did not flush would still be loaded. */
	objects = tpm_getcap(&sw, "handles-transient");
	sessions = tpm_getcap(&sw, "handles-loaded-session");
	CHECK(objects != NULL && sessions != NULL);
	CHECK_STREQ(objects ? objects : "?", "");
	CHECK_STREQ(sessions ? sessions : "?", "");
	diag_list_done(&why);
	entry_done(&e);
	entry_done(&other);
	swtpm_stop(&sw);
}

/* A PCR of the TPM (over t, or a new connection when t is closed) against what a log replays to. */
static void check_replay(const struct swtpm *sw, struct tpm *t, const struct blob *log, uint32_t pcr)
{
	struct tpm own = TPM_INIT;
	uint8_t got[TPM_MAX_DIGEST], want[TPM_MAX_DIGEST];
	size_t n = 0;

	if (t->fd < 0) {
		CHECK_EQ(tpm_open(sw->root, &own, NULL), 0);
		t = &own;
	}
	CHECK_EQ(tpm_pcr_read(t, pcr, TPM_ALG_SHA256, got, &n, NULL), 0);
	CHECK_EQ(eventlog_replay(log->data, log->size, TPM_ALG_SHA256, pcr, want), 0);
	CHECK(n == 32 && memcmp(got, want, 32) == 0);
	tpm_close(&own);
}

static void test_failed_attempt_is_capped_and_the_next_log_replays(void)
{
	static const uint8_t disk_key[32] = "a key for the first entry only";
	struct swtpm sw;
	struct entry e, next;
	struct trust_measured measured = { 0 };
	struct trust_ctx ctx = { .policy = TRUST_POLICY_WARN, .measured = &measured };
	struct trust_measurement m = TRUST_MEASUREMENT_INIT;
	struct secret_set set = { 0 };
	struct diag_list why = { 0 };
	struct secrets_ctx sctx = { .required = "disk-key" };
	char values[128];

	if (!tpm_up(&sw))
		return;
	entry_init(&e, "first entry");
	entry_init(&next, "second entry");
	seal_disk_key(&sw, &e, disk_key, sizeof(disk_key), values);
	ctx.root = sw.root;
	sctx.root = sw.root;

	/* The first attempt unseals, then fails later (say, the load): capped at once. */
	measure_entry(&ctx, &sctx, &e, &m, &why);
	CHECK_EQ(secrets_gather(&sctx, &set, &why), 0);
	CHECK(secret_set_find(&set, "disk-key") != NULL);
	secret_set_done(&set);
	trust_measure_abandon(&ctx, &m, &why);
	CHECK(measured.len > 0);
	check_replay(&sw, &m.tpm, &m.eventlog, 8);
	check_replay(&sw, &m.tpm, &m.eventlog, 9);
	/* The same entry again: the separators stand between, nothing unseals. */
	CHECK_EQ(secrets_gather(&sctx, &set, &why), -EACCES);
	trust_measurement_done(&m);
	diag_list_done(&why);
	why = (struct diag_list){ 0 };

	/* The next attempt's log starts with the first attempt's events and replays to the TPM. */
	CHECK_EQ(trust_measure(&ctx, &next.img, &m, &why), 0);
	CHECK_EQ(trust_measure_extend(&ctx, &m, &why), 0);
	CHECK_EQ(trust_measure_commit(&ctx, &m, &why), 0);
	CHECK_STREQ(why.reason, "");
	check_replay(&sw, &m.tpm, &m.eventlog, 8);
	check_replay(&sw, &m.tpm, &m.eventlog, 9);

	trust_measurement_done(&m);
	trust_measured_done(&measured);
	diag_list_done(&why);
	entry_done(&e);
	entry_done(&next);
	swtpm_stop(&sw);
}

/*
 * Wipes on the TPM source's failure paths (tests/unit/wipe-watch.h: mmap
 * fails on demand, an unmap of memory still holding the secret is counted):
 * an allocation failing at each step of a gather that unseals, a required
 * secret missing after the sealed one came out, and the normal release.
 * The TPM is left with no object or session loaded.
 */
static void test_unseal_failures_wipe(void)
{
	static const uint8_t disk_key[40] = "WIPE-ME-unsealed-0123456789 the disk key";
	struct swtpm sw;
	struct entry e;
	struct trust_ctx ctx = { .policy = TRUST_POLICY_WARN };
	struct trust_measurement m = TRUST_MEASUREMENT_INIT;
	struct secret_set set = { 0 };
	struct diag_list why = { 0 };
	struct secrets_ctx sctx = { .required = "disk-key" };
	bool saw_unseal_alloc = false;
	_cleanup_free_ char *objects = NULL, *sessions = NULL;
	char values[128];
	int r, at;

	if (!tpm_up(&sw))
		return;
	entry_init(&e, "wipe entry");
	seal_disk_key(&sw, &e, disk_key, sizeof(disk_key), values);
	ctx.root = sw.root;
	sctx.root = sw.root;
	measure_entry(&ctx, &sctx, &e, &m, &why);

	/* Each mmap of the gather fails in turn, until none is left to fail. */
	for (at = 1; at < 16; at++) {
		watch_for_key();
		wipe_watch()->mmap_fail_at = at;
		why.reason[0] = '\0';
		r = secrets_gather(&sctx, &set, &why);
		CHECK_EQ(wipe_watch()->unwiped, 0);
		if (r == 0)
			break;
		CHECK(r < 0 && set.n == 0);
		/* The unseal's own allocation (boot/trust/tpm/unseal.c), as the TPM source reports it. */
		saw_unseal_alloc |= r == -ENOMEM && strstr(why.reason, "no locked memory for 'disk-key'") != NULL;
	}
	CHECK(at > 1 && at < 16);
	CHECK(saw_unseal_alloc);
	/* The last round succeeded: the bytes are there, and their release wipes them. */
	CHECK(secret_set_find(&set, "disk-key") != NULL);
	watch_for_key();
	secret_set_done(&set);
	CHECK_EQ(wipe_watch()->unwiped, 0);

	/* Unsealed, then another required secret is missing: refused, the unsealed one wiped. */
	sctx.required = "disk-key,nosuch";
	watch_for_key();
	CHECK_EQ(secrets_gather(&sctx, &set, &why), -ENOENT);
	CHECK(strstr(why.reason, "'nosuch' is missing") != NULL);
	CHECK_EQ(set.n, 0);
	CHECK_EQ(wipe_watch()->unwiped, 0);

	/* The watch works: an unmap of the secret's bytes is counted. */
	watch_for_key();
	{
		void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		CHECK(p != MAP_FAILED);
		if (p != MAP_FAILED) {
			memcpy(p, disk_key, sizeof(disk_key));
			munmap(p, 4096);
		}
		CHECK_EQ(wipe_watch()->unwiped, 1);
	}
	wipe_watch_reset();

	trust_measurement_done(&m);
	objects = tpm_getcap(&sw, "handles-transient");
	sessions = tpm_getcap(&sw, "handles-loaded-session");
	CHECK_STREQ(objects ? objects : "?", "");
	CHECK_STREQ(sessions ? sessions : "?", "");
	diag_list_done(&why);
	entry_done(&e);
	swtpm_stop(&sw);
}

static const struct test tests[] = {
	TEST(unsealed_only_for_the_entry_and_before_the_separators),
	TEST(failed_attempt_is_capped_and_the_next_log_replays),
	TEST(unseal_failures_wipe),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
