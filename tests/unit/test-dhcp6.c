// SPDX-License-Identifier: GPL-2.0-or-later
/* The DHCPv6 codec and the lease accessor, over hand-built messages. */
#include "boot/net/dhcp6.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-dhcp6-util.h"

#include <errno.h>

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void request_base(struct dhcp6_request *r, enum dhcp6_msg type)
{
	memset(r, 0, sizeof(*r));
	r->type = type;
	r->xid = 0xabcdef;
	r->client_id = t6_client_duid();
	r->iaid = 0x12345678;
	r->arch = DHCP6_ARCH_X86_64_EFI;
	r->elapsed_cs = 150;
}

static void test_build_solicit(void)
{
	struct dhcp6_request r;
	uint8_t buf[DHCP6_SEND_MAX];
	const uint8_t *o;
	size_t len = 0, n = 0;
	bool want59 = false, want60 = false, want23 = false;

	request_base(&r, DHCP6_SOLICIT);
	r.xid = 0x11abcdef; /* only 24 bits go out */
	CHECK_EQ(dhcp6_build(&r, buf, sizeof(buf), &len), 0);
	CHECK_EQ(buf[0], DHCP6_SOLICIT);
	CHECK_EQ(t6_xid(buf), 0xabcdef);
	o = t6_find(buf, len, 1, &n);
	CHECK(o && n == 10 && be16(o) == 3 && be16(o + 2) == 1 && memcmp(o + 4, t6_mac, 6) == 0);
	CHECK(t6_find(buf, len, 2, &n) == NULL);
	o = t6_find(buf, len, 8, &n);
	CHECK(o && n == 2 && be16(o) == 150);
	o = t6_find(buf, len, 3, &n);
	CHECK(o && n == 12 && o[0] == 0x12 && o[3] == 0x78);
	o = t6_find(buf, len, 6, &n);
	CHECK(o && n % 2 == 0);
	for (size_t i = 0; o && i < n / 2; i++) {
		want59 |= be16(o + 2 * i) == 59;
		want60 |= be16(o + 2 * i) == 60;
		want23 |= be16(o + 2 * i) == 23;
	}
	CHECK(want59 && want60 && want23);
	o = t6_find(buf, len, 61, &n);
	CHECK(o && n == 2 && be16(o) == 7);
	o = t6_find(buf, len, 62, &n);
	CHECK(o && n == 3 && o[0] == 1 && o[1] == 3 && o[2] == 16);
	o = t6_find(buf, len, 16, &n);
	CHECK(o && n == 6 + strlen("PXEClient:Arch:00007:UNDI:003016"));
	CHECK(o && be16(o + 4) == n - 6 && memcmp(o + 6, "PXEClient:Arch:00007:UNDI:003016", n - 6) == 0);

	r.http = true;
	r.arch = DHCP6_ARCH_X86_64_EFI_HTTP;
	CHECK_EQ(dhcp6_build(&r, buf, sizeof(buf), &len), 0);
	o = t6_find(buf, len, 16, &n);
	CHECK(o && n > 16 && memcmp(o + 6, "HTTPClient:Arch:00016", 21) == 0);
}

