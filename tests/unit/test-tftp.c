// SPDX-License-Identifier: GPL-2.0-or-later
/* The TFTP packet codec (boot/fetch/tftp_packet.c): requests built, server packets parsed, malformed ones refused. */
#include "boot/fetch/tftp.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"

#include <errno.h>

#define PKT(s) (const uint8_t *)(s), sizeof(s) - 1

static void test_rrq_options(void)
{
	static const char want[] = "\0\1pxelinux.0\0octet\0blksize\0" "1468\0tsize\0" "0\0timeout\0" "3\0windowsize\0" "16";
	struct tftp_options o = { .blksize = 1468, .windowsize = 16, .timeout = 3, .has_tsize = true };
	uint8_t buf[TFTP_RRQ_MAX];
	size_t len = 0;

	CHECK_EQ(tftp_rrq_build(buf, sizeof(buf), "pxelinux.0", &o, &len), 0);
	CHECK_EQ(len, sizeof(want));
	CHECK(memcmp(buf, want, sizeof(want)) == 0);
	/* No options: a plain RFC 1350 request. */
	CHECK_EQ(tftp_rrq_build(buf, sizeof(buf), "a/b", NULL, &len), 0);
	CHECK_EQ(len, 2 + 4 + 6);
	CHECK(memcmp(buf, "\0\1a/b\0octet\0", len) == 0);
}

static void test_rrq_refused(void)
{
	struct tftp_options o = { .blksize = 7 };
	uint8_t buf[TFTP_RRQ_MAX];
	char name[TFTP_FILENAME_MAX + 2];
	size_t len = 0;

	CHECK_EQ(tftp_rrq_build(buf, sizeof(buf), "", NULL, &len), -EINVAL);
	CHECK_EQ(tftp_rrq_build(buf, sizeof(buf), "x", &o, &len), -EINVAL);
	o = (struct tftp_options){ .blksize = TFTP_BLKSIZE_MAX + 1 };
	CHECK_EQ(tftp_rrq_build(buf, sizeof(buf), "x", &o, &len), -EINVAL);
	o = (struct tftp_options){ .timeout = 256 };
	CHECK_EQ(tftp_rrq_build(buf, sizeof(buf), "x", &o, &len), -EINVAL);
	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	CHECK_EQ(tftp_rrq_build(buf, sizeof(buf), name, NULL, &len), -ENAMETOOLONG);
	name[TFTP_FILENAME_MAX] = '\0';
	CHECK_EQ(tftp_rrq_build(buf, sizeof(buf), name, NULL, &len), 0);
	CHECK_EQ(tftp_rrq_build(buf, 10, "pxelinux.0", NULL, &len), -ENOBUFS);
	CHECK_EQ(tftp_rrq_build(buf, 1, "x", NULL, &len), -ENOBUFS);
}

