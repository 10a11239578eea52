// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The boot pipeline, run by PID 1 in a child (and by `kexboot boot` by
 * hand): settings -> discovery -> menu -> fetch -> load -> quiesce -> exec.
 * Every failure before quiesce comes back to the menu with the reason and
 * nothing left behind: the image is unmapped and a half-loaded kexec image
 * unloaded. Quiesce starts only once the kernel holds the new image.
 */
#include "lib/diag.h"
#include "boot/compose/compose.h"
#include "boot/fetch/memavail.h"
#include "boot/image.h"
#include "boot/trust/password.h"
#include "boot/trust/trust.h"
#include "boot/ledger.h"
#include "boot/net/net.h"
#include "boot/scan.h"
#include "boot/secrets/secrets.h"
#include "boot/sources.h"
#include "config/defaults.h"
#include "config/settings.h"
#include "init/cancelkey.h"
#include "init/commands.h"
#include "init/console.h"
#include "init/supervise.h"
#include "init/watchdog.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "loader/load.h"
#include "loader/policy.h"
#include "loader/sys.h"
#include "menu/menu.h"
#include "menu/session.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

struct pipeline {
	const struct settings *s;
	const struct consoles *c;
	int phase_fd;          /* PID 1's phase channel (init/watchdog.h); -1 by hand */
	struct boot_scan scan; /* filled by the disk source; read under the sources' data lock */
	struct boot_scan_source disk;
	struct net_source net; /* its record is read and undone only once the sources stopped */
	struct sources sources;
	struct boot_set set;
	struct diag_list diags;
	size_t diags_shown;    /* problems already on the consoles (messages and dropped ones) */
	bool scanned;
	bool searching;    /* a source is still looking */
	bool data_locked;  /* we hold the sources' data lock (loading) */
	bool marked;       /* the "menu drawn" marker went out */
	struct secrets_memscan memscan; /* kexboot.test.memscan: the secrets of the entry being loaded */
	bool unlocked;     /* the menu's password was given (policy enforce): open for this session */
	struct trust_measured measured; /* what failed attempts extended into the TPM, for the next log */
	bool busy_done;    /* kexboot.fault=busy-load: the one EBUSY was given */
	bool cancel_keys;  /* the entry's fetch is watched for Esc/Ctrl-C (init/cancelkey.h): progress says so */
};

/*
 * Config problems are shown once, briefly; all of them with kexboot.debug.
 * Those a source delivered while the menu was open (the network's) are
 * shown when it closes, as "more".
 */
static void pipeline_show_diags(struct pipeline *p)
{
	size_t total = p->diags.n + p->diags.n_dropped;
	size_t first = p->diags_shown < p->diags.n ? p->diags_shown : p->diags.n;

	if (total <= p->diags_shown)
		return;
	consoles_printf(p->c, "kexboot: %zu %sproblem(s) while looking for entries%s\n", total - p->diags_shown,
			p->diags_shown ? "more " : "", p->s->debug ? ":" : " (kexboot.debug shows them)");
	for (size_t i = first; p->s->debug && i < p->diags.n; i++)
		consoles_printf(p->c, "  %s\n", p->diags.msgs[i]);
	p->diags_shown = total;
}

/*
 * Says what each link the network source tried got and which one it used,
 * then takes back that link's addresses, routes and link, newest first
 * (the others were taken down at once); says so when there were any.
 */
static void pipeline_net_undo(struct pipeline *p)
{
	struct diag_list notes;
	size_t n = p->net.rec.n;
	int failed;

	for (size_t i = 0; i < p->net.report.n; i++)
		consoles_printf(p->c, "kexboot: network: %s\n", p->net.report.msgs[i]);
	diag_list_done(&p->net.report);
	if (!n)
		return;
	diag_list_init(&notes);
	failed = net_record_undo(&p->net.rec, &notes);
	consoles_printf(p->c, "kexboot: network: took back %zu change(s)%s\n", n, failed ? ", some failed:" : "");
	for (size_t i = 0; i < notes.n; i++)
		consoles_printf(p->c, "kexboot: %s\n", notes.msgs[i]);
	diag_list_done(&notes);
}

/* The sources stop (a second call does nothing): nothing may mount or lease after this. */
static void pipeline_stop_sources(struct pipeline *p)
{
	if (p->data_locked) {
		sources_cancel(&p->sources); /* before the lock goes: no source mounts anything after this */
		sources_data_unlock(&p->sources);
	}
	p->data_locked = false;
	sources_stop(&p->sources);
}

