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
#include "boot/image.h"
#include "boot/trust/trust.h"
#include "boot/ledger.h"
#include "boot/net/net.h"
#include "boot/scan.h"
#include "boot/sources.h"
#include "config/defaults.h"
#include "config/settings.h"
#include "init/commands.h"
#include "init/console.h"
#include "init/supervise.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "loader/load.h"
#include "loader/policy.h"
#include "loader/sys.h"
#include "menu/menu.h"
#include "menu/session.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PIPELINE_SCAN_DIR KEXBOOT_RUN_DIR "/mnt"

struct pipeline {
	const struct settings *s;
	const struct consoles *c;
	struct boot_scan scan; /* filled by the disk source; read under the sources' data lock */
	struct boot_scan_source disk;
	struct net_source net; /* its record is read and undone only once the sources stopped */
	struct sources sources;
	struct boot_set set;
	struct diag_list diags;
	bool scanned;
	bool searching;    /* a source is still looking */
	bool data_locked;  /* we hold the sources' data lock (loading) */
	bool marked;       /* the "menu drawn" marker went out */
};

static void pipeline_show_diags(struct pipeline *p)
{
	if (!p->diags.n)
		return;
	/* Config problems are shown once, briefly; all of them with kexboot.debug. */
	consoles_printf(p->c, "kexboot: %zu problem(s) while looking for entries%s\n", p->diags.n + p->diags.n_dropped,
			p->s->debug ? ":" : " (kexboot.debug shows them)");
	for (size_t i = 0; p->s->debug && i < p->diags.n; i++)
		consoles_printf(p->c, "  %s\n", p->diags.msgs[i]);
}

/* Takes back the network source's addresses, routes and links, newest first; says so when there were any. */
static void pipeline_net_undo(struct pipeline *p)
{
	struct diag_list notes;
	size_t n = p->net.rec.n;
	int failed;

	if (!n)
		return;
	diag_list_init(&notes);
	failed = net_record_undo(&p->net.rec, &notes);
	consoles_printf(p->c, "kexboot: network: took back %zu change(s)%s\n", n, failed ? ", some failed:" : "");
	for (size_t i = 0; i < notes.n; i++)
		consoles_printf(p->c, "kexboot: %s\n", notes.msgs[i]);
	diag_list_done(&notes);
}

