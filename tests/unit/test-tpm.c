// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The TPM codec (boot/trust/tpm/wire.c) against bytes written out from TPM
 * 2.0 Part 3, and the measurement plan and event log (plan.c, eventlog.c)
 * against digests computed here with lib/sha256.c, not with the code under
 * test.
 */
#include "boot/trust/tpm/measure.h"
#include "boot/trust/tpm/tpm.h"
#include "lib/blob.h"
#include "lib/cleanup.h"
#include "lib/pe-blob.h"
#include "lib/pe.h"
#include "lib/sha256.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-pe-build.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static void test_commands_are_part_3_bytes(void)
{
	static const uint8_t getcap[] = { 0x80, 0x01, 0, 0, 0, 22, 0, 0, 0x01, 0x7a, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 8 };
	static const uint8_t read[] = { 0x80, 0x01, 0, 0, 0, 20, 0, 0, 0x01, 0x7e, 0, 0, 0, 1, 0, 0x0b, 3, 0, 0x10, 0 };
	uint8_t buf[256];
	struct tpm_digests d = { .n = 2, .alg = { TPM_ALG_SHA1, TPM_ALG_SHA256 } };
	int n;

	CHECK_EQ(tpm_cmd_get_pcr_banks(buf, sizeof(buf)), sizeof(getcap));
	CHECK(memcmp(buf, getcap, sizeof(getcap)) == 0);
	CHECK_EQ(tpm_cmd_pcr_read(buf, sizeof(buf), 12, TPM_ALG_SHA256), sizeof(read));
	CHECK(memcmp(buf, read, sizeof(read)) == 0);
	CHECK_EQ(tpm_cmd_pcr_read(buf, sizeof(buf), 24, TPM_ALG_SHA256), -EINVAL);

	memset(d.d[0], 0xaa, 20);
	memset(d.d[1], 0xbb, 32);
	n = tpm_cmd_pcr_extend(buf, sizeof(buf), 9, &d);
	/* header 10, handle 4, auth size 4 + 9, count 4, 2 + 20, 2 + 32 */
	CHECK_EQ(n, 10 + 4 + 4 + 9 + 4 + 22 + 34);
	CHECK(buf[0] == 0x80 && buf[1] == 0x02 && buf[5] == n && buf[9] == 0x82);
	CHECK(buf[13] == 9 && buf[17] == 9);
	CHECK(buf[18] == 0x40 && buf[19] == 0 && buf[20] == 0 && buf[21] == 9);
	CHECK(buf[27] == 0 && buf[30] == 2 && buf[31] == 0 && buf[32] == 4 && buf[33] == 0xaa);
	CHECK(buf[53] == 0 && buf[54] == 0x0b && buf[55] == 0xbb && buf[n - 1] == 0xbb);
	CHECK_EQ(tpm_cmd_pcr_extend(buf, 40, 9, &d), -ENOBUFS);
	CHECK_EQ(tpm_cmd_pcr_extend(buf, sizeof(buf), 30, &d), -EINVAL);
	d.alg[1] = 0x0012; /* SM3: no size known here */
	CHECK_EQ(tpm_cmd_pcr_extend(buf, sizeof(buf), 9, &d), -EINVAL);
}

/* What swtpm answers with sha1 and sha256 allocated and sha384 present but empty. */
static const uint8_t caps[] = {
	0x80, 0x01, 0, 0, 0, 37, 0, 0, 0, 0,
	0,                 /* moreData */
	0, 0, 0, 5,        /* TPM_CAP_PCRS */
	0, 0, 0, 3,        /* three selections */
	0, 0x04, 3, 0xff, 0xff, 0xff,
	0, 0x0b, 3, 0xff, 0xff, 0xff,
	0, 0x0c, 3, 0, 0, 0,
};

