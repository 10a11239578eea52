/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The boot menu as a pure state machine: it is fed keys (see menu/keys.h)
 * and a monotonic clock in milliseconds, and answers with an action. It does
 * no I/O; menu/render.h draws it, menu/session.h drives it on real consoles.
 *
 * Ownership: struct menu_state borrows the boot_set (const, must outlive the
 * state) and owns its editor buffer and status text.
 */
#ifndef KEXBOOT_MENU_MENU_H
#define KEXBOOT_MENU_MENU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/entry.h"
#include "menu/keys.h"

#define MENU_MAX_TIMEOUT_S 86400     /* longer asks are clamped: a day is "forever" enough */
#define MENU_DIGIT_WINDOW_MS 1500    /* digits typed this close together form one number */
#define MENU_CMDLINE_MAX 4096        /* the edited command line may not grow past this */
#define MENU_STATUS_MAX 512

/*
 * Default entry: `kexboot.default=` (cmdline_default, NULL when unset) as an
 * entry id, a decimal index or a title (the full '>' path, or the last
 * component when exactly one entry has it); then set->default_id matched the
 * same way; then the first entry. Returns an index < n_entries (0 when empty).
 */
size_t menu_resolve_default(const struct boot_set *set, const char *cmdline_default);

/*
 * Timeout in seconds: `kexboot.timeout=` (BOOT_TIMEOUT_UNSET when unset), then
 * the configs' set->timeout, then fallback_s (the compiled default, which
 * config/ owns). Any negative value other than BOOT_TIMEOUT_UNSET means -1
 * (wait forever); values over MENU_MAX_TIMEOUT_S are clamped.
 */
int menu_resolve_timeout(int cmdline_timeout, int config_timeout, int fallback_s);

/* What the coordinator's settings decide for one run of the menu. */
struct menu_options {
	int timeout_s;        /* resolved: -1 forever, 0 boot at once unless a key is pending */
	size_t default_index; /* resolved by menu_resolve_default() */
	size_t initial_index; /* where the selection starts (the default, or the entry that failed) */
	bool shell_locked;    /* policy: no `c`/`s` rescue shell */
	bool edit_locked;     /* policy: no `e` command-line editing */
	const char *status;   /* text for the status line, e.g. "could not boot X: reason"; copied */
	bool searching;       /* sources are still looking: entries may still arrive (menu_state_grow) */

	/*
	 * The lock (policy enforce): `e` and the shell keys ask for a password
	 * first; unlock() checks it (NULL: no password can open the lock).
	 * trust is the header's label ("trust: enforce"), static or outliving
	 * the state; NULL shows none.
	 */
	bool password_locked;
	bool (*unlock)(void *userdata, const char *password);
	void *unlock_userdata;
	const char *trust;
};

enum menu_action_type {
	MENU_ACTION_NONE,   /* nothing changed */
	MENU_ACTION_REDRAW, /* the state changed; draw it again (help toggles land here) */
	MENU_ACTION_BOOT,   /* boot entries[index], with cmdline if the user edited it */
	MENU_ACTION_SHELL,  /* the rescue shell */
	MENU_ACTION_RESCAN, /* scan devices again and come back with a new boot_set */
};

struct menu_action {
	enum menu_action_type type;
	size_t index;        /* BOOT: the entry */
	const char *cmdline; /* BOOT: the edited line (borrowed from the state, valid until
	                      * the next call on it) or NULL when not edited */
};

enum menu_mode {
	MENU_MODE_LIST,
	MENU_MODE_EDIT,
	MENU_MODE_HELP,
	MENU_MODE_PASSWORD, /* the lock asks; the editor buffer holds what is typed (shown masked, wiped) */
};

/* The one-line editor for `e`. buf is owned and always NUL-terminated. */
struct menu_editor {
	char *buf;
	size_t len;
	size_t cap;
	size_t cursor; /* 0..len */
};

struct menu_state {
	const struct boot_set *set; /* borrowed */
	size_t selected;
	size_t default_index;
	size_t page_rows;     /* list rows the owning console shows, for PageUp/PageDown */
	enum menu_mode mode;
	bool shell_locked;
	bool edit_locked;

