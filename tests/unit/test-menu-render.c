// SPDX-License-Identifier: GPL-2.0-or-later
/* The renderer, checked through a small VT100 screen model (test-menu-screen.h). */
#include "lib/cleanup.h"
#include "lib/strbuf.h"
#include "menu/menu.h"
#include "menu/render.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-menu-fixture.h"
#include "tests/unit/test-menu-screen.h"

struct rt {
	struct fixture f;
	struct menu_state m;
	struct menu_view v;
	struct screen s;
	struct strbuf out;
};

static void rt_start(struct rt *t, size_t n, int timeout, unsigned rows, unsigned cols)
{
	struct menu_options opt = { .timeout_s = timeout };

	memset(t, 0, sizeof(*t));
	fixture_init(&t->f, n);
	CHECK_EQ(menu_state_init(&t->m, &t->f.set, &opt, 0), 0);
	t->v.rows = rows;
	t->v.cols = cols;
	t->v.full = true;
	if (rows >= MENU_RENDER_MIN_ROWS && cols >= MENU_RENDER_MIN_COLS && rows <= SCR_MAX_ROWS &&
	    cols <= SCR_MAX_COLS)
		screen_init(&t->s, rows, cols);
	else
		screen_init(&t->s, 24, 80);
}

/* Renders into the screen model and checks the output stayed inside the rules. */
static void rt_draw(struct rt *t)
{
	t->out.len = 0;
	if (t->out.buf)
		t->out.buf[0] = '\0';
	CHECK_EQ(menu_render(&t->m, &t->v, &t->out), 0);
	screen_feed(&t->s, t->out.buf, t->out.len);
	CHECK_EQ(t->s.bad_escapes, 0);
	CHECK_EQ(t->s.bad_controls, 0);
	CHECK_EQ(t->s.non_ascii, 0);
	CHECK_EQ(t->s.past_edge, 0);
	CHECK_EQ(t->s.last_col_writes, 0);
}

static void rt_key(struct rt *t, int key)
{
	struct menu_action a;

	menu_state_key(&t->m, key, 0, &a);
}

static void rt_done(struct rt *t)
{
	menu_view_done(&t->v);
	menu_state_done(&t->m);
	strbuf_done(&t->out);
}

static void test_layout_80x24(void)
{
	struct rt t;
	int row;

	rt_start(&t, 3, -1, 24, 80);
	rt_key(&t, KEY_DOWN);
	rt_draw(&t);
	CHECK(strstr(screen_row(&t.s, 0), "kexboot"));
	CHECK_EQ(strncmp(screen_row(&t.s, 1), "+---", 4), 0);
	CHECK_EQ(t.s.cell[1][78], '+');
	CHECK_EQ(t.s.cell[2][0], '|');
	CHECK_EQ(t.s.cell[2][78], '|');
	/* Entry 2 is selected: its row, and only it, is in reverse video inside the box. */
	row = screen_find(&t.s, "Entry 2");
	CHECK_EQ(row, 3);
	CHECK(screen_row_reverse(&t.s, 3, 1, 78));
	CHECK(!t.s.rev[3][0] && !t.s.rev[3][78]);
	CHECK_EQ(screen_reverse_rows(&t.s), 1);
	CHECK_STREQ(screen_row(&t.s, 2), "|  1   Entry 1                                                                |");
	/* Bottom border, details of the selected entry, hints. */
	CHECK_EQ(strncmp(screen_row(&t.s, 18), "+---", 4), 0);
	CHECK_STREQ(screen_row(&t.s, 19), " Kernel: UUID=1234-ABCD:/vmlinuz");
	CHECK_STREQ(screen_row(&t.s, 20), " From:   UUID=1234-ABCD:/boot/grub/grub.cfg:42");
	CHECK(strstr(screen_row(&t.s, 22), "Enter: boot"));
	CHECK(strstr(screen_row(&t.s, 22), "e: edit"));
	CHECK_STREQ(screen_row(&t.s, 23), "");
	/* The first draw clears the screen; later ones only rewrite rows. */
	CHECK(strstr(t.out.buf, "\x1b[2J"));
	CHECK(!t.v.full);
	rt_draw(&t);
	CHECK(!strstr(t.out.buf, "\x1b[2J"));
	CHECK(!t.s.cursor_visible);
	rt_done(&t);
}

