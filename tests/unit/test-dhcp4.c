// SPDX-License-Identifier: GPL-2.0-or-later
/* The DHCPv4 codec over hand-built packets. */
#include "boot/net/net.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-dhcp4-util.h"

#include <errno.h>

/* The option with code in a built request: its data and length, or NULL. */
static const uint8_t *req_opt(const uint8_t *b, size_t len, uint8_t code, size_t *n)
{
	for (size_t i = 240; i + 1 < len && b[i] != 255;) {
		if (b[i] == 0) {
			i++;
			continue;
		}
		if (b[i] == code) {
			*n = b[i + 1];
			return b + i + 2;
		}
		i += 2 + b[i + 1];
	}
	return NULL;
}

static void test_build_discover(void)
{
	struct dhcp4_request r = { .type = DHCP4_DISCOVER, .xid = 0x11223344, .arch = 7, .secs = 3, .has_uuid = true };
	uint8_t b[DHCP4_PKT_MAX];
	const uint8_t *o;
	size_t len = 0, n = 0;
	static const uint8_t want55[] = { 1, 3, 6, 12, 15, 28, 54, 66, 67, 209, 210 };

	memcpy(r.mac, test_mac, 6);
	for (int i = 0; i < 16; i++)
		r.uuid[i] = (uint8_t)i;
	CHECK_EQ(dhcp4_build(&r, b, sizeof(b), &len), 0);
	CHECK(len >= 300);
	CHECK_EQ(b[0], 1);
	CHECK_EQ(b[4], 0x11);
	CHECK_EQ(b[7], 0x44);
	CHECK_EQ(b[9], 3);
	CHECK_EQ(b[10], 0x80); /* broadcast flag */
	CHECK(memcmp(b + 28, test_mac, 6) == 0);
	o = req_opt(b, len, 53, &n);
	CHECK(o && n == 1 && o[0] == DHCP4_DISCOVER);
	o = req_opt(b, len, 55, &n);
	CHECK(o && n == sizeof(want55) && memcmp(o, want55, n) == 0);
	o = req_opt(b, len, 60, &n);
	CHECK(o && n == 32 && memcmp(o, "PXEClient:Arch:00007:UNDI:003016", 32) == 0);
	o = req_opt(b, len, 93, &n);
	CHECK(o && n == 2 && o[0] == 0 && o[1] == 7);
	o = req_opt(b, len, 97, &n);
	CHECK(o && n == 17 && o[0] == 0 && o[1] == 0 && o[16] == 15);
	o = req_opt(b, len, 61, &n);
	CHECK(o && n == 7 && o[0] == 1 && memcmp(o + 1, test_mac, 6) == 0);
	o = req_opt(b, len, 57, &n);
	CHECK(o && n == 2 && (o[0] << 8 | o[1]) == DHCP4_PKT_MAX);
	CHECK(req_opt(b, len, 50, &n) == NULL);
	CHECK(req_opt(b, len, 54, &n) == NULL);
}

/* RFC 2131 4.4.6 / table 5: ciaddr, 53 = 7, 54 and 61; no broadcast flag, no 50, 55, 60. */
static void test_build_release(void)
{
	struct dhcp4_request r = { .type = DHCP4_RELEASE, .xid = 7, .arch = 7, .has_uuid = true };
	uint8_t b[DHCP4_PKT_MAX];
	const uint8_t *o;
	size_t len = 0, n = 0;

	memcpy(r.mac, test_mac, 6);
	r.ciaddr.s_addr = tip("10.0.2.15");
	r.server_id.s_addr = tip("10.0.2.2");
	CHECK_EQ(dhcp4_build(&r, b, sizeof(b), &len), 0);
	CHECK(memcmp(b + 12, &r.ciaddr.s_addr, 4) == 0);
	CHECK_EQ(b[10], 0);
	CHECK(memcmp(b + 28, test_mac, 6) == 0);
	o = req_opt(b, len, 53, &n);
	CHECK(o && n == 1 && o[0] == DHCP4_RELEASE);
	o = req_opt(b, len, 54, &n);
	CHECK(o && n == 4 && memcmp(o, &r.server_id.s_addr, 4) == 0);
	o = req_opt(b, len, 61, &n);
	CHECK(o && n == 7 && o[0] == 1 && memcmp(o + 1, test_mac, 6) == 0);
	CHECK(req_opt(b, len, 50, &n) == NULL);
	CHECK(req_opt(b, len, 55, &n) == NULL);
	CHECK(req_opt(b, len, 60, &n) == NULL);
	CHECK(req_opt(b, len, 97, &n) == NULL);
	r.type = DHCP4_ACK; /* a server's message is not built */
	CHECK_EQ(dhcp4_build(&r, b, sizeof(b), &len), -EINVAL);
}

