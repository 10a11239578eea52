// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * https:// (boot/fetch/http.c over boot/fetch/tls.c) against nginx on
 * 127.0.0.1 with throwaway certificates made at test time by
 * tests/tls-certs.sh: a good chain, a certificate for another host, one
 * from a CA kexboot does not trust, an expired one, SNI, a server that
 * only speaks TLS 1.1, a redirect from http to https. Then Range resumes
 * through tests/cutproxy.py (a python proxy on 127.0.0.1 that cuts or
 * stalls the first connection halfway), plain and over TLS, the progress
 * reports of a slow transfer, and the memory check against a fixture
 * /proc/meminfo. kexboot's root prefix is a temp tree holding the test
 * CA as etc/kexboot/ca.pem. Nothing listens or connects beyond loopback;
 * nginx and the proxies are stopped at exit.
 */
#include "boot/fetch/fetch.h"
#include "boot/fetch/http.h"
#include "boot/fetch/transport.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "tests/unit/server-util.h"
#include "tests/unit/harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define BIG_SIZE (3u << 20)

enum { P_GOOD, P_WRONGHOST, P_ROGUE, P_EXPIRED, P_SNI, P_OLD, P_PLAIN, P_N };

static char dir[64];
static char root[128];     /* kexboot's root prefix: etc/kexboot/ca.pem, proc/meminfo */
static char noca[128];     /* a root without a CA bundle */
static char lowmem[128];   /* a root whose MemAvailable is 1 MiB */
static pid_t nginx_pid = -1;
static unsigned port[P_N];
static pid_t proxies[4];
static unsigned n_proxies;
static uint8_t *big;

static struct http_options opts(const char *r)
{
	return (struct http_options){ .connect_timeout_ms = 3000, .stall_timeout_ms = 700, .retries = 2,
				      .backoff_ms = 10, .retry_total_ms = 10000, .resumes = 3, .redirects = 5,
				      .root = r };
}

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

static void sh(const char *fmt, const char *a)
{
	_cleanup_free_ char *cmd = NULL;

	CHECK(asprintf(&cmd, fmt, a, a, a, a, a, a) > 0);
	CHECK_EQ(system(cmd), 0);
}

static void cleanup(void)
{
	_cleanup_free_ char *cmd = NULL;

	for (unsigned i = 0; i < n_proxies; i++)
		server_stop(&proxies[i]);
	server_stop(&nginx_pid);
	if (dir[0] && asprintf(&cmd, "rm -rf %s", dir) > 0 && system(cmd) != 0)
		fprintf(stderr, "  could not remove %s\n", dir);
	dir[0] = '\0';
	free(big);
}