static void test_banks_from_capability(void)
{
	struct tpm_banks b;
	uint32_t rc = 0;

	CHECK_EQ(tpm_resp_get_pcr_banks(caps, sizeof(caps), &b, &rc), 0);
	CHECK_EQ(b.n, 2);
	CHECK(b.alg[0] == TPM_ALG_SHA1 && b.alg[1] == TPM_ALG_SHA256);
	/* Every truncation is malformed (the header's size no longer matches). */
	for (size_t n = 0; n < sizeof(caps); n++)
		CHECK_EQ(tpm_resp_get_pcr_banks(caps, n, &b, &rc), -EBADMSG);
}

static void test_errors_and_malformed_answers(void)
{
	static const uint8_t err[] = { 0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x09, 0x22 };
	static const uint8_t long_err[] = { 0x80, 0x01, 0, 0, 0, 11, 0, 0, 0x09, 0x22, 0 };
	static const uint8_t ok_extend[] = { 0x80, 0x02, 0, 0, 0, 19, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0 };
	uint8_t bad[sizeof(caps)];
	struct tpm_banks b;
	uint32_t rc = 0;

	CHECK_EQ(tpm_resp_pcr_extend(err, sizeof(err), &rc), -EPROTO);
	CHECK_EQ(rc, 0x922);
	CHECK_EQ(tpm_resp_pcr_extend(long_err, sizeof(long_err), &rc), -EBADMSG);
	CHECK_EQ(tpm_resp_pcr_extend(ok_extend, sizeof(ok_extend), &rc), 0);
	CHECK_EQ(tpm_resp_pcr_extend(ok_extend, sizeof(ok_extend) - 1, &rc), -EBADMSG);
	memcpy(bad, caps, sizeof(caps));
	bad[18] = 9; /* more selections than TPM_MAX_BANKS */
	CHECK_EQ(tpm_resp_get_pcr_banks(bad, sizeof(bad), &b, &rc), -EBADMSG);
	memcpy(bad, caps, sizeof(caps));
	bad[21] = 200; /* a pcrSelect longer than the answer */
	CHECK_EQ(tpm_resp_get_pcr_banks(bad, sizeof(bad), &b, &rc), -EBADMSG);
	memcpy(bad, caps, sizeof(caps));
	bad[0] = 0x00; /* not a TPM 2.0 tag */
	CHECK_EQ(tpm_resp_get_pcr_banks(bad, sizeof(bad), &b, &rc), -EBADMSG);
}

static void test_pcr_read_answer(void)
{
	uint8_t r[10 + 4 + 4 + 6 + 4 + 2 + 32], out[TPM_MAX_DIGEST];
	size_t n = 0;
	uint32_t rc;

	memset(r, 0, sizeof(r));
	r[0] = 0x80, r[1] = 0x01, r[5] = sizeof(r);
	r[17] = 1;                           /* pcrSelectionOut.count */
	r[19] = 0x0b, r[20] = 3, r[23] = 0x10; /* sha256, PCR 12 */
	r[27] = 1;                           /* one digest */
	r[29] = 32;
	memset(r + 30, 0x5a, 32);
	CHECK_EQ(tpm_resp_pcr_read(r, sizeof(r), out, &n, &rc), 0);
	CHECK_EQ(n, 32);
	CHECK(out[0] == 0x5a && out[31] == 0x5a);
	r[29] = 65; /* longer than any digest */
	CHECK_EQ(tpm_resp_pcr_read(r, sizeof(r), out, &n, &rc), -EBADMSG);
	/* An unallocated PCR: an empty selection and no digest. */
	{
		uint8_t e[10 + 4 + 4 + 4] = { 0x80, 0x01, 0, 0, 0, 22 };

		CHECK_EQ(tpm_resp_pcr_read(e, sizeof(e), out, &n, &rc), -ENODATA);
	}
}

static void blob_of(struct blob *b, const char *name, const void *data, size_t size)
{
	CHECK_EQ(blob_new_heap(size, false, name, b), 0);
	if (size)
		memcpy(b->storage, data, size);
}

