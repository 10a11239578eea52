// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DHCPv4 over a real UDP socket: the driver that runs the pure client
 * (dhcp4_client.c) with poll() and the monotonic clock, then configures
 * the leased address and route through link.c.
 */
#include "boot/net/net.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/clock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>

#define DEFAULT_CARRIER_MS 10000
/* Wake-ups and packets per run: the deadline ends it long before; this only bounds a flood. */
#define LOOP_MAX 100000
#define RELEASE_DRAIN_MS 1000

int net_uuid_read(const char *root, uint8_t uuid[16], struct diag_list *d)
{
	_cleanup_free_ char *path = NULL, *text = NULL;
	size_t len;
	int r;

	if (asprintf(&path, "%s/sys/class/dmi/id/product_uuid", root && *root ? root : "") < 0)
		return -ENOMEM;
	r = file_read_at(AT_FDCWD, path, 128, &text, &len);
	if (r < 0)
		return diag_fail(d, r, "%s: %s", path, strerror(-r));
	if (net_uuid_parse(text, uuid) < 0)
		return diag_fail(d, EINVAL, "%s: not a UUID", path);
	return 0;
}

/*
 * Port 68 on one interface. Linux sends to 255.255.255.255 from 0.0.0.0
 * when the socket is bound to a device without an address, and delivers
 * the broadcast replies the broadcast flag asks for: no raw socket needed.
 */
static int socket_open(const char *ifname, struct diag_list *d)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(68) };
	_cleanup_close_ int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	int one = 1;

	if (fd < 0)
		return diag_fail(d, errno, "DHCP socket: %s", strerror(errno));
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname) + 1) < 0)
		return diag_fail(d, errno, "%s: DHCP socket options: %s", ifname, strerror(errno));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return diag_fail(d, errno, "%s: bind to port 68: %s", ifname, strerror(errno));
	return TAKE_FD(fd);
}

static int lease_run(int fd, const int *stop_fd, struct dhcp4_client *c, const char *ifname, struct diag_list *why)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(67),
				  .sin_addr.s_addr = htonl(INADDR_BROADCAST) };
	uint8_t buf[DHCP4_PKT_MAX * 2];
	struct dhcp4_action act;
	bool send_failed = false;

	dhcp4_client_step(c, NULL, 0, clock_now_ms(), &act);
	for (int i = 0; i < LOOP_MAX; i++) {
		/* The stop fd: a source asked to stop must not hold its owner for the whole exchange. */
		struct pollfd pfd[2] = { { .fd = fd, .events = POLLIN },
					 { .fd = stop_fd ? *stop_fd : -1, .events = POLLIN } };
		struct sockaddr_in from;
		socklen_t fromlen = sizeof(from);
		uint64_t now;
		ssize_t n;

		if (act.send && sendto(fd, act.send, act.send_len, 0, (struct sockaddr *)&to, sizeof(to)) < 0 &&
		    !send_failed) {
			/* The retransmission will try again; say it once. */
			diag_note(why, "%s: sending DHCP request: %s", ifname, strerror(errno));
			send_failed = true;
		}
		if (act.act == DHCP4_ACT_BOUND)
			return 0;
		if (act.act == DHCP4_ACT_FAILED)
			return diag_fail(why, ETIMEDOUT, "%s: %s", ifname, act.reason);
		now = clock_now_ms();
		if (now >= act.wake_ms) {
			dhcp4_client_step(c, NULL, 0, now, &act);
			continue;
		}
		if (poll(pfd, 2, (int)(act.wake_ms - now)) < 0 && errno != EINTR)
			return diag_fail(why, errno, "%s: poll: %s", ifname, strerror(errno));
		if (pfd[1].revents)
			return diag_fail(why, ECANCELED, "%s: DHCP stopped", ifname);
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen);
		if (n > 0 && fromlen >= sizeof(from) && from.sin_port == htons(67)) {
			dhcp4_client_step(c, buf, (size_t)n, clock_now_ms(), &act);
			continue;
		}
		act.send = NULL; /* nothing new to send until the next step */
	}
	return diag_fail(why, ELOOP, "%s: DHCP: too many packets", ifname);
}

static int lease_configure(struct net_dhcp4_result *out, bool route, struct net_record *rec, struct diag_list *why)
{
	const struct dhcp4_lease *l = &out->lease;
	int prefix = 32;
	int r;

	if (l->subnet.s_addr) {
		prefix = dhcp4_mask_prefix(l->subnet);
		if (prefix < 0 || prefix == 0)
			return diag_fail(why, EINVAL, "%s: the DHCP server sent an invalid netmask", out->ifname);
	} else {
		diag_note(why, "%s: no netmask in the lease: using /32", out->ifname);
	}
	out->prefix = (unsigned)prefix;
	r = net_addr_add(out->ifindex, l->yiaddr, out->prefix, l->broadcast, rec, why);
	if (r < 0)
		return r;
	if (route && l->router.s_addr)
		return net_route_add_default(out->ifindex, l->router, rec, why);
	return 0;
}

