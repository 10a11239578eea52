// SPDX-License-Identifier: GPL-2.0-or-later
/* The record of network changes and their undo, newest first (see net.h). */
#include "boot/net/dhcp6.h"
#include "boot/net/net.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int net_record_add(struct net_record *r, const struct net_change_item *it)
{
	if (r->n == NET_RECORD_MAX)
		return -ENOSPC;
	r->v[r->n++] = *it;
	return 0;
}

int net_record_add_lease6(struct net_record *r, struct net_dhcp6_session *s, struct diag_list *d)
{
	struct net_change_item it = { .kind = NET_LEASE6, .ifindex = s->ifindex };
	int rc = r->lease6 ? -EBUSY : 0;

	snprintf(it.ifname, sizeof(it.ifname), "%s", s->ifname);
	if (rc == 0)
		rc = net_record_add(r, &it);
	if (rc < 0) {
		(void)net_dhcp6_release(s, d);
		free(s);
		return rc;
	}
	r->lease6 = s;
	return 0;
}

/* Already gone (the link vanished, someone else removed it) counts as undone. */
static bool undo_failed(int rc)
{
	return rc < 0 && rc != -ENODEV && rc != -ESRCH && rc != -EADDRNOTAVAIL;
}

int net_record_undo(struct net_record *r, struct diag_list *d)
{
	int failed = 0;

	/* Leases first, newest first: the release goes out from the address, by the route, still in place. */
	for (size_t i = r->n; i-- > 0;) {
		struct diag_list one;

		if (r->v[i].kind != NET_LEASE)
			continue;
		diag_list_init(&one);
		if (undo_failed(net_dhcp4_release(&r->v[i], &one))) {
			diag_note(d, "network undo: %s", diag_reason(&one, "DHCP release failed"));
			failed++;
		}
		diag_list_done(&one);
	}
	if (r->lease6) {
		struct diag_list one;
		int n;

		/* Its notes are the failures themselves (deleting the /128, the RELEASE). */
		diag_list_init(&one);
		n = net_dhcp6_release(r->lease6, &one);
		for (size_t i = 0; i < one.n; i++)
			diag_note(d, "network undo: %s", one.msgs[i]);
		failed += n;
		diag_list_done(&one);
		free(r->lease6);
		r->lease6 = NULL;
	}
	for (size_t i = r->n; i-- > 0;) {
		const struct net_change_item *it = &r->v[i];
		struct diag_list one;
		int rc = 0;

		diag_list_init(&one);
		switch (it->kind) {
		case NET_ROUTE:
			rc = net_route_del_default(it->ifindex, it->addr, &one);
			break;
		case NET_ADDR:
			rc = net_addr_del(it->ifindex, it->addr, it->prefix, &one);
			break;
		case NET_LINK_UP:
			rc = net_link_down(it->ifindex, &one);
			break;
		case NET_LEASE:
		case NET_LEASE6:
			break; /* released above */
		}
		if (undo_failed(rc)) {
			diag_note(d, "network undo: %s", diag_reason(&one, "failed"));
			failed++;
		}
		diag_list_done(&one);
	}
	r->n = 0;
	return failed;
}
