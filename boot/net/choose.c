// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * When the network source goes on while DHCPv4 and IPv6 run side by side
 * on its link, and which family can reach kexboot.url (see net.h). Pure:
 * the families' states and a clock in, a decision out.
 */
#include "boot/net/net.h"
#include "lib/url.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

/* The families that can reach one URL's host. */
static unsigned url_family(const char *text)
{
	struct in6_addr a6;
	struct in_addr a4;
	struct url u;
	unsigned fam = NET_FAM4 | NET_FAM6;

	if (url_parse(text, &u) < 0)
		return 0;
	/* url.h gives IPv6 literals without their brackets. */
	if (inet_pton(AF_INET, u.host, &a4) == 1)
		fam = NET_FAM4;
	else if (inet_pton(AF_INET6, u.host, &a6) == 1)
		fam = NET_FAM6;
	url_done(&u);
	return fam;
}

unsigned net_url_families(const char *text)
{
	struct net_url_list l;
	unsigned fam = 0;

	if (net_url_list_parse(text, &l, NULL) < 0)
		return NET_FAM4 | NET_FAM6; /* no memory to tell: either may do */
	for (size_t i = 0; i < l.n; i++)
		fam |= url_family(l.v[i]);
	net_url_list_done(&l);
	return fam;
}

enum net_dual_next net_dual_decide(const struct net_dual_view *v, uint64_t now_ms, uint64_t *wake_ms)
{
	const bool reach4 = !v->has_url || (v->reach & NET_FAM4);
	const bool reach6 = !v->has_url || (v->reach & NET_FAM6);
	/* What each has, and whether it could still bring something that counts. */
	const bool names4 = v->v4 == NET_FAM_OK && (v->has_url ? reach4 : v->v4_location);
	const bool names6 = v->v6 == NET_FAM_OK && (v->has_url ? reach6 : v->v6_location);
	const bool could4 = v->v4 == NET_FAM_RUNNING && reach4;
	/* A DHCPv4 lease naming nothing: IPv6 may still name a config, but only for a while (not kexboot.url's). */
	const uint64_t end6 = v->v4 == NET_FAM_OK && !v->has_url && v->v4_ok_ms + NET_V6_GRACE_MS < v->v6_end_ms ?
				      v->v4_ok_ms + NET_V6_GRACE_MS :
				      v->v6_end_ms;
	const bool could6 = v->v6 == NET_FAM_RUNNING && reach6 && now_ms < end6;

	*wake_ms = UINT64_MAX;
	if (names4)
		return NET_DUAL_GO;
	if (names6) {
		/* DHCPv4 is preferred, but only for a while once IPv6 has an answer. */
		if (!could4 || now_ms >= v->v6_ok_ms + NET_V4_GRACE_MS)
			return NET_DUAL_GO;
		*wake_ms = v->v6_ok_ms + NET_V4_GRACE_MS;
		return NET_DUAL_WAIT;
	}
	if (!could4 && !could6)
		return NET_DUAL_GO;
	/* IPv6 is cut at its end; DHCPv4 ends by its own bound. */
	if (could6)
		*wake_ms = end6;
	return NET_DUAL_WAIT;
}
