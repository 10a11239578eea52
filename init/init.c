// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * PID 1: early mounts, consoles, settings, modules, then supervise the boot
 * pipeline forever. Nothing here may exit: the kernel would panic.
 */
#include "config/defaults.h"
#include "config/settings.h"
#include "init/commands.h"
#include "init/console.h"
#include "init/modules.h"
#include "init/mounts.h"
#include "init/supervise.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

/* Adds the names in a comma/space/newline separated list to names[]. */
static size_t names_split(char *list, const char **names, size_t n, size_t max)
{
	for (char *tok = strtok(list, ", \t\n"); tok && n < max; tok = strtok(NULL, ", \t\n"))
		if (tok[0] != '#')
			names[n++] = tok;
	return n;
}

static void init_modules(const struct settings *s, const struct consoles *c)
{
	_cleanup_free_ char *list = NULL, *dep = NULL, *moddir = NULL, *extra = NULL;
	struct strbuf order = STRBUF_INIT, loaded = STRBUF_INIT;
	struct diag_list complaints = { 0 };
	const char *names[256];
	struct module_db db = { 0 };
	struct utsname u;
	size_t n = 0;
	int r;

	/* A kernel without module support (the LinuxBoot payload builds everything in). */
	if (access("/proc/modules", F_OK) < 0)
		return;
	if (uname(&u) < 0 || asprintf(&moddir, "/lib/modules/%s", u.release) < 0) {
		moddir = NULL;
		return;
	}
	if (file_read_at(AT_FDCWD, KEXBOOT_MODULES_LIST, 1 << 20, &list, NULL) == 0)
		n = names_split(list, names, n, ARRAY_SIZE(names));
	if (s->modules && (extra = strdup(s->modules)))
		n = names_split(extra, names, n, ARRAY_SIZE(names));
	if (n == 0)
		return;
	{
		_cleanup_free_ char *dep_path = NULL;

		if (asprintf(&dep_path, "%s/modules.dep", moddir) < 0)
			return;
		r = file_read_at(AT_FDCWD, dep_path, MODULES_DEP_MAX, &dep, NULL);
		if (r < 0) {
			consoles_printf(c, "kexboot: no modules for kernel %s (%s: %s)\n", u.release, dep_path,
					strerror(-r));
			return;
		}
	}
	r = module_db_parse(&db, dep);
	if (r >= 0)
		r = module_db_order(&db, names, n, &order, &complaints);
	if (r >= 0)
		r = modules_load(moddir, order.buf ? order.buf : "", &loaded, &complaints);
	for (size_t i = 0; s->debug && i < complaints.n; i++)
		consoles_printf(c, "%s\n", complaints.msgs[i]);
	if (r >= 0) {
		int fd;

		consoles_printf(c, "kexboot: loaded %d kernel modules for %s\n", r, u.release);
		/* The ledger of what PID 1 brought up, for the quiesce step. */
		fd = open(KEXBOOT_RUN_DIR "/modules.loaded", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd >= 0) {
			if (loaded.len)
				(void)fd_write_all(fd, loaded.buf, loaded.len);
			close(fd);
		}
	} else {
		consoles_printf(c, "kexboot: modules: %s\n", strerror(-r));
	}
	module_db_done(&db);
	strbuf_done(&order);
	diag_list_done(&complaints);
	strbuf_done(&loaded);
}

int cmd_init(int argc, char **argv)
{
	struct diag_list log = { 0 };
	_cleanup_free_ char *cmdline = NULL;
	struct settings s;
	struct consoles c;
	int r;

	(void)argc;
	(void)argv;
	if (getpid() != 1) {
		fprintf(stderr, "kexboot init: runs only as PID 1 (it mounts and reboots); try 'kexboot boot'\n");
		return 2;
	}
	umask(022);
	r = early_mounts(&log);
	/* kexboot's own state (mount points, the module ledger) lives here. */
	(void)mkdir(KEXBOOT_RUN_DIR, 0755);
	settings_init(&s);
	if (file_read_at(AT_FDCWD, "/proc/cmdline", KEXBOOT_CMDLINE_MAX, &cmdline, NULL) < 0)
		cmdline = strdup("");
	consoles_open(&c, "", cmdline ? cmdline : "");
	/* Our stdio goes to the first console too, for children like the shell. */
	if (c.n && fcntl(0, F_GETFD) < 0) {
		dup2(c.items[0].fd, 0);
		dup2(c.items[0].fd, 1);
		dup2(c.items[0].fd, 2);
	}
	consoles_printf(&c, "\nkexboot %s (PID 1)\n", KEXBOOT_VERSION);
	if (r < 0)
		for (size_t i = 0; i < log.n; i++)
			consoles_printf(&c, "%s\n", log.msgs[i]);
	diag_list_done(&log);
	{
		struct diag_list complaints = { 0 };

		settings_parse(&s, cmdline ? cmdline : "", &complaints);
		for (size_t i = 0; i < complaints.n; i++)
			consoles_printf(&c, "%s\n", complaints.msgs[i]);
		diag_list_done(&complaints);
	}
	{
		struct strbuf names = STRBUF_INIT;

		for (size_t i = 0; i < c.n; i++)
			strbuf_printf(&names, "%s%s", i ? ", " : "", c.items[i].name);
		consoles_printf(&c, "kexboot: consoles: %s\n", names.buf ? names.buf : "none");
		strbuf_done(&names);
	}
	/* PID 1 must never be stopped by a stray Ctrl-C or a dying terminal. */
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	init_modules(&s, &c);
	supervise(&s, &c);
}
