// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dhcp6-probe: boot/net's DHCPv6 I/O for tests/net/dhcp6.sh. Brings an
 * interface up, turns SLAAC on under --root, leases an address by DHCPv6,
 * adds it, and prints the lease as KEY=VALUE lines. With --release it then
 * prints READY, waits for a line on stdin, releases the lease and undoes
 * every recorded change (RELEASED).
 *
 *   dhcp6-probe [--total-ms N] [--carrier-ms N] [--http] [--root DIR] [--stateful] [--no-configure]
 *               [--release] IFNAME
 *   dhcp6-probe --dual [--url URLS] [--total-ms N] [--root DIR] IFNAME
 *               (net_dual_run: DHCPv4 and IPv6 side by side, then the record undone)
 */
#include "boot/net/dhcp6.h"
#include "lib/cleanup.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_ip6(const char *key, const struct in6_addr *a)
{
	char ip[INET6_ADDRSTRLEN];

	printf("%s=%s\n", key, inet_ntop(AF_INET6, a, ip, sizeof(ip)) ? ip : "?");
}

static void print_lease(const struct net_dhcp6_session *s, const struct dhcp6_lease *l)
{
	char url[DHCP6_URL_MAX], params[DHCP6_PARAMS_MAX * DHCP6_PARAM_LEN];

	printf("IFNAME=%s\nIFINDEX=%d\n", s->ifname, s->ifindex);
	print_ip6("LINKLOCAL", &s->linklocal);
	printf("MODE=%s\nRA_FLAGS=%s%s%s\n", s->stateless ? "stateless" : "stateful",
	       s->ra_flags & NET6_RA_RCVD ? "R" : "-", s->ra_flags & NET6_RA_MANAGED ? "M" : "-",
	       s->ra_flags & NET6_RA_OTHERCONF ? "O" : "-");
	if (l->has_addr) {
		print_ip6("ADDRESS", &l->addr);
		printf("PREFERRED_LT=%u\nVALID_LT=%u\nIAID=%08x\n", l->preferred_lt, l->valid_lt, l->iaid);
	}
	if (s->has_slaac)
		print_ip6("SLAAC", &s->slaac_addr);
	printf("PREFERENCE=%u\n", l->preference);
	printf("SERVER_DUID=");
	for (size_t i = 0; i < l->server_id.len; i++)
		printf("%02x", l->server_id.b[i]);
	printf("\n");
	for (size_t i = 0; i < l->n_dns; i++)
		print_ip6("DNS", &l->dns[i]);
	if (l->bootfile_url[0])
		printf("BOOTFILE_URL=%s\n", l->bootfile_url);
	for (size_t i = 0; i < l->n_params; i++)
		printf("BOOTFILE_PARAM=%s\n", l->params[i]);
	if (dhcp6_lease_boot(l, url, sizeof(url), params, sizeof(params)) == 0) {
		printf("CONFIG_URL=%s\n", url);
		printf("KERNEL_PARAMS=%s\n", params);
	}
	printf("CONFIGURED=%d\n", s->configured ? 1 : 0);
}

static void notes(struct diag_list *d, const char *prefix)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "%s: %s\n", prefix, d->msgs[i]);
	diag_list_drop_msgs(d);
}

/*
 * --dual: the network source's way (net_dual_run): DHCPv4 and IPv6 side by
 * side on IFNAME until the rules say go; prints what each family has and
 * where the config is, then undoes the record (with both releases).
 */