static void pipeline_release(struct pipeline *p)
{
	/* The sources go first: nothing may mount (or lease) while the mounts (and leases) are undone. */
	pipeline_stop_sources(p);
	if (p->scanned)
		boot_scan_done(&p->scan, &p->diags);
	pipeline_net_undo(p);
	boot_set_done(&p->set);
	diag_list_done(&p->diags);
	p->scanned = false;
}

/*
 * Starts the sources and waits for the local ones' first batch (the disks
 * present now: no settle wait); the rest arrive while the menu is open.
 */
static int pipeline_discover(struct pipeline *p)
{
	const struct source_desc descs[] = {
		{ .name = "disks", .local = true, .run = boot_scan_source_run, .ctx = &p->disk },
		/* Not local: the menu opens with the disks' entries and "searching..." meanwhile. */
		{ .name = "network", .local = false, .run = net_source_run, .ctx = &p->net },
	};
	char wired[NET_LINKS_MAX][IF_NAMESIZE];
	size_t n_vols, n_wired = 0;
	bool net;
	int r;

	pipeline_release(p);
	boot_set_init(&p->set);
	diag_list_init(&p->diags);
	p->diags_shown = 0;
	memset(&p->scan, 0, sizeof(p->scan));
	p->disk = (struct boot_scan_source){
		.scan = &p->scan,
		.opt = { .sys_root = "/sys", .dev_root = "/dev", .run_dir = KEXBOOT_SCAN_DIR,
			 .settle_max_ms = 5000, .settle_quiet_ms = 1000 },
	};
	/* pipeline_release() undid the last run's changes: the record starts empty. */
	p->net = (struct net_source){ .root = "", .urls = p->s->url, .links = p->s->net, .ip = p->s->ip,
				      .dhcp_ms = (uint32_t)p->s->net_timeout * 1000, .v6_off = p->s->net_v6_off };
	/* Without kexboot.url the network runs when there is a cable to try: the lease may name a config. */
	(void)net_links_pick("", NULL, wired, NET_LINKS_MAX, &n_wired, NULL);
	net = net_source_wanted(p->s->url, p->s->net, p->s->ip, n_wired);
	consoles_printf(p->c, "kexboot: looking for boot entries\n");
	phase_report(p->phase_fd, PHASE_DISCOVERY);
	p->scanned = true;
	if (net && p->s->url)
		consoles_printf(p->c, "kexboot: network: reading %s once a link has an address\n", p->s->url);
	else if (net)
		consoles_printf(p->c, "kexboot: network: asking DHCP where the boot config is (%zu wired link(s))\n",
				n_wired);
	if (net && p->s->ip)
		consoles_printf(p->c, "kexboot: network: addressing from kexboot.ip=%s\n", p->s->ip);
	r = sources_start(&p->sources, descs, net ? 2 : 1);
	if (r >= 0)
		r = sources_wait_local(&p->sources, &p->set, &p->diags);
	if (p->s->fault == SETTINGS_FAULT_HANG_DISCOVERY) {
		/* After the disks are mounted: what a killed child leaves behind is part of the test. */
		consoles_printf(p->c, "kexboot: kexboot.fault=hang-discovery: discovery stops here on purpose\n");
		for (;;)
			pause();
	}
	pipeline_show_diags(p);
	if (r < 0) {
		consoles_printf(p->c, "kexboot: discovery failed: %s\n", strerror(-r));
		return r;
	}
	p->searching = r > 0;
	sources_data_lock(&p->sources);
	n_vols = p->scan.n;
	sources_data_unlock(&p->sources);
	consoles_printf(p->c, "kexboot: found %zu boot entr%s on %zu filesystem(s)%s\n", p->set.n_entries,
			p->set.n_entries == 1 ? "y" : "ies", n_vols, p->searching ? "; still looking" : "");
	phase_report(p->phase_fd, PHASE_MENU);
	return 0;
}

/* The menu's feed: what the sources delivered since, appended to the set. */
static int pipeline_pull(void *userdata, size_t *default_index)
{
	struct pipeline *p = userdata;
	int r = sources_take(&p->sources, &p->set, &p->diags);

	p->searching = r > 0;
	*default_index = menu_resolve_default(&p->set, p->s->default_entry);
	return r;
}

/*
 * Once, when the first picture with entries went out: a timestamped line in
 * the kernel log at debug level (tests/bench/boot reads it with loglevel=8
 * printk.time=1 next to the kernel's "Run /init as init process"; it stays
 * off the console otherwise).
 */