static void test_build_request_release(void)
{
	struct dhcp6_request r;
	struct in6_addr a = t6_ip("2001:db8::50");
	uint8_t buf[DHCP6_SEND_MAX];
	const uint8_t *o;
	size_t len = 0, n = 0;

	request_base(&r, DHCP6_REQUEST);
	CHECK_EQ(dhcp6_build(&r, buf, sizeof(buf), &len), -EINVAL); /* no server id */
	memcpy(r.server_id.b, t6_srv_a, 10);
	r.server_id.len = 10;
	r.has_addr = true;
	r.addr = a;
	CHECK_EQ(dhcp6_build(&r, buf, sizeof(buf), &len), 0);
	CHECK_EQ(buf[0], DHCP6_REQUEST);
	o = t6_find(buf, len, 2, &n);
	CHECK(o && n == 10 && memcmp(o, t6_srv_a, 10) == 0);
	o = t6_find(buf, len, 3, &n);
	CHECK(o && n == 12 + 4 + 24 && be16(o + 12) == 5 && be16(o + 14) == 24 && memcmp(o + 16, &a, 16) == 0);
	CHECK(t6_find(buf, len, 6, &n) != NULL);

	r.type = DHCP6_RELEASE;
	CHECK_EQ(dhcp6_build(&r, buf, sizeof(buf), &len), 0);
	CHECK_EQ(buf[0], DHCP6_RELEASE);
	CHECK(t6_find(buf, len, 2, &n) != NULL);
	CHECK(t6_find(buf, len, 3, &n) != NULL);
	CHECK(t6_find(buf, len, 6, &n) == NULL); /* a RELEASE asks for nothing */
	r.type = DHCP6_DECLINE;
	CHECK_EQ(dhcp6_build(&r, buf, sizeof(buf), &len), 0);
	CHECK_EQ(buf[0], DHCP6_DECLINE);
	o = t6_find(buf, len, 3, &n);
	CHECK(o && n == 40 && memcmp(o + 16, &a, 16) == 0);
	CHECK(t6_find(buf, len, 6, &n) == NULL);
	r.server_id.len = 0;
	CHECK_EQ(dhcp6_build(&r, buf, sizeof(buf), &len), -EINVAL);

	request_base(&r, DHCP6_INFORMATION_REQUEST);
	CHECK_EQ(dhcp6_build(&r, buf, sizeof(buf), &len), 0);
	CHECK(t6_find(buf, len, 3, &n) == NULL);
	CHECK(t6_find(buf, len, 6, &n) != NULL);

	/* what the client never sends, and buffers too small for the message */
	request_base(&r, DHCP6_REPLY);
	CHECK_EQ(dhcp6_build(&r, buf, sizeof(buf), &len), -EINVAL);
	request_base(&r, DHCP6_SOLICIT);
	r.client_id.len = 0;
	CHECK_EQ(dhcp6_build(&r, buf, sizeof(buf), &len), -EINVAL);
	request_base(&r, DHCP6_SOLICIT);
	CHECK_EQ(dhcp6_build(&r, buf, 3, &len), -ENOSPC);
	CHECK_EQ(dhcp6_build(&r, buf, 40, &len), -ENOSPC);
}

static void test_duid(void)
{
	static const uint8_t uuid[16] = { 0x4c, 0x4c, 0x45, 0x44, 0, 0x31, 0, 0x10, 1, 2, 3, 4, 5, 6, 7, 8 };
	struct dhcp6_duid d;

	dhcp6_duid_uuid(&d, uuid);
	CHECK_EQ(d.len, 18);
	CHECK(d.b[0] == 0 && d.b[1] == 4 && memcmp(d.b + 2, uuid, 16) == 0);
	dhcp6_duid_ll(&d, t6_mac);
	CHECK_EQ(d.len, 10);
	CHECK(d.b[1] == 3 && d.b[3] == 1 && d.b[9] == 0x56);
}

/* An ADVERTISE with everything kexboot reads. */
static void full_advertise(struct t6 *p)
{
	static const char url[] = "http://[2001:db8::1]:8080/boot/boot.ipxe";
	struct in6_addr dns[2] = { t6_ip("2001:db8::53"), t6_ip("2001:db8::54") };
	size_t at;

	t6_answer(p, DHCP6_ADVERTISE, 0x123456, t6_srv_a, 7, "2001:db8::50", -1, NULL);
	t6_opt(p, 23, dns, sizeof(dns));
	t6_opt(p, 59, url, strlen(url));
	at = t6_begin(p, 60);
	t6_put16(p, 13);
	t6_bytes(p, "console=ttyS0", 13);
	t6_put16(p, 5);
	t6_bytes(p, "quiet", 5);
	t6_end(p, at);
	t6_opt(p, 999, "unknown", 7); /* skipped */
}

