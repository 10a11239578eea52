// SPDX-License-Identifier: GPL-2.0-or-later
/* The menu state machine: navigation, editing, timeout, default resolution, broken entries. */
#include "lib/cleanup.h"
#include "menu/menu.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-menu-fixture.h"

struct run {
	struct fixture f;
	struct menu_state m;
	struct key_decoder d;
	struct menu_action a;
	uint64_t now;
};

static void run_start(struct run *r, size_t n, int timeout_s, size_t def)
{
	struct menu_options opt = { .timeout_s = timeout_s, .default_index = def, .initial_index = def };

	fixture_init(&r->f, n);
	key_decoder_init(&r->d);
	r->now = 1000;
	CHECK_EQ(menu_state_init(&r->m, &r->f.set, &opt, r->now), 0);
}

/* Feeds a string byte by byte, 1 ms apart, ticking the decoder between bytes. */
static enum menu_action_type run_keys(struct run *r, const char *s)
{
	enum menu_action_type t = MENU_ACTION_NONE;

	for (; *s; s++) {
		int k = key_decoder_tick(&r->d, r->now);

		if (k != KEY_NONE)
			t = menu_state_key(&r->m, k, r->now, &r->a);
		t = menu_state_feed(&r->m, &r->d, s, 1, r->now, &r->a);
		if (t == MENU_ACTION_BOOT || t == MENU_ACTION_SHELL || t == MENU_ACTION_RESCAN)
			return t;
		r->now++;
	}
	return t;
}

/* Lets the ESC timeout pass (flushing a lone ESC into the state). */
static enum menu_action_type run_wait_esc(struct run *r)
{
	int k;

	r->now += KEY_ESC_TIMEOUT_MS;
	k = key_decoder_tick(&r->d, r->now);
	return k == KEY_NONE ? MENU_ACTION_NONE : menu_state_key(&r->m, k, r->now, &r->a);
}

static void test_navigation(void)
{
	struct run r;

	run_start(&r, 5, -1, 0);
	CHECK_EQ(r.m.selected, 0);
	CHECK_EQ(run_keys(&r, "\x1b[B"), MENU_ACTION_REDRAW);
	CHECK_EQ(r.m.selected, 1);
	run_keys(&r, "\x1bOB" "j");
	CHECK_EQ(r.m.selected, 3);
	run_keys(&r, "jjjj"); /* stops at the last entry */
	CHECK_EQ(r.m.selected, 4);
	run_keys(&r, "\x1b[A" "k" "\x1bOA");
	CHECK_EQ(r.m.selected, 1);
	run_keys(&r, "kkk");
	CHECK_EQ(r.m.selected, 0);
	run_keys(&r, "\x1b[F");
	CHECK_EQ(r.m.selected, 4);
	run_keys(&r, "\x1b[H");
	CHECK_EQ(r.m.selected, 0);
	run_keys(&r, "\x1b[4~");
	CHECK_EQ(r.m.selected, 4);
	run_keys(&r, "\x1b[1~");
	CHECK_EQ(r.m.selected, 0);
	run_keys(&r, "\x1bOF");
	CHECK_EQ(r.m.selected, 4);
	run_keys(&r, "\x1bOH");
	CHECK_EQ(r.m.selected, 0);
	menu_state_done(&r.m);
}

static void test_paging(void)
{
	struct run r;

	run_start(&r, 20, -1, 0);
	r.m.page_rows = 6;
	run_keys(&r, "\x1b[6~");
	CHECK_EQ(r.m.selected, 6);
	run_keys(&r, "\x1b[6~" "\x1b[6~");
	CHECK_EQ(r.m.selected, 18);
	run_keys(&r, "\x1b[6~");
	CHECK_EQ(r.m.selected, 19);
	run_keys(&r, "\x1b[5~");
	CHECK_EQ(r.m.selected, 13);
	run_keys(&r, "\x1b[5~" "\x1b[5~" "\x1b[5~");
	CHECK_EQ(r.m.selected, 0);
	menu_state_done(&r.m);
}

static void test_digits(void)
{
	struct run r;

	run_start(&r, 12, -1, 0);
	run_keys(&r, "3");
	CHECK_EQ(r.m.selected, 2);
	run_keys(&r, "12"); /* typed quickly: entry 12 */
	CHECK_EQ(r.m.selected, 11);
	r.now += MENU_DIGIT_WINDOW_MS;
	run_keys(&r, "1");
	CHECK_EQ(r.m.selected, 0);
	r.now += MENU_DIGIT_WINDOW_MS;
	run_keys(&r, "2");
	CHECK_EQ(r.m.selected, 1); /* the pause started a new number */
	run_keys(&r, "5"); /* 25 > 12: starts over at 5 */
	CHECK_EQ(r.m.selected, 4);
	r.now += MENU_DIGIT_WINDOW_MS;
	run_keys(&r, "0"); /* there is no entry 0 */
	CHECK_EQ(r.m.selected, 4);
	run_keys(&r, "j9");
	CHECK_EQ(r.m.selected, 8);
	/* Digits select; they never boot. */
	CHECK_EQ(run_keys(&r, "7"), MENU_ACTION_REDRAW);
	menu_state_done(&r.m);
}

