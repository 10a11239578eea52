// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The menu on real consoles: termios, sizes, poll(), ownership, drawing.
 * All decisions are the state machine's (menu/state.c); this file only moves
 * bytes and time into it and pictures out of it.
 */
#include "menu/session.h"
#include "lib/termraw.h"

#include "lib/fileio.h"
#include "lib/strbuf.h"
#include "menu/render.h"
#include "lib/clock.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* Save the cursor, go far down-right (clamped to the corner), ask where we are, restore. */
#define CPR_QUERY "\x1b" "7" "\x1b[999;999H" "\x1b[6n" "\x1b" "8"

struct console_run {
	const struct menu_console *con;
	struct termios saved;
	bool raw;        /* saved holds the settings to restore */
	bool input;      /* we can read keys from it */
	bool output;     /* writes still work */
	bool need_cpr;   /* asked for its size, no answer yet */
	bool probe_size; /* TIOCGWINSZ knows nothing: Ctrl-L asks the terminal again */
	bool drawn;
	struct key_decoder dec;
	struct menu_view view;
};

struct session {
	struct console_run cons[MENU_MAX_CONSOLES];
	size_t n;
	struct menu_state menu;
	size_t owner;      /* index into cons, or SIZE_MAX before the first key */
	bool drawn;        /* the first picture went out */
	uint64_t draw_at;  /* size answers are awaited until then (and drained on the way out) */
	bool done;
	struct menu_action action;
	const struct menu_feed *feed; /* borrowed, or NULL */
	size_t default_index;         /* the latest resolved default */
	bool searching;
	int error;                    /* ends the session: -ENOENT when the search found nothing */
};

void menu_choice_done(struct menu_choice *c)
{
	if (!c)
		return;
	free(c->cmdline);
	c->cmdline = NULL;
}

static bool console_name_is_vt(const char *name)
{
	/* Linux virtual terminals (tty0, tty1, ...) render DEC line drawing; serial may not. */
	return name && strncmp(name, "tty", 3) == 0 && name[3] >= '0' && name[3] <= '9';
}

