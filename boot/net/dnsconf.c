// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which name servers the network source's entries use (pure): kexboot.ip's
 * dns0/dns1 when given (as the kernel's ipconfig keeps them over DHCP's),
 * else the lease's option 6; the search domain from option 15. A DHCPv6
 * lease's option 23 servers are added by net_dns_add_dhcp6.
 */
#include "boot/net/dhcp6.h"
#include "boot/net/dns.h"
#include "boot/net/net.h"

#include <string.h>

static void net_dns_add4(struct dns_config *c, struct in_addr a)
{
	struct dns_addr d = { .family = AF_INET };

	if (a.s_addr == 0 || a.s_addr == 0xffffffffu)
		return;
	memcpy(d.addr, &a, 4);
	(void)dns_config_add(c, &d, 0, 0);
}

void net_dns_make(const struct dhcp4_lease *lease, const struct net_ipconf *ip, struct dns_config *out)
{
	memset(out, 0, sizeof(*out));
	if (ip)
		for (size_t i = 0; i < 2; i++)
			net_dns_add4(out, ip->dns[i]);
	if (!out->n_servers && lease)
		for (size_t i = 0; i < lease->n_dns && i < DHCP4_DNS_MAX; i++)
			net_dns_add4(out, lease->dns[i]);
	if (lease && lease->domain[0] && strlen(lease->domain) <= DNS_NAME_MAX && dns_name_ok(lease->domain))
		memcpy(out->search, lease->domain, strlen(lease->domain) + 1);
	if (out->search[0] && out->search[strlen(out->search) - 1] == '.')
		out->search[strlen(out->search) - 1] = '\0';
}

void net_dns_add_dhcp6(struct dns_config *c, const struct dhcp6_lease *lease, int ifindex)
{
	for (size_t i = 0; i < lease->n_dns && i < DHCP6_DNS_MAX; i++) {
		const uint8_t *a = lease->dns[i].s6_addr;
		struct dns_addr d = { .family = AF_INET6 };
		bool link_local = a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
		static const uint8_t zero[16];

		if (memcmp(a, zero, 16) == 0)
			continue;
		memcpy(d.addr, a, 16);
		/* a link-local server is reached through the link the lease came on */
		(void)dns_config_add(c, &d, 0, link_local && ifindex > 0 ? (uint32_t)ifindex : 0);
	}
}