static void test_enter_boots(void)
{
	struct run r;

	run_start(&r, 3, -1, 0);
	CHECK_EQ(run_keys(&r, "\x1b[B\r"), MENU_ACTION_BOOT);
	CHECK_EQ(r.a.index, 1);
	CHECK(r.a.cmdline == NULL);
	menu_state_done(&r.m);

	/* All at once through menu_state_feed, LF for Enter. */
	run_start(&r, 3, -1, 0);
	CHECK_EQ(menu_state_feed(&r.m, &r.d, "\x1bOB\x1bOB\n", 7, r.now, &r.a), MENU_ACTION_BOOT);
	CHECK_EQ(r.a.index, 2);
	menu_state_done(&r.m);
}

static void test_split_sequences_across_feeds(void)
{
	struct run r;
	struct menu_action a;

	run_start(&r, 4, -1, 0);
	/* "ESC [ B" in three reads, 100 ms apart (inside the ESC timeout). */
	CHECK_EQ(menu_state_feed(&r.m, &r.d, "\x1b", 1, 1000, &a), MENU_ACTION_NONE);
	CHECK_EQ(key_decoder_tick(&r.d, 1100), KEY_NONE);
	CHECK_EQ(menu_state_feed(&r.m, &r.d, "[", 1, 1100, &a), MENU_ACTION_NONE);
	CHECK_EQ(key_decoder_tick(&r.d, 1200), KEY_NONE);
	CHECK_EQ(menu_state_feed(&r.m, &r.d, "B", 1, 1200, &a), MENU_ACTION_REDRAW);
	CHECK_EQ(r.m.selected, 1);
	CHECK_EQ(menu_state_feed(&r.m, &r.d, "\x1b[", 2, 1300, &a), MENU_ACTION_NONE);
	CHECK_EQ(menu_state_feed(&r.m, &r.d, "6", 1, 1301, &a), MENU_ACTION_NONE);
	CHECK_EQ(menu_state_feed(&r.m, &r.d, "~\r", 2, 1302, &a), MENU_ACTION_BOOT);
	CHECK_EQ(a.index, 3);
	menu_state_done(&r.m);
}

#define CHECK_EDITOR(r, text, cur)                          \
	do {                                                \
		CHECK_STREQ((r)->m.editor.buf, (text));     \
		CHECK_EQ((r)->m.editor.cursor, (cur));      \
		CHECK_EQ((r)->m.editor.len, strlen(text));  \
	} while (0)

