// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The measure stage against a software TPM this test starts (swtpm at
 * <root>/dev/tpmrm0): after trust_measure() + trust_measure_commit() the
 * PCRs hold what SHA-256 computed here (lib/sha256.c) says, what the event
 * log replays to, what tpm2_eventlog computes from the log, and for a UKI,
 * PCR 11 is what systemd-measure predicts from the sections.
 */
#include "boot/trust/trust.h"
#include "lib/cleanup.h"
#include "lib/pe-blob.h"
#include "lib/sha256.h"
#include "tests/unit/harness.h"
#include "tests/unit/swtpm-util.h"
#include "tests/unit/test-pe-build.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>

static void sha256_ext(uint8_t pcr[32], const void *data, size_t size)
{
	uint8_t buf[64];

	memcpy(buf, pcr, 32);
	sha256_digest(data, size, buf + 32);
	sha256_digest(buf, 64, pcr);
}

static void hex(const uint8_t *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static int write_file(const char *dir, const char *name, const void *data, size_t size)
{
	char path[256];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		return -errno;
	ok = fwrite(data, 1, size, f) == size;
	return fclose(f) == 0 && ok ? 0 : -EIO;
}

/* PCR pcr of bank alg from a fresh connection to the swtpm. */
static int read_pcr(const char *root, uint32_t pcr, uint16_t alg, char out[2 * TPM_MAX_DIGEST + 1])
{
	struct tpm t = TPM_INIT;
	uint8_t d[TPM_MAX_DIGEST];
	size_t n = 0;
	int r = tpm_open(root, &t, NULL);

	if (r >= 0)
		r = tpm_pcr_read(&t, pcr, alg, d, &n, NULL);
	tpm_close(&t);
	if (r >= 0)
		hex(d, n, out);
	return r;
}

/*
 * The value tpm2_eventlog computes for sha256 PCR pcr: its "pcrs:" section
 * lists "  sha256:" then "    8  : 0x<hex>" lines.
 */
static int eventlog_tool_pcr(const char *out, uint32_t pcr, char ret[65])
{
	const char *s = strstr(out, "\npcrs:");
	char want[16];

	s = s ? strstr(s, "sha256:") : NULL;
	if (!s)
		return -ENOENT;
	snprintf(want, sizeof(want), "\n    %-2u : 0x", pcr);
	s = strstr(s, want);
	if (!s || strlen(s + strlen(want)) < 64)
		return -ENOENT;
	for (int i = 0; i < 64; i++)
		ret[i] = (char)(s[strlen(want) + i] | 0x20);
	ret[64] = '\0';
	return 0;
}

static void blob_of(struct blob *b, const char *name, const void *data, size_t size)
{
	CHECK_EQ(blob_new_heap(size, false, name, b), 0);
	memcpy(b->storage, data, size);
}

static void test_extends_match_sha256_log_and_tpm2_eventlog(void)
{
	static const uint8_t sep[4];
	static const char cmdline[] = "root=/dev/vda ro console=ttyS0 caf\xc3\xa9";
	struct swtpm sw;
	struct boot_image img = { .kernel = BLOB_INIT };
	struct blob initrds[2] = { BLOB_INIT, BLOB_INIT };
	struct trust_ctx ctx = { .policy = TRUST_POLICY_WARN };
	struct trust_measurement m;
	struct diag_list why = { 0 };
	uint8_t want8[32] = { 0 }, want9[32] = { 0 }, replay[TPM_MAX_DIGEST];
	char got[2 * TPM_MAX_DIGEST + 1], w[65], tool[65], cmd[512];
	_cleanup_free_ uint8_t *kernel = malloc(300000);
	_cleanup_free_ char *out = NULL;
	int r;

	CHECK(kernel != NULL);
	r = swtpm_start(&sw);
	CHECK_EQ(r, 0);
	if (r < 0 || !kernel) {
		swtpm_stop(&sw);
		return;
	}
	for (size_t i = 0; i < 300000; i++)
		kernel[i] = (uint8_t)(i * 7 + (i >> 9));
	blob_of(&img.kernel, "root:/vmlinuz", kernel, 300000);
	blob_of(&initrds[0], "root:/initrd.img", "INITRD ONE", 10);
	blob_of(&initrds[1], "root:/initrd-two", "INITRD TWO", 10);
	img.initrds = initrds;
	img.n_initrds = 2;
	img.cmdline = (char *)cmdline;
	ctx.root = sw.root;

	CHECK_EQ(trust_measure(&ctx, &img, &m, &why), 0);
	CHECK_STREQ(why.reason, "");
	CHECK(m.tpm.fd >= 0 && m.eventlog.size > 0 && m.banks.n >= 1);
	/* Nothing is extended before the commit (the stage's connection reads it). */
	{
		uint8_t d[TPM_MAX_DIGEST] = { 1 };
		size_t n = 0;

		CHECK_EQ(tpm_pcr_read(&m.tpm, 9, TPM_ALG_SHA256, d, &n, NULL), 0);
		CHECK(n == 32 && d[0] == 0 && memcmp(d, d + 1, 31) == 0);
	}
	CHECK_EQ(trust_measure_commit(&ctx, &m, &why), 0);
	CHECK(why.n == 1 && strstr(why.msgs[0], "measured into PCRs 8 9") != NULL);

	{
		char s[128];
		int n = snprintf(s, sizeof(s), "kernel_cmdline: %s", cmdline);

		sha256_ext(want8, s, (size_t)n);
	}
	sha256_ext(want8, sep, 4);
	sha256_ext(want9, kernel, 300000);
	sha256_ext(want9, "INITRD ONE", 10);
	sha256_ext(want9, "INITRD TWO", 10);
	sha256_ext(want9, sep, 4);

	CHECK_EQ(read_pcr(sw.root, 8, TPM_ALG_SHA256, got), 0);
	hex(want8, 32, w);
	CHECK_STREQ(got, w);
	CHECK_EQ(eventlog_replay(m.eventlog.data, m.eventlog.size, TPM_ALG_SHA256, 8, replay), 0);
	hex(replay, 32, got);
	CHECK_STREQ(got, w);

	CHECK_EQ(read_pcr(sw.root, 9, TPM_ALG_SHA256, got), 0);
	hex(want9, 32, w);
	CHECK_STREQ(got, w);
	CHECK_EQ(eventlog_replay(m.eventlog.data, m.eventlog.size, TPM_ALG_SHA256, 9, replay), 0);
	hex(replay, 32, got);
	CHECK_STREQ(got, w);

	/* tpm2_eventlog parses the log and replays it to the same values. */
	CHECK_EQ(write_file(sw.root, "eventlog", m.eventlog.data, m.eventlog.size), 0);
	snprintf(cmd, sizeof(cmd), "tpm2_eventlog %s/eventlog 2>/dev/null", sw.root);
	out = swtpm_run(cmd);
	CHECK(out != NULL);
	if (out) {
		CHECK_EQ(eventlog_tool_pcr(out, 8, tool), 0);
		hex(want8, 32, w);
		CHECK_STREQ(tool, w);
		CHECK_EQ(eventlog_tool_pcr(out, 9, tool), 0);
		hex(want9, 32, w);
		CHECK_STREQ(tool, w);
		CHECK(strstr(out, "EV_SEPARATOR") != NULL && strstr(out, "EV_IPL") != NULL);
	}
	/* Every active bank was extended: the sha1 bank of PCR 9 is no longer zero. */
	for (size_t b = 0; b < m.banks.n; b++) {
		if (m.banks.alg[b] != TPM_ALG_SHA1)
			continue;
		CHECK_EQ(read_pcr(sw.root, 9, TPM_ALG_SHA1, got), 0);
		CHECK(strcmp(got, "0000000000000000000000000000000000000000") != 0);
	}
	trust_measurement_done(&m);
	diag_list_done(&why);
	blob_release(&img.kernel);
	blob_release(&initrds[0]);
	blob_release(&initrds[1]);
	swtpm_stop(&sw);
}

static void test_uki_pcr11_is_what_systemd_measure_predicts(void)
{
	static const struct tpe_sec secs[] = {
		{ ".osrel", "ID=kexboot-test\nVERSION_ID=1\n" }, { ".linux", "MZ pretend kernel" },
		{ ".initrd", "pretend initrd" }, { ".cmdline", "console=ttyS0 quiet" }, { ".pcrsig", "{}" },
	};
	struct swtpm sw;
	struct boot_image img = { .kernel = BLOB_INIT };
	struct blob initrd = BLOB_INIT;
	struct trust_ctx ctx = { .policy = TRUST_POLICY_ENFORCE };
	struct trust_measurement m;
	struct diag_list why = { 0 };
	char got[2 * TPM_MAX_DIGEST + 1], cmd[1024];
	_cleanup_free_ char *out = NULL;
	size_t len = 0;
	_cleanup_free_ uint8_t *pe = tpe_build(secs, ARRAY_SIZE(secs), &len);
	int r = swtpm_start(&sw);

	CHECK_EQ(r, 0);
	CHECK(pe != NULL);
	if (r < 0 || !pe) {
		swtpm_stop(&sw);
		return;
	}
	ctx.root = sw.root;
	blob_of(&img.kernel, "root:/uki.efi.linux", pe, len);
	CHECK_EQ(pe_blob_narrow(&img.kernel, ".linux", NULL), 0);
	blob_of(&initrd, "root:/uki.efi.initrd", pe, len);
	CHECK_EQ(pe_blob_narrow(&initrd, ".initrd", NULL), 0);
	img.initrds = &initrd;
	img.n_initrds = 1;
	img.cmdline = (char *)"console=ttyS0 quiet";
	CHECK_EQ(trust_measure(&ctx, &img, &m, &why), 0);
	CHECK(m.plan.uki);
	CHECK_EQ(trust_measure_commit(&ctx, &m, &why), 0);
	CHECK(why.n == 1 && strstr(why.msgs[0], "measured into PCRs 8 9 11") != NULL);

	for (size_t i = 0; i < ARRAY_SIZE(secs); i++)
		CHECK_EQ(write_file(sw.root, secs[i].name + 1, secs[i].data, strlen(secs[i].data)), 0);
	snprintf(cmd, sizeof(cmd),
		 "cd %s && /usr/lib/systemd/systemd-measure calculate --linux=linux --osrel=osrel --cmdline=cmdline "
		 "--initrd=initrd --bank=sha256 --phase= 2>/dev/null | sed -n 's/^11:sha256=//p'",
		 sw.root);
	out = swtpm_run(cmd);
	CHECK(out != NULL && strlen(out) == 65);
	CHECK_EQ(read_pcr(sw.root, 11, TPM_ALG_SHA256, got), 0);
	if (out && strlen(out) == 65) {
		out[64] = '\0';
		CHECK_STREQ(got, out);
	}
	/* The command line was the UKI's own: PCR 12 untouched. */
	CHECK_EQ(read_pcr(sw.root, 12, TPM_ALG_SHA256, got), 0);
	CHECK_STREQ(got, "0000000000000000000000000000000000000000000000000000000000000000");
	trust_measurement_done(&m);
	diag_list_done(&why);
	blob_release(&img.kernel);
	blob_release(&initrd);
	swtpm_stop(&sw);
}

/* A TPM that goes away between planning and the extends: enforce refuses, warn says so. */
static void test_commit_failure_follows_the_policy(void)
{
	const enum trust_policy policies[] = { TRUST_POLICY_ENFORCE, TRUST_POLICY_WARN };

	for (size_t i = 0; i < ARRAY_SIZE(policies); i++) {
		struct swtpm sw;
		struct boot_image img = { .kernel = BLOB_INIT, .cmdline = (char *)"quiet" };
		struct trust_ctx ctx = { .policy = policies[i] };
		struct trust_measurement m;
		struct diag_list why = { 0 };
		int r = swtpm_start(&sw);

		CHECK_EQ(r, 0);
		if (r < 0) {
			swtpm_stop(&sw);
			return;
		}
		ctx.root = sw.root;
		blob_of(&img.kernel, "root:/vmlinuz", "KERNEL", 6);
		CHECK_EQ(trust_measure(&ctx, &img, &m, &why), 0);
		CHECK(m.tpm.fd >= 0);
		kill(sw.pid, SIGKILL);
		waitpid(sw.pid, NULL, 0);
		sw.pid = 0;
		r = trust_measure_commit(&ctx, &m, &why);
		if (policies[i] == TRUST_POLICY_ENFORCE) {
			CHECK(r < 0);
			CHECK(strstr(why.reason, "refused by policy enforce: TPM measurement failed") != NULL);
		} else {
			CHECK_EQ(r, 0);
			CHECK(why.n == 1 && strstr(why.msgs[0], "PCRs holding part of it at most (policy warn)") != NULL);
		}
		CHECK(m.tpm.fd < 0);
		trust_measurement_done(&m);
		diag_list_done(&why);
		blob_release(&img.kernel);
		swtpm_stop(&sw);
	}
}

static const struct test tests[] = {
	TEST(extends_match_sha256_log_and_tpm2_eventlog),
	TEST(uki_pcr11_is_what_systemd_measure_predicts),
	TEST(commit_failure_follows_the_policy),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
