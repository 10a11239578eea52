// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fetch's stop fd (boot/fetch/fetch.h: struct fetch_ctx.stop_fd, the
 * sources' stop eventfd in the network source): a download from a server
 * that stopped answering ends with -ECANCELED and a reason saying where it
 * was, not after the HTTP or TFTP timeouts. Scripted servers on 127.0.0.1
 * (threads of this program) accept and then say nothing; each fires the
 * stop itself at a known point of the exchange (after the request arrived,
 * after the client closed, after an ACK), so what is checked never depends
 * on timing. The timeouts are long (10 s and more): a stop that was not
 * seen shows as -ETIMEDOUT, a wrong reason, or a retry the server counted.
 * Nothing leaks: the open fds are counted before and after every fetch, and
 * ASan's leak check runs at exit.
 */
#include "boot/fetch/fetch.h"
#include "boot/fetch/http.h"
#include "boot/fetch/tftp.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"
#include "tests/unit/tftp-oneblock.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

/* Long enough that a stop which is not honoured cannot pass for one (each fails with -ETIMEDOUT instead). */
static const struct http_options slow = { .connect_timeout_ms = 10000, .stall_timeout_ms = 10000, .retries = 4,
					  .backoff_ms = 20000, .retry_total_ms = 120000, .resumes = 3, .redirects = 5 };

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

static void poke(int fd)
{
	uint64_t one = 1;

	(void)!write(fd, &one, sizeof(one));
}

/* One scripted TCP server: listens on 127.0.0.1, runs script on each connection until stopped. */
struct server {
	int lfd;
	unsigned port;
	int stop_fd;       /* the fetch's stop fd: the script pokes it */
	pthread_t thread;
	atomic_bool done;
	atomic_uint conns;
	void (*script)(struct server *s, int fd);
};

static void *server_main(void *arg)
{
	struct server *s = arg;

	while (!atomic_load(&s->done)) {
		struct pollfd p = { .fd = s->lfd, .events = POLLIN };
		int fd;

		if (poll(&p, 1, 50) <= 0)
			continue;
		fd = accept4(s->lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		atomic_fetch_add(&s->conns, 1);
		s->script(s, fd);
		close(fd);
	}
	return NULL;
}

static void server_start(struct server *s, void (*script)(struct server *s, int fd), int backlog)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);

	s->script = script;
	atomic_store(&s->done, false);
	atomic_store(&s->conns, 0);
	s->lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(s->lfd >= 0);
	CHECK_EQ(bind(s->lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	CHECK_EQ(listen(s->lfd, backlog), 0);
	CHECK_EQ(getsockname(s->lfd, (struct sockaddr *)&a, &len), 0);
	s->port = ntohs(a.sin_port);
	if (script)
		CHECK_EQ(pthread_create(&s->thread, NULL, server_main, s), 0);
}

static void server_stop(struct server *s)
{
	atomic_store(&s->done, true);
	if (s->script)
		pthread_join(s->thread, NULL);
	close(s->lfd);
}

/* Reads what the client sends until it has sent at least one byte (a request head, a ClientHello). */
static void first_bytes(int fd)
{
	char buf[4096];

	(void)!recv(fd, buf, sizeof(buf), 0);
}

/* Waits (bounded) until the client closes its end. */
static void until_closed(int fd)
{
	char buf[4096];

	for (int i = 0; i < 200; i++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, 100) > 0 && recv(fd, buf, sizeof(buf), 0) <= 0)
			return;
	}
}

/* Accepts, reads the request, fires the stop, and never answers. */
static void script_silent(struct server *s, int fd)
{
	first_bytes(fd);
	poke(s->stop_fd);
	until_closed(fd);
}

/*
 * A head and part of the body, one more byte after a second, then silence.
 * The stop fires in the client itself, from its first progress report
 * (which comes after a second, with that byte): mid-body, whatever the
 * scheduling.
 */
#define PART_LEN (100 * 1024)
static void script_part(struct server *s, int fd)
{
	static char body[PART_LEN + 1];
	const char *head = "HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\nAccept-Ranges: bytes\r\n\r\n";

	(void)s;
	first_bytes(fd);
	(void)!send(fd, head, strlen(head), MSG_NOSIGNAL);
	(void)!send(fd, body, PART_LEN, MSG_NOSIGNAL);
	poll(NULL, 0, FETCH_PROGRESS_FIRST_MS + 100);
	(void)!send(fd, body + PART_LEN, 1, MSG_NOSIGNAL);
	until_closed(fd);
}

