// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DHCPv6 over a real UDP socket: the driver that runs the pure client
 * (dhcp6_client.c) with poll() and the monotonic clock. The socket is bound
 * to [::]:546 on the one link; messages go to All_DHCP_Relay_Agents_and_Servers
 * (ff02::1:2) port 547 from the link-local address, which must have left
 * "tentative" first (a tentative address cannot be a source).
 */
#include "boot/net/dhcp6.h"
#include "lib/cleanup.h"
#include "lib/clock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#define DEFAULT_CARRIER_MS 10000
#define DEFAULT_DAD_MS 5000
#define DEFAULT_RA_MS 3000
/* Wake-ups and packets per run: the deadline ends it long before; this only bounds a flood. */
#define LOOP_MAX 100000

static int socket_open(const char *ifname, int ifindex, struct diag_list *d)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6, .sin6_port = htons(546), .sin6_addr = IN6ADDR_ANY_INIT };
	_cleanup_close_ int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	int one = 1, hops = 1;

	if (fd < 0)
		return diag_fail(d, errno, "DHCPv6 socket: %s", strerror(errno));
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname) + 1) < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex, sizeof(ifindex)) < 0 ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops)) < 0)
		return diag_fail(d, errno, "%s: DHCPv6 socket options: %s", ifname, strerror(errno));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return diag_fail(d, errno, "%s: bind to [::]:546: %s", ifname, strerror(errno));
	return TAKE_FD(fd);
}

/* Steps the client until it is no longer waiting: 0 on BOUND or RELEASED, else -errno. */
static int exchange_run(int fd, const int *stop_fd, struct dhcp6_client *c, int ifindex, const char *ifname,
			struct dhcp6_action *act, struct diag_list *why)
{
	struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_port = htons(547),
				   .sin6_scope_id = (uint32_t)ifindex };
	_cleanup_free_ uint8_t *buf = malloc(DHCP6_RECV_MAX + 1);
	bool send_failed = false;

	if (!buf)
		return -ENOMEM;
	inet_pton(AF_INET6, "ff02::1:2", &to.sin6_addr);
	for (int i = 0; i < LOOP_MAX; i++) {
		struct pollfd pfd[2] = { { .fd = fd, .events = POLLIN },
					 { .fd = stop_fd ? *stop_fd : -1, .events = POLLIN } };
		struct sockaddr_in6 from;
		socklen_t fromlen = sizeof(from);
		uint64_t now;
		ssize_t n;

		if (act->send && sendto(fd, act->send, act->send_len, 0, (struct sockaddr *)&to, sizeof(to)) < 0 &&
		    !send_failed) {
			diag_note(why, "%s: sending DHCPv6 message: %s", ifname, strerror(errno));
			send_failed = true;
		}
		if (act->act == DHCP6_ACT_BOUND || act->act == DHCP6_ACT_RELEASED)
			return 0;
		if (act->act == DHCP6_ACT_FAILED)
			return diag_fail(why, ETIMEDOUT, "%s: %s", ifname, act->reason);
		now = clock_now_ms();
		if (now >= act->wake_ms) {
			dhcp6_client_step(c, NULL, 0, now, act);
			continue;
		}
		if (poll(pfd, 2, (int)(act->wake_ms - now)) < 0 && errno != EINTR)
			return diag_fail(why, errno, "%s: poll: %s", ifname, strerror(errno));
		if (pfd[1].revents)
			return diag_fail(why, ECANCELED, "%s: DHCPv6 stopped", ifname);
		/* One byte more than accepted, so an oversized message is seen as such, not cut. */
		n = recvfrom(fd, buf, DHCP6_RECV_MAX + 1, 0, (struct sockaddr *)&from, &fromlen);
		if (n > 0 && fromlen >= sizeof(from) && from.sin6_port == htons(547)) {
			dhcp6_client_step(c, buf, (size_t)n, clock_now_ms(), act);
			continue;
		}
		act->send = NULL; /* nothing new to send until the next step */
	}
	return diag_fail(why, ELOOP, "%s: DHCPv6: too many packets", ifname);
}

