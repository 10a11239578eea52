/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * net: bringing a NIC up and leasing an IPv4 address by DHCP, for netboot.
 * Three layers, so that everything a server sends is handled by pure code:
 *
 *  - the DHCPv4 codec (dhcp4_packet.c): builds DISCOVER/REQUEST, parses
 *    OFFER/ACK/NAK into a struct dhcp4_lease. Pure, bounded, no allocation;
 *    fuzzed (tests/fuzz/fuzz-dhcp4.c).
 *  - the client state machine (dhcp4_client.c): INIT -> SELECTING ->
 *    REQUESTING -> BOUND, fed received packets and a monotonic clock in ms,
 *    answering with an action (send this, wake me at T, bound, failed).
 *    Pure: unit-tested with a fake clock.
 *  - the real I/O: rtnetlink (link.c: links, carrier, addresses, default
 *    route), the UDP socket on port 68 (dhcp4_socket.c), joined by
 *    net_dhcp4_run(), and kexboot.ip's static addressing (static.c).
 *
 * The network source over them (source.c, a thread of boot/sources.h) runs
 * whenever the machine has a wired link, unless kexboot.net=off: its
 * decisions are pure and unit-tested -- which links (plan.c), where the
 * config is from kexboot.url or the lease (where.c: 209/210, 67 as a URL,
 * pxelinux.cfg/ names, then DHCPv6's option 59), kexboot.ip's syntax
 * (ipconf.c), whether a URL holds a kernel to boot as it is (bootfile.c),
 * when to go on while DHCPv4 and IPv6 (boot/net/dhcp6.h) run side by
 * side on a link (choose.c; the threads in dual.c), and which link to use
 * while every picked link runs at once (choose.c; the threads in multi.c,
 * boot/net/multi.h).
 *
 * Undo: everything kexboot changes on the system (a link it brought up, an
 * address, a route, a lease) is appended to a struct net_record, and
 * net_record_undo() gives the leases back (DHCPRELEASE) and takes the rest
 * back newest first. Quiesce runs it, then ledger_quiesce() unbinds the
 * NICs' drivers with the disks' (boot/ledger.h), so the next kernel finds
 * the NIC as firmware left it.
 */
#ifndef KEXBOOT_BOOT_NET_NET_H
#define KEXBOOT_BOOT_NET_NET_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/net/dns.h"
#include "lib/diag.h"

/* ---- DHCPv4 codec (pure) ---- */

enum dhcp4_msg {
	DHCP4_DISCOVER = 1,
	DHCP4_OFFER = 2,
	DHCP4_REQUEST = 3,
	DHCP4_DECLINE = 4,
	DHCP4_ACK = 5,
	DHCP4_NAK = 6,
	DHCP4_RELEASE = 7,
};

/* RFC 4578 option 93 client system architectures kexboot may announce. */
#define DHCP4_ARCH_X86_64_EFI 7
#define DHCP4_ARCH_X86_64_EFI_HTTP 16

#define DHCP4_PKT_MAX 1472 /* 1500 - IP - UDP: what we announce in option 57 and accept */
#define DHCP4_DNS_MAX 4
#define DHCP4_STR_MAX 256  /* hostname, domain, server name, vendor class, message */
#define DHCP4_PATH_MAX 1024 /* boot file, 209, 210: RFC 3396 lets them pass 255 bytes */

struct dhcp4_request {
	enum dhcp4_msg type;        /* DHCP4_DISCOVER or DHCP4_REQUEST */
	uint32_t xid;
	uint8_t mac[6];
	uint16_t secs;              /* seconds since the exchange began */
	uint16_t arch;              /* option 93 and the vendor class's Arch field */
	bool http;                  /* "HTTPClient" vendor class instead of "PXEClient" */
	bool has_uuid;
	uint8_t uuid[16];           /* option 97, machine UUID */
	struct in_addr requested;   /* REQUEST: option 50 */
	struct in_addr server_id;   /* REQUEST, RELEASE: option 54 */
	struct in_addr ciaddr;      /* RELEASE: the address given back */
};

/*
 * A parsed server reply. Strings are NUL-terminated and "" when absent;
 * addresses are 0.0.0.0 when absent. Options that did not fit or held
 * control bytes are left out and counted in n_ignored.
 */
struct dhcp4_lease {
	enum dhcp4_msg type;
	uint32_t xid;
	uint8_t chaddr[6];
	struct in_addr yiaddr, siaddr;
	struct in_addr subnet, router, broadcast, server_id;
	struct in_addr dns[DHCP4_DNS_MAX];
	size_t n_dns;
	uint32_t lease_time;                /* seconds; 0 when absent */
	char hostname[DHCP4_STR_MAX];       /* 12 */
	char domain[DHCP4_STR_MAX];         /* 15 */
	char tftp_server[DHCP4_STR_MAX];    /* 66, else the sname field */
	char vendor_class[DHCP4_STR_MAX];   /* 60: "PXEClient" from a proxyDHCP server */
	char message[DHCP4_STR_MAX];        /* 56: why a NAK was sent */
	char boot_file[DHCP4_PATH_MAX];     /* 67, else the file field */
	char config_file[DHCP4_PATH_MAX];   /* 209 */
	char path_prefix[DHCP4_PATH_MAX];   /* 210 */
	uint8_t overload;                   /* 52: 1 file, 2 sname, 3 both */
	unsigned n_ignored;
};

/*
 * Writes a BOOTREQUEST into buf; *len is its size. DISCOVER and REQUEST
 * carry the PXE identity (60, 93, 94, 97) and ask for 1, 3, 6, 12, 15, 28,
 * 54, 66, 67, 209, 210 (55); RELEASE (RFC 2131 4.4.6) only ciaddr, 54 and
 * 61. -EINVAL, -ENOSPC.
 */
int dhcp4_build(const struct dhcp4_request *req, uint8_t *buf, size_t cap, size_t *len);

/*
 * Parses a BOOTREPLY carrying option 53. Returns 0, or -EBADMSG with the
 * reason in d (d may be NULL). Never reads outside buf[0..len).
 */
int dhcp4_parse(const uint8_t *buf, size_t len, struct dhcp4_lease *out, struct diag_list *d);

/* Prefix length of a contiguous netmask, or -EINVAL. */
int dhcp4_mask_prefix(struct in_addr mask);

/* "4c4c4544-0031-..." (as in product_uuid) to 16 bytes in text order. -EINVAL. */
int net_uuid_parse(const char *text, uint8_t uuid[16]);

/* ---- DHCPv4 client state machine (pure) ---- */

enum dhcp4_state { DHCP4_INIT, DHCP4_SELECTING, DHCP4_REQUESTING, DHCP4_BOUND, DHCP4_FAILED };

struct dhcp4_client_config {
	uint8_t mac[6];
	uint16_t arch;
	bool http;
	bool has_uuid;
	uint8_t uuid[16];
	uint32_t seed;        /* for xids and the +-1 s retransmission jitter */
	uint32_t total_ms;    /* give up after this long; 0: 30 s */
	uint32_t first_ms;    /* first retransmission interval; 0: 4 s */
	uint32_t max_ms;      /* interval cap; 0: 64 s (RFC 2131 4.1) */
	unsigned max_naks;    /* NAKs tolerated before failing; 0: 4 */
};

enum dhcp4_act { DHCP4_ACT_WAIT, DHCP4_ACT_BOUND, DHCP4_ACT_FAILED };

struct dhcp4_action {
	const uint8_t *send; /* non-NULL: broadcast these bytes first (owned by the client) */
	size_t send_len;
	enum dhcp4_act act;
	uint64_t wake_ms;    /* WAIT: call dhcp4_client_step() by then without a packet */
	const char *reason;  /* FAILED: why, for diag_fail() */
};

struct dhcp4_client {
	struct dhcp4_client_config cfg;
	enum dhcp4_state state;
	uint32_t rng, xid;
	uint64_t start_ms, deadline_ms, next_tx_ms;
	uint32_t interval_ms;
	unsigned n_sent, n_naks;
	struct dhcp4_lease offer;  /* chosen offer, then the ACK once bound */
	struct dhcp4_lease proxy;  /* a proxyDHCP offer: boot file without address */
	bool has_proxy;
	uint8_t pkt[DHCP4_PKT_MAX];
	size_t pkt_len;
	char reason[DHCP4_STR_MAX + 128];
};

void dhcp4_client_init(struct dhcp4_client *c, const struct dhcp4_client_config *cfg);

/*
 * Advances the machine at time now_ms, with a received packet (pkt, len) or
 * without (pkt NULL: the first call starts, later calls are wake-ups).
 * Packets that do not belong to this exchange are ignored.
 */
void dhcp4_client_step(struct dhcp4_client *c, const uint8_t *pkt, size_t len, uint64_t now_ms,
		       struct dhcp4_action *act);

/*
 * The bound lease (state BOUND): the server's ACK, with the boot file and
 * TFTP server of a proxyDHCP offer filled in when the ACK had none.
 */
const struct dhcp4_lease *dhcp4_client_lease(const struct dhcp4_client *c);

/* ---- what kexboot changed, to undo it before the jump ---- */

#define NET_RECORD_MAX 32

enum net_change { NET_LINK_UP, NET_LEASE, NET_ADDR, NET_ROUTE, NET_LEASE6 };

struct net_change_item {
	enum net_change kind;
	int ifindex;
	char ifname[IF_NAMESIZE];
	struct in_addr addr;      /* ADDR, LEASE: the address; ROUTE: the gateway */
	struct in_addr server_id; /* LEASE */
	uint8_t mac[6];           /* LEASE: the client's hardware address, for the release */
	unsigned prefix;          /* ADDR */
};

struct net_dhcp6_session;

struct net_record {
	struct net_change_item v[NET_RECORD_MAX];
	size_t n;
	/*
	 * Owned: the DHCPv6 lease behind the NET_LEASE6 item (its /128 and its
	 * server, for the RELEASE); NULL when there is none. One: the network
	 * source uses one link (boot/net/multi.h moves that link's lease here;
	 * the other links' are released at once).
	 */
	struct net_dhcp6_session *lease6;
};

/* -ENOSPC when full (the change was made; the caller should undo it). */
int net_record_add(struct net_record *r, const struct net_change_item *it);

/*
 * Takes s (heap, a lease bound by net_dhcp6_run) into r with a NET_LEASE6
 * item naming its link. On failure (-ENOSPC full, -EBUSY a lease6 already
 * there) s is released at once and freed: it is never left to the caller.
 */
int net_record_add_lease6(struct net_record *r, struct net_dhcp6_session *s, struct diag_list *d);

/*
 * Takes every change back: first each lease is given back (DHCPRELEASE
 * and the DHCPv6 RELEASE, which deletes its /128 first, sent while the
 * addresses and routes are still there), then, newest first, routes and
 * addresses are deleted and links kexboot brought up go down (the kernel
 * drops SLAAC's addresses and routes with the link). Failures go to d as
 * notes and do not stop the rest. Returns how many failed (0: clean).
 */
int net_record_undo(struct net_record *r, struct diag_list *d);

/* ---- rtnetlink (link.c) ---- */

struct net_link {
	int ifindex;
	char name[IF_NAMESIZE];
	uint8_t mac[6];
	unsigned flags;      /* IFF_UP, IFF_LOWER_UP, IFF_LOOPBACK, ... */
	uint8_t operstate;   /* IF_OPER_* */
	unsigned short type; /* ARPHRD_* */
};

/* Every link of the current network namespace, up to cap. *n = the count kept. */
int net_links_list(struct net_link *out, size_t cap, size_t *n, struct diag_list *d);
int net_link_get(const char *ifname, struct net_link *out, struct diag_list *d);
/* Brings ifname up; records NET_LINK_UP only when it was down. */
int net_link_up(const char *ifname, struct net_record *rec, struct diag_list *d);
int net_link_down(int ifindex, struct diag_list *d);
/*
 * Polls until IFF_LOWER_UP (operstate UP/UNKNOWN) or timeout_ms: -ETIMEDOUT;
 * -ECANCELED as soon as stop_fd (-1: none) is readable.
 */
int net_link_wait_carrier(const char *ifname, uint32_t timeout_ms, int stop_fd, struct diag_list *d);
/* Adds addr/prefix (broadcast brd if non-zero) and records NET_ADDR. */
int net_addr_add(int ifindex, struct in_addr addr, unsigned prefix, struct in_addr brd,
		 struct net_record *rec, struct diag_list *d);
int net_addr_del(int ifindex, struct in_addr addr, unsigned prefix, struct diag_list *d);
/* Adds the default route via gw on ifindex and records NET_ROUTE. */
int net_route_add_default(int ifindex, struct in_addr gw, struct net_record *rec, struct diag_list *d);
int net_route_del_default(int ifindex, struct in_addr gw, struct diag_list *d);

/* ---- DHCP over a real socket (dhcp4_socket.c) ---- */

/* Reads <root>/sys/class/dmi/id/product_uuid (root "" or NULL: "/"). */
int net_uuid_read(const char *root, uint8_t uuid[16], struct diag_list *d);

struct net_dhcp4_options {
	uint16_t arch;          /* 0: DHCP4_ARCH_X86_64_EFI (HTTP_... with http) */
	bool http;
	const char *root;       /* where /sys is, for the UUID; NULL: "/" */
	uint32_t total_ms;      /* 0: 30 s */
	uint32_t carrier_ms;    /* wait for carrier at most; 0: 10 s */
	uint32_t seed;          /* 0: taken from the clock and the MAC */
	bool no_configure;      /* lease only: do not add the address and route */
	bool no_route;          /* the address only: the caller adds the default route (several links: the one used) */
	struct net_record *rec; /* where changes are recorded (required) */
	const int *stop_fd;     /* NULL, or an fd that, once readable, ends the run: -ECANCELED */
};

struct net_dhcp4_result {
	char ifname[IF_NAMESIZE];
	int ifindex;
	unsigned prefix;
	struct dhcp4_lease lease;
	bool has_proxy;
	struct dhcp4_lease proxy;
};

/*
 * Gives a recorded lease (NET_LEASE) back to its server: a DHCPRELEASE sent
 * by unicast from the leased address, once (RFC 2131 4.4.6: no answer comes).
 */
int net_dhcp4_release(const struct net_change_item *lease, struct diag_list *d);

/*
 * Brings ifname up, waits for carrier, leases an address and (unless
 * no_configure) puts it and the default route on the link. Every change is
 * in o->rec, also on failure. Returns 0 or a negative errno with the reason
 * in why.
 */
int net_dhcp4_run(const char *ifname, const struct net_dhcp4_options *o, struct net_dhcp4_result *out,
		  struct diag_list *why);

/* ---- the network source: links, URLs (plan.c pure, source.c the thread) ---- */

#define NET_URLS_MAX 16 /* kexboot.url's URLs; also the most pxelinux.cfg/ names tried (11) */
#define NET_LINKS_MAX 16
#define NET_CARRIER_MS 5000  /* after bringing the links up, wait this long for one with carrier */
#define NET_DHCP_MS 30000    /* the whole DHCP exchange on each link */

/* kexboot.url's URLs, space- or comma-separated, tried in order. */
struct net_url_list {
	char *v[NET_URLS_MAX]; /* owned */
	size_t n;
};

/*
 * Splits text into URLs. A word that is not an absolute URL (lib/url.h), or
 * one past NET_URLS_MAX, is left out with a note in d. 0 or -ENOMEM.
 */
int net_url_list_parse(const char *text, struct net_url_list *out, struct diag_list *d);
void net_url_list_done(struct net_url_list *l);

/*
 * How one URL becomes a source context (boot/source.h), so that the parsers
 * find what it names. The parsers look at fixed places under a base URL
 * (syslinux: pxelinux.cfg/default; iPXE: boot.ipxe, or the base itself when
 * it names a file), and PXELINUX resolves names against the directory above
 * pxelinux.cfg/, so:
 *
 *   NET_URL_DIR       ".../" (or no path): base = the URL; every parser looks
 *                     where it looks (discover_source)
 *   NET_URL_PXELINUX  ".../pxelinux.cfg/NAME": base = the directory above
 *                     pxelinux.cfg/, path = "/pxelinux.cfg/NAME" (syslinux)
 *   NET_URL_FILE      any other file: base = its directory, path = "/NAME"
 *                     (with the query); an iPXE script when it starts with
 *                     #!ipxe (read at the URL itself), a GRUB script when it
 *                     reads as one (grub_is_script: its server is GRUB's
 *                     device, boot/grub/grub.h), else a syslinux config
 */
enum net_url_kind { NET_URL_DIR, NET_URL_PXELINUX, NET_URL_FILE };

struct net_url_plan {
	enum net_url_kind kind;
	char *base; /* owned; ends in '/' */
	char *path; /* owned; NULL for NET_URL_DIR */
};

/* 0, -EINVAL when url is not an absolute URL, -ENOMEM. */
int net_url_plan_make(const char *url, struct net_url_plan *out);
void net_url_plan_done(struct net_url_plan *p);

/*
 * The wired Ethernet links under <root>/sys/class/net (root "" or NULL: the
 * running system): not lo, backed by a device (a "device" link), type 1
 * (ARPHRD_ETHER), not wireless. only (kexboot.net=eth0,eth1; NULL: all)
 * keeps those named, in its order; otherwise sorted by name. *n = how many
 * of cap were filled. 0, or a negative errno with the reason in d.
 */
int net_links_pick(const char *root, const char *only, char (*names)[IF_NAMESIZE], size_t cap, size_t *n,
		   struct diag_list *d);

/* What the network source is given and what it leaves for quiesce. */
struct net_source {
	const char *root;       /* where /sys is; "" for the running system */
	const char *urls;       /* kexboot.url (borrowed) */
	const char *links;      /* kexboot.net (borrowed): NULL for every wired link */
	const char *ip;         /* kexboot.ip (borrowed): NULL for DHCP */
	uint32_t carrier_ms;    /* 0: NET_CARRIER_MS */
	uint32_t dhcp_ms;       /* 0: NET_DHCP_MS; DHCPv4's bound and IPv6's */
	bool v6_off;            /* kexboot.net.v6=off: DHCPv4 (or kexboot.ip) only */
	struct net_record rec;  /* every change made; the owner reads and undoes it after sources_stop() */
	/*
	 * One line per link tried (net_multi_describe): what it got, which
	 * link was used and what became of the others. Filled by the source;
	 * the owner prints it and frees it (diag_list_done) after sources_stop().
	 */
	struct diag_list report;
};

/*
 * Whether the network source runs: not with kexboot.net=off or
 * kexboot.ip=off|none; otherwise when kexboot.url names something or the
 * machine has a wired link (n_wired: net_links_pick's count), since the
 * DHCP lease may name the config.
 */
bool net_source_wanted(const char *url, const char *net, const char *ip, size_t n_wired);

/* ---- DHCPv4 and DHCPv6 side by side (choose.c pure, dual.c the threads) ---- */

/*
 * The network source runs DHCPv4 and IPv6 (router advertisement -> SLAAC,
 * DHCPv6 stateful or stateless by the M/O flags) at once on the link it
 * uses, each bounded by kexboot.net.timeout, and goes on as soon as the
 * answers decide where the config is (net_dual_decide):
 *
 *   - DHCPv4 wins whenever its lease names a config by 209 (with 210) or 67
 *     as a URL: the source goes on at once, and DHCPv6 is stopped (an
 *     address it already has stays, recorded).
 *   - A lease naming only the PXELINUX way (66/67) gives IPv6
 *     NET_V59_GRACE_MS more: a DHCPv6 option 59 (a full URL) ranks above
 *     the pxelinux.cfg/ lookup (the order) unless it names the same
 *     boot file as 67 (QEMU's DHCPv6 names tftp://[fec0::2]/<67's file>:
 *     the boot program, not a config); see net_where_v6.
 *   - DHCPv6's option 59 is used when DHCPv4 names none: its lease names
 *     nothing, it failed, or it has not answered NET_V4_GRACE_MS after
 *     DHCPv6 did (then it is stopped). A DHCPv4 lease naming nothing gives
 *     IPv6 NET_V6_GRACE_MS more to name one (a LAN with an RA and no
 *     DHCPv6 server does not hold the source for the whole timeout).
 *   - With kexboot.url (which wins over both), an answer counts when its
 *     family can reach the URLs (net_url_families): an IPv4 literal needs
 *     DHCPv4 (or kexboot.ip), a [v6] literal IPv6, a name either; the same
 *     preference for IPv4 applies.
 *   - Neither can name one any more (both ended, or IPv6 past the timeout
 *     while DHCPv4 ended): the source goes on with what there is.
 */

#define NET_V4_GRACE_MS 5000  /* DHCPv6 named a config: DHCPv4 may still answer this long */
#define NET_V6_GRACE_MS 10000 /* DHCPv4's lease named none: IPv6 may still name one this long */
#define NET_V6_SLACK_MS 1000 /* IPv6 runs at most kexboot.net.timeout + this (DAD and RA waits come first) */
/*
 * DHCPv4 named only the pxelinux lookup: DHCPv6's 59 may still come this
 * long. A race by design: in a loaded TCG guest (dnsmasq, stateful DHCPv6,
 * the /128's DAD) 59 came in time in 2 runs of 3; the third used the lookup.
 */
#define NET_V59_GRACE_MS 2000

#define NET_FAM4 1u
#define NET_FAM6 2u

/*
 * The families that can reach kexboot.url's URLs: NET_FAM4 for an IPv4
 * literal host, NET_FAM6 for an IPv6 literal ([...]), both for a name (or
 * a URL without a host, file://). Pure; 0 when text names no URL.
 */
unsigned net_url_families(const char *text);

enum net_fam_state { NET_FAM_RUNNING, NET_FAM_OK, NET_FAM_FAILED, NET_FAM_OFF };

struct net_dual_view {
	enum net_fam_state v4, v6;
	bool v4_location;   /* v4 OK and its lease names a config (net_where_make != NONE) */
	bool v4_pxelinux;   /* ... only by the pxelinux.cfg/ lookup (NET_WHERE_PXELINUX) */
	bool v6_location;   /* v6 OK and its lease has option 59 */
	bool has_url;       /* kexboot.url is set: locations do not matter, reach does */
	unsigned reach;     /* net_url_families(kexboot.url) */
	uint64_t v4_ok_ms;  /* when v4 became OK */
	uint64_t v6_ok_ms;  /* when v6 became OK */
	uint64_t v6_end_ms; /* IPv6 is stopped past this (start + timeout + NET_V6_SLACK_MS) */
};

enum net_dual_next { NET_DUAL_WAIT, NET_DUAL_GO };

/*
 * Whether to go on at now_ms with the answers in v (the rules above), or
 * wait: *wake_ms is then the time to look again without news (UINT64_MAX:
 * only when a family ends). Pure.
 */
enum net_dual_next net_dual_decide(const struct net_dual_view *v, uint64_t now_ms, uint64_t *wake_ms);

/* ---- where the config is (where.c, pure) ---- */

/*
 * What the network knows about this machine: pxelinux.cfg/ names are made
 * of it, and its name servers travel with every entry read over it.
 */
struct net_facts {
	uint8_t mac[6];
	struct in_addr ip;  /* the leased or static address; 0.0.0.0: none */
	bool has_uuid;
	uint8_t uuid[16];   /* SMBIOS product_uuid, in its text order */
	struct dns_config dns; /* net_dns_make(): who looks up host names in URLs */
};

/*
 * The name servers (dnsconf.c, pure): kexboot.ip's dns0/dns1 when it gives
 * any (they win over DHCP's, as in the kernel), else the lease's option 6;
 * the lease's option 15 as the search domain. Either may be NULL.
 */
struct net_ipconf;
void net_dns_make(const struct dhcp4_lease *lease, const struct net_ipconf *ip, struct dns_config *out);
/*
 * Adds a DHCPv6 lease's option 23 servers (boot/net/dhcp6.h) to c, after
 * those it has, up to DNS_SERVERS_MAX; link-local ones on ifindex.
 */
struct dhcp6_lease;
void net_dns_add_dhcp6(struct dns_config *c, const struct dhcp6_lease *lease, int ifindex);

enum net_where_from {
	NET_WHERE_NONE,     /* nothing names a config */
	NET_WHERE_SETTINGS, /* kexboot.url: every URL is read, in order */
	NET_WHERE_OPT209,   /* DHCP option 209 (config file), against 210 (path prefix) */
	NET_WHERE_BOOTURL,  /* DHCP option 67 as a full URL (HTTP boot) */
	NET_WHERE_PXELINUX, /* 66/67 (or 210): pxelinux.cfg/ names; the first that reads is used */
	NET_WHERE_OPT59,    /* DHCPv6 option 59 (RFC 5970 boot file URL), when DHCPv4 named nothing or pxelinux */
};

struct net_where {
	enum net_where_from from;
	bool first_only;          /* PXELINUX: stop at the first URL that can be read */
	struct net_url_list urls; /* owned; in the order they are tried */
};

/*
 * Where the boot config is, in the order to try (the first rule that
 * applies wins):
 *   1. kexboot.url (url_setting): its URLs, in order;
 *   2. option 209 (a URL as it is; "/path" on the boot server; else under
 *      the prefix: 210, or the directory of the boot file 67);
 *   3. option 67 holding "://": that URL (HTTP boot);
 *   4. option 67 or 210, pxelinux-style under tftp://<66 or siaddr>/<prefix>
 *      pxelinux.cfg/: the client UUID (lower case), 01-<mac>, the address in
 *      upper-case hex shortened a digit at a time (C000025B ... C), default.
 * lease may be NULL (static addressing: only kexboot.url). Rules that cannot
 * apply (a relative name and no server) are skipped with a note in d.
 * 0 or -ENOMEM; out->from says which rule applied (NONE: none did).
 */
int net_where_make(const char *url_setting, const struct dhcp4_lease *lease, const struct net_facts *f,
		   struct net_where *out, struct diag_list *d);
/*
 * DHCPv6's option 59 (url59, "" or NULL: none), when w names nothing yet
 * (NET_WHERE_NONE) or only the pxelinux.cfg/ lookup (NET_WHERE_PXELINUX):
 * a full URL ranks above the lookup (the order), unless its file
 * name is boot_file67's (DHCPv4's option 67, NULL: none) -- then it names
 * the same boot program over IPv6 and the lookup stays. kexboot.url, 209
 * and 67 as a URL come first (see "side by side" above). A value that is
 * not a URL kexboot reads is a note in d and leaves w as it was.
 * 0 or -ENOMEM.
 */
int net_where_v6(struct net_where *w, const char *url59, const char *boot_file67, struct diag_list *d);
void net_where_done(struct net_where *w);
/* "kexboot.url", "DHCP option 209", ...: what the menu's reasons name. */
const char *net_where_name(enum net_where_from from);

/* ---- every wired link at once (choose.c pure, multi.c the threads: boot/net/multi.h) ---- */

/*
 * The network source runs DHCPv4 and IPv6 (net_dual_run, above) on every
 * picked link with carrier at once, and uses one link: the one whose
 * answers name the best config location, by the order across
 * links -- kexboot.url (a link counts when a family it configured can reach
 * the URLs), option 209/210, a full boot file URL (67, or DHCPv6's 59),
 * then the pxelinux.cfg/ lookup (66/67) -- and among equals the first in
 * kexboot.net's order (or the interface order). Once a link names one,
 * the links that could still name a better one (one earlier in the order,
 * or any while the best is not the best possible) get NET_LINK_GRACE_MS
 * more; links that never answer are cut at their own bound
 * (kexboot.net.timeout). The others are then taken down again.
 */
#define NET_LINK_GRACE_MS 3000

/* Where from (net_where_from) ranks across links: 0 best; -1 for NET_WHERE_NONE. */
int net_where_rank(enum net_where_from from);

struct net_link_view {
	bool done;                /* its families ended (or were cut): offer is final */
	bool configured;          /* done, and a family gave it an address */
	enum net_where_from offer; /* done: what its answers name (net_dual_offer) */
	uint64_t done_ms;         /* when it became done */
};

/*
 * Whether to go on at now_ms over the n links' views (in preference
 * order), and which link to use: *winner is its index, or n for none. A
 * link's offer counts only once it is done. With nothing named and no link
 * running: with kexboot.url (has_url), the first configured link (its
 * fetch says why it cannot read the URL), else none. WAIT sets *wake_ms
 * (UINT64_MAX: only when a link ends). Pure.
 */
enum net_dual_next net_links_decide(const struct net_link_view *v, size_t n, bool has_url, uint64_t now_ms,
				    size_t *winner, uint64_t *wake_ms);

/* ---- what a fetched URL holds (bootfile.c, pure) ---- */

enum net_image { NET_IMAGE_NONE, NET_IMAGE_BZIMAGE, NET_IMAGE_UKI };

/*
 * Whether buf (a file's first len bytes, of file_size in all) is a kernel
 * that boots as it is: a bzImage ("HdrS" at 0x202) or a UKI (MZ + PE with a
 * .linux section). A plain EFI program (no .linux) is NONE.
 */
enum net_image net_image_probe(const uint8_t *buf, size_t len, uint64_t file_size);

struct boot_entry;
/*
 * One entry that boots url as it is (kind from net_image_probe over the
 * whole file buf, size bytes): "Network: NAME"; a UKI's .linux with its
 * .ucode and .initrd as initrds and .cmdline as command line, a bzImage
 * with an empty command line. *ret owned by the caller. 0, -EINVAL, -ENOMEM.
 */
int net_image_entry(const char *url, enum net_image kind, const uint8_t *buf, size_t size, struct boot_entry **ret);

/* ---- static addressing: kexboot.ip= in the kernel's ip= syntax (ipconf.c, pure) ---- */

enum net_ip_mode {
	NET_IP_UNSET,  /* not given: DHCP */
	NET_IP_OFF,    /* off, none: no network configuration at all */
	NET_IP_DHCP,   /* dhcp, on, any, bootp, both; or the autoconf field says so */
	NET_IP_STATIC, /* a client address and autoconf off/none (or absent) */
};

#define NET_HOSTNAME_MAX 64 /* the kernel's __NEW_UTS_LEN */

/*
 * ip=<client-ip>:<server-ip>:<gw-ip>:<netmask>:<hostname>:<device>:<autoconf>:<dns0>:<dns1>[:<ntp0>]
 * (Documentation/admin-guide/nfs/nfsroot.rst). Absent fields are 0/"".
 */
struct net_ipconf {
	enum net_ip_mode mode;
	struct in_addr client, server, gateway, netmask;
	unsigned prefix;                     /* of netmask; the address class's when no netmask */
	char hostname[NET_HOSTNAME_MAX + 1];
	char device[IF_NAMESIZE];            /* "": the first wired link with carrier */
	struct in_addr dns[2];
};

/*
 * Parses text (NULL or "": UNSET). 0, or -EINVAL with the reason in d:
 * a malformed address or netmask, an unknown autoconf method, a static
 * mode without a client address, a field too long. Fields past the tenth
 * are ignored with a note, as the kernel ignores them.
 */
int net_ipconf_parse(const char *text, struct net_ipconf *out, struct diag_list *d);

/*
 * Puts a static configuration on ifname (link up, carrier, address,
 * default route when there is a gateway), every change recorded in rec.
 * 0 or a negative errno with the reason in why.
 */
int net_static_run(const char *ifname, const struct net_ipconf *ip, uint32_t carrier_ms, struct net_record *rec,
		   struct diag_list *why);

struct boot_set;
/*
 * What one URL names (net_url_plan_make), read through fetch_text and
 * parsed into batch, not resolved (references are URLs). 0, or a negative
 * errno with the reason in why (a URL that cannot be read, a config with no
 * entry); the parsers' problems go to notes. Any scheme fetch_text reads.
 * facts (NULL: none) become the parsers' settings: iPXE's ${net0/mac},
 * ${mac}, ${net0/ip}, ${ip}, ${uuid}; their name servers look up host
 * names while reading, and every entry made carries a copy (boot_entry.dns)
 * for the fetch stage. An iPXE script is told by its first
 * line (ipxe_is_script), a URL ending in .conf is one Boot Loader Spec
 * entry, a GRUB script by its commands (grub_is_script), anything else is
 * read as pxelinux. A directory URL is read by every config language
 * (discover_source): grub.cfg and grub/grub.cfg, pxelinux.cfg/default,
 * boot.ipxe. stop_fd (NULL: none) ends every download once readable
 * (-ECANCELED; boot/fetch/fetch.h).
 */
int net_source_read_url(const char *url, const struct net_facts *facts, const int *stop_fd, struct boot_set *batch,
			struct diag_list *notes, struct diag_list *why);

struct source;
/*
 * The source thread (boot/sources.h, not local: the menu never waits for
 * it): links up, DHCPv4 and IPv6 on every picked link with carrier at once
 * (net_multi_run, each bounded by dhcp_ms), or kexboot.ip's static address
 * on one link; one link used, the others taken down (ns->report says what
 * each got), then
 * net_where_make()'s URLs (or DHCPv6's option 59, net_where_v6) read through
 * fetch_text and parsed: every one (kexboot.url, 209, a boot file URL, 59),
 * or the first that reads (pxelinux.cfg/ names); entries are delivered as
 * they come. A failure is delivered as one broken entry "Network: URL"
 * whose reason says why, and as a note; without kexboot.url, no carrier
 * and a lease naming no config are notes only, and no lease is a broken
 * entry titled by its reason. Stopping the sources (sources_stop) ends a
 * download under way at once (the sources' stop fd is the fetch's).
 */
int net_source_run(struct source *src, void *ctx);

#endif