static void console_setup(struct console_run *c)
{
	struct winsize ws;
	struct termios t;

	c->output = true;
	c->view.line_drawing = c->con->line_drawing < 0 ? console_name_is_vt(c->con->name)
							: c->con->line_drawing > 0;
	c->view.full = true;
	key_decoder_init(&c->dec);
	if (tcgetattr(c->con->fd, &c->saved) == 0) {
		t = term_raw_input(&c->saved);
		/* TCSANOW, not TCSAFLUSH: keys typed before the menu came up count. */
		if (tcsetattr(c->con->fd, TCSANOW, &t) == 0) {
			c->raw = true;
			c->input = true;
		}
	}
	if (ioctl(c->con->fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0) {
		c->view.rows = ws.ws_row;
		c->view.cols = ws.ws_col;
	} else if (c->input) {
		/* Serial lines report 0x0: ask the terminal itself, once we know it is interactive. */
		c->need_cpr = true;
		c->probe_size = true;
	}
}

static void console_restore(struct console_run *c)
{
	if (c->drawn && c->output) {
		struct strbuf sb = STRBUF_INIT;

		if (menu_render_leave(&sb) == 0)
			(void)fd_write_all(c->con->fd, sb.buf, sb.len);
		strbuf_done(&sb);
	}
	if (c->raw)
		(void)tcsetattr(c->con->fd, TCSADRAIN, &c->saved);
	c->raw = false;
	menu_view_done(&c->view);
}

static void session_draw(struct session *s)
{
	const struct console_run *own = s->owner != SIZE_MAX ? &s->cons[s->owner] : &s->cons[0];

	s->menu.page_rows = menu_view_list_rows(&own->view);
	for (size_t i = 0; i < s->n; i++) {
		struct console_run *c = &s->cons[i];
		struct strbuf sb = STRBUF_INIT;

		if (!c->output)
			continue;
		c->view.in_use_by = s->owner != SIZE_MAX && s->owner != i ? s->cons[s->owner].con->name : NULL;
		if (menu_render(&s->menu, &c->view, &sb) == 0 && fd_write_all(c->con->fd, sb.buf, sb.len) < 0)
			c->output = false; /* hung up: stop drawing there, keep the others */
		c->drawn = true;
		strbuf_done(&sb);
	}
	s->drawn = true;
	if (s->feed && s->feed->drawn)
		s->feed->drawn(s->feed->userdata, &s->menu);
}

static void session_act(struct session *s, enum menu_action_type t)
{
	if (t == MENU_ACTION_BOOT || t == MENU_ACTION_SHELL || t == MENU_ACTION_RESCAN)
		s->done = true;
	else if (t == MENU_ACTION_REDRAW && s->drawn)
		session_draw(s);
}

static void session_key(struct session *s, size_t i, int key, uint64_t now)
{
	struct console_run *c = &s->cons[i];

	if (key == KEY_CPR) {
		unsigned r = c->dec.cpr_row, col = c->dec.cpr_col;

		if (c->need_cpr && r >= MENU_RENDER_MIN_ROWS && col >= MENU_RENDER_MIN_COLS &&
		    r <= MENU_RENDER_MAX_DIM && col <= MENU_RENDER_MAX_DIM) {
			c->view.rows = r;
			c->view.cols = col;
			c->view.full = true;
			if (s->drawn)
				session_draw(s);
		}
		c->need_cpr = false;
		return;
	}
	if (s->owner != SIZE_MAX && s->owner != i)
		return; /* someone else is at the menu */
	if (key == KEY_CTRL('L') && c->probe_size && c->output) {
		/* The serial-over-LAN window may have been resized: ask again. */
		c->need_cpr = fd_write_all(c->con->fd, CPR_QUERY, strlen(CPR_QUERY)) == 0;
	}
	if (s->owner == SIZE_MAX) {
		s->owner = i;
		if (s->drawn)
			session_draw(s); /* tell the other consoles */
	}
	session_act(s, menu_state_key(&s->menu, key, now, &s->action));
}

/* A console hung up: it can no longer own the session; the others may take it. */
static void session_lost_input(struct session *s, size_t i)
{
	bool noted = menu_state_note(&s->menu, "console %s went away; the menu goes on on the others",
				     s->cons[i].con->name) > 0;
	bool owned = s->owner == i;

	s->cons[i].input = false;
	if (owned)
		s->owner = SIZE_MAX;
	if (s->drawn && (noted || owned))
		session_draw(s);
}

static void session_read(struct session *s, size_t i)
{
	struct console_run *c = &s->cons[i];
	unsigned char buf[256];
	ssize_t n = read(c->con->fd, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		session_lost_input(s, i); /* hung up or gone; it can still be drawn on */
		return;
	}
	for (ssize_t k = 0; k < n && !s->done; k++) {
		int keys[KEY_DECODE_MAX];
		size_t m = key_decoder_feed(&c->dec, buf[k], clock_now_ms(), keys);

		for (size_t j = 0; j < m && !s->done; j++)
			session_key(s, i, keys[j], clock_now_ms());
	}
}

/* The feed's fd is readable: merge what arrived. */
static void session_pull(struct session *s, uint64_t now)
{
	size_t def = s->default_index;
	int r = s->feed->pull(s->feed->userdata, &def);

	if (r < 0) {
		s->error = r;
		s->done = true;
		return;
	}
	s->default_index = def;
	s->searching = r > 0;
	session_act(s, menu_state_grow(&s->menu, def, s->searching, now, &s->action));
	if (!s->searching && menu_state_entry(&s->menu, 0) == NULL) {
		s->error = -ENOENT; /* every source finished and found nothing */
		s->done = true;
	}
}

static bool session_has_input(const struct session *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->cons[i].input)
			return true;
	return false;
}

/* True when any input console already holds bytes (a key held through boot). */
static bool session_input_pending(const struct session *s)
{
	struct pollfd pfd[MENU_MAX_CONSOLES];
	size_t k = 0;

	for (size_t i = 0; i < s->n; i++)
		if (s->cons[i].input)
			pfd[k++] = (struct pollfd){ .fd = s->cons[i].con->fd, .events = POLLIN };
	if (k == 0 || poll(pfd, k, 0) <= 0)
		return false;
	for (size_t j = 0; j < k; j++)
		if (pfd[j].revents & POLLIN)
			return true;
	return false;
}

static bool session_need_cpr(const struct session *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->cons[i].need_cpr && s->cons[i].input)
			return true;
	return false;
}

