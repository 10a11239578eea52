// SPDX-License-Identifier: GPL-2.0-or-later
/* The DHCPv6 client state machine with a fed clock and hand-built server messages. */
#include "boot/net/dhcp6.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-dhcp6-util.h"

static void client_new(struct dhcp6_client *c, uint32_t total_ms, uint32_t seed)
{
	struct dhcp6_client_config cfg = { .iaid = 0x12345678, .arch = 7, .seed = seed, .total_ms = total_ms };

	cfg.duid = t6_client_duid();
	dhcp6_client_init(c, &cfg);
}

static int sent_type(const struct dhcp6_action *a)
{
	return a->send && a->send_len >= 4 ? a->send[0] : 0;
}

/* The server identifier in a sent message: 'a', 'b', or 0. */
static int sent_server(const struct dhcp6_action *a)
{
	size_t n = 0;
	const uint8_t *o = a->send ? t6_find(a->send, a->send_len, 2, &n) : NULL;

	if (!o || n != 10)
		return 0;
	return !memcmp(o, t6_srv_a, 10) ? 'a' : !memcmp(o, t6_srv_b, 10) ? 'b' : '?';
}

/* Starts a client and runs it to its first SOLICIT; returns the time it went out. */
static uint64_t start_soliciting(struct dhcp6_client *c, struct dhcp6_action *a, uint64_t t0)
{
	dhcp6_client_step(c, NULL, 0, t0, a);
	CHECK_EQ(a->act, DHCP6_ACT_WAIT);
	if (a->send) /* a drawn delay of 0: the SOLICIT goes at once */
		return t0;
	/* the random initial delay, 0..1 s */
	CHECK(a->wake_ms >= t0 && a->wake_ms <= t0 + 1000);
	t0 = a->wake_ms;
	dhcp6_client_step(c, NULL, 0, t0, a);
	CHECK_EQ(sent_type(a), DHCP6_SOLICIT);
	return t0;
}

static void test_one_server(void)
{
	struct dhcp6_client c;
	struct dhcp6_action a;
	struct in6_addr want = t6_ip("2001:db8::50");
	const struct dhcp6_lease *l;
	struct t6 p;
	uint64_t t;

	client_new(&c, 0, 42);
	t = start_soliciting(&c, &a, 5000);

	/* the first RT is strictly above IRT (RFC 8415 15), at most 1.1 IRT */
	CHECK(a.wake_ms > t + 1000 && a.wake_ms <= t + 1100);
	CHECK_EQ(c.collect_until_ms, a.wake_ms);

	/* someone else's transaction, someone else's client id, and junk change nothing */
	t6_answer(&p, DHCP6_ADVERTISE, c.xid ^ 1, t6_srv_a, 0, "2001:db8::50", -1, NULL);
	dhcp6_client_step(&c, p.b, p.len, t + 10, &a);
	CHECK(a.send == NULL);
	t6_answer(&p, DHCP6_ADVERTISE, c.xid, t6_srv_a, 0, "2001:db8::50", -1, NULL);
	p.b[4 + 14 + 4 + 9] ^= 0xff; /* the last byte of our DUID-LL */
	dhcp6_client_step(&c, p.b, p.len, t + 10, &a);
	CHECK(a.send == NULL);
	CHECK(!c.has_best);
	t6_hdr(&p, DHCP6_ADVERTISE, c.xid); /* an address for another IAID */
	t6_opt(&p, 2, t6_srv_a, 10);
	t6_opt(&p, 1, c.cfg.duid.b, c.cfg.duid.len);
	t6_ia_na(&p, 0x99, "2001:db8::99", 3000, 4000, -1, NULL);
	dhcp6_client_step(&c, p.b, p.len, t + 10, &a);
	CHECK(!c.has_best);
	CHECK(strstr(c.last_refusal, "without an address") != NULL);
	dhcp6_client_step(&c, (const uint8_t *)"\x02junk", 5, t + 10, &a);
	CHECK(a.send == NULL);
	CHECK_EQ(a.act, DHCP6_ACT_WAIT);

	/* an ADVERTISE inside the first RT is kept, not acted on: others may come */
	t6_answer(&p, DHCP6_ADVERTISE, c.xid, t6_srv_a, 0, "2001:db8::50", -1, NULL);
	dhcp6_client_step(&c, p.b, p.len, t + 100, &a);
	CHECK(a.send == NULL);
	CHECK_EQ(a.act, DHCP6_ACT_WAIT);
	CHECK_EQ(a.wake_ms, c.collect_until_ms);
	t = a.wake_ms;
	dhcp6_client_step(&c, NULL, 0, t, &a);
	CHECK_EQ(sent_type(&a), DHCP6_REQUEST);
	CHECK_EQ(sent_server(&a), 'a');
	CHECK_EQ(c.state, DHCP6_REQUESTING);
	CHECK(dhcp6_client_lease(&c) == NULL);

	/* an ADVERTISE now is late; a REPLY from another server is not ours */
	t6_answer(&p, DHCP6_REPLY, c.xid, t6_srv_b, -1, "2001:db8::60", -1, NULL);
	dhcp6_client_step(&c, p.b, p.len, t + 10, &a);
	CHECK(a.send == NULL);
	CHECK_EQ(c.state, DHCP6_REQUESTING);
	t6_answer(&p, DHCP6_REPLY, c.xid, t6_srv_a, -1, "2001:db8::50", -1, NULL);
	t6_opt(&p, 59, "http://[2001:db8::1]/boot.ipxe", 30);
	dhcp6_client_step(&c, p.b, p.len, t + 20, &a);
	CHECK_EQ(a.act, DHCP6_ACT_BOUND);
	l = dhcp6_client_lease(&c);
	CHECK(l && memcmp(&l->addr, &want, 16) == 0);
	CHECK(l && l->valid_lt == 4000);
	CHECK_STREQ(l ? l->bootfile_url : NULL, "http://[2001:db8::1]/boot.ipxe");
	dhcp6_client_step(&c, NULL, 0, t + 30, &a);
	CHECK_EQ(a.act, DHCP6_ACT_BOUND);
}

