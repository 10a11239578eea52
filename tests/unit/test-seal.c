// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The unseal commands and the sealed file (boot/trust/tpm/wire-seal.c,
 * seal.h) against bytes written out here from TPM 2.0 Part 3 (and, for
 * CreatePrimary's template, the public area tpm2_readpublic shows for
 * `tpm2_createprimary -C o`); every decoder over every truncation of its
 * response.
 */
#include "boot/trust/tpm/seal.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <stdlib.h>

static void test_create_primary_is_tpm2_tools_default_template(void)
{
	static const uint8_t want[] = {
		0x80, 0x02, 0, 0, 0, 67, 0, 0, 0x01, 0x31, /* TPM_ST_SESSIONS, size, TPM_CC_CreatePrimary */
		0x40, 0, 0, 0x01,                         /* TPM_RH_OWNER */
		0, 0, 0, 9, 0x40, 0, 0, 0x09, 0, 0, 0, 0, 0, /* TPM_RS_PW, empty */
		0, 4, 0, 0, 0, 0,                         /* inSensitive: empty userAuth and data */
		0, 26,                                    /* inPublic */
		0, 0x01, 0, 0x0b, 0, 0x03, 0, 0x72,       /* rsa, sha256, attributes 0x30072 */
		0, 0,                                     /* authPolicy */
		0, 0x06, 0, 0x80, 0, 0x43,                /* aes 128 cfb */
		0, 0x10, 0x08, 0, 0, 0, 0, 0,             /* scheme null, 2048 bits, exponent 0 */
		0, 0,                                     /* unique */
		0, 0, 0, 0, 0, 0,                         /* outsideInfo, creationPCR */
	};
	uint8_t buf[128];

	CHECK_EQ(tpm_cmd_create_primary(buf, sizeof(buf)), sizeof(want));
	CHECK(memcmp(buf, want, sizeof(want)) == 0);
	CHECK_EQ(tpm_cmd_create_primary(buf, 66), -ENOBUFS);
}

static void test_session_commands_are_part_3_bytes(void)
{
	static const uint8_t policy[] = { 0x80, 0x01, 0, 0, 0, 26, 0, 0, 0x01, 0x7f, 0x03, 0, 0, 0x02, 0, 0,
					  0, 0, 0, 1, 0, 0x0b, 3, 0, 0x03, 0 };
	static const uint8_t flush[] = { 0x80, 0x01, 0, 0, 0, 14, 0, 0, 0x01, 0x65, 0x80, 0, 0, 0x01 };
	const struct tpm_pcr_selection sel = { TPM_ALG_SHA256, { 0, 0x03, 0 } };
	uint8_t buf[256], nonce[TPM_NONCE_SIZE];

	for (size_t i = 0; i < sizeof(nonce); i++)
		nonce[i] = (uint8_t)(0xa0 + i);
	CHECK_EQ(tpm_cmd_policy_pcr(buf, sizeof(buf), 0x03000002, &sel), sizeof(policy));
	CHECK(memcmp(buf, policy, sizeof(policy)) == 0);
	CHECK_EQ(tpm_cmd_flush_context(buf, sizeof(buf), 0x80000001), sizeof(flush));
	CHECK(memcmp(buf, flush, sizeof(flush)) == 0);

	/* StartAuthSession: two TPM_RH_NULL, the nonce, no salt, a policy session, no symmetric, sha256. */
	CHECK_EQ(tpm_cmd_start_policy_session(buf, sizeof(buf), nonce), 59);
	CHECK(buf[0] == 0x80 && buf[1] == 0x01 && buf[5] == 59 && buf[8] == 0x01 && buf[9] == 0x76);
	CHECK(buf[10] == 0x40 && buf[13] == 0x07 && buf[14] == 0x40 && buf[17] == 0x07);
	CHECK(buf[18] == 0 && buf[19] == 32 && buf[20] == 0xa0 && buf[51] == 0xbf);
	CHECK(buf[52] == 0 && buf[53] == 0 && buf[54] == 0x01 && buf[55] == 0 && buf[56] == 0x10);
	CHECK(buf[57] == 0 && buf[58] == 0x0b);

	/* Unseal: the item, one policy session with the nonce, continueSession clear, no hmac. */
	CHECK_EQ(tpm_cmd_unseal(buf, sizeof(buf), 0x80000001, 0x03000000, nonce), 59);
	CHECK(buf[0] == 0x80 && buf[1] == 0x02 && buf[8] == 0x01 && buf[9] == 0x5e);
	CHECK(buf[10] == 0x80 && buf[13] == 0x01 && buf[17] == 41);
	CHECK(buf[18] == 0x03 && buf[21] == 0 && buf[22] == 0 && buf[23] == 32 && buf[24] == 0xa0);
	CHECK(buf[56] == 0 && buf[57] == 0 && buf[58] == 0);
	CHECK_EQ(tpm_cmd_unseal(buf, 58, 0x80000001, 0x03000000, nonce), -ENOBUFS);
}

