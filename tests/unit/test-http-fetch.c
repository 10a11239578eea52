// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The http:// back end (boot/fetch/http.c) against nginx on 127.0.0.1 (a
 * private config and root in a temp dir) and against a canned server of our
 * own, a thread on 127.0.0.1 that writes scripted bytes: chunked bodies,
 * stalls, cut connections answered again with 206, 5xx. Nothing listens or
 * connects anywhere but loopback. nginx is stopped at the end, also when a
 * check failed (atexit).
 */
#include "boot/fetch/fetch.h"
#include "boot/fetch/http.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "tests/unit/server-util.h"
#include "tests/unit/harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BIG_SIZE (3u << 20)

static char dir[64];
static pid_t nginx_pid = -1;
static unsigned nginx_port;

static const struct http_options fast = { .connect_timeout_ms = 1000, .stall_timeout_ms = 300, .retries = 2,
					  .backoff_ms = 10, .retry_total_ms = 5000, .resumes = 3, .redirects = 5 };

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* A port nothing listens on right now (bound, read back, closed). */
static void put(const char *name, const void *data, size_t len)
{
	_cleanup_free_ char *p = NULL;
	int fd;

	CHECK(asprintf(&p, "%s/%s", dir, name) > 0);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(fd_write_all(fd, data, len), 0);
	close(fd);
}

static void nginx_stop(void)
{
	if (nginx_pid <= 0)
		return;
	kill(nginx_pid, SIGTERM);
	for (int i = 0; i < 50 && waitpid(nginx_pid, NULL, WNOHANG) == 0; i++)
		usleep(100 * 1000);
	if (waitpid(nginx_pid, NULL, WNOHANG) == 0) {
		kill(nginx_pid, SIGKILL);
		waitpid(nginx_pid, NULL, 0);
	}
	nginx_pid = -1;
}

static void cleanup_dir(void)
{
	_cleanup_free_ char *cmd = NULL;

	nginx_stop();
	if (dir[0] && asprintf(&cmd, "rm -rf %s", dir) > 0 && system(cmd) != 0)
		fprintf(stderr, "  could not remove %s\n", dir);
	dir[0] = '\0';
}

static void test_nginx_start(void)
{
	_cleanup_free_ char *conf = NULL;
	_cleanup_free_ uint8_t *big = malloc(BIG_SIZE);
	int fd;

	if (access("/usr/sbin/nginx", X_OK) != 0) {
		fprintf(stderr, "  /usr/sbin/nginx is missing: install the Debian package nginx-light\n");
		harness_failures++;
		return;
	}
	strcpy(dir, "/tmp/kexboot-http-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	atexit(cleanup_dir);
	/* nginx's workers run as nobody: the tree must be readable by others */
	chmod(dir, 0755);
	CHECK(big != NULL);
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0 && read(fd, big, BIG_SIZE) == (ssize_t)BIG_SIZE);
	close(fd);
	CHECK(system("true") == 0);
	put("placeholder", "", 0);
	{
		_cleanup_free_ char *cmd = NULL;

		CHECK(asprintf(&cmd, "mkdir -p %s/www/boot/images %s/tmp && chmod -R a+rX %s", dir, dir, dir) > 0);
		CHECK_EQ(system(cmd), 0);
	}
	put("www/big.bin", big, BIG_SIZE);
	put("www/boot/images/vmlinuz", "KERNEL", 6);
	put("www/boot/grub.cfg", "menuentry x {}\n", 15);
	nginx_port = server_free_port();
	CHECK(nginx_port != 0);
	CHECK(asprintf(&conf,
		       "worker_processes 1;\npid %s/nginx.pid;\nerror_log %s/error.log;\n"
		       "events { worker_connections 64; }\n"
		       "http {\n access_log %s/access.log;\n default_type application/octet-stream;\n"
		       " client_body_temp_path %s/tmp; proxy_temp_path %s/tmp; fastcgi_temp_path %s/tmp;\n"
		       " uwsgi_temp_path %s/tmp; scgi_temp_path %s/tmp;\n"
		       " server {\n  listen 127.0.0.1:%u;\n  listen [::1]:%u;\n  root %s/www;\n  absolute_redirect off;\n"
		       "  location = /boot/old { return 301 images/vmlinuz; }\n"
		       "  location = /host { return 200 \"$http_host\"; }\n"
		       "  location = /loop { return 302 /loop; }\n }\n}\n",
		       dir, dir, dir, dir, dir, dir, dir, dir, nginx_port, nginx_port, dir) > 0);
	put("nginx.conf", conf, strlen(conf));
	nginx_pid = server_nginx_start(dir, (unsigned[]){ nginx_port }, 1);
	if (nginx_pid < 0)
		harness_failures++;
}

