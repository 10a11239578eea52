// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The network source (boot/sources.h): what kexboot.url (or a lease)
 * names, read over the network once a wired link has an address (DHCP on
 * every picked link at once, one used: boot/net/multi.h). It is not local: the
 * menu opens with the disks' entries and "searching..." while this thread
 * brings the network up, and each URL's entries join it as they are read.
 *
 * Every change to the system goes into ns->rec; the pipeline undoes it
 * after the sources stopped (quiesce, a rescan, the end of the pipeline).
 */
#include "boot/bls/bls.h"
#include "boot/discover.h"
#include "boot/fetch/fetch.h"
#include "boot/grub/grub.h"
#include "boot/image.h"
#include "boot/ipxe/ipxe.h"
#include "boot/net/dhcp6.h"
#include "boot/net/multi.h"
#include "boot/net/net.h"
#include "boot/source.h"
#include "boot/sources.h"
#include "boot/syslinux/syslinux.h"
#include "lib/cleanup.h"
#include "lib/clock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if.h> /* IF_OPER_* */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NET_CONFIG_MAX (1024 * 1024) /* a config file named by URL, read once to see its language */

/*
 * A failure the menu shows: one broken entry "Network: what" whose reason
 * is why (the menu's details row says it when the entry is highlighted),
 * and a note with the same words.
 */
static int net_fail_titled(struct source *src, const char *what, const char *title, const char *reason,
			   struct diag_list *notes)
{
	struct boot_entry *e = boot_entry_new(BOOT_SOURCE_URL);
	struct boot_set batch;
	int r = -ENOMEM;

	boot_set_init(&batch);
	(void)diag_note(notes, "network: %s: %s", what, reason);
	if (e && asprintf(&e->id, "net:%s", what) >= 0 && asprintf(&e->title, "Network: %s", title) >= 0 &&
	    str_set(&e->origin, what) >= 0 && boot_entry_set_broken(e, "%s", reason) >= 0)
		r = boot_set_add(&batch, e);
	if (r < 0)
		boot_entry_free(e);
	source_deliver(src, &batch, notes);
	boot_set_done(&batch);
	return r;
}

static int net_fail(struct source *src, const char *what, const char *reason, struct diag_list *notes)
{
	return net_fail_titled(src, what, what, reason, notes);
}

/* Notes without entries. */
static void net_notes_deliver(struct source *src, struct diag_list *notes)
{
	struct boot_set none;

	boot_set_init(&none);
	source_deliver(src, &none, notes);
	boot_set_done(&none);
}

/* Brings every picked link (only those named in only, when given) up, recorded in rec; *n becomes how many are up. */
static int net_links_up(struct net_source *ns, const char *only, char (*names)[IF_NAMESIZE], size_t *n,
			struct net_record *rec, struct diag_list *why)
{
	size_t up = 0;
	int r = net_links_pick(ns->root, only, names, NET_LINKS_MAX, n, why);

	if (r < 0)
		return r;
	if (*n == 0)
		return diag_fail(why, ENODEV, "no wired network interface%s", only ? " named by kexboot.net or kexboot.ip" : "");
	for (size_t i = 0; i < *n; i++) {
		r = net_link_up(names[i], rec, why);
		if (r >= 0 && up != i)
			memcpy(names[up], names[i], IF_NAMESIZE);
		up += r >= 0;
	}
	*n = up;
	/* why holds the last link's failure when none came up. */
	return up ? 0 : r;
}

/* The first of names with carrier, polled until ms have passed (or the source stops: -ECANCELED). */
static int net_carrier_wait(struct source *src, char (*names)[IF_NAMESIZE], size_t n, uint32_t ms, size_t *ret,
			    struct diag_list *why)
{
	uint64_t end = clock_now_ms() + ms;

	for (;;) {
		struct pollfd pfd = { .fd = source_stop_fd(src), .events = POLLIN };

		for (size_t i = 0; i < n; i++) {
			struct net_link l;

			if (net_link_get(names[i], &l, NULL) == 0 && (l.flags & IFF_LOWER_UP) &&
			    (l.operstate == IF_OPER_UP || l.operstate == IF_OPER_UNKNOWN)) {
				*ret = i;
				return 0;
			}
		}
		if (clock_now_ms() >= end)
			return diag_fail(why, ENOLINK, "no carrier on %s%s within %u s (is a cable plugged in?)", names[0],
					 n > 1 ? " or the other wired links" : "", ms / 1000);
		/* Link training takes far longer than 50 ms; rtnetlink polling keeps this stateless. */
		if (poll(&pfd, 1, 50) > 0)
			return -ECANCELED;
	}
}