static void pipeline_drawn(void *userdata, const struct menu_state *m)
{
	struct pipeline *p = userdata;
	struct timespec ts;
	char line[128];
	int fd, n;

	if (p->marked || !m->set || m->set->n_entries == 0)
		return;
	p->marked = true;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	n = snprintf(line, sizeof(line), "<7>kexboot: menu drawn: %zu entries at %llu ms\n", m->set->n_entries,
		     (unsigned long long)ts.tv_sec * 1000 + (unsigned long long)ts.tv_nsec / 1000000);
	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd >= 0 && n > 0)
		(void)!write(fd, line, (size_t)n);
	if (fd >= 0)
		close(fd);
}

/* The menu lock's check (policy enforce): the payload's password hash. */
static bool pipeline_unlock(void *userdata, const char *password)
{
	struct pipeline *p = userdata;
	struct diag_list why = { 0 };

	if (password_check_file("", KEXBOOT_PASSWORD_FILE, password, &why) == 0)
		p->unlocked = true;
	diag_list_done(&why);
	return p->unlocked;
}

/* The notes a stage left on the way (warnings that did not stop it), once. */
static void pipeline_show_notes(struct pipeline *p, struct diag_list *why)
{
	for (size_t i = 0; i < why->n; i++)
		consoles_printf(p->c, "kexboot: %s\n", why->msgs[i]);
	diag_list_drop_msgs(why);
}

/*
 * A long download's progress line (boot/fetch/progress.h: about once a
 * second after the first), with the keys that cancel it while it runs.
 */
static void pipeline_show_progress(void *arg, const struct fetch_progress *fp)
{
	const struct pipeline *p = arg;
	char line[512];

	fetch_progress_format(fp, line, sizeof(line));
	consoles_printf(p->c, "kexboot: %s%s\n", line, p->cancel_keys && !fp->done ? " (" CANCEL_KEYS_HINT ")" : "");
}

/*
 * The consoles are watched for a cancelling key while the entry's files are
 * fetched (init/cancelkey.h); the fetch stage sees only the watch's stop fd.
 * Without one (no console, no eventfd) downloads go on uncancellable.
 */
static void pipeline_watch_keys(struct pipeline *p, struct cancel_watch *w)
{
	int fds[CONSOLES_MAX];

	for (size_t i = 0; i < p->c->n && i < CONSOLES_MAX; i++)
		fds[i] = p->c->items[i].fd;
	p->cancel_keys = cancel_watch_start(w, fds, p->c->n < CONSOLES_MAX ? p->c->n : CONSOLES_MAX) == 0;
}

/*
 * The watch ends once every download of the entry is done: a key that came
 * after the last wait a download looked at still cancels, before anything
 * is composed or loaded.
 */
static int pipeline_unwatch_keys(struct pipeline *p, struct cancel_watch *w, int r, struct diag_list *why)
{
	char name[16];
	int key = cancel_watch_end(w);

	p->cancel_keys = false;
	if (r >= 0 && key != KEY_NONE)
		r = diag_fail(why, ECANCELED, "cancelled by a key (%s) before loading", key_name(key, name));
	return r;
}

/*
 * With kexboot.debug: the TPM event log as hex lines (until the generated
 * initrd carries it to the next system at EVENTLOG_PATH, this is how a test
 * reads it).
 */
static void pipeline_show_eventlog(struct pipeline *p, const struct blob *log)
{
	const uint8_t *b = log->data;

	if (!p->s->debug || !log->size)
		return;
	consoles_printf(p->c, "kexboot: tpm event log: %zu bytes\n", log->size);
	for (size_t off = 0; off < log->size; off += 64) {
		char hex[129];
		size_t n = log->size - off < 64 ? log->size - off : 64;

		for (size_t i = 0; i < n; i++)
			snprintf(hex + 2 * i, 3, "%02x", b[off + i]);
		consoles_printf(p->c, "kexboot: tpm-eventlog %s\n", hex);
	}
}

/*
 * The target's kernel configuration beside its kernel on a disk
 * (config-<version> or config, as distributions install it), for the
 * inherited-state report (loader/inherit.h). Optional: *ret stays empty
 * when there is none. Not asked of a server: a netbooted kernel rarely has
 * one beside it, and a miss would cost a request.
 */