int net_dhcp4_release(const struct net_change_item *lease, struct diag_list *d)
{
	struct dhcp4_request req = { .type = DHCP4_RELEASE, .xid = (uint32_t)clock_now_ms(),
				     .ciaddr = lease->addr, .server_id = lease->server_id };
	struct sockaddr_in from = { .sin_family = AF_INET, .sin_port = htons(68), .sin_addr = lease->addr };
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(67), .sin_addr = lease->server_id };
	_cleanup_close_ int fd = -1;
	uint8_t pkt[DHCP4_PKT_MAX];
	char ip[INET_ADDRSTRLEN];
	size_t len;
	int one = 1;

	if (!lease->server_id.s_addr)
		return 0; /* a lease without a server to give it back to */
	memcpy(req.mac, lease->mac, 6);
	inet_ntop(AF_INET, &lease->addr, ip, sizeof(ip));
	if (dhcp4_build(&req, pkt, sizeof(pkt), &len) < 0)
		return diag_fail(d, EINVAL, "%s: cannot build the DHCP release", lease->ifname);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return diag_fail(d, errno, "%s: DHCP release socket: %s", lease->ifname, strerror(errno));
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, lease->ifname, (socklen_t)strlen(lease->ifname) + 1) < 0 ||
	    bind(fd, (struct sockaddr *)&from, sizeof(from)) < 0)
		return diag_fail(d, errno, "%s: DHCP release from %s: %s", lease->ifname, ip, strerror(errno));
	if (sendto(fd, pkt, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		return diag_fail(d, errno, "%s: DHCP release of %s: %s", lease->ifname, ip, strerror(errno));
	/*
	 * The packet may wait for ARP; the link goes down right after this.
	 * It has left once the socket holds no send memory (bounded wait).
	 */
	for (uint64_t end = clock_now_ms() + RELEASE_DRAIN_MS;;) {
		int queued = 0;

		if (ioctl(fd, SIOCOUTQ, &queued) < 0 || queued == 0)
			return 0;
		if (clock_now_ms() >= end)
			return diag_fail(d, ETIMEDOUT, "%s: the DHCP release of %s did not leave within %d ms",
					 lease->ifname, ip, RELEASE_DRAIN_MS);
		poll(NULL, 0, 5);
	}
}

int net_dhcp4_run(const char *ifname, const struct net_dhcp4_options *o, struct net_dhcp4_result *out,
		  struct diag_list *why)
{
	struct dhcp4_client_config cfg = { .http = o->http, .total_ms = o->total_ms, .seed = o->seed };
	struct net_change_item it = { .kind = NET_LEASE };
	_cleanup_free_ struct dhcp4_client *c = NULL;
	_cleanup_close_ int fd = -1;
	struct net_link link;
	int r;

	memset(out, 0, sizeof(*out));
	if (!o->rec || strlen(ifname) >= sizeof(out->ifname))
		return diag_fail(why, EINVAL, "%s: invalid DHCP request", ifname);
	snprintf(out->ifname, sizeof(out->ifname), "%s", ifname);
	r = net_link_up(ifname, o->rec, why);
	if (r < 0)
		return r;
	r = net_link_get(ifname, &link, why);
	if (r < 0)
		return r;
	out->ifindex = link.ifindex;
	r = net_link_wait_carrier(ifname, o->carrier_ms ? o->carrier_ms : DEFAULT_CARRIER_MS, o->stop_fd ? *o->stop_fd : -1,
				  why);
	if (r < 0)
		return r;

	memcpy(cfg.mac, link.mac, 6);
	cfg.arch = o->arch ? o->arch : o->http ? DHCP4_ARCH_X86_64_EFI_HTTP : DHCP4_ARCH_X86_64_EFI;
	/* No DMI (a VM without SMBIOS, a test): option 97 is left out, nothing else changes. */
	cfg.has_uuid = net_uuid_read(o->root, cfg.uuid, NULL) == 0;
	if (!cfg.seed) {
		/* Differs per boot and per NIC, so two machines do not retransmit in step. */
		cfg.seed = (uint32_t)clock_now_ms() ^ (uint32_t)link.mac[2] << 24 ^ (uint32_t)link.mac[3] << 16 ^
			   (uint32_t)link.mac[4] << 8 ^ link.mac[5];
	}
	c = malloc(sizeof(*c));
	if (!c)
		return -ENOMEM;
	dhcp4_client_init(c, &cfg);

	fd = socket_open(ifname, why);
	if (fd < 0)
		return fd;
	r = lease_run(fd, o->stop_fd, c, ifname, why);
	if (r < 0)
		return r;
	out->lease = *dhcp4_client_lease(c);
	out->has_proxy = c->has_proxy;
	out->proxy = c->proxy;

	it.ifindex = link.ifindex;
	memcpy(it.mac, link.mac, 6);
	snprintf(it.ifname, sizeof(it.ifname), "%s", ifname);
	it.addr = out->lease.yiaddr;
	it.server_id = out->lease.server_id;
	r = net_record_add(o->rec, &it);
	if (r < 0)
		return diag_fail(why, r, "%s: too many network changes to record", ifname);
	if (o->no_configure)
		return 0;
	return lease_configure(out, !o->no_route, o->rec, why);
}