static void progress_poke(void *arg, const struct fetch_progress *p)
{
	(void)p;
	poke(*(const int *)arg);
}

/* 503: the client closes and backs off (20 s); the stop fires when it has closed. */
static void script_503(struct server *s, int fd)
{
	const char *a = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

	first_bytes(fd);
	(void)!send(fd, a, strlen(a), MSG_NOSIGNAL);
	until_closed(fd);
	poke(s->stop_fd);
}

struct run {
	int r;
	struct blob b;
	struct diag_list why;
	char *url;
};

/* One fetch through the fetch stage's seam (fetch_ref) with ctx.stop_fd = stop. */
static void run_fetch_ref(const char *url, int stop, const char *root, struct run *out)
{
	const struct fetch_ctx ctx = { .stop_fd = &stop, .root = root };
	struct boot_ref ref = { .url = (char *)url };

	diag_list_init(&out->why);
	out->r = fetch_ref(&ctx, &ref, 64u << 20, &out->b, &out->why);
	CHECK_EQ(out->b.fd, -1);
	CHECK(out->b.data == NULL);
}

static void check_reason(const struct diag_list *why, const char *url, const char *rest)
{
	_cleanup_free_ char *want = NULL;

	CHECK(asprintf(&want, "%s: %s", url, rest) > 0);
	CHECK_STREQ(why->reason, want);
}

static void test_http_no_answer(void)
{
	const int fds = open_fds(); /* every fd a test opens (its servers' too) is closed by its end */
	struct server s = { .stop_fd = eventfd(0, EFD_CLOEXEC) };
	_cleanup_free_ char *url = NULL;
	struct run run;

	server_start(&s, script_silent, 8);
	CHECK(asprintf(&url, "http://127.0.0.1:%u/vmlinuz", s.port) > 0);
	run_fetch_ref(url, s.stop_fd, NULL, &run);
	CHECK_EQ(run.r, -ECANCELED);
	check_reason(&run.why, url, "stopped while waiting for an answer");
	CHECK_EQ(atomic_load(&s.conns), 1); /* no retry after a stop */
	diag_list_done(&run.why);
	server_stop(&s);
	close(s.stop_fd);
	CHECK_EQ(open_fds(), fds);
}

static void test_http_mid_body(void)
{
	const int fds = open_fds(); /* every fd a test opens (its servers' too) is closed by its end */
	struct server s = { .stop_fd = eventfd(0, EFD_CLOEXEC) };
	_cleanup_free_ char *url = NULL;
	struct diag_list why;
	struct blob b;
	struct http_options o = slow;
	int r;

	server_start(&s, script_part, 8);
	CHECK(asprintf(&url, "http://127.0.0.1:%u/big", s.port) > 0);
	o.stop_fd = &s.stop_fd;
	o.progress = progress_poke;
	o.progress_arg = &s.stop_fd;
	diag_list_init(&why);
	r = http_fetch(&o, url, url, 64u << 20, &b, &why);
	CHECK_EQ(r, -ECANCELED);
	CHECK_EQ(b.fd, -1);
	check_reason(&why, url, "stopped after 102401 bytes"); /* all that came, then the wait saw the stop */
	CHECK_EQ(atomic_load(&s.conns), 1); /* stopped, not resumed */
	diag_list_done(&why);
	server_stop(&s);
	close(s.stop_fd);
	CHECK_EQ(open_fds(), fds);
}

static void test_http_backoff(void)
{
	const int fds = open_fds(); /* every fd a test opens (its servers' too) is closed by its end */
	struct server s = { .stop_fd = eventfd(0, EFD_CLOEXEC) };
	_cleanup_free_ char *url = NULL;
	struct diag_list why;
	struct blob b;
	struct http_options o = slow;
	int r;

	server_start(&s, script_503, 8);
	CHECK(asprintf(&url, "http://127.0.0.1:%u/x", s.port) > 0);
	o.stop_fd = &s.stop_fd;
	diag_list_init(&why);
	r = http_fetch(&o, url, url, 1 << 20, &b, &why);
	CHECK_EQ(r, -ECANCELED);
	check_reason(&why, url, "503 Service Unavailable; stopped before retrying");
	CHECK_EQ(atomic_load(&s.conns), 1);
	diag_list_done(&why);
	server_stop(&s);
	close(s.stop_fd);
	CHECK_EQ(open_fds(), fds);
}

