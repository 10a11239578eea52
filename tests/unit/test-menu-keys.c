// SPDX-License-Identifier: GPL-2.0-or-later
/* The key decoder: every sequence whole, split byte by byte, and lone ESC by time. */
#include "lib/cleanup.h"
#include "menu/keys.h"
#include "tests/unit/harness.h"

#define MAXK 64

/*
 * Feeds bytes one at a time, step_ms apart, ticking the decoder before each
 * byte as the session does when poll() wakes up; then lets time run out so
 * a trailing lone ESC comes out. Returns the number of keys in out.
 */
static size_t decode(const char *bytes, size_t len, uint64_t step_ms, int *out)
{
	struct key_decoder d;
	uint64_t now = 1000;
	size_t n = 0;
	int k;

	key_decoder_init(&d);
	for (size_t i = 0; i < len; i++) {
		int keys[KEY_DECODE_MAX];
		size_t m;

		k = key_decoder_tick(&d, now);
		if (k != KEY_NONE && n < MAXK)
			out[n++] = k;
		m = key_decoder_feed(&d, (unsigned char)bytes[i], now, keys);
		for (size_t j = 0; j < m && n < MAXK; j++)
			out[n++] = keys[j];
		now += step_ms;
	}
	k = key_decoder_tick(&d, now + KEY_ESC_TIMEOUT_MS);
	if (k != KEY_NONE && n < MAXK)
		out[n++] = k;
	return n;
}

#define DECODE(s, step, out) decode((s), sizeof(s) - 1, (step), (out))

struct seq_case {
	const char *bytes;
	int key;
};

static const struct seq_case seq_cases[] = {
	{ "\x1b[A", KEY_UP },      { "\x1b[B", KEY_DOWN },     { "\x1b[C", KEY_RIGHT },
	{ "\x1b[D", KEY_LEFT },    { "\x1bOA", KEY_UP },       { "\x1bOB", KEY_DOWN },
	{ "\x1bOC", KEY_RIGHT },   { "\x1bOD", KEY_LEFT },     { "\x1b[H", KEY_HOME },
	{ "\x1b[F", KEY_END },     { "\x1bOH", KEY_HOME },     { "\x1bOF", KEY_END },
	{ "\x1b[1~", KEY_HOME },   { "\x1b[4~", KEY_END },     { "\x1b[7~", KEY_HOME },
	{ "\x1b[8~", KEY_END },    { "\x1b[5~", KEY_PGUP },    { "\x1b[6~", KEY_PGDN },
	{ "\x1b[2~", KEY_INSERT }, { "\x1b[3~", KEY_DELETE },  { "\x1b[1;5A", KEY_UP },
	{ "\x1b[1;2B", KEY_DOWN }, { "\x1b[15~", KEY_UNKNOWN }, { "\x1b[?1;2c", KEY_UNKNOWN },
	{ "\x1bOM", KEY_ENTER },   { "\x1bOP", KEY_UNKNOWN },  { "\x1bO5P", KEY_UNKNOWN },
	{ "\x1bO1;5A", KEY_UP },
};

static void test_sequences_whole_and_split(void)
{
	static const uint64_t steps[] = { 0, 1, KEY_ESC_TIMEOUT_MS - 1 };

	for (size_t s = 0; s < ARRAY_SIZE(steps); s++)
		for (size_t i = 0; i < ARRAY_SIZE(seq_cases); i++) {
			int out[MAXK];
			size_t n = decode(seq_cases[i].bytes, strlen(seq_cases[i].bytes), steps[s], out);

			if (n != 1 || out[0] != seq_cases[i].key)
				fprintf(stderr, "  case %zu (step %llu): got %zu keys, first %d\n", i,
					(unsigned long long)steps[s], n, n ? out[0] : -99);
			CHECK_EQ(n, 1);
			CHECK_EQ(out[0], seq_cases[i].key);
		}
}

static void test_split_across_feeds_with_ticks(void)
{
	/* A sequence split across reads: ticks between the pieces must not give ESC away. */
	struct key_decoder d;
	int keys[KEY_DECODE_MAX];

	key_decoder_init(&d);
	CHECK_EQ(key_decoder_feed(&d, 0x1b, 100, keys), 0);
	CHECK_EQ(key_decoder_tick(&d, 100 + KEY_ESC_TIMEOUT_MS - 1), KEY_NONE);
	CHECK_EQ(key_decoder_deadline(&d), 100 + KEY_ESC_TIMEOUT_MS);
	CHECK_EQ(key_decoder_feed(&d, '[', 200, keys), 0);
	CHECK_EQ(key_decoder_tick(&d, 300), KEY_NONE); /* the deadline moved with the '[' */
	CHECK_EQ(key_decoder_feed(&d, '5', 300, keys), 0);
	CHECK_EQ(key_decoder_feed(&d, '~', 400, keys), 1);
	CHECK_EQ(keys[0], KEY_PGUP);
	CHECK_EQ(key_decoder_deadline(&d), UINT64_MAX);
}

static void test_lone_esc(void)
{
	struct key_decoder d;
	int keys[KEY_DECODE_MAX];

	key_decoder_init(&d);
	CHECK_EQ(key_decoder_feed(&d, 0x1b, 1000, keys), 0);
	CHECK_EQ(key_decoder_tick(&d, 1000), KEY_NONE);
	CHECK_EQ(key_decoder_tick(&d, 1000 + KEY_ESC_TIMEOUT_MS - 1), KEY_NONE);
	CHECK_EQ(key_decoder_tick(&d, 1000 + KEY_ESC_TIMEOUT_MS), KEY_ESC);
	CHECK_EQ(key_decoder_tick(&d, 5000), KEY_NONE); /* only once */
	/* After the ESC timed out, "[A" is two plain characters. */
	CHECK_EQ(key_decoder_feed(&d, '[', 5000, keys), 1);
	CHECK_EQ(keys[0], '[');
	CHECK_EQ(key_decoder_feed(&d, 'A', 5000, keys), 1);
	CHECK_EQ(keys[0], 'A');
}

