// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * IPv6 addresses over rtnetlink: waiting for the link-local address to
 * finish duplicate address detection (RFC 4862 5.4), and adding or deleting
 * the DHCPv6 address. Like link.c, each call opens its own socket and every
 * wait is bounded.
 */
#include "boot/net/dhcp6.h"
#include "lib/cleanup.h"
#include "lib/clock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#define NL_BUF 16384
#define NL_RECV_MAX 4096 /* datagrams per dump */
#define DAD_POLL_MS 50

struct nl6_req {
	struct nlmsghdr h;
	struct ifaddrmsg ifa;
	uint8_t attrs[128];
};

static int nl6_open(struct diag_list *d)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct timeval tv = { .tv_sec = 2 };
	_cleanup_close_ int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (fd < 0)
		return diag_fail(d, errno, "rtnetlink: socket: %s", strerror(errno));
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return diag_fail(d, errno, "rtnetlink: %s", strerror(errno));
	return TAKE_FD(fd);
}

static void nl6_attr(struct nl6_req *r, uint16_t type, const void *data, size_t len)
{
	struct rtattr *a = (struct rtattr *)((uint8_t *)&r->h + NLMSG_ALIGN(r->h.nlmsg_len));

	/* Two small attributes at most: attrs[] has room. */
	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	r->h.nlmsg_len = NLMSG_ALIGN(r->h.nlmsg_len) + RTA_ALIGN(a->rta_len);
}

/* What addr_find looks for: a given address, or any address of one scope. */
struct addr_want {
	const struct in6_addr *addr; /* NULL: any address of scope */
	unsigned char scope;         /* RT_SCOPE_LINK or RT_SCOPE_UNIVERSE, when addr is NULL */
};

/*
 * 1 and *out: the address wanted of ifindex past DAD; 0: none yet;
 * -EADDRNOTAVAIL: DAD failed for it. *seen: a given address was listed at all.
 */
static int scan_addrs(const uint8_t *buf, int len, int ifindex, const struct addr_want *w, struct in6_addr *out,
		      bool *seen, bool *done)
{
	int found = 0;

	for (const struct nlmsghdr *h = (const struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
		const struct ifaddrmsg *ifa = NLMSG_DATA(h);
		int alen = (int)h->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*ifa));
		uint32_t flags;
		const struct in6_addr *addr = NULL;

		if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
			*done = true;
			break;
		}
		if (h->nlmsg_type != RTM_NEWADDR || alen < 0 || ifa->ifa_family != AF_INET6 ||
		    (int)ifa->ifa_index != ifindex || (!w->addr && ifa->ifa_scope != w->scope))
			continue;
		flags = ifa->ifa_flags;
		for (const struct rtattr *a = IFA_RTA(ifa); RTA_OK(a, alen); a = RTA_NEXT(a, alen)) {
			if (a->rta_type == IFA_ADDRESS && RTA_PAYLOAD(a) == 16)
				addr = RTA_DATA(a);
			else if (a->rta_type == IFA_FLAGS && RTA_PAYLOAD(a) == 4)
				memcpy(&flags, RTA_DATA(a), 4);
		}
		if (!addr || (w->addr && memcmp(addr, w->addr, 16) != 0))
			continue;
		*seen = true;
		/* A given address failed: that is the answer. One of several of a scope: the others may do. */
		if (flags & IFA_F_DADFAILED) {
			if (w->addr || w->scope == RT_SCOPE_LINK)
				return -EADDRNOTAVAIL;
			continue;
		}
		if (!(flags & IFA_F_TENTATIVE) && !found) {
			memcpy(out, addr, 16);
			found = 1;
		}
	}
	return found;
}

static const char *want_name(const struct addr_want *w)
{
	return w->addr ? "leased" : w->scope == RT_SCOPE_LINK ? "link-local" : "global";
}