static void client_config(const struct net_dhcp6_options *o, const struct net_link *link,
			  struct dhcp6_client_config *cfg)
{
	uint8_t uuid[16];

	memset(cfg, 0, sizeof(*cfg));
	/* DUID-UUID when the machine has an SMBIOS UUID (stable across NICs), else DUID-LL. */
	if (net_uuid_read(o->root, uuid, NULL) == 0)
		dhcp6_duid_uuid(&cfg->duid, uuid);
	else
		dhcp6_duid_ll(&cfg->duid, link->mac);
	/* One IA_NA per link: the MAC's last four bytes name it, stable across boots. */
	cfg->iaid = (uint32_t)link->mac[2] << 24 | (uint32_t)link->mac[3] << 16 | (uint32_t)link->mac[4] << 8 |
		    link->mac[5];
	cfg->http = o->http;
	cfg->arch = o->arch ? o->arch : o->http ? DHCP6_ARCH_X86_64_EFI_HTTP : DHCP6_ARCH_X86_64_EFI;
	cfg->total_ms = o->total_ms;
	cfg->seed = o->seed;
	if (!cfg->seed)
		cfg->seed = (uint32_t)clock_now_ms() ^ cfg->iaid;
}

/*
 * Deletes the address if it was added, then RELEASEs or DECLINEs the lease
 * (bounded by the client's release_ms). Failures are notes in d; returns
 * how many there were.
 */
static int give_back(struct net_dhcp6_session *s, bool decline, struct diag_list *d)
{
	const struct dhcp6_lease *l = dhcp6_client_lease(&s->client);
	const char *what = decline ? "DECLINE" : "RELEASE";
	struct dhcp6_action act;
	_cleanup_close_ int fd = -1;
	struct diag_list why;
	int failed = 0, r;

	if (!l)
		return 0;
	/* RFC 8415 18.2.7, 18.2.8: the address is no longer used once the exchange begins. */
	if (s->configured) {
		diag_list_init(&why);
		/* Already gone (the kernel removes an address whose DAD failed) is what was wanted. */
		r = net6_addr_del(s->ifindex, &l->addr, 128, &why);
		if (r < 0 && r != -EADDRNOTAVAIL) {
			diag_note(d, "%s: %s", s->ifname, diag_reason(&why, "deleting the DHCPv6 address failed"));
			failed++;
		}
		diag_list_done(&why);
		s->configured = false;
	}
	fd = socket_open(s->ifname, s->ifindex, NULL);
	if (fd < 0) {
		diag_note(d, "%s: no socket for the DHCPv6 %s: %s", s->ifname, what, strerror(-fd));
		return failed + 1;
	}
	diag_list_init(&why);
	if (decline)
		dhcp6_client_decline(&s->client, clock_now_ms(), &act);
	else
		dhcp6_client_release(&s->client, clock_now_ms(), &act);
	r = exchange_run(fd, NULL, &s->client, s->ifindex, s->ifname, &act, &why);
	if (r < 0) {
		diag_note(d, "%s", diag_reason(&why, decline ? "DHCPv6 DECLINE failed" : "DHCPv6 RELEASE failed"));
		failed++;
	}
	diag_list_done(&why);
	return failed;
}

int net_dhcp6_run(const char *ifname, const struct net_dhcp6_options *o, struct net_dhcp6_session *s,
		  struct diag_list *why)
{
	struct dhcp6_client_config cfg;
	struct dhcp6_action act;
	_cleanup_close_ int fd = -1;
	const struct dhcp6_lease *l;
	struct net_link link;
	const int stop = o->stop_fd ? *o->stop_fd : -1;
	const uint32_t dad_ms = o->dad_ms ? o->dad_ms : DEFAULT_DAD_MS;
	unsigned changed = 0;
	int r;

