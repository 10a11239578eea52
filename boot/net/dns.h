/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dns: kexboot's own stub resolver, for host names in URLs (RFC 1034/1035).
 * Two layers, so that everything a server sends is handled by pure code:
 *
 *  - the codec (dns_packet.c): builds one A or AAAA query, and checks an
 *    answer against the query it answers (ID, QR, the question echoed,
 *    class IN), follows the CNAME chain from the name asked (at most
 *    DNS_CNAME_MAX links) and keeps the addresses at its end. Names are
 *    decoded with compression pointers that must point strictly backwards
 *    (no loop can form) and at most DNS_POINTERS_MAX of them; nothing is
 *    read outside the buffer, whatever it says. Pure, no allocation;
 *    fuzzed (tests/fuzz/fuzz-dns.c).
 *  - the resolver (dns.c): each name server in turn, A and AAAA asked
 *    together, every wait bounded, retries with a doubling wait, the whole
 *    within a total bound; the search domain appended as resolv.conf does
 *    with ndots:1. UDP first; a truncated (TC) answer is asked again over
 *    TCP (RFC 7766), and a server silent over UDP is asked over TCP the
 *    next round (a network may drop datagrams to port 53 and carry the
 *    stream), then UDP again.
 *
 * Where the servers come from: the network source (DHCP option 6 and the
 * domain of option 15, DHCPv6 option 23, kexboot.ip's dns0/dns1) fills a
 * struct dns_config; it travels with each entry the source made
 * (boot_entry.dns) and reaches the fetch stage in struct fetch_ctx.
 *
 * Ownership: struct dns_config is plain data (copy it with =).
 */
#ifndef KEXBOOT_BOOT_NET_DNS_H
#define KEXBOOT_BOOT_NET_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/diag.h"

#define DNS_SERVERS_MAX 4
#define DNS_NAME_MAX 253      /* a name as text, without the final dot */
#define DNS_MSG_MAX 512       /* a UDP answer without EDNS (we announce none) */
#define DNS_CNAME_MAX 8       /* CNAME links followed from the name asked */
#define DNS_POINTERS_MAX 32   /* compression pointers followed in one name */
#define DNS_RR_MAX 64         /* answer records looked at */
#define DNS_ADDRS_MAX 8       /* addresses kept from one answer */
#define DNS_PORT 53

#define DNS_TYPE_A 1
#define DNS_TYPE_CNAME 5
#define DNS_TYPE_AAAA 28
#define DNS_CLASS_IN 1

#define DNS_RCODE_NOERROR 0
#define DNS_RCODE_SERVFAIL 2
#define DNS_RCODE_NXDOMAIN 3
#define DNS_RCODE_REFUSED 5

/* One address: family AF_INET (4 bytes used) or AF_INET6. */
struct dns_addr {
	int family;
	uint8_t addr[16];
};

struct dns_server {
	struct dns_addr addr;
	uint16_t port;     /* 0: 53 (tests serve on another port) */
	uint32_t scope_id; /* an IPv6 link-local server's interface */
};

/* Who answers names, and the domain short names are tried in. */
struct dns_config {
	struct dns_server servers[DNS_SERVERS_MAX];
	size_t n_servers;
	char search[DNS_NAME_MAX + 1]; /* "" when none */
};

/* Adds a server unless it is there already or the list is full (then false). */
bool dns_config_add(struct dns_config *c, const struct dns_addr *a, uint16_t port, uint32_t scope_id);

/* ---- codec (dns_packet.c, pure) ---- */

/*
 * Whether name is a host name the resolver may ask for: labels of 1..63
 * bytes of letters, digits, '-' and '_' (a final '.' allowed), at most
 * DNS_NAME_MAX in all, not an address literal's shape (all digits and dots).
 */
bool dns_name_ok(const char *name);

/*
 * One query for name (dns_name_ok) of type (A, AAAA), recursion desired,
 * into buf; *len is its size. -EINVAL for a bad name, -ENOSPC.
 */
int dns_query_build(uint16_t id, const char *name, uint16_t type, uint8_t *buf, size_t cap, size_t *len);

struct dns_answer {
	uint8_t rcode;          /* DNS_RCODE_* (4 bits) */
	bool truncated;         /* TC: the server had more to say than fits */
	bool authoritative;
	unsigned n_cnames;      /* CNAME links followed */
	char target[DNS_NAME_MAX + 1]; /* the name the addresses belong to (the chain's end) */
	struct dns_addr addrs[DNS_ADDRS_MAX];
	size_t n_addrs;         /* 0 with NOERROR: the name has no address of that type */
};

/*
 * Checks and reads an answer to the query (id, name, type). Returns 0 with
 * out filled (rcode says NXDOMAIN etc.), -ENOMSG when it answers another
 * query (wrong ID, not a response, another question: ignore it and keep
 * waiting), -EBADMSG when it is malformed (a name running past the end, a
 * pointer forwards or too many, a record cut short, an address of the wrong
 * size), -ELOOP for a CNAME chain longer than DNS_CNAME_MAX or a loop. The
 * reason is in d (may be NULL). Never reads outside buf[0..len).
 */
int dns_answer_parse(const uint8_t *buf, size_t len, uint16_t id, const char *name, uint16_t type,
		     struct dns_answer *out, struct diag_list *d);

/* ---- resolver (dns.c) ---- */

#define DNS_CACHE_MAX 4

/*
 * What lookups with one dns_config learnt, for the next ones of the same
 * short task (one entry's files, one config and what it includes): the
 * names resolved, and which servers answered over TCP only, so the next
 * lookup asks them over TCP first. No TTLs: it lives as long as that task.
 * Plain data, owned by whoever set up the task (on its stack); zeroed is empty.
 */
struct dns_cache {
	struct dns_cache_name {
		char name[DNS_NAME_MAX + 2];
		struct dns_addr addrs[DNS_ADDRS_MAX];
		size_t n;
	} v[DNS_CACHE_MAX];
	size_t n, next;                /* next: the slot replaced when full */
	bool tcp[DNS_SERVERS_MAX];     /* by the config's server index */
};

struct dns_options {
	unsigned total_ms;   /* everything, every name tried; 0: 10 s */
	unsigned first_ms;   /* the first wait for one server; doubled per round up to 4 s; 0: 1 s */
	struct dns_cache *cache; /* borrowed, or NULL */
};

/*
 * The addresses of host (IPv4 first, then IPv6, at most cap) into ret, *n
 * of them. A name without a dot is tried with the search domain first,
 * one with a dot as it is first (ndots:1); a final '.' means as it is only.
 * -EINVAL for a name that is not a host name, -ENOENT when no name tried
 * exists (NXDOMAIN) or has no address, -ETIMEDOUT when no server answered
 * within the bound, -EHOSTUNREACH when cfg has no server, -EIO for servers
 * that failed (SERVFAIL, REFUSED, malformed answers); why says which.
 */
int dns_resolve(const struct dns_config *cfg, const char *host, const struct dns_options *o, struct dns_addr *ret,
		size_t cap, size_t *n, struct diag_list *why);

/* "10.0.2.3" or "fd00::3" (buf of at least 46 bytes). */
const char *dns_addr_text(const struct dns_addr *a, char *buf, size_t n);

#endif