static void test_editor_every_key(void)
{
	struct run r;

	run_start(&r, 3, -1, 0);
	run_keys(&r, "j");
	CHECK_EQ(run_keys(&r, "e"), MENU_ACTION_REDRAW);
	CHECK_EQ(r.m.mode, MENU_MODE_EDIT);
	CHECK_EQ(r.m.edit_index, 1);
	CHECK_EDITOR(&r, "root=/dev/vda1 ro", 17);
	/* Keys that mean something in the list are text here. */
	run_keys(&r, " quiet jkecsr?0");
	CHECK_EDITOR(&r, "root=/dev/vda1 ro quiet jkecsr?0", 32);
	run_keys(&r, "\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f"); /* Backspace (DEL) */
	CHECK_EDITOR(&r, "root=/dev/vda1 ro quie", 22);
	run_keys(&r, "\x08"); /* Backspace (BS) */
	CHECK_EDITOR(&r, "root=/dev/vda1 ro qui", 21);
	run_keys(&r, "\x1b[D\x1b[D"); /* Left */
	CHECK_EDITOR(&r, "root=/dev/vda1 ro qui", 19);
	run_keys(&r, "\x02"); /* Ctrl-B */
	CHECK_EDITOR(&r, "root=/dev/vda1 ro qui", 18);
	run_keys(&r, "X"); /* insert in the middle, before the 'q' */
	CHECK_EDITOR(&r, "root=/dev/vda1 ro Xqui", 19);
	run_keys(&r, "\x1b[C"); /* Right */
	CHECK_EDITOR(&r, "root=/dev/vda1 ro Xqui", 20);
	run_keys(&r, "\x06"); /* Ctrl-F */
	CHECK_EDITOR(&r, "root=/dev/vda1 ro Xqui", 21);
	run_keys(&r, "\x1b[H"); /* Home */
	CHECK_EDITOR(&r, "root=/dev/vda1 ro Xqui", 0);
	run_keys(&r, "\x1b[D"); /* Left at the start: nothing */
	CHECK_EDITOR(&r, "root=/dev/vda1 ro Xqui", 0);
	run_keys(&r, "\x7f"); /* Backspace at the start: nothing */
	CHECK_EDITOR(&r, "root=/dev/vda1 ro Xqui", 0);
	run_keys(&r, "\x1b[3~"); /* Delete */
	CHECK_EDITOR(&r, "oot=/dev/vda1 ro Xqui", 0);
	run_keys(&r, "R");
	CHECK_EDITOR(&r, "Root=/dev/vda1 ro Xqui", 1);
	run_keys(&r, "\x1b[F"); /* End */
	CHECK_EDITOR(&r, "Root=/dev/vda1 ro Xqui", 22);
	run_keys(&r, "\x1b[C"); /* Right at the end: nothing */
	CHECK_EDITOR(&r, "Root=/dev/vda1 ro Xqui", 22);
	run_keys(&r, "\x1b[3~"); /* Delete at the end: nothing */
	CHECK_EDITOR(&r, "Root=/dev/vda1 ro Xqui", 22);
	run_keys(&r, "\x01"); /* Ctrl-A */
	CHECK_EDITOR(&r, "Root=/dev/vda1 ro Xqui", 0);
	run_keys(&r, "\x05"); /* Ctrl-E */
	CHECK_EDITOR(&r, "Root=/dev/vda1 ro Xqui", 22);
	run_keys(&r, "\x1b[1~"); /* Home, VT220 */
	CHECK_EDITOR(&r, "Root=/dev/vda1 ro Xqui", 0);
	run_keys(&r, "\x1b[4~"); /* End, VT220 */
	CHECK_EDITOR(&r, "Root=/dev/vda1 ro Xqui", 22);
	run_keys(&r, "\x1bOH\x1bOC\x1bOC\x1bOC\x1bOC\x1bOC"); /* Home and Right, application mode */
	CHECK_EDITOR(&r, "Root=/dev/vda1 ro Xqui", 5);
	run_keys(&r, "\x15"); /* Ctrl-U: kill to the start */
	CHECK_EDITOR(&r, "/dev/vda1 ro Xqui", 0);
	run_keys(&r, "\x04"); /* Ctrl-D: delete under the cursor */
	CHECK_EDITOR(&r, "dev/vda1 ro Xqui", 0);
	run_keys(&r, "\x1bOF\x1bOD\x1bOD\x1bOD\x1bOD\x1bOD"); /* End, Left x5 (application mode) */
	CHECK_EDITOR(&r, "dev/vda1 ro Xqui", 11);
	run_keys(&r, "\x0b"); /* Ctrl-K: kill to the end */
	CHECK_EDITOR(&r, "dev/vda1 ro", 11);
	/* F5, Insert, Up, Down, Ctrl-G, a UTF-8 byte pair, Tab: ignored */
	run_keys(&r, "\x1b[15~\x1b[2~\x1b[A\x1b[B\x07\xc3\xa9\t");
	CHECK_EDITOR(&r, "dev/vda1 ro", 11);
	CHECK_EQ(r.m.mode, MENU_MODE_EDIT);
	run_keys(&r, "\x01root=/\x05 single");
	CHECK_EDITOR(&r, "root=/dev/vda1 ro single", 24);
	CHECK_EQ(run_keys(&r, "\r"), MENU_ACTION_BOOT);
	CHECK_EQ(r.a.index, 1);
	CHECK_STREQ(r.a.cmdline, "root=/dev/vda1 ro single");
	/* The entry itself is untouched. */
	CHECK_STREQ(r.f.e[1].cmdline, "root=/dev/vda1 ro");
	menu_state_done(&r.m);
}

static void test_editor_escape_cancels(void)
{
	struct run r;

	run_start(&r, 3, -1, 0);
	run_keys(&r, "eabc");
	CHECK_EDITOR(&r, "root=/dev/vda1 roabc", 20);
	/* ESC followed by '[' 'D' inside the timeout is Left, not cancel. */
	run_keys(&r, "\x1b[D");
	CHECK_EQ(r.m.mode, MENU_MODE_EDIT);
	CHECK_EQ(r.m.editor.cursor, 19);
	/* A lone ESC: nothing until the timeout, then cancel. */
	CHECK_EQ(run_keys(&r, "\x1b"), MENU_ACTION_NONE);
	CHECK_EQ(r.m.mode, MENU_MODE_EDIT);
	CHECK_EQ(run_wait_esc(&r), MENU_ACTION_REDRAW);
	CHECK_EQ(r.m.mode, MENU_MODE_LIST);
	/* Enter now boots the entry unedited. */
	CHECK_EQ(run_keys(&r, "\r"), MENU_ACTION_BOOT);
	CHECK_EQ(r.a.index, 0);
	CHECK(r.a.cmdline == NULL);
	/* Editing again starts from the entry's line, not the cancelled one. */
	run_keys(&r, "e");
	CHECK_EDITOR(&r, "root=/dev/vda1 ro", 17);
	run_keys(&r, "\x03"); /* Ctrl-C cancels too */
	CHECK_EQ(r.m.mode, MENU_MODE_LIST);
	menu_state_done(&r.m);
}

