// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every link at once (boot/net/multi.c): the threads, the choice, the bound,
 * stopping, the used link's route and record, the others taken back -- over
 * fake links (struct net_multi_ops). A fake link answers after its delay,
 * or waits on the stop fd it is given like net_dual_run does; nothing
 * touches a socket or the host's network.
 */
#include "boot/net/multi.h"
#include "lib/cleanup.h"
#include "lib/clock.h"
#include "tests/unit/harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define NEVER UINT32_MAX

struct fake_link {
	const char *name;
	uint32_t delay_ms;       /* answers after this long; NEVER: only stopping ends it */
	bool lease;              /* a DHCPv4 lease (else DHCPv4 fails: "no DHCP offer") */
	const char *boot_file;   /* option 67 */
	const char *config_file; /* option 209 */
	const char *url6;        /* DHCPv6 option 59 (IPv6 configured when set) */
};

struct fake {
	const struct fake_link *links;
	size_t n;
	atomic_int running, max_running, cancelled;
	pthread_mutex_t lock;
	char undone[8][IF_NAMESIZE]; /* the links whose records were taken back, in order */
	size_t n_undone, undo_items;
	int routes, route_ifindex;
};

static const struct fake_link *fake_find(const struct fake *f, const char *name, int *index)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->links[i].name, name)) {
			*index = (int)i + 100;
			return &f->links[i];
		}
	return NULL;
}

static void add(struct net_record *rec, enum net_change kind, int ifindex, const char *name)
{
	struct net_change_item it = { .kind = kind, .ifindex = ifindex };

	snprintf(it.ifname, sizeof(it.ifname), "%s", name);
	CHECK_EQ(net_record_add(rec, &it), 0);
}

static int fake_run(void *ctx, const struct net_dual_options *o, struct net_dual_result *out)
{
	struct fake *f = ctx;
	int ifindex = 0, now_running;
	const struct fake_link *l = fake_find(f, o->ifname, &ifindex);
	struct pollfd p = { .fd = o->stop_fd, .events = POLLIN };
	int r;

	memset(out, 0, sizeof(*out));
	diag_list_init(&out->why4);
	diag_list_init(&out->why6);
	CHECK(l != NULL);
	CHECK(o->no_route); /* only the used link gets a default route, from net_multi_run */
	CHECK(o->rec != NULL);
	if (!l)
		return -EINVAL;
	add(o->rec, NET_LINK_UP, ifindex, l->name);
	now_running = atomic_fetch_add(&f->running, 1) + 1;
	for (int m = atomic_load(&f->max_running); now_running > m;)
		if (atomic_compare_exchange_weak(&f->max_running, &m, now_running))
			break;
	r = poll(&p, 1, l->delay_ms == NEVER ? -1 : (int)l->delay_ms);
	atomic_fetch_sub(&f->running, 1);
	if (r > 0) {
		atomic_fetch_add(&f->cancelled, 1);
		out->v4 = out->v6 = NET_FAM_FAILED;
		out->err4 = -ECANCELED;
		return -ECANCELED;
	}
	out->v6 = l->url6 ? NET_FAM_OK : NET_FAM_FAILED;
	if (l->url6)
		snprintf(out->url6, sizeof(out->url6), "%s", l->url6);
	if (!l->lease) {
		out->v4 = NET_FAM_FAILED;
		out->err4 = diag_fail(&out->why4, ETIMEDOUT, "%s: no DHCP offer within 1 s (2 messages sent)", l->name);
		return 0;
	}
	out->v4 = NET_FAM_OK;
	out->v4_dhcp = true;
	snprintf(out->dhcp.ifname, sizeof(out->dhcp.ifname), "%s", l->name);
	out->dhcp.ifindex = ifindex;
	out->dhcp.prefix = 24;
	out->dhcp.lease.type = DHCP4_ACK;
	inet_pton(AF_INET, "10.0.2.15", &out->dhcp.lease.yiaddr);
	inet_pton(AF_INET, "10.0.2.2", &out->dhcp.lease.server_id);
	inet_pton(AF_INET, "10.0.2.2", &out->dhcp.lease.router);
	out->dhcp.lease.siaddr = out->dhcp.lease.server_id;
	snprintf(out->dhcp.lease.boot_file, sizeof(out->dhcp.lease.boot_file), "%s", l->boot_file ? l->boot_file : "");
	snprintf(out->dhcp.lease.config_file, sizeof(out->dhcp.lease.config_file), "%s",
		 l->config_file ? l->config_file : "");
	add(o->rec, NET_LEASE, ifindex, l->name);
	add(o->rec, NET_ADDR, ifindex, l->name);
	return 0;
}

