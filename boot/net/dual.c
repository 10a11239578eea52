// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DHCPv4 and IPv6 side by side on one link (see net.h
 * for the rules, dhcp6.h for the call): one thread per family, each with
 * its own record and diagnostics, and the caller's thread deciding with
 * net_dual_decide() when to go on. Whatever still runs then is stopped
 * through one eventfd both threads watch, and joined; the threads'
 * records are appended to the caller's only after the join, so nothing
 * is shared while they run but two states and the eventfds.
 */
#include "boot/net/dhcp6.h"
#include "lib/poke.h"
#include "lib/cleanup.h"
#include "lib/clock.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#define DUAL_CARRIER_MS 1000 /* the caller waited for carrier already */
#define DUAL_RA_MS 5000      /* an RA answers the kernel's solicitation at once; a slow guest sends it late */

struct dual {
	const struct net_dual_options *o;
	int stop; /* eventfd: both threads end when it is readable */
	int done; /* eventfd: a thread ended */
	atomic_int st4, st6; /* enum net_fam_state; the results below are written before */
	_Atomic uint64_t v4_ok_ms, v6_ok_ms;
	/* v4 thread */
	struct net_record rec4;
	struct net_dhcp4_result dhcp;
	struct diag_list why4;
	int r4;
	/* v6 thread */
	struct net_record rec6;
	struct net_dhcp6_session *s6; /* heap: a dhcp6_client is large */
	struct diag_list why6;
	int r6;
};

static void *dual_v4(void *arg)
{
	struct dual *x = arg;
	const struct net_dhcp4_options o = { .root = x->o->root, .total_ms = x->o->dhcp_ms,
					     .carrier_ms = x->o->carrier_ms ? x->o->carrier_ms : DUAL_CARRIER_MS,
					     .no_route = x->o->no_route, .rec = &x->rec4, .stop_fd = &x->stop };

	x->r4 = net_dhcp4_run(x->o->ifname, &o, &x->dhcp, &x->why4);
	if (x->r4 == 0)
		atomic_store(&x->v4_ok_ms, clock_now_ms());
	atomic_store(&x->st4, x->r4 == 0 ? NET_FAM_OK : NET_FAM_FAILED);
	eventfd_poke(x->done);
	return NULL;
}

static void *dual_v6(void *arg)
{
	struct dual *x = arg;
	/*
	 * DAD of the link-local address took 5 s in a loaded TCG guest: the waits get the
	 * whole bound (the stop fd and IPv6's end cut them anyway), the RA a little more.
	 */
	const struct net_dhcp6_options o = { .root = x->o->root, .total_ms = x->o->dhcp_ms,
					     .carrier_ms = x->o->carrier_ms ? x->o->carrier_ms : DUAL_CARRIER_MS,
					     .dad_ms = x->o->dhcp_ms,
					     .ra_ms = DUAL_RA_MS, .rec = &x->rec6, .stop_fd = &x->stop };

	x->r6 = net_dhcp6_run(x->o->ifname, &o, x->s6, &x->why6);
	if (x->r6 == 0)
		atomic_store(&x->v6_ok_ms, clock_now_ms());
	atomic_store(&x->st6, x->r6 == 0 ? NET_FAM_OK : NET_FAM_FAILED);
	eventfd_poke(x->done);
	return NULL;
}

/*
 * Whether the kernel has IPv6 (CONFIG_IPV6): an AF_INET6 socket opens. Not
 * /proc/sys/net/ipv6: the payload kernel has no CONFIG_PROC_SYSCTL.
 */
