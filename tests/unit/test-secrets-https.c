// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The https source of secrets (boot/secrets/https.c) over the real fetch
 * stage in its secret mode (boot/secrets/https-fetch.c, boot/fetch/ with
 * `secret` set), against nginx on 127.0.0.1 with throwaway certificates
 * made at test time by tests/tls-certs.sh (openssl). kexboot's root prefix
 * is a temp tree holding the test CA as etc/kexboot/ca.pem.
 *
 *   good    TLS with a chain from the test CA; serves /boot/secrets/ and a
 *           redirect from /redir/secrets/net-key to the plain server
 *   rogue   TLS with a chain from a CA kexboot does not trust
 *   plain   http://, serving the same files
 *
 * The secrets' bytes are made in locked memory and written to the served
 * files from there; the test keeps only the memory-scan hook's copy, so
 * the scan of this process after a release must find nothing (the fetch's
 * own buffer and OpenSSL's plaintext wiped too). nginx's access log shows
 * which files were asked for: nothing over plain http. nginx is stopped at
 * exit; nothing listens or connects beyond loopback.
 */
#include "boot/fetch/fetch.h"
#include "boot/secrets/secrets.h"
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

enum { P_GOOD, P_ROGUE, P_PLAIN, P_N };

static char dir[64];
static char root[128]; /* kexboot's root prefix: etc/kexboot/ca.pem */
static char noca[128]; /* a root without a CA bundle */
static pid_t nginx_pid = -1;
static unsigned port[P_N];
static struct secret_set made; /* the served secrets, in locked memory: net-key, plain-key */

static void put(const char *name, const void *data, size_t len)
{
	_cleanup_free_ char *p = NULL;
	_cleanup_close_ int fd = -1;

	CHECK(asprintf(&p, "%s/%s", dir, name) > 0);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(fd_write_all(fd, data, len), 0);
}

static void sh(const char *fmt, const char *a)
{
	_cleanup_free_ char *cmd = NULL;

	CHECK(asprintf(&cmd, fmt, a, a, a, a, a, a) > 0);
	CHECK_EQ(system(cmd), 0);
}

/* A secret of n random bytes made in locked memory (never in a buffer of the test's own). */
static void make_secret(const char *name, size_t n)
{
	_cleanup_close_ int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	struct secret *v = realloc(made.v, (made.n + 1) * sizeof(*made.v));
	struct blob b = BLOB_INIT;

	CHECK(v != NULL && fd >= 0);
	made.v = v;
	CHECK_EQ(blob_new_heap(n, true, name, &b), 0);
	CHECK(read(fd, b.storage, n) == (ssize_t)n);
	made.v[made.n++] = (struct secret){ .name = strdup(name), .source = "test", .bytes = b };
}

static void cleanup(void)
{
	_cleanup_free_ char *cmd = NULL;

	server_stop(&nginx_pid);
	if (dir[0] && asprintf(&cmd, "rm -rf %s", dir) > 0 && system(cmd) != 0)
		fprintf(stderr, "  could not remove %s\n", dir);
	dir[0] = '\0';
	secret_set_done(&made);
}

/* The lines for path in the access log (any status). */
static int requests_count(const char *path)
{
	_cleanup_free_ char *log = NULL, *p = NULL, *needle = NULL;
	size_t len;
	int n = 0;

	CHECK(asprintf(&p, "%s/access.log", dir) > 0);
	CHECK(asprintf(&needle, "\"GET %s HTTP/", path) > 0);
	if (file_read_at(AT_FDCWD, p, 1 << 20, &log, &len) < 0)
		return 0;
	for (const char *s = log; (s = strstr(s, needle)); s++)
		n++;
	return n;
}

/* How many requests for path the access log shows (any status). nginx
 * writes a request's line after it sent the response, so the client can be
 * done before the line is there: wait (up to 5 s) for at least `want` lines,
 * then count them all, so that more than `want` still shows. */
static int requests(const char *path, int want)
{
	int n = requests_count(path);

	for (int i = 0; i < 100 && n < want; i++) {
		usleep(50 * 1000);
		n = requests_count(path);
	}
	return n;
}

static void test_setup(void)
{
	_cleanup_free_ char *conf = NULL;

	if (access("/usr/sbin/nginx", X_OK) != 0) {
		fprintf(stderr, "  /usr/sbin/nginx is missing: install the Debian package nginx-light\n");
		harness_failures++;
		return;
	}
	strcpy(dir, "/tmp/kexboot-secrets-https-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	atexit(cleanup);
	chmod(dir, 0755);
	snprintf(root, sizeof(root), "%s/root", dir);
	snprintf(noca, sizeof(noca), "%s/noca", dir);
	sh("sh tests/tls-certs.sh %s/certs >/dev/null", dir);
	sh("mkdir -p %s/www/boot/secrets %s/tmp %s/root/etc/kexboot %s/noca && cp %s/certs/ca.pem %s/root/etc/kexboot/",
	   dir);
	make_secret("net-key", 45);
	make_secret("plain-key", 33);
	put("www/boot/secrets/net-key", made.v[0].bytes.data, made.v[0].bytes.size);
	put("www/boot/secrets/plain-key", made.v[1].bytes.data, made.v[1].bytes.size);
	{
		/* one byte over the limit */
		_cleanup_free_ char *p = NULL;

		CHECK(asprintf(&p, "%s/www/boot/secrets/big", dir) > 0);
		CHECK(truncate(p, 0) == 0 || errno == ENOENT);
		put("www/boot/secrets/big", "", 0);
		CHECK_EQ(truncate(p, (off_t)SECRET_MAX_SIZE + 1), 0);
	}
	sh("chmod -R a+rX %s/www", dir);
	for (int i = 0; i < P_N; i++) {
		port[i] = server_free_port();
		CHECK(port[i] != 0);
	}
	CHECK(asprintf(&conf,
		       "worker_processes 1;\npid %s/nginx.pid;\nerror_log %s/error.log;\n"
		       "events { worker_connections 64; }\n"
		       "http {\n access_log %s/access.log;\n default_type application/octet-stream;\n"
		       " client_body_temp_path %s/tmp; proxy_temp_path %s/tmp; fastcgi_temp_path %s/tmp;\n"
		       " uwsgi_temp_path %s/tmp; scgi_temp_path %s/tmp;\n root %s/www;\n"
		       " server { listen 127.0.0.1:%u ssl; ssl_certificate %s/certs/good.pem;"
		       " ssl_certificate_key %s/certs/good.key;\n"
		       "  location = /redir/secrets/net-key { return 302 http://127.0.0.1:%u/boot/secrets/plain-key; } }\n"
		       " server { listen 127.0.0.1:%u ssl; ssl_certificate %s/certs/rogue.pem;"
		       " ssl_certificate_key %s/certs/rogue.key; }\n"
		       " server { listen 127.0.0.1:%u; }\n}\n",
		       dir, dir, dir, dir, dir, dir, dir, dir, dir, port[P_GOOD], dir, dir, port[P_PLAIN], port[P_ROGUE],
		       dir, dir, port[P_PLAIN]) > 0);
	put("nginx.conf", conf, strlen(conf));
	nginx_pid = server_nginx_start(dir, (unsigned[]){ port[P_PLAIN], port[P_GOOD] }, 2);
	if (nginx_pid < 0)
		harness_failures++;
}

/* secrets_gather() for an entry from source (a config URL on port p), needing required, with root r. */
static int gather(const char *scheme, unsigned p, const char *cfg, const char *required, const char *r,
		  struct secret_set *set, struct diag_list *why)
{
	static struct fetch_ctx fctx;
	static const struct secrets_fetch fetch = { secrets_fetch_https, &fctx };
	_cleanup_free_ char *url = NULL;
	struct secrets_ctx ctx = { .root = "/nonexistent-kexboot-root", .fetch = &fetch, .required = required };

	fctx = (struct fetch_ctx){ .root = r };
	CHECK(asprintf(&url, "%s://127.0.0.1:%u%s", scheme, p, cfg) > 0);
	ctx.source_url = url;
	diag_list_done(why);
	return secrets_gather(&ctx, set, why);
}

static bool notes_have(const struct diag_list *d, const char *what)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->msgs[i], what))
			return true;
	return false;
}

