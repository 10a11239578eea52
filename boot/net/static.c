// SPDX-License-Identifier: GPL-2.0-or-later
/* kexboot.ip=<client>:...: a static address and route through link.c instead of DHCP (net.h). */
#include "boot/net/net.h"

#include <arpa/inet.h>
#include <errno.h>

#define STATIC_CARRIER_MS 10000

int net_static_run(const char *ifname, const struct net_ipconf *ip, uint32_t carrier_ms, struct net_record *rec,
		   struct diag_list *why)
{
	struct net_link link;
	struct in_addr brd = { 0 };
	int r;

	if (ip->mode != NET_IP_STATIC || !ip->client.s_addr || ip->prefix > 32)
		return diag_fail(why, EINVAL, "%s: no static address to configure", ifname);
	r = net_link_up(ifname, rec, why);
	if (r >= 0)
		r = net_link_get(ifname, &link, why);
	if (r >= 0)
		r = net_link_wait_carrier(ifname, carrier_ms ? carrier_ms : STATIC_CARRIER_MS, -1, why);
	if (r < 0)
		return r;
	if (ip->prefix < 31) {
		uint32_t host = ip->prefix ? 0xffffffffu >> ip->prefix : 0xffffffffu;

		brd.s_addr = ip->client.s_addr | htonl(host);
	}
	r = net_addr_add(link.ifindex, ip->client, ip->prefix, brd, rec, why);
	if (r >= 0 && ip->gateway.s_addr)
		r = net_route_add_default(link.ifindex, ip->gateway, rec, why);
	return r;
}