static int session_poll(struct session *s, uint64_t now)
{
	struct pollfd pfd[MENU_MAX_CONSOLES + 1];
	size_t idx[MENU_MAX_CONSOLES + 1], k = 0;
	uint64_t deadline = menu_state_deadline(&s->menu);
	int timeout;

	for (size_t i = 0; i < s->n; i++) {
		uint64_t d = key_decoder_deadline(&s->cons[i].dec);

		if (!s->cons[i].input)
			continue;
		if (d < deadline)
			deadline = d;
		idx[k] = i;
		pfd[k++] = (struct pollfd){ .fd = s->cons[i].con->fd, .events = POLLIN };
	}
	if (s->feed && s->feed->fd >= 0) {
		idx[k] = SIZE_MAX;
		pfd[k++] = (struct pollfd){ .fd = s->feed->fd, .events = POLLIN };
	}
	if (!s->drawn && s->draw_at < deadline)
		deadline = s->draw_at;
	timeout = deadline == UINT64_MAX ? -1 : deadline <= now ? 0
		: deadline - now > INT_MAX ? INT_MAX : (int)(deadline - now);
	if (poll(pfd, k, timeout) < 0)
		return errno == EINTR ? 0 : -errno;
	for (size_t j = 0; j < k && !s->done; j++) {
		if (idx[j] == SIZE_MAX) {
			if (pfd[j].revents)
				session_pull(s, clock_now_ms());
			continue;
		}
		if (pfd[j].revents & POLLIN)
			session_read(s, idx[j]);
		else if (pfd[j].revents & (POLLHUP | POLLERR | POLLNVAL))
			session_lost_input(s, idx[j]);
	}
	return 0;
}

/*
 * A size answer still on its way would land in whatever reads the console
 * next (a shell, the kernel's echo): wait out the probe and swallow it.
 */
static void session_drain_cpr(struct session *s)
{
	uint64_t now;

	while (session_need_cpr(s) && (now = clock_now_ms()) < s->draw_at) {
		struct pollfd pfd[MENU_MAX_CONSOLES];
		size_t idx[MENU_MAX_CONSOLES], k = 0;

		for (size_t i = 0; i < s->n; i++)
			if (s->cons[i].need_cpr && s->cons[i].input) {
				idx[k] = i;
				pfd[k++] = (struct pollfd){ .fd = s->cons[i].con->fd, .events = POLLIN };
			}
		if (poll(pfd, k, (int)(s->draw_at - now)) <= 0)
			return;
		for (size_t j = 0; j < k; j++) {
			struct console_run *c = &s->cons[idx[j]];
			unsigned char buf[64];
			ssize_t n;

			if (!(pfd[j].revents & POLLIN)) {
				if (pfd[j].revents)
					c->need_cpr = false;
				continue;
			}
			n = read(c->con->fd, buf, sizeof(buf));
			if (n <= 0)
				c->need_cpr = false;
			for (ssize_t b = 0; b < n; b++) {
				int keys[KEY_DECODE_MAX];
				size_t m = key_decoder_feed(&c->dec, buf[b], now, keys);

				for (size_t q = 0; q < m; q++)
					if (keys[q] == KEY_CPR)
						c->need_cpr = false;
			}
		}
	}
}

/* Without a keyboard: the default, or the first entry that can boot at all. */
static int session_pick_unattended(const struct boot_set *set, const struct menu_options *opt, size_t *ret)
{
	size_t n = set ? set->n_entries : 0;
	size_t d = opt->default_index < n ? opt->default_index : 0;

	if (n == 0)
		return -ENOENT;
	for (size_t k = 0; k < n; k++) {
		size_t i = (d + k) % n;

		if (set->entries[i]->state != BOOT_ENTRY_BROKEN) {
			*ret = i;
			return 0;
		}
	}
	return -ENOENT;
}

/* Unattended and nothing yet: wait for the first entries (or the end of the search). */
static int session_wait_entries(const struct boot_set *set, const struct menu_feed *feed, bool searching,
				size_t *default_index)
{
	while (searching && (!set || set->n_entries == 0) && feed && feed->fd >= 0) {
		struct pollfd pfd = { .fd = feed->fd, .events = POLLIN };
		int r = poll(&pfd, 1, -1);

		if (r < 0 && errno != EINTR)
			return -errno;
		if (r <= 0)
			continue;
		r = feed->pull(feed->userdata, default_index);
		if (r < 0)
			return r;
		searching = r > 0;
	}
	return 0;
}