/* What the links and the leases (or the static address) tell about the machine. */
struct net_up_result {
	struct net_facts facts;
	bool configuring; /* a link had carrier: DHCP (or the static address) was tried */
	bool has_lease;   /* a DHCPv4 lease: dual->dhcp */
	bool has_v6;      /* IPv6 configured (DHCPv6 or SLAAC): dual->url6 may name the config */
	struct net_multi_result *multi;     /* heap, owned: every link's outcome */
	const struct net_dual_result *dual; /* the used link's; none used: the one the messages come from */
};

/* A family's notes, kept as the source's (problems worth showing). */
static void net_keep_family_notes(struct diag_list *why, const struct diag_list *fam)
{
	for (size_t i = 0; i < fam->n; i++)
		(void)diag_note(why, "%s", fam->msgs[i]);
}

/* No link got an address: each link's DHCPv4 reason (one link: its reason as it is). */
static int net_up_fail(const struct net_multi_result *m, struct diag_list *why)
{
	char text[DIAG_REASON_MAX] = "";
	size_t len = 0;
	int err = EHOSTUNREACH;

	for (size_t i = 0; i < m->n && len < sizeof(text); i++) {
		const struct net_multi_link *l = &m->v[i];
		int k = snprintf(text + len, sizeof(text) - len, "%s%s", i ? "; " : "",
				 diag_reason(&l->dual.why4, "no DHCP answer"));

		len = k < 0 ? sizeof(text) : len + (size_t)k;
		if (i == 0 && l->dual.err4 < 0)
			err = -l->dual.err4;
	}
	return diag_fail(why, err, "%s", text);
}

/*
 * Links up, carrier, then DHCPv4 (or kexboot.ip's static address) and IPv6
 * on every link with carrier at once (net_multi_run): one link is used,
 * the others are taken down again, and ns->report says which and why.
 * Fails only when no link was configured by either family: why says
 * DHCPv4's reason (or the static address's) on each, with IPv6's as a
 * note. A family whose answer is not used keeps its notes to itself. What
 * was leased is not a note: notes are problems (the pipeline counts them
 * as such).
 */
static int net_up(struct source *src, struct net_source *ns, const struct net_ipconf *ip, struct net_up_result *res,
		  struct diag_list *why)
{
	char names[NET_LINKS_MAX][IF_NAMESIZE];
	const uint32_t carrier_ms = ns->carrier_ms ? ns->carrier_ms : NET_CARRIER_MS;
	const uint64_t carrier_end = clock_now_ms() + carrier_ms;
	struct net_record ups = { 0 }; /* the links brought up: net_multi_run gives each link its own */
	struct net_multi_options mo = { .stop_fd = source_stop_fd(src), .rec = &ns->rec, .pre = &ups,
					.dual = { .root = ns->root, .ip = ip, .urls = ns->urls, .v6 = !ns->v6_off,
						  .dhcp_ms = ns->dhcp_ms ? ns->dhcp_ms : NET_DHCP_MS } };
	const struct net_dual_result *d;
	struct net_multi_result *m;
	struct net_link link;
	size_t n = 0, pick = 0, primary;
	uint64_t now;
	int r;

