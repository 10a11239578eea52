// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The DHCPv6 client as a pure state machine (RFC 8415 18.2): no sockets,
 * no clock of its own. SOLICIT, collect ADVERTISEs for the first
 * retransmission timeout (preference 255 ends the wait), REQUEST the most
 * preferred server, REPLY binds; RELEASE on quiesce, DECLINE when the
 * address turned out to be a duplicate. Retransmission follows
 * RFC 8415 15 (RT doubles with RAND in [-0.1, +0.1], capped at MRT), all
 * under one total deadline. Renewal is not needed: the lease is held for
 * the minutes until kexec.
 */
#include "boot/net/dhcp6.h"

#include <stdio.h>
#include <string.h>

#define DEFAULT_TOTAL_MS 30000
#define SOL_MAX_DELAY_MS 1000
#define SOL_TIMEOUT_MS 1000
#define SOL_MAX_RT_MS 3600000u
#define REQ_TIMEOUT_MS 1000
#define REQ_MAX_RT_MS 30000
#define REQ_MAX_RC 10
#define INF_TIMEOUT_MS 1000
#define INF_MAX_RT_MS 3600000u
#define REL_TIMEOUT_MS 1000
#define REL_MAX_RC 4
#define DEC_TIMEOUT_MS 1000
#define DEC_MAX_RC 4
#define DEFAULT_RELEASE_MS 2000
/* Servers that said "no" after a REQUEST (NoAddrsAvail, NotOnLink ...): start over at most this often. */
#define MAX_RESTARTS 4

/* xorshift32: reproducible from the caller's seed, so tests know every delay. */
static uint32_t rng_next(struct dhcp6_client *c)
{
	uint32_t x = c->rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	c->rng = x;
	return x;
}

/* RAND * base with RAND uniform in [-0.1, +0.1]; strictly positive when positive is set. */
static int64_t rand_part(struct dhcp6_client *c, uint32_t base, bool positive)
{
	uint32_t tenth = base / 10;

	if (positive)
		return tenth ? (int64_t)(rng_next(c) % tenth) + 1 : 1;
	return (int64_t)(rng_next(c) % (2 * tenth + 1)) - tenth;
}

void dhcp6_client_init(struct dhcp6_client *c, const struct dhcp6_client_config *cfg)
{
	memset(c, 0, sizeof(*c));
	c->cfg = *cfg;
	if (!c->cfg.total_ms)
		c->cfg.total_ms = DEFAULT_TOTAL_MS;
	if (!c->cfg.first_delay_ms)
		c->cfg.first_delay_ms = SOL_MAX_DELAY_MS;
	if (!c->cfg.sol_max_rt_ms)
		c->cfg.sol_max_rt_ms = SOL_MAX_RT_MS;
	if (!c->cfg.release_ms)
		c->cfg.release_ms = DEFAULT_RELEASE_MS;
	c->rng = cfg->seed ? cfg->seed : 0x6b657836; /* xorshift must not start at 0 */
	c->state = DHCP6_INIT;
}

static void fail(struct dhcp6_client *c, struct dhcp6_action *act, const char *reason)
{
	c->state = DHCP6_FAILED;
	snprintf(c->reason, sizeof(c->reason), "%s", reason);
	act->act = DHCP6_ACT_FAILED;
	act->reason = c->reason;
}

static void wait_until(const struct dhcp6_client *c, struct dhcp6_action *act, uint64_t t)
{
	act->act = DHCP6_ACT_WAIT;
	act->wake_ms = t < c->deadline_ms ? t : c->deadline_ms;
}

/* The SOLICIT collection window, the next retransmission, or the deadline: whichever is first. */
static void wait_next(const struct dhcp6_client *c, struct dhcp6_action *act)
{
	uint64_t t = c->next_tx_ms;

	if (c->state == DHCP6_SOLICITING && c->has_best && c->collect_until_ms < t)
		t = c->collect_until_ms;
	wait_until(c, act, t);
}

