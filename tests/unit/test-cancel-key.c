// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The key that cancels a download (init/cancelkey.h): which decoded keys
 * cancel (Esc, Ctrl-C) and which do not (arrows, F-keys, letters, Enter),
 * fed bytes and a clock; the watch over a pseudo-terminal (raw while it
 * runs, put back after; only a cancelling key makes its stop fd readable);
 * and the whole chain against scripted HTTP and TFTP servers on 127.0.0.1:
 * a key typed on the terminal mid-transfer ends fetch_ref() with
 * -ECANCELED, "download of URL cancelled by a key (...)", no blob and no fd
 * left open, while arrow keys typed mid-transfer change nothing. The keys
 * are typed at known points of each exchange (from the client's progress
 * report, after an ACK), so what is checked never depends on timing; the
 * fetch timeouts are long, so a key that was not seen shows as a timeout
 * or a whole download.
 */
#include "boot/fetch/fetch.h"
#include "init/cancelkey.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"
#include "tests/unit/tftp-oneblock.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1; /* the directory's own fd */
}

/* Bytes fed one by one at now: the first cancelling key, or KEY_NONE. */
static int feed(struct key_decoder *d, const char *bytes, uint64_t now)
{
	int key = KEY_NONE;

	for (const char *p = bytes; *p; p++) {
		int k = cancel_key_feed(d, (unsigned char)*p, now);

		if (key == KEY_NONE)
			key = k;
	}
	return key;
}

static void test_which_keys(void)
{
	CHECK(cancel_key_is(KEY_ESC));
	CHECK(cancel_key_is(KEY_CTRL('C')));
	CHECK(!cancel_key_is('q'));
	CHECK(!cancel_key_is(KEY_ENTER));
	CHECK(!cancel_key_is(KEY_UP));
	CHECK(!cancel_key_is(KEY_UNKNOWN));
	CHECK(!cancel_key_is(KEY_CTRL('L')));
	CHECK(!cancel_key_is(KEY_NONE));
}

static void test_ctrl_c_at_once(void)
{
	struct key_decoder d;

	key_decoder_init(&d);
	CHECK_EQ(feed(&d, "\x03", 1000), KEY_CTRL('C'));
	CHECK_EQ(feed(&d, "ab\x03", 1000), KEY_CTRL('C'));
	CHECK_EQ(cancel_key_tick(&d, 5000), KEY_NONE);
}

static void test_lone_esc_after_timeout(void)
{
	struct key_decoder d;

	key_decoder_init(&d);
	CHECK_EQ(feed(&d, "\x1b", 1000), KEY_NONE); /* maybe the start of an arrow key */
	CHECK_EQ(cancel_key_tick(&d, 1000 + KEY_ESC_TIMEOUT_MS - 1), KEY_NONE);
	CHECK_EQ(cancel_key_tick(&d, 1000 + KEY_ESC_TIMEOUT_MS), KEY_ESC);
	CHECK_EQ(cancel_key_tick(&d, 9000), KEY_NONE); /* once */
	/* Esc followed by another byte, or by a second Esc, is an Esc at once */
	CHECK_EQ(feed(&d, "\x1bx", 2000), KEY_ESC);
	CHECK_EQ(feed(&d, "\x1b\x1b", 3000), KEY_ESC);
	CHECK_EQ(cancel_key_tick(&d, 3000 + KEY_ESC_TIMEOUT_MS), KEY_ESC); /* the second one */
}

static void test_sequences_do_not_cancel(void)
{
	static const char *const seqs[] = {
		"\x1b[A", "\x1b[B", "\x1b[C", "\x1b[D", "\x1bOA", "\x1bOP", "\x1b[1;5A", "\x1b[5~", "\x1b[24;80R",
		"\x1b[15~", "q", "\r", "\r\n", "j", "k", "e", "c", "\x7f", "\x04", "\x0c", " ",
	};
	struct key_decoder d;

	key_decoder_init(&d);
	for (size_t i = 0; i < ARRAY_SIZE(seqs); i++) {
		CHECK_EQ(feed(&d, seqs[i], 1000 + i), KEY_NONE);
		CHECK_EQ(cancel_key_tick(&d, 100000 + i), KEY_NONE);
	}
	/* an arrow split across reads, its parts far apart in time, is still no Esc */
	CHECK_EQ(feed(&d, "\x1b", 200000), KEY_NONE);
	CHECK_EQ(cancel_key_tick(&d, 200000 + KEY_ESC_TIMEOUT_MS / 2), KEY_NONE);
	CHECK_EQ(feed(&d, "[", 200000 + KEY_ESC_TIMEOUT_MS / 2), KEY_NONE);
	CHECK_EQ(feed(&d, "A", 200000 + KEY_ESC_TIMEOUT_MS), KEY_NONE);
	CHECK_EQ(cancel_key_tick(&d, 300000), KEY_NONE);
}