static bool dual_has_ipv6(void)
{
	int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* What v4's lease (when OK) names: the source would have a URL to read unless NONE. */
static enum net_where_from dual_v4_location(struct dual *x)
{
	struct net_facts f = { 0 };
	struct net_where w;
	enum net_where_from from;

	if (atomic_load(&x->st4) != NET_FAM_OK)
		return NET_WHERE_NONE;
	if (x->o->ip && x->o->ip->mode == NET_IP_STATIC)
		return NET_WHERE_NONE; /* kexboot.ip names no config */
	f.ip = x->dhcp.lease.yiaddr;
	if (net_where_make(NULL, &x->dhcp.lease, &f, &w, NULL) < 0)
		return NET_WHERE_OPT209; /* no memory to tell: go on, the source will say so */
	from = w.from;
	net_where_done(&w);
	return from;
}

/* Waits until net_dual_decide says go (0) or the caller's stop fd is readable (-ECANCELED). */
static int dual_wait(struct dual *x, bool v6_ran)
{
	const struct net_dual_options *o = x->o;
	const uint64_t start = clock_now_ms();
	struct net_dual_view v = { .has_url = o->urls && o->urls[strspn(o->urls, " \t,")],
				   .v6_end_ms = start + o->dhcp_ms + NET_V6_SLACK_MS };

	if (v.has_url)
		v.reach = net_url_families(o->urls);
	for (;;) {
		uint64_t now = clock_now_ms(), wake;
		int r;

		v.v4 = atomic_load(&x->st4);
		v.v6 = v6_ran ? atomic_load(&x->st6) : NET_FAM_OFF;
		v.v4_ok_ms = atomic_load(&x->v4_ok_ms);
		v.v6_ok_ms = atomic_load(&x->v6_ok_ms);
		if (v.v4 == NET_FAM_OK && !v.v4_location) {
			const enum net_where_from from = dual_v4_location(x);

			v.v4_location = from != NET_WHERE_NONE;
			v.v4_pxelinux = from == NET_WHERE_PXELINUX;
		}
		v.v6_location = v.v6 == NET_FAM_OK && x->s6 && dhcp6_client_lease(&x->s6->client) &&
				dhcp6_client_lease(&x->s6->client)->bootfile_url[0];
		if (net_dual_decide(&v, now, &wake) == NET_DUAL_GO)
			return 0;
		r = net_wait_decide(o->stop_fd, x->done, now, wake);
		if (r < 0)
			return r;
	}
}

int net_wait_decide(int stop_fd, int done_fd, uint64_t now, uint64_t wake)
{
	struct pollfd p[2] = { { .fd = stop_fd, .events = POLLIN }, { .fd = done_fd, .events = POLLIN } };
	int timeout = wake == UINT64_MAX ? -1 : wake <= now ? 0 : wake - now > 60000 ? 60000 : (int)(wake - now);
	uint64_t junk;

	if (poll(p, 2, timeout) < 0 && errno != EINTR)
		return -errno;
	if (p[0].revents)
		return -ECANCELED;
	/* Drained; EAGAIN when two signals were read at once: nothing lost. */
	if (p[1].revents)
		(void)!read(done_fd, &junk, sizeof(junk));
	return 0;
}

/* Appends a thread's record to the caller's. */
static void dual_merge(struct net_record *to, const struct net_record *from, struct diag_list *why)
{
	for (size_t i = 0; i < from->n; i++)
		if (net_record_add(to, &from->v[i]) < 0) {
			diag_note(why, "%s: too many network changes to record", from->v[i].ifname);
			return;
		}
}

/* v6's outcome into out; its bound lease (one with an address) into the record, which releases it. */
static void dual_v6_result(struct dual *x, bool cut, struct net_dual_result *out)
{
	const struct net_dual_options *o = x->o;
	const struct dhcp6_lease *l = dhcp6_client_lease(&x->s6->client);

	out->v6 = x->r6 == 0 ? NET_FAM_OK : NET_FAM_FAILED;
	if (cut && x->r6 == -ECANCELED)
		(void)diag_fail(&out->why6, ETIMEDOUT, "%s: no IPv6 configuration within %u s", o->ifname,
				o->dhcp_ms / 1000);
	if (l && x->r6 == 0) {
		out->v6_stateless = x->s6->stateless;
		if (l->has_addr) {
			out->has_addr6 = true;
			out->addr6 = l->addr;
		} else if (x->s6->has_slaac) {
			out->has_addr6 = true;
			out->addr6 = x->s6->slaac_addr;
		}
		if (dhcp6_lease_boot(l, out->url6, sizeof(out->url6), out->params6, sizeof(out->params6)) < 0)
			(void)diag_note(&out->why6, "%s: DHCPv6 boot options too long, ignored", o->ifname);
	}
	if (l && l->has_addr) {
		(void)net_record_add_lease6(o->rec, x->s6, &out->why6);
		x->s6 = NULL;
	}
}

int net_dual_run(const struct net_dual_options *o, struct net_dual_result *out)
{
	_cleanup_free_ struct dual *x = calloc(1, sizeof(*x));
	pthread_t t4, t6;
	bool run4 = true, run6, cut6 = false;
	int r;

	memset(out, 0, sizeof(*out));
	diag_list_init(&out->why4);
	diag_list_init(&out->why6);
	out->v4 = out->v6 = NET_FAM_OFF;
	if (!x)
		return -ENOMEM;
	x->o = o;
	diag_list_init(&x->why4);
	diag_list_init(&x->why6);
	x->stop = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	x->done = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	run6 = o->v6 && dual_has_ipv6();
	if (run6)
		x->s6 = calloc(1, sizeof(*x->s6));
	r = x->stop < 0 || x->done < 0 || (run6 && !x->s6) ? -ENOMEM : 0;
	if (r < 0)
		goto out;
	if (o->ip && o->ip->mode == NET_IP_STATIC) {
		/* Quick (the link has carrier): done before IPv6 starts, so no thread is needed. */
		r = net_static_run(o->ifname, o->ip, o->carrier_ms ? o->carrier_ms : DUAL_CARRIER_MS, &x->rec4, &x->why4);
		atomic_store(&x->v4_ok_ms, clock_now_ms());
		atomic_store(&x->st4, r == 0 ? NET_FAM_OK : NET_FAM_FAILED);
		x->r4 = r;
		run4 = false;
	}
	if (run4 && pthread_create(&t4, NULL, dual_v4, x) != 0) {
		run4 = false;
		x->r4 = diag_fail(&x->why4, EAGAIN, "%s: no thread for DHCP", o->ifname);
		atomic_store(&x->st4, NET_FAM_FAILED);
	}
	if (run6 && pthread_create(&t6, NULL, dual_v6, x) != 0) {
		run6 = false;
		(void)diag_note(&out->why6, "%s: no thread for IPv6; IPv6 left out", o->ifname);
	}
	r = dual_wait(x, run6);
	/* What still runs was not needed (or the source stops): it ends now. */
	cut6 = run6 && atomic_load(&x->st6) == NET_FAM_RUNNING && r == 0;
	eventfd_poke(x->stop);
	if (run4)
		pthread_join(t4, NULL);
	if (run6)
		pthread_join(t6, NULL);

	dual_merge(o->rec, &x->rec4, &out->why4);
	dual_merge(o->rec, &x->rec6, &out->why6);
	out->v4 = x->r4 == 0 ? NET_FAM_OK : NET_FAM_FAILED;
	out->err4 = x->r4;
	out->v4_dhcp = x->r4 == 0 && !(o->ip && o->ip->mode == NET_IP_STATIC);
	out->dhcp = x->dhcp;
	/* The reasons and notes move to out (diag_list owns heap strings: swapped, not copied). */
	diag_list_done(&out->why4);
	out->why4 = x->why4;
	diag_list_init(&x->why4);
	{
		struct diag_list keep = out->why6; /* a note from above */

		out->why6 = x->why6;
		diag_list_init(&x->why6);
		for (size_t i = 0; i < keep.n; i++)
			(void)diag_note(&out->why6, "%s", keep.msgs[i]);
		diag_list_done(&keep);
	}
	if (run6)
		dual_v6_result(x, cut6, out);
out:
	if (x) {
		/* A session not taken by the record holds nothing to give back. */
		free(x->s6);
		diag_list_done(&x->why4);
		diag_list_done(&x->why6);
		if (x->stop >= 0)
			close(x->stop);
		if (x->done >= 0)
			close(x->done);
	}
	return r;
}

void net_dual_result_done(struct net_dual_result *r)
{
	diag_list_done(&r->why4);
	diag_list_done(&r->why6);
}
