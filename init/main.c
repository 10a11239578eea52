// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Multi-call entry point: "kexboot CMD ..." or a link named CMD. As /init
 * (or when running as PID 1) it becomes the init command.
 */
#include "init/commands.h"
#include "lib/cleanup.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "init", cmd_init, "run as PID 1: mount, consoles, modules, boot pipeline, rescue" },
	{ "boot", cmd_boot, "discover entries, show the menu, boot the choice" },
	{ "list", cmd_list, "discover and print boot entries (--json, --root DIR)" },
	{ "kexec", cmd_kexec, "load/execute a kernel (kexec-tools-like options)" },
	{ "sign", cmd_sign, "write a signed manifest (.kexboot-sig) for a kernel, initrds, cmdline" },
	{ "verify", cmd_verify, "check a .kexboot-sig against root certificates and files" },
	{ "passwd-hash", cmd_passwd_hash, "hash a password (stdin) for the menu lock" },
	{ "fetch", cmd_fetch, "fetch a URL into memory; print bytes, seconds, peak memory, SHA-256" },
	{ "--version", cmd_version, "print kexboot's and its libraries' versions" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: kexboot COMMAND [ARGS...]\n\ncommands:\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "  %-12s %s\n", "--help", "this text");
}

static const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const char *base = argc > 0 && argv[0] ? strrchr(argv[0], '/') : NULL;
	const struct command *c;

	base = base ? base + 1 : (argc > 0 && argv[0] ? argv[0] : "kexboot");
	if (getpid() == 1 || strcmp(base, "init") == 0)
		return cmd_init(argc, argv);
	c = command_find(base);
	if (c)
		return c->fn(argc, argv);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	c = command_find(argv[1]);
	if (!c) {
		fprintf(stderr, "kexboot: unknown command '%s'\n", argv[1]);
		usage(stderr);
		return 2;
	}
	return c->fn(argc - 1, argv + 1);
}
