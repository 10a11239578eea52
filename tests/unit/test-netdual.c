// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DHCPv4 and IPv6 side by side (boot/net/choose.c): when the network
 * source goes on, which family can reach kexboot.url, and where option 59
 * ranks among the places a config is named (net_where_v6); across links,
 * what a link's answers name (net_dual_offer) and which link is used
 * (net_links_decide). Pure: states and a clock the test sets.
 */
#include "boot/net/dhcp6.h"
#include "boot/net/net.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#define T0 100000u /* the clock when the families started */
#define TIMEOUT 30000u

static struct net_dual_view view(enum net_fam_state v4, enum net_fam_state v6)
{
	return (struct net_dual_view){ .v4 = v4, .v6 = v6, .v6_end_ms = T0 + TIMEOUT + NET_V6_SLACK_MS };
}

static void test_families(void)
{
	CHECK_EQ(net_url_families("http://10.0.2.100/boot/x.cfg"), NET_FAM4);
	CHECK_EQ(net_url_families("http://[fd00::1]/boot/x.cfg"), NET_FAM6);
	CHECK_EQ(net_url_families("https://[2001:db8::5]:8443/a"), NET_FAM6);
	CHECK_EQ(net_url_families("tftp://boot.example/pxelinux.cfg/default"), NET_FAM4 | NET_FAM6);
	/* Several URLs: any of them may be read, so the union. */
	CHECK_EQ(net_url_families("http://10.0.0.1/a http://[fd00::1]/b"), NET_FAM4 | NET_FAM6);
	CHECK_EQ(net_url_families("http://10.0.0.1/a,tftp://10.0.0.2/b"), NET_FAM4);
	/* A host-less file:// URL needs no network family in particular. */
	CHECK_EQ(net_url_families("file:///boot/x.cfg"), NET_FAM4 | NET_FAM6);
	CHECK_EQ(net_url_families("not-a-url"), 0);
	CHECK_EQ(net_url_families(""), 0);
	/* An IPv4-mapped literal in brackets is an IPv6 host to the socket layer. */
	CHECK_EQ(net_url_families("http://[::ffff:10.0.0.1]/x"), NET_FAM6);
}

/* DHCPv4 naming a config goes at once, whatever IPv6 is doing. */
static void test_v4_wins(void)
{
	struct net_dual_view v = view(NET_FAM_OK, NET_FAM_RUNNING);
	uint64_t wake;

	v.v4_location = true;
	CHECK_EQ(net_dual_decide(&v, T0 + 500, &wake), NET_DUAL_GO);
	/* Both have one: still DHCPv4's (net_where_make comes before net_where_v6). */
	v.v6 = NET_FAM_OK;
	v.v6_location = true;
	v.v6_ok_ms = T0 + 100;
	CHECK_EQ(net_dual_decide(&v, T0 + 500, &wake), NET_DUAL_GO);
}

/* DHCPv6 named one first: DHCPv4 gets NET_V4_GRACE_MS more, then the source goes on without it. */
static void test_v6_grace(void)
{
	struct net_dual_view v = view(NET_FAM_RUNNING, NET_FAM_OK);
	uint64_t wake = 0;

	v.v6_location = true;
	v.v6_ok_ms = T0 + 2000;
	CHECK_EQ(net_dual_decide(&v, T0 + 2000, &wake), NET_DUAL_WAIT);
	CHECK_EQ(wake, T0 + 2000 + NET_V4_GRACE_MS);
	CHECK_EQ(net_dual_decide(&v, T0 + 2000 + NET_V4_GRACE_MS - 1, &wake), NET_DUAL_WAIT);
	CHECK_EQ(net_dual_decide(&v, T0 + 2000 + NET_V4_GRACE_MS, &wake), NET_DUAL_GO);
	/* DHCPv4 answered inside the grace with a config: that one (GO at once). */
	v.v4 = NET_FAM_OK;
	v.v4_location = true;
	CHECK_EQ(net_dual_decide(&v, T0 + 3000, &wake), NET_DUAL_GO);
	/* ... without one: nothing to wait for, option 59 it is. */
	v.v4_location = false;
	CHECK_EQ(net_dual_decide(&v, T0 + 3000, &wake), NET_DUAL_GO);
	/* DHCPv4 failed (or is off for kexboot.ip without a config): no grace. */
	v.v4 = NET_FAM_FAILED;
	CHECK_EQ(net_dual_decide(&v, T0 + 2000, &wake), NET_DUAL_GO);
}