	memset(s, 0, sizeof(*s));
	if (!o->rec || strlen(ifname) >= sizeof(s->ifname))
		return diag_fail(why, EINVAL, "%s: invalid DHCPv6 request", ifname);
	snprintf(s->ifname, sizeof(s->ifname), "%s", ifname);
	/* Before the link comes up, so the kernel's first RS already asks for SLAAC. */
	if (!o->no_slaac) {
		r = net_slaac_enable(o->root, ifname, &changed, NULL);
		/* No /proc/sys (a kernel without CONFIG_PROC_SYSCTL): its defaults, accept_ra and autoconf on, hold. */
		if (r < 0 && r != -ENOENT)
			diag_note(why, "%s: SLAAC left as it is (%s)", ifname, strerror(-r));
		else if (changed)
			diag_note(why, "%s: accept_ra/autoconf turned on", ifname);
	}
	r = net_link_up(ifname, o->rec, why);
	if (r < 0)
		return r;
	r = net_link_get(ifname, &link, why);
	if (r < 0)
		return r;
	s->ifindex = link.ifindex;
	r = net_link_wait_carrier(ifname, o->carrier_ms ? o->carrier_ms : DEFAULT_CARRIER_MS, stop, why);
	if (r < 0)
		return r;
	r = net6_linklocal_wait(link.ifindex, dad_ms, stop, &s->linklocal, why);
	if (r < 0)
		return r;

	/*
	 * The kernel took the RA (accept_ra): its M bit says whether addresses come from
	 * DHCPv6. No RA in time (no router, RAs off): ask for an address anyway.
	 */
	if (!o->stateful) {
		struct diag_list ra;

		diag_list_init(&ra);
		r = net6_ra_wait(link.ifindex, o->ra_ms ? o->ra_ms : DEFAULT_RA_MS, stop, &s->ra_flags, &ra);
		if (r == -ECANCELED) {
			diag_list_done(&ra);
			return diag_fail(why, ECANCELED, "%s: DHCPv6 stopped", ifname);
		}
		if (r < 0)
			diag_note(why, "%s: router advertisement flags unknown: %s", ifname, diag_reason(&ra, "?"));
		else if (s->ra_flags & NET6_RA_RCVD)
			s->stateless = !(s->ra_flags & NET6_RA_MANAGED);
		else
			diag_note(why, "%s: no router advertisement: asking DHCPv6 for an address", ifname);
		diag_list_done(&ra);
	}
	client_config(o, &link, &cfg);
	cfg.info_only = s->stateless;
	dhcp6_client_init(&s->client, &cfg);
	fd = socket_open(ifname, link.ifindex, why);
	if (fd < 0)
		return fd;
	dhcp6_client_step(&s->client, NULL, 0, clock_now_ms(), &act);
	r = exchange_run(fd, o->stop_fd, &s->client, link.ifindex, ifname, &act, why);
	if (r < 0)
		return r;
	l = dhcp6_client_lease(&s->client);
	if (!l->has_addr && !o->no_configure && !o->no_slaac) {
		/* Stateless: the address is the kernel's SLAAC one, which the next fetch needs past DAD. */
		struct diag_list g;

		diag_list_init(&g);
		r = net6_global_wait(link.ifindex, dad_ms, stop, &s->slaac_addr, &g);
		s->has_slaac = r == 0;
		if (r == -ECANCELED) {
			diag_list_done(&g);
			return diag_fail(why, ECANCELED, "%s: DHCPv6 stopped", ifname);
		}
		if (r < 0)
			diag_note(why, "%s: no SLAAC address: %s", ifname, diag_reason(&g, "?"));
		diag_list_done(&g);
	}
	if (o->no_configure || !l->has_addr)
		return 0;
	/* /128: DHCPv6 says nothing about the prefix; on-link routes come from RAs. */
	r = net6_addr_add(link.ifindex, &l->addr, 128, l->preferred_lt, l->valid_lt, why);
	if (r < 0)
		return r;
	s->configured = true;
	/* A tentative address is no source (optimistic DAD is off by default). */
	r = net6_addr_wait(link.ifindex, &l->addr, dad_ms, stop, why);
	if (r == -EADDRNOTAVAIL) {
		/* A duplicate: deleted and DECLINEd (RFC 8415 18.2.8); nothing is left to release. */
		give_back(s, true, why);
		return diag_fail(why, EADDRNOTAVAIL, "%s: the leased address is in use by another host (declined)",
				 ifname);
	}
	return r;
}

int net_dhcp6_release(struct net_dhcp6_session *s, struct diag_list *d)
{
	return give_back(s, false, d);
}

