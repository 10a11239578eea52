// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Links, addresses and the default route over rtnetlink (NETLINK_ROUTE):
 * no shell and no `ip` in the initramfs. Each call opens its own socket,
 * so there is no state between calls; every wait is bounded.
 */
#include "boot/net/net.h"
#include "lib/cleanup.h"
#include "lib/clock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#define NL_BUF 16384
#define NL_RECV_MAX 4096 /* datagrams per dump: far more than any machine has links */

struct nl_req {
	struct nlmsghdr h;
	uint8_t body[512];
};

static int nl_open(struct diag_list *d)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 2 };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (fd < 0)
		return diag_fail(d, errno, "rtnetlink: socket: %s", strerror(errno));
	/* A kernel that does not answer is a bug, but must not hang the boot. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;

		close(fd);
		return diag_fail(d, e, "rtnetlink: %s", strerror(e));
	}
	return fd;
}

static void *nl_init(struct nl_req *r, uint16_t type, uint16_t flags, size_t body_len)
{
	memset(r, 0, sizeof(*r));
	r->h.nlmsg_len = NLMSG_LENGTH(body_len);
	r->h.nlmsg_type = type;
	r->h.nlmsg_flags = NLM_F_REQUEST | flags;
	r->h.nlmsg_seq = 1;
	return NLMSG_DATA(&r->h);
}

static void nl_attr(struct nl_req *r, uint16_t type, const void *data, size_t len)
{
	struct rtattr *a = (struct rtattr *)((uint8_t *)&r->h + NLMSG_ALIGN(r->h.nlmsg_len));

	/* Callers add a handful of small attributes: body[] always has room. */
	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	r->h.nlmsg_len = NLMSG_ALIGN(r->h.nlmsg_len) + RTA_ALIGN(a->rta_len);
}

/* Sends a request with NLM_F_ACK and returns the kernel's answer: 0 or -errno. */
static int nl_talk(struct nl_req *r, const char *what, struct diag_list *d)
{
	_cleanup_close_ int fd = nl_open(d);
	_cleanup_free_ uint8_t *buf = NULL;

	if (fd < 0)
		return fd;
	buf = malloc(NL_BUF);
	if (!buf)
		return -ENOMEM;
	r->h.nlmsg_flags |= NLM_F_ACK;
	if (send(fd, r, r->h.nlmsg_len, 0) < 0)
		return diag_fail(d, errno, "%s: %s", what, strerror(errno));
	for (int i = 0; i < 16; i++) {
		ssize_t n = recv(fd, buf, NL_BUF, 0);
		int len;

		if (n < 0)
			return diag_fail(d, errno, "%s: no answer from rtnetlink: %s", what, strerror(errno));
		len = (int)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			const struct nlmsgerr *e = NLMSG_DATA(h);

			if (h->nlmsg_type != NLMSG_ERROR)
				continue;
			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
				return diag_fail(d, EPROTO, "%s: short rtnetlink answer", what);
			if (e->error)
				return diag_fail(d, -e->error, "%s: %s", what, strerror(-e->error));
			return 0;
		}
	}
	return diag_fail(d, EPROTO, "%s: no acknowledgement from rtnetlink", what);
}

static void link_from_msg(const struct nlmsghdr *h, struct net_link *l)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	int len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*ifi));

	memset(l, 0, sizeof(*l));
	l->ifindex = ifi->ifi_index;
	l->flags = ifi->ifi_flags;
	l->type = ifi->ifi_type;
	for (const struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		size_t n = RTA_PAYLOAD(a);

		if (a->rta_type == IFLA_IFNAME && n > 0) {
			size_t k = strnlen(RTA_DATA(a), n);

			if (k < sizeof(l->name)) {
				memcpy(l->name, RTA_DATA(a), k);
				l->name[k] = '\0';
			}
		} else if (a->rta_type == IFLA_ADDRESS && n == 6) {
			memcpy(l->mac, RTA_DATA(a), 6);
		} else if (a->rta_type == IFLA_OPERSTATE && n == 1) {
			l->operstate = *(const uint8_t *)RTA_DATA(a);
		}
	}
}