static void test_ack_error_build(void)
{
	uint8_t buf[300];
	char msg[400];
	size_t len = 0;

	CHECK_EQ(tftp_ack_build(buf, sizeof(buf), 0xabcd, &len), 0);
	CHECK_EQ(len, 4);
	CHECK(memcmp(buf, "\0\4\xab\xcd", 4) == 0);
	CHECK_EQ(tftp_ack_build(buf, 3, 1, &len), -ENOBUFS);
	CHECK_EQ(tftp_error_build(buf, sizeof(buf), TFTP_EOPTNEG, "no", &len), 0);
	CHECK_EQ(len, 7);
	CHECK(memcmp(buf, "\0\5\0\10no\0", 7) == 0);
	memset(msg, 'm', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = '\0';
	CHECK_EQ(tftp_error_build(buf, sizeof(buf), 0, msg, &len), 0);
	CHECK_EQ(len, 4 + TFTP_ERRMSG_MAX + 1);
	CHECK_EQ(tftp_error_build(buf, 6, 0, "long", &len), -ENOBUFS);
}

static void test_parse_data(void)
{
	struct tftp_packet p;

	CHECK_EQ(tftp_packet_parse(PKT("\0\3\xff\xffhello"), &p), 0);
	CHECK_EQ(p.op, TFTP_DATA);
	CHECK_EQ(p.block, 65535);
	CHECK_EQ(p.data_len, 5);
	CHECK(memcmp(p.data, "hello", 5) == 0);
	/* An empty last block. */
	CHECK_EQ(tftp_packet_parse(PKT("\0\3\0\7"), &p), 0);
	CHECK_EQ(p.data_len, 0);
	CHECK(p.data == NULL);
	CHECK_EQ(tftp_packet_parse(PKT("\0\4\0\7"), &p), 0);
	CHECK_EQ(p.op, TFTP_ACK);
	CHECK_EQ(p.block, 7);
}

static void test_parse_error(void)
{
	struct tftp_packet p;
	uint8_t big[600];

	CHECK_EQ(tftp_packet_parse(PKT("\0\5\0\1File not found\0"), &p), 0);
	CHECK_EQ(p.op, TFTP_ERROR);
	CHECK_EQ(p.error_code, TFTP_ENOTFOUND);
	CHECK_STREQ(p.error_msg, "File not found");
	/* No NUL, control characters: forgiven and made printable. */
	CHECK_EQ(tftp_packet_parse(PKT("\0\5\0\2bad\x1b[2Jx\n"), &p), 0);
	CHECK_STREQ(p.error_msg, "bad?[2Jx?");
	CHECK_EQ(tftp_packet_parse(PKT("\0\5\0\0"), &p), 0);
	CHECK_STREQ(p.error_msg, "");
	CHECK_STREQ(tftp_error_name(1), "File not found");
	CHECK_STREQ(tftp_error_name(999), "The server reported an error");
	/* A long text is cut. */
	memset(big, 'e', sizeof(big));
	memcpy(big, "\0\5\0\0", 4);
	CHECK_EQ(tftp_packet_parse(big, sizeof(big), &p), 0);
	CHECK_EQ(strlen(p.error_msg), TFTP_ERRMSG_MAX);
}

static void test_parse_oack(void)
{
	struct tftp_packet p;

	CHECK_EQ(tftp_packet_parse(PKT("\0\6BLKSIZE\0" "1468\0tsize\0" "5242880\0windowsize\0" "16\0timeout\0" "2\0"), &p),
		 0);
	CHECK_EQ(p.op, TFTP_OACK);
	CHECK_EQ(p.oack.blksize, 1468);
	CHECK_EQ(p.oack.windowsize, 16);
	CHECK_EQ(p.oack.timeout, 2);
	CHECK(p.oack.has_tsize);
	CHECK_EQ(p.oack.tsize, 5242880);
	CHECK_EQ(p.oack_unknown, 0);
	/* Empty OACK, unknown options ignored but counted, tsize 0 is a size. */
	CHECK_EQ(tftp_packet_parse(PKT("\0\6"), &p), 0);
	CHECK(!p.oack.has_tsize && p.oack.blksize == 0);
	CHECK_EQ(tftp_packet_parse(PKT("\0\6multicast\0,,1\0tsize\0" "0\0"), &p), 0);
	CHECK_EQ(p.oack_unknown, 1);
	CHECK(p.oack.has_tsize && p.oack.tsize == 0);
	CHECK_EQ(tftp_packet_parse(PKT("\0\6tsize\0" "9223372036854775807\0"), &p), 0);
	CHECK_EQ(p.oack.tsize, INT64_MAX);
}

static void test_parse_malformed(void)
{
	static const struct {
		const char *bytes;
		size_t len;
		int r;
	} cases[] = {
#define C(s, r) { s, sizeof(s) - 1, r }
		C("", -EBADMSG),
		C("\0", -EBADMSG),
		C("\0\3\0", -EBADMSG),                       /* DATA without its block number */
		C("\0\4\0\1\0", -EBADMSG),                   /* ACK with a tail */
		C("\0\5\0", -EBADMSG),                       /* ERROR without its code */
		C("\0\7\0\1", -EBADMSG),                     /* unknown opcode */
		C("\1\3\0\1", -EBADMSG),
		C("\0\1file\0octet\0", -EPROTO),             /* a request is not for a client */
		C("\0\2file\0octet\0", -EPROTO),
		C("\0\6blksize", -EBADMSG),                  /* name unterminated */
		C("\0\6blksize\0", -EBADMSG),                /* name without value */
		C("\0\6blksize\0" "1468", -EBADMSG),         /* value unterminated */
		C("\0\6blksize\0" "7\0", -EBADMSG),          /* below RFC 2348's range */
		C("\0\6blksize\0" "65465\0", -EBADMSG),      /* above it */
		C("\0\6blksize\0\0", -EBADMSG),              /* empty value */
		C("\0\6blksize\0" "+512\0", -EBADMSG),
		C("\0\6blksize\0" "512 \0", -EBADMSG),
		C("\0\6windowsize\0" "0\0", -EBADMSG),
		C("\0\6windowsize\0" "65536\0", -EBADMSG),
		C("\0\6timeout\0" "256\0", -EBADMSG),
		C("\0\6tsize\0" "9223372036854775808\0", -EBADMSG), /* past INT64_MAX */
		C("\0\6tsize\0" "99999999999999999999999\0", -EBADMSG),
		C("\0\6tsize\0-1\0", -EBADMSG),
		C("\0\6tsize\0" "1\0TSIZE\0" "2\0", -EBADMSG), /* twice */
		C("\0\6x\0", -EBADMSG),                      /* an unknown name still needs its value */
#undef C
	};
	struct tftp_packet p;
	uint8_t big[4 + TFTP_BLKSIZE_MAX + 1] = { 0, 3 };

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int r = tftp_packet_parse((const uint8_t *)cases[i].bytes, cases[i].len, &p);

		if (r != cases[i].r)
			fprintf(stderr, "  case %zu\n", i);
		CHECK_EQ(r, cases[i].r);
	}
	/* A DATA body over the largest block size any option allows. */
	CHECK_EQ(tftp_packet_parse(big, sizeof(big), &p), -EBADMSG);
	CHECK_EQ(tftp_packet_parse(big, sizeof(big) - 1, &p), 0);
}