/* A pseudo-terminal: *master is the operator's side, *slave the console the watch reads. */
static void pty_open(int *master, int *slave)
{
	*master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	CHECK(*master >= 0);
	CHECK_EQ(grantpt(*master), 0);
	CHECK_EQ(unlockpt(*master), 0);
	*slave = open(ptsname(*master), O_RDWR | O_NOCTTY | O_CLOEXEC);
	CHECK(*slave >= 0);
}

static void type(int master, const char *bytes)
{
	CHECK_EQ(write(master, bytes, strlen(bytes)), (ssize_t)strlen(bytes));
}

/* Whether fd becomes readable within ms. */
static bool readable_within(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms) > 0;
}

static void test_watch_pty(void)
{
	const int fds = open_fds();
	struct cancel_watch w = CANCEL_WATCH_INIT;
	struct termios before, during, after;
	int master, slave;

	pty_open(&master, &slave);
	CHECK_EQ(tcgetattr(slave, &before), 0);
	CHECK(before.c_lflag & ICANON); /* a fresh pty is cooked: the watch must change it */
	CHECK_EQ(cancel_watch_start(&w, &slave, 1), 0);
	CHECK(w.stop_fd >= 0);
	CHECK_EQ(tcgetattr(slave, &during), 0);
	CHECK(!(during.c_lflag & (ICANON | ECHO | ISIG)));
	/* keys that do not cancel, an arrow among them: no stop (an Esc would fire within 150 ms) */
	type(master, "\x1b[Aj\r q");
	CHECK(!readable_within(w.stop_fd, 3 * KEY_ESC_TIMEOUT_MS));
	CHECK(!cancel_watch_fired(&w));
	/* a lone Esc: the stop fd fires once the decoder knows it is no sequence */
	type(master, "\x1b");
	CHECK(readable_within(w.stop_fd, 5000));
	CHECK(cancel_watch_fired(&w));
	CHECK_EQ(cancel_watch_end(&w), KEY_ESC);
	CHECK_EQ(w.stop_fd, -1);
	CHECK_EQ(cancel_watch_end(&w), KEY_NONE); /* a second end does nothing */
	CHECK_EQ(tcgetattr(slave, &after), 0);
	CHECK_EQ(after.c_lflag, before.c_lflag);
	CHECK_EQ(after.c_iflag, before.c_iflag);

	/* again, with Ctrl-C, on the second of two consoles (the first never says anything) */
	{
		int m2, s2, both[2];

		pty_open(&m2, &s2);
		both[0] = s2;
		both[1] = slave;
		CHECK_EQ(cancel_watch_start(&w, both, 2), 0);
		type(master, "\x03");
		CHECK(readable_within(w.stop_fd, 5000));
		CHECK_EQ(cancel_watch_end(&w), KEY_CTRL('C'));
		close(m2);
		close(s2);
	}
	/* ended without a key: nothing fired */
	CHECK_EQ(cancel_watch_start(&w, &slave, 1), 0);
	CHECK_EQ(cancel_watch_end(&w), KEY_NONE);
	close(slave);
	close(master);
	CHECK_EQ(open_fds(), fds);
}

static void test_watch_nothing_to_watch(void)
{
	struct cancel_watch w = CANCEL_WATCH_INIT;
	const int none[2] = { -1, -1 };

	CHECK_EQ(cancel_watch_start(&w, none, 2), -ENODEV);
	CHECK_EQ(w.stop_fd, -1);
	CHECK(!cancel_watch_fired(&w));
	CHECK_EQ(cancel_watch_end(&w), KEY_NONE);
}

/* A scripted HTTP server on 127.0.0.1: one connection, one script. */
struct server {
	int lfd;
	unsigned port;
	pthread_t thread;
	void (*script)(struct server *s, int fd);
	int master;         /* the operator's side of the console */
	atomic_uint conns;
};

static void *server_main(void *arg)
{
	struct server *s = arg;
	struct pollfd p = { .fd = s->lfd, .events = POLLIN };

	/* one connection at most: a cancelled download is not retried or resumed */
	while (poll(&p, 1, 20000) > 0) {
		int fd = accept4(s->lfd, NULL, NULL, SOCK_CLOEXEC);

		if (fd < 0)
			break;
		atomic_fetch_add(&s->conns, 1);
		s->script(s, fd);
		close(fd);
		if (atomic_load(&s->conns) >= 1)
			break;
	}
	return NULL;
}