int net_links_list(struct net_link *out, size_t cap, size_t *count, struct diag_list *d)
{
	_cleanup_close_ int fd = nl_open(d);
	_cleanup_free_ uint8_t *buf = NULL;
	struct nl_req r;
	struct ifinfomsg *ifi;

	*count = 0;
	if (fd < 0)
		return fd;
	buf = malloc(NL_BUF);
	if (!buf)
		return -ENOMEM;
	ifi = nl_init(&r, RTM_GETLINK, NLM_F_DUMP, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	if (send(fd, &r, r.h.nlmsg_len, 0) < 0)
		return diag_fail(d, errno, "rtnetlink: list links: %s", strerror(errno));
	for (int i = 0; i < NL_RECV_MAX; i++) {
		ssize_t n = recv(fd, buf, NL_BUF, 0);
		int len;

		if (n < 0)
			return diag_fail(d, errno, "rtnetlink: list links: %s", strerror(errno));
		len = (int)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR)
				return diag_fail(d, EPROTO, "rtnetlink: list links: error");
			if (h->nlmsg_type != RTM_NEWLINK || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)))
				continue;
			if (*count < cap)
				link_from_msg(h, &out[(*count)++]);
		}
	}
	return diag_fail(d, EPROTO, "rtnetlink: list links: the dump did not end");
}

int net_link_get(const char *ifname, struct net_link *out, struct diag_list *d)
{
	struct net_link links[64];
	size_t n;
	int r = net_links_list(links, ARRAY_SIZE(links), &n, d);

	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(links[i].name, ifname)) {
			*out = links[i];
			return 0;
		}
	return diag_fail(d, ENODEV, "%s: no such network interface", ifname);
}

static int link_set(int ifindex, bool up, const char *ifname, struct diag_list *d)
{
	struct nl_req r;
	struct ifinfomsg *ifi = nl_init(&r, RTM_NEWLINK, 0, sizeof(*ifi));
	char what[64];

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	ifi->ifi_flags = up ? IFF_UP : 0;
	ifi->ifi_change = IFF_UP;
	snprintf(what, sizeof(what), "%s: set link %s", ifname, up ? "up" : "down");
	return nl_talk(&r, what, d);
}

int net_link_up(const char *ifname, struct net_record *rec, struct diag_list *d)
{
	struct net_link l;
	struct net_change_item it = { .kind = NET_LINK_UP };
	int r = net_link_get(ifname, &l, d);

	if (r < 0)
		return r;
	/* Already up: someone else's (the firmware's console?); not ours to take down. */
	if (l.flags & IFF_UP)
		return 0;
	r = link_set(l.ifindex, true, ifname, d);
	if (r < 0)
		return r;
	it.ifindex = l.ifindex;
	snprintf(it.ifname, sizeof(it.ifname), "%s", ifname);
	r = net_record_add(rec, &it);
	if (r < 0) {
		link_set(l.ifindex, false, ifname, NULL);
		return diag_fail(d, r, "%s: too many network changes to record", ifname);
	}
	return 0;
}

int net_link_down(int ifindex, struct diag_list *d)
{
	char name[16];

	snprintf(name, sizeof(name), "link %d", ifindex);
	return link_set(ifindex, false, name, d);
}

int net_link_wait_carrier(const char *ifname, uint32_t timeout_ms, int stop_fd, struct diag_list *d)
{
	uint64_t end = clock_now_ms() + timeout_ms;

	/* Polling rtnetlink keeps this stateless; 50 ms is far below link training times. */
	for (;;) {
		struct pollfd pfd = { .fd = stop_fd, .events = POLLIN };
		struct net_link l;
		int r = net_link_get(ifname, &l, d);

		if (r < 0)
			return r;
		if ((l.flags & IFF_LOWER_UP) && (l.operstate == IF_OPER_UP || l.operstate == IF_OPER_UNKNOWN))
			return 0;
		if (clock_now_ms() >= end)
			return diag_fail(d, ETIMEDOUT, "%s: no carrier within %u ms (is the cable plugged in?)",
					 ifname, timeout_ms);
		/* poll() ignores a negative fd: then this is a plain 50 ms sleep. */
		if (poll(&pfd, 1, 50) > 0)
			return diag_fail(d, ECANCELED, "%s: stopped while waiting for carrier", ifname);
	}
}