static void pipeline_target_config(const struct fetch_ctx *fetch, const struct boot_entry *e, struct blob *ret)
{
	char cand[2][4096];
	size_t n;

	if (e->kernel.url || !e->kernel.path || e->kernel.section)
		return;
	n = inherit_config_candidates(e->kernel.path, cand);
	for (size_t i = 0; i < n; i++) {
		struct boot_ref ref = { .device = e->kernel.device, .path = cand[i] };
		struct diag_list none = { 0 };
		int r;

		r = fetch_ref(fetch, &ref, 8u << 20, ret, &none);
		diag_list_done(&none);
		if (r >= 0)
			return;
	}
}

/* What the target cannot take is said on every console, with or without kexboot.debug. */
static void pipeline_show_inherited(struct pipeline *p, const struct inherit_report *r)
{
	for (size_t i = 0; !p->s->debug && i < r->n; i++) {
		char line[400];

		if (r->items[i].support != INHERIT_UNSUPPORTED)
			continue;
		inherit_item_describe(&r->items[i], line, sizeof(line));
		consoles_printf(p->c, "kexboot: warning: %s\n", line);
	}
}

/*
 * The first file of img that came over plain http or tftp and that the
 * verify stage did not vouch for (its blob's name is the URL), or NULL: the
 * https source of secrets hands nothing to a kernel that could have been
 * swapped on the way.
 */
static const char *pipeline_plain_piece(const struct boot_image *img)
{
	static const char *const plain[] = { "http://", "tftp://" };

	for (size_t i = 0; i <= img->n_initrds; i++) {
		const struct blob *b = i == 0 ? &img->kernel : &img->initrds[i - 1];

		for (size_t k = 0; b->name && !b->verified && k < ARRAY_SIZE(plain); k++)
			if (!strncasecmp(b->name, plain[k], strlen(plain[k])))
				return b->name;
	}
	return NULL;
}

/*
 * The chosen entry, stage by stage, into the kernel: fetch -> verify ->
 * measure (the entry's extends) -> secrets (the TPM unseals against them)
 * -> compose -> plan + load, then the TPM's separators. On
 * failure: reason in why->reason, nothing loaded, every blob released
 * (secrets wiped).
 */