static void test_editor_limit_and_empty(void)
{
	struct run r;

	run_start(&r, 2, -1, 0);
	r.f.e[0].cmdline = NULL;
	run_keys(&r, "e");
	CHECK_EDITOR(&r, "", 0);
	for (size_t i = 0; i < MENU_CMDLINE_MAX + 10; i++)
		CHECK_EQ(menu_state_key(&r.m, 'a', r.now, &r.a) == MENU_ACTION_BOOT, 0);
	CHECK_EQ(r.m.editor.len, MENU_CMDLINE_MAX);
	CHECK_EQ(run_keys(&r, "\r"), MENU_ACTION_BOOT);
	CHECK_EQ(strlen(r.a.cmdline), MENU_CMDLINE_MAX);
	menu_state_done(&r.m);
}

static void test_shell_rescan_help(void)
{
	struct run r;

	run_start(&r, 3, -1, 0);
	CHECK_EQ(run_keys(&r, "c"), MENU_ACTION_SHELL);
	CHECK_EQ(run_keys(&r, "s"), MENU_ACTION_SHELL);
	CHECK_EQ(run_keys(&r, "r"), MENU_ACTION_RESCAN);
	CHECK_EQ(run_keys(&r, "?"), MENU_ACTION_REDRAW);
	CHECK_EQ(r.m.mode, MENU_MODE_HELP);
	/* In help, any key just returns; 'c' does not open a shell. */
	CHECK_EQ(run_keys(&r, "c"), MENU_ACTION_REDRAW);
	CHECK_EQ(r.m.mode, MENU_MODE_LIST);
	CHECK_EQ(run_keys(&r, "\x0c"), MENU_ACTION_REDRAW); /* Ctrl-L */
	menu_state_done(&r.m);
}

static void test_policy_locks(void)
{
	struct fixture f;
	struct menu_state m;
	struct menu_action a;
	struct menu_options opt = { .timeout_s = -1, .shell_locked = true, .edit_locked = true };

	fixture_init(&f, 2);
	CHECK_EQ(menu_state_init(&m, &f.set, &opt, 0), 0);
	CHECK_EQ(menu_state_key(&m, 'c', 0, &a), MENU_ACTION_REDRAW);
	CHECK(m.status && strstr(m.status, "disabled"));
	CHECK_EQ(menu_state_key(&m, 's', 0, &a), MENU_ACTION_REDRAW);
	CHECK_EQ(menu_state_key(&m, 'e', 0, &a), MENU_ACTION_REDRAW);
	CHECK_EQ(m.mode, MENU_MODE_LIST);
	CHECK(m.status && strstr(m.status, "editing is disabled"));
	/* The next key clears the message. */
	CHECK_EQ(menu_state_key(&m, 'j', 0, &a), MENU_ACTION_REDRAW);
	CHECK(m.status == NULL);
	menu_state_done(&m);
}

/* The lock's check: "sesame" opens it; counts the calls. */
static int unlock_calls;
static bool unlock_sesame(void *userdata, const char *password)
{
	(void)userdata;
	unlock_calls++;
	return strcmp(password, "sesame") == 0;
}

static enum menu_action_type type_line(struct menu_state *m, const char *s, uint64_t now, struct menu_action *a)
{
	enum menu_action_type t = MENU_ACTION_NONE;

	for (; *s; s++)
		t = menu_state_key(m, (unsigned char)*s, now, a);
	return menu_state_key(m, KEY_ENTER, now, a) == MENU_ACTION_NONE ? t : a->type;
}