static void test_build_request_http(void)
{
	struct dhcp4_request r = { .type = DHCP4_REQUEST, .xid = 1, .arch = 16, .http = true };
	uint8_t b[DHCP4_PKT_MAX];
	const uint8_t *o;
	size_t len = 0, n = 0;
	uint32_t a;

	r.requested.s_addr = tip("10.0.0.50");
	r.server_id.s_addr = tip("10.0.0.1");
	CHECK_EQ(dhcp4_build(&r, b, sizeof(b), &len), 0);
	o = req_opt(b, len, 53, &n);
	CHECK(o && o[0] == DHCP4_REQUEST);
	o = req_opt(b, len, 50, &n);
	CHECK(o && n == 4);
	memcpy(&a, o, 4);
	CHECK_EQ(a, tip("10.0.0.50"));
	o = req_opt(b, len, 54, &n);
	CHECK(o && n == 4);
	o = req_opt(b, len, 60, &n);
	CHECK(o && n == 33 && memcmp(o, "HTTPClient:Arch:00016:UNDI:003016", 33) == 0);
	CHECK(req_opt(b, len, 97, &n) == NULL);
	CHECK_EQ(dhcp4_build(&r, b, 200, &len), -ENOSPC);
	r.type = DHCP4_ACK;
	CHECK_EQ(dhcp4_build(&r, b, sizeof(b), &len), -EINVAL);
}

static void test_parse_ack(void)
{
	struct tpkt p;
	struct dhcp4_lease l;
	static const uint8_t dns[8] = { 10, 0, 0, 2, 10, 0, 0, 3 };
	static const uint8_t lt[4] = { 0, 1, 0x51, 0x80 };

	tpkt_reply(&p, 0xabcd, "10.0.0.50");
	tpkt_opt_u8(&p, 53, DHCP4_ACK);
	tpkt_opt_ip(&p, 54, "10.0.0.1");
	tpkt_opt_ip(&p, 1, "255.255.255.0");
	tpkt_opt_ip(&p, 3, "10.0.0.1");
	tpkt_opt_ip(&p, 28, "10.0.0.255");
	tpkt_opt(&p, 6, dns, 8);
	tpkt_opt(&p, 51, lt, 4);
	tpkt_opt_str(&p, 12, "client1");
	tpkt_opt(&p, 15, "example.org\0", 12); /* a counted NUL is dropped */
	tpkt_opt_str(&p, 66, "10.0.0.1");
	tpkt_opt_str(&p, 67, "boot/grubx64.efi");
	tpkt_opt_str(&p, 209, "pxelinux.cfg/default");
	tpkt_opt_str(&p, 210, "/tftpboot/");
	p.b[p.len++] = 0; /* pad */
	tpkt_end(&p);
	memcpy(p.b + 108, "ignored-file", 12); /* option 67 wins over the file field */
	CHECK_EQ(dhcp4_parse(p.b, p.len, &l, NULL), 0);
	CHECK_EQ(l.type, DHCP4_ACK);
	CHECK_EQ(l.xid, 0xabcd);
	CHECK_EQ(l.yiaddr.s_addr, tip("10.0.0.50"));
	CHECK_EQ(l.server_id.s_addr, tip("10.0.0.1"));
	CHECK_EQ(l.subnet.s_addr, tip("255.255.255.0"));
	CHECK_EQ(dhcp4_mask_prefix(l.subnet), 24);
	CHECK_EQ(l.router.s_addr, tip("10.0.0.1"));
	CHECK_EQ(l.broadcast.s_addr, tip("10.0.0.255"));
	CHECK_EQ(l.n_dns, 2);
	CHECK_EQ(l.dns[1].s_addr, tip("10.0.0.3"));
	CHECK_EQ(l.lease_time, 86400);
	CHECK_STREQ(l.hostname, "client1");
	CHECK_STREQ(l.domain, "example.org");
	CHECK_STREQ(l.tftp_server, "10.0.0.1");
	CHECK_STREQ(l.boot_file, "boot/grubx64.efi");
	CHECK_STREQ(l.config_file, "pxelinux.cfg/default");
	CHECK_STREQ(l.path_prefix, "/tftpboot/");
	CHECK(memcmp(l.chaddr, test_mac, 6) == 0);
	CHECK_EQ(l.n_ignored, 0);
}