static void test_ascii_has_no_line_drawing(void)
{
	struct rt t;

	rt_start(&t, 3, 5, 24, 80);
	rt_draw(&t);
	CHECK(!strstr(t.out.buf, "\x1b(0"));
	CHECK(!strstr(t.out.buf, "\x0e")); /* no SO either */
	for (size_t i = 0; i < t.out.len; i++)
		CHECK((unsigned char)t.out.buf[i] < 0x80);
	for (unsigned r = 0; r < 24; r++)
		for (unsigned c = 0; c < 80; c++)
			CHECK(!t.s.dec[r][c]);
	rt_done(&t);

	/* With line drawing the borders are UTF-8 box characters (Linux VTs are in UTF-8 mode). */
	rt_start(&t, 3, 5, 24, 80);
	t.v.line_drawing = true;
	rt_draw(&t);
	CHECK(strstr(t.out.buf, "\xe2\x94\x8c\xe2\x94\x80\xe2\x94\x80"));
	CHECK(!strstr(t.out.buf, "\x1b(0"));
	CHECK(t.s.dec[1][0] && t.s.dec[2][0] && t.s.dec[2][78]);
	CHECK(!t.s.dec[2][5]); /* the titles are in the normal set */
	CHECK(!t.s.linedraw);
	CHECK(strstr(screen_row(&t.s, 2), "Entry 1"));
	rt_done(&t);
}

static void test_countdown_visible(void)
{
	struct rt t;
	struct menu_action a;

	rt_start(&t, 3, 5, 24, 80);
	rt_draw(&t);
	CHECK_STREQ(screen_row(&t.s, 21), " Press any key to stop. Booting in 5 s: 'Entry 1'");
	menu_state_tick(&t.m, 1000, &a);
	rt_draw(&t);
	CHECK(strstr(screen_row(&t.s, 21), "in 4 s"));
	rt_key(&t, 'j');
	rt_draw(&t);
	CHECK_STREQ(screen_row(&t.s, 21), "");
	rt_done(&t);
}

static void test_scrolling_window(void)
{
	struct rt t;
	size_t h;

	rt_start(&t, 40, -1, 24, 80);
	h = menu_view_list_rows(&t.v);
	CHECK_EQ(h, 16);
	rt_draw(&t);
	CHECK(screen_find(&t.s, "Entry 1 ") == 2);
	CHECK(screen_find(&t.s, "Entry 16 ") == 17);
	CHECK(screen_find(&t.s, "Entry 17 ") < 0);
	CHECK(screen_find(&t.s, "more above") < 0);
	CHECK_EQ(screen_find(&t.s, "more below"), 18);
	/* Down to entry 31: it is the last visible row, the window is 16..31. */
	for (int i = 0; i < 30; i++)
		rt_key(&t, KEY_DOWN);
	rt_draw(&t);
	CHECK_EQ(screen_find(&t.s, "Entry 31 "), 17);
	CHECK(screen_row_reverse(&t.s, 17, 1, 78));
	CHECK_EQ(screen_find(&t.s, "Entry 16 "), 2);
	CHECK(screen_find(&t.s, "Entry 15 ") < 0);
	CHECK(screen_find(&t.s, "Entry 32 ") < 0);
	CHECK_EQ(screen_find(&t.s, "more above"), 1);
	CHECK_EQ(screen_find(&t.s, "more below"), 18);
	/* Up by one keeps the window (no jumpy scrolling). */
	rt_key(&t, KEY_UP);
	rt_draw(&t);
	CHECK_EQ(screen_find(&t.s, "Entry 16 "), 2);
	CHECK_EQ(screen_find(&t.s, "Entry 30 "), 16);
	/* End: the last 16. */
	rt_key(&t, KEY_END);
	rt_draw(&t);
	CHECK_EQ(screen_find(&t.s, "Entry 25 "), 2);
	CHECK_EQ(screen_find(&t.s, "Entry 40 "), 17);
	CHECK(screen_find(&t.s, "more below") < 0);
	/* Home: back to the top. */
	rt_key(&t, KEY_HOME);
	rt_draw(&t);
	CHECK_EQ(screen_find(&t.s, "Entry 1 "), 2);
	CHECK(screen_find(&t.s, "more above") < 0);
	rt_done(&t);

	/* A taller terminal shows more rows. */
	rt_start(&t, 40, -1, 50, 132);
	CHECK_EQ(menu_view_list_rows(&t.v), 42);
	rt_draw(&t);
	CHECK_EQ(screen_find(&t.s, "Entry 40 "), 41 + 2 - 2);
	rt_done(&t);
}