static void test_setup(void)
{
	_cleanup_free_ char *conf = NULL;
	char *ssl[P_PLAIN] = { NULL };
	static const char *const certs[P_PLAIN] = { "good", "wronghost", "rogue", "expired", "rogue", "good" };
	int fd;

	if (access("/usr/sbin/nginx", X_OK) != 0) {
		fprintf(stderr, "  /usr/sbin/nginx is missing: install the Debian package nginx-light\n");
		harness_failures++;
		return;
	}
	strcpy(dir, "/tmp/kexboot-https-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	atexit(cleanup);
	chmod(dir, 0755);
	snprintf(root, sizeof(root), "%s/root", dir);
	snprintf(noca, sizeof(noca), "%s/noca", dir);
	snprintf(lowmem, sizeof(lowmem), "%s/lowmem", dir);
	sh("sh tests/tls-certs.sh %s/certs >/dev/null", dir);
	sh("mkdir -p %s/www/boot %s/tmp %s/root/etc/kexboot %s/root/proc", dir);
	sh("mkdir -p %s/noca/proc %s/lowmem/etc/kexboot %s/lowmem/proc && cp %s/certs/ca.pem %s/root/etc/kexboot/", dir);
	sh("cp %s/certs/ca.pem %s/lowmem/etc/kexboot/ && chmod -R a+rX %s", dir);
	put("root/proc/meminfo", "MemTotal:       16000000 kB\nMemAvailable:    8000000 kB\n", 55);
	put("noca/proc/meminfo", "MemTotal:       16000000 kB\nMemAvailable:    8000000 kB\n", 55);
	put("lowmem/proc/meminfo", "MemTotal:       16000000 kB\nMemFree:            1024 kB\nMemAvailable:       1024 kB\n", 84);
	big = malloc(BIG_SIZE);
	CHECK(big != NULL);
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	CHECK(fd >= 0 && read(fd, big, BIG_SIZE) == (ssize_t)BIG_SIZE);
	close(fd);
	put("www/big.bin", big, BIG_SIZE);
	put("www/boot/vmlinuz", "KERNEL", 6);
	sh("chmod -R a+rX %s/www", dir);
	for (int i = 0; i < P_N; i++) {
		port[i] = server_free_port();
		CHECK(port[i] != 0);
	}
	for (int i = 0; i < P_PLAIN; i++)
		CHECK(asprintf(&ssl[i], "ssl_certificate %s/certs/%s.pem; ssl_certificate_key %s/certs/%s.key;", dir,
			       certs[i], dir, certs[i]) > 0);
	CHECK(asprintf(&conf,
		       "worker_processes 1;\npid %s/nginx.pid;\nerror_log %s/error.log;\n"
		       "events { worker_connections 64; }\n"
		       "http {\n access_log %s/access.log;\n default_type application/octet-stream;\n"
		       " client_body_temp_path %s/tmp; proxy_temp_path %s/tmp; fastcgi_temp_path %s/tmp;\n"
		       " uwsgi_temp_path %s/tmp; scgi_temp_path %s/tmp;\n root %s/www;\n"
		       " server { listen 127.0.0.1:%u ssl; %s }\n"
		       " server { listen 127.0.0.1:%u ssl; %s }\n"
		       " server { listen 127.0.0.1:%u ssl; %s }\n"
		       " server { listen 127.0.0.1:%u ssl; %s }\n"
		       " server { listen 127.0.0.1:%u ssl default_server; %s }\n"
		       " server { listen 127.0.0.1:%u ssl; server_name boot.test; %s }\n"
		       " server { listen 127.0.0.1:%u ssl; %s ssl_protocols TLSv1.1; ssl_ciphers DEFAULT:@SECLEVEL=0; }\n"
		       " server { listen 127.0.0.1:%u;\n"
		       "  location = /tls { return 302 https://127.0.0.1:%u/boot/vmlinuz; }\n"
		       "  location = /rogue { return 302 https://127.0.0.1:%u/boot/vmlinuz; } }\n}\n",
		       dir, dir, dir, dir, dir, dir, dir, dir, dir, port[P_GOOD], ssl[0], port[P_WRONGHOST], ssl[1],
		       port[P_ROGUE], ssl[2], port[P_EXPIRED], ssl[3], port[P_SNI], ssl[4], port[P_SNI], ssl[0],
		       port[P_OLD], ssl[5], port[P_PLAIN], port[P_GOOD], port[P_ROGUE]) > 0);
	for (int i = 0; i < P_PLAIN; i++)
		free(ssl[i]);
	put("nginx.conf", conf, strlen(conf));
	nginx_pid = server_nginx_start(dir, (unsigned[]){ port[P_PLAIN] }, 1);
	if (nginx_pid < 0)
		harness_failures++;
}

static int get(const char *scheme, unsigned p, const char *path, const struct http_options *o, uint64_t max,
	       struct blob *b, struct diag_list *why, char **ret_url)
{
	char *url = NULL;

	CHECK(asprintf(&url, "%s://127.0.0.1:%u%s", scheme, p, path) > 0);
	*ret_url = url;
	diag_list_init(why);
	return http_fetch(o, url, url, max, b, why);
}

static void test_good_chain(void)
{
	_cleanup_free_ char *url = NULL;
	const struct http_options o = opts(root);
	struct diag_list why;
	struct blob b;

	CHECK_EQ(get("https", port[P_GOOD], "/big.bin", &o, 1ull << 30, &b, &why, &url), 0);
	CHECK_EQ(b.size, BIG_SIZE);
	CHECK(b.size == BIG_SIZE && memcmp(b.data, big, BIG_SIZE) == 0);
	CHECK(b.store == BLOB_HEAP); /* anonymous memory, received straight into */
	blob_release(&b);
	diag_list_done(&why);
}

/* Refused, with the URL and the reason's words in why->reason. */
static void refused(unsigned p, const char *root_dir, int want, const char *words)
{
	_cleanup_free_ char *url = NULL, *prefix = NULL;
	const struct http_options o = opts(root_dir);
	struct diag_list why;
	struct blob b;

	CHECK_EQ(get("https", p, "/boot/vmlinuz", &o, 1 << 20, &b, &why, &url), want);
	CHECK(asprintf(&prefix, "%s: ", url) > 0);
	CHECK(strncmp(why.reason, prefix, strlen(prefix)) == 0);
	fprintf(stderr, "  refused: %s\n", why.reason);
	if (!strstr(why.reason, words)) {
		fprintf(stderr, "  reason \"%s\" lacks \"%s\"\n", why.reason, words);
		harness_failures++;
	}
	CHECK(b.storage == NULL && b.fd < 0);
	diag_list_done(&why);
}

static void test_wrong_host(void)
{
	refused(port[P_WRONGHOST], root, -EPERM,
		"certificate verify failed: wrong host: the certificate is not for 127.0.0.1 (IP address mismatch)");
}

static void test_unknown_ca(void)
{
	refused(port[P_ROGUE], root, -EPERM, "certificate verify failed: unknown CA: no CA in ");
	refused(port[P_ROGUE], root, -EPERM, "/root/etc/kexboot/ca.pem vouches for it");
}

static void test_expired(void)
{
	refused(port[P_EXPIRED], root, -EPERM, "certificate verify failed: expired (certificate has expired)");
}

static void test_no_bundle(void)
{
	refused(port[P_GOOD], noca, -ENOKEY, "no CA bundle to check the server with: ");
}

/* A server that only speaks TLS 1.1: kexboot asks for 1.2 at least. */
static void test_old_protocol(void)
{
	refused(port[P_OLD], root, -EPROTO, "TLS handshake failed: ");
}

/* TLS spoken to a plain HTTP port. */
static void test_not_tls(void)
{
	refused(port[P_PLAIN], root, -EPROTO, "TLS handshake failed: ");
}

/* http -> https redirects are followed, and the https side is checked as any other. */
static void test_redirect_to_https(void)
{
	_cleanup_free_ char *url = NULL, *url2 = NULL;
	const struct http_options o = opts(root);
	struct diag_list why;
	struct blob b;

	CHECK_EQ(get("http", port[P_PLAIN], "/tls", &o, 1 << 20, &b, &why, &url), 0);
	CHECK(b.size == 6 && memcmp(b.data, "KERNEL", 6) == 0);
	blob_release(&b);
	diag_list_done(&why);
	CHECK_EQ(get("http", port[P_PLAIN], "/rogue", &o, 1 << 20, &b, &why, &url2), -EPERM);
	CHECK(strstr(why.reason, "certificate verify failed: unknown CA") != NULL);
	diag_list_done(&why);
}

/* The TLS layer alone: SNI picks the server block, and a DNS name is checked against the DNS SANs. */
static void test_sni_and_dns_name(void)
{
	struct transport t = TRANSPORT_INIT;
	struct tls_client *c = NULL;
	_cleanup_free_ char *ca = NULL;
	struct diag_list why;
	const char req[] = "GET /boot/vmlinuz HTTP/1.1\r\nHost: boot.test\r\nConnection: close\r\n\r\n";
	char buf[1024];
	size_t have = 0;
	ssize_t n;

	diag_list_init(&why);
	CHECK(asprintf(&ca, "%s/etc/kexboot/ca.pem", root) > 0);
	CHECK_EQ(tls_client_new(ca, "https://boot.test/", &c, &why), 0);
	CHECK_EQ(transport_connect(&t, "https://boot.test/", "127.0.0.1", port[P_SNI], 3000, NULL, NULL, &why), 0);
	CHECK_EQ(transport_start_tls(&t, c, "https://boot.test/", "boot.test", 3000, &why), 0);
	CHECK_EQ(transport_send(&t, req, strlen(req), 3000), 0);
	while (have < sizeof(buf) - 1 && (n = transport_recv(&t, buf + have, sizeof(buf) - 1 - have, 3000)) > 0)
		have += (size_t)n;
	CHECK_EQ(n, 0); /* nginx's closing alert: a clean end */
	buf[have] = '\0';
	CHECK(strncmp(buf, "HTTP/1.1 200 OK\r\n", 17) == 0);
	CHECK(have > 6 && memcmp(buf + have - 6, "KERNEL", 6) == 0);
	/*
	 * Writing on after the server closed: an error, not SIGPIPE, even in a
	 * process that does not ignore it (the default disposition kills).
	 */
	usleep(100 * 1000);
	signal(SIGPIPE, SIG_DFL);
	for (int i = 0; i < 3; i++)
		n = transport_send(&t, req, strlen(req), 1000);
	signal(SIGPIPE, SIG_IGN);
	CHECK(n < 0);
	transport_close(&t);

	/* another name: nginx's default block (the rogue certificate) answers */
	CHECK_EQ(transport_connect(&t, "https://other.test/", "127.0.0.1", port[P_SNI], 3000, NULL, NULL, &why), 0);
	CHECK_EQ(transport_start_tls(&t, c, "https://other.test/", "other.test", 3000, &why), -EPERM);
	CHECK(strstr(why.reason, "https://other.test/: certificate verify failed: unknown CA") == why.reason);
	transport_close(&t);

	/* the good certificate, asked for under a name it does not carry */
	CHECK_EQ(transport_connect(&t, "https://boot.example/", "127.0.0.1", port[P_GOOD], 3000, NULL, NULL, &why), 0);
	CHECK_EQ(transport_start_tls(&t, c, "https://boot.example/", "boot.example", 3000, &why), -EPERM);
	CHECK_STREQ(why.reason, "https://boot.example/: certificate verify failed: wrong host: the certificate is not "
				"for boot.example (hostname mismatch)");
	transport_close(&t);
	tls_client_free(c);
	diag_list_done(&why);
}

/* tests/cutproxy.py in front of target: its port, read from its first line. */
static unsigned proxy_start(unsigned target, const char *mode, unsigned bytes, unsigned conns, unsigned rate)
{
	char a[4][16], line[16] = "";
	int pipefd[2];
	pid_t pid;
	ssize_t n = 0;

	CHECK(n_proxies < ARRAY_SIZE(proxies));
	CHECK_EQ(pipe2(pipefd, O_CLOEXEC), 0);
	snprintf(a[0], sizeof(a[0]), "%u", target);
	snprintf(a[1], sizeof(a[1]), "%u", bytes);
	snprintf(a[2], sizeof(a[2]), "%u", conns);
	snprintf(a[3], sizeof(a[3]), "%u", rate);
	pid = fork();
	if (pid == 0) {
		dup2(pipefd[1], 1);
		execlp("python3", "python3", "tests/cutproxy.py", a[0], mode, a[1], a[2], a[3], (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	CHECK(pid > 0);
	proxies[n_proxies++] = pid;
	/* the port line, whole (bounded by the line's size) */
	for (size_t have = 0; have < sizeof(line) - 1 && !memchr(line, '\n', have); have += (size_t)n) {
		n = read(pipefd[0], line + have, sizeof(line) - 1 - have);
		if (n <= 0)
			break;
	}
	close(pipefd[0]);
	CHECK(strchr(line, '\n') != NULL);
	return (unsigned)atoi(line);
}

/* nginx through a proxy that breaks the first connection after 1 MiB: resumed with Range. */
static void resumed(const char *scheme, unsigned target, const char *mode)
{
	_cleanup_free_ char *url = NULL;
	const struct http_options o = opts(root);
	unsigned p = proxy_start(target, mode, 1 << 20, 1, 0);
	struct diag_list why;
	struct blob b;

	CHECK_EQ(get(scheme, p, "/big.bin", &o, 1ull << 30, &b, &why, &url), 0);
	CHECK_EQ(b.size, BIG_SIZE);
	CHECK(b.size == BIG_SIZE && memcmp(b.data, big, BIG_SIZE) == 0);
	/* one note: where it resumed (the head and part of the body came before the cut) */
	CHECK_EQ(why.n, 1);
	CHECK(why.n == 1 && strstr(why.msgs[0], "; resuming at byte ") != NULL);
	/* a drop reads as a close (plain) or a cut (TLS without its closing alert, or a reset) */
	if (!strcmp(mode, "drop"))
		CHECK(why.n == 1 && (strstr(why.msgs[0], ": connection closed after ") != NULL ||
				     strstr(why.msgs[0], ": connection cut after ") != NULL));
	else
		CHECK(why.n == 1 && strstr(why.msgs[0], ": transfer stalled: ") != NULL);
	if (why.n == 1)
		fprintf(stderr, "  %s %s: %s\n", scheme, mode, why.msgs[0]);
	blob_release(&b);
	diag_list_done(&why);
}

static void test_resume_drop_http(void)
{
	resumed("http", port[P_PLAIN], "drop");
}

static void test_resume_drop_https(void)
{
	resumed("https", port[P_GOOD], "drop");
}

static void test_resume_stall_https(void)
{
	resumed("https", port[P_GOOD], "stall");
}

struct seen {
	unsigned reports, done;
	struct fetch_progress last;
	char line[256];
};

static void on_progress(void *arg, const struct fetch_progress *p)
{
	struct seen *s = arg;

	s->reports++;
	s->done += p->done;
	s->last = *p;
	fetch_progress_format(p, s->line, sizeof(s->line));
	fprintf(stderr, "  progress: %s\n", s->line);
}

/* 3 MiB at about 1 MiB/s: progress about once a second, then once when done. */
static void test_progress_slow(void)
{
	_cleanup_free_ char *url = NULL;
	struct http_options o = opts(root);
	unsigned p = proxy_start(port[P_GOOD], "slow", 0, 0, 1 << 20);
	struct seen s = { 0 };
	struct diag_list why;
	struct blob b;

	o.progress = on_progress;
	o.progress_arg = &s;
	CHECK_EQ(get("https", p, "/big.bin", &o, 1ull << 30, &b, &why, &url), 0);
	CHECK_EQ(b.size, BIG_SIZE);
	CHECK(s.reports >= 2 && s.reports <= 5);
	CHECK_EQ(s.done, 1);
	CHECK(s.last.done && s.last.got == BIG_SIZE);
	CHECK(strstr(s.line, "/big.bin: 3.0 MiB in ") != NULL);
	blob_release(&b);
	diag_list_done(&why);
}

/* A size known up front and more than MemAvailable: refused before the body. */
static void test_memory_check(void)
{
	_cleanup_free_ char *url = NULL, *msg = NULL;
	const struct http_options o = opts(lowmem);
	struct diag_list why;
	struct blob b;

	CHECK_EQ(get("https", port[P_GOOD], "/big.bin", &o, 1ull << 30, &b, &why, &url), -ENOMEM);
	CHECK(asprintf(&msg, "%s: 3145728 bytes, but only 1048576 bytes of memory are available", url) > 0);
	CHECK_STREQ(why.reason, msg);
	diag_list_done(&why);
}

/* fetch_ref() sends https:// to the same back end, with the context's root. */
static void test_fetch_ref(void)
{
	_cleanup_free_ char *url = NULL;
	const struct fetch_ctx ctx = { .root = root };
	struct diag_list why;
	struct boot_ref ref = { 0 };
	struct blob b;

	CHECK(asprintf(&url, "https://127.0.0.1:%u/boot/vmlinuz", port[P_GOOD]) > 0);
	ref.url = url;
	diag_list_init(&why);
	CHECK_EQ(fetch_ref(&ctx, &ref, 1 << 20, &b, &why), 0);
	CHECK(b.size == 6 && memcmp(b.data, "KERNEL", 6) == 0);
	blob_release(&b);
	diag_list_done(&why);
}

static const struct test tests[] = {
	TEST(setup),		    TEST(good_chain),	      TEST(wrong_host),		  TEST(unknown_ca),
	TEST(expired),		    TEST(no_bundle),	      TEST(old_protocol),	  TEST(not_tls),
	TEST(redirect_to_https),    TEST(sni_and_dns_name),   TEST(resume_drop_http),	  TEST(resume_drop_https),
	TEST(resume_stall_https),   TEST(progress_slow),      TEST(memory_check),	  TEST(fetch_ref),
};

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	return harness_run(tests, ARRAY_SIZE(tests));
}
