// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * When the network source goes on while DHCPv4 and IPv6 run side by side
 * on a link, and which family can reach kexboot.url; across links, what
 * each link's answers name and which link the source uses (see net.h).
 * Pure: the families' and links' states and a clock in, a decision out.
 */
#include "boot/net/dhcp6.h"
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
	if (names4) {
		/* Only the pxelinux lookup: a full URL by DHCPv6 (59) ranks above it, if it comes soon. */
		const uint64_t until = v->v4_ok_ms + NET_V59_GRACE_MS;

		if (!v->has_url && v->v4_pxelinux && !names6 && could6 && now_ms < until) {
			*wake_ms = until < end6 ? until : end6;
			return NET_DUAL_WAIT;
		}
		return NET_DUAL_GO;
	}
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

int net_where_rank(enum net_where_from from)
{
	switch (from) {
	case NET_WHERE_SETTINGS:
		return 0;
	case NET_WHERE_OPT209:
		return 1;
	case NET_WHERE_BOOTURL:
	case NET_WHERE_OPT59:
		return 2; /* a full boot file URL, by DHCPv4 (67) or DHCPv6 (59): the third place */
	case NET_WHERE_PXELINUX:
		return 3;
	case NET_WHERE_NONE:
		break;
	}
	return -1;
}

enum net_dual_next net_links_decide(const struct net_link_view *v, size_t n, bool has_url, uint64_t now_ms,
				    size_t *winner, uint64_t *wake_ms)
{
	/* Without kexboot.url no lease can name more than 209; with it, every offer is kexboot.url. */
	const int top = net_where_rank(has_url ? NET_WHERE_SETTINGS : NET_WHERE_OPT209);
	size_t best = n;
	int best_rank = -1;
	bool running = false, could_beat = false;

	*winner = n;
	*wake_ms = UINT64_MAX;
	for (size_t i = 0; i < n; i++) {
		const int rank = v[i].done ? net_where_rank(v[i].offer) : -1;

		running |= !v[i].done;
		/* Strictly better only: among equals the first in the order stays. */
		if (rank >= 0 && (best == n || rank < best_rank)) {
			best = i;
			best_rank = rank;
		}
	}
	if (best == n) {
		if (running)
			return NET_DUAL_WAIT;
		for (size_t i = 0; has_url && i < n; i++)
			if (v[i].configured) {
				*winner = i;
				break;
			}
		return NET_DUAL_GO;
	}
	for (size_t i = 0; i < n; i++)
		could_beat |= !v[i].done && (i < best || best_rank > top);
	if (!could_beat || now_ms >= v[best].done_ms + NET_LINK_GRACE_MS) {
		*winner = best;
		return NET_DUAL_GO;
	}
	*wake_ms = v[best].done_ms + NET_LINK_GRACE_MS;
	return NET_DUAL_WAIT;
}

enum net_where_from net_dual_offer(const char *urls, const struct net_dual_result *d)
{
	struct net_facts f = { 0 };
	struct net_where w = { 0 };
	enum net_where_from from;

	if (urls && urls[strspn(urls, " \t,")]) {
		const unsigned reach = net_url_families(urls);

		return (d->v4 == NET_FAM_OK && (reach & NET_FAM4)) || (d->v6 == NET_FAM_OK && (reach & NET_FAM6)) ?
			       NET_WHERE_SETTINGS :
			       NET_WHERE_NONE;
	}
	if (d->v4 == NET_FAM_OK && d->v4_dhcp) {
		f.ip = d->dhcp.lease.yiaddr;
		if (net_where_make(NULL, &d->dhcp.lease, &f, &w, NULL) < 0)
			return NET_WHERE_NONE; /* no memory: the source finds out again for the link it uses */
	}
	if (d->v6 == NET_FAM_OK &&
	    net_where_v6(&w, d->url6, d->v4 == NET_FAM_OK && d->v4_dhcp ? d->dhcp.lease.boot_file : NULL, NULL) < 0)
		w.from = NET_WHERE_NONE;
	from = w.from;
	net_where_done(&w);
	return from;
}