/* A sealed file: magic, selection, a keyedhash public area, a private part. */
static size_t sealed_file(uint8_t *b, uint32_t attrs, uint8_t sel0, uint8_t sel1, uint16_t policy_len,
			  uint16_t type)
{
	size_t n = 0, pub_at;

	memcpy(b, TPM_SEALED_MAGIC, TPM_SEALED_MAGIC_LEN);
	n = TPM_SEALED_MAGIC_LEN;
	b[n++] = 0, b[n++] = 0, b[n++] = 0, b[n++] = 1;
	b[n++] = 0, b[n++] = 0x0b, b[n++] = 3, b[n++] = sel0, b[n++] = sel1, b[n++] = 0;
	pub_at = n;
	n += 2;
	b[n++] = (uint8_t)(type >> 8), b[n++] = (uint8_t)type, b[n++] = 0, b[n++] = 0x0b;
	b[n++] = (uint8_t)(attrs >> 24), b[n++] = (uint8_t)(attrs >> 16), b[n++] = (uint8_t)(attrs >> 8),
	b[n++] = (uint8_t)attrs;
	b[n++] = (uint8_t)(policy_len >> 8), b[n++] = (uint8_t)policy_len;
	memset(b + n, 0x5a, policy_len);
	n += policy_len;
	b[n++] = 0, b[n++] = 0x10; /* keyedhash scheme: null */
	b[n++] = 0, b[n++] = 32;   /* unique */
	memset(b + n, 0x11, 32);
	n += 32;
	b[pub_at] = (uint8_t)((n - pub_at - 2) >> 8), b[pub_at + 1] = (uint8_t)(n - pub_at - 2);
	b[n++] = 0, b[n++] = 5;    /* TPM2B_PRIVATE */
	memcpy(b + n, "PRIV!", 5);
	return n + 5;
}

static void test_sealed_file_layout_and_rules(void)
{
	uint8_t b[512], cmd[512];
	struct tpm_sealed s;
	const char *what;
	size_t n = sealed_file(b, 0x12, 0, 0x03, 32, TPM_ALG_KEYEDHASH);
	int len;

	CHECK_EQ(tpm_sealed_parse(b, n, &s, &what), 0);
	CHECK(what == NULL);
	CHECK_EQ(s.sel.alg, TPM_ALG_SHA256);
	CHECK(tpm_pcr_selected(&s.sel, 8) && tpm_pcr_selected(&s.sel, 9) && !tpm_pcr_selected(&s.sel, 7));
	CHECK_EQ(s.attributes, 0x12);
	CHECK(s.pub == b + 18 && s.pub_len == 2 + 2 + 2 + 4 + 34 + 2 + 34);
	CHECK(s.priv == s.pub + s.pub_len && s.priv_len == 7);
	/* Load carries both parts as they are, private first. */
	len = tpm_cmd_load(cmd, sizeof(cmd), 0x80000000, &s);
	CHECK_EQ(len, 10 + 4 + 13 + (int)s.priv_len + (int)s.pub_len);
	CHECK(cmd[9] == 0x57 && cmd[10] == 0x80 && memcmp(cmd + 27, s.priv, s.priv_len) == 0);
	CHECK(memcmp(cmd + 27 + s.priv_len, s.pub, s.pub_len) == 0);

	/* Every shorter file is malformed, and so is one with a byte after. */
	for (size_t k = 0; k < n; k++)
		CHECK_EQ(tpm_sealed_parse(b, k, &s, &what), -EBADMSG);
	b[n] = 0;
	CHECK_EQ(tpm_sealed_parse(b, n + 1, &s, &what), -EBADMSG);
	b[0] = 'X';
	CHECK_EQ(tpm_sealed_parse(b, n, &s, &what), -EBADMSG);

	/* The rules. */
	n = sealed_file(b, 0x52, 0, 0x03, 32, TPM_ALG_KEYEDHASH);
	CHECK_EQ(tpm_sealed_parse(b, n, &s, &what), -EPERM);
	CHECK(what && strstr(what, "userWithAuth") != NULL);
	n = sealed_file(b, 0x12, 0x80, 0, 32, TPM_ALG_KEYEDHASH);
	CHECK_EQ(tpm_sealed_parse(b, n, &s, &what), -EPERM);
	CHECK(what && strstr(what, "neither PCR 8 nor PCR 9") != NULL);
	n = sealed_file(b, 0x12, 0x80, 0x02, 32, TPM_ALG_KEYEDHASH); /* PCR 7 and 9: 9 is capped */
	CHECK_EQ(tpm_sealed_parse(b, n, &s, &what), 0);
	n = sealed_file(b, 0x12, 0, 0x01, 0, TPM_ALG_KEYEDHASH);
	CHECK_EQ(tpm_sealed_parse(b, n, &s, &what), -EPERM);
	CHECK(what && strstr(what, "no policy") != NULL);
	n = sealed_file(b, 0x12, 0, 0x01, 32, 0x0001);
	CHECK_EQ(tpm_sealed_parse(b, n, &s, &what), -EPERM);
	CHECK(what && strstr(what, "keyedhash") != NULL);
	n = sealed_file(b, 0x12, 0, 0x01, 32, TPM_ALG_KEYEDHASH);
	b[13] = 0x12; /* SM3: a bank kexboot cannot name */
	CHECK_EQ(tpm_sealed_parse(b, n, &s, &what), -EPERM);
}