/* Two servers: the higher preference wins, whatever came first; 255 needs no wait. */
static void test_preference(void)
{
	struct dhcp6_client c;
	struct dhcp6_action a;
	struct t6 p;
	uint64_t t;

	client_new(&c, 0, 8);
	t = start_soliciting(&c, &a, 0);
	t6_answer(&p, DHCP6_ADVERTISE, c.xid, t6_srv_a, 10, "2001:db8::50", -1, NULL);
	dhcp6_client_step(&c, p.b, p.len, t + 100, &a);
	t6_answer(&p, DHCP6_ADVERTISE, c.xid, t6_srv_b, 200, "2001:db8::60", -1, NULL);
	dhcp6_client_step(&c, p.b, p.len, t + 200, &a);
	/* a third, less preferred than b, changes nothing */
	t6_answer(&p, DHCP6_ADVERTISE, c.xid, t6_srv_a, 199, "2001:db8::70", -1, NULL);
	dhcp6_client_step(&c, p.b, p.len, t + 300, &a);
	CHECK(a.send == NULL);
	CHECK_EQ(c.n_advertise, 3);
	dhcp6_client_step(&c, NULL, 0, a.wake_ms, &a);
	CHECK_EQ(sent_type(&a), DHCP6_REQUEST);
	CHECK_EQ(sent_server(&a), 'b');

	client_new(&c, 0, 7);
	t = start_soliciting(&c, &a, 0);
	t6_answer(&p, DHCP6_ADVERTISE, c.xid, t6_srv_a, 255, "2001:db8::50", -1, NULL);
	dhcp6_client_step(&c, p.b, p.len, t + 5, &a);
	CHECK_EQ(sent_type(&a), DHCP6_REQUEST);
	CHECK_EQ(sent_server(&a), 'a');
}