static void test_parse_fields(void)
{
	struct tpkt p;
	struct dhcp4_lease l;

	tpkt_reply(&p, 1, "10.0.0.50");
	tpkt_opt_u8(&p, 53, DHCP4_OFFER);
	tpkt_end(&p);
	memcpy(p.b + 44, "tftp.example", 12);
	memcpy(p.b + 108, "pxelinux.0", 10);
	CHECK_EQ(dhcp4_parse(p.b, p.len, &l, NULL), 0);
	CHECK_STREQ(l.tftp_server, "tftp.example");
	CHECK_STREQ(l.boot_file, "pxelinux.0");
	/* a file field without its NUL is not a string */
	memset(p.b + 108, 'a', 128);
	CHECK_EQ(dhcp4_parse(p.b, p.len, &l, NULL), 0);
	CHECK_STREQ(l.boot_file, "");
	CHECK_EQ(l.n_ignored, 1);
}

/* Option 52: more options in the file (and sname) field, options field first. */
static void test_parse_overload(void)
{
	struct tpkt p;
	struct dhcp4_lease l;
	uint8_t *f = NULL;

	tpkt_reply(&p, 7, "10.0.0.50");
	tpkt_opt_u8(&p, 53, DHCP4_ACK);
	tpkt_opt_u8(&p, 52, 3);
	tpkt_opt_str(&p, 67, "part1/");
	tpkt_end(&p);
	f = p.b + 108; /* file: 67 continued, 209, end */
	f[0] = 67, f[1] = 5;
	memcpy(f + 2, "boot1", 5);
	f[7] = 209, f[8] = 3;
	memcpy(f + 9, "cfg", 3);
	f[12] = 255;
	f = p.b + 44; /* sname: 66, end */
	f[0] = 66, f[1] = 4;
	memcpy(f + 2, "srv1", 4);
	f[6] = 255;
	CHECK_EQ(dhcp4_parse(p.b, p.len, &l, NULL), 0);
	CHECK_EQ(l.overload, 3);
	CHECK_STREQ(l.boot_file, "part1/boot1");
	CHECK_STREQ(l.config_file, "cfg");
	CHECK_STREQ(l.tftp_server, "srv1");

	/* overload 1: sname is still a plain field */
	p.b[240 + 3 + 2] = 1;
	memcpy(p.b + 44, "plain", 6);
	CHECK_EQ(dhcp4_parse(p.b, p.len, &l, NULL), 0);
	CHECK_EQ(l.overload, 1);
	CHECK_STREQ(l.tftp_server, "plain");
	CHECK_STREQ(l.boot_file, "part1/boot1");
}

