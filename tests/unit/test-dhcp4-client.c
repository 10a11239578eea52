// SPDX-License-Identifier: GPL-2.0-or-later
/* The DHCPv4 client state machine with a fake clock and hand-built replies. */
#include "boot/net/net.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-dhcp4-util.h"

static void client_new(struct dhcp4_client *c, uint32_t total_ms)
{
	struct dhcp4_client_config cfg = { .arch = 7, .seed = 42, .total_ms = total_ms };

	memcpy(cfg.mac, test_mac, 6);
	dhcp4_client_init(c, &cfg);
}

/* The message type of the packet an action sends, or 0. */
static int sent_type(const struct dhcp4_action *a)
{
	if (!a->send || a->send_len < 243)
		return 0;
	return a->send[240] == 53 ? a->send[242] : -1;
}

static void test_happy_path(void)
{
	struct dhcp4_client c;
	struct dhcp4_action a;
	struct tpkt p;
	const struct dhcp4_lease *l;

	client_new(&c, 0);
	dhcp4_client_step(&c, NULL, 0, 1000, &a);
	CHECK_EQ(c.state, DHCP4_SELECTING);
	CHECK_EQ(sent_type(&a), DHCP4_DISCOVER);
	CHECK_EQ(a.act, DHCP4_ACT_WAIT);
	CHECK(a.wake_ms >= 1000 + 3000 && a.wake_ms <= 1000 + 5000);
	CHECK_EQ(c.deadline_ms, 31000);

	/* a reply to someone else's xid, and garbage, change nothing */
	tpkt_lease(&p, DHCP4_OFFER, c.xid + 1, "10.0.0.50");
	dhcp4_client_step(&c, p.b, p.len, 1100, &a);
	CHECK(a.send == NULL);
	CHECK_EQ(c.state, DHCP4_SELECTING);
	dhcp4_client_step(&c, (const uint8_t *)"junk", 4, 1100, &a);
	CHECK(a.send == NULL);
	CHECK_EQ(a.act, DHCP4_ACT_WAIT);

	tpkt_lease(&p, DHCP4_OFFER, c.xid, "10.0.0.50");
	dhcp4_client_step(&c, p.b, p.len, 1200, &a);
	CHECK_EQ(c.state, DHCP4_REQUESTING);
	CHECK_EQ(sent_type(&a), DHCP4_REQUEST);
	CHECK(dhcp4_client_lease(&c) == NULL);

	/* a second offer while requesting is ignored */
	tpkt_lease(&p, DHCP4_OFFER, c.xid, "10.0.0.60");
	dhcp4_client_step(&c, p.b, p.len, 1300, &a);
	CHECK(a.send == NULL);

	tpkt_lease(&p, DHCP4_ACK, c.xid, "10.0.0.50");
	dhcp4_client_step(&c, p.b, p.len, 1400, &a);
	CHECK_EQ(a.act, DHCP4_ACT_BOUND);
	l = dhcp4_client_lease(&c);
	CHECK(l != NULL);
	CHECK(l && l->yiaddr.s_addr == tip("10.0.0.50"));
	CHECK(l && l->router.s_addr == tip("10.0.0.1"));
	CHECK(l && l->lease_time == 3600);
	dhcp4_client_step(&c, NULL, 0, 1500, &a);
	CHECK_EQ(a.act, DHCP4_ACT_BOUND);
}

/* 4 s, 8 s, 16 s ... each +-1 s, until the 30 s total runs out. */
static void test_backoff_timeout(void)
{
	struct dhcp4_client c;
	struct dhcp4_action a;
	uint64_t now = 0, prev_tx = 0, want = 4000;
	int sends = 0;

	client_new(&c, 0);
	dhcp4_client_step(&c, NULL, 0, now, &a);
	sends++;
	for (int i = 0; i < 100 && a.act == DHCP4_ACT_WAIT; i++) {
		CHECK(a.wake_ms > now);
		now = a.wake_ms;
		dhcp4_client_step(&c, NULL, 0, now, &a);
		if (a.send) {
			uint64_t gap = now - prev_tx;

			CHECK(gap + 1000 >= want && gap <= want + 1000);
			CHECK_EQ(sent_type(&a), DHCP4_DISCOVER);
			prev_tx = now;
			want *= 2;
			sends++;
		}
	}
	CHECK_EQ(a.act, DHCP4_ACT_FAILED);
	CHECK_EQ(now, 30000);
	CHECK(sends == 3 || sends == 4); /* at 0, ~4, ~12, and ~28 if the jitter allows */
	CHECK(a.reason && strstr(a.reason, "no DHCP offer within 30 s") != NULL);
	dhcp4_client_step(&c, NULL, 0, now + 1, &a);
	CHECK_EQ(a.act, DHCP4_ACT_FAILED);
}