static void test_broken_and_status(void)
{
	struct rt t;
	static char reason[] = "initrd /initrd.img-6.1 not found";

	rt_start(&t, 3, -1, 24, 80);
	fixture_break(&t.f, 1, reason);
	rt_draw(&t);
	/* The marker shows without selecting it; the reason only for the selection. */
	CHECK(strstr(screen_row(&t.s, 3), "! Entry 2 (broken)"));
	CHECK(screen_find(&t.s, reason) < 0);
	rt_key(&t, KEY_DOWN);
	rt_draw(&t);
	CHECK_STREQ(screen_row(&t.s, 20), " Broken: initrd /initrd.img-6.1 not found");
	rt_key(&t, KEY_ENTER);
	rt_draw(&t);
	CHECK(strstr(screen_row(&t.s, 21), "'Entry 2' cannot be booted: initrd /initrd.img-6.1 not found"));
	CHECK_EQ(menu_state_set_status(&t.m, "could not boot '%s': %s", "Entry 3", "bad kernel image"), 0);
	rt_draw(&t);
	CHECK_STREQ(screen_row(&t.s, 21), " could not boot 'Entry 3': bad kernel image");
	rt_done(&t);
}

static void test_source_url_and_section(void)
{
	struct rt t;
	static char url[] = "http://10.0.2.2:8000/vmlinuz", sec[] = ".linux", uki[] = "/EFI/Linux/debian.efi";

	rt_start(&t, 2, -1, 24, 80);
	t.f.e[0].kernel.device = NULL;
	t.f.e[0].kernel.path = NULL;
	t.f.e[0].kernel.url = url;
	t.f.e[0].origin = url;
	t.f.e[1].kernel.path = uki;
	t.f.e[1].kernel.section = sec;
	rt_draw(&t);
	CHECK_STREQ(screen_row(&t.s, 19), " Kernel: http://10.0.2.2:8000/vmlinuz");
	rt_key(&t, KEY_DOWN);
	rt_draw(&t);
	CHECK_STREQ(screen_row(&t.s, 19), " Kernel: UUID=1234-ABCD:/EFI/Linux/debian.efi (section .linux)");
	rt_done(&t);
}

static void test_in_use_line(void)
{
	struct rt t;

	rt_start(&t, 2, -1, 24, 80);
	t.v.in_use_by = "ttyS0";
	rt_draw(&t);
	CHECK(strstr(screen_row(&t.s, 23), "in use on ttyS0"));
	t.v.in_use_by = NULL;
	rt_draw(&t);
	CHECK_STREQ(screen_row(&t.s, 23), "");
	rt_done(&t);
}

static void test_submenu_groups(void)
{
	struct rt t;
	static char t1[] = "Debian GNU/Linux", t2[] = "Advanced options for Debian>Debian, with Linux 6.1",
		    t3[] = "Advanced options for Debian>Debian, with Linux 6.1 (recovery mode)",
		    t4[] = "UEFI Firmware Settings";

	rt_start(&t, 4, -1, 24, 80);
	t.f.e[0].title = t1;
	t.f.e[1].title = t2;
	t.f.e[2].title = t3;
	t.f.e[3].title = t4;
	rt_key(&t, KEY_DOWN);
	rt_draw(&t);
	CHECK_STREQ(screen_row(&t.s, 2), "|  1   Debian GNU/Linux                                                       |");
	CHECK_STREQ(screen_row(&t.s, 3), "|      Advanced options for Debian >                                          |");
	CHECK(strstr(screen_row(&t.s, 4), "  2     Debian, with Linux 6.1 "));
	CHECK(screen_row_reverse(&t.s, 4, 1, 78));
	CHECK(strstr(screen_row(&t.s, 5), "  3     Debian, with Linux 6.1 (recovery mode)"));
	CHECK(strstr(screen_row(&t.s, 6), "  4   UEFI Firmware Settings"));
	/* The full path is not repeated on entry rows. */
	CHECK_EQ(screen_find(&t.s, "Debian>"), -1);
	rt_done(&t);
}

