// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The DHCPv4 client as a pure state machine (RFC 2131 4.4): no sockets, no
 * clock of its own. The driver feeds it packets and the time; it answers
 * with one action. Renewal is not needed: kexboot holds the lease only for
 * the minutes until kexec.
 */
#include "boot/net/net.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#define DEFAULT_TOTAL_MS 30000
#define DEFAULT_FIRST_MS 4000
#define DEFAULT_MAX_MS 64000
#define DEFAULT_MAX_NAKS 4
#define JITTER_MS 1000

/* xorshift32: reproducible from the caller's seed, so tests know every delay. */
static uint32_t rng_next(struct dhcp4_client *c)
{
	uint32_t x = c->rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	c->rng = x;
	return x;
}

void dhcp4_client_init(struct dhcp4_client *c, const struct dhcp4_client_config *cfg)
{
	memset(c, 0, sizeof(*c));
	c->cfg = *cfg;
	if (!c->cfg.total_ms)
		c->cfg.total_ms = DEFAULT_TOTAL_MS;
	if (!c->cfg.first_ms)
		c->cfg.first_ms = DEFAULT_FIRST_MS;
	if (!c->cfg.max_ms)
		c->cfg.max_ms = DEFAULT_MAX_MS;
	if (!c->cfg.max_naks)
		c->cfg.max_naks = DEFAULT_MAX_NAKS;
	c->rng = cfg->seed ? cfg->seed : 0x6b657862; /* xorshift must not start at 0 */
	c->state = DHCP4_INIT;
}

static const char *ip_str(struct in_addr a, char buf[INET_ADDRSTRLEN])
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN) ? buf : "?";
}

static void fail(struct dhcp4_client *c, struct dhcp4_action *act, const char *reason)
{
	c->state = DHCP4_FAILED;
	snprintf(c->reason, sizeof(c->reason), "%s", reason);
	act->act = DHCP4_ACT_FAILED;
	act->reason = c->reason;
}

/* Builds the packet of the current state, sends it, and schedules the next try. */
static void transmit(struct dhcp4_client *c, uint64_t now, struct dhcp4_action *act)
{
	struct dhcp4_request req = {
		.type = c->state == DHCP4_REQUESTING ? DHCP4_REQUEST : DHCP4_DISCOVER,
		.xid = c->xid,
		.arch = c->cfg.arch,
		.http = c->cfg.http,
		.has_uuid = c->cfg.has_uuid,
	};
	uint64_t secs = (now - c->start_ms) / 1000;
	/* +-1 s (RFC 2131 4.1), less for the short intervals tests use, so a try never comes early. */
	uint32_t spread = c->interval_ms / 4 < JITTER_MS ? c->interval_ms / 4 : JITTER_MS;
	int64_t jitter = (int64_t)(rng_next(c) % (2 * spread + 1)) - spread;

	memcpy(req.mac, c->cfg.mac, 6);
	memcpy(req.uuid, c->cfg.uuid, 16);
	req.secs = secs > 0xffff ? 0xffff : (uint16_t)secs;
	if (req.type == DHCP4_REQUEST) {
		req.requested = c->offer.yiaddr;
		req.server_id = c->offer.server_id;
	}
	if (dhcp4_build(&req, c->pkt, sizeof(c->pkt), &c->pkt_len) < 0) {
		fail(c, act, "DHCP: cannot build the request"); /* not reached: the packet has a fixed size */
		return;
	}
	c->n_sent++;
	act->send = c->pkt;
	act->send_len = c->pkt_len;
	act->act = DHCP4_ACT_WAIT;
	c->next_tx_ms = (uint64_t)((int64_t)now + c->interval_ms + jitter);
	if (c->interval_ms < c->cfg.max_ms / 2)
		c->interval_ms *= 2;
	else
		c->interval_ms = c->cfg.max_ms;
	act->wake_ms = c->next_tx_ms < c->deadline_ms ? c->next_tx_ms : c->deadline_ms;
}

/* A new exchange: new xid, backoff from the start. The deadline stays. */
static void discover(struct dhcp4_client *c, uint64_t now, struct dhcp4_action *act)
{
	c->state = DHCP4_SELECTING;
	c->xid = rng_next(c);
	c->interval_ms = c->cfg.first_ms;
	memset(&c->offer, 0, sizeof(c->offer));
	transmit(c, now, act);
}

static void on_timer(struct dhcp4_client *c, uint64_t now, struct dhcp4_action *act)
{
	char why[sizeof(c->reason)], ip[INET_ADDRSTRLEN];

	if (now >= c->deadline_ms) {
		if (c->state == DHCP4_SELECTING)
			snprintf(why, sizeof(why), "no DHCP offer within %u s (%u messages sent%s)",
				 c->cfg.total_ms / 1000, c->n_sent,
				 c->has_proxy ? ", only a proxyDHCP offer without an address" : "");
		else
			snprintf(why, sizeof(why), "no DHCP acknowledgement from %s within %u s",
				 ip_str(c->offer.server_id, ip), c->cfg.total_ms / 1000);
		fail(c, act, why);
		return;
	}
	if (now >= c->next_tx_ms) {
		transmit(c, now, act);
		return;
	}
	act->act = DHCP4_ACT_WAIT;
	act->wake_ms = c->next_tx_ms < c->deadline_ms ? c->next_tx_ms : c->deadline_ms;
}