/* Builds this state's message, sends it, and computes the next RT (RFC 8415 15). */
static void transmit(struct dhcp6_client *c, uint64_t now, struct dhcp6_action *act)
{
	struct dhcp6_request req = {
		.xid = c->xid,
		.client_id = c->cfg.duid,
		.iaid = c->cfg.iaid,
		.arch = c->cfg.arch,
		.http = c->cfg.http,
	};
	const struct dhcp6_lease *srv = &c->best; /* the server asked, or the lease released */
	uint32_t irt = SOL_TIMEOUT_MS, mrt = c->cfg.sol_max_rt_ms;
	uint64_t elapsed, rt;

	if (c->state == DHCP6_SOLICITING) {
		req.type = DHCP6_SOLICIT;
	} else if (c->state == DHCP6_INFORMING) {
		req.type = DHCP6_INFORMATION_REQUEST;
		irt = INF_TIMEOUT_MS;
		mrt = INF_MAX_RT_MS;
	} else {
		req.type = c->state == DHCP6_REQUESTING ? DHCP6_REQUEST :
			   c->state == DHCP6_DECLINING ? DHCP6_DECLINE : DHCP6_RELEASE;
		req.server_id = srv->server_id;
		req.has_addr = true;
		req.addr = srv->addr;
		irt = c->state == DHCP6_REQUESTING ? REQ_TIMEOUT_MS :
		      c->state == DHCP6_DECLINING ? DEC_TIMEOUT_MS : REL_TIMEOUT_MS;
		mrt = c->state == DHCP6_REQUESTING ? REQ_MAX_RT_MS : 0;
	}
	if (c->n_tries == 0)
		c->exchange_ms = now;
	elapsed = (now - c->exchange_ms) / 10;
	req.elapsed_cs = elapsed > 0xffff ? 0xffff : (uint16_t)elapsed;
	if (dhcp6_build(&req, c->pkt, sizeof(c->pkt), &c->pkt_len) < 0) {
		fail(c, act, "DHCPv6: cannot build the message"); /* not reached: every field is bounded */
		return;
	}
	if (c->n_tries == 0) {
		/* The first SOLICIT's RT is strictly above IRT, so ADVERTISEs sent at IRT still count. */
		rt = (uint64_t)((int64_t)irt + rand_part(c, irt, req.type == DHCP6_SOLICIT));
	} else {
		rt = (uint64_t)((int64_t)2 * c->rt_ms + rand_part(c, c->rt_ms, false));
		if (mrt && rt > mrt)
			rt = (uint64_t)((int64_t)mrt + rand_part(c, mrt, false));
	}
	c->rt_ms = (uint32_t)rt;
	if (req.type == DHCP6_SOLICIT && c->n_tries == 0)
		c->collect_until_ms = now + rt;
	c->n_tries++;
	c->n_sent++;
	c->next_tx_ms = now + rt;
	act->send = c->pkt;
	act->send_len = c->pkt_len;
	wait_next(c, act);
}

/* A new server discovery (or information request): new transaction, nothing collected. The deadline stays. */
static void solicit(struct dhcp6_client *c, uint64_t now, uint32_t delay_ms, struct dhcp6_action *act)
{
	c->state = c->cfg.info_only ? DHCP6_INFORMING : DHCP6_SOLICITING;
	c->xid = rng_next(c) & 0xffffff;
	c->n_tries = 0;
	c->has_best = false;
	c->collect_until_ms = 0;
	if (delay_ms == 0) {
		transmit(c, now, act);
		return;
	}
	c->next_tx_ms = now + delay_ms;
	wait_next(c, act);
}

static void request(struct dhcp6_client *c, uint64_t now, struct dhcp6_action *act)
{
	c->state = DHCP6_REQUESTING;
	c->xid = rng_next(c) & 0xffffff;
	c->n_tries = 0;
	transmit(c, now, act);
}

/* After a server's "no": start over, a bounded number of times. */
static void restart(struct dhcp6_client *c, uint64_t now, struct dhcp6_action *act)
{
	char why[sizeof(c->reason)];

	if (++c->n_restarts > MAX_RESTARTS) {
		snprintf(why, sizeof(why), "DHCPv6: gave up after %u refused requests (%s)", c->n_restarts - 1,
			 c->last_refusal);
		fail(c, act, why);
		return;
	}
	solicit(c, now, 0, act);
}

static void released(struct dhcp6_client *c, struct dhcp6_action *act)
{
	c->state = DHCP6_RELEASED;
	act->act = DHCP6_ACT_RELEASED;
}

