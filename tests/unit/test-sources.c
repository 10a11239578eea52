// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The source runner with a local source and a deliberately slow fake one,
 * feeding the menu's state machine and renderer the way the pipeline does:
 * the local entries and their countdown at once with "searching...", the
 * slow entries joining later with the selection unchanged.
 */
#include "boot/sources.h"
#include "lib/cleanup.h"
#include "lib/strbuf.h"
#include "menu/menu.h"
#include "menu/render.h"
#include "tests/unit/harness.h"
#include "tests/unit/test-menu-fixture.h"

#include <errno.h>
#include <poll.h>
#include <time.h>

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static bool screen_has(const struct menu_state *m, const char *text)
{
	struct menu_view v = { .rows = 24, .cols = 80 };
	struct strbuf sb = STRBUF_INIT;
	bool has;

	CHECK_EQ(menu_render(m, &v, &sb), 0);
	has = sb.buf && strstr(sb.buf, text);
	strbuf_done(&sb);
	menu_view_done(&v);
	return has;
}

static void test_local_then_slow(void)
{
	struct fixture local, slow;
	struct source_fake fl, fs;
	struct source_desc d[2];
	struct sources ss;
	struct boot_set set;
	struct diag_list diags;
	struct menu_options opt = { .timeout_s = 5 };
	struct menu_state m;
	struct menu_action a;
	uint64_t start = mono_ms(), t;
	int searching;

	fixture_init(&local, 2);
	fixture_init(&slow, 4);
	/* The slow source brings "Entry 3" and "Entry 4". */
	slow.set.entries += 2;
	slow.set.n_entries = 2;
	fl = (struct source_fake){ .delay_ms = 0, .set = &local.set };
	fs = (struct source_fake){ .delay_ms = 400, .set = &slow.set };
	d[0] = (struct source_desc){ "local", true, source_fake_run, &fl };
	d[1] = (struct source_desc){ "slow", false, source_fake_run, &fs };
	boot_set_init(&set);
	diag_list_init(&diags);

	CHECK_EQ(sources_start(&ss, d, 2), 0);
	CHECK(sources_fd(&ss) >= 0);
	searching = sources_wait_local(&ss, &set, &diags);
	t = mono_ms() - start;
	CHECK_EQ(searching, 1);
	CHECK(t < 300);
	CHECK_EQ(set.n_entries, 2);
	CHECK(!sources_local_pending(&ss));

	/* The menu opens on the local entries, counting down for the local default. */
	opt.searching = searching;
	CHECK_EQ(menu_state_init(&m, &set, &opt, mono_ms()), 0);
	CHECK(m.countdown);
	CHECK(screen_has(&m, "boot menu (searching...)"));
	CHECK(screen_has(&m, "Booting in 5 s: 'Entry 1'"));
	CHECK(!screen_has(&m, "Entry 3"));
	menu_state_key(&m, KEY_DOWN, mono_ms(), &a);
	CHECK_EQ(m.selected, 1);

	/* The slow batch wakes the poller; merged, it joins the menu. */
	while (searching) {
		struct pollfd pfd = { .fd = sources_fd(&ss), .events = POLLIN };

		CHECK_EQ(poll(&pfd, 1, 5000), 1);
		searching = sources_take(&ss, &set, &diags);
		CHECK_EQ(menu_state_grow(&m, 0, searching, mono_ms(), &a), MENU_ACTION_REDRAW);
	}
	CHECK(mono_ms() - start >= 400);
	CHECK_EQ(set.n_entries, 4);
	CHECK_STREQ(set.entries[2]->title, "Entry 3");
	CHECK_STREQ(set.entries[3]->title, "Entry 4");
	CHECK_EQ(m.selected, 1);
	CHECK(!m.searching);
	CHECK(screen_has(&m, "Entry 4"));
	CHECK(!screen_has(&m, "searching"));
	menu_state_done(&m);
	sources_stop(&ss);
	boot_set_done(&set);
	diag_list_done(&diags);
}

/* Stopping does not wait for a slow source; what was not taken is dropped. */
static void test_stop_is_prompt(void)
{
	struct fixture f;
	struct source_fake fs;
	struct source_desc d;
	struct sources ss, zero = { 0 };
	struct boot_set set;
	uint64_t start;

	fixture_init(&f, 3);
	fs = (struct source_fake){ .delay_ms = 10000, .set = &f.set };
	d = (struct source_desc){ "slow", false, source_fake_run, &fs };
	boot_set_init(&set);
	CHECK_EQ(sources_start(&ss, &d, 1), 0);
	CHECK(!sources_local_pending(&ss));
	CHECK_EQ(sources_take(&ss, &set, NULL), 1);
	start = mono_ms();
	sources_stop(&ss);
	CHECK(mono_ms() - start < 1000);
	CHECK_EQ(set.n_entries, 0);
	sources_stop(&ss);   /* twice is fine */
	sources_stop(&zero); /* never started is fine */
	CHECK_EQ(sources_fd(&zero), -1);
	CHECK_EQ(sources_take(&zero, &set, NULL), 0);

	/* A batch delivered and never taken is freed by stop (ASan watches). */
	fs.delay_ms = 0;
	CHECK_EQ(sources_start(&ss, &d, 1), 0);
	{
		struct pollfd pfd = { .fd = sources_fd(&ss), .events = POLLIN };

		CHECK_EQ(poll(&pfd, 1, 5000), 1);
	}
	sources_stop(&ss);
	CHECK_EQ(sources_start(&ss, &d, SOURCES_MAX + 1), -EINVAL);
	boot_set_done(&set);
}

static const struct test tests[] = {
	TEST(local_then_slow),
	TEST(stop_is_prompt),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
