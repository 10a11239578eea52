// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every picked link at once (boot/net/multi.h says why one thread per
 * link): each thread runs both families on its link into its own record
 * and result, then says what its answers name; the caller's thread asks
 * net_links_decide() when to go on and which link to use, stops and joins
 * the rest, and settles: the used link's route and record, the others
 * taken back.
 */
#include "boot/net/multi.h"
#include "lib/poke.h"
#include "lib/cleanup.h"
#include "lib/clock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

struct multi;

struct multi_worker {
	struct multi *m;
	size_t i;
	pthread_t thread;
	bool started;
	struct net_dual_options o; /* this link's copy */
	struct net_record rec;     /* this link's changes */
	atomic_bool done;          /* the link's result below is written before */
	_Atomic uint64_t done_ms;
};

struct multi {
	const struct net_multi_options *o;
	const struct net_multi_ops *ops;
	struct net_multi_result *out;
	int stop; /* eventfd: every link's families end when it is readable */
	int done; /* eventfd: a link ended */
	struct multi_worker w[NET_LINKS_MAX];
};

static int real_run(void *ctx, const struct net_dual_options *o, struct net_dual_result *out)
{
	(void)ctx;
	return net_dual_run(o, out);
}

static int real_undo(void *ctx, struct net_record *rec, struct diag_list *d)
{
	(void)ctx;
	return net_record_undo(rec, d);
}

static int real_route(void *ctx, int ifindex, struct in_addr gw, struct net_record *rec, struct diag_list *d)
{
	(void)ctx;
	return net_route_add_default(ifindex, gw, rec, d);
}

static const struct net_multi_ops real_ops = { .run = real_run, .undo = real_undo, .route = real_route };

static void *multi_link(void *arg)
{
	struct multi_worker *w = arg;
	struct net_multi_link *l = &w->m->out->v[w->i];

	l->r = w->m->ops->run(w->m->ops->ctx, &w->o, &l->dual);
	l->configured = l->dual.v4 == NET_FAM_OK || l->dual.v6 == NET_FAM_OK;
	l->offer = l->r == 0 ? net_dual_offer(w->m->o->dual.urls, &l->dual) : NET_WHERE_NONE;
	atomic_store(&w->done_ms, clock_now_ms());
	atomic_store(&w->done, true);
	eventfd_poke(w->m->done);
	return NULL;
}

/* Waits until net_links_decide says go (0, *winner) or the caller's stop fd is readable (-ECANCELED). */
static int multi_wait(struct multi *m, size_t *winner)
{
	const struct net_multi_options *o = m->o;
	const bool has_url = o->dual.urls && o->dual.urls[strspn(o->dual.urls, " \t,")];
	struct net_link_view v[NET_LINKS_MAX];

	for (;;) {
		uint64_t now = clock_now_ms(), wake;
		int r;

		for (size_t i = 0; i < o->n; i++) {
			const struct net_multi_link *l = &m->out->v[i];

			v[i] = (struct net_link_view){ .done = atomic_load(&m->w[i].done) };
			if (v[i].done) {
				v[i].configured = l->configured;
				v[i].offer = l->offer;
				v[i].done_ms = atomic_load(&m->w[i].done_ms);
			}
		}
		if (net_links_decide(v, o->n, has_url, now, winner, &wake) == NET_DUAL_GO)
			return 0;
		r = net_wait_decide(o->stop_fd, m->done, now, wake);
		if (r < 0)
			return r;
	}
}

/* Moves a record's changes (and its DHCPv6 lease) to the caller's; what does not fit is taken back. */
static void multi_move(struct multi *m, const char *ifname, struct net_record *to, struct net_record *from,
		       struct diag_list *why)
{
	size_t i;

	for (i = 0; i < from->n; i++)
		if (net_record_add(to, &from->v[i]) < 0)
			break;
	if (i < from->n || (from->lease6 && to->lease6)) {
		/* Full (or a second lease6, which cannot happen with one used link): give the rest back now. */
		struct net_record rest = { .lease6 = to->lease6 ? from->lease6 : NULL };

		for (size_t k = i; k < from->n; k++)
			rest.v[rest.n++] = from->v[k];
		(void)diag_note(why, "%s: too many network changes to record; %zu taken back at once", ifname,
				rest.n);
		if (!to->lease6)
			to->lease6 = from->lease6;
		(void)m->ops->undo(m->ops->ctx, &rest, why);
	} else if (from->lease6) {
		to->lease6 = from->lease6;
	}
	from->lease6 = NULL;
	from->n = 0;
}