/* One RTM_GETADDR dump. */
static int addr_find(int ifindex, const struct addr_want *w, struct in6_addr *out, struct diag_list *d)
{
	struct nl6_req r = { .h = { .nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg)), .nlmsg_type = RTM_GETADDR,
				    .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
			     .ifa = { .ifa_family = AF_INET6 } };
	_cleanup_close_ int fd = nl6_open(d);
	_cleanup_free_ uint8_t *buf = NULL;
	bool done = false, seen = false;
	int found = 0;

	if (fd < 0)
		return fd;
	buf = malloc(NL_BUF);
	if (!buf)
		return -ENOMEM;
	if (send(fd, &r, r.h.nlmsg_len, 0) < 0)
		return diag_fail(d, errno, "rtnetlink: address dump: %s", strerror(errno));
	for (int i = 0; i < NL_RECV_MAX && !done; i++) {
		ssize_t n = recv(fd, buf, NL_BUF, 0);
		int k;

		if (n < 0)
			return diag_fail(d, errno, "rtnetlink: address dump: %s", strerror(errno));
		k = scan_addrs(buf, (int)n, ifindex, w, out, &seen, &done);
		if (k < 0)
			return diag_fail(d, k, "link %d: duplicate address detection failed for the %s address", ifindex,
					 want_name(w));
		if (k > 0)
			found = 1;
	}
	/*
	 * The address was there when it was added: gone now means the kernel removed it,
	 * which it does with an address with lifetimes whose DAD failed.
	 */
	if (w->addr && done && !seen)
		return diag_fail(d, EADDRNOTAVAIL, "link %d: the leased address was removed (duplicate address detection failed)",
				 ifindex);
	return found;
}

/* Sleeps one poll interval, or less when stop_fd (-1: none) becomes readable: then -ECANCELED. */
static int nap(int stop_fd, struct diag_list *d)
{
	struct pollfd p = { .fd = stop_fd, .events = POLLIN };

	if (poll(&p, 1, DAD_POLL_MS) > 0 && stop_fd >= 0)
		return diag_fail(d, ECANCELED, "stopped");
	return 0;
}

static int addr_wait(int ifindex, const struct addr_want *w, uint32_t timeout_ms, int stop_fd, struct in6_addr *out,
		     struct diag_list *d)
{
	uint64_t end = clock_now_ms() + timeout_ms;

	for (;;) {
		int r = addr_find(ifindex, w, out, d);

		if (r != 0)
			return r < 0 ? r : 0;
		if (clock_now_ms() >= end)
			return diag_fail(d, ETIMEDOUT, "link %d: no %s IPv6 address past DAD within %u ms", ifindex,
					 want_name(w), timeout_ms);
		r = nap(stop_fd, d);
		if (r < 0)
			return r;
	}
}

int net6_linklocal_wait(int ifindex, uint32_t timeout_ms, int stop_fd, struct in6_addr *out, struct diag_list *d)
{
	const struct addr_want w = { .scope = RT_SCOPE_LINK };

	return addr_wait(ifindex, &w, timeout_ms, stop_fd, out, d);
}

int net6_global_wait(int ifindex, uint32_t timeout_ms, int stop_fd, struct in6_addr *out, struct diag_list *d)
{
	const struct addr_want w = { .scope = RT_SCOPE_UNIVERSE };

	return addr_wait(ifindex, &w, timeout_ms, stop_fd, out, d);
}

int net6_addr_wait(int ifindex, const struct in6_addr *addr, uint32_t timeout_ms, int stop_fd, struct diag_list *d)
{
	const struct addr_want w = { .addr = addr };
	struct in6_addr out;

	return addr_wait(ifindex, &w, timeout_ms, stop_fd, &out, d);
}

static int addr_change(uint16_t type, int ifindex, const struct in6_addr *addr, unsigned prefix,
		       uint32_t preferred, uint32_t valid, struct diag_list *d)
{
	struct nl6_req r = { .h = { .nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg)), .nlmsg_type = type,
				    .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK, .nlmsg_seq = 1 },
			     .ifa = { .ifa_family = AF_INET6, .ifa_prefixlen = (uint8_t)prefix,
				      .ifa_scope = RT_SCOPE_UNIVERSE, .ifa_index = (unsigned)ifindex } };
	struct ifa_cacheinfo ci = { .ifa_prefered = preferred, .ifa_valid = valid };
	_cleanup_close_ int fd = -1;
	_cleanup_free_ uint8_t *buf = NULL;
	char ip[INET6_ADDRSTRLEN];
	const char *what = type == RTM_NEWADDR ? "add" : "delete";

	inet_ntop(AF_INET6, addr, ip, sizeof(ip));
	if (type == RTM_NEWADDR)
		r.h.nlmsg_flags |= NLM_F_CREATE | NLM_F_REPLACE;
	nl6_attr(&r, IFA_LOCAL, addr, 16);
	if (type == RTM_NEWADDR)
		nl6_attr(&r, IFA_CACHEINFO, &ci, sizeof(ci));
	fd = nl6_open(d);
	if (fd < 0)
		return fd;
	buf = malloc(NL_BUF);
	if (!buf)
		return -ENOMEM;
	if (send(fd, &r, r.h.nlmsg_len, 0) < 0)
		return diag_fail(d, errno, "%s %s/%u: %s", what, ip, prefix, strerror(errno));
	for (int i = 0; i < 16; i++) {
		ssize_t n = recv(fd, buf, NL_BUF, 0);
		int len;

		if (n < 0)
			return diag_fail(d, errno, "%s %s/%u: no answer from rtnetlink: %s", what, ip, prefix,
					 strerror(errno));
		len = (int)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			const struct nlmsgerr *e = NLMSG_DATA(h);

			if (h->nlmsg_type != NLMSG_ERROR)
				continue;
			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
				return diag_fail(d, EPROTO, "%s %s/%u: short rtnetlink answer", what, ip, prefix);
			if (e->error)
				return diag_fail(d, -e->error, "%s %s/%u: %s", what, ip, prefix, strerror(-e->error));
			return 0;
		}
	}
	return diag_fail(d, EPROTO, "%s %s/%u: no acknowledgement from rtnetlink", what, ip, prefix);
}