static void sha256_ext(uint8_t pcr[32], const void *data, size_t size)
{
	uint8_t buf[64];

	memcpy(buf, pcr, 32);
	sha256_digest(data, size, buf + 32);
	sha256_digest(buf, 64, pcr);
}

static const struct tpm_banks sha1_sha256 = { .alg = { TPM_ALG_SHA1, TPM_ALG_SHA256 }, .n = 2 };

/* The six events of the plain image below, its log, and the log's replay against sha256 computed here. */
static void check_plain_events_and_log(struct measure_plan *p)
{
	static const uint8_t sep[4];
	uint8_t want8[32] = { 0 }, want9[32] = { 0 }, got[TPM_MAX_DIGEST];
	_cleanup_free_ uint8_t *log = NULL;
	size_t len = 0;

	CHECK(p->ev[0].pcr == 8 && p->ev[0].type == EV_IPL);
	CHECK(p->ev[0].event_size == 38 && memcmp(p->ev[0].event, "kernel_cmdline: root=/dev/vda ro quiet", 38) == 0);
	CHECK(p->ev[1].pcr == 9 && p->ev[1].size == 6 && memcmp(p->ev[1].data, "KERNEL", 6) == 0);
	CHECK(p->ev[1].event_size == 21 && memcmp(p->ev[1].event, "kernel: root:/vmlinuz", 21) == 0);
	CHECK(p->ev[2].pcr == 9 && p->ev[2].size == 8 && memcmp(p->ev[2].event, "initrd: root:/initrd.img", 24) == 0);
	CHECK(p->ev[3].pcr == 9 && p->ev[3].size == 0);
	CHECK(p->ev[4].pcr == 8 && p->ev[4].type == EV_SEPARATOR && p->ev[4].size == 4);
	CHECK(p->ev[5].pcr == 9 && p->ev[5].type == EV_SEPARATOR);

	CHECK_EQ(measure_plan_hash(p, &sha1_sha256, NULL), 0);
	CHECK_EQ(eventlog_build(p, &sha1_sha256, &log, &len), 0);
	/* Header: 32 bytes + Spec ID (16 + 4 + 4 + 4 + 2 * 4 + 1). */
	CHECK(len > 69 && memcmp(log + 32, "Spec ID Event03", 16) == 0);
	CHECK(log[8 + 20] == 37);
	sha256_ext(want8, "kernel_cmdline: root=/dev/vda ro quiet", 38);
	sha256_ext(want8, sep, 4);
	sha256_ext(want9, "KERNEL", 6);
	sha256_ext(want9, "INITRD-1", 8);
	sha256_ext(want9, "", 0);
	sha256_ext(want9, sep, 4);
	CHECK_EQ(eventlog_replay(log, len, TPM_ALG_SHA256, 8, got), 0);
	CHECK(memcmp(got, want8, 32) == 0);
	CHECK_EQ(eventlog_replay(log, len, TPM_ALG_SHA256, 9, got), 0);
	CHECK(memcmp(got, want9, 32) == 0);
	CHECK_EQ(eventlog_replay(log, len, TPM_ALG_SHA384, 9, got), -ENOENT);
	/* Every truncation of the log is refused or replays fewer events, never read past. */
	for (size_t n = 0; n < len; n++) {
		int r = eventlog_replay(log, n, TPM_ALG_SHA256, 9, got);

		CHECK(r == -EBADMSG || (r == 0 && memcmp(got, want9, 32) != 0));
	}
}