/* The used link: its default route (DHCPv4's router), then its record into the caller's. */
static void multi_use(struct multi *m, size_t i)
{
	struct net_multi_link *l = &m->out->v[i];
	const struct dhcp4_lease *lease = &l->dual.dhcp.lease;

	if (l->dual.v4 == NET_FAM_OK && l->dual.v4_dhcp && lease->router.s_addr &&
	    m->ops->route(m->ops->ctx, l->dual.dhcp.ifindex, lease->router, &m->w[i].rec, &l->dual.why4) < 0) {
		/* A server on the link's own subnet is still reachable: a note, not a failure. */
		(void)diag_note(&l->dual.why4, "%s", diag_reason(&l->dual.why4, "default route not added"));
		m->out->route_failed = true;
	}
	multi_move(m, l->ifname, m->o->rec, &m->w[i].rec, &l->dual.why4);
}

/* The caller's earlier changes into each link's record (the links it brought up); others' back at once. */
static void multi_pre(struct multi *m)
{
	struct net_record *pre = m->o->pre;
	struct net_record rest = { 0 };
	struct diag_list junk;

	for (size_t k = 0; pre && k < pre->n; k++) {
		size_t i = 0;

		while (i < m->o->n && strcmp(pre->v[k].ifname, m->o->names[i]))
			i++;
		/* Both fit: a record holds NET_RECORD_MAX, and pre's items are split among them. */
		(void)net_record_add(i < m->o->n ? &m->w[i].rec : &rest, &pre->v[k]);
	}
	if (pre)
		pre->n = 0;
	if (!rest.n)
		return;
	diag_list_init(&junk);
	(void)m->ops->undo(m->ops->ctx, &rest, &junk); /* a link not run (kexboot.ip's one link): nothing to say */
	diag_list_done(&junk);
}

int net_multi_run(const struct net_multi_options *o, struct net_multi_result *out)
{
	_cleanup_free_ struct multi *m = calloc(1, sizeof(*m));
	const uint64_t start = clock_now_ms();
	size_t winner = o->n;
	int r;

	memset(out, 0, sizeof(*out));
	out->n = o->n;
	out->winner = o->n;
	for (size_t i = 0; i < o->n && i < NET_LINKS_MAX; i++) {
		diag_list_init(&out->v[i].dual.why4);
		diag_list_init(&out->v[i].dual.why6);
		diag_list_init(&out->v[i].undo_why);
	}
	if (o->n == 0 || o->n > NET_LINKS_MAX || !o->rec)
		return -EINVAL;
	if (!m)
		return -ENOMEM;
	m->o = o;
	m->ops = o->ops ? o->ops : &real_ops;
	m->out = out;
	m->stop = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	m->done = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	r = m->stop < 0 || m->done < 0 ? -ENOMEM : 0;
	if (r == 0)
		multi_pre(m);
	for (size_t i = 0; r == 0 && i < o->n; i++) {
		struct multi_worker *w = &m->w[i];

		snprintf(out->v[i].ifname, sizeof(out->v[i].ifname), "%s", o->names[i]);
		w->m = m;
		w->i = i;
		w->o = o->dual;
		w->o.ifname = out->v[i].ifname;
		w->o.rec = &w->rec;
		w->o.stop_fd = m->stop;
		/* Only the used link gets a default route: two DHCP routers would fight over it. */
		w->o.no_route = true;
		w->started = pthread_create(&w->thread, NULL, multi_link, w) == 0;
		if (!w->started) {
			out->v[i].r = diag_fail(&out->v[i].dual.why4, EAGAIN, "%s: no thread for it", o->names[i]);
			atomic_store(&w->done_ms, clock_now_ms());
			atomic_store(&w->done, true);
		}
	}
	if (r == 0)
		r = multi_wait(m, &winner);
	out->ms = clock_now_ms() - start;
	/* Which links had ended by themselves when the choice was made: the others are cut below. */
	for (size_t i = 0; i < o->n; i++)
		out->v[i].done = r == 0 && atomic_load(&m->w[i].done);
	/* What still runs was not needed (or the source stops): it ends now. */
	if (m->stop >= 0)
		eventfd_poke(m->stop);
	for (size_t i = 0; i < o->n; i++) {
		struct multi_worker *w = &m->w[i];

		if (w->started)
			pthread_join(w->thread, NULL);
		out->v[i].ms = atomic_load(&w->done_ms) ? atomic_load(&w->done_ms) - start : 0;
		if (!out->v[i].done)
			out->v[i].offer = NET_WHERE_NONE;
	}
	out->winner = r == 0 ? winner : o->n;
	for (size_t i = 0; i < o->n; i++) {
		if (i == out->winner) {
			multi_use(m, i);
			continue;
		}
		out->v[i].undo_failed = m->ops->undo(m->ops->ctx, &m->w[i].rec, &out->v[i].undo_why);
		m->w[i].rec.lease6 = NULL; /* the undo released and freed it */
	}
	if (m->stop >= 0)
		close(m->stop);
	if (m->done >= 0)
		close(m->done);
	return r;
}