static void test_parse_advertise(void)
{
	struct dhcp6_lease l;
	struct dhcp6_duid me = t6_client_duid();
	struct in6_addr a = t6_ip("2001:db8::50"), d0 = t6_ip("2001:db8::53");
	struct t6 p;

	full_advertise(&p);
	CHECK_EQ(dhcp6_parse(p.b, p.len, &l, NULL), 0);
	CHECK_EQ(l.type, DHCP6_ADVERTISE);
	CHECK_EQ(l.xid, 0x123456);
	CHECK(l.server_id.len == 10 && memcmp(l.server_id.b, t6_srv_a, 10) == 0);
	CHECK(l.client_id.len == me.len && memcmp(l.client_id.b, me.b, me.len) == 0);
	CHECK_EQ(l.preference, 7);
	CHECK_EQ(l.status, DHCP6_SUCCESS);
	CHECK(l.has_ia && l.iaid == 0x12345678 && l.t1 == 100 && l.t2 == 200);
	CHECK(l.has_addr && memcmp(&l.addr, &a, 16) == 0);
	CHECK_EQ(l.preferred_lt, 3000);
	CHECK_EQ(l.valid_lt, 4000);
	CHECK_EQ(l.n_dns, 2);
	CHECK(memcmp(&l.dns[0], &d0, 16) == 0);
	CHECK_STREQ(l.bootfile_url, "http://[2001:db8::1]:8080/boot/boot.ipxe");
	CHECK_EQ(l.n_params, 2);
	CHECK_STREQ(l.params[0], "console=ttyS0");
	CHECK_STREQ(l.params[1], "quiet");
	CHECK_EQ(l.n_ignored, 0);
}

static void test_parse_status(void)
{
	struct dhcp6_lease l;
	struct t6 p;
	char nb[16];

	t6_answer(&p, DHCP6_ADVERTISE, 1, t6_srv_a, -1, NULL, DHCP6_NO_ADDRS_AVAIL, "pool exhausted");
	CHECK_EQ(dhcp6_parse(p.b, p.len, &l, NULL), 0);
	CHECK(l.has_ia && !l.has_addr);
	CHECK_EQ(l.ia_status, DHCP6_NO_ADDRS_AVAIL);
	CHECK_STREQ(l.ia_status_msg, "pool exhausted");
	CHECK_STREQ(dhcp6_status_name(l.ia_status, nb), "NoAddrsAvail");
	CHECK_STREQ(dhcp6_status_name(77, nb), "status 77");

	t6_hdr(&p, DHCP6_REPLY, 2);
	t6_opt(&p, 2, t6_srv_b, 10);
	t6_status(&p, DHCP6_UNSPEC_FAIL, "try later");
	CHECK_EQ(dhcp6_parse(p.b, p.len, &l, NULL), 0);
	CHECK_EQ(l.type, DHCP6_REPLY);
	CHECK_EQ(l.status, DHCP6_UNSPEC_FAIL);
	CHECK_STREQ(l.status_msg, "try later");
	CHECK(!l.has_ia);

	/* an IAADDR with preferred > valid, or valid 0, is no address */
	t6_answer(&p, DHCP6_REPLY, 3, t6_srv_a, -1, "2001:db8::9", -1, NULL);
	p.b[p.len - 8] = 0xff; /* preferred lifetime > valid */
	CHECK_EQ(dhcp6_parse(p.b, p.len, &l, NULL), 0);
	CHECK(!l.has_addr);
	CHECK(l.n_ignored > 0);
	t6_hdr(&p, DHCP6_REPLY, 3);
	t6_opt(&p, 2, t6_srv_a, 10);
	t6_ia_na(&p, 1, "2001:db8::9", 0, 0, -1, NULL);
	CHECK_EQ(dhcp6_parse(p.b, p.len, &l, NULL), 0);
	CHECK(l.has_ia && !l.has_addr);
}