static void test_group_header_scrolls_with_entry(void)
{
	struct rt t;
	static char grouped[] = "Group A>Inner";

	/* 16 list rows; entry 20 is the first of a group: its header stays visible above it. */
	rt_start(&t, 40, -1, 24, 80);
	t.f.e[19].title = grouped;
	for (int i = 0; i < 19; i++)
		rt_key(&t, KEY_DOWN);
	rt_draw(&t);
	CHECK_EQ(screen_find(&t.s, "Group A >"), 16);
	CHECK_EQ(screen_find(&t.s, "20     Inner"), 17);
	for (int i = 0; i < 19; i++)
		rt_key(&t, KEY_UP);
	rt_key(&t, KEY_END);
	rt_draw(&t);
	for (int i = 0; i < 20; i++)
		rt_key(&t, KEY_UP);
	rt_draw(&t);
	/* Scrolling up onto entry 20 from below also shows the header. */
	CHECK_EQ(screen_find(&t.s, "Group A >"), 2);
	CHECK_EQ(screen_find(&t.s, "20     Inner"), 3);
	rt_done(&t);
}

static void test_sizes_and_fallback(void)
{
	static const unsigned sizes[][2] = { { 24, 80 }, { 10, 30 }, { 50, 132 }, { 25, 81 }, { 80, 200 } };
	struct rt t;

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		rt_start(&t, 30, 5, sizes[i][0], sizes[i][1]);
		rt_draw(&t);
		CHECK(strstr(screen_row(&t.s, sizes[i][0] - 3), "Press any key to stop"));
		CHECK_EQ(t.s.cell[1][sizes[i][1] - 2], '+');
		CHECK_EQ(t.s.cell[sizes[i][0] - 6][0], '+');
		rt_done(&t);
	}
	/* Unknown (0x0) or absurd sizes draw as 80x24. */
	rt_start(&t, 3, 5, 0, 0);
	rt_draw(&t);
	CHECK(strstr(screen_row(&t.s, 21), "in 5 s"));
	CHECK_EQ(t.s.cell[1][78], '+');
	rt_done(&t);
	rt_start(&t, 3, 5, 3, 5000);
	rt_draw(&t);
	CHECK(strstr(screen_row(&t.s, 21), "in 5 s"));
	rt_done(&t);
}

static void test_hostile_title(void)
{
	struct rt t;
	static char evil[] = "Evil\x1b[2J\x1b]0;x\x07\x9b" "31m\r\nt\xc3\xa9st";

	rt_start(&t, 2, -1, 24, 80);
	t.f.e[0].title = evil;
	rt_draw(&t);
	CHECK(strstr(screen_row(&t.s, 2), "Evil?[2J?]0;x??31m??t?st"));
	rt_done(&t);
}

static void test_long_lines_truncate(void)
{
	struct rt t;
	char longtitle[300];

	memset(longtitle, 'x', sizeof(longtitle) - 1);
	longtitle[sizeof(longtitle) - 1] = '\0';
	rt_start(&t, 2, -1, 24, 80);
	t.f.e[0].title = longtitle;
	t.f.e[0].origin = longtitle;
	rt_draw(&t); /* rt_draw checks nothing passes the edge or hits the last column */
	CHECK_EQ(t.s.cell[2][78], '|');
	rt_done(&t);
}