/* Nobody answers: RT doubles with RAND in [-0.1, 0.1], capped at MRT, until the total runs out. */
static void test_retransmission(void)
{
	struct dhcp6_client c;
	struct dhcp6_action a;
	struct dhcp6_client_config cfg = { .iaid = 1, .seed = 99, .total_ms = 60000, .sol_max_rt_ms = 8000,
					   .first_delay_ms = UINT32_MAX };
	uint64_t t = 0, prev_rt = 0, prev_elapsed = 0;
	int sends = 0, capped = 0;

	cfg.duid = t6_client_duid();
	dhcp6_client_init(&c, &cfg);
	dhcp6_client_step(&c, NULL, 0, t, &a);
	CHECK_EQ(sent_type(&a), DHCP6_SOLICIT); /* no initial delay asked for */
	for (int i = 0; i < 100 && a.act == DHCP6_ACT_WAIT; i++) {
		uint64_t rt;
		size_t n = 0;
		const uint8_t *el;

		if (a.send) {
			sends++;
			el = t6_find(a.send, a.send_len, 8, &n);
			CHECK(el && n == 2);
			/* elapsed time in hundredths of a second since the first SOLICIT */
			CHECK(el && (uint64_t)(el[0] << 8 | el[1]) == t / 10);
			CHECK(el && (uint64_t)(el[0] << 8 | el[1]) >= prev_elapsed);
			prev_elapsed = el ? (uint64_t)(el[0] << 8 | el[1]) : 0;
			CHECK_EQ(t6_xid(a.send), c.xid); /* one transaction throughout */
		}
		CHECK(a.wake_ms > t);
		rt = a.wake_ms - t;
		if (a.wake_ms < c.deadline_ms) {
			if (prev_rt == 0)
				CHECK(rt > 1000 && rt <= 1100);
			else if (2 * prev_rt * 9 / 10 > 8000 * 11 / 10)
				CHECK(rt >= 7200 && rt <= 8800);
			else
				CHECK((rt >= prev_rt * 19 / 10 && rt <= prev_rt * 21 / 10 + 1) ||
				      (rt >= 7200 && rt <= 8800));
			capped += rt >= 7200 && rt <= 8800;
			prev_rt = rt;
		}
		t = a.wake_ms;
		dhcp6_client_step(&c, NULL, 0, t, &a);
	}
	CHECK_EQ(a.act, DHCP6_ACT_FAILED);
	CHECK_EQ(t, 60000);
	CHECK(sends >= 8 && sends <= 12);
	CHECK(capped >= 3);
	CHECK(a.reason && strstr(a.reason, "no DHCPv6 server offered an address within 60 s"));
	/* failed stays failed */
	dhcp6_client_step(&c, NULL, 0, t + 1, &a);
	CHECK_EQ(a.act, DHCP6_ACT_FAILED);
}

/* Lost packets: the ADVERTISE of the first SOLICIT and two REPLYs never arrive. */
static void test_lost_packets(void)
{
	struct dhcp6_client c;
	struct dhcp6_action a;
	struct t6 p;
	uint64_t t;
	uint32_t xid;
	int requests = 1;

	client_new(&c, 0, 3);
	t = start_soliciting(&c, &a, 0);
	dhcp6_client_step(&c, NULL, 0, a.wake_ms, &a); /* first RT over, nothing came */
	CHECK_EQ(sent_type(&a), DHCP6_SOLICIT);
	t = a.wake_ms - 1;
	/* after the first RT, the first ADVERTISE is taken at once */
	t6_answer(&p, DHCP6_ADVERTISE, c.xid, t6_srv_b, 0, "2001:db8::60", -1, NULL);
	dhcp6_client_step(&c, p.b, p.len, t, &a);
	CHECK_EQ(sent_type(&a), DHCP6_REQUEST);
	xid = c.xid;
	for (int i = 0; i < 2; i++) {
		t = a.wake_ms;
		dhcp6_client_step(&c, NULL, 0, t, &a);
		requests += sent_type(&a) == DHCP6_REQUEST;
		CHECK_EQ(t6_xid(a.send), xid); /* a retransmission keeps the transaction */
	}
	CHECK_EQ(requests, 3);
	t6_answer(&p, DHCP6_REPLY, c.xid, t6_srv_b, -1, "2001:db8::60", -1, NULL);
	dhcp6_client_step(&c, p.b, p.len, t + 1, &a);
	CHECK_EQ(a.act, DHCP6_ACT_BOUND);

	/* a server that never REPLYs: REQ_MAX_RC requests, then discovery again */
	client_new(&c, 600000, 4);
	t = start_soliciting(&c, &a, 0);
	t6_answer(&p, DHCP6_ADVERTISE, c.xid, t6_srv_a, 255, "2001:db8::50", -1, NULL);
	dhcp6_client_step(&c, p.b, p.len, t, &a);
	requests = 1;
	for (int i = 0; i < 20 && sent_type(&a) != DHCP6_SOLICIT; i++) {
		dhcp6_client_step(&c, NULL, 0, a.wake_ms, &a);
		requests += sent_type(&a) == DHCP6_REQUEST;
	}
	CHECK_EQ(requests, 10);
	CHECK_EQ(sent_type(&a), DHCP6_SOLICIT);
	CHECK_EQ(c.state, DHCP6_SOLICITING);
}