static void server_start(struct server *s, void (*script)(struct server *s, int fd))
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);

	s->script = script;
	atomic_store(&s->conns, 0);
	s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(s->lfd >= 0);
	CHECK_EQ(bind(s->lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	CHECK_EQ(listen(s->lfd, 4), 0);
	CHECK_EQ(getsockname(s->lfd, (struct sockaddr *)&a, &len), 0);
	s->port = ntohs(a.sin_port);
	CHECK_EQ(pthread_create(&s->thread, NULL, server_main, s), 0);
}

static void server_end(struct server *s)
{
	pthread_join(s->thread, NULL);
	close(s->lfd);
}

static void until_closed(int fd)
{
	char buf[4096];

	for (int i = 0; i < 200; i++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, 100) > 0 && recv(fd, buf, sizeof(buf), 0) <= 0)
			return;
	}
}

#define PART_LEN (100 * 1024)
#define BODY_LEN (1024 * 1024)
static char body[BODY_LEN];

/*
 * Head and part of a 1 MiB body, one more byte after a second (the client's
 * first progress report types the key then), then silence until the client
 * goes.
 */
static void script_stall(struct server *s, int fd)
{
	char buf[4096];
	const char *head = "HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\nAccept-Ranges: bytes\r\n\r\n";

	(void)s;
	(void)!recv(fd, buf, sizeof(buf), 0);
	(void)!send(fd, head, strlen(head), MSG_NOSIGNAL);
	(void)!send(fd, body, PART_LEN, MSG_NOSIGNAL);
	poll(NULL, 0, FETCH_PROGRESS_FIRST_MS + 100);
	(void)!send(fd, body + PART_LEN, 1, MSG_NOSIGNAL);
	until_closed(fd);
}

/*
 * The same start, then a pause longer than an Esc takes to be decoded
 * (arrow keys are typed in it), then the rest of the body.
 */
static void script_pause(struct server *s, int fd)
{
	char buf[4096];
	const char *head = "HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n";

	(void)s;
	(void)!recv(fd, buf, sizeof(buf), 0);
	(void)!send(fd, head, strlen(head), MSG_NOSIGNAL);
	(void)!send(fd, body, PART_LEN, MSG_NOSIGNAL);
	poll(NULL, 0, FETCH_PROGRESS_FIRST_MS + 100);
	(void)!send(fd, body + PART_LEN, 1, MSG_NOSIGNAL);
	poll(NULL, 0, 4 * KEY_ESC_TIMEOUT_MS);
	(void)!send(fd, body + PART_LEN + 1, BODY_LEN - PART_LEN - 1, MSG_NOSIGNAL);
	until_closed(fd);
}

struct typist {
	int master;
	const char *keys;
	unsigned reports;
};

/* The client's progress report: the operator types, once. */
static void progress_types(void *arg, const struct fetch_progress *p)
{
	struct typist *t = arg;

	if (!p->done && t->reports++ == 0)
		type(t->master, t->keys);
}

/* One download through fetch_ref() with the watch's stop fd, as the boot pipeline sets it up. */
static int fetch_watched(const char *url, int slave, struct typist *t, struct blob *b, struct diag_list *why,
			 int *ret_key)
{
	struct cancel_watch w = CANCEL_WATCH_INIT;
	const struct fetch_ctx ctx = { .stop_fd = &w.stop_fd, .stop_says = CANCEL_KEYS_SAYS,
				       .progress = t ? progress_types : NULL, .progress_arg = t };
	struct boot_ref ref = { .url = (char *)url };
	int r;

	CHECK_EQ(cancel_watch_start(&w, &slave, 1), 0);
	r = fetch_ref(&ctx, &ref, 64u << 20, b, why);
	*ret_key = cancel_watch_end(&w);
	return r;
}