static void test_esc_then_other_bytes(void)
{
	int out[MAXK];
	size_t n;

	n = DECODE("\x1bx", 0, out); /* Alt-x style: Esc, then x */
	CHECK_EQ(n, 2);
	CHECK_EQ(out[0], KEY_ESC);
	CHECK_EQ(out[1], 'x');
	n = DECODE("\x1b\x1b[A", 0, out);
	CHECK_EQ(n, 2);
	CHECK_EQ(out[0], KEY_ESC);
	CHECK_EQ(out[1], KEY_UP);
	n = DECODE("\x1b\r", 0, out);
	CHECK_EQ(n, 2);
	CHECK_EQ(out[0], KEY_ESC);
	CHECK_EQ(out[1], KEY_ENTER);
	/* Two ESCs with a pause in between: two Esc keys. */
	n = DECODE("\x1b\x1b", KEY_ESC_TIMEOUT_MS + 5, out);
	CHECK_EQ(n, 2);
	CHECK_EQ(out[0], KEY_ESC);
	CHECK_EQ(out[1], KEY_ESC);
	/* A trailing ESC comes out on the final tick. */
	n = DECODE("a\x1b", 0, out);
	CHECK_EQ(n, 2);
	CHECK_EQ(out[0], 'a');
	CHECK_EQ(out[1], KEY_ESC);
}

static void test_broken_sequences(void)
{
	int out[MAXK];
	size_t n;

	/* Truncated "ESC [" that times out: one unknown key, then plain text. */
	n = DECODE("\x1b[", 0, out);
	CHECK_EQ(n, 1);
	CHECK_EQ(out[0], KEY_UNKNOWN);
	/* ESC and '[' a whole timeout apart are the Esc key and a '['. */
	n = DECODE("\x1b[", KEY_ESC_TIMEOUT_MS, out);
	CHECK_EQ(n, 2);
	CHECK_EQ(out[0], KEY_ESC);
	CHECK_EQ(out[1], '[');
	/* A control byte inside a sequence ends it and still counts. */
	n = DECODE("\x1b[1\r", 0, out);
	CHECK_EQ(n, 2);
	CHECK_EQ(out[0], KEY_UNKNOWN);
	CHECK_EQ(out[1], KEY_ENTER);
	n = DECODE("\x1bO\r", 0, out);
	CHECK_EQ(n, 2);
	CHECK_EQ(out[0], KEY_UNKNOWN);
	CHECK_EQ(out[1], KEY_ENTER);
	n = DECODE("\x1b[1\x1b[B", 0, out);
	CHECK_EQ(n, 2);
	CHECK_EQ(out[0], KEY_UNKNOWN);
	CHECK_EQ(out[1], KEY_DOWN);
	/* Longer than KEY_SEQ_MAX: dropped whole, no digits leak out as keys. */
	n = DECODE("\x1b[11111111111111111111111111111111;5A" "j", 0, out);
	CHECK_EQ(n, 2);
	CHECK_EQ(out[0], KEY_UNKNOWN);
	CHECK_EQ(out[1], 'j');
}

static void test_plain_bytes(void)
{
	int out[MAXK];
	size_t n;

	n = DECODE("a\r\nb\nc\r\rd\x7f\x08\x01\x0b", 0, out);
	CHECK_EQ(n, 12);
	CHECK_EQ(out[0], 'a');
	CHECK_EQ(out[1], KEY_ENTER); /* CR LF is one Enter */
	CHECK_EQ(out[2], 'b');
	CHECK_EQ(out[3], KEY_ENTER); /* LF alone */
	CHECK_EQ(out[4], 'c');
	CHECK_EQ(out[5], KEY_ENTER); /* CR CR is two */
	CHECK_EQ(out[6], KEY_ENTER);
	CHECK_EQ(out[7], 'd');
	CHECK_EQ(out[8], KEY_BACKSPACE);
	CHECK_EQ(out[9], KEY_BACKSPACE);
	CHECK_EQ(out[10], KEY_CTRL('A'));
	CHECK_EQ(out[11], KEY_CTRL('K'));
}

static void test_cursor_position_report(void)
{
	struct key_decoder d;
	int keys[KEY_DECODE_MAX];
	const char *s = "\x1b[48;132R";
	size_t n = 0;

	key_decoder_init(&d);
	for (const char *p = s; *p; p++)
		n += key_decoder_feed(&d, (unsigned char)*p, 0, keys);
	CHECK_EQ(n, 1);
	CHECK_EQ(keys[0], KEY_CPR);
	CHECK_EQ(d.cpr_row, 48);
	CHECK_EQ(d.cpr_col, 132);
}

static void test_key_names(void)
{
	char buf[16];

	CHECK_STREQ(key_name(KEY_UP, buf), "Up");
	CHECK_STREQ(key_name(KEY_UNKNOWN, buf), "Unknown");
	CHECK_STREQ(key_name(KEY_CTRL('K'), buf), "Ctrl-K");
	CHECK_STREQ(key_name('x', buf), "x");
}

static const struct test tests[] = {
	TEST(sequences_whole_and_split),
	TEST(split_across_feeds_with_ticks),
	TEST(lone_esc),
	TEST(esc_then_other_bytes),
	TEST(broken_sequences),
	TEST(plain_bytes),
	TEST(cursor_position_report),
	TEST(key_names),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
