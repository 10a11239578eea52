// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The menu's state machine: list navigation, countdown, digit jumps, the
 * editor mode and help. Pure: keys and times in, actions out.
 */
#include "menu/menu.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct boot_entry *menu_state_entry(const struct menu_state *m, size_t index)
{
	if (!m->set || index >= m->set->n_entries)
		return NULL;
	return m->set->entries[index];
}

static size_t menu_state_count(const struct menu_state *m)
{
	return m->set ? m->set->n_entries : 0;
}

static const char *menu_entry_title(const struct boot_entry *e)
{
	return e && e->title ? e->title : e && e->id ? e->id : "(untitled)";
}

static int menu_state_vstatus(struct menu_state *m, const char *fmt, va_list ap)
{
	char *s = malloc(MENU_STATUS_MAX);

	if (!s)
		return -ENOMEM;
	vsnprintf(s, MENU_STATUS_MAX, fmt, ap);
	free(m->status);
	m->status = s;
	return 0;
}

static int menu_state_status(struct menu_state *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int menu_state_status(struct menu_state *m, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = menu_state_vstatus(m, fmt, ap);
	va_end(ap);
	return r;
}

int menu_state_set_status(struct menu_state *m, const char *fmt, ...)
{
	va_list ap;
	int r;

	menu_state_stop_countdown(m);
	m->mode = MENU_MODE_LIST;
	va_start(ap, fmt);
	r = menu_state_vstatus(m, fmt, ap);
	va_end(ap);
	return r;
}

int menu_state_note(struct menu_state *m, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (m->countdown || m->countdown_pending || m->status)
		return 0;
	va_start(ap, fmt);
	r = menu_state_vstatus(m, fmt, ap);
	va_end(ap);
	return r < 0 ? r : 1;
}

void menu_state_stop_countdown(struct menu_state *m)
{
	m->countdown = false;
	m->countdown_pending = false;
}

static void menu_state_start_countdown(struct menu_state *m, uint64_t now_ms)
{
	m->countdown = true;
	m->countdown_pending = false;
	m->deadline_ms = now_ms + (uint64_t)m->timeout_s * 1000;
	m->remaining_s = m->timeout_s;
}

int menu_state_init(struct menu_state *m, const struct boot_set *set, const struct menu_options *opt,
		    uint64_t now_ms)
{
	size_t n = set ? set->n_entries : 0;
	int timeout = opt->timeout_s;

	memset(m, 0, sizeof(*m));
	m->set = set;
	m->default_index = opt->default_index < n ? opt->default_index : 0;
	m->selected = opt->initial_index < n ? opt->initial_index : m->default_index;
	m->page_rows = 10;
	m->mode = MENU_MODE_LIST;
	m->shell_locked = opt->shell_locked;
	m->edit_locked = opt->edit_locked;
	m->password_locked = opt->password_locked;
	m->unlock = opt->unlock;
	m->unlock_userdata = opt->unlock_userdata;
	m->trust = opt->trust;

	if (timeout > MENU_MAX_TIMEOUT_S)
		timeout = MENU_MAX_TIMEOUT_S;
	m->timeout_s = timeout < 0 ? -1 : timeout;
	m->searching = opt->searching;
	/* A status means the user is back after a failure: never boot again on our own. */
	if (m->timeout_s >= 0 && !opt->status) {
		if (n > 0)
			menu_state_start_countdown(m, now_ms);
		else
			m->countdown_pending = opt->searching;
	}
	if (opt->status && menu_state_status(m, "%s", opt->status) < 0)
		return -ENOMEM;
	return 0;
}

static void menu_state_lock_wipe(struct menu_state *m);

void menu_state_done(struct menu_state *m)
{
	if (m->mode == MENU_MODE_PASSWORD)
		menu_state_lock_wipe(m);
	menu_editor_done(&m->editor);
	free(m->status);
	m->status = NULL;
}

static enum menu_action_type menu_action_set(struct menu_action *ret, enum menu_action_type type,
					     size_t index, const char *cmdline)
{
	ret->type = type;
	ret->index = index;
	ret->cmdline = cmdline;
	return type;
}

static enum menu_action_type menu_state_choose(struct menu_state *m, size_t index, struct menu_action *ret)
{
	const struct boot_entry *e = menu_state_entry(m, index);

	if (!e)
		return menu_action_set(ret, MENU_ACTION_NONE, 0, NULL);
	if (e->state == BOOT_ENTRY_BROKEN) {
		menu_state_status(m, "'%s' cannot be booted: %s", menu_entry_title(e),
				  e->reason ? e->reason : "entry is broken");
		return menu_action_set(ret, MENU_ACTION_REDRAW, 0, NULL);
	}
	return menu_action_set(ret, MENU_ACTION_BOOT, index, NULL);
}

static void menu_state_select(struct menu_state *m, size_t index)
{
	size_t n = menu_state_count(m);

	m->selected = n == 0 ? 0 : index < n ? index : n - 1;
}

static void menu_state_digit(struct menu_state *m, int d, uint64_t now_ms)
{
	size_t n = menu_state_count(m);
	unsigned v = d;

	/* Entries are numbered from 1 on screen; "1" "2" typed quickly is 12. */
	if (m->digits && now_ms - m->digits_at_ms < MENU_DIGIT_WINDOW_MS && m->digits <= n / 10)
		v = m->digits * 10 + d;
	if (v > n)
		v = d;
	m->digits = v;
	m->digits_at_ms = now_ms;
	if (v >= 1 && v <= n)
		m->selected = v - 1;
}

static enum menu_action_type menu_state_edit_key(struct menu_state *m, int key, struct menu_action *ret)
{
	switch (menu_editor_key(&m->editor, key)) {
	case MENU_EDITOR_CHANGED:
		return menu_action_set(ret, MENU_ACTION_REDRAW, 0, NULL);
	case MENU_EDITOR_ACCEPT:
		return menu_action_set(ret, MENU_ACTION_BOOT, m->edit_index, m->editor.buf);
	case MENU_EDITOR_CANCEL:
		m->mode = MENU_MODE_LIST;
		return menu_action_set(ret, MENU_ACTION_REDRAW, 0, NULL);
	default:
		return menu_action_set(ret, MENU_ACTION_NONE, 0, NULL);
	}
}

/* Asks for the password before what `next` ('e' or 'c') opens; false when no password can open the lock. */
static bool menu_state_lock_ask(struct menu_state *m, int next)
{
	if (!m->unlock) {
		menu_state_status(m, "locked by policy enforce: no password is built in");
		return false;
	}
	if (menu_editor_set(&m->editor, "") < 0)
		return false;
	m->lock_next = next;
	m->mode = MENU_MODE_PASSWORD;
	return true;
}

static void menu_state_lock_wipe(struct menu_state *m)
{
	if (m->editor.buf)
		explicit_bzero(m->editor.buf, m->editor.cap);
	m->editor.len = m->editor.cursor = 0;
	m->mode = MENU_MODE_LIST;
}

static enum menu_action_type menu_state_edit_start(struct menu_state *m, struct menu_action *ret);

static enum menu_action_type menu_state_password_key(struct menu_state *m, int key, struct menu_action *ret)
{
	bool ok;

	switch (menu_editor_key(&m->editor, key)) {
	case MENU_EDITOR_ACCEPT:
		ok = m->unlock(m->unlock_userdata, m->editor.buf ? m->editor.buf : "");
		menu_state_lock_wipe(m);
		if (!ok) {
			menu_state_status(m, "wrong password");
			return menu_action_set(ret, MENU_ACTION_REDRAW, 0, NULL);
		}
		/* Open for the rest of this session. */
		m->password_locked = false;
		if (m->lock_next == 'c')
			return menu_action_set(ret, MENU_ACTION_SHELL, 0, NULL);
		return menu_state_edit_start(m, ret);
	case MENU_EDITOR_CANCEL:
		menu_state_lock_wipe(m);
		return menu_action_set(ret, MENU_ACTION_REDRAW, 0, NULL);
	case MENU_EDITOR_CHANGED:
		return menu_action_set(ret, MENU_ACTION_REDRAW, 0, NULL);
	default:
		return menu_action_set(ret, MENU_ACTION_NONE, 0, NULL);
	}
}

static enum menu_action_type menu_state_edit_start(struct menu_state *m, struct menu_action *ret)
{
	const struct boot_entry *e = menu_state_entry(m, m->selected);

	if (!e)
		return menu_action_set(ret, MENU_ACTION_NONE, 0, NULL);
	if (!m->edit_locked && e->state != BOOT_ENTRY_BROKEN && m->password_locked) {
		if (menu_state_lock_ask(m, 'e'))
			return menu_action_set(ret, MENU_ACTION_REDRAW, 0, NULL);
	} else if (m->edit_locked)
		menu_state_status(m, "editing is disabled by policy");
	else if (e->state == BOOT_ENTRY_BROKEN)
		menu_state_status(m, "'%s' cannot be booted: %s", menu_entry_title(e),
				  e->reason ? e->reason : "entry is broken");
	else if (menu_editor_set(&m->editor, e->cmdline) < 0)
		menu_state_status(m, "cannot edit: command line too long");
	else {
		m->mode = MENU_MODE_EDIT;
		m->edit_index = m->selected;
	}
	return menu_action_set(ret, MENU_ACTION_REDRAW, 0, NULL);
}

static enum menu_action_type menu_state_list_key(struct menu_state *m, int key, uint64_t now_ms,
						 struct menu_action *ret)
{
	size_t sel = m->selected;

	if (key >= '0' && key <= '9') {
		menu_state_digit(m, key - '0', now_ms);
		return menu_action_set(ret, MENU_ACTION_REDRAW, 0, NULL);
	}
	m->digits = 0;

	switch (key) {
	case KEY_UP:
	case 'k':
		menu_state_select(m, sel ? sel - 1 : 0);
		break;
	case KEY_DOWN:
	case 'j':
		menu_state_select(m, sel + 1);
		break;
	case KEY_HOME:
		menu_state_select(m, 0);
		break;
	case KEY_END:
		menu_state_select(m, SIZE_MAX);
		break;
	case KEY_PGUP:
		menu_state_select(m, sel > m->page_rows ? sel - m->page_rows : 0);
		break;
	case KEY_PGDN:
		menu_state_select(m, sel + (m->page_rows ? m->page_rows : 1));
		break;
	case KEY_ENTER:
		return menu_state_choose(m, sel, ret);
	case 'e':
		return menu_state_edit_start(m, ret);
	case 'c':
	case 's':
		if (m->shell_locked)
			menu_state_status(m, "the rescue shell is disabled by policy");
		else if (!m->password_locked)
			return menu_action_set(ret, MENU_ACTION_SHELL, 0, NULL);
		else
			(void)menu_state_lock_ask(m, 'c');
		break;
	case 'r':
		return menu_action_set(ret, MENU_ACTION_RESCAN, 0, NULL);
	case '?':
		m->mode = MENU_MODE_HELP;
		break;
	default:
		break;
	}
	return menu_action_set(ret, MENU_ACTION_REDRAW, 0, NULL);
}

enum menu_action_type menu_state_key(struct menu_state *m, int key, uint64_t now_ms, struct menu_action *ret)
{
	/* Terminal replies are not key presses. */
	if (key == KEY_NONE || key == KEY_CPR)
		return menu_action_set(ret, MENU_ACTION_NONE, 0, NULL);

	/* Any key stops the countdown (or the one waiting for entries) and then does what it does. */
	menu_state_stop_countdown(m);
	if (key == KEY_CTRL('L')) {
		/* Kernel messages may have scribbled over the menu: repaint it all. */
		m->repaint++;
		return menu_action_set(ret, MENU_ACTION_REDRAW, 0, NULL);
	}

	switch (m->mode) {
	case MENU_MODE_EDIT:
		return menu_state_edit_key(m, key, ret);
	case MENU_MODE_PASSWORD:
		return menu_state_password_key(m, key, ret);
	case MENU_MODE_HELP:
		m->mode = MENU_MODE_LIST;
		return menu_action_set(ret, MENU_ACTION_REDRAW, 0, NULL);
	case MENU_MODE_LIST:
	default:
		/* The previous message has been read once the user acts. */
		free(m->status);
		m->status = NULL;
		return menu_state_list_key(m, key, now_ms, ret);
	}
}

enum menu_action_type menu_state_feed(struct menu_state *m, struct key_decoder *d, const void *buf,
				      size_t len, uint64_t now_ms, struct menu_action *ret)
{
	const unsigned char *p = buf;
	bool redraw = false;

	for (size_t i = 0; i < len; i++) {
		int keys[KEY_DECODE_MAX];
		size_t n = key_decoder_feed(d, p[i], now_ms, keys);

		for (size_t k = 0; k < n; k++) {
			enum menu_action_type t = menu_state_key(m, keys[k], now_ms, ret);

			if (t == MENU_ACTION_BOOT || t == MENU_ACTION_SHELL || t == MENU_ACTION_RESCAN)
				return t;
			redraw |= t == MENU_ACTION_REDRAW;
		}
	}
	return menu_action_set(ret, redraw ? MENU_ACTION_REDRAW : MENU_ACTION_NONE, 0, NULL);
}

enum menu_action_type menu_state_tick(struct menu_state *m, uint64_t now_ms, struct menu_action *ret)
{
	uint64_t left;
	int remaining;

	if (!m->countdown)
		return menu_action_set(ret, MENU_ACTION_NONE, 0, NULL);
	if (now_ms >= m->deadline_ms) {
		const struct boot_entry *e = menu_state_entry(m, m->default_index);

		m->countdown = false;
		m->remaining_s = 0;
		if (e && e->state == BOOT_ENTRY_BROKEN) {
			m->selected = m->default_index;
			menu_state_status(m, "default entry '%s' cannot be booted: %s", menu_entry_title(e),
					  e->reason ? e->reason : "entry is broken");
			return menu_action_set(ret, MENU_ACTION_REDRAW, 0, NULL);
		}
		return menu_action_set(ret, e ? MENU_ACTION_BOOT : MENU_ACTION_REDRAW, m->default_index, NULL);
	}
	left = m->deadline_ms - now_ms;
	remaining = (int)((left + 999) / 1000);
	if (remaining != m->remaining_s) {
		m->remaining_s = remaining;
		return menu_action_set(ret, MENU_ACTION_REDRAW, 0, NULL);
	}
	return menu_action_set(ret, MENU_ACTION_NONE, 0, NULL);
}

enum menu_action_type menu_state_grow(struct menu_state *m, size_t default_index, bool searching,
				      uint64_t now_ms, struct menu_action *ret)
{
	size_t n = menu_state_count(m);

	m->searching = searching;
	if (n > 0 && default_index < n)
		m->default_index = default_index;
	if (n > 0 && m->countdown_pending) {
		/* The first entries: nothing was selectable before, so start on the default. */
		m->selected = m->default_index;
		menu_state_start_countdown(m, now_ms);
	}
	/* Appended entries are new rows even when nothing else changed. */
	return menu_action_set(ret, MENU_ACTION_REDRAW, 0, NULL);
}

uint64_t menu_state_deadline(const struct menu_state *m)
{
	uint64_t step;

	if (!m->countdown)
		return UINT64_MAX;
	/* The visible number changes when (deadline - now) drops to (remaining - 1) s. */
	step = m->remaining_s > 1 ? (uint64_t)(m->remaining_s - 1) * 1000 : 0;
	return step < m->deadline_ms ? m->deadline_ms - step : m->deadline_ms;
}