static void test_password_lock(void)
{
	struct fixture f;
	struct menu_state m;
	struct menu_action a;
	struct menu_options opt = { .timeout_s = -1, .password_locked = true, .unlock = unlock_sesame,
				    .trust = "trust: enforce" };

	fixture_init(&f, 2);
	unlock_calls = 0;
	CHECK_EQ(menu_state_init(&m, &f.set, &opt, 0), 0);
	/* e asks first; a wrong password leaves it locked, with the reason, and the typed bytes wiped. */
	CHECK_EQ(menu_state_key(&m, 'e', 0, &a), MENU_ACTION_REDRAW);
	CHECK_EQ(m.mode, MENU_MODE_PASSWORD);
	CHECK_EQ(type_line(&m, "open", 0, &a), MENU_ACTION_REDRAW);
	CHECK_EQ(unlock_calls, 1);
	CHECK_EQ(m.mode, MENU_MODE_LIST);
	CHECK(m.status && strstr(m.status, "wrong password"));
	CHECK(m.password_locked);
	CHECK(m.editor.buf && m.editor.buf[0] == '\0' && m.editor.buf[1] == '\0');
	/* Esc cancels without asking. */
	CHECK_EQ(menu_state_key(&m, 'c', 0, &a), MENU_ACTION_REDRAW);
	CHECK_EQ(m.mode, MENU_MODE_PASSWORD);
	CHECK_EQ(m.lock_next, 'c');
	CHECK_EQ(menu_state_key(&m, KEY_ESC, 0, &a), MENU_ACTION_REDRAW);
	CHECK_EQ(m.mode, MENU_MODE_LIST);
	CHECK_EQ(unlock_calls, 1);
	/* The right one opens the editor, and the lock stays open for the session. */
	CHECK_EQ(menu_state_key(&m, 'e', 0, &a), MENU_ACTION_REDRAW);
	CHECK_EQ(type_line(&m, "sesame", 0, &a), MENU_ACTION_REDRAW);
	CHECK_EQ(m.mode, MENU_MODE_EDIT);
	CHECK(!m.password_locked);
	CHECK_EQ(menu_state_key(&m, KEY_ESC, 0, &a), MENU_ACTION_REDRAW);
	CHECK_EQ(menu_state_key(&m, 'c', 0, &a), MENU_ACTION_SHELL);
	CHECK_EQ(unlock_calls, 2);
	menu_state_done(&m);

	/* The shell through the lock. */
	CHECK_EQ(menu_state_init(&m, &f.set, &opt, 0), 0);
	CHECK_EQ(menu_state_key(&m, 's', 0, &a), MENU_ACTION_REDRAW);
	CHECK_EQ(type_line(&m, "sesame", 0, &a), MENU_ACTION_SHELL);
	menu_state_done(&m);

	/* No password built in: nothing opens it. */
	opt.unlock = NULL;
	CHECK_EQ(menu_state_init(&m, &f.set, &opt, 0), 0);
	CHECK_EQ(menu_state_key(&m, 'e', 0, &a), MENU_ACTION_REDRAW);
	CHECK_EQ(m.mode, MENU_MODE_LIST);
	CHECK(m.status && strstr(m.status, "no password is built in"));
	CHECK_EQ(menu_state_key(&m, 'c', 0, &a), MENU_ACTION_REDRAW);
	CHECK_EQ(m.mode, MENU_MODE_LIST);
	menu_state_done(&m);
}

static void test_timeout_expires(void)
{
	struct run r;

	run_start(&r, 4, 3, 2);
	CHECK(r.m.countdown);
	CHECK_EQ(r.m.remaining_s, 3);
	CHECK_EQ(menu_state_deadline(&r.m), 2000); /* shows 2 at 1 s in */
	CHECK_EQ(menu_state_tick(&r.m, 1500, &r.a), MENU_ACTION_NONE);
	CHECK_EQ(menu_state_tick(&r.m, 1999, &r.a), MENU_ACTION_NONE);
	CHECK_EQ(menu_state_tick(&r.m, 2000, &r.a), MENU_ACTION_REDRAW);
	CHECK_EQ(r.m.remaining_s, 2);
	CHECK_EQ(menu_state_deadline(&r.m), 3000);
	CHECK_EQ(menu_state_tick(&r.m, 3500, &r.a), MENU_ACTION_REDRAW);
	CHECK_EQ(r.m.remaining_s, 1);
	CHECK_EQ(menu_state_deadline(&r.m), 4000);
	CHECK_EQ(menu_state_tick(&r.m, 3999, &r.a), MENU_ACTION_NONE);
	CHECK_EQ(menu_state_tick(&r.m, 4000, &r.a), MENU_ACTION_BOOT);
	CHECK_EQ(r.a.index, 2);
	CHECK(r.a.cmdline == NULL);
	CHECK(!r.m.countdown);
	menu_state_done(&r.m);
}

static void test_timeout_cancelled_by_key(void)
{
	struct run r;

	run_start(&r, 4, 3, 0);
	/* A terminal's size reply is not a key press. */
	CHECK_EQ(run_keys(&r, "\x1b[24;80R"), MENU_ACTION_NONE);
	CHECK(r.m.countdown);
	r.now = 1500;
	CHECK_EQ(run_keys(&r, "x"), MENU_ACTION_REDRAW); /* any key, even one without a meaning */
	CHECK(!r.m.countdown);
	CHECK_EQ(menu_state_deadline(&r.m), UINT64_MAX);
	CHECK_EQ(menu_state_tick(&r.m, 100000, &r.a), MENU_ACTION_NONE);
	CHECK_EQ(r.m.selected, 0);
	menu_state_done(&r.m);

	/* A lone ESC also stops it, once it is known to be one. */
	run_start(&r, 4, 3, 0);
	run_keys(&r, "\x1b");
	CHECK(r.m.countdown);
	run_wait_esc(&r);
	CHECK(!r.m.countdown);
	menu_state_done(&r.m);
}

