// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The boot pipeline, run by PID 1 in a child (and by `kexboot boot` by
 * hand): settings -> discovery -> menu -> load -> quiesce -> exec. Each
 * failure before quiesce comes back here with the machine untouched.
 */
#include "config/defaults.h"
#include "config/settings.h"
#include "init/commands.h"
#include "init/console.h"
#include "init/supervise.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

int pipeline_run(const struct settings *s, const struct consoles *c)
{
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
	consoles_printf(c, "kexboot: looking for boot entries\n");
	return PIPELINE_NOTHING;
}

int cmd_boot(int argc, char **argv)
{
	_cleanup_free_ char *cmdline = NULL;
	struct strbuf complaints = STRBUF_INIT;
	struct settings s;
	struct consoles c;
	int r;

	(void)argc;
	(void)argv;
	settings_init(&s);
	r = file_read_at(AT_FDCWD, "/proc/cmdline", KEXBOOT_CMDLINE_MAX, &cmdline, NULL);
	if (r < 0) {
		fprintf(stderr, "kexboot boot: /proc/cmdline: %s\n", strerror(-r));
		return 1;
	}
	settings_parse(&s, cmdline, &complaints);
	if (complaints.len)
		fputs(complaints.buf, stderr);
	strbuf_done(&complaints);
	/* By hand, speak on the terminal we were started from. */
	memset(&c, 0, sizeof(c));
	c.items[0].name = NULL;
	c.items[0].fd = 1;
	c.n = 1;
	r = pipeline_run(&s, &c);
	settings_done(&s);
	return r;
}