static void reason_has(const struct diag_list *why, const char *words)
{
	fprintf(stderr, "  refused: %s\n", why->reason);
	if (!strstr(why->reason, words)) {
		fprintf(stderr, "  reason \"%s\" lacks \"%s\"\n", why->reason, words);
		harness_failures++;
	}
}

/* Fetched beside the config over verified https, into a sensitive memfd; nothing left once released. */
static void test_fetched_and_wiped(void)
{
	struct secrets_memscan m = { 0 };
	struct secret_set set;
	struct diag_list why = { 0 };
	bool found[SECRETS_MAX];
	const struct secret *s;

	CHECK_EQ(secrets_memscan_remember(&m, &made), 0);
	CHECK_EQ(m.n, 2);
	/* The test's own copies go: from here on only the hook's needles and what kexboot fetches hold the bytes. */
	secret_set_done(&made);
	CHECK_EQ(secrets_memscan_run(&m, "", found, &why), 0);

	CHECK_EQ(gather("https", port[P_GOOD], "/boot/default", "net-key", root, &set, &why), 0);
	s = secret_set_find(&set, "net-key");
	CHECK(s != NULL);
	if (s) {
		const char *tail = "/boot/secrets/net-key";
		size_t nl = strlen(s->bytes.name);

		CHECK_STREQ(s->source, "https");
		CHECK(s->bytes.sensitive && s->bytes.store == BLOB_MEMFD);
		/* compared with the hook's copy in place: a digest would leave a block of the bytes on the stack */
		CHECK(s->bytes.size == m.v[0].len && !memcmp(s->bytes.data, m.needles + m.v[0].off, m.v[0].len));
		CHECK_EQ(s->bytes.size, 45);
		CHECK(nl > strlen(tail) && !strcmp(s->bytes.name + nl - strlen(tail), tail));
	}
	CHECK_EQ(requests("/boot/secrets/net-key", 1), 1);
	/* The scan sees the set while it is held (so a miss below means something)... */
	CHECK_EQ(secrets_memscan_run(&m, "", found, &why), 1);
	CHECK(found[0] && !found[1]);
	/* ... and nothing of it once released: the transfer's buffer and OpenSSL's plaintext were wiped too. */
	secret_set_done(&set);
	CHECK_EQ(secrets_memscan_run(&m, "", found, &why), 0);
	CHECK(!found[0]);
	/* A failure after a fetch (the second name is not there) wipes what was fetched first. */
	CHECK_EQ(gather("https", port[P_GOOD], "/boot/default", "net-key,nosuch", root, &set, &why), -ENOENT);
	reason_has(&why, "secret 'nosuch': https://127.0.0.1:");
	reason_has(&why, "/boot/secrets/nosuch: 404 Not Found");
	CHECK(set.n == 0);
	CHECK_EQ(requests("/boot/secrets/net-key", 2), 2);
	CHECK_EQ(secrets_memscan_run(&m, "", found, &why), 0);
	CHECK(!found[0]);
	/* it read this process (a scan that read nothing would find nothing too) */
	CHECK(notes_have(&why, "memscan: read ") && !notes_have(&why, "memscan: read 0 bytes"));
	secrets_memscan_done(&m);
	diag_list_done(&why);
}