static int session_loop(struct session *s)
{
	uint64_t now = clock_now_ms();

	/* Timeout 0 boots at once, unless a key is already waiting. */
	if (session_input_pending(s))
		menu_state_stop_countdown(&s->menu);
	session_act(s, menu_state_tick(&s->menu, now, &s->action));
	if (s->done)
		return 0;

	for (size_t i = 0; i < s->n; i++)
		if (s->cons[i].need_cpr && fd_write_all(s->cons[i].con->fd, CPR_QUERY, strlen(CPR_QUERY)) < 0)
			s->cons[i].need_cpr = false;
	s->draw_at = now + MENU_CPR_TIMEOUT_MS;

	while (!s->done) {
		int r;

		now = clock_now_ms();
		/*
		 * The first picture goes out at once, at the size each console
		 * is known to have (80x24 until it says otherwise); a size
		 * answer that comes in later redraws it (session_key), so a
		 * slow terminal never delays the menu.
		 */
		if (!s->drawn)
			session_draw(s);
		for (size_t i = 0; i < s->n && !s->done; i++) {
			int key = key_decoder_tick(&s->cons[i].dec, now);

			if (key != KEY_NONE)
				session_key(s, i, key, now);
		}
		if (!s->done)
			session_act(s, menu_state_tick(&s->menu, now, &s->action));
		if (s->done)
			break;
		if (!session_has_input(s)) {
			/* Every keyboard went away: let the countdown run, or stop waiting. */
			if (s->menu.countdown && s->feed && s->feed->fd >= 0) {
				r = session_poll(s, now);
				if (r < 0)
					return r;
				continue;
			}
			if (s->menu.countdown) {
				uint64_t d = menu_state_deadline(&s->menu);
				struct timespec ts = { 0, 0 };

				if (d > now)
					ts = (struct timespec){ (time_t)((d - now) / 1000),
								(long)((d - now) % 1000) * 1000000 };
				nanosleep(&ts, NULL);
				continue;
			}
			return -ENOTTY;
		}
		r = session_poll(s, now);
		if (r < 0)
			return r;
	}
	return s->error;
}

int menu_session_run(const struct menu_console *consoles, size_t n_consoles, const struct boot_set *set,
		     const struct menu_options *opt, bool interactive, struct menu_choice *ret)
{
	return menu_session_run_fed(consoles, n_consoles, set, opt, interactive, NULL, ret);
}

int menu_session_run_fed(const struct menu_console *consoles, size_t n_consoles, const struct boot_set *set,
			 const struct menu_options *opt, bool interactive, const struct menu_feed *feed,
			 struct menu_choice *ret)
{
	struct menu_options o;
	struct session *s;
	size_t index = 0;
	int r;

	if (!opt || !ret || (n_consoles && !consoles))
		return -EINVAL;
	o = *opt;
	if (n_consoles > MENU_MAX_CONSOLES)
		n_consoles = MENU_MAX_CONSOLES;

	if (!interactive || n_consoles == 0)
		goto unattended;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->owner = SIZE_MAX;
	s->n = n_consoles;
	s->feed = feed;
	s->default_index = o.default_index;
	s->searching = o.searching;
	for (size_t i = 0; i < n_consoles; i++) {
		s->cons[i].con = &consoles[i];
		console_setup(&s->cons[i]);
	}
	if (!session_has_input(s)) {
		r = -ENOTTY;
	} else {
		r = menu_state_init(&s->menu, set, &o, clock_now_ms());
		if (r == 0)
			r = session_loop(s);
	}
	o.default_index = s->default_index;
	o.searching = s->searching;
	if (r == 0) {
		char *cmdline = NULL;

		if (s->action.type == MENU_ACTION_BOOT && s->action.cmdline) {
			cmdline = strdup(s->action.cmdline);
			if (!cmdline)
				r = -ENOMEM;
		}
		if (r == 0)
			*ret = (struct menu_choice){
				.action = s->action.type,
				.index = s->action.index,
				.cmdline = cmdline,
				.console = s->owner != SIZE_MAX ? consoles[s->owner].name : NULL,
				.console_index = s->owner,
				.automatic = s->owner == SIZE_MAX,
			};
	}
	if (s->draw_at)
		session_drain_cpr(s);
	for (size_t i = 0; i < s->n; i++)
		console_restore(&s->cons[i]);
	menu_state_done(&s->menu);
	free(s);
	if (r != -ENOTTY)
		return r;

unattended:
	r = session_wait_entries(set, feed, o.searching, &o.default_index);
	if (r == 0)
		r = session_pick_unattended(set, &o, &index);
	if (r < 0)
		return r;
	*ret = (struct menu_choice){ .action = MENU_ACTION_BOOT, .index = index, .console_index = SIZE_MAX,
				     .automatic = true };
	return 0;
}