static void on_timer(struct dhcp6_client *c, uint64_t now, struct dhcp6_action *act)
{
	char why[sizeof(c->reason)];

	if (c->state == DHCP6_RELEASING || c->state == DHCP6_DECLINING) {
		unsigned max_rc = c->state == DHCP6_RELEASING ? REL_MAX_RC : DEC_MAX_RC;

		/* An unanswered RELEASE or DECLINE is not an error: the server lets the lease expire. */
		if (now >= c->deadline_ms || (now >= c->next_tx_ms && c->n_tries >= max_rc)) {
			released(c, act);
			return;
		}
		if (now >= c->next_tx_ms)
			transmit(c, now, act);
		else
			wait_next(c, act);
		return;
	}
	if (now >= c->deadline_ms) {
		if (c->state == DHCP6_INFORMING)
			snprintf(why, sizeof(why), "no DHCPv6 server answered the INFORMATION-REQUEST within %u s (%u messages sent)",
				 c->cfg.total_ms / 1000, c->n_sent);
		else if (c->state == DHCP6_SOLICITING)
			snprintf(why, sizeof(why), "no DHCPv6 server offered an address within %u s (%u messages sent%s%s)",
				 c->cfg.total_ms / 1000, c->n_sent, c->last_refusal[0] ? "; last refusal: " : "",
				 c->last_refusal);
		else
			snprintf(why, sizeof(why), "no DHCPv6 REPLY to the REQUEST within %u s (%u messages sent)",
				 c->cfg.total_ms / 1000, c->n_sent);
		fail(c, act, why);
		return;
	}
	if (c->state == DHCP6_SOLICITING && c->has_best && now >= c->collect_until_ms) {
		request(c, now, act);
		return;
	}
	if (now < c->next_tx_ms) {
		wait_next(c, act);
		return;
	}
	if (c->state == DHCP6_REQUESTING && c->n_tries >= REQ_MAX_RC) {
		snprintf(c->last_refusal, sizeof(c->last_refusal), "no REPLY to %u REQUESTs", c->n_tries);
		restart(c, now, act);
		return;
	}
	transmit(c, now, act);
}

static bool duid_eq(const struct dhcp6_duid *a, const struct dhcp6_duid *b)
{
	return a->len == b->len && memcmp(a->b, b->b, a->len) == 0;
}

/* The server's "no" in words, or NULL when the message gives an address. */
static const char *refusal(const struct dhcp6_lease *l, char *buf, size_t cap)
{
	char nb[16];
	uint16_t st = l->status != DHCP6_SUCCESS ? l->status : l->ia_status;
	const char *msg = l->status != DHCP6_SUCCESS ? l->status_msg : l->ia_status_msg;

	if (st == DHCP6_SUCCESS && l->has_addr)
		return NULL;
	if (st == DHCP6_SUCCESS)
		snprintf(buf, cap, "%s without an address", l->type == DHCP6_ADVERTISE ? "ADVERTISE" : "REPLY");
	else
		snprintf(buf, cap, "%s%s%s", dhcp6_status_name(st, nb), msg[0] ? ": " : "", msg);
	return buf;
}

static void on_packet(struct dhcp6_client *c, const uint8_t *pkt, size_t len, uint64_t now,
		      struct dhcp6_action *act)
{
	struct dhcp6_lease *l = &c->lease; /* scratch until BOUND: too big for the stack of a fuzzer */
	char no[DHCP6_STR_MAX + 32];

