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
 *   kexboot.net.timeout=N  give up on DHCP after N seconds (default 30: spanning-tree ports);
 *                         DHCPv4 and IPv6 (SLAAC, DHCPv6) run side by side, each this long
 *   kexboot.net.v6=on|off  off: no IPv6 on the link (no SLAAC, no DHCPv6); default on
 *   kexboot.ip=...        static addressing in the kernel's ip= syntax, or off/none/dhcp
 *   kexboot.debug         verbose logging
 *   kexboot.modules=a,b   extra kernel modules to load
 *   kexboot.quiesce=on|off  unbind the devices kexboot used before the jump
 *   kexboot.keyring=DESC  hand over the `user` keys of the keyring DESC (boot/secrets/secrets.h)
 *   kexboot.secrets=a,b   secrets every entry needs: one missing refuses the entry
 *   kexboot.credentials=DIR  where the secrets land in the next kernel's initramfs
 *                         (default /.extra/credentials)
 *   kexboot.test.memscan  test hook: before the jump, scan kexboot's memory for secret bytes
 *   kexboot.interface=auto|segments|file  force the segment-list load (kexboot's own
 *                         purgatory) or the file-descriptor load; auto: lockdown decides
 *   kexboot.discovery_limit=S  seconds discovery may take before PID 1 kills it (1..86400)
 *   kexboot.load_limit=S  seconds loading the chosen entry may take (1..86400)
 *   kexboot.retry=S       the rescue prompt looks for entries again after S seconds
 *                         without a key (0: only when asked)
 *   kexboot.fault=segv|exit|hang-discovery|hang-load|busy-load
 *                         test hook: make the boot pipeline fail (or hang) that way;
 *                         busy-load: the first load answers EBUSY without asking the kernel
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
	SETTINGS_FAULT_HANG_DISCOVERY, /* discovery never finishes */
	SETTINGS_FAULT_HANG_LOAD,      /* loading the chosen entry never finishes */
	SETTINGS_FAULT_BUSY_LOAD,      /* the first load fails with EBUSY, the kernel not asked (test only) */
};

enum settings_interface {
	SETTINGS_INTERFACE_AUTO,
	SETTINGS_INTERFACE_SEGMENTS,
	SETTINGS_INTERFACE_FILE,
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
	bool net_v6_off;    /* kexboot.net.v6=off */
	char *ip;           /* owned; kexboot.ip's text; NULL when not given (DHCP) */
	char *modules;      /* owned, comma separated; NULL when not given */
	int discovery_limit_s; /* PID 1's bound on discovery */
	int load_limit_s;      /* ... and on loading the chosen entry */
	int retry_s;           /* rescue prompt's automatic retry; 0 never */
	enum settings_fault fault;
	/* Secrets handed to the next kernel (boot/secrets/, boot/compose/). */
	char *keyring;         /* owned; kexboot.keyring, NULL when not given */
	char *secrets;         /* owned; kexboot.secrets, comma separated, NULL when not given */
	char *credentials_dir; /* owned; kexboot.credentials, NULL: the default */
	bool test_memscan;     /* kexboot.test.memscan */
	enum settings_interface interface; /* kexboot.interface */
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
