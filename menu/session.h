/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Runs the menu on real consoles: raw mode (restored on return), each
 * terminal's size (TIOCGWINSZ, else a cursor position report, else 80x24),
 * the same menu drawn on all of them, input from all of them until one
 * sends a key and owns the session (the others then say "in use on X").
 *
 * After a failed boot the caller runs the menu again with opt->status set to
 * the reason ("could not boot 'X': ...") and opt->initial_index on the entry
 * that failed; a status turns the countdown off, so a failing default never
 * loops.
 */
#ifndef KEXBOOT_MENU_SESSION_H
#define KEXBOOT_MENU_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "boot/entry.h"
#include "menu/menu.h"

#define MENU_CPR_TIMEOUT_MS 300 /* how long a terminal may take to report its size */
#define MENU_MAX_CONSOLES 8

struct menu_console {
	int fd;           /* borrowed; open for reading and writing */
	const char *name; /* borrowed; "ttyS0", "tty0", "hvc0" */
	int line_drawing; /* -1: decide from the name (Linux VTs yes, serial no); 0 no; 1 yes */
};

struct menu_choice {
	enum menu_action_type action; /* MENU_ACTION_BOOT, _SHELL or _RESCAN */
	size_t index;                 /* BOOT: entries[index] */
	char *cmdline;                /* BOOT: owned edited command line, or NULL when not edited */
	const char *console;          /* borrowed name of the console that chose; NULL if none did */
	size_t console_index;         /* its index in the consoles array, or SIZE_MAX */
	bool automatic;               /* no key: countdown, timeout 0 or non-interactive */
};

void menu_choice_done(struct menu_choice *c);

/*
 * Entries that arrive while the menu is open. When fd (borrowed) is
 * readable the session calls pull(), which appends what arrived to the
 * set the menu was given (in place: earlier entries keep their index),
 * stores the default resolved over the larger set in *default_index and
 * returns 1 while a source is still searching, 0 when all have finished,
 * or -errno. drawn(), when set, is called after each picture.
 */
struct menu_feed {
	int fd;
	int (*pull)(void *userdata, size_t *default_index);
	void (*drawn)(void *userdata, const struct menu_state *m);
	void *userdata;
};

/*
 * Shows the menu for set on the consoles and waits for a choice. With
 * interactive false (kexboot.menu=off), or when no console can take input,
 * it returns at once: the default entry, or the first bootable one when the
 * default is broken, with automatic set. Returns 0 and fills *ret, or
 * -ENOENT when it would have to boot on its own and nothing is bootable,
 * -EINVAL for bad arguments, -ENOMEM.
 */
int menu_session_run(const struct menu_console *consoles, size_t n_consoles, const struct boot_set *set,
		     const struct menu_options *opt, bool interactive, struct menu_choice *ret);

/*
 * The same, with entries arriving through feed (may be NULL) and
 * opt->searching telling whether more may come. The countdown waits while
 * the set is empty and starts when the first entries arrive; -ENOENT also
 * when every source finished and the set is still empty. Unattended, it
 * waits for the first entries, then takes the default among them.
 */
int menu_session_run_fed(const struct menu_console *consoles, size_t n_consoles, const struct boot_set *set,
			 const struct menu_options *opt, bool interactive, const struct menu_feed *feed,
			 struct menu_choice *ret);

#endif