static int get(const char *path, uint64_t max, struct blob *b, struct diag_list *why, const struct http_options *o,
	       unsigned port, char **ret_url)
{
	char *url = NULL;
	int r;

	CHECK(asprintf(&url, "http://127.0.0.1:%u%s", port, path) > 0);
	diag_list_init(why);
	r = http_fetch(o, url, url, max, b, why);
	*ret_url = url;
	return r;
}

static void test_nginx_big_sha256(void)
{
	_cleanup_free_ char *url = NULL, *path = NULL;
	struct diag_list why;
	struct blob b, want;

	CHECK_EQ(get("/big.bin", 1ull << 30, &b, &why, &fast, nginx_port, &url), 0);
	CHECK_EQ(b.size, BIG_SIZE);
	CHECK(b.store == BLOB_HEAP); /* anonymous memory, received straight into */
	CHECK(asprintf(&path, "%s/www/big.bin", dir) > 0);
	CHECK_EQ(blob_map_path(path, 1ull << 30, &want, &why), 0);
	CHECK_EQ(blob_sha256(&b), 0);
	CHECK_EQ(blob_sha256(&want), 0);
	CHECK(memcmp(b.sha256, want.sha256, 32) == 0);
	blob_release(&b);
	blob_release(&want);
	diag_list_done(&why);
}

static void test_nginx_404(void)
{
	_cleanup_free_ char *url = NULL, *msg = NULL;
	struct diag_list why;
	struct blob b;

	CHECK_EQ(get("/vmlinuz", 1 << 20, &b, &why, &fast, nginx_port, &url), -ENOENT);
	CHECK(asprintf(&msg, "%s: 404 Not Found", url) > 0);
	CHECK_STREQ(why.reason, msg);
	CHECK(b.storage == NULL && b.fd < 0);
	diag_list_done(&why);
}

static void test_nginx_redirect_relative(void)
{
	_cleanup_free_ char *url = NULL;
	struct diag_list why;
	struct blob b;

	CHECK_EQ(get("/boot/old", 1 << 20, &b, &why, &fast, nginx_port, &url), 0);
	CHECK_EQ(b.size, 6);
	CHECK(b.size == 6 && memcmp(b.data, "KERNEL", 6) == 0);
	blob_release(&b);
	diag_list_done(&why);
}

static void test_nginx_redirect_loop(void)
{
	_cleanup_free_ char *url = NULL, *msg = NULL;
	struct diag_list why;
	struct blob b;

	CHECK_EQ(get("/loop", 1 << 20, &b, &why, &fast, nginx_port, &url), -ELOOP);
	CHECK(asprintf(&msg, "%s: more than 5 redirects", url) > 0);
	CHECK_STREQ(why.reason, msg);
	diag_list_done(&why);
}

static void test_nginx_over_max(void)
{
	_cleanup_free_ char *url = NULL, *msg = NULL;
	struct diag_list why;
	struct blob b;

	CHECK_EQ(get("/big.bin", 1 << 20, &b, &why, &fast, nginx_port, &url), -EFBIG);
	CHECK(asprintf(&msg, "%s: 3145728 bytes, more than the 1048576 allowed", url) > 0);
	CHECK_STREQ(why.reason, msg);
	diag_list_done(&why);
}