/* The same seed gives the same delays; the cap holds. */
static void test_backoff_cap(void)
{
	struct dhcp4_client_config cfg = { .seed = 7, .total_ms = 600000, .first_ms = 4000, .max_ms = 16000 };
	struct dhcp4_client c;
	struct dhcp4_action a;
	uint64_t now = 0, last = 0;

	dhcp4_client_init(&c, &cfg);
	dhcp4_client_step(&c, NULL, 0, now, &a);
	for (int i = 0; i < 20; i++) {
		now = a.wake_ms;
		dhcp4_client_step(&c, NULL, 0, now, &a);
		CHECK(a.send != NULL);
		last = a.wake_ms - now;
		CHECK(last <= 17000);
	}
	CHECK(last >= 15000);
}

static void test_nak_restarts(void)
{
	struct dhcp4_client c;
	struct dhcp4_action a;
	struct tpkt p;
	uint32_t xid1;

	client_new(&c, 0);
	dhcp4_client_step(&c, NULL, 0, 0, &a);
	xid1 = c.xid;
	tpkt_lease(&p, DHCP4_OFFER, c.xid, "10.0.0.50");
	dhcp4_client_step(&c, p.b, p.len, 10, &a);
	CHECK_EQ(c.state, DHCP4_REQUESTING);
	/* a NAK from another server is not ours to obey */
	tpkt_reply(&p, c.xid, NULL);
	tpkt_opt_u8(&p, 53, DHCP4_NAK);
	tpkt_opt_ip(&p, 54, "10.0.0.99");
	tpkt_end(&p);
	dhcp4_client_step(&c, p.b, p.len, 20, &a);
	CHECK_EQ(c.state, DHCP4_REQUESTING);
	tpkt_reply(&p, c.xid, NULL);
	tpkt_opt_u8(&p, 53, DHCP4_NAK);
	tpkt_opt_ip(&p, 54, "10.0.0.1");
	tpkt_opt_str(&p, 56, "wrong network");
	tpkt_end(&p);
	dhcp4_client_step(&c, p.b, p.len, 30, &a);
	CHECK_EQ(c.state, DHCP4_SELECTING);
	CHECK_EQ(sent_type(&a), DHCP4_DISCOVER);
	CHECK(c.xid != xid1);
	/* NAKs until the limit: failed with the server's message */
	for (int i = 0; i < 5 && c.state != DHCP4_FAILED; i++) {
		tpkt_lease(&p, DHCP4_OFFER, c.xid, "10.0.0.50");
		dhcp4_client_step(&c, p.b, p.len, 40, &a);
		tpkt_reply(&p, c.xid, NULL);
		tpkt_opt_u8(&p, 53, DHCP4_NAK);
		tpkt_opt_ip(&p, 54, "10.0.0.1");
		tpkt_opt_str(&p, 56, "wrong network");
		tpkt_end(&p);
		dhcp4_client_step(&c, p.b, p.len, 50, &a);
	}
	CHECK_EQ(a.act, DHCP4_ACT_FAILED);
	CHECK_EQ(c.n_naks, 4);
	CHECK(a.reason && strstr(a.reason, "wrong network") != NULL);
}

static void proxy_offer(struct tpkt *p, uint32_t xid)
{
	tpkt_reply(p, xid, NULL);
	tpkt_opt_u8(p, 53, DHCP4_OFFER);
	tpkt_opt_ip(p, 54, "10.0.0.9");
	tpkt_opt_str(p, 60, "PXEClient");
	tpkt_opt_str(p, 209, "cfg/m.cfg");
	tpkt_opt_str(p, 210, "/pxe/");
	tpkt_end(p);
	memcpy(p->b + 108, "ipxe.efi", 8);
	memcpy(p->b + 20, "\x0a\x00\x00\x09", 4);
}