static int pipeline_load(struct pipeline *p, const struct boot_entry *e, const char *cmdline, struct diag_list *why)
{
	/* Esc or Ctrl-C on a console stops the entry's downloads (its stop fd) until the watch ends. */
	struct cancel_watch watch = CANCEL_WATCH_INIT;
	const struct fetch_ctx fetch = { .vols = &p->scan.volumes, .signatures = KEXBOOT_TRUST_POLICY != TRUST_POLICY_OFF,
					 .root = "", .progress = pipeline_show_progress, .progress_arg = p,
					 .stop_fd = &watch.stop_fd, .stop_says = CANCEL_KEYS_SAYS };
	const struct trust_ctx trust = { .policy = KEXBOOT_TRUST_POLICY, .root = "", .anchors_dir = KEXBOOT_TRUST_DIR,
					 .threshold = KEXBOOT_TRUST_THRESHOLD, .now = time(NULL),
					 .dbx_path = KEXBOOT_TRUST_DBX_PATH, .measured = &p->measured };
	const bool busy = p->s->fault == SETTINGS_FAULT_BUSY_LOAD && !p->busy_done;
	const struct load_options opt = {
		.root = "", .verbose_purgatory = p->s->debug, .serial_port = 0x3f8,
		.test_errno = busy ? EBUSY : 0,
		.iface = p->s->interface == SETTINGS_INTERFACE_SEGMENTS ? KEXEC_IFACE_LOAD
			 : p->s->interface == SETTINGS_INTERFACE_FILE	 ? KEXEC_IFACE_FILE
									 : KEXEC_IFACE_AUTO,
		.forced_why = "kexboot.interface",
	};
	struct boot_image img = { .kernel = BLOB_INIT };
	struct trust_measurement meas = TRUST_MEASUREMENT_INIT;
	/* The https source fetches through the same stage, with its root (the CA bundle) and nothing else. */
	const struct secrets_fetch sfetch = { .get = secrets_fetch_https, .userdata = (void *)&fetch };
	struct secrets_ctx sctx = { .root = "", .keyring = p->s->keyring, .keyctl = secrets_keyctl_real(),
				    .required = p->s->secrets, .fetch = &sfetch };
	struct composed pieces = { .generated = BLOB_INIT };
	struct compose_input gen = { .credentials_dir = p->s->credentials_dir };
	struct secret_set secrets = { 0 };
	char *source_url = NULL;
	struct blob target_config = BLOB_INIT;
	struct load_request req;
	struct load_result res = { 0 };
	uint64_t avail;
	bool kernel_busy = false;
	int r;

	if (p->s->fault == SETTINGS_FAULT_HANG_LOAD) {
		consoles_printf(p->c, "kexboot: kexboot.fault=hang-load: loading stops here on purpose\n");
		for (;;)
			pause();
	}
	pipeline_watch_keys(p, &watch);
	r = boot_image_fetch(&fetch, e, cmdline, &img, why);
	/* Too big for this machine's memory: said before anything is hashed, composed or copied. */
	if (r >= 0 && mem_available("", &avail) == 0)
		r = compose_check_memory(&img, avail, why);
	if (r >= 0)
		r = trust_verify(&trust, e, &img, why);
	if (r >= 0)
		r = trust_measure(&trust, &img, &meas, why);
	/* The entry's PCR 8/9 (11/12) events go in now: sealed secrets unseal against them, the separators wait. */
	if (r >= 0)
		r = trust_measure_extend(&trust, &meas, why);
	/* The config URL the entry came from: where the https source looks, and what the next system is told. */
	if (r >= 0 && compose_source_url(e->origin, &source_url) < 0)
		r = diag_fail(why, ENOMEM, "out of memory");
	if (r >= 0) {
		sctx.tpm = meas.tpm.fd >= 0 ? &meas.tpm : NULL;
		sctx.source_url = source_url;
		sctx.plain_piece = pipeline_plain_piece(&img);
		r = secrets_gather(&sctx, &secrets, why);
	}
	/* The last download (an https secret) is over: a key from now on changes nothing. */
	r = pipeline_unwatch_keys(p, &watch, r, why);
	if (r >= 0)
		r = compose_initrds(&img, &pieces, why);
	/* The log of what the TPM will be extended with, for the next system to replay. */
	if (r >= 0 && meas.eventlog.size)
		r = compose_input_add_file(&gen, COMPOSE_TPM_EVENTLOG, &meas.eventlog, why);
	if (r >= 0) {
		gen.secrets = &secrets;
		gen.source_url = source_url;
		r = compose_generate(&pieces, &gen, why);
	}
	if (r >= 0 && secrets.n) {
		consoles_printf(p->c, "kexboot: handing over %zu secret(s):", secrets.n);
		for (size_t i = 0; i < secrets.n; i++)
			consoles_printf(p->c, " %s (%s)", secrets.v[i].name, secrets.v[i].source);
		consoles_printf(p->c, "\n");
	}
	if (r >= 0 && p->s->test_memscan && secrets_memscan_remember(&p->memscan, &secrets) < 0)
		consoles_printf(p->c, "kexboot: memscan: cannot keep the secrets to look for\n");
	/* The generated initrd holds its own copy now: the gathered secrets go at once. */
	secret_set_done(&secrets);
	if (r >= 0) {
		struct load_options o = opt;

		/* The entry's devicetree (verified and measured above): setup_data SETUP_DTB. */
		o.dtb = boot_image_has_devicetree(&img) ? &img.devicetree : NULL;
		r = load_request_build(&req, &img.kernel, pieces.pieces, pieces.n_pieces, img.cmdline, &o, why);
	}
	if (r >= 0) {
		pipeline_target_config(&fetch, e, &target_config);
		req.opt.target_config = target_config.size ? (const char *)target_config.data : NULL;
		req.opt.target_config_len = target_config.size;
	}
	pipeline_show_notes(p, why);
	if (r < 0)
		goto out;
	pipeline_show_eventlog(p, &meas.eventlog);
	/* The entry's initrds, then kexboot's own generated one (credentials, source URL, TPM log). */
	if (pieces.generated.size)
		consoles_printf(p->c, "kexboot: loading %s with %zu initrd(s) and kexboot's generated one (%llu bytes)\n",
				img.kernel.name, pieces.n_pieces - 1, (unsigned long long)pieces.generated.size);
	else
		consoles_printf(p->c, "kexboot: loading %s with %zu initrd(s)\n", img.kernel.name, pieces.n_pieces);
	if (p->s->debug)
		consoles_printf(p->c, "kexboot: command line: %s\n", img.cmdline);
	r = load_run(&req, &res, why);
	/* The kernel was busy with another loader's load or unload: nothing of ours is there to take back. */
	kernel_busy = r == -EBUSY;
	/* Only a load that reached the kernel's step counts (planning may refuse an image first). */
	if (busy && r == -EBUSY) {
		consoles_printf(p->c, "kexboot: kexboot.fault=busy-load: the load step answered EBUSY on purpose\n");
		p->busy_done = true;
	}
	pipeline_show_inherited(p, &res.inherited);
	if (p->s->debug)
		pipeline_show_notes(p, why);
	if (r >= 0) {
		consoles_printf(p->c, "kexboot: loaded through %s (%s)\n",
				kexec_iface_name(res.used == KEXEC_IFACE_FILE), res.why);
		/* Everything fallible passed: the measurements go into the TPM now, before quiesce. */
		r = trust_measure_commit(&trust, &meas, why);
		pipeline_show_notes(p, why);
	}
	if (r < 0 && !kernel_busy) {
		/* Nothing half-loaded may stay behind (an image the other loader holds is not ours to unload). */
		(void)sys_kexec_unload(false);
	}
out:
	(void)cancel_watch_end(&watch); /* ended above; a second call does nothing */
	/* A failed attempt after the entry's extends: its separators go in, its events stay in the next log. */
	if (r < 0)
		trust_measure_abandon(&trust, &meas, why);
	trust_measurement_done(&meas);
	load_result_done(&res);
	/* The kernel holds its copy (or refused it): the generated initrd is wiped here. */
	composed_done(&pieces);
	boot_image_done(&img);
	blob_release(&target_config);
	free(source_url);
	if (r < 0)
		secrets_memscan_done(&p->memscan);
	return r;
}