static void test_plain_kernel_plan_and_log(void)
{
	struct boot_image img = { .kernel = BLOB_INIT };
	struct blob initrds[2] = { BLOB_INIT, BLOB_INIT };
	struct measure_plan p;

	blob_of(&img.kernel, "root:/vmlinuz", "KERNEL", 6);
	blob_of(&initrds[0], "root:/initrd.img", "INITRD-1", 8);
	blob_of(&initrds[1], "root:/extra.cpio", "", 0);
	img.initrds = initrds;
	img.n_initrds = 2;
	img.cmdline = (char *)"root=/dev/vda ro quiet";
	CHECK_EQ(measure_plan_build(&img, &p), 0);
	CHECK(!p.uki);
	CHECK_EQ(p.n, 6);
	if (p.n == 6)
		check_plain_events_and_log(&p);
	measure_plan_done(&p);
	blob_release(&img.kernel);
	blob_release(&initrds[0]);
	blob_release(&initrds[1]);
}

/* The entry's devicetree: PCR 9 after the initrds, before the separator. */
static void test_devicetree_goes_to_pcr_9(void)
{
	struct boot_image img = { .kernel = BLOB_INIT, .devicetree = BLOB_INIT };
	struct blob initrd = BLOB_INIT;
	struct measure_plan p;

	blob_of(&img.kernel, "root:/vmlinuz", "KERNEL", 6);
	blob_of(&initrd, "root:/initrd.img", "INITRD-1", 8);
	blob_of(&img.devicetree, "root:/board.dtb", "DTB", 3);
	img.initrds = &initrd;
	img.n_initrds = 1;
	img.cmdline = (char *)"quiet";
	CHECK_EQ(measure_plan_build(&img, &p), 0);
	CHECK_EQ(p.n, 6);
	if (p.n == 6) {
		CHECK(p.ev[3].pcr == 9 && p.ev[3].type == EV_IPL && p.ev[3].size == 3 &&
		      memcmp(p.ev[3].data, "DTB", 3) == 0);
		CHECK(p.ev[3].event_size == 27 && memcmp(p.ev[3].event, "devicetree: root:/board.dtb", 27) == 0);
		CHECK(p.ev[5].pcr == 9 && p.ev[5].type == EV_SEPARATOR);
	}
	measure_plan_done(&p);
	blob_release(&img.kernel);
	blob_release(&initrd);
	blob_release(&img.devicetree);
}