static void test_timeout_zero_and_forever(void)
{
	struct run r;

	run_start(&r, 3, 0, 1);
	CHECK_EQ(menu_state_deadline(&r.m), r.now);
	CHECK_EQ(menu_state_tick(&r.m, r.now, &r.a), MENU_ACTION_BOOT);
	CHECK_EQ(r.a.index, 1);
	menu_state_done(&r.m);

	/* Timeout 0 with a key already pending: the caller stops the countdown first. */
	run_start(&r, 3, 0, 1);
	menu_state_stop_countdown(&r.m);
	CHECK_EQ(menu_state_tick(&r.m, r.now, &r.a), MENU_ACTION_NONE);
	menu_state_done(&r.m);
	/* ... or feeds the key first. */
	run_start(&r, 3, 0, 1);
	run_keys(&r, "j");
	CHECK_EQ(menu_state_tick(&r.m, r.now + 10, &r.a), MENU_ACTION_NONE);
	CHECK_EQ(r.m.selected, 2);
	menu_state_done(&r.m);

	run_start(&r, 3, -1, 0);
	CHECK(!r.m.countdown);
	CHECK_EQ(menu_state_deadline(&r.m), UINT64_MAX);
	CHECK_EQ(menu_state_tick(&r.m, UINT64_MAX / 2, &r.a), MENU_ACTION_NONE);
	menu_state_done(&r.m);

	/* No entries: nothing to count down to. */
	run_start(&r, 0, 0, 0);
	CHECK(!r.m.countdown);
	CHECK_EQ(menu_state_tick(&r.m, r.now + 10000, &r.a), MENU_ACTION_NONE);
	CHECK(run_keys(&r, "\r") != MENU_ACTION_BOOT);
	CHECK_EQ(run_keys(&r, "r"), MENU_ACTION_RESCAN);
	menu_state_done(&r.m);
}

static void test_default_resolution(void)
{
	struct fixture f;
	static char def_id[] = "test:e3", def_idx[] = "1", def_title[] = "Entry 4", def_bad[] = "nope";
	static char sub1[] = "Advanced options>Entry 5 (recovery)", sub2[] = "Other>Entry 5 (recovery)";
	static char sub3[] = "Advanced options>Only here";

	fixture_init(&f, 6);
	/* Nothing set: the first entry. */
	CHECK_EQ(menu_resolve_default(&f.set, NULL), 0);
	CHECK_EQ(menu_resolve_default(&f.set, ""), 0);
	/* The configs' default. */
	f.set.default_id = def_id;
	CHECK_EQ(menu_resolve_default(&f.set, NULL), 2);
	/* kexboot.default= wins over the config: as id, index and title. */
	CHECK_EQ(menu_resolve_default(&f.set, "test:e5"), 4);
	CHECK_EQ(menu_resolve_default(&f.set, "0"), 0);
	CHECK_EQ(menu_resolve_default(&f.set, "5"), 5);
	CHECK_EQ(menu_resolve_default(&f.set, "Entry 2"), 1);
	/* Unknown, out-of-range or non-numeric: fall through to the config's default. */
	CHECK_EQ(menu_resolve_default(&f.set, "nope"), 2);
	CHECK_EQ(menu_resolve_default(&f.set, "6"), 2);
	CHECK_EQ(menu_resolve_default(&f.set, "-1"), 2);
	CHECK_EQ(menu_resolve_default(&f.set, "1x"), 2);
	/* The config's default may itself be an index or a title (GRUB's default=). */
	f.set.default_id = def_idx;
	CHECK_EQ(menu_resolve_default(&f.set, NULL), 1);
	f.set.default_id = def_title;
	CHECK_EQ(menu_resolve_default(&f.set, NULL), 3);
	f.set.default_id = def_bad;
	CHECK_EQ(menu_resolve_default(&f.set, NULL), 0);
	/* Submenu titles: the full path, or a leaf that only one entry has. */
	f.e[4].title = sub1;
	f.e[5].title = sub3;
	CHECK_EQ(menu_resolve_default(&f.set, "Advanced options>Entry 5 (recovery)"), 4);
	CHECK_EQ(menu_resolve_default(&f.set, "Entry 5 (recovery)"), 4);
	CHECK_EQ(menu_resolve_default(&f.set, "Only here"), 5);
	f.e[3].title = sub2; /* now the leaf is ambiguous: not matched */
	CHECK_EQ(menu_resolve_default(&f.set, "Entry 5 (recovery)"), 0);
	/* An id that looks like an index is still an id first. */
	f.e[2].id = def_idx;
	CHECK_EQ(menu_resolve_default(&f.set, "1"), 2);
	CHECK_EQ(menu_resolve_default(NULL, "1"), 0);
}