/* NoAddrsAvail: an ADVERTISE saying so is ignored and named in the reason; a REPLY saying so starts over. */
static void test_no_addrs_avail(void)
{
	struct dhcp6_client c;
	struct dhcp6_action a;
	struct t6 p;
	uint64_t t;
	uint32_t xid;

	client_new(&c, 5000, 5);
	t = start_soliciting(&c, &a, 0);
	t6_answer(&p, DHCP6_ADVERTISE, c.xid, t6_srv_a, 255, NULL, DHCP6_NO_ADDRS_AVAIL, "pool exhausted");
	dhcp6_client_step(&c, p.b, p.len, t + 10, &a);
	CHECK(a.send == NULL);
	CHECK(!c.has_best);
	while (a.act == DHCP6_ACT_WAIT)
		dhcp6_client_step(&c, NULL, 0, a.wake_ms, &a);
	CHECK_EQ(a.act, DHCP6_ACT_FAILED);
	CHECK(a.reason && strstr(a.reason, "NoAddrsAvail: pool exhausted"));

	client_new(&c, 0, 6);
	t = start_soliciting(&c, &a, 0);
	t6_answer(&p, DHCP6_ADVERTISE, c.xid, t6_srv_a, 255, "2001:db8::50", -1, NULL);
	dhcp6_client_step(&c, p.b, p.len, t, &a);
	CHECK_EQ(sent_type(&a), DHCP6_REQUEST);
	xid = c.xid;
	t6_answer(&p, DHCP6_REPLY, c.xid, t6_srv_a, -1, NULL, DHCP6_NO_ADDRS_AVAIL, "");
	dhcp6_client_step(&c, p.b, p.len, t + 5, &a);
	CHECK_EQ(sent_type(&a), DHCP6_SOLICIT);
	CHECK(c.xid != xid);
	CHECK(dhcp6_client_lease(&c) == NULL);
	CHECK(strstr(c.last_refusal, "NoAddrsAvail") != NULL);

	/* a server that always says no: bounded restarts, then a reason */
	for (int i = 0; i < 10 && a.act == DHCP6_ACT_WAIT; i++) {
		t6_answer(&p, DHCP6_ADVERTISE, c.xid, t6_srv_a, 255, "2001:db8::50", -1, NULL);
		dhcp6_client_step(&c, p.b, p.len, t + 10 + i, &a);
		t6_answer(&p, DHCP6_REPLY, c.xid, t6_srv_a, -1, NULL, DHCP6_NO_ADDRS_AVAIL, "");
		dhcp6_client_step(&c, p.b, p.len, t + 10 + i, &a);
	}
	CHECK_EQ(a.act, DHCP6_ACT_FAILED);
	CHECK(a.reason && strstr(a.reason, "refused") && strstr(a.reason, "NoAddrsAvail"));
}

static void bind_client(struct dhcp6_client *c, struct dhcp6_action *a, uint64_t *t)
{
	struct t6 p;

	client_new(c, 0, 11);
	*t = start_soliciting(c, a, 0);
	t6_answer(&p, DHCP6_ADVERTISE, c->xid, t6_srv_b, 255, "2001:db8::60", -1, NULL);
	dhcp6_client_step(c, p.b, p.len, *t, a);
	t6_answer(&p, DHCP6_REPLY, c->xid, t6_srv_b, -1, "2001:db8::60", -1, NULL);
	dhcp6_client_step(c, p.b, p.len, *t, a);
	CHECK_EQ(a->act, DHCP6_ACT_BOUND);
}