/* A family that ended with nothing to say: wait for the other, up to IPv6's end. */
static void test_waits(void)
{
	struct net_dual_view v = view(NET_FAM_RUNNING, NET_FAM_RUNNING);
	uint64_t wake = 0;

	/* Both running: wait; the wake-up is IPv6's end (DHCPv4 ends by its own bound). */
	CHECK_EQ(net_dual_decide(&v, T0, &wake), NET_DUAL_WAIT);
	CHECK_EQ(wake, T0 + TIMEOUT + NET_V6_SLACK_MS);
	/* DHCPv4 leased an address naming nothing: IPv6 may still name a config, for NET_V6_GRACE_MS. */
	v.v4 = NET_FAM_OK;
	v.v4_ok_ms = T0 + 1000;
	CHECK_EQ(net_dual_decide(&v, T0 + 1000, &wake), NET_DUAL_WAIT);
	CHECK_EQ(wake, T0 + 1000 + NET_V6_GRACE_MS);
	CHECK_EQ(net_dual_decide(&v, T0 + 1000 + NET_V6_GRACE_MS - 1, &wake), NET_DUAL_WAIT);
	CHECK_EQ(net_dual_decide(&v, T0 + 1000 + NET_V6_GRACE_MS, &wake), NET_DUAL_GO);
	/* ... and IPv6 naming one inside it is used (no DHCPv4 config to prefer). */
	v.v6 = NET_FAM_OK;
	v.v6_location = true;
	v.v6_ok_ms = T0 + 4000;
	CHECK_EQ(net_dual_decide(&v, T0 + 4000, &wake), NET_DUAL_GO);
	/* A lease late in the timeout: IPv6's own end comes first. */
	v = view(NET_FAM_OK, NET_FAM_RUNNING);
	v.v4_ok_ms = T0 + TIMEOUT - 2000;
	CHECK_EQ(net_dual_decide(&v, T0 + TIMEOUT - 2000, &wake), NET_DUAL_WAIT);
	CHECK_EQ(wake, T0 + TIMEOUT + NET_V6_SLACK_MS);
	CHECK_EQ(net_dual_decide(&v, T0 + TIMEOUT + NET_V6_SLACK_MS, &wake), NET_DUAL_GO);
	v.v6 = NET_FAM_RUNNING;
	/* IPv6 ended without option 59 while DHCPv4 runs: wait for DHCPv4, with no timer. */
	v = view(NET_FAM_RUNNING, NET_FAM_OK);
	v.v6_ok_ms = T0 + 1000;
	CHECK_EQ(net_dual_decide(&v, T0 + 1500, &wake), NET_DUAL_WAIT);
	CHECK_EQ(wake, UINT64_MAX);
	/* Past IPv6's end DHCPv4 is still waited for: its reason is the one shown. */
	v.v6 = NET_FAM_RUNNING;
	CHECK_EQ(net_dual_decide(&v, T0 + TIMEOUT + NET_V6_SLACK_MS + 5, &wake), NET_DUAL_WAIT);
	CHECK_EQ(wake, UINT64_MAX);
	/* Both ended (failed, off): go with what there is. */
	v = view(NET_FAM_FAILED, NET_FAM_FAILED);
	CHECK_EQ(net_dual_decide(&v, T0 + 100, &wake), NET_DUAL_GO);
	v = view(NET_FAM_OK, NET_FAM_OFF);
	CHECK_EQ(net_dual_decide(&v, T0 + 100, &wake), NET_DUAL_GO);
	/* kexboot.net.v6=off: DHCPv4 alone, as before. */
	v = view(NET_FAM_RUNNING, NET_FAM_OFF);
	CHECK_EQ(net_dual_decide(&v, T0 + 100, &wake), NET_DUAL_WAIT);
	CHECK_EQ(wake, UINT64_MAX);
}