/* kexboot.test.memscan: is any secret's byte left in this process? One line per secret. */
static void pipeline_memscan(struct pipeline *p)
{
	/* Where a copy could have been written; the payload's own secret files are the source, not a copy. */
	static const char *const fs_tops[] = { "/", "/tmp", "/run", "/dev/shm", NULL };
	static const char *const fs_skip[] = { SECRETS_DIR, NULL };
	bool found[SECRETS_MAX];
	struct diag_list why = { 0 };
	int r;

	if (!p->s->test_memscan)
		return;
	r = secrets_memscan_run(&p->memscan, "", found, &why);
	if (r < 0)
		consoles_printf(p->c, "kexboot: memscan: %s\n", diag_reason(&why, strerror(-r)));
	for (size_t i = 0; r >= 0 && i < p->memscan.n; i++)
		consoles_printf(p->c, "kexboot: memscan: %s: %s\n", p->memscan.v[i].name,
				found[i] ? "FOUND in memory" : "not found");
	for (size_t i = 0; i < why.n; i++)
		consoles_printf(p->c, "kexboot: %s\n", why.msgs[i]);
	consoles_printf(p->c, "kexboot: memscan: %zu secret(s) looked for, %d found\n", p->memscan.n, r < 0 ? 0 : r);
	/* And the boot side's in-memory file systems: no secret may have been copied into a file. */
	diag_list_done(&why);
	r = secrets_fsscan_run(&p->memscan, "", fs_tops, fs_skip, found, &why);
	if (r < 0)
		consoles_printf(p->c, "kexboot: fsscan: %s\n", diag_reason(&why, strerror(-r)));
	for (size_t i = 0; r >= 0 && i < p->memscan.n; i++)
		consoles_printf(p->c, "kexboot: fsscan: %s: %s\n", p->memscan.v[i].name,
				found[i] ? "FOUND in a file" : "not found");
	for (size_t i = 0; i < why.n; i++)
		consoles_printf(p->c, "kexboot: %s\n", why.msgs[i]);
	consoles_printf(p->c, "kexboot: fsscan: %zu secret(s) looked for, %d found in files\n", p->memscan.n,
			r < 0 ? 0 : r);
	secrets_memscan_done(&p->memscan);
	diag_list_done(&why);
}