static void test_block_unwrap(void)
{
	CHECK_EQ(tftp_block_unwrap(1, 1), 1);
	CHECK_EQ(tftp_block_unwrap(1, 0), 0);
	CHECK_EQ(tftp_block_unwrap(1, 65535), 65535); /* cannot be below 0: taken as ahead */
	CHECK_EQ(tftp_block_unwrap(65535, 65535), 65535);
	CHECK_EQ(tftp_block_unwrap(65536, 0), 65536); /* rolled over to 0 */
	CHECK_EQ(tftp_block_unwrap(65536, 65535), 65535); /* a duplicate from before the rollover */
	CHECK_EQ(tftp_block_unwrap(65530, 3), 65539);     /* ahead, past the rollover */
	CHECK_EQ(tftp_block_unwrap(65540, 65530), 65530);
	CHECK_EQ(tftp_block_unwrap(3 * 65536 + 5, 4), 3 * 65536 + 4);
	CHECK_EQ(tftp_block_unwrap(3 * 65536 + 5, 30000), 3 * 65536 + 30000);
	CHECK_EQ(tftp_block_unwrap(3 * 65536 + 5, 40000), 2 * 65536 + 40000); /* nearer behind */
	CHECK_EQ(tftp_block_unwrap(3 * 65536 + 5, 60000), 2 * 65536 + 60000);
}

static const struct test tests[] = {
	TEST(rrq_options),  TEST(rrq_refused),	  TEST(ack_error_build), TEST(parse_data),
	TEST(parse_error),  TEST(parse_oack),	  TEST(parse_malformed), TEST(block_unwrap),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