	r = net_links_up(ns, ip->device[0] ? ip->device : ns->links, names, &n, &ups, why);
	if (r >= 0)
		r = net_carrier_wait(src, names, n, carrier_ms, &pick, why);
	if (r < 0) {
		/* No link to use: the links brought up go down again at once. */
		struct diag_list junk;

		diag_list_init(&junk);
		(void)net_record_undo(&ups, &junk);
		diag_list_done(&junk);
		return r;
	}
	res->facts.has_uuid = net_uuid_read(ns->root, res->facts.uuid, NULL) == 0;
	res->configuring = true;
	if (ip->mode == NET_IP_STATIC) {
		/* kexboot.ip's one address goes on one link: its device, else the first with carrier. */
		mo.names = (const char(*)[IF_NAMESIZE]) & names[pick];
		mo.n = 1;
	} else {
		mo.names = (const char(*)[IF_NAMESIZE])names;
		mo.n = n;
	}
	/* Links slower to train than the first get what is left of the carrier wait (1 s at least). */
	now = clock_now_ms();
	mo.dual.carrier_ms = carrier_end > now + 1000 ? (uint32_t)(carrier_end - now) : 0;
	m = res->multi = calloc(1, sizeof(*m));
	r = m ? net_multi_run(&mo, m) : -ENOMEM;
	if (ups.n) {
		/* net_multi_run did not take them (no memory, -EINVAL): the owner gives them back. */
		for (size_t i = 0; i < ups.n; i++)
			(void)net_record_add(&ns->rec, &ups.v[i]);
	}
	if (!m)
		return -ENOMEM;
	for (size_t i = 0; i < m->n; i++) {
		char line[512];

		net_multi_describe(m, i, line, sizeof(line));
		(void)diag_note(&ns->report, "%s", line);
	}
	if (r < 0)
		return r;
	/* None used: the first that got an address speaks for the network (its lease named nothing), else the first. */
	primary = m->winner;
	for (size_t i = 0; primary == m->n && i < m->n; i++)
		if (m->v[i].configured)
			primary = i;
	if (primary == m->n)
		primary = 0;
	d = res->dual = &m->v[primary].dual;
	r = net_link_get(m->v[primary].ifname, &link, why);
	if (r < 0)
		return r;
	memcpy(res->facts.mac, link.mac, 6);
	res->has_lease = d->v4 == NET_FAM_OK && d->v4_dhcp;
	res->has_v6 = d->v6 == NET_FAM_OK;
	if (d->v4 == NET_FAM_OK)
		res->facts.ip = res->has_lease ? d->dhcp.lease.yiaddr : ip->client;
	/* The name servers: kexboot.ip's or the DHCPv4 lease's, then the DHCPv6 lease's (option 23). */
	net_dns_make(res->has_lease ? &d->dhcp.lease : NULL, ip, &res->facts.dns);
	if (res->has_v6 && m->winner == primary && ns->rec.lease6) {
		const struct dhcp6_lease *l6 = dhcp6_client_lease(&ns->rec.lease6->client);

		if (l6)
			net_dns_add_dhcp6(&res->facts.dns, l6, ns->rec.lease6->ifindex);
	}
	/* DHCPv4's notes when its answer is used or nothing is; IPv6's likewise. */
	if (d->v4 == NET_FAM_OK || !res->has_v6)
		net_keep_family_notes(why, &d->why4);
	if (d->v4 != NET_FAM_OK && d->v6 == NET_FAM_FAILED)
		(void)diag_note(why, "IPv6: %s", diag_reason(&d->why6, "failed"));
	if (res->has_v6 && (d->v4 != NET_FAM_OK || d->url6[0]))
		net_keep_family_notes(why, &d->why6);
	/* IPv6 configured the link but names nothing: DHCPv4's failure is why there is no config. */
	if (d->v4 == NET_FAM_FAILED && res->has_v6 && !d->url6[0])
		(void)diag_note(why, "%s", diag_reason(&d->why4, "no DHCP answer"));
	if (d->v4 == NET_FAM_OK || res->has_v6)
		return 0;
	return net_up_fail(m, why);
}

/* A URL that is too big for a config: read whole, and if it is a kernel or a UKI, one entry that boots it. */
static int net_read_image(const char *url, const struct fetch_ctx *fetch, struct boot_set *batch,
			  struct diag_list *why)
{
	struct boot_ref ref = { .url = (char *)url };
	struct boot_entry *e;
	struct blob b;
	enum net_image kind;
	int r;

	r = fetch_ref(fetch, &ref, BOOT_IMAGE_KERNEL_MAX, &b, why);
	if (r < 0)
		return r;
	kind = net_image_probe(b.data, b.size, b.size);
	r = net_image_entry(url, kind, b.data, b.size, &e);
	blob_release(&b);
	if (r == -EINVAL)
		return diag_fail(why, ENOEXEC, "neither a config nor a kernel or UKI kexboot can boot");
	if (r >= 0 && (r = boot_set_add(batch, e)) < 0)
		boot_entry_free(e);
	return r;
}