static void test_timeout_resolution(void)
{
	CHECK_EQ(menu_resolve_timeout(BOOT_TIMEOUT_UNSET, BOOT_TIMEOUT_UNSET, 5), 5);
	CHECK_EQ(menu_resolve_timeout(BOOT_TIMEOUT_UNSET, 10, 5), 10);
	CHECK_EQ(menu_resolve_timeout(BOOT_TIMEOUT_UNSET, 0, 5), 0);
	CHECK_EQ(menu_resolve_timeout(BOOT_TIMEOUT_UNSET, -1, 5), -1);
	CHECK_EQ(menu_resolve_timeout(3, 10, 5), 3);
	CHECK_EQ(menu_resolve_timeout(0, 10, 5), 0);
	CHECK_EQ(menu_resolve_timeout(-1, 10, 5), -1);
	CHECK_EQ(menu_resolve_timeout(-7, 10, 5), -1);
	CHECK_EQ(menu_resolve_timeout(7, -1, 5), 7);
	CHECK_EQ(menu_resolve_timeout(1000000, 1, 5), MENU_MAX_TIMEOUT_S);
	CHECK_EQ(menu_resolve_timeout(BOOT_TIMEOUT_UNSET, BOOT_TIMEOUT_UNSET, 9), 9);
	CHECK_EQ(menu_resolve_timeout(BOOT_TIMEOUT_UNSET, BOOT_TIMEOUT_UNSET, -1), -1);
}

static void test_broken_entries(void)
{
	struct run r;
	static char reason[] = "kernel /vmlinuz-6.1 not found on UUID=1234-ABCD";

	run_start(&r, 3, -1, 0);
	fixture_break(&r.f, 1, reason);
	CHECK_EQ(run_keys(&r, "j\r"), MENU_ACTION_REDRAW);
	CHECK_EQ(r.m.selected, 1);
	CHECK(r.m.status && strstr(r.m.status, reason) && strstr(r.m.status, "Entry 2"));
	CHECK_EQ(run_keys(&r, "e"), MENU_ACTION_REDRAW); /* cannot edit it either */
	CHECK_EQ(r.m.mode, MENU_MODE_LIST);
	CHECK(r.m.status && strstr(r.m.status, reason));
	CHECK_EQ(run_keys(&r, "j\r"), MENU_ACTION_BOOT);
	CHECK_EQ(r.a.index, 2);
	menu_state_done(&r.m);

	/* A broken default at the end of the countdown: reason shown, no boot. */
	run_start(&r, 3, 1, 1);
	fixture_break(&r.f, 1, reason);
	CHECK_EQ(menu_state_tick(&r.m, r.now + 1000, &r.a), MENU_ACTION_REDRAW);
	CHECK(!r.m.countdown);
	CHECK(r.m.status && strstr(r.m.status, reason));
	CHECK_EQ(menu_state_tick(&r.m, r.now + 5000, &r.a), MENU_ACTION_NONE);
	menu_state_done(&r.m);
}

static void test_failure_comes_back(void)
{
	struct fixture f;
	struct menu_state m;
	struct menu_action a;
	struct menu_options opt = { .timeout_s = 5, .default_index = 0, .initial_index = 2,
				    .status = "could not boot 'Entry 3': bad kernel image" };

	/* Re-entry after a failed boot: message shown, selection on the failed entry, no countdown. */
	fixture_init(&f, 3);
	CHECK_EQ(menu_state_init(&m, &f.set, &opt, 0), 0);
	CHECK_EQ(m.selected, 2);
	CHECK(!m.countdown);
	CHECK_STREQ(m.status, "could not boot 'Entry 3': bad kernel image");
	CHECK_EQ(menu_state_tick(&m, 60000, &a), MENU_ACTION_NONE);
	CHECK_EQ(menu_state_key(&m, KEY_UP, 0, &a), MENU_ACTION_REDRAW);
	CHECK(m.status == NULL);
	CHECK_EQ(menu_state_key(&m, KEY_ENTER, 0, &a), MENU_ACTION_BOOT);
	CHECK_EQ(a.index, 1);
	/* The same state can take the next failure. */
	CHECK_EQ(menu_state_set_status(&m, "could not boot '%s': %s", "Entry 2", "kexec_load: EBUSY"), 0);
	CHECK_STREQ(m.status, "could not boot 'Entry 2': kexec_load: EBUSY");
	CHECK_EQ(m.mode, MENU_MODE_LIST);
	menu_state_done(&m);
	/* Out-of-range initial index: the default. */
	opt.initial_index = 99;
	opt.default_index = 1;
	opt.status = NULL;
	CHECK_EQ(menu_state_init(&m, &f.set, &opt, 0), 0);
	CHECK_EQ(m.selected, 1);
	CHECK(m.countdown);
	/* A note never stops the countdown nor covers a status: shown only on a free line. */
	CHECK_EQ(menu_state_note(&m, "console %s went away", "hvc0"), 0);
	CHECK(m.countdown && m.status == NULL);
	menu_state_stop_countdown(&m);
	CHECK_EQ(menu_state_note(&m, "console %s went away", "hvc0"), 1);
	CHECK_STREQ(m.status, "console hvc0 went away");
	CHECK_EQ(menu_state_note(&m, "console %s went away", "ttyS1"), 0);
	CHECK_STREQ(m.status, "console hvc0 went away");
	menu_state_done(&m);
}