/* The kernel holds the image: undo what kexboot touched, then jump. */
static int pipeline_exec(struct pipeline *p)
{
	struct ledger ledger;
	struct diag_list diags;
	int r, unbound = 0;

	diag_list_init(&diags);
	/* Note the disks behind the mounts before they go away. */
	r = ledger_init(&ledger, "/sys");
	for (size_t i = 0; r >= 0 && i < p->scan.mounts.n; i++) {
		const char *src = p->scan.mounts.v[i].source, *base = strrchr(src, '/');

		(void)ledger_note_block(&ledger, base ? base + 1 : src, src);
	}
	/* And the NICs the network source used (its record is still whole: the sources stop first). */
	pipeline_stop_sources(p);
	for (size_t i = 0; r >= 0 && i < p->net.rec.n; i++) {
		const struct net_change_item *it = &p->net.rec.v[i];
		char name[IF_NAMESIZE];

		if (it->ifname[0])
			snprintf(name, sizeof(name), "%s", it->ifname);
		else if (!if_indextoname((unsigned)it->ifindex, name))
			continue;
		(void)ledger_note_net(&ledger, name, NULL);
	}
	consoles_printf(p->c, "kexboot: quiescing: unmounting %zu filesystem(s)\n", p->scan.mounts.n);
	pipeline_release(p);
	if (r >= 0 && p->s->quiesce)
		unbound = ledger_quiesce(&ledger, &diags);
	consoles_printf(p->c, "kexboot: quiescing: released %d device(s) from their drivers\n", unbound < 0 ? 0 : unbound);
	for (size_t i = 0; i < diags.n; i++)
		consoles_printf(p->c, "kexboot: %s\n", diags.msgs[i]);
	ledger_done(&ledger);
	diag_list_done(&diags);
	pipeline_memscan(p);
	consoles_printf(p->c, "kexboot: starting the new kernel\n");
	r = sys_reboot(SYS_REBOOT_KEXEC);
	consoles_printf(p->c, "kexboot: kexec failed: %s\n", strerror(-r));
	(void)sys_kexec_unload(false);
	return r;
}

static size_t menu_consoles(const struct consoles *c, struct menu_console *mc)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n && n < MENU_MAX_CONSOLES; i++)
		mc[n++] = (struct menu_console){ .fd = c->items[i].fd,
						 .name = c->items[i].name ? c->items[i].name : "console",
						 .line_drawing = -1 };
	return n;
}