	/* Whatever comes, keep waiting for the same wake-up unless the course changes. */
	wait_next(c, act);
	if (dhcp6_parse(pkt, len, l, NULL) < 0)
		return;
	/* RFC 8415 16.3, 16.10: our transaction, our client identifier. */
	if (l->xid != c->xid || !duid_eq(&l->client_id, &c->cfg.duid))
		return;
	if (c->state == DHCP6_RELEASING || c->state == DHCP6_DECLINING) {
		if (l->type == DHCP6_REPLY && duid_eq(&l->server_id, &c->best.server_id))
			released(c, act);
		return;
	}
	if (c->state == DHCP6_INFORMING) {
		/* RFC 8415 18.2.10: any REPLY with a server id; options only, whatever IA it carries. */
		if (l->type != DHCP6_REPLY || l->status != DHCP6_SUCCESS)
			return;
		l->has_ia = false;
		l->has_addr = false;
		c->best = *l;
		c->state = DHCP6_BOUND;
		act->act = DHCP6_ACT_BOUND;
		return;
	}
	/* An address for another IA is not ours (kexboot sends one IA_NA). */
	if (l->has_ia && l->iaid != c->cfg.iaid)
		l->has_addr = false;
	if (c->state == DHCP6_SOLICITING) {
		if (l->type != DHCP6_ADVERTISE)
			return;
		/* RFC 8415 18.2.9: an ADVERTISE without addresses is ignored. */
		if (refusal(l, no, sizeof(no))) {
			snprintf(c->last_refusal, sizeof(c->last_refusal), "ADVERTISE: %s", no);
			return;
		}
		c->n_advertise++;
		if (!c->has_best || l->preference > c->best.preference) {
			c->best = *l;
			c->has_best = true;
		}
		if (c->best.preference == 255 || now >= c->collect_until_ms)
			request(c, now, act);
		else
			wait_next(c, act);
		return;
	}
	/* REQUESTING: only the server asked may answer. */
	if (l->type != DHCP6_REPLY || !duid_eq(&l->server_id, &c->best.server_id))
		return;
	if (refusal(l, no, sizeof(no))) {
		snprintf(c->last_refusal, sizeof(c->last_refusal), "REPLY: %s", no);
		restart(c, now, act);
		return;
	}
	c->state = DHCP6_BOUND;
	act->act = DHCP6_ACT_BOUND;
}

void dhcp6_client_step(struct dhcp6_client *c, const uint8_t *pkt, size_t len, uint64_t now_ms,
		       struct dhcp6_action *act)
{
	memset(act, 0, sizeof(*act));
	switch (c->state) {
	case DHCP6_INIT:
		c->start_ms = now_ms;
		c->deadline_ms = now_ms + c->cfg.total_ms;
		/* RFC 8415 18.2.1: the first SOLICIT waits a random 0..SOL_MAX_DELAY. */
		solicit(c, now_ms, c->cfg.first_delay_ms == UINT32_MAX ? 0 : rng_next(c) % (c->cfg.first_delay_ms + 1),
			act);
		return;
	case DHCP6_INFORMING:
	case DHCP6_SOLICITING:
	case DHCP6_REQUESTING:
	case DHCP6_RELEASING:
	case DHCP6_DECLINING:
		if (pkt)
			on_packet(c, pkt, len, now_ms, act);
		else
			on_timer(c, now_ms, act);
		return;
	case DHCP6_BOUND:
		act->act = DHCP6_ACT_BOUND;
		return;
	case DHCP6_RELEASED:
		act->act = DHCP6_ACT_RELEASED;
		return;
	case DHCP6_FAILED:
		act->act = DHCP6_ACT_FAILED;
		act->reason = c->reason;
		return;
	}
}

/* RELEASE or DECLINE the bound address: both are answered by a REPLY, both are bounded by release_ms. */
static void give_back(struct dhcp6_client *c, enum dhcp6_state how, uint64_t now_ms, struct dhcp6_action *act)
{
	memset(act, 0, sizeof(*act));
	if (c->state != DHCP6_BOUND) {
		act->act = c->state == DHCP6_FAILED ? DHCP6_ACT_FAILED : DHCP6_ACT_RELEASED;
		act->reason = c->state == DHCP6_FAILED ? c->reason : NULL;
		return;
	}
	if (!c->lease.has_addr) {
		/* Stateless: nothing was leased, nothing to give back. */
		released(c, act);
		return;
	}
	/* The REPLY: its server and address are given back. */
	c->best = c->lease;
	c->state = how;
	c->xid = rng_next(c) & 0xffffff;
	c->n_tries = 0;
	c->deadline_ms = now_ms + c->cfg.release_ms;
	transmit(c, now_ms, act);
}

void dhcp6_client_release(struct dhcp6_client *c, uint64_t now_ms, struct dhcp6_action *act)
{
	give_back(c, DHCP6_RELEASING, now_ms, act);
}

void dhcp6_client_decline(struct dhcp6_client *c, uint64_t now_ms, struct dhcp6_action *act)
{
	give_back(c, DHCP6_DECLINING, now_ms, act);
}

const struct dhcp6_lease *dhcp6_client_lease(const struct dhcp6_client *c)
{
	/* While releasing, lease is scratch for the answers: best holds the copy. */
	if (c->state == DHCP6_BOUND)
		return &c->lease;
	return c->state == DHCP6_RELEASING || c->state == DHCP6_DECLINING ? &c->best : NULL;
}