/* A proxyDHCP offer (PXE spec 2.2.5): no address, vendor class PXEClient, the boot file. */
static bool is_proxy_offer(const struct dhcp4_lease *l)
{
	return l->type == DHCP4_OFFER && l->yiaddr.s_addr == 0 &&
	       (strncmp(l->vendor_class, "PXEClient", 9) == 0 || strncmp(l->vendor_class, "HTTPClient", 10) == 0);
}

static void bind_lease(struct dhcp4_client *c, const struct dhcp4_lease *ack, struct dhcp4_action *act)
{
	c->offer = *ack;
	/* Some servers leave the boot options to the proxy; the ACK's own win, all of them together. */
	if (c->has_proxy && !c->offer.boot_file[0] && !c->offer.config_file[0] && !c->offer.path_prefix[0]) {
		memcpy(c->offer.boot_file, c->proxy.boot_file, sizeof(c->offer.boot_file));
		memcpy(c->offer.config_file, c->proxy.config_file, sizeof(c->offer.config_file));
		memcpy(c->offer.path_prefix, c->proxy.path_prefix, sizeof(c->offer.path_prefix));
		if (!c->offer.tftp_server[0]) {
			if (c->proxy.tftp_server[0])
				memcpy(c->offer.tftp_server, c->proxy.tftp_server, sizeof(c->offer.tftp_server));
			else if (c->proxy.siaddr.s_addr)
				ip_str(c->proxy.siaddr, c->offer.tftp_server);
		}
	}
	c->state = DHCP4_BOUND;
	act->act = DHCP4_ACT_BOUND;
}

static void on_packet(struct dhcp4_client *c, const uint8_t *pkt, size_t len, uint64_t now,
		      struct dhcp4_action *act)
{
	struct dhcp4_lease l;

	/* Whatever happens below, keep waiting for the same wake-up unless we change course. */
	act->act = DHCP4_ACT_WAIT;
	act->wake_ms = c->next_tx_ms < c->deadline_ms ? c->next_tx_ms : c->deadline_ms;
	if (dhcp4_parse(pkt, len, &l, NULL) < 0)
		return;
	if (l.xid != c->xid || memcmp(l.chaddr, c->cfg.mac, 6) != 0)
		return;
	if (is_proxy_offer(&l)) {
		if (!c->has_proxy) {
			c->proxy = l;
			c->has_proxy = true;
		}
		return;
	}
	if (c->state == DHCP4_SELECTING) {
		if (l.type != DHCP4_OFFER || l.yiaddr.s_addr == 0 || l.server_id.s_addr == 0)
			return;
		c->offer = l;
		c->state = DHCP4_REQUESTING;
		c->interval_ms = c->cfg.first_ms;
		transmit(c, now, act);
		return;
	}
	/* REQUESTING: only the server we asked may answer (RFC 2131 4.3.2). */
	if (l.server_id.s_addr && l.server_id.s_addr != c->offer.server_id.s_addr)
		return;
	if (l.type == DHCP4_ACK && l.yiaddr.s_addr) {
		bind_lease(c, &l, act);
		return;
	}
	if (l.type == DHCP4_NAK) {
		if (++c->n_naks >= c->cfg.max_naks) {
			char why[sizeof(c->reason)], ip[INET_ADDRSTRLEN];

			snprintf(why, sizeof(why), "DHCP server %s refused the address %u times%s%s",
				 ip_str(c->offer.server_id, ip), c->n_naks, l.message[0] ? ": " : "", l.message);
			fail(c, act, why);
			return;
		}
		discover(c, now, act);
	}
}

void dhcp4_client_step(struct dhcp4_client *c, const uint8_t *pkt, size_t len, uint64_t now_ms,
		       struct dhcp4_action *act)
{
	memset(act, 0, sizeof(*act));
	switch (c->state) {
	case DHCP4_INIT:
		c->start_ms = now_ms;
		c->deadline_ms = now_ms + c->cfg.total_ms;
		discover(c, now_ms, act);
		return;
	case DHCP4_SELECTING:
	case DHCP4_REQUESTING:
		if (pkt)
			on_packet(c, pkt, len, now_ms, act);
		else
			on_timer(c, now_ms, act);
		return;
	case DHCP4_BOUND:
		act->act = DHCP4_ACT_BOUND;
		return;
	case DHCP4_FAILED:
		act->act = DHCP4_ACT_FAILED;
		act->reason = c->reason;
		return;
	}
}

const struct dhcp4_lease *dhcp4_client_lease(const struct dhcp4_client *c)
{
	return c->state == DHCP4_BOUND ? &c->offer : NULL;
}