static int fake_undo(void *ctx, struct net_record *rec, struct diag_list *d)
{
	struct fake *f = ctx;

	(void)d;
	pthread_mutex_lock(&f->lock);
	if (rec->n && f->n_undone < 8)
		snprintf(f->undone[f->n_undone++], IF_NAMESIZE, "%s", rec->v[0].ifname);
	f->undo_items += rec->n;
	pthread_mutex_unlock(&f->lock);
	rec->n = 0;
	return 0;
}

static int fake_route(void *ctx, int ifindex, struct in_addr gw, struct net_record *rec, struct diag_list *d)
{
	struct fake *f = ctx;
	struct net_change_item it = { .kind = NET_ROUTE, .ifindex = ifindex, .addr = gw };

	(void)d;
	f->routes++;
	f->route_ifindex = ifindex;
	return net_record_add(rec, &it);
}

struct run {
	struct fake f;
	struct net_multi_ops ops;
	struct net_record rec;
	struct net_multi_result *res;
	char names[4][IF_NAMESIZE];
	char lines[4][512];
	int r;
};

/* Runs the fake links (in the order given) with kexboot.url urls; stop_fd -1: none; pre may be NULL. */
static void run_links_pre(struct run *x, const struct fake_link *links, size_t n, const char *urls, int stop_fd,
			  struct net_record *pre)
{
	struct net_multi_options o = { .n = n, .stop_fd = stop_fd, .ops = &x->ops, .rec = &x->rec, .pre = pre,
				       .dual = { .urls = urls, .v6 = true, .dhcp_ms = 1000 } };

	memset(x, 0, sizeof(*x));
	x->f.links = links;
	x->f.n = n;
	pthread_mutex_init(&x->f.lock, NULL);
	x->ops = (struct net_multi_ops){ .run = fake_run, .undo = fake_undo, .route = fake_route, .ctx = &x->f };
	for (size_t i = 0; i < n; i++)
		snprintf(x->names[i], IF_NAMESIZE, "%s", links[i].name);
	o.names = (const char(*)[IF_NAMESIZE])x->names;
	o.rec = &x->rec;
	o.ops = &x->ops;
	x->res = calloc(1, sizeof(*x->res));
	CHECK(x->res != NULL);
	if (!x->res)
		return;
	x->r = net_multi_run(&o, x->res);
	for (size_t i = 0; i < n; i++)
		net_multi_describe(x->res, i, x->lines[i], sizeof(x->lines[i]));
}

static void run_links(struct run *x, const struct fake_link *links, size_t n, const char *urls, int stop_fd)
{
	run_links_pre(x, links, n, urls, stop_fd, NULL);
}

static void run_done(struct run *x)
{
	if (x->res)
		net_multi_result_done(x->res);
	free(x->res);
	pthread_mutex_destroy(&x->f.lock);
}

/* Every change in rec belongs to ifname. */
static bool rec_only(const struct net_record *rec, const char *ifname)
{
	for (size_t i = 0; i < rec->n; i++)
		if (rec->v[i].ifname[0] && strcmp(rec->v[i].ifname, ifname))
			return false;
	return true;
}

/* The first link has carrier and no DHCP server; the second answers: the second is used, the first taken down. */
static void test_second_link(void)
{
	static const struct fake_link links[] = {
		{ .name = "eth0", .delay_ms = 300, .lease = false },
		{ .name = "eth1", .delay_ms = 30, .lease = true },
	};
	struct run x;

	run_links(&x, links, 2, "http://10.0.2.100/boot/pxelinux.cfg/default", -1);
	CHECK_EQ(x.r, 0);
	CHECK_EQ(x.res->winner, 1);
	/* Both ran at once. */
	CHECK_EQ(atomic_load(&x.f.max_running), 2);
	CHECK(x.res->v[0].done);
	CHECK(x.res->v[1].done);
	CHECK_EQ(x.res->v[1].offer, NET_WHERE_SETTINGS);
	CHECK_EQ(x.res->v[0].offer, NET_WHERE_NONE);
	/* The used link's record (link, lease, address) and its route moved to the caller's; the other one undone. */
	CHECK_EQ(x.f.routes, 1);
	CHECK_EQ(x.f.route_ifindex, 101);
	CHECK_EQ(x.rec.n, 4);
	CHECK(rec_only(&x.rec, "eth1"));
	CHECK_EQ(x.rec.v[3].kind, NET_ROUTE);
	CHECK_EQ(x.f.n_undone, 1);
	CHECK_STREQ(x.f.undone[0], "eth0");
	CHECK_STREQ(x.lines[0], "eth0: no DHCP offer within 1 s (2 messages sent): taken down");
	CHECK_STREQ(x.lines[1], "eth1: IPv4 10.0.2.15/24 by DHCP from 10.0.2.2, names the config (kexboot.url): used");
	run_done(&x);
}