/* A proxyDHCP offer is remembered, not requested; its boot file fills the lease. */
static void test_proxy_offer(void)
{
	struct dhcp4_client c;
	struct dhcp4_action a;
	struct tpkt p;
	const struct dhcp4_lease *l;

	client_new(&c, 0);
	dhcp4_client_step(&c, NULL, 0, 0, &a);
	proxy_offer(&p, c.xid);
	dhcp4_client_step(&c, p.b, p.len, 10, &a);
	CHECK_EQ(c.state, DHCP4_SELECTING);
	CHECK(c.has_proxy);
	CHECK(a.send == NULL);
	tpkt_lease(&p, DHCP4_OFFER, c.xid, "10.0.0.50");
	dhcp4_client_step(&c, p.b, p.len, 20, &a);
	CHECK_EQ(sent_type(&a), DHCP4_REQUEST);
	tpkt_lease(&p, DHCP4_ACK, c.xid, "10.0.0.50");
	dhcp4_client_step(&c, p.b, p.len, 30, &a);
	CHECK_EQ(a.act, DHCP4_ACT_BOUND);
	l = dhcp4_client_lease(&c);
	CHECK(l && strcmp(l->boot_file, "ipxe.efi") == 0);
	CHECK(l && strcmp(l->tftp_server, "10.0.0.9") == 0);
	CHECK(l && strcmp(l->config_file, "cfg/m.cfg") == 0);
	CHECK(l && strcmp(l->path_prefix, "/pxe/") == 0);
	CHECK(l && l->yiaddr.s_addr == tip("10.0.0.50"));
	CHECK_STREQ(c.proxy.vendor_class, "PXEClient");
}

/* Only a proxy answers: the client keeps asking and fails saying so. */
static void test_proxy_only(void)
{
	struct dhcp4_client c;
	struct dhcp4_action a;
	struct tpkt p;
	uint64_t now = 0;

	client_new(&c, 10000);
	dhcp4_client_step(&c, NULL, 0, now, &a);
	proxy_offer(&p, c.xid);
	dhcp4_client_step(&c, p.b, p.len, 5, &a);
	for (int i = 0; i < 20 && a.act == DHCP4_ACT_WAIT; i++) {
		now = a.wake_ms;
		dhcp4_client_step(&c, NULL, 0, now, &a);
	}
	CHECK_EQ(a.act, DHCP4_ACT_FAILED);
	CHECK_EQ(now, 10000);
	CHECK(a.reason && strstr(a.reason, "proxyDHCP") != NULL);
}

/* REQUESTING without an answer retransmits the REQUEST, then fails at the deadline. */
static void test_request_timeout(void)
{
	struct dhcp4_client c;
	struct dhcp4_action a;
	struct tpkt p;
	uint64_t now = 0;
	int requests = 0;

	client_new(&c, 20000);
	dhcp4_client_step(&c, NULL, 0, now, &a);
	tpkt_lease(&p, DHCP4_OFFER, c.xid, "10.0.0.50");
	dhcp4_client_step(&c, p.b, p.len, 100, &a);
	requests++;
	for (int i = 0; i < 20 && a.act == DHCP4_ACT_WAIT; i++) {
		now = a.wake_ms;
		dhcp4_client_step(&c, NULL, 0, now, &a);
		if (a.send) {
			CHECK_EQ(sent_type(&a), DHCP4_REQUEST);
			requests++;
		}
	}
	CHECK_EQ(a.act, DHCP4_ACT_FAILED);
	CHECK(requests >= 3);
	CHECK(a.reason && strstr(a.reason, "no DHCP acknowledgement from 10.0.0.1") != NULL);
}

static const struct test tests[] = {
	TEST(happy_path),  TEST(backoff_timeout), TEST(backoff_cap),	 TEST(nak_restarts),
	TEST(proxy_offer), TEST(proxy_only),	  TEST(request_timeout),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
