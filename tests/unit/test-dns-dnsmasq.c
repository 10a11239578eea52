// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The stub resolver (boot/net/dns.h) and the fetch back ends looking up
 * names through a real server: dnsmasq (Debian package dnsmasq-base),
 * started here on a loopback address of its own with its DNS on a port of
 * its own, serving only names it was told (--no-resolv --no-hosts, no
 * upstream: nothing is ever asked outside), plus its TFTP. An http:// URL
 * naming boot.test reaches a canned HTTP server on the same address, a
 * tftp:// one dnsmasq's TFTP, an https:// one openssl s_server with a
 * certificate made for another name than the address.
 */
#include "boot/fetch/fetch.h"
#include "boot/net/dns.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "tests/unit/server-util.h"
#include "tests/unit/harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64], root[80], addr[20];
static uint16_t dns_port;
static pid_t server = -1;
static struct dns_config cfg;

static void test_server_start(void)
{
	const char *bin = server_dnsmasq_path();
	char *args[24 + 40];
	char a_big[40][64];
	char a_root[128], a_listen[64], a_pid[128], a_log[128], a_port[32], a_rec[96], a_six[96], a_short[96],
		a_other[96];
	struct dns_addr a = { .family = AF_INET };
	int n = 0, fd;

	if (!bin) {
		fprintf(stderr, "  dnsmasq not found: install the package dnsmasq-base (scripts/host-deps.sh)\n");
		CHECK(bin != NULL);
		return;
	}
	snprintf(addr, sizeof(addr), "127.78.%u.%u", (unsigned)(getpid() >> 8) & 0xff, 1 + (unsigned)getpid() % 254);
	dns_port = (uint16_t)(20000 + getpid() % 20000);
	strcpy(dir, "/tmp/kexboot-dns-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	snprintf(root, sizeof(root), "%s/root", dir);
	CHECK_EQ(chmod(dir, 0755), 0);
	CHECK_EQ(mkdir(root, 0755), 0);
	{
		_cleanup_free_ char *p = NULL;

		CHECK(asprintf(&p, "%s/small.txt", root) > 0);
		fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		CHECK(fd >= 0);
		CHECK_EQ(fd_write_all(fd, "tftp by name\n", 13), 0);
		CHECK_EQ(fchmod(fd, 0644), 0);
		close(fd);
	}
	snprintf(a_root, sizeof(a_root), "--tftp-root=%s", root);
	snprintf(a_listen, sizeof(a_listen), "--listen-address=%s", addr);
	snprintf(a_pid, sizeof(a_pid), "--pid-file=%s/dnsmasq.pid", dir);
	snprintf(a_log, sizeof(a_log), "--log-facility=%s/dnsmasq.log", dir);
	snprintf(a_port, sizeof(a_port), "--port=%u", dns_port);
	/* boot.test is the server's own address; both.boot.test has an IPv6 address too */
	snprintf(a_rec, sizeof(a_rec), "--host-record=boot.test,%s", addr);
	snprintf(a_six, sizeof(a_six), "--host-record=both.boot.test,%s,fd00::6", addr);
	snprintf(a_short, sizeof(a_short), "--host-record=short.lan.test,%s", addr);
	snprintf(a_other, sizeof(a_other), "--host-record=other.test,%s", addr);
	args[n++] = (char *)bin;
	args[n++] = "--no-daemon";
	args[n++] = a_port;
	args[n++] = "--no-resolv"; /* no upstream server: never a query outside */
	args[n++] = "--no-hosts";
	args[n++] = "--local=/test/"; /* names under test. it does not know are NXDOMAIN */
	args[n++] = a_rec;
	args[n++] = a_six;
	args[n++] = a_short;
	args[n++] = a_other;
	/* big.test: 40 addresses, more than fit in 512 bytes: dnsmasq truncates over UDP */
	for (unsigned i = 0; i < 40; i++) {
		snprintf(a_big[i], sizeof(a_big[i]), "--host-record=big.test,10.77.0.%u", i + 1);
		args[n++] = a_big[i];
	}
	args[n++] = "--cname=www.boot.test,alias.boot.test";
	args[n++] = "--cname=alias.boot.test,boot.test";
	args[n++] = "--log-queries";
	args[n++] = "--enable-tftp";
	args[n++] = a_root;
	args[n++] = a_listen;
	args[n++] = "--bind-interfaces";
	args[n++] = a_pid;
	args[n++] = "--conf-file=/dev/null";
	args[n++] = a_log;
	args[n] = NULL;
	server = server_spawn(args);
	CHECK(server > 0);
	{
		_cleanup_free_ char *log = NULL;

		/* Ready when its log says it serves TFTP (logged after the DNS socket is bound). */
		CHECK(asprintf(&log, "%s/dnsmasq.log", dir) > 0);
		CHECK(server_wait_log(&server, log, "TFTP root is"));
	}
	inet_pton(AF_INET, addr, a.addr);
	memset(&cfg, 0, sizeof(cfg));
	CHECK(dns_config_add(&cfg, &a, dns_port, 0));
}

static void test_resolve(void)
{
	struct dns_addr got[DNS_ADDRS_MAX];
	struct diag_list why = { 0 };
	uint8_t want[4], six[16];
	size_t n = 0;

	inet_pton(AF_INET, addr, want);
	inet_pton(AF_INET6, "fd00::6", six);
	CHECK_EQ(dns_resolve(&cfg, "boot.test", NULL, got, DNS_ADDRS_MAX, &n, &why), 0);
	CHECK(n == 1 && got[0].family == AF_INET && memcmp(got[0].addr, want, 4) == 0);
	/* both families: IPv4 first */
	CHECK_EQ(dns_resolve(&cfg, "BOTH.boot.test", NULL, got, DNS_ADDRS_MAX, &n, &why), 0);
	CHECK_EQ(n, 2);
	CHECK(got[0].family == AF_INET && memcmp(got[0].addr, want, 4) == 0);
	CHECK(got[1].family == AF_INET6 && memcmp(got[1].addr, six, 16) == 0);
	/* two CNAME links */
	CHECK_EQ(dns_resolve(&cfg, "www.boot.test", NULL, got, DNS_ADDRS_MAX, &n, &why), 0);
	CHECK(n == 1 && memcmp(got[0].addr, want, 4) == 0);
	/* truncated over UDP, asked again over TCP: the first DNS_ADDRS_MAX of the 40 */
	CHECK_EQ(dns_resolve(&cfg, "big.test", NULL, got, DNS_ADDRS_MAX, &n, &why), 0);
	CHECK_EQ(n, DNS_ADDRS_MAX);
	CHECK(got[0].family == AF_INET && got[0].addr[0] == 10 && got[0].addr[1] == 77);
	/* NXDOMAIN */
	CHECK_EQ(dns_resolve(&cfg, "nosuch.test", NULL, got, DNS_ADDRS_MAX, &n, &why), -ENOENT);
	CHECK(strstr(why.reason, "no such host") != NULL);
	/* the search domain */
	snprintf(cfg.search, sizeof(cfg.search), "lan.test");
	CHECK_EQ(dns_resolve(&cfg, "short", NULL, got, DNS_ADDRS_MAX, &n, &why), 0);
	CHECK_EQ(n, 1);
	cfg.search[0] = '\0';
	diag_list_done(&why);
}

/* One canned HTTP answer on addr, saying which Host it was asked for. */
struct http_once {
	int fd;
	uint16_t port;
	char host[128];
	pthread_t th;
};

static void *http_once_run(void *arg)
{
	struct http_once *h = arg;
	char req[4096], body[200], resp[400];
	size_t got = 0;
	int c = accept(h->fd, NULL, NULL);
	const char *p;

	if (c < 0)
		return NULL;
	while (got < sizeof(req) - 1) {
		ssize_t r = recv(c, req + got, sizeof(req) - 1 - got, 0);

		if (r <= 0)
			break;
		got += (size_t)r;
		req[got] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	req[got] = '\0';
	p = strstr(req, "\r\nHost: ");
	if (p)
		snprintf(h->host, sizeof(h->host), "%.*s", (int)strcspn(p + 8, "\r"), p + 8);
	snprintf(body, sizeof(body), "served to %s\n", h->host);
	snprintf(resp, sizeof(resp), "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s", strlen(body),
		 body);
	(void)!send(c, resp, strlen(resp), MSG_NOSIGNAL);
	close(c);
	return NULL;
}

static void test_http_by_name(void)
{
	struct http_once h = { 0 };
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t al = sizeof(a);
	const struct fetch_ctx ctx = { .dns = &cfg };
	const struct fetch_ctx none = { 0 };
	_cleanup_free_ char *url = NULL, *text = NULL;
	struct diag_list why = { 0 };
	size_t len = 0;

	inet_pton(AF_INET, addr, &a.sin_addr);
	h.fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(h.fd >= 0);
	CHECK_EQ(bind(h.fd, (struct sockaddr *)&a, sizeof(a)), 0);
	CHECK_EQ(listen(h.fd, 4), 0);
	/* a fetch that never connects must not leave the server thread waiting forever */
	setsockopt(h.fd, SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){ .tv_sec = 20 }, sizeof(struct timeval));
	CHECK_EQ(getsockname(h.fd, (struct sockaddr *)&a, &al), 0);
	h.port = ntohs(a.sin_port);
	CHECK(asprintf(&url, "http://www.boot.test:%u/config", h.port) > 0);
	/* without name servers a name says so, and nothing is asked */
	CHECK_EQ(fetch_text(&none, url, 4096, &text, &len, &why), -EHOSTUNREACH);
	CHECK(strstr(why.reason, "no DNS server known") != NULL);
	CHECK_EQ(pthread_create(&h.th, NULL, http_once_run, &h), 0);
	diag_list_done(&why);
	CHECK_EQ(fetch_text(&ctx, url, 4096, &text, &len, &why), 0);
	pthread_join(h.th, NULL);
	close(h.fd);
	if (why.reason[0])
		fprintf(stderr, "  %s\n", why.reason);
	/* the request names the host as the URL did, not its address */
	CHECK(text && strncmp(text, "served to www.boot.test:", 24) == 0);
	free(text);
	text = NULL;
	/* a name that does not exist: the reason says so, naming the URL */
	free(url);
	CHECK(asprintf(&url, "http://nosuch.test:%u/config", h.port) > 0);
	CHECK_EQ(fetch_text(&ctx, url, 4096, &text, &len, &why), -EHOSTUNREACH);
	CHECK(strstr(why.reason, "nosuch.test") && strstr(why.reason, "no such host"));
	diag_list_done(&why);
}

static void test_tftp_by_name(void)
{
	const struct fetch_ctx ctx = { .dns = &cfg };
	_cleanup_free_ char *text = NULL;
	struct diag_list why = { 0 };
	size_t len = 0;

	CHECK_EQ(fetch_text(&ctx, "tftp://boot.test/small.txt", 4096, &text, &len, &why), 0);
	CHECK(text && strcmp(text, "tftp by name\n") == 0);
	diag_list_done(&why);
}

/*
 * https:// by name: openssl s_server on addr with tests/tls-certs.sh's
 * "wronghost" certificate, made for DNS:other.test and IP:10.9.9.9 only.
 * Both other.test and boot.test resolve to addr: the first is accepted,
 * the second and the address itself are refused, so the certificate is
 * checked against the name the URL gives, never the address it resolved to.
 */
static void test_https_by_name(void)
{
	_cleanup_free_ char *certs = NULL, *kroot = NULL, *cmd = NULL, *url = NULL, *text = NULL, *accept_at = NULL,
			    *cert = NULL, *key = NULL;
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t al = sizeof(a);
	struct diag_list why = { 0 };
	struct fetch_ctx ctx = { .dns = &cfg };
	size_t len = 0;
	unsigned port;
	pid_t tls_server;
	int fd;
	bool up = false;

	CHECK(asprintf(&certs, "%s/certs", dir) > 0 && asprintf(&kroot, "%s/kroot", dir) > 0);
	CHECK(asprintf(&cmd, "sh tests/tls-certs.sh %s && mkdir -p %s/etc/kexboot && cp %s/ca.pem %s/etc/kexboot/ca.pem",
		       certs, kroot, certs, kroot) > 0);
	if (system(cmd) != 0) {
		fprintf(stderr, "  tests/tls-certs.sh failed: install the package openssl (scripts/host-deps.sh)\n");
		CHECK(0);
		return;
	}
	ctx.root = kroot;
	/* a free port on addr */
	inet_pton(AF_INET, addr, &a.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
	CHECK_EQ(getsockname(fd, (struct sockaddr *)&a, &al), 0);
	port = ntohs(a.sin_port);
	close(fd);
	CHECK(asprintf(&accept_at, "%s:%u", addr, port) > 0);
	CHECK(asprintf(&cert, "%s/wronghost.pem", certs) > 0 && asprintf(&key, "%s/wronghost.key", certs) > 0);
	tls_server = server_spawn((char *const[]){ "openssl", "s_server", "-accept", accept_at, "-cert", cert, "-key", key, "-www", NULL });
	CHECK(tls_server > 0);
	for (int i = 0; i < 100 && !up; i++) {
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		up = connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
		close(fd);
		if (!up)
			usleep(50000);
	}
	CHECK(up);
	CHECK(asprintf(&url, "https://other.test:%u/", port) > 0);
	CHECK_EQ(fetch_text(&ctx, url, 1 << 20, &text, &len, &why), 0);
	if (why.reason[0])
		fprintf(stderr, "  %s\n", why.reason);
	/* s_server -www's page: its command line and the session it had */
	CHECK(text && strstr(text, "s_server -accept") != NULL);
	free(url);
	CHECK(asprintf(&url, "https://boot.test:%u/", port) > 0);
	CHECK_EQ(fetch_text(&ctx, url, 1 << 20, &text, &len, &why), -EPERM);
	CHECK(strstr(why.reason, "wrong host: the certificate is not for boot.test") != NULL);
	free(url);
	CHECK(asprintf(&url, "https://%s:%u/", addr, port) > 0);
	CHECK_EQ(fetch_text(&ctx, url, 1 << 20, &text, &len, &why), -EPERM);
	CHECK(strstr(why.reason, "wrong host") != NULL);
	kill(tls_server, SIGTERM);
	waitpid(tls_server, NULL, 0);
	diag_list_done(&why);
}

/* dnsmasq's own log shows what it was asked: only the names above, and it forwarded nothing. */
static void test_server_log(void)
{
	_cleanup_free_ char *log = NULL, *text = NULL;

	CHECK(asprintf(&log, "%s/dnsmasq.log", dir) > 0);
	CHECK_EQ(file_read_at(AT_FDCWD, log, 1 << 20, &text, NULL), 0);
	CHECK(text && strstr(text, "query[A] www.boot.test from") != NULL);
	CHECK(text && strcasestr(text, "query[AAAA] both.boot.test") != NULL);
	CHECK(text && strstr(text, "forwarded") == NULL);
}

static void test_server_stop(void)
{
	char cmd[128];

	if (server > 0) {
		kill(server, SIGTERM);
		waitpid(server, NULL, 0);
		server = -1;
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK_EQ(system(cmd), 0);
}

static const struct test tests[] = {
	TEST(server_start), TEST(resolve), TEST(http_by_name), TEST(tftp_by_name), TEST(https_by_name),
	TEST(server_log), TEST(server_stop),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