	/* countdown */
	bool countdown;       /* running */
	int timeout_s;        /* as resolved; -1 never runs */
	uint64_t deadline_ms; /* boot the default at this time */
	int remaining_s;      /* what the screen shows; updated by menu_state_tick() */
	bool countdown_pending; /* opened empty while searching: the countdown starts when entries come */
	bool searching;       /* "searching..." is shown; entries may still be appended to set */

	/* digits typed to jump */
	unsigned digits;
	uint64_t digits_at_ms;

	struct menu_editor editor;
	size_t edit_index;    /* entry being edited */
	unsigned repaint;     /* bumped by Ctrl-L: views clear and redraw everything */
	char *status;         /* owned; status line text or NULL */

	/* the lock (struct menu_options) */
	bool password_locked;
	bool (*unlock)(void *userdata, const char *password);
	void *unlock_userdata;
	int lock_next;        /* what the password opens: 'e' (the editor) or 'c' (the shell) */
	const char *trust;    /* borrowed label for the header, or NULL */
};

int menu_state_init(struct menu_state *m, const struct boot_set *set, const struct menu_options *opt,
		    uint64_t now_ms);
void menu_state_done(struct menu_state *m);

/* One decoded key (menu/keys.h) at now_ms. Fills *ret (always) and returns ret->type. */
enum menu_action_type menu_state_key(struct menu_state *m, int key, uint64_t now_ms, struct menu_action *ret);

/*
 * Bytes from one terminal through its decoder. Stops at the first BOOT, SHELL
 * or RESCAN (the bytes after it are dropped); otherwise REDRAW when any key
 * changed the state.
 */
enum menu_action_type menu_state_feed(struct menu_state *m, struct key_decoder *d, const void *buf,
				      size_t len, uint64_t now_ms, struct menu_action *ret);

/*
 * Time passing: expires the countdown (BOOT of the default, or when that is
 * broken: its reason on the status line and no boot) and updates the visible
 * seconds (REDRAW). Does not touch key decoders; tick those separately.
 */
enum menu_action_type menu_state_tick(struct menu_state *m, uint64_t now_ms, struct menu_action *ret);

/* When menu_state_tick() next has something to do, or UINT64_MAX. */
uint64_t menu_state_deadline(const struct menu_state *m);

/*
 * The borrowed set grew in place: entries were appended (the ones already
 * shown keep their index, so the selection stays on the same entry),
 * default_index is the default resolved over the larger set, searching
 * whether any source is still looking. A running countdown keeps its
 * deadline (a slow source never delays it); one waiting for the first
 * entries starts now. Returns REDRAW.
 */
enum menu_action_type menu_state_grow(struct menu_state *m, size_t default_index, bool searching,
				      uint64_t now_ms, struct menu_action *ret);

/* Stops the countdown (a key was pressed, or the caller saw input pending). */
void menu_state_stop_countdown(struct menu_state *m);

/*
 * Puts text on the status line and stops the countdown: after a failed boot
 * the caller shows "could not boot X: reason" and the user picks again.
 */
int menu_state_set_status(struct menu_state *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * A note on the status line that must not stop anything ("console hvc0 went
 * away"): shown only when no countdown holds that line and no status is
 * there; returns 1 when shown, 0 when not, or -ENOMEM.
 */
int menu_state_note(struct menu_state *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Shown in the menu's detail line and used in messages. */
const struct boot_entry *menu_state_entry(const struct menu_state *m, size_t index);

/* The line editor (menu/editor.c). Keys it does not know are ignored. */
int menu_editor_set(struct menu_editor *e, const char *text);
void menu_editor_done(struct menu_editor *e);
enum menu_editor_result {
	MENU_EDITOR_CHANGED,
	MENU_EDITOR_UNCHANGED,
	MENU_EDITOR_ACCEPT, /* Enter */
	MENU_EDITOR_CANCEL, /* Esc */
};
enum menu_editor_result menu_editor_key(struct menu_editor *e, int key);

#endif