/* fetch_ref/fetch_text dispatch http:// to the back end (default options). */
static void test_nginx_fetch_text(void)
{
	_cleanup_free_ char *url = NULL, *text = NULL;
	const struct fetch_ctx ctx = { NULL };
	struct diag_list why;
	size_t len = 0;

	diag_list_init(&why);
	CHECK(asprintf(&url, "http://127.0.0.1:%u/boot/grub.cfg", nginx_port) > 0);
	CHECK_EQ(fetch_text(&ctx, url, 4096, &text, &len, &why), 0);
	CHECK_STREQ(text, "menuentry x {}\n");
	CHECK_EQ(len, 15);
	diag_list_done(&why);
}

/*
 * An IPv6 literal ([::1], as DHCPv6's option 59 names servers): the
 * connection, the Host header with its brackets and port, and a relative
 * redirect resolved against a bracketed authority.
 */
static void test_nginx_ipv6(void)
{
	_cleanup_free_ char *url = NULL, *host = NULL, *want = NULL;
	const struct fetch_ctx ctx = { NULL };
	struct diag_list why;
	struct blob b;
	size_t len = 0;

	diag_list_init(&why);
	CHECK(asprintf(&url, "http://[::1]:%u/host", nginx_port) > 0);
	CHECK_EQ(fetch_text(&ctx, url, 4096, &host, &len, &why), 0);
	CHECK(asprintf(&want, "[::1]:%u", nginx_port) > 0);
	CHECK_STREQ(host, want);
	free(url);
	CHECK(asprintf(&url, "http://[::1]:%u/boot/old", nginx_port) > 0);
	CHECK_EQ(http_fetch(&fast, url, url, 1 << 20, &b, &why), 0);
	CHECK(b.size == 6 && memcmp(b.data, "KERNEL", 6) == 0);
	blob_release(&b);
	diag_list_done(&why);
}

static void test_nginx_stop(void)
{
	CHECK(nginx_pid > 0);
	nginx_stop();
}

/* The canned server: a thread answering each connection with the current script. */
struct canned {
	int lfd;
	unsigned port;
	pthread_t thread;
	atomic_bool stop;
	atomic_uint conns;                            /* connections served since the last reset */
	char reqs[4][1024];                           /* the first requests' heads */
	void (*script)(struct canned *c, int fd, unsigned conn);
};

static struct canned srv;

static void say(int fd, const char *s)
{
	(void)!send(fd, s, strlen(s), MSG_NOSIGNAL);
}

/* Keeps the connection open up to ms, or until the client gives up and closes it (so the next test is not kept waiting). */
static void hold(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	poll(&p, 1, ms);
}