int pipeline_run(const struct settings *s, const struct consoles *c, int phase_fd)
{
	struct pipeline p = { .s = s, .c = c, .phase_fd = phase_fd };
	struct menu_console mc[MENU_MAX_CONSOLES];
	size_t nmc = menu_consoles(c, mc);
	struct menu_options opt = { 0 };
	const struct menu_feed feed = { .fd = -1, .pull = pipeline_pull, .drawn = pipeline_drawn, .userdata = &p };
	struct menu_feed live;
	_cleanup_free_ char *status = NULL;
	size_t last_auto = SIZE_MAX;
	int r, ret = PIPELINE_FAILED;

	switch (s->fault) {
	case SETTINGS_FAULT_SEGV:
		consoles_printf(c, "kexboot: kexboot.fault=segv: crashing the boot pipeline on purpose\n");
		raise(SIGSEGV);
		return PIPELINE_FAILED;
	case SETTINGS_FAULT_EXIT:
		consoles_printf(c, "kexboot: kexboot.fault=exit: failing the boot pipeline on purpose\n");
		return PIPELINE_FAILED;
	case SETTINGS_FAULT_NONE:
	case SETTINGS_FAULT_HANG_DISCOVERY:
	case SETTINGS_FAULT_HANG_LOAD:
	case SETTINGS_FAULT_BUSY_LOAD:
		break;
	}
	boot_set_init(&p.set);
	diag_list_init(&p.diags);
	if (pipeline_discover(&p) < 0)
		goto out;
	if (p.set.n_entries == 0 && !p.searching) {
		ret = PIPELINE_NOTHING;
		goto out;
	}
	opt.timeout_s = menu_resolve_timeout(s->timeout == SETTINGS_TIMEOUT_UNSET ? BOOT_TIMEOUT_UNSET : s->timeout,
					     p.set.timeout, KEXBOOT_DEFAULT_TIMEOUT_S);
	opt.default_index = menu_resolve_default(&p.set, s->default_entry);
	opt.initial_index = opt.default_index;
	opt.shell_locked = !s->shell;
	/* The policy is built in; no setting on the command line changes it (config/defaults.h). */
	opt.trust = KEXBOOT_TRUST_POLICY == TRUST_POLICY_ENFORCE ? "trust: enforce"
		    : KEXBOOT_TRUST_POLICY == TRUST_POLICY_WARN ? "trust: warn" : "trust: off";
	/* No hash built in: nothing opens the lock. */
	opt.unlock = access(KEXBOOT_PASSWORD_FILE, F_OK) == 0 ? pipeline_unlock : NULL;
	opt.unlock_userdata = &p;
	for (;;) {
		struct menu_choice ch;
		struct diag_list why = { 0 };
		const struct boot_entry *e;
		bool interactive = s->menu || status;

		opt.status = status;
		opt.searching = p.searching;
		opt.password_locked = KEXBOOT_TRUST_POLICY == TRUST_POLICY_ENFORCE && !p.unlocked;
		/* Entries may have arrived since the last menu: the default may be among them. */
		opt.default_index = menu_resolve_default(&p.set, s->default_entry);
		if (!status)
			opt.initial_index = opt.default_index;
		live = feed;
		live.fd = sources_fd(&p.sources);
		r = menu_session_run_fed(mc, nmc, &p.set, &opt, interactive, &live, &ch);
		pipeline_show_diags(&p);
		if (r == -ENOENT) {
			consoles_printf(c, "kexboot: no entry can be booted\n");
			ret = PIPELINE_NOTHING;
			goto out;
		}
		if (r < 0) {
			consoles_printf(c, "kexboot: menu: %s\n", strerror(-r));
			goto out;
		}
		if (ch.action == MENU_ACTION_SHELL) {
			ret = PIPELINE_SHELL_ON + (int)(ch.console_index < c->n ? ch.console_index : 0);
			menu_choice_done(&ch);
			goto out;
		}
		if (ch.action == MENU_ACTION_RESCAN) {
			menu_choice_done(&ch);
			free(TAKE_PTR(status));
			if (pipeline_discover(&p) < 0)
				goto out;
			if (p.set.n_entries == 0 && !p.searching) {
				ret = PIPELINE_NOTHING;
				goto out;
			}
			opt.default_index = menu_resolve_default(&p.set, s->default_entry);
			opt.initial_index = opt.default_index;
			continue;
		}
		e = p.set.entries[ch.index];
		if (ch.automatic && ch.index == last_auto) {
			/* Nobody can pick another entry and this one failed already. */
			consoles_printf(c, "kexboot: '%s' failed and no console can choose another\n", e->title);
			menu_choice_done(&ch);
			goto out;
		}
		consoles_printf(c, "\nkexboot: booting '%s'%s\n", e->title, ch.cmdline ? " (edited)" : "");
		/* The volume table and the mounts hold still while the entry loads (and after, for exec). */
		phase_report(p.phase_fd, PHASE_LOAD);
		sources_data_lock(&p.sources);
		p.data_locked = true;
		r = pipeline_load(&p, e, ch.cmdline, &why);
		if (r >= 0) {
			menu_choice_done(&ch);
			diag_list_done(&why);
			r = pipeline_exec(&p);
			ret = PIPELINE_FAILED;
			goto out;
		}
		sources_data_unlock(&p.sources);
		p.data_locked = false;
		phase_report(p.phase_fd, PHASE_MENU);
		consoles_printf(c, "kexboot: could not boot '%s': %s\n", e->title, diag_reason(&why, strerror(-r)));
		free(status);
		if (asprintf(&status, "could not boot '%s': %s", e->title, diag_reason(&why, strerror(-r))) < 0)
			status = NULL;
		if (ch.automatic)
			last_auto = ch.index;
		opt.initial_index = ch.index;
		diag_list_done(&why);
		menu_choice_done(&ch);
	}
out:
	pipeline_release(&p);
	secrets_memscan_done(&p.memscan);
	trust_measured_done(&p.measured);
	return ret;
}

int cmd_boot(int argc, char **argv)
{
	_cleanup_free_ char *cmdline = NULL;
	struct diag_list complaints = { 0 };
	struct settings s;
	struct consoles c;
	int r, fd;

	(void)argc;
	(void)argv;
	settings_init(&s);
	r = file_read_at(AT_FDCWD, "/proc/cmdline", KEXBOOT_CMDLINE_MAX, &cmdline, NULL);
	if (r < 0) {
		fprintf(stderr, "kexboot boot: /proc/cmdline: %s\n", strerror(-r));
		return 1;
	}
	settings_parse(&s, cmdline, &complaints);
	for (size_t i = 0; i < complaints.n; i++)
		fprintf(stderr, "%s\n", complaints.msgs[i]);
	diag_list_done(&complaints);
	/* By hand, the menu runs on the terminal we were started from. */
	fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	memset(&c, 0, sizeof(c));
	c.items[0].name = strdup("tty");
	c.items[0].fd = fd >= 0 ? fd : 1;
	c.n = 1;
	r = pipeline_run(&s, &c, -1);
	free(c.items[0].name);
	if (fd >= 0)
		close(fd);
	settings_done(&s);
	return r;
}