static void test_editor_view(void)
{
	struct rt t;
	char longcmd[200];

	rt_start(&t, 2, -1, 24, 80);
	rt_key(&t, KEY_DOWN);
	rt_key(&t, 'e');
	rt_key(&t, KEY_LEFT);
	rt_key(&t, KEY_LEFT);
	rt_draw(&t);
	CHECK(strstr(screen_row(&t.s, 0), "edit command line"));
	CHECK(strstr(screen_row(&t.s, 2), "Editing: Entry 2"));
	CHECK_STREQ(screen_row(&t.s, 4), "| root=/dev/vda1 ro                                                           |");
	CHECK(strstr(screen_row(&t.s, 22), "Esc: cancel"));
	/* The cursor is shown, on the character under the edit cursor ("r" of "ro"). */
	CHECK(t.s.cursor_visible);
	CHECK_EQ(t.s.r, 4);
	CHECK_EQ(t.s.c, 2 + 15);
	CHECK_EQ(t.s.cell[t.s.r][t.s.c], 'r');
	rt_done(&t);

	/* Odd bytes in a config's command line show as one '?' each, so columns stay true. */
	{
		static char odd[] = "a\xc3\xa9\x1b" "b";

		rt_start(&t, 1, -1, 24, 80);
		t.f.e[0].cmdline = odd;
		rt_key(&t, 'e');
		rt_key(&t, KEY_LEFT);
		rt_draw(&t);
		CHECK_STREQ(screen_row(&t.s, 4), "| a???b                                                                       |");
		CHECK_EQ(t.s.c, 2 + 4);
		CHECK_EQ(t.s.cell[t.s.r][t.s.c], 'b');
		rt_done(&t);
	}

	/* A long line wraps inside the box and the cursor follows. */
	memset(longcmd, 'a', sizeof(longcmd) - 1);
	longcmd[sizeof(longcmd) - 1] = '\0';
	longcmd[150] = 'Z';
	rt_start(&t, 1, -1, 24, 80);
	t.f.e[0].cmdline = longcmd;
	rt_key(&t, 'e');
	rt_key(&t, KEY_HOME);
	for (int i = 0; i < 150; i++)
		rt_key(&t, KEY_RIGHT);
	rt_draw(&t);
	/* Inner width 77, text width 75: rows of 75, 'Z' at offset 150 = row 3, column 0. */
	CHECK_EQ(t.s.r, 6);
	CHECK_EQ(t.s.c, 2);
	CHECK_EQ(t.s.cell[6][2], 'Z');
	rt_done(&t);
}

static void test_help_and_empty(void)
{
	struct rt t;

	rt_start(&t, 2, -1, 24, 80);
	rt_key(&t, '?');
	rt_draw(&t);
	CHECK(screen_find(&t.s, "PageUp/PageDown") > 0);
	CHECK(screen_find(&t.s, "Ctrl-K") > 0);
	rt_done(&t);

	rt_start(&t, 0, 5, 24, 80);
	rt_draw(&t);
	CHECK(screen_find(&t.s, "No boot entries found") > 0);
	CHECK(screen_find(&t.s, "Booting") < 0);
	rt_done(&t);
}

static void test_locked_hints(void)
{
	struct fixture f;
	struct menu_state m;
	struct menu_view v = { .rows = 24, .cols = 80 };
	struct menu_options opt = { .timeout_s = -1, .shell_locked = true, .edit_locked = true };
	struct strbuf out = STRBUF_INIT;
	struct screen s;

	fixture_init(&f, 2);
	CHECK_EQ(menu_state_init(&m, &f.set, &opt, 0), 0);
	CHECK_EQ(menu_render(&m, &v, &out), 0);
	screen_init(&s, 24, 80);
	screen_feed(&s, out.buf, out.len);
	CHECK(!strstr(screen_row(&s, 22), "e: edit"));
	CHECK(!strstr(screen_row(&s, 22), "c: shell"));
	CHECK(strstr(screen_row(&s, 22), "r: rescan"));
	CHECK_EQ(menu_render_leave(&out), 0);
	CHECK(strstr(out.buf, "\x1b[?25h"));
	menu_view_done(&v);
	menu_state_done(&m);
	strbuf_done(&out);
}

static bool unlock_never(void *userdata, const char *password)
{
	(void)userdata;
	(void)password;
	return false;
}

