/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dhcp6: leasing an IPv6 address and the netboot options by DHCPv6
 * (RFC 8415, boot options RFC 5970), in the same three layers as DHCPv4
 * (boot/net/net.h):
 *
 *  - the codec (dhcp6_packet.c): builds SOLICIT / REQUEST / RELEASE /
 *    DECLINE / INFORMATION-REQUEST, parses ADVERTISE / REPLY into a struct
 *    dhcp6_lease. Pure, bounded, no allocation; fuzzed
 *    (tests/fuzz/fuzz-dhcp6.c).
 *  - the client (dhcp6_client.c): SOLICITING -> REQUESTING -> BOUND ->
 *    RELEASING (or DECLINING when the address is a duplicate), fed packets and a millisecond clock, answering with one
 *    action, with RFC 8415 section 15 retransmission. Pure.
 *  - the real I/O (dhcp6_socket.c, link6.c, slaac.c): UDP [::]:546 bound
 *    to the link, to ff02::1:2 port 547 from the link-local address once
 *    it left "tentative"; the leased address added as /128.
 *
 * SLAAC is left to the kernel: slaac.c turns accept_ra and autoconf on
 * for the link (under a root prefix), and the kernel adds the SLAAC
 * addresses and the default route from router advertisements. kexboot
 * parses no RA itself: it reads the M and O bits the kernel kept from the
 * last RA (IFLA_INET6_FLAGS, link6.c). M set, or no RA within ra_ms: the
 * stateful exchange (SOLICIT, an address); an RA without M: only an
 * INFORMATION-REQUEST (the boot options; the address is SLAAC's). The
 * kernel drops the addresses it configured when the link goes down; the
 * DHCPv6 address is deleted and released explicitly (net_dhcp6_release()).
 */
#ifndef KEXBOOT_BOOT_NET_DHCP6_H
#define KEXBOOT_BOOT_NET_DHCP6_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/net/net.h"
#include "lib/diag.h"

/* ---- codec (pure) ---- */

enum dhcp6_msg {
	DHCP6_SOLICIT = 1,
	DHCP6_ADVERTISE = 2,
	DHCP6_REQUEST = 3,
	DHCP6_REPLY = 7,
	DHCP6_RELEASE = 8,
	DHCP6_DECLINE = 9,
	DHCP6_INFORMATION_REQUEST = 11,
};

/* RFC 8415 21.13 status codes kexboot acts on. */
enum dhcp6_status {
	DHCP6_SUCCESS = 0,
	DHCP6_UNSPEC_FAIL = 1,
	DHCP6_NO_ADDRS_AVAIL = 2,
	DHCP6_NO_BINDING = 3,
	DHCP6_NOT_ON_LINK = 4,
	DHCP6_USE_MULTICAST = 5,
};

/* RFC 5970 option 61 / RFC 4578 architecture types. */
#define DHCP6_ARCH_X86_64_EFI 7
#define DHCP6_ARCH_X86_64_EFI_HTTP 16

#define DHCP6_SEND_MAX 512   /* what the builder writes at most */
#define DHCP6_RECV_MAX 8192  /* longer replies are refused */
#define DHCP6_DUID_MAX 130   /* RFC 8415 11.1: 2-octet type + at most 128 octets */
#define DHCP6_DNS_MAX 4
#define DHCP6_URL_MAX 1024   /* option 59 */
#define DHCP6_PARAMS_MAX 8   /* option 60: parameters kept */
#define DHCP6_PARAM_LEN 512  /* option 60: one parameter, with its NUL */
#define DHCP6_STR_MAX 256    /* status messages */

struct dhcp6_duid {
	uint8_t b[DHCP6_DUID_MAX];
	size_t len;
};

/* DUID-LL (type 3, hardware type 1) from an Ethernet MAC. */
void dhcp6_duid_ll(struct dhcp6_duid *out, const uint8_t mac[6]);
/* DUID-UUID (RFC 6355, type 4) from the machine's 16-byte UUID. */
void dhcp6_duid_uuid(struct dhcp6_duid *out, const uint8_t uuid[16]);

struct dhcp6_request {
	enum dhcp6_msg type;        /* SOLICIT, REQUEST, RELEASE, DECLINE, INFORMATION_REQUEST */
	uint32_t xid;               /* low 24 bits are sent */
	struct dhcp6_duid client_id;
	struct dhcp6_duid server_id; /* REQUEST, RELEASE, DECLINE */
	uint32_t iaid;              /* IA_NA (not in INFORMATION_REQUEST) */
	bool has_addr;
	struct in6_addr addr;       /* REQUEST, RELEASE, DECLINE: the IAADDR */
	uint16_t elapsed_cs;        /* option 8: hundredths of a second since the exchange began */
	uint16_t arch;              /* option 61 */
	bool http;                  /* option 16 vendor class "HTTPClient:..." instead of "PXEClient:..." */
};

/*
 * A parsed ADVERTISE or REPLY. Strings are NUL-terminated and "" when
 * absent. Options that are malformed or too long are left out and counted
 * in n_ignored; a message whose option framing is broken is refused.
 */
struct dhcp6_lease {
	enum dhcp6_msg type;
	uint32_t xid;
	struct dhcp6_duid server_id, client_id;
	uint8_t preference;          /* option 7; 0 when absent */
	uint16_t status;             /* top-level option 13; DHCP6_SUCCESS when absent */
	char status_msg[DHCP6_STR_MAX];
	bool has_ia;                 /* an IA_NA was present */
	uint32_t iaid, t1, t2;
	uint16_t ia_status;          /* option 13 inside the IA_NA */
	char ia_status_msg[DHCP6_STR_MAX];
	bool has_addr;               /* an IAADDR with a non-zero valid lifetime */
	struct in6_addr addr;
	uint32_t preferred_lt, valid_lt;
	struct in6_addr dns[DHCP6_DNS_MAX];
	size_t n_dns;
	char bootfile_url[DHCP6_URL_MAX];                  /* option 59 */
	char params[DHCP6_PARAMS_MAX][DHCP6_PARAM_LEN];    /* option 60, in order */
	size_t n_params;
	unsigned n_ignored;
};

/* Writes a client message into buf; *len is its size. -EINVAL, -ENOSPC. */
int dhcp6_build(const struct dhcp6_request *req, uint8_t *buf, size_t cap, size_t *len);

/*
 * Parses an ADVERTISE or REPLY. Returns 0, or -EBADMSG with the reason in
 * d (d may be NULL). Never reads outside buf[0..len).
 */
int dhcp6_parse(const uint8_t *buf, size_t len, struct dhcp6_lease *out, struct diag_list *d);

/* "NoAddrsAvail" ... for a status code; "status N" spelled into buf otherwise. */
const char *dhcp6_status_name(uint16_t status, char buf[16]);

/* ---- client state machine (pure) ---- */

enum dhcp6_state {
	DHCP6_INIT,
	DHCP6_INFORMING,   /* info_only: INFORMATION-REQUEST until a REPLY */
	DHCP6_SOLICITING,
	DHCP6_REQUESTING,
	DHCP6_BOUND,
	DHCP6_RELEASING,
	DHCP6_DECLINING,   /* the address failed DAD: DECLINE (RFC 8415 18.2.8) */
	DHCP6_RELEASED,    /* given back, by RELEASE or DECLINE */
	DHCP6_FAILED,
};

struct dhcp6_client_config {
	struct dhcp6_duid duid;
	uint32_t iaid;
	uint16_t arch;
	bool http;
	uint32_t seed;          /* xids and the RAND of RFC 8415 15 */
	uint32_t total_ms;      /* give up after this long; 0: 30 s */
	uint32_t first_delay_ms; /* SOL_MAX_DELAY: the first SOLICIT waits up to this; 0: 1 s, UINT32_MAX: none */
	uint32_t sol_max_rt_ms; /* MRT for SOLICIT; 0: 3600 s (SOL_MAX_RT) */
	uint32_t release_ms;    /* RELEASE gives up after this long; 0: 2 s (quiesce must not wait for REL_MAX_RC) */
	bool info_only;         /* stateless (RFC 8415 18.2.6): options only, no address; BOUND has no has_addr */
};

enum dhcp6_act { DHCP6_ACT_WAIT, DHCP6_ACT_BOUND, DHCP6_ACT_FAILED, DHCP6_ACT_RELEASED };

struct dhcp6_action {
	const uint8_t *send; /* non-NULL: send these bytes to ff02::1:2 first (owned by the client) */
	size_t send_len;
	enum dhcp6_act act;
	uint64_t wake_ms;    /* WAIT: step again by then without a packet */
	const char *reason;  /* FAILED: why */
};

struct dhcp6_client {
	struct dhcp6_client_config cfg;
	enum dhcp6_state state;
	uint32_t rng, xid;
	uint64_t start_ms, deadline_ms, next_tx_ms, exchange_ms, collect_until_ms;
	uint32_t rt_ms;               /* the current retransmission timeout */
	unsigned n_sent, n_tries;     /* all messages; this exchange's */
	unsigned n_advertise, n_restarts;
	bool has_best;
	struct dhcp6_lease best;      /* SOLICITING: the preferred ADVERTISE; then the server asked */
	struct dhcp6_lease lease;     /* BOUND: the REPLY */
	char last_refusal[DHCP6_STR_MAX + 64]; /* the last server's "no" (NoAddrsAvail ...), for the reason */
	uint8_t pkt[DHCP6_SEND_MAX];
	size_t pkt_len;
	char reason[DHCP6_STR_MAX * 2];
};

void dhcp6_client_init(struct dhcp6_client *c, const struct dhcp6_client_config *cfg);

/*
 * Advances the machine at now_ms with a received packet (pkt, len) or
 * without (pkt NULL: the first call starts, later ones are wake-ups).
 * Messages for another transaction or another client are ignored.
 */
void dhcp6_client_step(struct dhcp6_client *c, const uint8_t *pkt, size_t len, uint64_t now_ms,
		       struct dhcp6_action *act);

/* From BOUND: starts the RELEASE exchange (then step as before until RELEASED). */
void dhcp6_client_release(struct dhcp6_client *c, uint64_t now_ms, struct dhcp6_action *act);
/* From BOUND: the address is a duplicate; starts the DECLINE exchange (until RELEASED). */
void dhcp6_client_decline(struct dhcp6_client *c, uint64_t now_ms, struct dhcp6_action *act);

/* The REPLY once BOUND (also while RELEASING or DECLINING), else NULL. */
const struct dhcp6_lease *dhcp6_client_lease(const struct dhcp6_client *c);

/* ---- what a lease names for the network source ---- */

/*
 * Option 59 as the config URL to read, and option 60's parameters joined
 * with spaces as extra kernel parameters. url is "" when the lease has no
 * usable absolute URL (lib/url.h); params "" when there are none.
 * 0, or -ENOSPC when a buffer is too small.
 */
int dhcp6_lease_boot(const struct dhcp6_lease *l, char *url, size_t url_cap, char *params, size_t params_cap);

/* ---- SLAAC: left to the kernel (slaac.c) ---- */

/*
 * Writes 1 to <root>/proc/sys/net/ipv6/conf/IFNAME/{accept_ra,autoconf}
 * when they hold something else, so the kernel configures SLAAC addresses
 * from router advertisements. *changed = how many were written. A missing
 * file (no IPv6) is -ENOENT with the reason in d.
 */
int net_slaac_enable(const char *root, const char *ifname, unsigned *changed, struct diag_list *d);

/* ---- rtnetlink for IPv6 (link6.c) ---- */

/*
 * The waits below poll every 50 ms, at most timeout_ms, and end early with
 * -ECANCELED once stop_fd (-1: none) is readable.
 *
 * Until ifindex has a link-local address that is not tentative (DAD
 * done): -ETIMEDOUT. -EADDRNOTAVAIL when DAD failed.
 */
int net6_linklocal_wait(int ifindex, uint32_t timeout_ms, int stop_fd, struct in6_addr *out, struct diag_list *d);
/* Until ifindex has a global-scope address past DAD (SLAAC's, a DHCPv6 one): -ETIMEDOUT. */
int net6_global_wait(int ifindex, uint32_t timeout_ms, int stop_fd, struct in6_addr *out, struct diag_list *d);
/* Until addr on ifindex is past DAD: -ETIMEDOUT, -EADDRNOTAVAIL (a duplicate). */
int net6_addr_wait(int ifindex, const struct in6_addr *addr, uint32_t timeout_ms, int stop_fd, struct diag_list *d);
/* Adds addr/prefix with the lifetimes (seconds; 0xffffffff forever), or deletes it. */
int net6_addr_add(int ifindex, const struct in6_addr *addr, unsigned prefix, uint32_t preferred, uint32_t valid,
		  struct diag_list *d);
int net6_addr_del(int ifindex, const struct in6_addr *addr, unsigned prefix, struct diag_list *d);

/* The kernel's per-link IPv6 flags (include/net/if_inet6.h; not in the uapi headers). */
#define NET6_RA_OTHERCONF 0x80 /* the last RA had the O flag */
#define NET6_RA_MANAGED 0x40   /* ... the M flag */
#define NET6_RA_RCVD 0x20      /* an RA was received */
#define NET6_RS_SENT 0x10

/* IFLA_INET6_FLAGS of ifindex (NET6_RA_*). */
int net6_ra_flags(int ifindex, uint32_t *flags, struct diag_list *d);
/* Until an RA was received (NET6_RA_RCVD) or timeout_ms: 0 with *flags either way; -ECANCELED. */
int net6_ra_wait(int ifindex, uint32_t timeout_ms, int stop_fd, uint32_t *flags, struct diag_list *d);

/* ---- DHCPv6 over a real socket (dhcp6_socket.c) ---- */

struct net_dhcp6_options {
	uint16_t arch;          /* 0: DHCP6_ARCH_X86_64_EFI (HTTP_... with http) */
	bool http;
	const char *root;       /* where /proc and /sys are (UUID, sysctls); NULL: "/" */
	uint32_t total_ms;      /* 0: 30 s */
	uint32_t carrier_ms;    /* 0: 10 s */
	uint32_t dad_ms;        /* DAD wait, link-local and leased address each; 0: 5 s */
	uint32_t ra_ms;         /* wait for a router advertisement's M/O bits; 0: 3 s */
	bool stateful;          /* SOLICIT whatever the RA says */
	uint32_t seed;          /* 0: from the clock and the MAC */
	bool no_configure;      /* lease only: do not add the address */
	bool no_slaac;          /* leave accept_ra/autoconf as they are */
	struct net_record *rec; /* the link brought up is recorded here (required) */
	const int *stop_fd;     /* NULL, or an fd whose readability ends the run: -ECANCELED */
};

/* A running lease: what net_dhcp6_release() needs. Owned by the caller. */
struct net_dhcp6_session {
	char ifname[IF_NAMESIZE];
	int ifindex;
	struct in6_addr linklocal;
	uint32_t ra_flags;            /* NET6_RA_* when the exchange began */
	bool stateless;               /* INFORMATION-REQUEST only: the RA had no M flag */
	bool configured;              /* the address was added and must be deleted */
	bool has_slaac;               /* stateless: the kernel's SLAAC address, past DAD */
	struct in6_addr slaac_addr;
	struct dhcp6_client client;   /* BOUND: holds the lease */
};

/*
 * Brings ifname up (recorded in o->rec), waits for carrier and the
 * link-local address, turns SLAAC on, leases an address and (unless
 * no_configure) adds it as /128 and waits for its DAD (dad_ms), so the
 * next fetch has a source address; a duplicate (DAD failed) is deleted and
 * DECLINEd, -EADDRNOTAVAIL. Stateless (no address leased): waits up to
 * dad_ms for the kernel's SLAAC address past DAD (a note when none comes).
 * A readable o->stop_fd ends any of the waits: -ECANCELED. 0, or a
 * negative errno with the reason in why; a lease taken stays in s for
 * net_dhcp6_release() either way.
 */
int net_dhcp6_run(const char *ifname, const struct net_dhcp6_options *o, struct net_dhcp6_session *s,
		  struct diag_list *why);

/* Deletes the address it added and sends RELEASE (bounded). Failures are notes in d. */
int net_dhcp6_release(struct net_dhcp6_session *s, struct diag_list *d);

/* ---- both families on the source's link (dual.c; the rules in net.h, net_dual_decide) ---- */

struct net_dual_options {
	const char *root;            /* where /proc and /sys are; "" or NULL: "/" */
	const char *ifname;          /* the link (up, with carrier) */
	const struct net_ipconf *ip; /* NET_IP_STATIC: kexboot.ip's address instead of DHCPv4; NULL: DHCPv4 */
	const char *urls;            /* kexboot.url (borrowed), NULL when not given */
	bool v6;                     /* run IPv6 (kexboot.net.v6); off anyway when the kernel has none */
	uint32_t dhcp_ms;            /* each family's bound (kexboot.net.timeout) */
	uint32_t carrier_ms;         /* each family's wait for carrier; 0: 1 s (the caller waited already) */
	bool no_route;               /* DHCPv4: the address only, no default route (net_multi_run adds the used link's) */
	int stop_fd;                 /* readable: stop both, -ECANCELED */
	struct net_record *rec;      /* every change of both families lands here (also on failure) */
};

struct net_dual_result {
	enum net_fam_state v4, v6;
	int err4;                        /* v4's negative errno when it FAILED */
	bool v4_dhcp;                    /* v4 OK by a DHCP lease (else kexboot.ip's static address) */
	struct net_dhcp4_result dhcp;    /* when v4_dhcp */
	bool v6_stateless;               /* the RA had no M flag: the address is SLAAC's */
	bool has_addr6;
	struct in6_addr addr6;           /* the DHCPv6 /128, or the SLAAC address */
	char url6[DHCP6_URL_MAX];        /* option 59 when it is a URL; "" otherwise */
	char params6[DHCP6_PARAMS_MAX * DHCP6_PARAM_LEN]; /* option 60, joined by spaces */
	struct diag_list why4, why6;     /* each family's reason (when it failed) and notes; owned */
};

/*
 * DHCPv4 (or kexboot.ip's static address) and IPv6 on o->ifname at once,
 * one thread each, until net_dual_decide says go; what still runs then is
 * stopped and joined. A family stopped at IPv6's end says "no ... within".
 * Every change (addresses, routes, both leases) is in o->rec on return.
 * 0 (out says what each family has: maybe nothing), -ECANCELED (o->stop_fd),
 * -ENOMEM. net_dual_result_done() frees out's lists.
 */
int net_dual_run(const struct net_dual_options *o, struct net_dual_result *out);
void net_dual_result_done(struct net_dual_result *r);

/*
 * The wait between two decisions of net_dual_run and of the links' runner
 * (multi.c): until wake (clock_now_ms; UINT64_MAX: none, at most 60 s a
 * wait), a worker's signal on done_fd (read) or stop_fd. 0: decide again;
 * -ECANCELED: stop_fd; else -errno of poll.
 */
int net_wait_decide(int stop_fd, int done_fd, uint64_t now, uint64_t wake);

/*
 * What one link's answers name (choose.c, pure), for the choice across
 * links (net_links_decide): with kexboot.url (urls), NET_WHERE_SETTINGS when
 * a family the link configured can reach it (net_url_families), else NONE;
 * without, net_where_make over its DHCPv4 lease, then net_where_v6 over its
 * option 59 -- the same rule the source applies to the link it uses.
 */
enum net_where_from net_dual_offer(const char *urls, const struct net_dual_result *d);

#endif