static void test_uki_plan_follows_systemd_stub(void)
{
	static const struct tpe_sec secs[] = {
		{ ".initrd", "INITRD" }, { ".pcrsig", "{}" }, { ".linux", "MZKERNEL" },
		{ ".cmdline", "console=ttyS0 quiet\n" }, { ".osrel", "ID=test\n" }, { ".sdmagic", "x" },
	};
	static const char *const order[] = { ".linux", ".osrel", ".cmdline", ".initrd" };
	struct boot_image img = { .kernel = BLOB_INIT };
	struct blob initrds[2] = { BLOB_INIT, BLOB_INIT };
	struct measure_plan p;
	size_t len = 0;
	_cleanup_free_ uint8_t *pe = tpe_build(secs, ARRAY_SIZE(secs), &len);

	CHECK(pe != NULL);
	if (!pe)
		return;
	blob_of(&img.kernel, "root:/uki.efi.linux", pe, len);
	CHECK_EQ(pe_blob_narrow(&img.kernel, ".linux", NULL), 0);
	blob_of(&initrds[0], "root:/uki.efi.initrd", pe, len);
	CHECK_EQ(pe_blob_narrow(&initrds[0], ".initrd", NULL), 0);
	blob_of(&initrds[1], "root:/extra.cpio", "EXTRA", 5);
	img.initrds = initrds;
	img.n_initrds = 2;
	img.cmdline = (char *)"console=ttyS0 quiet";
	CHECK_EQ(measure_plan_build(&img, &p), 0);
	CHECK(p.uki);
	/* 4 sections x (name, contents), the extra initrd, two separators; no PCR 12. */
	CHECK_EQ(p.n, 4 * 2 + 1 + 2);
	for (size_t i = 0; i < 4 && p.n == 11; i++) {
		const struct measure_event *name = &p.ev[2 * i], *data = &p.ev[2 * i + 1];

		CHECK(name->pcr == 11 && data->pcr == 11);
		CHECK(name->size == strlen(order[i]) + 1 && memcmp(name->data, order[i], name->size) == 0);
		CHECK(data->event_size == strlen(order[i]) && memcmp(data->event, order[i], data->event_size) == 0);
	}
	if (p.n == 11) {
		CHECK(p.ev[1].size == 8 && memcmp(p.ev[1].data, "MZKERNEL", 8) == 0);
		CHECK(p.ev[5].size == 20 && memcmp(p.ev[5].data, "console=ttyS0 quiet\n", 20) == 0);
		CHECK(p.ev[8].pcr == 9 && p.ev[8].size == 5);
		CHECK(p.ev[9].type == EV_SEPARATOR && p.ev[10].type == EV_SEPARATOR);
	}
	measure_plan_done(&p);

	/* An edited command line goes to PCR 12 as UTF-16LE with its NUL. */
	img.cmdline = (char *)"quiet \xc3\xa9\xf0\x9f\x98\x80";
	CHECK_EQ(measure_plan_build(&img, &p), 0);
	CHECK_EQ(p.n, 12);
	if (p.n == 12) {
		static const uint8_t u16[] = { 'q', 0, 'u', 0, 'i', 0, 'e', 0, 't', 0, ' ', 0, 0xe9, 0,
					       0x3d, 0xd8, 0x00, 0xde, 0, 0 };

		CHECK(p.ev[8].pcr == 12 && p.ev[8].size == sizeof(u16) && memcmp(p.ev[8].data, u16, sizeof(u16)) == 0);
	}
	measure_plan_done(&p);

	/* Emptied: booting without the UKI's own command line is recorded too (just the NUL). */
	img.cmdline = (char *)"";
	CHECK_EQ(measure_plan_build(&img, &p), 0);
	CHECK_EQ(p.n, 12);
	if (p.n == 12)
		CHECK(p.ev[8].pcr == 12 && p.ev[8].size == 2 && p.ev[8].data[0] == 0 && p.ev[8].data[1] == 0);
	measure_plan_done(&p);
	blob_release(&img.kernel);
	blob_release(&initrds[0]);
	blob_release(&initrds[1]);
}

/* The section names a plan measured into PCR 11, joined by spaces. */
static void pcr11_names(const struct measure_plan *p, char *out, size_t size)
{
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i + 1 < p->n; i++)
		if (p->ev[i].pcr == 11 && p->ev[i].data == p->ev[i].event && len + p->ev[i].size + 1 < size) {
			len += (size_t)snprintf(out + len, size - len, "%s%s", len ? " " : "", (const char *)p->ev[i].data);
		}
}