static int run_dual(const char *ifname, const char *root, uint32_t total_ms, const char *urls)
{
	struct net_record rec = { .n = 0 };
	const struct net_dual_options o = { .root = root, .ifname = ifname, .urls = urls, .v6 = true,
					    .dhcp_ms = total_ms ? total_ms : 10000, .stop_fd = -1, .rec = &rec };
	static const char *const st[] = { "running", "ok", "failed", "off" };
	_cleanup_free_ struct net_dual_result *res = malloc(sizeof(*res));
	struct net_facts f = { 0 };
	struct net_where w;
	struct diag_list d;
	char ip[INET6_ADDRSTRLEN];
	int r, failed;

	if (!res)
		return 1;
	diag_list_init(&d);
	r = net_dual_run(&o, res);
	printf("DUAL=%d\nV4=%s\nV6=%s\n", r, st[res->v4], st[res->v6]);
	if (res->v4 == NET_FAM_FAILED)
		printf("WHY4=%s\n", diag_reason(&res->why4, "?"));
	if (res->v6 == NET_FAM_FAILED)
		printf("WHY6=%s\n", diag_reason(&res->why6, "?"));
	notes(&res->why4, "note4");
	notes(&res->why6, "note6");
	if (res->v4_dhcp)
		printf("ADDRESS4=%s\n", inet_ntop(AF_INET, &res->dhcp.lease.yiaddr, ip, sizeof(ip)) ? ip : "?");
	if (res->has_addr6)
		print_ip6("ADDRESS6", &res->addr6);
	printf("MODE6=%s\nURL6=%s\nPARAMS6=%s\n", res->v6_stateless ? "stateless" : "stateful", res->url6,
	       res->params6);
	f.ip = res->v4_dhcp ? res->dhcp.lease.yiaddr : f.ip;
	if (net_where_make(urls, res->v4_dhcp ? &res->dhcp.lease : NULL, &f, &w, &d) == 0 &&
	    (res->v6 != NET_FAM_OK ||
	     net_where_v6(&w, res->url6, res->v4_dhcp ? res->dhcp.lease.boot_file : NULL, &d) == 0)) {
		printf("WHERE_FROM=%s\nWHERE_URL=%s\n", net_where_name(w.from), w.urls.n ? w.urls.v[0] : "");
		net_where_done(&w);
	}
	printf("CHANGES=%zu\nLEASE6=%d\n", rec.n, rec.lease6 != NULL);
	fflush(stdout);
	failed = net_record_undo(&rec, &d);
	notes(&d, "undo");
	printf("UNDONE=%s\n", failed ? "partial" : "all");
	net_dual_result_done(res);
	diag_list_done(&d);
	return r < 0 || failed ? 1 : 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: dhcp6-probe [--total-ms N] [--carrier-ms N] [--http] [--root DIR] [--stateful] [--no-configure] "
			"[--release] IFNAME\n       dhcp6-probe --dual [--url URLS] [--total-ms N] [--root DIR] IFNAME\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct net_record rec = { .n = 0 };
	struct net_dhcp6_options o = { .rec = &rec };
	_cleanup_free_ struct net_dhcp6_session *s = malloc(sizeof(*s));
	struct diag_list d;
	const char *ifname = NULL;
	bool release = false, dual = false;
	const char *urls = NULL;
	char line[16];
	int r, failed;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--total-ms") && i + 1 < argc)
			o.total_ms = (uint32_t)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--carrier-ms") && i + 1 < argc)
			o.carrier_ms = (uint32_t)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--ra-ms") && i + 1 < argc)
			o.ra_ms = (uint32_t)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--root") && i + 1 < argc)
			o.root = argv[++i];
		else if (!strcmp(argv[i], "--http"))
			o.http = true;
		else if (!strcmp(argv[i], "--stateful"))
			o.stateful = true;
		else if (!strcmp(argv[i], "--no-configure"))
			o.no_configure = true;
		else if (!strcmp(argv[i], "--release"))
			release = true;
		else if (!strcmp(argv[i], "--dual"))
			dual = true;
		else if (!strcmp(argv[i], "--url") && i + 1 < argc)
			urls = argv[++i];
		else if (argv[i][0] != '-' && !ifname)
			ifname = argv[i];
		else
			usage();
	}
	if (!ifname || !s)
		usage();
	if (dual)
		return run_dual(ifname, o.root, o.total_ms, urls);

	diag_list_init(&d);
	r = net_dhcp6_run(ifname, &o, s, &d);
	notes(&d, "note");
	if (r < 0) {
		fprintf(stderr, "dhcp6-probe: %s\n", diag_reason(&d, "DHCPv6 failed"));
		net_dhcp6_release(s, &d);
		net_record_undo(&rec, &d);
		notes(&d, "undo");
		diag_list_done(&d);
		return 1;
	}
	print_lease(s, dhcp6_client_lease(&s->client));
	printf("CHANGES=%zu\n", rec.n);
	if (!release) {
		diag_list_done(&d);
		return 0;
	}
	printf("READY\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		fprintf(stderr, "dhcp6-probe: stdin closed; releasing\n");
	failed = net_dhcp6_release(s, &d);
	failed += net_record_undo(&rec, &d);
	notes(&d, "undo");
	printf("RELEASED=%s\n", failed ? "partial" : "all");
	diag_list_done(&d);
	return failed ? 1 : 0;
}