static void test_parse_refused(void)
{
	struct diag_list d;
	struct dhcp6_lease l;
	struct t6 p, good;

	diag_list_init(&d);
	CHECK_EQ(dhcp6_parse((const uint8_t *)"\x02\x00", 2, &l, &d), -EBADMSG);
	t6_hdr(&p, DHCP6_SOLICIT, 1);
	t6_opt(&p, 2, t6_srv_a, 10);
	CHECK_EQ(dhcp6_parse(p.b, p.len, &l, &d), -EBADMSG);
	CHECK(strstr(d.reason, "not ADVERTISE or REPLY") != NULL);
	t6_hdr(&p, DHCP6_REPLY, 1);
	t6_opt(&p, 23, "0123456789abcdef", 16);
	CHECK_EQ(dhcp6_parse(p.b, p.len, &l, &d), -EBADMSG);
	CHECK(strstr(d.reason, "no server identifier") != NULL);

	/* an option running past the end: the whole message is refused */
	full_advertise(&good);
	p = good;
	p.b[p.len - 11 + 2] = 0x7f; /* the last option's length */
	CHECK_EQ(dhcp6_parse(p.b, p.len, &l, &d), -EBADMSG);
	/* an IAADDR running past its IA_NA */
	t6_answer(&p, DHCP6_REPLY, 3, t6_srv_a, -1, "2001:db8::9", -1, NULL);
	p.b[p.len - 28 + 3] = 40; /* IAADDR length 24 -> 40 */
	CHECK_EQ(dhcp6_parse(p.b, p.len, &l, &d), -EBADMSG);
	CHECK(strstr(d.reason, "IA_NA") != NULL);

	/* every cut of a good message: never a read outside (ASan), never a crash */
	for (size_t n = 0; n <= good.len; n++)
		(void)dhcp6_parse(good.b, n, &l, NULL);
	CHECK_EQ(dhcp6_parse(good.b, good.len, &l, NULL), 0);
	CHECK_EQ(dhcp6_parse(good.b, DHCP6_RECV_MAX + 1, &l, NULL), -EBADMSG);
	diag_list_done(&d);
}

static void test_parse_bad_boot_options(void)
{
	struct dhcp6_lease l;
	struct t6 p;
	size_t at;

	t6_answer(&p, DHCP6_REPLY, 1, t6_srv_a, -1, "2001:db8::50", -1, NULL);
	t6_opt(&p, 59, "http://x/\nboot", 14); /* a control byte: dropped, not cut */
	at = t6_begin(&p, 60);
	t6_put16(&p, 3);
	t6_bytes(&p, "a=1", 3);
	t6_put16(&p, 50); /* runs past the option: ignored, the first stays */
	t6_bytes(&p, "b=2", 3);
	t6_end(&p, at);
	t6_opt(&p, 23, "short", 5);
	CHECK_EQ(dhcp6_parse(p.b, p.len, &l, NULL), 0);
	CHECK_STREQ(l.bootfile_url, "");
	CHECK_EQ(l.n_params, 1);
	CHECK_STREQ(l.params[0], "a=1");
	CHECK_EQ(l.n_dns, 0);
	CHECK_EQ(l.n_ignored, 3);
}

static void test_lease_boot(void)
{
	struct dhcp6_lease l;
	char url[128], params[64];

	memset(&l, 0, sizeof(l));
	strcpy(l.bootfile_url, "http://[2001:db8::1]/boot.ipxe");
	strcpy(l.params[0], "console=ttyS0");
	strcpy(l.params[1], "ip=dhcp6");
	l.n_params = 2;
	CHECK_EQ(dhcp6_lease_boot(&l, url, sizeof(url), params, sizeof(params)), 0);
	CHECK_STREQ(url, "http://[2001:db8::1]/boot.ipxe");
	CHECK_STREQ(params, "console=ttyS0 ip=dhcp6");

	/* tftp:// is a URL too; a bare file name (a DHCPv4 habit) is not */
	strcpy(l.bootfile_url, "tftp://[2001:db8::1]/pxelinux.cfg/default");
	CHECK_EQ(dhcp6_lease_boot(&l, url, sizeof(url), params, sizeof(params)), 0);
	CHECK_STREQ(url, "tftp://[2001:db8::1]/pxelinux.cfg/default");
	strcpy(l.bootfile_url, "grubx64.efi");
	CHECK_EQ(dhcp6_lease_boot(&l, url, sizeof(url), params, sizeof(params)), 0);
	CHECK_STREQ(url, "");
	l.n_params = 0;
	CHECK_EQ(dhcp6_lease_boot(&l, url, sizeof(url), params, sizeof(params)), 0);
	CHECK_STREQ(params, "");

	strcpy(l.bootfile_url, "http://[2001:db8::1]/boot.ipxe");
	CHECK_EQ(dhcp6_lease_boot(&l, url, 10, params, sizeof(params)), -ENOSPC);
	l.n_params = 2;
	CHECK_EQ(dhcp6_lease_boot(&l, url, sizeof(url), params, 20), -ENOSPC);
}

static const struct test tests[] = {
	TEST(build_solicit),   TEST(build_request_release), TEST(duid),
	TEST(parse_advertise), TEST(parse_status),          TEST(parse_refused),
	TEST(parse_bad_boot_options), TEST(lease_boot),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