/* kexboot.url: what counts is an address of a family that reaches it. */
static void test_url_reach(void)
{
	struct net_dual_view v = view(NET_FAM_OK, NET_FAM_RUNNING);
	uint64_t wake;

	v.has_url = true;
	v.reach = NET_FAM4;
	CHECK_EQ(net_dual_decide(&v, T0 + 100, &wake), NET_DUAL_GO);
	/* http://[fd00::1]/...: an IPv4 lease is not enough, IPv6 is waited for. */
	v.reach = NET_FAM6;
	CHECK_EQ(net_dual_decide(&v, T0 + 100, &wake), NET_DUAL_WAIT);
	v.v6 = NET_FAM_OK;
	v.v6_ok_ms = T0 + 900;
	CHECK_EQ(net_dual_decide(&v, T0 + 900, &wake), NET_DUAL_GO);
	/* kexboot.url an IPv6 literal: a DHCPv4 lease does not cut IPv6 short (it is the one needed). */
	v.v6 = NET_FAM_RUNNING;
	v.v4_ok_ms = T0 + 100;
	CHECK_EQ(net_dual_decide(&v, T0 + 100 + NET_V6_GRACE_MS * 2, &wake), NET_DUAL_WAIT);
	CHECK_EQ(wake, T0 + TIMEOUT + NET_V6_SLACK_MS);
	v.v6 = NET_FAM_OK;
	/* IPv6 configured first, URL an IPv6 literal: DHCPv4 cannot help, no grace. */
	v.v4 = NET_FAM_RUNNING;
	CHECK_EQ(net_dual_decide(&v, T0 + 900, &wake), NET_DUAL_GO);
	/* A name: either family; DHCPv4 still preferred for the grace. */
	v.reach = NET_FAM4 | NET_FAM6;
	CHECK_EQ(net_dual_decide(&v, T0 + 900, &wake), NET_DUAL_WAIT);
	CHECK_EQ(wake, T0 + 900 + NET_V4_GRACE_MS);
	/* An IPv4 literal and only IPv6 so far: DHCPv4 is waited for, IPv6 alone is no use. */
	v.reach = NET_FAM4;
	CHECK_EQ(net_dual_decide(&v, T0 + 900 + NET_V4_GRACE_MS * 2, &wake), NET_DUAL_WAIT);
	/* ... and once DHCPv4 failed there is nothing more to wait for. */
	v.v4 = NET_FAM_FAILED;
	CHECK_EQ(net_dual_decide(&v, T0 + 2000, &wake), NET_DUAL_GO);
	/* With kexboot.url, option 59 and 209 do not matter: an address that reaches it does. */
	v = view(NET_FAM_OK, NET_FAM_RUNNING);
	v.has_url = true;
	v.reach = NET_FAM4;
	v.v4_location = false;
	CHECK_EQ(net_dual_decide(&v, T0 + 100, &wake), NET_DUAL_GO);
}