/* The first link never answers: the second is used once the grace for the first has passed; the first is cut. */
static void test_grace_cut(void)
{
	static const struct fake_link links[] = {
		{ .name = "eth0", .delay_ms = NEVER },
		{ .name = "eth1", .delay_ms = 20, .lease = true },
	};
	struct run x;

	run_links(&x, links, 2, "http://10.0.2.100/boot/", -1);
	CHECK_EQ(x.r, 0);
	CHECK_EQ(x.res->winner, 1);
	CHECK(!x.res->v[0].done);
	CHECK_EQ(x.res->v[0].r, -ECANCELED);
	CHECK_EQ(atomic_load(&x.f.cancelled), 1);
	/* The choice waited the grace after eth1's answer (a lower bound only: no upper one on a busy host). */
	CHECK(x.res->ms >= x.res->v[1].ms + NET_LINK_GRACE_MS);
	CHECK_EQ(x.f.n_undone, 1);
	CHECK_STREQ(x.f.undone[0], "eth0");
	CHECK(rec_only(&x.rec, "eth1"));
	CHECK(strstr(x.lines[0], "eth0: no answer yet after ") == x.lines[0]);
	CHECK(strstr(x.lines[0], ", when eth1 was chosen: taken down") != NULL);
	run_done(&x);
}

/* No kexboot.url: 209 on the later link beats the pxelinux lookup on the first. */
static void test_rank_across(void)
{
	static const struct fake_link links[] = {
		{ .name = "eth0", .delay_ms = 10, .lease = true, .boot_file = "pxelinux.0" },
		{ .name = "eth1", .delay_ms = 200, .lease = true, .config_file = "http://10.0.2.2/boot/k.cfg" },
	};
	struct run x;

	run_links(&x, links, 2, NULL, -1);
	CHECK_EQ(x.r, 0);
	CHECK_EQ(x.res->winner, 1);
	CHECK_EQ(x.res->v[0].offer, NET_WHERE_PXELINUX);
	CHECK_EQ(x.res->v[1].offer, NET_WHERE_OPT209);
	CHECK_EQ(x.f.n_undone, 1);
	CHECK_STREQ(x.f.undone[0], "eth0");
	CHECK_STREQ(x.lines[0], "eth0: IPv4 10.0.2.15/24 by DHCP from 10.0.2.2, names the config (pxelinux.cfg beside "
				"the DHCP boot file): not used (eth1's ranks higher), taken down");
	CHECK(strstr(x.lines[1], "names the config (DHCP option 209): used") != NULL);
	run_done(&x);
}

/* Equal offers: the first in the order, even when it answers later (within the grace). */
static void test_order(void)
{
	static const struct fake_link links[] = {
		{ .name = "eth0", .delay_ms = 150, .lease = true, .boot_file = "http://10.0.2.2/a.ipxe" },
		{ .name = "eth1", .delay_ms = 10, .lease = true, .boot_file = "http://10.0.2.2/b.ipxe" },
	};
	struct run x;

	run_links(&x, links, 2, NULL, -1);
	CHECK_EQ(x.r, 0);
	CHECK_EQ(x.res->winner, 0);
	CHECK_EQ(x.f.route_ifindex, 100);
	CHECK(rec_only(&x.rec, "eth0"));
	CHECK_STREQ(x.f.undone[0], "eth1");
	CHECK(strstr(x.lines[1], "not used (eth0's link comes first), taken down") != NULL);
	run_done(&x);
}