/*
 * A server whose accept queue is full: the SYN goes unanswered and connect()
 * waits. A timer thread fires the stop (when does not matter: the connect
 * would wait 10 s).
 */
struct timer {
	int fd;
	unsigned ms;
};

static void *timer_main(void *arg)
{
	const struct timer *t = arg;

	poll(NULL, 0, (int)t->ms);
	poke(t->fd);
	return NULL;
}

static void test_http_connect(void)
{
	const int fds = open_fds(); /* every fd a test opens (its servers' too) is closed by its end */
	struct server s = { .stop_fd = eventfd(0, EFD_CLOEXEC) };
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	_cleanup_free_ char *url = NULL;
	struct timer t = { .fd = s.stop_fd, .ms = 100 };
	int fill[8], nfill = 0;
	pthread_t th;
	struct run run;

	server_start(&s, NULL, 0); /* never accepts */
	a.sin_port = htons((uint16_t)s.port);
	/* fill the queue until a connect no longer completes at once */
	for (; nfill < 8; nfill++) {
		struct pollfd p;

		fill[nfill] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (connect(fill[nfill], (struct sockaddr *)&a, sizeof(a)) < 0 && errno != EINPROGRESS)
			break;
		p = (struct pollfd){ .fd = fill[nfill], .events = POLLOUT };
		if (poll(&p, 1, 200) == 0) {
			nfill++;
			break;
		}
	}
	CHECK(asprintf(&url, "http://127.0.0.1:%u/vmlinuz", s.port) > 0);
	CHECK_EQ(pthread_create(&th, NULL, timer_main, &t), 0);
	run_fetch_ref(url, s.stop_fd, NULL, &run);
	pthread_join(th, NULL);
	CHECK_EQ(run.r, -ECANCELED);
	check_reason(&run.why, url, "stopped while connecting");
	diag_list_done(&run.why);
	for (int i = 0; i < nfill; i++)
		close(fill[i]);
	server_stop(&s);
	close(s.stop_fd);
	CHECK_EQ(open_fds(), fds);
}

static void test_https_handshake(void)
{
	const int fds = open_fds(); /* every fd a test opens (its servers' too) is closed by its end */
	char dir[] = "/tmp/kexboot-fetch-stop-XXXXXX";
	struct server s = { .stop_fd = eventfd(0, EFD_CLOEXEC) };
	_cleanup_free_ char *url = NULL, *cmd = NULL;
	struct run run;

	CHECK(mkdtemp(dir) != NULL);
	/* any CA will do: the server never gets to show a certificate */
	CHECK(asprintf(&cmd,
		       "mkdir -p %s/etc/kexboot && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
		       "-keyout %s/ca.key -out %s/etc/kexboot/ca.pem -days 1 -subj /CN=stop-test >/dev/null 2>&1",
		       dir, dir, dir) > 0);
	if (system(cmd) != 0) {
		fprintf(stderr, "  openssl could not make a CA: install the Debian package openssl\n");
		harness_failures++;
	}
	server_start(&s, script_silent, 8);
	CHECK(asprintf(&url, "https://127.0.0.1:%u/vmlinuz", s.port) > 0);
	run_fetch_ref(url, s.stop_fd, dir, &run);
	CHECK_EQ(run.r, -ECANCELED);
	check_reason(&run.why, url, "stopped during the TLS handshake");
	CHECK_EQ(atomic_load(&s.conns), 1);
	diag_list_done(&run.why);
	server_stop(&s);
	close(s.stop_fd);
	free(cmd);
	CHECK(asprintf(&cmd, "rm -rf %s", dir) > 0);
	CHECK_EQ(system(cmd), 0);
	CHECK_EQ(open_fds(), fds);
}

/*
 * TFTP: the one-block server (tests/unit/tftp-oneblock.h) fires the stop
 * after ACK 1 and falls silent. The client must say it stopped after 512
 * bytes and tell the server.
 */
static void poke_arg(void *arg)
{
	poke(*(const int *)arg);
}