/* RFC 3396: a 600-byte option 209 split in three instances. */
static void test_parse_split_long(void)
{
	struct tpkt p;
	struct dhcp4_lease l;
	char want[601], chunk[255];

	for (int i = 0; i < 600; i++)
		want[i] = (char)('a' + i % 26);
	want[600] = '\0';
	tpkt_reply(&p, 7, "10.0.0.50");
	tpkt_opt_u8(&p, 53, DHCP4_ACK);
	memcpy(chunk, want, 255);
	tpkt_opt(&p, 209, chunk, 255);
	tpkt_opt_str(&p, 12, "between");
	memcpy(chunk, want + 255, 255);
	tpkt_opt(&p, 209, chunk, 255);
	tpkt_opt(&p, 209, want + 510, 90);
	tpkt_end(&p);
	CHECK_EQ(dhcp4_parse(p.b, p.len, &l, NULL), 0);
	CHECK_STREQ(l.config_file, want);
	CHECK_STREQ(l.hostname, "between");

	/* a split address option still needs exactly 4 bytes */
	tpkt_reply(&p, 7, "10.0.0.50");
	tpkt_opt_u8(&p, 53, DHCP4_ACK);
	tpkt_opt(&p, 1, "\xff\xff", 2);
	tpkt_opt(&p, 1, "\xff\x00", 2);
	tpkt_opt(&p, 54, "\x0a\x00", 2);
	tpkt_end(&p);
	CHECK_EQ(dhcp4_parse(p.b, p.len, &l, NULL), 0);
	CHECK_EQ(l.subnet.s_addr, tip("255.255.255.0"));
	CHECK_EQ(l.server_id.s_addr, 0);
	CHECK_EQ(l.n_ignored, 1);
	/* too long for its buffer: left out, not cut */
	tpkt_reply(&p, 7, "10.0.0.50");
	tpkt_opt_u8(&p, 53, DHCP4_ACK);
	for (int i = 0; i < 5; i++)
		tpkt_opt(&p, 12, want, 255);
	tpkt_end(&p);
	CHECK_EQ(dhcp4_parse(p.b, p.len, &l, NULL), 0);
	CHECK_STREQ(l.hostname, "");
	CHECK_EQ(l.n_ignored, 1);
}

static void test_parse_truncated(void)
{
	struct tpkt p;
	struct dhcp4_lease l;
	struct diag_list d;

	diag_list_init(&d);
	tpkt_lease(&p, DHCP4_ACK, 9, "10.0.0.50");
	/* every prefix is refused or parsed, never read past */
	for (size_t n = 0; n < p.len; n++) {
		uint8_t *copy = malloc(n ? n : 1);

		memcpy(copy, p.b, n);
		(void)dhcp4_parse(copy, n, &l, NULL);
		free(copy);
	}
	CHECK_EQ(dhcp4_parse(p.b, 100, &l, &d), -EBADMSG);
	CHECK(strstr(d.reason, "shorter") != NULL);
	CHECK_EQ(dhcp4_parse(p.b, 240, &l, &d), -EBADMSG);
	CHECK(strstr(d.reason, "option 53") != NULL);

	/* an option running past the end: the ones before it still count */
	tpkt_reply(&p, 9, "10.0.0.50");
	tpkt_opt_u8(&p, 53, DHCP4_OFFER);
	tpkt_opt_ip(&p, 54, "10.0.0.1");
	p.b[p.len++] = 67;
	p.b[p.len++] = 200;
	memcpy(p.b + p.len, "short", 5);
	p.len += 5;
	CHECK_EQ(dhcp4_parse(p.b, p.len, &l, &d), 0);
	CHECK_EQ(l.type, DHCP4_OFFER);
	CHECK_EQ(l.server_id.s_addr, tip("10.0.0.1"));
	CHECK_STREQ(l.boot_file, "");
	CHECK_EQ(d.n, 1);
	CHECK(d.n && strstr(d.msgs[0], "truncated") != NULL);

	/* not a reply, no cookie, a request's message type */
	tpkt_lease(&p, DHCP4_ACK, 9, "10.0.0.50");
	p.b[0] = 1;
	CHECK_EQ(dhcp4_parse(p.b, p.len, &l, &d), -EBADMSG);
	p.b[0] = 2;
	p.b[236] = 0;
	CHECK_EQ(dhcp4_parse(p.b, p.len, &l, &d), -EBADMSG);
	tpkt_lease(&p, DHCP4_REQUEST, 9, "10.0.0.50");
	CHECK_EQ(dhcp4_parse(p.b, p.len, &l, &d), -EBADMSG);
	diag_list_done(&d);
}

