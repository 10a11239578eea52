/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Consoles: every console= device named on the kernel command line, opened
 * for reading and writing, so PID 1 and the menu speak on all of them at
 * once (serial and VGA alike). The struct owns names and fds.
 */
#ifndef KEXBOOT_INIT_CONSOLE_H
#define KEXBOOT_INIT_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <termios.h>

#define CONSOLES_MAX 8

struct console {
	char *name; /* "ttyS0", "tty0", "hvc0", "console" */
	int fd;     /* read/write, O_NOCTTY */
	bool saved; /* termios below holds the mode found at open */
	struct termios termios;
};

struct consoles {
	struct console items[CONSOLES_MAX];
	size_t n;
};

/*
 * Pure: the device names of the console= words on a command line, in order,
 * without options ("ttyS0,115200n8" -> "ttyS0"), duplicates and "null"
 * dropped. Writes up to max names (owned by the caller) and returns how many.
 */
int console_names_parse(const char *cmdline, char **names, size_t max);

/*
 * Opens <dev_root>/dev/<name> for each console= on cmdline; when none can be
 * opened, falls back to <dev_root>/dev/console. Returns the number opened
 * (0 is possible: then nothing is shown anywhere but the kernel log).
 */
int consoles_open(struct consoles *c, const char *dev_root, const char *cmdline);
void consoles_close(struct consoles *c);

/*
 * Opens every console again. Needed after a rescue shell: when a session
 * leader with a serial controlling tty exits, the kernel hangs the tty up
 * and every file open on it (ours too) only returns EIO from then on.
 */
void consoles_reopen(struct consoles *c, const char *dev_root);

/*
 * Key mode: no line buffering, no echo, one byte at a time, so a single key
 * press reaches PID 1. consoles_cooked() puts back the mode found at open
 * (before a shell runs). Consoles that are not terminals are left alone.
 */
void consoles_raw(struct consoles *c);
void consoles_cooked(struct consoles *c);

/* Writes to every console; "\n" becomes "\r\n" so raw-mode ttys look right. */
void consoles_write(const struct consoles *c, const char *text);
void consoles_printf(const struct consoles *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Waits up to timeout_ms (-1 forever) for one byte on any console. Returns 1
 * with *ret_key and *ret_index set, 0 on timeout, or -errno.
 */
int consoles_read_key(const struct consoles *c, int timeout_ms, char *ret_key, size_t *ret_index);

#endif