int net6_addr_add(int ifindex, const struct in6_addr *addr, unsigned prefix, uint32_t preferred, uint32_t valid,
		  struct diag_list *d)
{
	return addr_change(RTM_NEWADDR, ifindex, addr, prefix, preferred, valid, d);
}

int net6_addr_del(int ifindex, const struct in6_addr *addr, unsigned prefix, struct diag_list *d)
{
	return addr_change(RTM_DELADDR, ifindex, addr, prefix, 0, 0, d);
}

/*
 * IFLA_PROTINFO / IFLA_INET6_FLAGS of ifindex in one dump reply: 1 found, 0 not here.
 * The whole reply is walked, so the end of the dump is seen wherever it is.
 */
static int scan_links(const uint8_t *buf, int len, int ifindex, uint32_t *flags, bool *done)
{
	int found = 0;

	for (const struct nlmsghdr *h = (const struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
		const struct ifinfomsg *ifi = NLMSG_DATA(h);
		int alen = (int)h->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*ifi));

		if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
			*done = true;
			break;
		}
		if (h->nlmsg_type != RTM_NEWLINK || alen < 0 || ifi->ifi_index != ifindex)
			continue;
		for (const struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, alen); a = RTA_NEXT(a, alen)) {
			int plen = (int)RTA_PAYLOAD(a);

			if (a->rta_type != IFLA_PROTINFO)
				continue;
			for (const struct rtattr *p = RTA_DATA(a); RTA_OK(p, plen); p = RTA_NEXT(p, plen))
				if (p->rta_type == IFLA_INET6_FLAGS && RTA_PAYLOAD(p) == 4) {
					memcpy(flags, RTA_DATA(p), 4);
					found = 1;
				}
		}
	}
	return found;
}

int net6_ra_flags(int ifindex, uint32_t *flags, struct diag_list *d)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg ifi;
	} r = { .h = { .nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)), .nlmsg_type = RTM_GETLINK,
		       .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP, .nlmsg_seq = 1 },
		.ifi = { .ifi_family = AF_INET6 } };
	_cleanup_close_ int fd = nl6_open(d);
	_cleanup_free_ uint8_t *buf = NULL;
	bool done = false;
	int found = 0;

	if (fd < 0)
		return fd;
	buf = malloc(NL_BUF);
	if (!buf)
		return -ENOMEM;
	if (send(fd, &r, r.h.nlmsg_len, 0) < 0)
		return diag_fail(d, errno, "rtnetlink: IPv6 link dump: %s", strerror(errno));
	/* The dump is read to its end even after the link was seen, so the socket closes clean. */
	for (int i = 0; i < NL_RECV_MAX && !done; i++) {
		ssize_t n = recv(fd, buf, NL_BUF, 0);

		if (n < 0)
			return diag_fail(d, errno, "rtnetlink: IPv6 link dump: %s", strerror(errno));
		if (scan_links(buf, (int)n, ifindex, flags, &done) > 0)
			found = 1;
	}
	return found ? 0 : diag_fail(d, ENODEV, "link %d: no IPv6 flags (IPv6 off?)", ifindex);
}

int net6_ra_wait(int ifindex, uint32_t timeout_ms, int stop_fd, uint32_t *flags, struct diag_list *d)
{
	uint64_t end = clock_now_ms() + timeout_ms;

	for (;;) {
		int r = net6_ra_flags(ifindex, flags, d);

		if (r < 0)
			return r;
		if ((*flags & NET6_RA_RCVD) || clock_now_ms() >= end)
			return 0;
		r = nap(stop_fd, d);
		if (r < 0)
			return r;
	}
}