/* iPXE's names for what the network knows (${net0/mac}, ${ip}, ${uuid}), for the parsers. */
struct net_settings {
	char mac[18], ip[16], uuid[37];
	struct source_setting v[6];
	size_t n;
};

static void net_settings_make(const struct net_facts *f, struct net_settings *ns)
{
	const uint8_t *m = f->mac, *u = f->uuid;

	ns->n = 0;
	snprintf(ns->mac, sizeof(ns->mac), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
	ns->v[ns->n++] = (struct source_setting){ "net0/mac", ns->mac };
	ns->v[ns->n++] = (struct source_setting){ "mac", ns->mac };
	if (f->ip.s_addr) {
		inet_ntop(AF_INET, &f->ip, ns->ip, sizeof(ns->ip));
		ns->v[ns->n++] = (struct source_setting){ "net0/ip", ns->ip };
		ns->v[ns->n++] = (struct source_setting){ "ip", ns->ip };
	}
	if (f->has_uuid) {
		snprintf(ns->uuid, sizeof(ns->uuid),
			 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2],
			 u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
		ns->v[ns->n++] = (struct source_setting){ "uuid", ns->uuid };
	}
}

/* The source context for url, with the network's settings when there are any. */
static struct source_ctx net_source_ctx(const char *url, const struct fetch_ctx *fetch, const struct net_settings *ns)
{
	struct source_ctx ctx = source_url(url, fetch, fetch_text);

	if (ns) {
		ctx.settings = ns->v;
		ctx.n_settings = ns->n;
	}
	return ctx;
}

/* A Boot Loader Spec entry file named by URL (a *.conf). */
static bool url_is_bls_entry(const char *url)
{
	size_t n = strcspn(url, "?#");

	return n > 5 && memcmp(url + n - 5, ".conf", 5) == 0;
}

int net_source_read_url(const char *url, const struct net_facts *facts, const int *stop_fd, struct boot_set *batch,
			struct diag_list *notes, struct diag_list *why)
{
	/* URL refs only: no volumes; host names through the network's name servers, once per name */
	struct dns_cache cache = { 0 };
	const struct fetch_ctx fetch = { .dns = facts ? &facts->dns : NULL, .dns_cache = &cache, .stop_fd = stop_fd };
	struct net_settings nset, *ns = NULL;
	struct net_url_plan plan;
	struct source_ctx ctx;
	char *text = NULL;
	size_t len = 0;
	enum net_image kind;
	int r;

	if (facts) {
		net_settings_make(facts, &nset);
		ns = &nset;
	}
	r = net_url_plan_make(url, &plan);
	if (r < 0)
		return r == -EINVAL ? diag_fail(why, EINVAL, "not a URL") : r;
	if (plan.kind == NET_URL_DIR) {
		ctx = net_source_ctx(plan.base, &fetch, ns);
		r = discover_source(&ctx, batch, notes);
		if (r >= 0 && !batch->n_entries)
			r = diag_fail(why, ENOENT, "found no grub.cfg, grub/grub.cfg, pxelinux.cfg/default or %s under it",
				      IPXE_WELL_KNOWN);
		goto out;
	}
	/* A named config is read once first: its failure is the reason shown, and its first line its language. */
	r = fetch_text(&fetch, url, NET_CONFIG_MAX, &text, &len, why);
	if (r == -EFBIG && plan.kind == NET_URL_FILE) {
		/* Bigger than any config: maybe a kernel to boot as it is (HTTP boot of a UKI). */
		diag_list_done(why);
		diag_list_init(why);
		r = net_read_image(url, &fetch, batch, why);
		goto out;
	}
	if (r < 0)
		goto out;
	kind = plan.kind == NET_URL_FILE ? net_image_probe((const uint8_t *)text, len, len) : NET_IMAGE_NONE;
	if (kind != NET_IMAGE_NONE) {
		struct boot_entry *e;

		r = net_image_entry(url, kind, (const uint8_t *)text, len, &e);
		if (r >= 0 && (r = boot_set_add(batch, e)) < 0)
			boot_entry_free(e);
	} else if (plan.kind == NET_URL_FILE && ipxe_is_script(text)) {
		ctx = net_source_ctx(url, &fetch, ns);
		r = ipxe_discover(&ctx, batch, notes);
	} else if (plan.kind == NET_URL_FILE && url_is_bls_entry(url)) {
		ctx = net_source_ctx(url, &fetch, ns);
		r = bls_discover(&ctx, batch, notes);
	} else if (plan.kind == NET_URL_FILE && grub_is_script(text, url)) {
		ctx = net_source_ctx(plan.base, &fetch, ns);
		r = grub_parse_url(&ctx, url, batch, notes);
		if (r < 0 && r != -ENOMEM)
			r = diag_fail(why, r, "%s", strerror(-r));
	} else {
		ctx = net_source_ctx(plan.base, &fetch, ns);
		r = syslinux_parse_source(&ctx, plan.path, batch, notes);
		if (r < 0 && r != -ENOMEM)
			r = diag_fail(why, r, "%s", strerror(-r));
	}
	if (r >= 0 && !batch->n_entries)
		r = diag_fail(why, ENOENT, "no boot entry in it");
out:
	/* Each entry takes the name servers along: the fetch stage never asks this source. */
	for (size_t i = 0; r >= 0 && facts && facts->dns.n_servers && i < batch->n_entries; i++)
		r = boot_entry_set_dns(batch->entries[i], &facts->dns);
	free(text);
	net_url_plan_done(&plan);
	return r;
}

/* The notes a step left beside its reason (a lease without a netmask, a send that failed once), kept. */
static void net_keep_notes(struct diag_list *notes, struct diag_list *why)
{
	for (size_t i = 0; i < why->n; i++)
		(void)diag_note(notes, "network: %s", why->msgs[i]);
	diag_list_drop_msgs(why);
}

static void why_reset(struct diag_list *why)
{
	diag_list_done(why);
	diag_list_init(why);
}

/* PXELINUX's way: the first name that reads is the machine's config; the others are never looked at. */
static int net_read_first(struct source *src, const struct net_where *w, const struct net_facts *facts,
			  struct diag_list *notes, struct diag_list *why)
{
	const int stop = source_stop_fd(src); /* a download under way ends when the sources stop */
	int r = -ENOENT;

	for (size_t i = 0; i < w->urls.n && !source_stopping(src); i++) {
		struct boot_set batch;

		boot_set_init(&batch);
		why_reset(why);
		r = net_source_read_url(w->urls.v[i], facts, &stop, &batch, notes, why);
		if (r >= 0)
			source_deliver(src, &batch, notes);
		boot_set_done(&batch);
		if (r >= 0 || r == -ENOMEM)
			return r;
	}
	if (source_stopping(src))
		return 0;
	/* Only the last reason (about "default") is kept: the others were expected misses. */
	return net_fail(src, w->urls.n ? w->urls.v[w->urls.n - 1] : net_where_name(w->from),
			diag_reason(why, strerror(-r)), notes);
}

/*
 * RFC 5970: option 60's parameters go with the boot file option 59 names.
 * When that file is a kernel booted as it is (its entry has no command
 * line of its own), they become its command line; a config's entries keep
 * theirs.
 */
static int net_boot_params(struct boot_set *batch, const char *url, const char *params)
{
	for (size_t i = 0; params && params[0] && i < batch->n_entries; i++) {
		struct boot_entry *e = batch->entries[i];

		if (e->origin && strcmp(e->origin, url) == 0 && e->cmdline && !e->cmdline[0] &&
		    str_set(&e->cmdline, params) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* kexboot.url, 209, a boot file URL, 59: each URL is read and its entries delivered. */
static int net_read_each(struct source *src, const struct net_where *w, const struct net_facts *facts,
			 const char *params, struct diag_list *notes, struct diag_list *why)
{
	const int stop = source_stop_fd(src); /* a download under way ends when the sources stop */
	int r = 0;

	for (size_t i = 0; i < w->urls.n && !source_stopping(src); i++) {
		struct boot_set batch;

		boot_set_init(&batch);
		why_reset(why);
		r = net_source_read_url(w->urls.v[i], facts, &stop, &batch, notes, why);
		if (r >= 0)
			r = net_boot_params(&batch, w->urls.v[i], params);
		if (r >= 0)
			source_deliver(src, &batch, notes);
		boot_set_done(&batch); /* what a failed read left half-made */
		if (r == -ENOMEM)
			break;
		if (r == -ECANCELED && source_stopping(src))
			return 0; /* stopped: nobody is left to show it to */
		if (r < 0)
			r = net_fail(src, w->urls.v[i], diag_reason(why, strerror(-r)), notes);
	}
	return r;
}

int net_source_run(struct source *src, void *vctx)
{
	struct net_source *ns = vctx;
	const bool asked = ns->urls && ns->urls[strspn(ns->urls, " \t,")];
	struct net_up_result *up = calloc(1, sizeof(*up)); /* big: a lease and its options */
	struct net_where where = { 0 };
	struct net_ipconf ip;
	struct diag_list notes, why;
	int r;

	diag_list_init(&notes);
	diag_list_init(&why);
	if (!up) {
		r = -ENOMEM;
		goto out;
	}
	r = net_ipconf_parse(ns->ip, &ip, &why);
	if (r < 0) {
		r = net_fail(src, "kexboot.ip", diag_reason(&why, "invalid"), &notes);
		goto out;
	}
	net_keep_notes(&notes, &why);
	/* kexboot.url is checked before the network comes up: a typo says so at once. */
	r = net_where_make(ns->urls, NULL, NULL, &where, &notes);
	if (r < 0)
		goto out;
	if (asked && !where.urls.n) {
		r = net_fail(src, "kexboot.url", "names no URL kexboot can read", &notes);
		goto out;
	}
	r = net_up(src, ns, &ip, up, &why);
	net_keep_notes(&notes, &why);
	if (r == -ECANCELED || source_stopping(src)) {
		r = 0;
		goto out;
	}
	if (r < 0 && !asked && !up->configuring) {
		/* Nobody asked for the network and there is no cable: a note, no broken entry. */
		(void)diag_note(&notes, "network: %s", diag_reason(&why, strerror(-r)));
		net_notes_deliver(src, &notes);
		r = 0;
		goto out;
	}
	if (r < 0 && asked) {
		r = net_fail(src, where.urls.v[0], diag_reason(&why, strerror(-r)), &notes);
		goto out;
	}
	if (r < 0) {
		/* Nothing else names this entry: the reason is its title ("eth0: no DHCP offer within 30 s ..."). */
		r = net_fail_titled(src, "DHCP", diag_reason(&why, strerror(-r)), diag_reason(&why, strerror(-r)), &notes);
		goto out;
	}
	net_where_done(&where);
	r = net_where_make(ns->urls, up->has_lease ? &up->dual->dhcp.lease : NULL, &up->facts, &where, &notes);
	/* kexboot.url and DHCPv4's answer first; option 59 when they name nothing or only the pxelinux lookup. */
	if (r >= 0 && up->has_v6)
		r = net_where_v6(&where, up->dual->url6, up->has_lease ? up->dual->dhcp.lease.boot_file : NULL, &notes);
	if (r < 0)
		goto out;
	if (where.from == NET_WHERE_NONE) {
		(void)diag_note(&notes, "network: %s names no boot configuration",
				up->has_lease && up->has_v6 ? "neither the DHCP lease nor DHCPv6"
				: up->has_lease		    ? "the DHCP lease"
				: up->has_v6		    ? "DHCPv6"
							    : "kexboot.ip");
		net_notes_deliver(src, &notes);
	} else if (where.first_only) {
		r = net_read_first(src, &where, &up->facts, &notes, &why);
	} else {
		r = net_read_each(src, &where, &up->facts, where.from == NET_WHERE_OPT59 ? up->dual->params6 : NULL,
				  &notes, &why);
	}
out:
	if (up && up->multi) {
		net_multi_result_done(up->multi);
		free(up->multi);
	}
	free(up);
	net_where_done(&where);
	diag_list_done(&notes);
	diag_list_done(&why);
	return r == -ENOMEM ? r : 0;
}