/* Nothing anywhere: no link used, every one taken back, and the caller's record stays empty. */
static void test_nothing(void)
{
	static const struct fake_link links[] = {
		{ .name = "eth0", .delay_ms = 20 },
		{ .name = "eth1", .delay_ms = 40 },
		{ .name = "eth2", .delay_ms = 30, .lease = true }, /* a lease naming no config */
	};
	struct run x;

	run_links(&x, links, 3, NULL, -1);
	CHECK_EQ(x.r, 0);
	CHECK_EQ(x.res->winner, 3);
	CHECK_EQ(x.rec.n, 0);
	CHECK_EQ(x.f.routes, 0);
	CHECK_EQ(x.f.n_undone, 3);
	CHECK_EQ(x.f.undo_items, 5);
	CHECK(x.res->v[2].configured);
	CHECK_STREQ(x.lines[2], "eth2: IPv4 10.0.2.15/24 by DHCP from 10.0.2.2, names no config: taken down");
	run_done(&x);
}

/* The source stops while every link still asks: -ECANCELED, everything taken back, nothing kept. */
static void test_stop(void)
{
	static const struct fake_link links[] = {
		{ .name = "eth0", .delay_ms = NEVER },
		{ .name = "eth1", .delay_ms = NEVER },
	};
	int stop = eventfd(1, EFD_CLOEXEC); /* readable from the start */
	struct run x;

	CHECK(stop >= 0);
	run_links(&x, links, 2, NULL, stop);
	CHECK_EQ(x.r, -ECANCELED);
	CHECK_EQ(x.res->winner, 2);
	CHECK_EQ(x.rec.n, 0);
	CHECK_EQ(x.f.n_undone, 2);
	CHECK_EQ(atomic_load(&x.f.cancelled), 2);
	run_done(&x);
	close(stop);
}

/* One link: used as before, its route added by net_multi_run. */
static void test_one(void)
{
	static const struct fake_link links[] = {
		{ .name = "eth0", .delay_ms = 5, .lease = true, .boot_file = "pxelinux.0" },
	};
	struct run x;

	run_links(&x, links, 1, NULL, -1);
	CHECK_EQ(x.r, 0);
	CHECK_EQ(x.res->winner, 0);
	CHECK_EQ(x.f.routes, 1);
	CHECK_EQ(x.f.n_undone, 0);
	CHECK_EQ(x.rec.n, 4);
	run_done(&x);
}

/* The links the caller brought up: each link's goes with it (kept when used, else given back); others' at once. */
static void test_pre(void)
{
	static const struct fake_link links[] = {
		{ .name = "eth0", .delay_ms = 10, .lease = true, .config_file = "http://10.0.2.2/k.cfg" },
		{ .name = "eth1", .delay_ms = 20 },
	};
	struct net_record pre = { 0 };
	struct run x;

	add(&pre, NET_LINK_UP, 7, "eth0");
	add(&pre, NET_LINK_UP, 8, "eth1");
	add(&pre, NET_LINK_UP, 9, "eth9"); /* brought up, not run (kexboot.ip's one link is another) */
	run_links_pre(&x, links, 2, NULL, -1, &pre);
	CHECK_EQ(x.r, 0);
	CHECK_EQ(pre.n, 0);
	CHECK_EQ(x.res->winner, 0);
	/* eth9 at once, then eth1 (its own link-up and the caller's). */
	CHECK_EQ(x.f.n_undone, 2);
	CHECK_STREQ(x.f.undone[0], "eth9");
	CHECK_STREQ(x.f.undone[1], "eth1");
	CHECK_EQ(x.f.undo_items, 1 + 2);
	/* eth0's: the caller's link-up first (undone last), then the run's, lease, address, route. */
	CHECK_EQ(x.rec.n, 5);
	CHECK(rec_only(&x.rec, "eth0"));
	CHECK_EQ(x.rec.v[0].kind, NET_LINK_UP);
	CHECK_EQ(x.rec.v[0].ifindex, 7);
	CHECK_EQ(x.rec.v[4].kind, NET_ROUTE);
	run_done(&x);
}

static void test_invalid(void)
{
	struct net_multi_result *res = calloc(1, sizeof(*res));
	struct net_record rec = { 0 };
	struct net_multi_options o = { .n = 0, .stop_fd = -1, .rec = &rec };

	CHECK(res != NULL);
	if (!res)
		return;
	CHECK_EQ(net_multi_run(&o, res), -EINVAL);
	o.n = NET_LINKS_MAX + 1;
	CHECK_EQ(net_multi_run(&o, res), -EINVAL);
	free(res);
}

static const struct test tests[] = {
	TEST(second_link), TEST(grace_cut), TEST(rank_across), TEST(order),
	TEST(nothing),	   TEST(stop),	    TEST(one),	       TEST(pre),	 TEST(invalid),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