static void http_cancel(const char *keys, int want_key)
{
	const int fds = open_fds(); /* every fd the test opens (server, pty, watch) is closed by its end */
	struct server s = { 0 };
	_cleanup_free_ char *url = NULL, *want = NULL;
	struct diag_list why;
	struct blob b;
	int master, slave, key, r;
	struct typist t;

	pty_open(&master, &slave);
	t = (struct typist){ .master = master, .keys = keys };
	server_start(&s, script_stall);
	CHECK(asprintf(&url, "http://127.0.0.1:%u/big.img", s.port) > 0);
	diag_list_init(&why);
	r = fetch_watched(url, slave, &t, &b, &why, &key);
	CHECK_EQ(r, -ECANCELED);
	CHECK_EQ(key, want_key);
	CHECK_EQ(b.fd, -1);
	CHECK(b.data == NULL);
	CHECK(asprintf(&want, "download of %s cancelled by a key (stopped after %d bytes)", url, PART_LEN + 1) > 0);
	CHECK_STREQ(why.reason, want);
	diag_list_done(&why);
	server_end(&s);
	CHECK_EQ(atomic_load(&s.conns), 1); /* cancelled: not resumed */
	close(slave);
	close(master);
	CHECK_EQ(open_fds(), fds);
}

static void test_http_ctrl_c_mid_body(void)
{
	http_cancel("\x03", KEY_CTRL('C'));
}

/* An arrow key first (no cancel), then a lone Esc: cancelled by the Esc. */
static void test_http_esc_mid_body(void)
{
	http_cancel("\x1b[Bk\x1b", KEY_ESC);
}

static void test_http_arrows_do_not_cancel(void)
{
	const int fds = open_fds();
	struct server s = { 0 };
	_cleanup_free_ char *url = NULL;
	struct diag_list why;
	struct blob b;
	int master, slave, key, r;
	struct typist t;

	for (size_t i = 0; i < BODY_LEN; i++)
		body[i] = (char)(i * 7);
	pty_open(&master, &slave);
	t = (struct typist){ .master = master, .keys = "\x1b[A\x1b[B\x1bOA\rjq" };
	server_start(&s, script_pause);
	CHECK(asprintf(&url, "http://127.0.0.1:%u/big.img", s.port) > 0);
	diag_list_init(&why);
	r = fetch_watched(url, slave, &t, &b, &why, &key);
	CHECK_EQ(r, 0);
	CHECK_EQ(key, KEY_NONE);
	CHECK(t.reports >= 1); /* the keys were typed mid-transfer */
	CHECK_EQ(b.size, BODY_LEN);
	CHECK(b.data && memcmp(b.data, body, BODY_LEN) == 0);
	blob_release(&b);
	diag_list_done(&why);
	server_end(&s);
	close(slave);
	close(master);
	CHECK_EQ(open_fds(), fds);
}

/* TFTP: block 1, its ACK (the one-block server, tests/unit/tftp-oneblock.h), then Ctrl-C typed while the client waits for block 2. */
static void type_ctrl_c(void *arg)
{
	type(*(const int *)arg, "\x03");
}

static void test_tftp_ctrl_c_mid_transfer(void)
{
	const int fds = open_fds();
	struct tftp_oneblock t;
	_cleanup_free_ char *url = NULL, *want = NULL;
	struct diag_list why;
	struct blob b;
	int master, slave, key, r;

	pty_open(&master, &slave);
	CHECK_EQ(tftp_oneblock_start(&t, type_ctrl_c, &master), 0);
	CHECK(asprintf(&url, "tftp://127.0.0.1:%u/deb/big.cpio", t.port) > 0);
	diag_list_init(&why);
	/* the default config (1 s x 5 retries): a key not seen ends in -ETIMEDOUT after 6 s */
	r = fetch_watched(url, slave, NULL, &b, &why, &key);
	tftp_oneblock_join(&t);
	CHECK_EQ(r, -ECANCELED);
	CHECK_EQ(key, KEY_CTRL('C'));
	CHECK_EQ(b.fd, -1);
	CHECK(asprintf(&want, "download of %s cancelled by a key (stopped after 512 bytes)", url) > 0);
	CHECK_STREQ(why.reason, want);
	CHECK(t.got_error);
	CHECK_STREQ(t.error_msg, "Stopped");
	diag_list_done(&why);
	close(slave);
	close(master);
	CHECK_EQ(open_fds(), fds);
}

static const struct test tests[] = {
	TEST(which_keys),
	TEST(ctrl_c_at_once),
	TEST(lone_esc_after_timeout),
	TEST(sequences_do_not_cancel),
	TEST(watch_pty),
	TEST(watch_nothing_to_watch),
	TEST(http_ctrl_c_mid_body),
	TEST(http_esc_mid_body),
	TEST(http_arrows_do_not_cancel),
	TEST(tftp_ctrl_c_mid_transfer),
};

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	return harness_run(tests, ARRAY_SIZE(tests));
}
