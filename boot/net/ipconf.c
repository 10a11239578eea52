// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexboot.ip=: the kernel's ip= syntax (Documentation/admin-guide/nfs/
 * nfsroot.rst, net/ipv4/ipconfig.c) parsed into struct net_ipconf. Pure and
 * bounded: fuzzed by tests/fuzz/fuzz-ipconf.c.
 */
#include "boot/net/net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#define IPCONF_FIELDS 10 /* client server gw netmask hostname device autoconf dns0 dns1 ntp0 */
#define IPCONF_TEXT_MAX 1024

enum field { F_CLIENT, F_SERVER, F_GW, F_MASK, F_HOST, F_DEV, F_AUTO, F_DNS0, F_DNS1, F_NTP0 };

static const char *const field_names[IPCONF_FIELDS] = {
	"client address", "server address", "gateway", "netmask", "hostname", "device", "autoconf",
	"first DNS server", "second DNS server", "NTP server",
};

/* The autoconf methods: ic_proto_name()'s words. */
static int method(const char *s, size_t n, enum net_ip_mode *ret)
{
	static const char *const dhcp[] = { "on", "any", "dhcp", "bootp", "both" };

	if ((n == 3 && !memcmp(s, "off", 3)) || (n == 4 && !memcmp(s, "none", 4))) {
		*ret = NET_IP_OFF;
		return 0;
	}
	for (size_t i = 0; i < sizeof(dhcp) / sizeof(dhcp[0]); i++)
		if (strlen(dhcp[i]) == n && !memcmp(s, dhcp[i], n)) {
			*ret = NET_IP_DHCP;
			return 0;
		}
	return -EINVAL;
}

static int addr_field(const char *s, size_t n, struct in_addr *out)
{
	char buf[INET_ADDRSTRLEN];

	out->s_addr = 0;
	if (!n)
		return 0;
	if (n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return inet_pton(AF_INET, buf, out) == 1 ? 0 : -EINVAL;
}

static int text_field(const char *s, size_t n, char *out, size_t cap)
{
	if (n >= cap)
		return -EINVAL;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7f || s[i] == '/')
			return -EINVAL;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* The kernel's guess (ic_defaults): the address class's mask. */
static int class_prefix(struct in_addr a)
{
	uint32_t h = ntohl(a.s_addr);

	if ((h & 0x80000000u) == 0)
		return 8;
	if ((h & 0xc0000000u) == 0x80000000u)
		return 16;
	if ((h & 0xe0000000u) == 0xc0000000u)
		return 24;
	return -EINVAL;
}

static int one_field(struct net_ipconf *out, enum field k, const char *s, size_t n, enum net_ip_mode *autoconf,
		     bool *has_auto)
{
	switch (k) {
	case F_CLIENT:
		return addr_field(s, n, &out->client);
	case F_SERVER:
		return addr_field(s, n, &out->server);
	case F_GW:
		return addr_field(s, n, &out->gateway);
	case F_MASK:
		return addr_field(s, n, &out->netmask);
	case F_HOST:
		return text_field(s, n, out->hostname, sizeof(out->hostname));
	case F_DEV:
		return text_field(s, n, out->device, sizeof(out->device));
	case F_AUTO:
		*has_auto = n > 0;
		return n ? method(s, n, autoconf) : 0;
	case F_DNS0:
		return addr_field(s, n, &out->dns[0]);
	case F_DNS1:
		return addr_field(s, n, &out->dns[1]);
	case F_NTP0: {
		struct in_addr ignored;

		return addr_field(s, n, &ignored);
	}
	}
	return -EINVAL;
}

int net_ipconf_parse(const char *text, struct net_ipconf *out, struct diag_list *d)
{
	enum net_ip_mode autoconf = NET_IP_DHCP;
	bool has_auto = false;
	const char *p = text;
	size_t len;
	int prefix;

	memset(out, 0, sizeof(*out));
	if (!text || !*text)
		return 0;
	len = strnlen(text, IPCONF_TEXT_MAX + 1);
	if (len > IPCONF_TEXT_MAX)
		return diag_fail(d, EINVAL, "kexboot.ip: longer than %d bytes", IPCONF_TEXT_MAX);
	/* A whole word: ip=off, ip=dhcp, ... */
	if (!strchr(text, ':')) {
		if (method(text, len, &out->mode) < 0)
			return diag_fail(d, EINVAL, "kexboot.ip: '%s' is neither a method (off, none, dhcp, on, any) nor "
					 "client:server:gateway:netmask:...", text);
		return 0;
	}
	for (int k = 0; k <= IPCONF_FIELDS; k++) {
		size_t n = strcspn(p, ":");

		if (k == IPCONF_FIELDS) {
			(void)diag_note(d, "kexboot.ip: fields after the tenth ignored");
			break;
		}
		if (one_field(out, (enum field)k, p, n, &autoconf, &has_auto) < 0)
			return diag_fail(d, EINVAL, "kexboot.ip: bad %s '%.*s'", field_names[k], (int)n, p);
		if (!p[n])
			break;
		p += n + 1;
	}
	if (has_auto && autoconf == NET_IP_DHCP) {
		out->mode = NET_IP_DHCP;
		return 0;
	}
	if (!out->client.s_addr) {
		if (has_auto) /* off/none without an address: nothing to configure (the kernel gives up too) */
			return diag_fail(d, EINVAL, "kexboot.ip: autoconf is off but no client address is given");
		out->mode = NET_IP_DHCP;
		return 0;
	}
	out->mode = NET_IP_STATIC;
	prefix = out->netmask.s_addr ? dhcp4_mask_prefix(out->netmask) : class_prefix(out->client);
	if (prefix < 0 || (out->netmask.s_addr && prefix == 0))
		return diag_fail(d, EINVAL, "kexboot.ip: %s", out->netmask.s_addr ? "the netmask is not contiguous"
									: "no netmask and the address has no class");
	out->prefix = (unsigned)prefix;
	return 0;
}