/* A proxyDHCP offer: no yiaddr, vendor class PXEClient, the boot file. */
static void test_parse_proxy(void)
{
	struct tpkt p;
	struct dhcp4_lease l;

	tpkt_reply(&p, 5, NULL);
	tpkt_opt_u8(&p, 53, DHCP4_OFFER);
	tpkt_opt_ip(&p, 54, "10.0.0.9");
	tpkt_opt_str(&p, 60, "PXEClient");
	tpkt_end(&p);
	memcpy(p.b + 108, "ipxe.efi", 8);
	memcpy(p.b + 20, "\x0a\x00\x00\x09", 4); /* siaddr */
	CHECK_EQ(dhcp4_parse(p.b, p.len, &l, NULL), 0);
	CHECK_EQ(l.yiaddr.s_addr, 0);
	CHECK_EQ(l.siaddr.s_addr, tip("10.0.0.9"));
	CHECK_STREQ(l.vendor_class, "PXEClient");
	CHECK_STREQ(l.boot_file, "ipxe.efi");
}

static void test_parse_control_bytes(void)
{
	struct tpkt p;
	struct dhcp4_lease l;

	tpkt_reply(&p, 5, "10.0.0.50");
	tpkt_opt_u8(&p, 53, DHCP4_ACK);
	tpkt_opt(&p, 67, "a\nb", 3);
	tpkt_opt(&p, 12, "a\0b", 3);
	tpkt_end(&p);
	CHECK_EQ(dhcp4_parse(p.b, p.len, &l, NULL), 0);
	CHECK_STREQ(l.boot_file, "");
	CHECK_STREQ(l.hostname, "");
	CHECK_EQ(l.n_ignored, 2);
}

static void test_mask_uuid(void)
{
	struct in_addr m;
	uint8_t u[16];

	m.s_addr = tip("255.255.0.0");
	CHECK_EQ(dhcp4_mask_prefix(m), 16);
	m.s_addr = tip("255.0.255.0");
	CHECK_EQ(dhcp4_mask_prefix(m), -EINVAL);
	m.s_addr = 0;
	CHECK_EQ(dhcp4_mask_prefix(m), 0);
	CHECK_EQ(net_uuid_parse("4c4c4544-0031-3410-8052-b4c04f4e4d32\n", u), 0);
	CHECK_EQ(u[0], 0x4c);
	CHECK_EQ(u[15], 0x32);
	CHECK_EQ(net_uuid_parse("4c4c4544-0031-3410-8052-b4c04f4e4d3", u), -EINVAL);
	CHECK_EQ(net_uuid_parse("4c4c4544-0031-3410-8052-b4c04f4e4d3200", u), -EINVAL);
	CHECK_EQ(net_uuid_parse("xc4c4544-0031-3410-8052-b4c04f4e4d32", u), -EINVAL);
}

static const struct test tests[] = {
	TEST(build_discover), TEST(build_request_http), TEST(parse_ack),	   TEST(parse_fields),
	TEST(parse_overload), TEST(parse_split_long),	TEST(parse_truncated), TEST(parse_proxy),
	TEST(parse_control_bytes), TEST(mask_uuid), TEST(build_release),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
