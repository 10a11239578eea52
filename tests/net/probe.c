// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexboot-net-probe: boot/net's real I/O for tests/net/dhcp4.sh. Brings an
 * interface up, leases an address by DHCP, configures it and prints the
 * lease as KEY=VALUE lines. With --release it then prints READY, waits for
 * a line on stdin and undoes every recorded change (RELEASED).
 *
 *   kexboot-net-probe [--total-ms N] [--carrier-ms N] [--http] [--root DIR] [--release] IFNAME
 *   kexboot-net-probe --static IPCONF [--release] IFNAME   (kexboot.ip's syntax instead of DHCP)
 */
#include "boot/net/net.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_ip(const char *key, struct in_addr a)
{
	char ip[INET_ADDRSTRLEN];

	if (a.s_addr)
		printf("%s=%s\n", key, inet_ntop(AF_INET, &a, ip, sizeof(ip)));
}

static void print_str(const char *key, const char *v)
{
	if (v[0])
		printf("%s=%s\n", key, v);
}

static void print_result(const struct net_dhcp4_result *res)
{
	const struct dhcp4_lease *l = &res->lease;

	printf("IFNAME=%s\nIFINDEX=%d\n", res->ifname, res->ifindex);
	print_ip("ADDRESS", l->yiaddr);
	if (res->prefix)
		printf("PREFIX=%u\n", res->prefix);
	print_ip("SUBNET", l->subnet);
	print_ip("ROUTER", l->router);
	print_ip("BROADCAST", l->broadcast);
	print_ip("SERVER_ID", l->server_id);
	print_ip("SIADDR", l->siaddr);
	for (size_t i = 0; i < l->n_dns; i++)
		print_ip("DNS", l->dns[i]);
	if (l->lease_time)
		printf("LEASE_TIME=%u\n", l->lease_time);
	print_str("HOSTNAME", l->hostname);
	print_str("DOMAIN", l->domain);
	print_str("TFTP_SERVER", l->tftp_server);
	print_str("BOOT_FILE", l->boot_file);
	print_str("CONFIG_FILE", l->config_file);
	print_str("PATH_PREFIX", l->path_prefix);
	print_str("VENDOR_CLASS", l->vendor_class);
	printf("PROXY=%d\n", res->has_proxy ? 1 : 0);
	if (res->has_proxy)
		print_str("PROXY_BOOT_FILE", res->proxy.boot_file);
}

/* Where the network source would look for the config with this lease (net_where_make), one WHERE= per URL. */
static void print_where(const struct net_dhcp4_result *res)
{
	struct net_facts f = { .ip = res->lease.yiaddr };
	struct net_where w;
	struct net_link link;

	if (net_link_get(res->ifname, &link, NULL) == 0)
		memcpy(f.mac, link.mac, 6);
	if (net_where_make(NULL, &res->lease, &f, &w, NULL) < 0)
		return;
	printf("WHERE_FROM=%s\n", net_where_name(w.from));
	for (size_t i = 0; i < w.urls.n; i++)
		printf("WHERE=%s\n", w.urls.v[i]);
	net_where_done(&w);
}

/* kexboot.ip's text, parsed and put on ifname (net_static_run). */
static int static_run(const char *text, const char *ifname, uint32_t carrier_ms, struct net_record *rec,
		      struct diag_list *d)
{
	struct net_ipconf ip;
	char a[INET_ADDRSTRLEN];
	int r = net_ipconf_parse(text, &ip, d);

	if (r < 0)
		return r;
	r = net_static_run(ip.device[0] ? ip.device : ifname, &ip, carrier_ms, rec, d);
	if (r < 0)
		return r;
	printf("MODE=static\nADDRESS=%s\nPREFIX=%u\n", inet_ntop(AF_INET, &ip.client, a, sizeof(a)), ip.prefix);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: kexboot-net-probe [--total-ms N] [--carrier-ms N] [--http] [--root DIR] "
			"[--release] IFNAME\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct net_record rec = { .n = 0 };
	struct net_dhcp4_options o = { .rec = &rec };
	struct net_dhcp4_result res;
	struct diag_list d;
	const char *ifname = NULL;
	bool release = false;
	const char *static_ip = NULL;
	char line[16];
	int r, failed;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--total-ms") && i + 1 < argc)
			o.total_ms = (uint32_t)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--carrier-ms") && i + 1 < argc)
			o.carrier_ms = (uint32_t)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--root") && i + 1 < argc)
			o.root = argv[++i];
		else if (!strcmp(argv[i], "--http"))
			o.http = true;
		else if (!strcmp(argv[i], "--static") && i + 1 < argc)
			static_ip = argv[++i];
		else if (!strcmp(argv[i], "--release"))
			release = true;
		else if (argv[i][0] != '-' && !ifname)
			ifname = argv[i];
		else
			usage();
	}
	if (!ifname)
		usage();

	diag_list_init(&d);
	if (static_ip) {
		r = static_run(static_ip, ifname, o.carrier_ms, &rec, &d);
		if (r < 0) {
			fprintf(stderr, "kexboot-net-probe: %s\n", diag_reason(&d, "static configuration failed"));
			net_record_undo(&rec, &d);
			diag_list_done(&d);
			return 1;
		}
		goto configured;
	}
	r = net_dhcp4_run(ifname, &o, &res, &d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "note: %s\n", d.msgs[i]);
	diag_list_drop_msgs(&d);
	if (r < 0) {
		fprintf(stderr, "kexboot-net-probe: %s\n", diag_reason(&d, "DHCP failed"));
		net_record_undo(&rec, &d);
		diag_list_done(&d);
		return 1;
	}
	print_result(&res);
	print_where(&res);
configured:
	printf("CHANGES=%zu\n", rec.n);
	if (!release) {
		diag_list_done(&d);
		return 0;
	}
	printf("READY\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		fprintf(stderr, "kexboot-net-probe: stdin closed; releasing\n");
	failed = net_record_undo(&rec, &d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "undo: %s\n", d.msgs[i]);
	printf("RELEASED=%s\n", failed ? "partial" : "all");
	diag_list_done(&d);
	return failed ? 1 : 0;
}