/* Every prefix of a good response is malformed. */
#define CHECK_TRUNCATIONS(resp, call)                                        \
	for (size_t k = 0; k < sizeof(resp); k++) {                           \
		const uint8_t *r_ = (resp);                                   \
		size_t len_ = k;                                              \
		(void)r_;                                                     \
		(void)len_;                                                   \
		CHECK_EQ(call, -EBADMSG);                                     \
	}

static void test_answers_and_their_truncations(void)
{
	static const uint8_t primary[] = { 0x80, 0x02, 0, 0, 0, 27, 0, 0, 0, 0, 0x80, 0, 0, 0x07,
					   0, 0, 0, 4, 1, 2, 3, 4, 0, 0, 0x01, 0, 0 };
	static const uint8_t session[] = { 0x80, 0x01, 0, 0, 0, 20, 0, 0, 0, 0, 0x03, 0, 0, 0x01,
					   0, 4, 9, 9, 9, 9 };
	static const uint8_t unseal[] = { 0x80, 0x02, 0, 0, 0, 26, 0, 0, 0, 0, 0, 0, 0, 7,
					  0, 5, 's', 'e', 'c', 'r', 't', 0, 0, 0x01, 0, 0 };
	static const uint8_t empty[] = { 0x80, 0x01, 0, 0, 0, 10, 0, 0, 0, 0 };
	static const uint8_t policy_fail[] = { 0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x09, 0x9d };
	uint8_t bad[64];
	const uint8_t *data = NULL;
	uint32_t h = 0, rc = 0;
	size_t size = 0;

	CHECK_EQ(tpm_resp_create_primary(primary, sizeof(primary), &h, &rc), 0);
	CHECK_EQ(h, 0x80000007);
	CHECK_EQ(tpm_resp_load(primary, sizeof(primary), &h, &rc), 0);
	CHECK_TRUNCATIONS(primary, tpm_resp_create_primary(r_, len_, &h, &rc));
	CHECK_EQ(tpm_resp_start_auth_session(session, sizeof(session), &h, &rc), 0);
	CHECK_EQ(h, 0x03000001);
	CHECK_TRUNCATIONS(session, tpm_resp_start_auth_session(r_, len_, &h, &rc));
	CHECK_EQ(tpm_resp_unseal(unseal, sizeof(unseal), &data, &size, &rc), 0);
	CHECK(size == 5 && data == unseal + 16 && memcmp(data, "secrt", 5) == 0);
	CHECK_TRUNCATIONS(unseal, tpm_resp_unseal(r_, len_, &data, &size, &rc));
	CHECK_EQ(tpm_resp_policy_pcr(empty, sizeof(empty), &rc), 0);
	CHECK_EQ(tpm_resp_flush_context(empty, sizeof(empty), &rc), 0);
	CHECK_EQ(tpm_resp_policy_pcr(primary, sizeof(primary), &rc), -EBADMSG);

	/* parameterSize must cover exactly outData; outData at most 128 bytes. */
	memcpy(bad, unseal, sizeof(unseal));
	bad[13] = 8;
	CHECK_EQ(tpm_resp_unseal(bad, sizeof(unseal), &data, &size, &rc), -EBADMSG);
	memcpy(bad, primary, sizeof(primary));
	bad[17] = 200;
	CHECK_EQ(tpm_resp_load(bad, sizeof(primary), &h, &rc), -EBADMSG);

	/* A policy that does not hold: the TPM's code, in words. */
	CHECK_EQ(tpm_resp_unseal(policy_fail, sizeof(policy_fail), &data, &size, &rc), -EPROTO);
	CHECK_EQ(rc, 0x99d);
	CHECK(strstr(tpm_rc_describe(rc), "TPM_RC_POLICY_FAIL") != NULL);
	CHECK(strstr(tpm_rc_describe(0x1df), "TPM_RC_INTEGRITY") != NULL);
	CHECK(tpm_rc_describe(0x101) == NULL);
}

static const struct test tests[] = {
	TEST(create_primary_is_tpm2_tools_default_template),
	TEST(session_commands_are_part_3_bytes),
	TEST(sealed_file_layout_and_rules),
	TEST(answers_and_their_truncations),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