void net_multi_result_done(struct net_multi_result *r)
{
	for (size_t i = 0; i < r->n && i < NET_LINKS_MAX; i++) {
		net_dual_result_done(&r->v[i].dual);
		diag_list_done(&r->v[i].undo_why);
	}
}

/* A reason without its leading "IFNAME: " (the line says the name once). */
static const char *unprefixed(const char *reason, const char *ifname)
{
	const size_t n = strlen(ifname);

	return strncmp(reason, ifname, n) == 0 && reason[n] == ':' && reason[n + 1] == ' ' ? reason + n + 2 : reason;
}

void net_multi_describe(const struct net_multi_result *r, size_t i, char *buf, size_t cap)
{
	const struct net_multi_link *l = &r->v[i];
	const struct net_dual_result *d = &l->dual;
	const char *used = r->winner < r->n ? r->v[r->winner].ifname : NULL;
	size_t len = 0;

#define PUT(...)                                                                          \
	do {                                                                              \
		if (len < cap) {                                                          \
			int k_ = snprintf(buf + len, cap - len, __VA_ARGS__);             \
			len = k_ < 0 ? cap : len + (size_t)k_;                            \
		}                                                                         \
	} while (0)

	if (!cap)
		return;
	buf[0] = '\0';
	PUT("%s: ", l->ifname);
	if (!l->done) {
		PUT("no answer yet after %llu.%llu s", (unsigned long long)(r->ms / 1000),
		    (unsigned long long)(r->ms % 1000 / 100));
	} else {
		bool any = false;

		if (d->v4 == NET_FAM_OK && d->v4_dhcp) {
			char a[INET_ADDRSTRLEN], s[INET_ADDRSTRLEN];

			inet_ntop(AF_INET, &d->dhcp.lease.yiaddr, a, sizeof(a));
			inet_ntop(AF_INET, &d->dhcp.lease.server_id, s, sizeof(s));
			PUT("IPv4 %s/%u by DHCP from %s", a, d->dhcp.prefix, s);
			any = true;
		} else if (d->v4 == NET_FAM_OK) {
			PUT("IPv4 from kexboot.ip");
			any = true;
		}
		if (d->v6 == NET_FAM_OK && d->has_addr6) {
			char a[INET6_ADDRSTRLEN];

			inet_ntop(AF_INET6, &d->addr6, a, sizeof(a));
			PUT("%sIPv6 %s by %s", any ? ", " : "", a, d->v6_stateless ? "SLAAC" : "DHCPv6");
			any = true;
		} else if (d->v6 == NET_FAM_OK) {
			PUT("%sIPv6", any ? ", " : "");
			any = true;
		}
		if (!any)
			PUT("%s", unprefixed(diag_reason(&d->why4, l->r < 0 ? "failed" : "no address"), l->ifname));
		else if (l->offer != NET_WHERE_NONE)
			PUT(", names the config (%s)", net_where_name(l->offer));
		else
			PUT(", names no config");
	}
	if (i == r->winner)
		PUT(": used");
	else if (used && !l->done)
		PUT(", when %s was chosen: taken down", used);
	else if (used && l->offer != NET_WHERE_NONE)
		PUT(": not used (%s's %s), taken down", used,
		    net_where_rank(l->offer) > net_where_rank(r->v[r->winner].offer) ? "ranks higher"
		    : i > r->winner							     ? "link comes first"
											     : "came first");
	else
		PUT(": taken down");
	if (i != r->winner && l->undo_failed)
		PUT(" (%d step(s) failed: %s)", l->undo_failed, l->undo_why.n ? l->undo_why.msgs[0] : "?");
#undef PUT
}