static void pipeline_release(struct pipeline *p)
{
	if (p->data_locked) {
		sources_cancel(&p->sources); /* before the lock goes: no source mounts anything after this */
		sources_data_unlock(&p->sources);
	}
	p->data_locked = false;
	/* The sources go first: nothing may mount (or lease) while the mounts (and leases) are undone. */
	sources_stop(&p->sources);
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
	const bool net = net_source_wanted(p->s->url, p->s->net);
	size_t n_vols;
	int r;

	pipeline_release(p);
	boot_set_init(&p->set);
	diag_list_init(&p->diags);
	memset(&p->scan, 0, sizeof(p->scan));
	p->disk = (struct boot_scan_source){
		.scan = &p->scan,
		.opt = { .sys_root = "/sys", .dev_root = "/dev", .run_dir = PIPELINE_SCAN_DIR,
			 .settle_max_ms = 5000, .settle_quiet_ms = 1000 },
	};
	/* pipeline_release() undid the last run's changes: the record starts empty. */
	p->net = (struct net_source){ .root = "", .urls = p->s->url, .links = p->s->net };
	consoles_printf(p->c, "kexboot: looking for boot entries\n");
	p->scanned = true;
	if (net)
		consoles_printf(p->c, "kexboot: network: reading %s once a link has an address\n", p->s->url);
	r = sources_start(&p->sources, descs, net ? 2 : 1);
	if (r >= 0)
		r = sources_wait_local(&p->sources, &p->set, &p->diags);
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

/* The notes a stage left on the way (warnings that did not stop it), once. */
static void pipeline_show_notes(struct pipeline *p, struct diag_list *why)
{
	for (size_t i = 0; i < why->n; i++)
		consoles_printf(p->c, "kexboot: %s\n", why->msgs[i]);
	diag_list_drop_msgs(why);
}

/* A long download's progress line (boot/fetch/progress.h: about once a second after the first). */
static void pipeline_show_progress(void *arg, const struct fetch_progress *fp)
{
	const struct pipeline *p = arg;
	char line[512];

	fetch_progress_format(fp, line, sizeof(line));
	consoles_printf(p->c, "kexboot: %s\n", line);
}

/*
 * The chosen entry, stage by stage, into the kernel: fetch -> verify ->
 * measure -> compose -> plan + load. On failure: reason in why->reason,
 * nothing loaded, every blob released.
 */
static int pipeline_load(struct pipeline *p, const struct boot_entry *e, const char *cmdline, struct diag_list *why)
{
	const struct fetch_ctx fetch = { .vols = &p->scan.volumes, .root = "", .progress = pipeline_show_progress,
					 .progress_arg = p };
	const struct trust_ctx trust = { .policy = KEXBOOT_TRUST_POLICY, .root = "" };
	const struct load_options opt = { .root = "", .verbose_purgatory = p->s->debug, .serial_port = 0x3f8 };
	struct boot_image img = { .kernel = BLOB_INIT };
	struct composed pieces = { .generated = BLOB_INIT };
	struct load_request req;
	struct load_result res = { 0 };
	int r;

	r = boot_image_fetch(&fetch, e, cmdline, &img, why);
	if (r >= 0)
		r = trust_verify(&trust, e, &img, why);
	if (r >= 0)
		r = trust_measure(&trust, &img, why);
	if (r >= 0)
		r = compose_initrds(&img, &pieces, why);
	if (r >= 0)
		r = load_request_build(&req, &img.kernel, pieces.pieces, pieces.n_pieces, img.cmdline, &opt, why);
	pipeline_show_notes(p, why);
	if (r < 0)
		goto out;
	consoles_printf(p->c, "kexboot: loading %s with %zu initrd(s)\n", img.kernel.name, pieces.n_pieces);
	if (p->s->debug)
		consoles_printf(p->c, "kexboot: command line: %s\n", img.cmdline);
	r = load_run(&req, &res, why);
	if (p->s->debug)
		pipeline_show_notes(p, why);
	if (r < 0) {
		/* Nothing half-loaded may stay behind. */
		(void)sys_kexec_unload(false);
	} else {
		consoles_printf(p->c, "kexboot: loaded through %s (%s)\n",
				kexec_iface_name(res.used == KEXEC_IFACE_FILE), res.why);
	}
out:
	load_result_done(&res);
	composed_done(&pieces);
	boot_image_done(&img);
	return r;
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
	consoles_printf(p->c, "kexboot: quiescing: unmounting %zu filesystem(s)\n", p->scan.mounts.n);
	pipeline_release(p);
	if (r >= 0 && p->s->quiesce)
		unbound = ledger_quiesce(&ledger, &diags);
	consoles_printf(p->c, "kexboot: quiescing: released %d device(s) from their drivers\n", unbound < 0 ? 0 : unbound);
	for (size_t i = 0; i < diags.n; i++)
		consoles_printf(p->c, "kexboot: %s\n", diags.msgs[i]);
	ledger_done(&ledger);
	diag_list_done(&diags);
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

int pipeline_run(const struct settings *s, const struct consoles *c)
{
	struct pipeline p = { .s = s, .c = c };
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
	for (;;) {
		struct menu_choice ch;
		struct diag_list why = { 0 };
		const struct boot_entry *e;
		bool interactive = s->menu || status;

		opt.status = status;
		opt.searching = p.searching;
		/* Entries may have arrived since the last menu: the default may be among them. */
		opt.default_index = menu_resolve_default(&p.set, s->default_entry);
		if (!status)
			opt.initial_index = opt.default_index;
		live = feed;
		live.fd = sources_fd(&p.sources);
		r = menu_session_run_fed(mc, nmc, &p.set, &opt, interactive, &live, &ch);
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
	r = pipeline_run(&s, &c);
	free(c.items[0].name);
	if (fd >= 0)
		close(fd);
	settings_done(&s);
	return r;
}
