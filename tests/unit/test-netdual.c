// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DHCPv4 and IPv6 side by side (boot/net/choose.c): when the network
 * source goes on, which family can reach kexboot.url, and where option 59
 * ranks among the places a config is named (net_where_v6). Pure: states
 * and a clock the test sets.
 */
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
	CHECK_EQ(net_where_v6(&w, "http://[fd00:6b78::1]/boot/v6.cfg", &d), 0);
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
	CHECK_EQ(net_where_v6(&w, "http://[fd00:6b78::1]/boot/v6.cfg", &d), 0);
	CHECK_EQ(w.from, NET_WHERE_OPT209);
	CHECK_EQ(w.urls.n, 1);
	CHECK_STREQ(w.urls.v[0], "http://10.99.0.1/boot/v4.cfg");
	net_where_done(&w);

	/* ... and kexboot.url before everything. */
	CHECK_EQ(net_where_make("http://[fd00::9]/k.cfg", &l, &f, &w, &d), 0);
	CHECK_EQ(net_where_v6(&w, "http://[fd00:6b78::1]/boot/v6.cfg", &d), 0);
	CHECK_EQ(w.from, NET_WHERE_SETTINGS);
	CHECK_STREQ(w.urls.v[0], "http://[fd00::9]/k.cfg");
	net_where_done(&w);

	/* A lease naming nothing: option 59. */
	l.config_file[0] = '\0';
	CHECK_EQ(net_where_make(NULL, &l, &f, &w, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_NONE);
	CHECK_EQ(net_where_v6(&w, "tftp://[fd00::2]/pxelinux.cfg/default", &d), 0);
	CHECK_EQ(w.from, NET_WHERE_OPT59);
	net_where_done(&w);

	/* No option 59, or one kexboot cannot read: nothing, the latter with a note. */
	memset(&w, 0, sizeof(w));
	CHECK_EQ(d.n, 0);
	CHECK_EQ(net_where_v6(&w, "", &d), 0);
	CHECK_EQ(net_where_v6(&w, NULL, &d), 0);
	CHECK_EQ(w.from, NET_WHERE_NONE);
	CHECK_EQ(net_where_v6(&w, "boot/v6.cfg", &d), 0);
	CHECK_EQ(w.from, NET_WHERE_NONE);
	CHECK_EQ(w.urls.n, 0);
	CHECK_EQ(d.n, 1);
	CHECK(strstr(d.msgs[0], "DHCPv6 option 59") != NULL);
	net_where_done(&w);
	diag_list_done(&d);
}

static const struct test tests[] = {
	TEST(families), TEST(v4_wins), TEST(v6_grace), TEST(waits), TEST(url_reach), TEST(where_v6),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