static void test_tftp_mid_transfer(void)
{
	const int fds = open_fds(); /* every fd a test opens (its servers' too) is closed by its end */
	int stop_fd = eventfd(0, EFD_CLOEXEC);
	struct tftp_oneblock t;
	_cleanup_free_ char *url = NULL;
	struct run run;

	CHECK_EQ(tftp_oneblock_start(&t, poke_arg, &stop_fd), 0);
	CHECK(asprintf(&url, "tftp://127.0.0.1:%u/vmlinuz", t.port) > 0);
	/* the default config (1 s x 5 retries): without the stop, -ETIMEDOUT after 6 s */
	run_fetch_ref(url, stop_fd, NULL, &run);
	tftp_oneblock_join(&t);
	CHECK_EQ(run.r, -ECANCELED);
	check_reason(&run.why, url, "stopped after 512 bytes");
	CHECK(t.got_error);
	CHECK_EQ(t.error_code, 0);
	CHECK_STREQ(t.error_msg, "Stopped");
	diag_list_done(&run.why);
	close(stop_fd);
	CHECK_EQ(open_fds(), fds);
}

/* A server socket and the stop it fires, for the silent one below. */
struct tftp_server {
	int fd;          /* port 69's stand-in */
	int stop_fd;
};

/* TFTP before any answer: a server that reads the RRQ and says nothing. */
static void *tftp_silent_main(void *arg)
{
	struct tftp_server *t = arg;
	uint8_t buf[1024];
	struct pollfd p = { .fd = t->fd, .events = POLLIN };

	if (poll(&p, 1, 10000) > 0 && recv(t->fd, buf, sizeof(buf), 0) > 0)
		poke(t->stop_fd);
	return NULL;
}

static void test_tftp_no_answer(void)
{
	const int fds = open_fds(); /* every fd a test opens (its servers' too) is closed by its end */
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	struct tftp_server t = { .fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0),
				 .stop_fd = eventfd(0, EFD_CLOEXEC) };
	_cleanup_free_ char *url = NULL;
	pthread_t th;
	struct run run;

	CHECK_EQ(bind(t.fd, (struct sockaddr *)&a, sizeof(a)), 0);
	CHECK_EQ(getsockname(t.fd, (struct sockaddr *)&a, &len), 0);
	CHECK(asprintf(&url, "tftp://127.0.0.1:%u/x", ntohs(a.sin_port)) > 0);
	CHECK_EQ(pthread_create(&th, NULL, tftp_silent_main, &t), 0);
	run_fetch_ref(url, t.stop_fd, NULL, &run);
	pthread_join(th, NULL);
	CHECK_EQ(run.r, -ECANCELED);
	check_reason(&run.why, url, "stopped after 0 bytes");
	diag_list_done(&run.why);
	close(t.fd);
	close(t.stop_fd);
	CHECK_EQ(open_fds(), fds);
}

/* No stop fd (NULL) still works as before: a silent server ends in the stall timeout, shortened here. */
static void test_http_without_stop(void)
{
	const int fds = open_fds(); /* every fd a test opens (its servers' too) is closed by its end */
	struct server s = { .stop_fd = eventfd(0, EFD_CLOEXEC) };
	_cleanup_free_ char *url = NULL;
	struct http_options o = { .connect_timeout_ms = 1000, .stall_timeout_ms = 200, .retries = 0, .redirects = 1 };
	struct diag_list why;
	struct blob b;

	server_start(&s, script_silent, 8);
	CHECK(asprintf(&url, "http://127.0.0.1:%u/x", s.port) > 0);
	diag_list_init(&why);
	CHECK_EQ(http_fetch(&o, url, url, 1 << 20, &b, &why), -ETIMEDOUT);
	check_reason(&why, url, "no answer within 200 ms");
	diag_list_done(&why);
	server_stop(&s);
	close(s.stop_fd);
	CHECK_EQ(open_fds(), fds);
}

static const struct test tests[] = {
	TEST(http_no_answer),	TEST(http_mid_body),	      TEST(http_backoff),	 TEST(http_connect),
	TEST(https_handshake),	TEST(tftp_mid_transfer),      TEST(tftp_no_answer),	 TEST(http_without_stop),
};

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	return harness_run(tests, ARRAY_SIZE(tests));
}