static void test_where_v6(void)
{
	struct diag_list d = { 0 };
	struct net_where w;
	struct dhcp4_lease l;
	struct net_facts f = { 0 };

	/* Nothing else named one: option 59, [v6] literal and all. */
	memset(&w, 0, sizeof(w));
	CHECK_EQ(net_where_v6(&w, "http://[fd00:6b78::1]/boot/v6.cfg", NULL, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_OPT59);
	CHECK_EQ(w.urls.n, 1);
	CHECK_STREQ(w.urls.v[0], "http://[fd00:6b78::1]/boot/v6.cfg");
	CHECK_STREQ(net_where_name(w.from), "DHCPv6 option 59");
	net_where_done(&w);

	/* DHCPv4's 209 comes first: option 59 is not added. */
	memset(&l, 0, sizeof(l));
	l.type = DHCP4_ACK;
	CHECK_EQ(inet_pton(AF_INET, "10.99.0.50", &l.yiaddr), 1);
	strcpy(l.config_file, "http://10.99.0.1/boot/v4.cfg");
	f.ip = l.yiaddr;
	CHECK_EQ(net_where_make(NULL, &l, &f, &w, &d), 0);
	CHECK_EQ(net_where_v6(&w, "http://[fd00:6b78::1]/boot/v6.cfg", NULL, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_OPT209);
	CHECK_EQ(w.urls.n, 1);
	CHECK_STREQ(w.urls.v[0], "http://10.99.0.1/boot/v4.cfg");
	net_where_done(&w);

	/* ... and kexboot.url before everything. */
	CHECK_EQ(net_where_make("http://[fd00::9]/k.cfg", &l, &f, &w, &d), 0);
	CHECK_EQ(net_where_v6(&w, "http://[fd00:6b78::1]/boot/v6.cfg", NULL, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_SETTINGS);
	CHECK_STREQ(w.urls.v[0], "http://[fd00::9]/k.cfg");
	net_where_done(&w);

	/* A lease naming nothing: option 59. */
	l.config_file[0] = '\0';
	CHECK_EQ(net_where_make(NULL, &l, &f, &w, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_NONE);
	CHECK_EQ(net_where_v6(&w, "tftp://[fd00::2]/pxelinux.cfg/default", NULL, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_OPT59);
	net_where_done(&w);

	/* No option 59, or one kexboot cannot read: nothing, the latter with a note. */
	memset(&w, 0, sizeof(w));
	CHECK_EQ(d.n, 0);
	CHECK_EQ(net_where_v6(&w, "", NULL, &d), 0);
	CHECK_EQ(net_where_v6(&w, NULL, NULL, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_NONE);
	CHECK_EQ(net_where_v6(&w, "boot/v6.cfg", NULL, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_NONE);
	CHECK_EQ(w.urls.n, 0);
	CHECK_EQ(d.n, 1);
	CHECK(strstr(d.msgs[0], "DHCPv6 option 59") != NULL);
	net_where_done(&w);
	diag_list_done(&d);
}

/* A link that ended at done_ms naming offer (NET_WHERE_NONE: configured or not, as given). */
static struct net_link_view done_link(enum net_where_from offer, uint64_t done_ms)
{
	return (struct net_link_view){ .done = true, .configured = offer != NET_WHERE_NONE, .offer = offer,
				       .done_ms = done_ms };
}

static void test_rank(void)
{
	/* The order: kexboot.url, 209/210, a full URL (67 or 59), the pxelinux lookup. */
	CHECK(net_where_rank(NET_WHERE_SETTINGS) < net_where_rank(NET_WHERE_OPT209));
	CHECK(net_where_rank(NET_WHERE_OPT209) < net_where_rank(NET_WHERE_BOOTURL));
	CHECK_EQ(net_where_rank(NET_WHERE_BOOTURL), net_where_rank(NET_WHERE_OPT59));
	CHECK(net_where_rank(NET_WHERE_OPT59) < net_where_rank(NET_WHERE_PXELINUX));
	CHECK_EQ(net_where_rank(NET_WHERE_NONE), -1);
}

/* kexboot.url: the first link in the order that reaches it; a later one waits for the earlier ones a while. */
static void test_links_url(void)
{
	struct net_link_view v[3] = { { 0 }, { 0 }, { 0 } };
	size_t win;
	uint64_t wake;

	/* Nobody has answered: wait for a link to end. */
	CHECK_EQ(net_links_decide(v, 3, true, T0, &win, &wake), NET_DUAL_WAIT);
	CHECK_EQ(win, 3);
	CHECK_EQ(wake, UINT64_MAX);
	/* The second link reaches it; the first still runs: it gets the grace. */
	v[1] = done_link(NET_WHERE_SETTINGS, T0 + 200);
	CHECK_EQ(net_links_decide(v, 3, true, T0 + 200, &win, &wake), NET_DUAL_WAIT);
	CHECK_EQ(wake, T0 + 200 + NET_LINK_GRACE_MS);
	CHECK_EQ(net_links_decide(v, 3, true, T0 + 200 + NET_LINK_GRACE_MS - 1, &win, &wake), NET_DUAL_WAIT);
	CHECK_EQ(net_links_decide(v, 3, true, T0 + 200 + NET_LINK_GRACE_MS, &win, &wake), NET_DUAL_GO);
	CHECK_EQ(win, 1);
	/* The first answers within the grace: it is used. */
	v[0] = done_link(NET_WHERE_SETTINGS, T0 + 900);
	CHECK_EQ(net_links_decide(v, 3, true, T0 + 900, &win, &wake), NET_DUAL_GO);
	CHECK_EQ(win, 0);
	/* The first failed: the second at once (the third, later in the order, cannot beat it). */
	v[0] = done_link(NET_WHERE_NONE, T0 + 900);
	v[0].configured = false;
	CHECK_EQ(net_links_decide(v, 3, true, T0 + 900, &win, &wake), NET_DUAL_GO);
	CHECK_EQ(win, 1);
	/* The first link reached it: later links are not waited for at all. */
	memset(v, 0, sizeof(v));
	v[0] = done_link(NET_WHERE_SETTINGS, T0 + 50);
	CHECK_EQ(net_links_decide(v, 3, true, T0 + 50, &win, &wake), NET_DUAL_GO);
	CHECK_EQ(win, 0);
}

/* Without kexboot.url: the best place across links, then the order. */
static void test_links_rank(void)
{
	struct net_link_view v[2] = { { 0 }, { 0 } };
	size_t win;
	uint64_t wake;

	/* pxelinux on the first; the second may still name 209: it gets the grace. */
	v[0] = done_link(NET_WHERE_PXELINUX, T0 + 100);
	CHECK_EQ(net_links_decide(v, 2, false, T0 + 100, &win, &wake), NET_DUAL_WAIT);
	CHECK_EQ(wake, T0 + 100 + NET_LINK_GRACE_MS);
	/* It names 209: the second link wins although it is later in the order. */
	v[1] = done_link(NET_WHERE_OPT209, T0 + 700);
	CHECK_EQ(net_links_decide(v, 2, false, T0 + 700, &win, &wake), NET_DUAL_GO);
	CHECK_EQ(win, 1);
	/* A full URL by DHCPv6 (59) ranks above the pxelinux lookup across links. */
	v[1] = done_link(NET_WHERE_OPT59, T0 + 700);
	CHECK_EQ(net_links_decide(v, 2, false, T0 + 700, &win, &wake), NET_DUAL_GO);
	CHECK_EQ(win, 1);
	/* Equals: the first in the order. */
	v[1] = done_link(NET_WHERE_PXELINUX, T0 + 50);
	CHECK_EQ(net_links_decide(v, 2, false, T0 + 700, &win, &wake), NET_DUAL_GO);
	CHECK_EQ(win, 0);
	/* 209 on the first: nothing can beat it, no wait for the second. */
	memset(v, 0, sizeof(v));
	v[0] = done_link(NET_WHERE_OPT209, T0 + 100);
	CHECK_EQ(net_links_decide(v, 2, false, T0 + 100, &win, &wake), NET_DUAL_GO);
	CHECK_EQ(win, 0);
	/* pxelinux on the second, the first still running: waited for, then the second after the grace. */
	memset(v, 0, sizeof(v));
	v[1] = done_link(NET_WHERE_PXELINUX, T0 + 100);
	CHECK_EQ(net_links_decide(v, 2, false, T0 + 100 + NET_LINK_GRACE_MS - 1, &win, &wake), NET_DUAL_WAIT);
	CHECK_EQ(net_links_decide(v, 2, false, T0 + 100 + NET_LINK_GRACE_MS, &win, &wake), NET_DUAL_GO);
	CHECK_EQ(win, 1);
}

/* Nothing named anywhere: kexboot.url uses the first configured link (its fetch says why), else none. */
static void test_links_none(void)
{
	struct net_link_view v[3] = { { 0 }, { 0 }, { 0 } };
	size_t win;
	uint64_t wake;

	v[0] = done_link(NET_WHERE_NONE, T0 + 10);
	v[2] = done_link(NET_WHERE_NONE, T0 + 20);
	v[2].configured = true;
	/* One still runs: wait for it (its own bound ends it). */
	CHECK_EQ(net_links_decide(v, 3, true, T0 + 30, &win, &wake), NET_DUAL_WAIT);
	CHECK_EQ(wake, UINT64_MAX);
	v[1] = done_link(NET_WHERE_NONE, T0 + 40);
	CHECK_EQ(net_links_decide(v, 3, true, T0 + 40, &win, &wake), NET_DUAL_GO);
	CHECK_EQ(win, 2);
	CHECK_EQ(net_links_decide(v, 3, false, T0 + 40, &win, &wake), NET_DUAL_GO);
	CHECK_EQ(win, 3);
	v[2].configured = false;
	CHECK_EQ(net_links_decide(v, 3, true, T0 + 40, &win, &wake), NET_DUAL_GO);
	CHECK_EQ(win, 3);
}

/* What one link's answers name, by the rule the source applies to the link it uses. */
static void test_offer(void)
{
	struct net_dual_result d;

	memset(&d, 0, sizeof(d));
	d.v4 = NET_FAM_FAILED;
	d.v6 = NET_FAM_FAILED;
	CHECK_EQ(net_dual_offer(NULL, &d), NET_WHERE_NONE);
	CHECK_EQ(net_dual_offer("http://10.0.2.100/boot/", &d), NET_WHERE_NONE);
	/* An IPv4 lease naming nothing. */
	d.v4 = NET_FAM_OK;
	d.v4_dhcp = true;
	d.dhcp.lease.type = DHCP4_ACK;
	CHECK_EQ(inet_pton(AF_INET, "10.0.2.15", &d.dhcp.lease.yiaddr), 1);
	CHECK_EQ(net_dual_offer(NULL, &d), NET_WHERE_NONE);
	/* kexboot.url: an IPv4 literal is reached by it, an IPv6 literal is not. */
	CHECK_EQ(net_dual_offer("http://10.0.2.100/boot/", &d), NET_WHERE_SETTINGS);
	CHECK_EQ(net_dual_offer("http://[fd00::1]/boot/", &d), NET_WHERE_NONE);
	d.v6 = NET_FAM_OK;
	CHECK_EQ(net_dual_offer("http://[fd00::1]/boot/", &d), NET_WHERE_SETTINGS);
	/* The lease's boot file as a URL; option 59 only when DHCPv4 names nothing. */
	strcpy(d.url6, "http://[fd00::1]/boot/v6.cfg");
	CHECK_EQ(net_dual_offer(NULL, &d), NET_WHERE_OPT59);
	strcpy(d.dhcp.lease.boot_file, "http://10.0.2.2/boot.ipxe");
	CHECK_EQ(net_dual_offer(NULL, &d), NET_WHERE_BOOTURL);
	/* A full URL by 59 ranks above the pxelinux lookup ... */
	strcpy(d.dhcp.lease.boot_file, "pxelinux.0");
	CHECK_EQ(inet_pton(AF_INET, "10.0.2.2", &d.dhcp.lease.siaddr), 1);
	CHECK_EQ(net_dual_offer(NULL, &d), NET_WHERE_OPT59);
	/* ... unless it names 67's file (QEMU: tftp://[fec0::2]/pxelinux.0, the boot program). */
	strcpy(d.url6, "tftp://[fec0::2]/pxelinux.0");
	CHECK_EQ(net_dual_offer(NULL, &d), NET_WHERE_PXELINUX);
	strcpy(d.dhcp.lease.config_file, "http://10.0.2.2/k.cfg");
	CHECK_EQ(net_dual_offer(NULL, &d), NET_WHERE_OPT209);
	strcpy(d.url6, "http://[fd00::1]/boot/v6.cfg");
	/* A static address (not DHCP): only option 59 can name one. */
	d.v4_dhcp = false;
	CHECK_EQ(net_dual_offer(NULL, &d), NET_WHERE_OPT59);
}

/* DHCPv6's 59 against DHCPv4's pxelinux lookup (the order), and the same boot program over both. */
static void test_where_v59(void)
{
	struct diag_list d = { 0 };
	struct net_where w;
	struct dhcp4_lease l;
	struct net_facts f = { 0 };

	memset(&l, 0, sizeof(l));
	l.type = DHCP4_ACK;
	CHECK_EQ(inet_pton(AF_INET, "10.0.2.15", &l.yiaddr), 1);
	CHECK_EQ(inet_pton(AF_INET, "10.0.2.2", &l.siaddr), 1);
	strcpy(l.boot_file, "boot/pxelinux.0");
	f.ip = l.yiaddr;
	/* Another file: 59 replaces the lookup. */
	CHECK_EQ(net_where_make(NULL, &l, &f, &w, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_PXELINUX);
	CHECK(w.first_only);
	CHECK_EQ(net_where_v6(&w, "http://[fd00::1]/boot/v6.cfg", l.boot_file, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_OPT59);
	CHECK(!w.first_only);
	CHECK_EQ(w.urls.n, 1);
	CHECK_STREQ(w.urls.v[0], "http://[fd00::1]/boot/v6.cfg");
	net_where_done(&w);
	/* 67's file over IPv6 (query and all): the lookup stays. */
	CHECK_EQ(net_where_make(NULL, &l, &f, &w, &d), 0);
	CHECK_EQ(net_where_v6(&w, "tftp://[fec0::2]/pxelinux.0?x=1", l.boot_file, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_PXELINUX);
	CHECK(w.urls.n > 2);
	net_where_done(&w);
	/* A name that only ends like 67's is another file. */
	CHECK_EQ(net_where_make(NULL, &l, &f, &w, &d), 0);
	CHECK_EQ(net_where_v6(&w, "tftp://[fec0::2]/ipxe-pxelinux.0", l.boot_file, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_OPT59);
	net_where_done(&w);
	/* 59 not a URL kexboot reads: the lookup stays, with a note. */
	CHECK_EQ(net_where_make(NULL, &l, &f, &w, &d), 0);
	CHECK_EQ(d.n, 0);
	CHECK_EQ(net_where_v6(&w, "v6.cfg", l.boot_file, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_PXELINUX);
	CHECK_EQ(d.n, 1);
	net_where_done(&w);
	/* 67 as a URL (HTTP boot) still ranks above 59. */
	strcpy(l.boot_file, "http://10.0.2.2/boot.ipxe");
	CHECK_EQ(net_where_make(NULL, &l, &f, &w, &d), 0);
	CHECK_EQ(net_where_v6(&w, "http://[fd00::1]/boot/v6.cfg", l.boot_file, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_BOOTURL);
	net_where_done(&w);
	diag_list_done(&d);
}

/* A lease naming only the pxelinux lookup waits NET_V59_GRACE_MS for DHCPv6's 59, no longer. */
static void test_v59_grace(void)
{
	struct net_dual_view v = view(NET_FAM_OK, NET_FAM_RUNNING);
	uint64_t wake;

	v.v4_location = true;
	v.v4_pxelinux = true;
	v.v4_ok_ms = T0 + 400;
	CHECK_EQ(net_dual_decide(&v, T0 + 400, &wake), NET_DUAL_WAIT);
	CHECK_EQ(wake, T0 + 400 + NET_V59_GRACE_MS);
	CHECK_EQ(net_dual_decide(&v, T0 + 400 + NET_V59_GRACE_MS - 1, &wake), NET_DUAL_WAIT);
	CHECK_EQ(net_dual_decide(&v, T0 + 400 + NET_V59_GRACE_MS, &wake), NET_DUAL_GO);
	/* IPv6 configured: go at once, whether it named one (59 is used) or not (the lookup is). */
	v.v6 = NET_FAM_OK;
	v.v6_ok_ms = T0 + 900;
	CHECK_EQ(net_dual_decide(&v, T0 + 900, &wake), NET_DUAL_GO);
	v.v6_location = true;
	CHECK_EQ(net_dual_decide(&v, T0 + 900, &wake), NET_DUAL_GO);
	/* IPv6 failed, or off: no wait. */
	v = view(NET_FAM_OK, NET_FAM_FAILED);
	v.v4_location = v.v4_pxelinux = true;
	v.v4_ok_ms = T0 + 400;
	CHECK_EQ(net_dual_decide(&v, T0 + 400, &wake), NET_DUAL_GO);
	v.v6 = NET_FAM_OFF;
	CHECK_EQ(net_dual_decide(&v, T0 + 400, &wake), NET_DUAL_GO);
	/* IPv6's end comes first: woken then. */
	v = view(NET_FAM_OK, NET_FAM_RUNNING);
	v.v4_location = v.v4_pxelinux = true;
	v.v6_end_ms = T0 + 1000;
	v.v4_ok_ms = T0 + 400;
	CHECK_EQ(net_dual_decide(&v, T0 + 400, &wake), NET_DUAL_WAIT);
	CHECK_EQ(wake, T0 + 1000);
	/* 209 or a boot file URL: no wait (pxelinux only). With kexboot.url: no wait either. */
	v = view(NET_FAM_OK, NET_FAM_RUNNING);
	v.v4_location = true;
	v.v4_ok_ms = T0 + 400;
	CHECK_EQ(net_dual_decide(&v, T0 + 400, &wake), NET_DUAL_GO);
	v.v4_pxelinux = true;
	v.has_url = true;
	v.reach = NET_FAM4 | NET_FAM6;
	CHECK_EQ(net_dual_decide(&v, T0 + 400, &wake), NET_DUAL_GO);
}

static const struct test tests[] = {
	TEST(families), TEST(v4_wins), TEST(v6_grace), TEST(waits), TEST(url_reach), TEST(where_v6),
	TEST(rank), TEST(links_url), TEST(links_rank), TEST(links_none), TEST(offer), TEST(where_v59), TEST(v59_grace),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
