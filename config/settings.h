/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * struct settings: what the operator asked for on the kernel command line
 * (keys with the prefix "kexboot."), over the defaults in config/defaults.h.
 * settings_parse() is pure: command-line text in, settings and a list of
 * complaints out. The struct owns its strings; settings_done() frees them.
 *
 *   kexboot.timeout=N     menu countdown in seconds (-1 waits forever, 0 boots at once)
 *   kexboot.default=ID    default entry: id, index or title
 *   kexboot.shell=on|off  offer the rescue shell
 *   kexboot.menu=on|off   off: boot the default without asking
 *   kexboot.url=URL[,URL] netboot config URLs, tried in order (space or comma separated)
 *   kexboot.net=off|IF,.. off: no network; else only these links (default: every wired link)
 *   kexboot.net.timeout=N  give up on DHCP after N seconds (default 30: spanning-tree ports)
 *   kexboot.ip=...        static addressing in the kernel's ip= syntax, or off/none/dhcp
 *   kexboot.debug         verbose logging
 *   kexboot.modules=a,b   extra kernel modules to load
 *   kexboot.quiesce=on|off  unbind the devices kexboot used before the jump
 *   kexboot.fault=segv|exit  test hook: make the boot pipeline fail that way
 */
#ifndef KEXBOOT_CONFIG_SETTINGS_H
#define KEXBOOT_CONFIG_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/diag.h"
#include "lib/strbuf.h"

#define SETTINGS_TIMEOUT_UNSET (-2)

enum settings_fault {
	SETTINGS_FAULT_NONE,
	SETTINGS_FAULT_SEGV,
	SETTINGS_FAULT_EXIT,
};

struct settings {
	int timeout;        /* seconds; -1 forever; SETTINGS_TIMEOUT_UNSET when not given */
	char *default_entry; /* owned; NULL when not given */
	bool shell;
	bool menu;
	bool debug;
	bool quiesce;       /* unbind touched devices before kexec */
	char *url;          /* owned; NULL when not given */
	char *net;          /* owned; "off" or link names; NULL when not given (every wired link) */
	int net_timeout;    /* seconds for DHCP; 0 when not given (the network's default) */
	char *ip;           /* owned; kexboot.ip's text; NULL when not given (DHCP) */
	char *modules;      /* owned, comma separated; NULL when not given */
	enum settings_fault fault;
};

void settings_init(struct settings *s);
void settings_done(struct settings *s);

/*
 * Parses a kernel command line. Unknown kexboot.* keys and bad values are
 * reported in complaints->msgs (one each) and otherwise ignored, so a typo
 * never stops the boot.
 */
int settings_parse(struct settings *s, const char *cmdline, struct diag_list *complaints);

/*
 * Splits a kernel command line into words the way the kernel does: spaces
 * separate, double quotes group (and are removed). Calls fn for each word;
 * stops and returns fn's value when it is negative.
 */
int cmdline_foreach(const char *cmdline, int (*fn)(const char *word, void *userdata), void *userdata);

#endif