static void *canned_main(void *arg)
{
	struct canned *c = arg;

	while (!atomic_load(&c->stop)) {
		struct pollfd p = { .fd = c->lfd, .events = POLLIN };
		char req[1024];
		size_t have = 0;
		unsigned n;
		int fd;

		if (poll(&p, 1, 50) <= 0)
			continue;
		fd = accept4(c->lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		/* the request head, bounded */
		while (have < sizeof(req) - 1 && !memmem(req, have, "\r\n\r\n", 4)) {
			ssize_t r = recv(fd, req + have, sizeof(req) - 1 - have, 0);

			if (r <= 0)
				break;
			have += (size_t)r;
		}
		req[have] = '\0';
		n = atomic_fetch_add(&c->conns, 1);
		if (n < 4)
			memcpy(c->reqs[n], req, have + 1);
		if (c->script)
			c->script(c, fd, n);
		close(fd);
	}
	return NULL;
}

static void canned_use(void (*script)(struct canned *c, int fd, unsigned conn))
{
	srv.script = script;
	atomic_store(&srv.conns, 0);
	memset(srv.reqs, 0, sizeof(srv.reqs));
}

static void test_canned_start(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);

	srv.lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(srv.lfd >= 0);
	CHECK_EQ(bind(srv.lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	CHECK_EQ(listen(srv.lfd, 8), 0);
	CHECK_EQ(getsockname(srv.lfd, (struct sockaddr *)&a, &len), 0);
	srv.port = ntohs(a.sin_port);
	CHECK_EQ(pthread_create(&srv.thread, NULL, canned_main, &srv), 0);
}

static void script_chunked(struct canned *c, int fd, unsigned conn)
{
	(void)c, (void)conn;
	say(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
	usleep(10 * 1000);
	say(fd, "4\r\nWiki\r\n5;x=y\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Sum: 1\r\n\r\n");
}

static void test_canned_chunked(void)
{
	_cleanup_free_ char *url = NULL;
	struct diag_list why;
	struct blob b;

	canned_use(script_chunked);
	CHECK_EQ(get("/chunked", 1 << 20, &b, &why, &fast, srv.port, &url), 0);
	CHECK_EQ(b.size, 23);
	CHECK(b.size == 23 && memcmp(b.data, "Wikipedia in\r\n\r\nchunks.", 23) == 0);
	/* what kexboot sends */
	CHECK(strstr(srv.reqs[0], "GET /chunked HTTP/1.1\r\n") == srv.reqs[0]);
	CHECK(strstr(srv.reqs[0], "\r\nUser-Agent: kexboot/" KEXBOOT_VERSION "\r\n") != NULL);
	CHECK(strstr(srv.reqs[0], "\r\nConnection: close\r\n") != NULL);
	CHECK(strstr(srv.reqs[0], "\r\nRange:") == NULL);
	blob_release(&b);
	diag_list_done(&why);
}

/* A head and 10 of 1000 bytes, then nothing (past the shortened stall timeout). */
static void script_stall(struct canned *c, int fd, unsigned conn)
{
	(void)c, (void)conn;
	say(fd, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789");
	hold(fd, 800);
}

static void test_canned_stall(void)
{
	_cleanup_free_ char *url = NULL, *msg = NULL;
	struct diag_list why;
	struct blob b;
	uint64_t t0 = now_ms(), dt;

	canned_use(script_stall);
	CHECK_EQ(get("/stall", 1 << 20, &b, &why, &fast, srv.port, &url), -ETIMEDOUT);
	dt = now_ms() - t0;
	CHECK(dt >= 300 && dt < 700);
	CHECK(asprintf(&msg, "%s: transfer stalled: no data within 300 ms after 10 bytes", url) > 0);
	CHECK_STREQ(why.reason, msg);
	CHECK_EQ(atomic_load(&srv.conns), 1); /* no Accept-Ranges: no resume */
	diag_list_done(&why);
}

/* A head, then 1000 bytes 100 at a time, 150 ms apart: slow, but never 300 ms without data. */
static void script_trickle(struct canned *c, int fd, unsigned conn)
{
	char part[101];

	(void)c, (void)conn;
	say(fd, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
	for (int i = 0; i < 10; i++) {
		usleep(150 * 1000);
		memset(part, 'a' + i, 100);
		part[100] = '\0';
		say(fd, part);
	}
	hold(fd, 300);
}

/* A body that keeps coming, just slowly, straight into its place, is not a stall. */
static void test_canned_trickle(void)
{
	_cleanup_free_ char *url = NULL;
	struct diag_list why;
	struct blob b;

	canned_use(script_trickle);
	CHECK_EQ(get("/trickle", 1 << 20, &b, &why, &fast, srv.port, &url), 0);
	CHECK_EQ(b.size, 1000);
	CHECK(b.size == 1000 && ((const char *)b.data)[0] == 'a' && ((const char *)b.data)[999] == 'j');
	CHECK_EQ(atomic_load(&srv.conns), 1);
	blob_release(&b);
	diag_list_done(&why);
}

/*
 * madvise() seen through a link-time wrap: the download's idle work asks for
 * MADV_POPULATE_WRITE; each range is recorded (the canned server runs on
 * another thread, which never calls madvise).
 */
int __real_madvise(void *addr, size_t len, int advice);
int __wrap_madvise(void *addr, size_t len, int advice);

static struct {
	unsigned calls;
	uintptr_t lo, hi; /* the span all populate calls covered */
} populate;

int __wrap_madvise(void *addr, size_t len, int advice)
{
	if (advice == 23 /* MADV_POPULATE_WRITE */) {
		uintptr_t a = (uintptr_t)addr;

		if (populate.calls++ == 0 || a < populate.lo)
			populate.lo = a;
		if (a + len > populate.hi)
			populate.hi = a + len;
	}
	return __real_madvise(addr, len, advice);
}

#define PAUSED_MIB 6

/* A 6 MiB body of known length in 1 MiB pieces with pauses: the link idles between them. */
static void script_paused(struct canned *c, int fd, unsigned conn)
{
	static uint8_t piece[1 << 20];
	char head[128];

	(void)c, (void)conn;
	snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\nContent-Length: %u\r\n\r\n", PAUSED_MIB << 20);
	say(fd, head);
	for (int i = 0; i < PAUSED_MIB; i++) {
		memset(piece, 'A' + i, sizeof(piece));
		for (size_t off = 0; off < sizeof(piece);) {
			ssize_t w = send(fd, piece + off, sizeof(piece) - off, MSG_NOSIGNAL);

			if (w <= 0)
				return;
			off += (size_t)w;
		}
		usleep(40 * 1000);
	}
	hold(fd, 300);
}

/*
 * While the socket is empty, the body's next pages are made resident ahead
 * of the bytes, 2 MiB at a time and never past the body; the bytes are all
 * there and in order.
 */
static void test_canned_populate_while_idle(void)
{
	_cleanup_free_ char *url = NULL;
	struct diag_list why;
	struct blob b;
	uintptr_t start;

	memset(&populate, 0, sizeof(populate));
	canned_use(script_paused);
	CHECK_EQ(get("/paused", 64 << 20, &b, &why, &fast, srv.port, &url), 0);
	CHECK_EQ(b.size, (size_t)PAUSED_MIB << 20);
	for (int i = 0; i < PAUSED_MIB; i++)
		CHECK(b.size == (size_t)PAUSED_MIB << 20 && ((const uint8_t *)b.data)[(size_t)i << 20] == 'A' + i &&
		      ((const uint8_t *)b.data)[((size_t)(i + 1) << 20) - 1] == 'A' + i);
	start = (uintptr_t)b.data;
	/*
	 * At most one call per 2 MiB step of the body (fewer when the bytes of a
	 * step came before the socket was first found empty), all inside it, up
	 * to its end
	 */
	CHECK(populate.calls >= 1 && populate.calls <= PAUSED_MIB / 2);
	CHECK(populate.lo >= start && populate.hi <= start + ((size_t)PAUSED_MIB << 20));
	CHECK(populate.hi == start + ((size_t)PAUSED_MIB << 20));
	blob_release(&b);
	diag_list_done(&why);
}

static void script_silent(struct canned *c, int fd, unsigned conn)
{
	(void)c, (void)conn;
	hold(fd, 600);
}

static void test_canned_no_answer(void)
{
	_cleanup_free_ char *url = NULL, *msg = NULL;
	struct diag_list why;
	struct blob b;

	canned_use(script_silent);
	CHECK_EQ(get("/vmlinuz", 1 << 20, &b, &why, &fast, srv.port, &url), -ETIMEDOUT);
	CHECK(asprintf(&msg, "%s: no answer within 300 ms", url) > 0);
	CHECK_STREQ(why.reason, msg);
	diag_list_done(&why);
}

/* 4096 bytes with ranges: the first connection is cut at 1500, the second must ask for the rest. */
static uint8_t cut_body[4096];

static void script_cut(struct canned *c, int fd, unsigned conn)
{
	char head[256];

	if (conn == 0) {
		say(fd, "HTTP/1.1 200 OK\r\nContent-Length: 4096\r\nAccept-Ranges: bytes\r\n\r\n");
		(void)!send(fd, cut_body, 1500, MSG_NOSIGNAL);
		return;
	}
	if (!strstr(c->reqs[conn < 4 ? conn : 3], "\r\nRange: bytes=1500-\r\n")) {
		say(fd, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
		return;
	}
	snprintf(head, sizeof(head),
		 "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 1500-4095/4096\r\nContent-Length: 2596\r\n\r\n");
	say(fd, head);
	(void)!send(fd, cut_body + 1500, 4096 - 1500, MSG_NOSIGNAL);
}

static void test_canned_cut_resume(void)
{
	_cleanup_free_ char *url = NULL;
	struct diag_list why;
	struct blob b;

	for (size_t i = 0; i < sizeof(cut_body); i++)
		cut_body[i] = (uint8_t)(i * 7 + i / 256);
	canned_use(script_cut);
	CHECK_EQ(get("/initrd", 1 << 20, &b, &why, &fast, srv.port, &url), 0);
	CHECK_EQ(b.size, 4096);
	CHECK(b.size == 4096 && memcmp(b.data, cut_body, 4096) == 0);
	CHECK_EQ(atomic_load(&srv.conns), 2);
	CHECK(strstr(srv.reqs[1], "\r\nRange: bytes=1500-\r\n") != NULL);
	CHECK(why.n == 1 && strstr(why.msgs[0], "resuming at byte 1500") != NULL);
	blob_release(&b);
	diag_list_done(&why);
}

/* Cut, then the resumed request answered by the whole file (200): started over, whole and right. */
static void script_cut_then_200(struct canned *c, int fd, unsigned conn)
{
	(void)c;
	say(fd, "HTTP/1.1 200 OK\r\nContent-Length: 4096\r\nAccept-Ranges: bytes\r\n\r\n");
	(void)!send(fd, cut_body, conn == 0 ? 1500 : 4096, MSG_NOSIGNAL);
}

static void test_canned_cut_restart(void)
{
	_cleanup_free_ char *url = NULL;
	struct diag_list why;
	struct blob b;

	canned_use(script_cut_then_200);
	CHECK_EQ(get("/initrd", 1 << 20, &b, &why, &fast, srv.port, &url), 0);
	CHECK(b.size == 4096 && memcmp(b.data, cut_body, 4096) == 0);
	CHECK_EQ(atomic_load(&srv.conns), 2);
	CHECK(strstr(srv.reqs[1], "\r\nRange: bytes=1500-\r\n") != NULL);
	blob_release(&b);
	diag_list_done(&why);
}

/* A 206 for other bytes than asked (start, or an end short of the whole): refused, said so. */
static void script_cut_then_wrong_start(struct canned *c, int fd, unsigned conn)
{
	(void)c;
	if (conn == 0) {
		say(fd, "HTTP/1.1 200 OK\r\nContent-Length: 4096\r\nAccept-Ranges: bytes\r\n\r\n");
		(void)!send(fd, cut_body, 1500, MSG_NOSIGNAL);
	} else {
		say(fd, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 1000-4095/4096\r\nContent-Length: 3096\r\n\r\n");
		(void)!send(fd, cut_body + 1000, 3096, MSG_NOSIGNAL);
	}
}

static void script_cut_then_short_end(struct canned *c, int fd, unsigned conn)
{
	(void)c;
	if (conn == 0) {
		say(fd, "HTTP/1.1 200 OK\r\nContent-Length: 4096\r\nAccept-Ranges: bytes\r\n\r\n");
		(void)!send(fd, cut_body, 1500, MSG_NOSIGNAL);
	} else {
		say(fd, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 1500-1999/4096\r\nContent-Length: 500\r\n\r\n");
		(void)!send(fd, cut_body + 1500, 500, MSG_NOSIGNAL);
	}
}

static void test_canned_cut_wrong_range(void)
{
	_cleanup_free_ char *url = NULL, *url2 = NULL, *msg = NULL, *msg2 = NULL;
	struct diag_list why;
	struct blob b;

	canned_use(script_cut_then_wrong_start);
	CHECK_EQ(get("/initrd", 1 << 20, &b, &why, &fast, srv.port, &url), -EBADMSG);
	CHECK(asprintf(&msg, "%s: the resumed answer does not start at byte 1500", url) > 0);
	CHECK_STREQ(why.reason, msg);
	CHECK(b.storage == NULL && b.fd < 0);
	diag_list_done(&why);

	canned_use(script_cut_then_short_end);
	CHECK_EQ(get("/initrd", 1 << 20, &b, &why, &fast, srv.port, &url2), -EBADMSG);
	CHECK(asprintf(&msg2, "%s: the resumed answer ends at byte 1999, not at the end (4096)", url2) > 0);
	CHECK_STREQ(why.reason, msg2);
	diag_list_done(&why);
}

/* Cut without Accept-Ranges: said so, not resumed. */
static void script_cut_plain(struct canned *c, int fd, unsigned conn)
{
	(void)c, (void)conn;
	say(fd, "HTTP/1.1 200 OK\r\nContent-Length: 4096\r\n\r\n");
	(void)!send(fd, cut_body, 100, MSG_NOSIGNAL);
}

static void test_canned_cut_plain(void)
{
	_cleanup_free_ char *url = NULL, *msg = NULL;
	struct diag_list why;
	struct blob b;

	canned_use(script_cut_plain);
	CHECK_EQ(get("/initrd", 1 << 20, &b, &why, &fast, srv.port, &url), -ECONNRESET);
	CHECK(asprintf(&msg, "%s: connection closed after 100 bytes", url) > 0);
	CHECK_STREQ(why.reason, msg);
	diag_list_done(&why);
}

/* 503 once, then the file: retried after the backoff. 503 always: the last reason. */
static void script_503_once(struct canned *c, int fd, unsigned conn)
{
	(void)c;
	if (conn == 0)
		say(fd, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
	else
		say(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
}

static void script_503(struct canned *c, int fd, unsigned conn)
{
	(void)c, (void)conn;
	say(fd, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
}

static void test_canned_retry_5xx(void)
{
	_cleanup_free_ char *url = NULL, *url2 = NULL, *msg = NULL;
	struct diag_list why;
	struct blob b;

	canned_use(script_503_once);
	CHECK_EQ(get("/x", 1 << 20, &b, &why, &fast, srv.port, &url), 0);
	CHECK(b.size == 2 && memcmp(b.data, "ok", 2) == 0);
	CHECK_EQ(atomic_load(&srv.conns), 2);
	blob_release(&b);
	diag_list_done(&why);

	canned_use(script_503);
	CHECK_EQ(get("/x", 1 << 20, &b, &why, &fast, srv.port, &url2), -EIO);
	CHECK(asprintf(&msg, "%s: 503 Service Unavailable", url2) > 0);
	CHECK_STREQ(why.reason, msg);
	CHECK_EQ(atomic_load(&srv.conns), 3); /* one try and two retries */
	diag_list_done(&why);
}

/* A terabyte announced and nothing sent: refused from the head, before any download. */
#define UNTIL_CLOSE_SIZE (3 * 1024 * 1024 + 123)

static uint8_t until_close_byte(size_t i)
{
	return (uint8_t)(i * 13 + (i >> 12));
}

/* No length: the body is what comes until the server closes, in pieces with pauses (the client waits between them). */
static void script_until_close(struct canned *c, int fd, unsigned conn)
{
	static uint8_t piece[65536];

	(void)c, (void)conn;
	say(fd, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
	for (size_t off = 0; off < UNTIL_CLOSE_SIZE;) {
		size_t n = UNTIL_CLOSE_SIZE - off < sizeof(piece) ? UNTIL_CLOSE_SIZE - off : sizeof(piece);
		ssize_t w;

		for (size_t i = 0; i < n; i++)
			piece[i] = until_close_byte(off + i);
		w = send(fd, piece, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		off += (size_t)w;
		if (off % (1024 * 1024) < (size_t)w)
			usleep(20 * 1000);
	}
}

static void test_canned_until_close(void)
{
	_cleanup_free_ char *url = NULL, *msg = NULL;
	struct diag_list why;
	struct blob b;
	size_t bad = 0;

	/* the memfd grows (1, 2, 4 MiB) as the body comes, and ends at its exact size */
	canned_use(script_until_close);
	CHECK_EQ(get("/until-close", 1 << 30, &b, &why, &fast, srv.port, &url), 0);
	CHECK_EQ(b.size, UNTIL_CLOSE_SIZE);
	for (size_t i = 0; i < b.size && !bad; i++)
		if (((const uint8_t *)b.data)[i] != until_close_byte(i))
			bad = i + 1;
	CHECK_EQ(bad, 0);
	blob_release(&b);
	diag_list_done(&why);
	free(url);
	url = NULL;
	/* the same body over a limit of 2 MiB: refused once it passes the limit, keeping nothing */
	CHECK_EQ(get("/until-close", 2 << 20, &b, &why, &fast, srv.port, &url), -EFBIG);
	CHECK(b.size == 0 && b.fd < 0);
	CHECK(asprintf(&msg, "%s: more than the 2097152 bytes allowed", url) > 0);
	CHECK_STREQ(why.reason, msg);
	diag_list_done(&why);
}

static void script_huge(struct canned *c, int fd, unsigned conn)
{
	(void)c, (void)conn;
	say(fd, "HTTP/1.1 200 OK\r\nContent-Length: 1099511627776\r\n\r\n");
	hold(fd, 600);
}

static void test_canned_over_max(void)
{
	_cleanup_free_ char *url = NULL, *msg = NULL;
	struct diag_list why;
	struct blob b;
	uint64_t t0 = now_ms();

	canned_use(script_huge);
	CHECK_EQ(get("/huge", 1 << 20, &b, &why, &fast, srv.port, &url), -EFBIG);
	CHECK(now_ms() - t0 < 300); /* did not wait for a body */
	CHECK(asprintf(&msg, "%s: 1099511627776 bytes, more than the 1048576 allowed", url) > 0);
	CHECK_STREQ(why.reason, msg);
	diag_list_done(&why);
}

static void test_canned_stop(void)
{
	atomic_store(&srv.stop, true);
	CHECK_EQ(pthread_join(srv.thread, NULL), 0);
	close(srv.lfd);
}

static void test_refused_and_names(void)
{
	_cleanup_free_ char *url = NULL, *msg = NULL;
	struct diag_list why;
	struct blob b;
	unsigned port = server_free_port();

	CHECK_EQ(get("/vmlinuz", 1 << 20, &b, &why, &fast, port, &url), -ECONNREFUSED);
	CHECK(asprintf(&msg, "%s: connection refused", url) > 0);
	CHECK_STREQ(why.reason, msg);
	diag_list_done(&why);

	/* a name with no name server to ask (test-dns-dnsmasq asks one): said so, and nothing is sent anywhere */
	diag_list_init(&why);
	CHECK_EQ(http_fetch(&fast, "http://boot.example/vmlinuz", "k", 1 << 20, &b, &why), -EHOSTUNREACH);
	CHECK(strstr(why.reason, "http://boot.example/vmlinuz: cannot look up \"boot.example\": no DNS server known") ==
	      why.reason);
	diag_list_done(&why);

	/* https:// goes through the same connection code (tests/unit/test-https-fetch.c has the rest) */
	free(url);
	free(msg);
	CHECK(asprintf(&url, "https://127.0.0.1:%u/vmlinuz", port) > 0);
	CHECK(asprintf(&msg, "%s: connection refused", url) > 0);
	diag_list_init(&why);
	CHECK_EQ(http_fetch(&fast, url, url, 1 << 20, &b, &why), -ECONNREFUSED);
	CHECK_STREQ(why.reason, msg);
	diag_list_done(&why);
}

static const struct test tests[] = {
	TEST(nginx_start),	    TEST(nginx_big_sha256),	TEST(nginx_404),	  TEST(nginx_redirect_relative),
	TEST(nginx_redirect_loop),  TEST(nginx_over_max),	TEST(nginx_fetch_text),	  TEST(nginx_ipv6),	TEST(nginx_stop),
	TEST(canned_start),	    TEST(canned_chunked),	TEST(canned_stall),	  TEST(canned_trickle), TEST(canned_populate_while_idle),	TEST(canned_no_answer),
	TEST(canned_cut_resume),    TEST(canned_cut_restart),	TEST(canned_cut_wrong_range), TEST(canned_cut_plain),	TEST(canned_retry_5xx),	  TEST(canned_until_close), TEST(canned_over_max),
	TEST(canned_stop),	    TEST(refused_and_names),
};

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	return harness_run(tests, ARRAY_SIZE(tests));
}
