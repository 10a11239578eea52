/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * multi: DHCPv4 and IPv6 on every picked wired link at once, one link used
 * (the rules in net.h, "every wired link at once"; the choice is
 * net_links_decide's, pure, in choose.c).
 *
 * One thread per link, each running net_dual_run() (which runs one thread
 * per family), and the caller's thread deciding. Why not one poll loop over
 * every client: DHCPv4's driver is a poll loop already, but IPv6's is a
 * sequence of bounded waits (carrier, DAD of the link-local address, the
 * router advertisement, the exchange, DAD of the leased address), each
 * polling rtnetlink; folding N of those into one loop would rewrite both
 * drivers as state machines over shared sockets for no gain in what is
 * tested (the pure clients are tested already). Why not one process per
 * link: the sources are threads of PID 1, fork() there leaves only
 * async-signal-safe calls to the child, and a link's outcome (a DHCPv6
 * session with its client state, the record of changes, the reasons) would
 * have to be serialised back over a pipe. Threads keep each link's state in
 * its own struct (its record, result and reasons), shared with nobody while
 * it runs but two atomics and the eventfds; the caller merges after the
 * join, as dual.c does for the families.
 *
 * The I/O goes through struct net_multi_ops, so a test runs the
 * orchestration (concurrency, the bound, the choice, stopping, what is
 * taken back) over fake links without touching the host's network.
 */
#ifndef KEXBOOT_BOOT_NET_MULTI_H
#define KEXBOOT_BOOT_NET_MULTI_H

#include "boot/net/dhcp6.h"
#include "boot/net/net.h"

struct net_multi_ops {
	/* Both families on o->ifname: net_dual_run. */
	int (*run)(void *ctx, const struct net_dual_options *o, struct net_dual_result *out);
	/* Takes a record back (net_record_undo): how many steps failed. */
	int (*undo)(void *ctx, struct net_record *rec, struct diag_list *d);
	/* The used link's default route (net_route_add_default), recorded in rec. */
	int (*route)(void *ctx, int ifindex, struct in_addr gw, struct net_record *rec, struct diag_list *d);
	void *ctx;
};

struct net_multi_options {
	const char (*names)[IF_NAMESIZE]; /* the links, in preference order (kexboot.net's, else by name) */
	size_t n;                         /* 1 .. NET_LINKS_MAX */
	struct net_dual_options dual;     /* for every link; ifname, rec, stop_fd and no_route are set per link */
	int stop_fd;                      /* the caller's: readable ends everything, -ECANCELED */
	const struct net_multi_ops *ops;  /* NULL: the real ones */
	/*
	 * Changes the caller made before (it brought the links up to wait for
	 * carrier), NULL: none. Emptied: each item goes to its link's record
	 * first (by ifname), so the used link keeps it and the others give it
	 * back with theirs; items of links not in names are taken back at once.
	 */
	struct net_record *pre;
	struct net_record *rec;           /* the used link's changes are moved here (lease6 too) */
};

struct net_multi_link {
	char ifname[IF_NAMESIZE];
	int r;                       /* the run's return */
	bool done;                   /* it ended by itself; false: cut once another link was chosen */
	bool configured;             /* a family gave it an address */
	enum net_where_from offer;   /* what its answers name (net_dual_offer); NONE when cut */
	uint64_t ms;                 /* when it ended, from the start */
	int undo_failed;             /* not used: the steps of taking it back that failed */
	struct net_dual_result dual; /* owned */
	struct diag_list undo_why;   /* not used: those failures; owned */
};

struct net_multi_result {
	size_t n;
	size_t winner;   /* the link used; n: none */
	uint64_t ms;     /* when the choice was made, from the start */
	bool route_failed; /* the used link's default route could not be added (a note in its dual.why4) */
	struct net_multi_link v[NET_LINKS_MAX];
};

/*
 * Runs every link at once until net_links_decide says go, stops and joins
 * what still runs, adds the used link's DHCPv4 default route and moves its
 * record into o->rec; every other link's record is taken back at once
 * (leases released, addresses and routes deleted, the link down again).
 * 0 (out->winner may be n), -ECANCELED (o->stop_fd: every record taken
 * back), -EINVAL, -ENOMEM. out is heap-sized: allocate it.
 * net_multi_result_done() frees its lists.
 */
int net_multi_run(const struct net_multi_options *o, struct net_multi_result *out);
void net_multi_result_done(struct net_multi_result *r);

/*
 * One line for the log about link i: what it got and what became of it,
 * e.g. "eth1: IPv4 10.0.2.15/24 from 10.0.2.2, names the config (kexboot.url): used"
 * or "eth0: no answer within 3.2 s, when eth1 was chosen: taken down". Pure.
 */
void net_multi_describe(const struct net_multi_result *r, size_t i, char *buf, size_t cap);

#endif