static void test_release(void)
{
	struct dhcp6_client c;
	struct dhcp6_action a;
	struct in6_addr want = t6_ip("2001:db8::60");
	const uint8_t *ia;
	struct t6 p;
	size_t n = 0;
	uint64_t t;
	int sends = 0;

	bind_client(&c, &a, &t);
	dhcp6_client_release(&c, t + 100, &a);
	CHECK_EQ(sent_type(&a), DHCP6_RELEASE);
	CHECK_EQ(sent_server(&a), 'b');
	ia = t6_find(a.send, a.send_len, 3, &n);
	CHECK(ia && n == 40 && memcmp(ia + 16, &want, 16) == 0);
	CHECK(dhcp6_client_lease(&c) != NULL); /* still readable while releasing */
	/* a REPLY to another transaction does not end it; ours does */
	t6_answer(&p, DHCP6_REPLY, c.xid ^ 5, t6_srv_b, -1, NULL, DHCP6_SUCCESS, "");
	dhcp6_client_step(&c, p.b, p.len, t + 110, &a);
	CHECK_EQ(a.act, DHCP6_ACT_WAIT);
	CHECK(dhcp6_client_lease(&c) && memcmp(&dhcp6_client_lease(&c)->addr, &want, 16) == 0);
	t6_answer(&p, DHCP6_REPLY, c.xid, t6_srv_b, -1, NULL, DHCP6_SUCCESS, "");
	dhcp6_client_step(&c, p.b, p.len, t + 120, &a);
	CHECK_EQ(a.act, DHCP6_ACT_RELEASED);
	CHECK(dhcp6_client_lease(&c) == NULL);

	/* nobody answers: a few RELEASEs within release_ms (2 s), then done anyway */
	bind_client(&c, &a, &t);
	dhcp6_client_release(&c, t, &a);
	for (int i = 0; i < 20 && a.act == DHCP6_ACT_WAIT; i++) {
		sends += sent_type(&a) == DHCP6_RELEASE;
		CHECK(a.wake_ms <= t + 2000);
		dhcp6_client_step(&c, NULL, 0, a.wake_ms, &a);
	}
	CHECK_EQ(a.act, DHCP6_ACT_RELEASED);
	CHECK(sends >= 2 && sends <= 4);

	/* a duplicate address: DECLINE to the same server, answered by a REPLY */
	bind_client(&c, &a, &t);
	dhcp6_client_decline(&c, t, &a);
	CHECK_EQ(sent_type(&a), DHCP6_DECLINE);
	CHECK_EQ(sent_server(&a), 'b');
	ia = t6_find(a.send, a.send_len, 3, &n);
	CHECK(ia && n == 40 && memcmp(ia + 16, &want, 16) == 0);
	CHECK_EQ(c.state, DHCP6_DECLINING);
	dhcp6_client_step(&c, NULL, 0, a.wake_ms, &a); /* lost: sent again */
	CHECK_EQ(sent_type(&a), DHCP6_DECLINE);
	t6_answer(&p, DHCP6_REPLY, c.xid, t6_srv_b, -1, NULL, DHCP6_SUCCESS, "");
	dhcp6_client_step(&c, p.b, p.len, a.wake_ms - 1, &a);
	CHECK_EQ(a.act, DHCP6_ACT_RELEASED);
	CHECK(dhcp6_client_lease(&c) == NULL);

	/* releasing what was never bound sends nothing */
	client_new(&c, 0, 1);
	dhcp6_client_release(&c, 0, &a);
	CHECK(a.send == NULL);
	CHECK_EQ(a.act, DHCP6_ACT_RELEASED);
}