/* Entries arriving while the menu is open: the selection and the countdown stay put. */
static void test_grow_keeps_selection_and_countdown(void)
{
	struct menu_options opt = { .timeout_s = 5, .searching = true };
	struct menu_state m;
	struct menu_action a;
	struct fixture f;

	fixture_init(&f, 4);
	f.set.n_entries = 2; /* the local source's two; the slow one brings two more */
	CHECK_EQ(menu_state_init(&m, &f.set, &opt, 1000), 0);
	CHECK(m.searching);
	CHECK(m.countdown);
	CHECK_EQ(m.deadline_ms, 6000);
	m.selected = 1;
	f.set.n_entries = 4;
	CHECK_EQ(menu_state_grow(&m, 0, false, 3500, &a), MENU_ACTION_REDRAW);
	CHECK(!m.searching);
	CHECK_EQ(m.selected, 1);
	CHECK(m.countdown);
	CHECK_EQ(m.deadline_ms, 6000); /* never delayed by the slow source */
	CHECK_EQ(menu_state_tick(&m, 6000, &a), MENU_ACTION_BOOT);
	CHECK_EQ(a.index, 0);
	menu_state_done(&m);

	/* The default named on the command line arrives late: it becomes the default. */
	f.set.n_entries = 2;
	CHECK_EQ(menu_state_init(&m, &f.set, &opt, 1000), 0);
	f.set.n_entries = 4;
	CHECK_EQ(menu_state_grow(&m, 3, true, 2000, &a), MENU_ACTION_REDRAW);
	CHECK_EQ(m.default_index, 3);
	CHECK_EQ(m.selected, 0);
	CHECK_EQ(menu_state_tick(&m, 6000, &a), MENU_ACTION_BOOT);
	CHECK_EQ(a.index, 3);
	menu_state_done(&m);
}

/* Opened empty while searching: no countdown until entries come, then it starts from then. */
static void test_grow_from_empty(void)
{
	struct menu_options opt = { .timeout_s = 2, .searching = true };
	struct menu_state m;
	struct menu_action a;
	struct fixture f;

	fixture_init(&f, 3);
	f.set.n_entries = 0;
	CHECK_EQ(menu_state_init(&m, &f.set, &opt, 1000), 0);
	CHECK(!m.countdown);
	CHECK(m.countdown_pending);
	CHECK_EQ(menu_state_deadline(&m), UINT64_MAX);
	CHECK_EQ(menu_state_tick(&m, 9000, &a), MENU_ACTION_NONE);
	f.set.n_entries = 3;
	CHECK_EQ(menu_state_grow(&m, 1, false, 10000, &a), MENU_ACTION_REDRAW);
	CHECK(m.countdown);
	CHECK_EQ(m.selected, 1);
	CHECK_EQ(m.deadline_ms, 12000);
	CHECK_EQ(menu_state_tick(&m, 11999, &a), MENU_ACTION_REDRAW);
	CHECK_EQ(menu_state_tick(&m, 12000, &a), MENU_ACTION_BOOT);
	CHECK_EQ(a.index, 1);
	menu_state_done(&m);

	/* A key while waiting: no countdown when the entries come. */
	f.set.n_entries = 0;
	CHECK_EQ(menu_state_init(&m, &f.set, &opt, 1000), 0);
	menu_state_key(&m, KEY_DOWN, 1500, &a);
	f.set.n_entries = 3;
	menu_state_grow(&m, 0, false, 2000, &a);
	CHECK(!m.countdown);
	CHECK(!m.countdown_pending);
	menu_state_done(&m);

	/* Not searching: an empty menu never counts down. */
	opt.searching = false;
	f.set.n_entries = 0;
	CHECK_EQ(menu_state_init(&m, &f.set, &opt, 1000), 0);
	CHECK(!m.countdown_pending);
	menu_state_done(&m);
}

static const struct test tests[] = {
	TEST(navigation),
	TEST(paging),
	TEST(digits),
	TEST(enter_boots),
	TEST(split_sequences_across_feeds),
	TEST(editor_every_key),
	TEST(editor_escape_cancels),
	TEST(editor_limit_and_empty),
	TEST(shell_rescan_help),
	TEST(policy_locks),
	TEST(password_lock),
	TEST(timeout_expires),
	TEST(timeout_cancelled_by_key),
	TEST(timeout_zero_and_forever),
	TEST(default_resolution),
	TEST(timeout_resolution),
	TEST(broken_entries),
	TEST(failure_comes_back),
	TEST(grow_keeps_selection_and_countdown),
	TEST(grow_from_empty),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