/* An entry from a plain http config: refused with the reason; the server is never asked. */
static void test_plain_http_refused(void)
{
	struct secret_set set;
	struct diag_list why = { 0 };
	struct fetch_ctx fctx = { .root = root };
	struct blob b;
	_cleanup_free_ char *url = NULL;

	CHECK_EQ(gather("http", port[P_PLAIN], "/boot/default", "plain-key", root, &set, &why), -EPERM);
	reason_has(&why, "secret 'plain-key': not fetched: the entry came from http://127.0.0.1:");
	reason_has(&why, "secrets are fetched over verified https:// only, never http://");
	CHECK(set.n == 0);
	diag_list_done(&why);
	/* The fetch in secret mode refuses any other scheme by itself, too. */
	CHECK(asprintf(&url, "http://127.0.0.1:%u/boot/secrets/plain-key", port[P_PLAIN]) > 0);
	CHECK_EQ(secrets_fetch_https(&fctx, url, SECRET_MAX_SIZE, &b, &why), -EPERM);
	reason_has(&why, "refused: secrets are fetched over verified https:// only");
	CHECK(b.storage == NULL && b.fd < 0);
	CHECK_EQ(secrets_fetch_https(&fctx, "file:///etc/hostname", SECRET_MAX_SIZE, &b, &why), -EPERM);
	CHECK_EQ(secrets_fetch_https(&fctx, "tftp://127.0.0.1/x", SECRET_MAX_SIZE, &b, &why), -EPERM);
	CHECK_EQ(requests("/boot/secrets/plain-key", 0), 0);
	diag_list_done(&why);
}

/* https that redirects to http: the redirect is not followed. */
static void test_redirect_to_http_refused(void)
{
	struct secret_set set;
	struct diag_list why = { 0 };

	CHECK_EQ(gather("https", port[P_GOOD], "/redir/default", "net-key", root, &set, &why), -EPERM);
	reason_has(&why, "secret 'net-key': http://127.0.0.1:");
	reason_has(&why, "/boot/secrets/plain-key: refused (a redirect): secrets are fetched over verified https:// only");
	CHECK_EQ(requests("/redir/secrets/net-key", 1), 1);
	CHECK_EQ(requests("/boot/secrets/plain-key", 0), 0);
	diag_list_done(&why);
}

/* The server's chain is checked against the bundle: an unknown CA, or no bundle, is refused. */
static void test_unverified_refused(void)
{
	struct secret_set set;
	struct diag_list why = { 0 };

	CHECK_EQ(gather("https", port[P_ROGUE], "/boot/default", "net-key", root, &set, &why), -EPERM);
	reason_has(&why, "secret 'net-key': https://127.0.0.1:");
	reason_has(&why, "certificate verify failed: unknown CA");
	diag_list_done(&why);
	CHECK_EQ(gather("https", port[P_GOOD], "/boot/default", "net-key", noca, &set, &why), -ENOKEY);
	reason_has(&why, "no CA bundle to check the server with");
	CHECK(set.n == 0);
	diag_list_done(&why);
}

/* Larger than SECRET_MAX_SIZE: refused before any byte is kept. */
static void test_too_large(void)
{
	struct secret_set set;
	struct diag_list why = { 0 };

	CHECK_EQ(gather("https", port[P_GOOD], "/boot/default", "big", root, &set, &why), -EFBIG);
	reason_has(&why, "secret 'big': https://127.0.0.1:");
	CHECK(set.n == 0);
	diag_list_done(&why);
}

static const struct test tests[] = {
	TEST(setup),
	TEST(plain_http_refused),
	TEST(redirect_to_http_refused),
	TEST(fetched_and_wiped),
	TEST(unverified_refused),
	TEST(too_large),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