static int addr_msg(int ifindex, struct in_addr addr, unsigned prefix, struct in_addr brd, bool add,
		    struct diag_list *d)
{
	struct nl_req r;
	/*
	 * Replace, not exclusive: a pipeline child that was killed (the OOM
	 * killer, PID 1's watchdog) could not undo its changes, and the next
	 * run must not fail on its address; recorded here, it is undone then.
	 */
	struct ifaddrmsg *ifa = nl_init(&r, add ? RTM_NEWADDR : RTM_DELADDR,
					add ? NLM_F_CREATE | NLM_F_REPLACE : 0, sizeof(*ifa));
	char what[64], ip[INET_ADDRSTRLEN];

	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = (uint8_t)prefix;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (unsigned)ifindex;
	nl_attr(&r, IFA_LOCAL, &addr.s_addr, 4);
	nl_attr(&r, IFA_ADDRESS, &addr.s_addr, 4);
	if (brd.s_addr)
		nl_attr(&r, IFA_BROADCAST, &brd.s_addr, 4);
	inet_ntop(AF_INET, &addr, ip, sizeof(ip));
	snprintf(what, sizeof(what), "%s address %s/%u", add ? "add" : "delete", ip, prefix);
	return nl_talk(&r, what, d);
}

int net_addr_add(int ifindex, struct in_addr addr, unsigned prefix, struct in_addr brd,
		 struct net_record *rec, struct diag_list *d)
{
	struct net_change_item it = { .kind = NET_ADDR, .ifindex = ifindex, .addr = addr, .prefix = prefix };
	int r;

	if (prefix > 32)
		return diag_fail(d, EINVAL, "prefix /%u is not IPv4", prefix);
	r = addr_msg(ifindex, addr, prefix, brd, true, d);
	if (r < 0)
		return r;
	r = net_record_add(rec, &it);
	if (r < 0) {
		addr_msg(ifindex, addr, prefix, brd, false, NULL);
		return diag_fail(d, r, "too many network changes to record");
	}
	return 0;
}

int net_addr_del(int ifindex, struct in_addr addr, unsigned prefix, struct diag_list *d)
{
	struct in_addr none = { 0 };

	return addr_msg(ifindex, addr, prefix, none, false, d);
}

static int route_msg(int ifindex, struct in_addr gw, bool add, struct diag_list *d)
{
	struct nl_req r;
	/* Replace, as addresses are (addr_msg): a killed run's default route gives way to this run's. */
	struct rtmsg *rt = nl_init(&r, add ? RTM_NEWROUTE : RTM_DELROUTE, add ? NLM_F_CREATE | NLM_F_REPLACE : 0,
				   sizeof(*rt));
	uint32_t oif = (uint32_t)ifindex;
	char what[64], ip[INET_ADDRSTRLEN];

	rt->rtm_family = AF_INET;
	rt->rtm_dst_len = 0;
	rt->rtm_table = RT_TABLE_MAIN;
	rt->rtm_protocol = RTPROT_DHCP;
	rt->rtm_scope = RT_SCOPE_UNIVERSE;
	rt->rtm_type = RTN_UNICAST;
	nl_attr(&r, RTA_GATEWAY, &gw.s_addr, 4);
	nl_attr(&r, RTA_OIF, &oif, 4);
	inet_ntop(AF_INET, &gw, ip, sizeof(ip));
	snprintf(what, sizeof(what), "%s default route via %s", add ? "add" : "delete", ip);
	return nl_talk(&r, what, d);
}

int net_route_add_default(int ifindex, struct in_addr gw, struct net_record *rec, struct diag_list *d)
{
	struct net_change_item it = { .kind = NET_ROUTE, .ifindex = ifindex, .addr = gw };
	int r = route_msg(ifindex, gw, true, d);

	if (r < 0)
		return r;
	r = net_record_add(rec, &it);
	if (r < 0) {
		route_msg(ifindex, gw, false, NULL);
		return diag_fail(d, r, "too many network changes to record");
	}
	return 0;
}

int net_route_del_default(int ifindex, struct in_addr gw, struct diag_list *d)
{
	return route_msg(ifindex, gw, false, d);
}