static void test_uki_plan_follows_the_stub_version(void)
{
	struct tpe_sec secs[] = {
		{ ".sdmagic", "#### LoaderInfo: systemd-stub 252.39-1~deb12u2 ####" }, { ".sbat", "sbat,1\n" },
		{ ".osrel", "ID=test\n" }, { ".uname", "6.1.0-test" }, { ".ucode", "UCODE" }, { ".splash", "BM" },
		{ ".dtb", "DTB" }, { ".linux", "MZKERNEL" }, { ".initrd", "INITRD" },
	};
	struct boot_image img = { .kernel = BLOB_INIT };
	struct blob initrds[2] = { BLOB_INIT, BLOB_INIT };
	struct measure_plan p;
	struct pe_file pe;
	char names[256];
	size_t len = 0;
	uint8_t *b = tpe_build(secs, ARRAY_SIZE(secs), &len);

	CHECK(b != NULL);
	if (!b)
		return;
	CHECK_EQ(pe_open(&pe, b, len, len), 0);
	CHECK_EQ(measure_uki_stub_version(&pe, b), 252);
	/* Split the way boot/image.c splits a whole UKI: .ucode, .initrd, then the kernel. */
	blob_of(&img.kernel, "root:/uki.efi", b, len);
	CHECK_EQ(pe_blob_narrow(&img.kernel, ".linux", NULL), 0);
	blob_of(&initrds[0], "root:/uki.efi", b, len);
	CHECK_EQ(pe_blob_narrow(&initrds[0], ".ucode", NULL), 0);
	blob_of(&initrds[1], "root:/uki.efi", b, len);
	CHECK_EQ(pe_blob_narrow(&initrds[1], ".initrd", NULL), 0);
	img.initrds = initrds;
	img.n_initrds = 2;
	img.cmdline = (char *)"";
	CHECK_EQ(measure_plan_build(&img, &p), 0);
	CHECK(p.uki && p.stub_version == 252);
	/* systemd-stub 252's list and order; no .uname, .sbat or .ucode in PCR 11. */
	pcr11_names(&p, names, sizeof(names));
	CHECK_STREQ(names, ".linux .osrel .initrd .splash .dtb");
	/* The .ucode it would not measure is loaded by kexboot: PCR 9, then the separators. */
	CHECK_EQ(p.n, 5 * 2 + 1 + 2);
	if (p.n == 13)
		CHECK(p.ev[10].pcr == 9 && p.ev[10].size == 5 && memcmp(p.ev[10].data, "UCODE", 5) == 0);
	measure_plan_done(&p);
	blob_release(&img.kernel);
	blob_release(&initrds[0]);
	blob_release(&initrds[1]);
	free(b);

	/* A newer stub: the current list, .ucode in PCR 11 and not again in PCR 9. */
	secs[0].data = "#### LoaderInfo: systemd-stub 257.9 ####";
	b = tpe_build(secs, ARRAY_SIZE(secs), &len);
	CHECK(b != NULL);
	if (!b)
		return;
	blob_of(&img.kernel, "root:/uki.efi", b, len);
	CHECK_EQ(pe_blob_narrow(&img.kernel, ".linux", NULL), 0);
	blob_of(&initrds[0], "root:/uki.efi", b, len);
	CHECK_EQ(pe_blob_narrow(&initrds[0], ".ucode", NULL), 0);
	blob_of(&initrds[1], "root:/uki.efi", b, len);
	CHECK_EQ(pe_blob_narrow(&initrds[1], ".initrd", NULL), 0);
	CHECK_EQ(measure_plan_build(&img, &p), 0);
	CHECK(p.uki && p.stub_version == 257);
	pcr11_names(&p, names, sizeof(names));
	CHECK_STREQ(names, ".linux .osrel .initrd .ucode .splash .dtb .uname .sbat");
	CHECK_EQ(p.n, 8 * 2 + 2);
	measure_plan_done(&p);
	blob_release(&img.kernel);
	blob_release(&initrds[0]);
	blob_release(&initrds[1]);
	free(b);
}

static void test_hash_refuses_unknown_banks(void)
{
	struct tpm_banks sm3 = { .alg = { TPM_ALG_SHA256, 0x0012 }, .n = 2 };
	struct boot_image img = { .kernel = BLOB_INIT, .cmdline = (char *)"" };
	struct measure_plan p;
	struct diag_list why = { 0 };

	CHECK_EQ(measure_plan_build(&img, &p), 0);
	CHECK_EQ(measure_plan_hash(&p, &sm3, &why), -EOPNOTSUPP);
	CHECK(strstr(why.reason, "0x0012 PCR bank") != NULL);
	measure_plan_done(&p);
	diag_list_done(&why);
}

static const struct test tests[] = {
	TEST(commands_are_part_3_bytes),
	TEST(banks_from_capability),
	TEST(errors_and_malformed_answers),
	TEST(pcr_read_answer),
	TEST(plain_kernel_plan_and_log),
	TEST(devicetree_goes_to_pcr_9),
	TEST(uki_plan_follows_systemd_stub),
	TEST(uki_plan_follows_the_stub_version),
	TEST(hash_refuses_unknown_banks),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