/* Over many seeds: the first SOLICIT's RT is always in (IRT, 1.1 IRT], the initial delay in [0, 1 s]. */
static void test_first_rt_bounds(void)
{
	for (uint32_t seed = 1; seed <= 500; seed++) {
		struct dhcp6_client c;
		struct dhcp6_action a;

		client_new(&c, 0, seed);
		dhcp6_client_step(&c, NULL, 0, 0, &a);
		if (!a.send) {
			CHECK(a.wake_ms <= 1000);
			dhcp6_client_step(&c, NULL, 0, a.wake_ms, &a);
		}
		CHECK_EQ(sent_type(&a), DHCP6_SOLICIT);
		CHECK(c.rt_ms > 1000 && c.rt_ms <= 1100);
	}
}

/* Stateless (an RA without M): INFORMATION-REQUEST, any server's REPLY, no address, nothing to release. */
static void test_info_only(void)
{
	struct dhcp6_client_config cfg = { .iaid = 1, .seed = 5, .info_only = true, .first_delay_ms = UINT32_MAX };
	struct dhcp6_client c;
	struct dhcp6_action a;
	const struct dhcp6_lease *l;
	struct t6 p;
	size_t n = 0;

	cfg.duid = t6_client_duid();
	dhcp6_client_init(&c, &cfg);
	dhcp6_client_step(&c, NULL, 0, 0, &a);
	CHECK_EQ(sent_type(&a), DHCP6_INFORMATION_REQUEST);
	CHECK(a.send && t6_find(a.send, a.send_len, 3, &n) == NULL); /* no IA_NA */
	CHECK(a.send && t6_find(a.send, a.send_len, 6, &n) != NULL); /* but the ORO */
	CHECK_EQ(c.state, DHCP6_INFORMING);
	/* an ADVERTISE is no answer here; nor is a REPLY with an error status */
	t6_answer(&p, DHCP6_ADVERTISE, c.xid, t6_srv_a, 255, "2001:db8::50", -1, NULL);
	dhcp6_client_step(&c, p.b, p.len, 10, &a);
	CHECK_EQ(a.act, DHCP6_ACT_WAIT);
	t6_hdr(&p, DHCP6_REPLY, c.xid);
	t6_opt(&p, 2, t6_srv_a, 10);
	t6_opt(&p, 1, cfg.duid.b, cfg.duid.len);
	t6_status(&p, DHCP6_UNSPEC_FAIL, "");
	dhcp6_client_step(&c, p.b, p.len, 20, &a);
	CHECK_EQ(a.act, DHCP6_ACT_WAIT);
	/* retransmitted as an INFORMATION-REQUEST in the same transaction */
	dhcp6_client_step(&c, NULL, 0, a.wake_ms, &a);
	CHECK_EQ(sent_type(&a), DHCP6_INFORMATION_REQUEST);
	t6_hdr(&p, DHCP6_REPLY, c.xid);
	t6_opt(&p, 2, t6_srv_b, 10);
	t6_opt(&p, 1, cfg.duid.b, cfg.duid.len);
	t6_opt(&p, 59, "http://[2001:db8::1]/boot.ipxe", 30);
	dhcp6_client_step(&c, p.b, p.len, 3000, &a);
	CHECK_EQ(a.act, DHCP6_ACT_BOUND);
	l = dhcp6_client_lease(&c);
	CHECK(l && !l->has_addr);
	CHECK_STREQ(l ? l->bootfile_url : NULL, "http://[2001:db8::1]/boot.ipxe");
	dhcp6_client_release(&c, 4000, &a);
	CHECK(a.send == NULL);
	CHECK_EQ(a.act, DHCP6_ACT_RELEASED);

	/* nobody answers: the reason says what was asked */
	dhcp6_client_init(&c, &cfg);
	dhcp6_client_step(&c, NULL, 0, 0, &a);
	while (a.act == DHCP6_ACT_WAIT)
		dhcp6_client_step(&c, NULL, 0, a.wake_ms, &a);
	CHECK(a.reason && strstr(a.reason, "INFORMATION-REQUEST within 30 s"));
}

static const struct test tests[] = {
	TEST(info_only),
	TEST(one_server), TEST(first_rt_bounds), TEST(preference), TEST(retransmission), TEST(lost_packets), TEST(no_addrs_avail),
	TEST(release),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