/* Policy enforce: the header says so, the hints say what asks for the password, typed bytes are stars. */
static void test_trust_header_and_masked_password(void)
{
	struct fixture f;
	struct menu_state m;
	struct menu_action a;
	struct menu_view v = { .rows = 24, .cols = 80 };
	struct menu_options opt = { .timeout_s = -1, .password_locked = true, .unlock = unlock_never,
				    .trust = "trust: enforce" };
	struct strbuf out = STRBUF_INIT;
	struct screen s;

	fixture_init(&f, 2);
	CHECK_EQ(menu_state_init(&m, &f.set, &opt, 0), 0);
	CHECK_EQ(menu_render(&m, &v, &out), 0);
	screen_init(&s, 24, 80);
	screen_feed(&s, out.buf, out.len);
	CHECK_EQ(screen_find(&s, "kexboot " KEXBOOT_VERSION " - boot menu  [trust: enforce]"), 0);
	CHECK(strstr(screen_row(&s, 22), "e: edit (password)"));
	CHECK(strstr(screen_row(&s, 22), "c: shell (password)"));
	menu_state_key(&m, 'e', 0, &a);
	menu_state_key(&m, 'x', 0, &a);
	menu_state_key(&m, 'y', 0, &a);
	out.len = 0;
	CHECK_EQ(menu_render(&m, &v, &out), 0);
	screen_feed(&s, out.buf, out.len);
	CHECK(screen_find(&s, "Password for the editor:") > 0);
	CHECK(screen_find(&s, " ** ") > 0);
	CHECK(screen_find(&s, "xy") < 0);
	menu_view_done(&v);
	menu_state_done(&m);
	strbuf_done(&out);
}

static void test_only_changed_rows_are_sent(void)
{
	struct rt t;
	struct menu_action a;
	size_t first;

	rt_start(&t, 5, 5, 24, 80);
	rt_draw(&t);
	first = t.out.len;
	CHECK(first > 1500);
	/* Nothing changed: no row is sent again. */
	rt_draw(&t);
	CHECK(t.out.len < 40);
	CHECK(!strstr(t.out.buf, "Entry"));
	/* The countdown ticks: only its row. */
	menu_state_tick(&t.m, 1000, &a);
	rt_draw(&t);
	CHECK(strstr(t.out.buf, "in 4 s"));
	CHECK(!strstr(t.out.buf, "Entry 2"));
	CHECK(t.out.len < 150);
	/* Down: the old and new selected rows, the countdown row (gone) and the details. */
	rt_key(&t, KEY_DOWN);
	rt_draw(&t);
	CHECK(strstr(t.out.buf, "\x1b[3;1H"));
	CHECK(strstr(t.out.buf, "\x1b[4;1H"));
	CHECK(!strstr(t.out.buf, "\x1b[5;1H"));
	CHECK(!strstr(t.out.buf, "\x1b[2;1H"));
	CHECK(t.out.len < first / 2);
	/* The screen model, fed only the differences, still shows the whole right picture. */
	CHECK(screen_row_reverse(&t.s, 3, 1, 78));
	CHECK(!screen_row_reverse(&t.s, 2, 1, 78));
	CHECK_STREQ(screen_row(&t.s, 21), "");
	/* Ctrl-L: everything again, after a clear. */
	rt_key(&t, KEY_CTRL('L'));
	rt_draw(&t);
	CHECK(strstr(t.out.buf, "\x1b[2J"));
	CHECK(t.out.len > 1500);
	/* A new size: everything again. */
	t.v.rows = 30;
	screen_init(&t.s, 30, 80);
	rt_draw(&t);
	CHECK(strstr(t.out.buf, "\x1b[2J"));
	CHECK(strstr(t.out.buf, "\x1b[30;1H"));
	CHECK(screen_row_reverse(&t.s, 3, 1, 78));
	rt_done(&t);
}

static const struct test tests[] = {
	TEST(only_changed_rows_are_sent),
	TEST(layout_80x24),
	TEST(ascii_has_no_line_drawing),
	TEST(countdown_visible),
	TEST(scrolling_window),
	TEST(broken_and_status),
	TEST(source_url_and_section),
	TEST(in_use_line),
	TEST(submenu_groups),
	TEST(group_header_scrolls_with_entry),
	TEST(sizes_and_fallback),
	TEST(hostile_title),
	TEST(long_lines_truncate),
	TEST(editor_view),
	TEST(help_and_empty),
	TEST(locked_hints),
	TEST(trust_header_and_masked_password),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
