// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A GRUB config over a URL read through the real fetch stage (fetch_text,
 * boot/fetch/http.c) from two nginx servers on 127.0.0.1 (two ports, one
 * process, a private config and roots in a temp dir): test -f/-s probes,
 * source after a probe, configfile on the other server, $root set to it.
 * nginx's access log shows what each probe cost: the probed file read once
 * for the probe and the source together, the 404 once, and the large file's
 * transfer ended on its Content-Length (one request, far fewer body bytes
 * than its size). Nothing listens or connects anywhere but loopback.
 */
#include "boot/grub/grub.h"
#include "boot/fetch/fetch.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "tests/unit/harness.h"
#include "tests/unit/server-util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define BIG_SIZE (64ull << 20) /* a sparse file: what a whole read would have cost */

static char dir[64];
static pid_t nginx_pid = -1;
static unsigned port_a, port_b;

static void cleanup(void)
{
	_cleanup_free_ char *cmd = NULL;

	server_stop(&nginx_pid);
	if (dir[0] && asprintf(&cmd, "rm -rf %s", dir) > 0 && system(cmd) != 0)
		fprintf(stderr, "  could not remove %s\n", dir);
	dir[0] = '\0';
}

static void put(const char *name, const char *text)
{
	_cleanup_free_ char *p = NULL;
	int fd;

	CHECK(asprintf(&p, "%s/%s", dir, name) > 0);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(fd_write_all(fd, text, strlen(text)), 0);
	close(fd);
}

__attribute__((format(printf, 1, 2))) static void sh(const char *fmt, ...)
{
	_cleanup_free_ char *cmd = NULL;
	va_list ap;

	va_start(ap, fmt);
	CHECK(vasprintf(&cmd, fmt, ap) > 0);
	va_end(ap);
	CHECK_EQ(system(cmd), 0);
}

/* The access log's lines for "GET path" on port p: how many, and the body bytes of the last. */
static int requests(unsigned p, const char *path, unsigned long long *ret_bytes)
{
	_cleanup_free_ char *log = NULL, *logp = NULL, *needle = NULL;
	int n = 0;

	CHECK(asprintf(&logp, "%s/access.log", dir) > 0);
	CHECK(asprintf(&needle, "%u \"GET %s HTTP/", p, path) > 0);
	if (file_read_at(AT_FDCWD, logp, 1 << 20, &log, NULL) < 0)
		return 0;
	for (const char *s = log; (s = strstr(s, needle)); s++) {
		const char *q = strstr(s, "\" ");
		unsigned status;

		n++;
		if (q && ret_bytes && sscanf(q + 2, "%u %llu", &status, ret_bytes) != 2)
			*ret_bytes = ~0ull;
	}
	return n;
}

static void test_setup(void)
{
	_cleanup_free_ char *conf = NULL, *cfg = NULL, *big = NULL;

	if (access("/usr/sbin/nginx", X_OK) != 0) {
		fprintf(stderr, "  /usr/sbin/nginx is missing: install the Debian package nginx-light\n");
		harness_failures++;
		return;
	}
	strcpy(dir, "/tmp/kexboot-grub-nginx-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	atexit(cleanup);
	chmod(dir, 0755);
	port_a = server_free_port();
	port_b = server_free_port();
	CHECK(port_a != 0 && port_b != 0 && port_a != port_b);
	sh("mkdir -p %s/a/boot/grub %s/a/images %s/b/grub %s/tmp", dir, dir, dir, dir);
	CHECK(asprintf(&cfg,
		       "set timeout=2\n"
		       "if [ -f (http)/boot/grub/custom.cfg ]; then\n"
		       "  source (http)/boot/grub/custom.cfg\n"
		       "fi\n"
		       "if [ -f $prefix/missing.cfg ]; then set missing=yes; export missing; fi\n"
		       "if [ -s (http)/images/big.img ]; then set big=yes; export big; fi\n"
		       "configfile (http,127.0.0.1:%u)/grub/menu.cfg\n",
		       port_b) > 0);
	put("a/boot/grub/grub.cfg", cfg);
	put("a/boot/grub/custom.cfg", "set custom=yes\nexport custom\n");
	{
		_cleanup_free_ char *menu = NULL;

		CHECK(asprintf(&menu,
			       "set timeout=1\n"
			       "set root=(http,127.0.0.1:%u)\n"
			       "menuentry \"custom=$custom big=$big missing=$missing\" {\n"
			       "  linux /vmlinuz console=ttyS0\n"
			       "  initrd /initrd.img\n"
			       "}\n",
			       port_b) > 0);
		put("b/grub/menu.cfg", menu);
	}
	CHECK(asprintf(&big, "%s/a/images/big.img", dir) > 0);
	put("a/images/big.img", "");
	CHECK_EQ(truncate(big, (off_t)BIG_SIZE), 0);
	sh("chmod -R a+rX %s/a %s/b", dir, dir);
	CHECK(asprintf(&conf,
		       "worker_processes 1;\npid %s/nginx.pid;\nerror_log %s/error.log;\n"
		       "events { worker_connections 64; }\n"
		       "http {\n log_format port '$server_port \"$request\" $status $body_bytes_sent';\n"
		       " access_log %s/access.log port;\n default_type application/octet-stream;\n"
		       " client_body_temp_path %s/tmp; proxy_temp_path %s/tmp; fastcgi_temp_path %s/tmp;\n"
		       " uwsgi_temp_path %s/tmp; scgi_temp_path %s/tmp;\n"
		       " server { listen 127.0.0.1:%u; root %s/a; }\n"
		       " server { listen 127.0.0.1:%u; root %s/b; }\n}\n",
		       dir, dir, dir, dir, dir, dir, dir, dir, port_a, dir, port_b, dir) > 0);
	put("nginx.conf", conf);
	nginx_pid = server_nginx_start(dir, (unsigned[]){ port_a, port_b }, 2);
	if (nginx_pid < 0)
		harness_failures++;
}

static void test_probes_and_configfile(void)
{
	_cleanup_free_ char *base = NULL, *cfg = NULL, *title = NULL, *kernel = NULL, *initrd = NULL, *logp = NULL;
	static const struct fetch_ctx fctx = { 0 };
	const struct boot_entry *e;
	unsigned long long bytes = ~0ull;
	struct boot_set set;
	struct diag_list d;
	struct source_ctx ctx;

	if (nginx_pid <= 0)
		return;
	CHECK(asprintf(&base, "http://127.0.0.1:%u/boot/grub/", port_a) > 0);
	CHECK(asprintf(&cfg, "%sgrub.cfg", base) > 0);
	ctx = source_url(base, &fctx, fetch_text);
	boot_set_init(&set);
	diag_list_init(&d);
	CHECK_EQ(grub_parse_url(&ctx, cfg, &set, &d), 0);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "  diag: %s\n", d.msgs[i]);
	CHECK_EQ(d.n, 0);
	CHECK_EQ(set.n_entries, 1);
	e = set.n_entries ? set.entries[0] : NULL;
	/* the probes' answers, exported into the configfile's context */
	CHECK(e && strcmp(e->title, "custom=yes big=yes missing=") == 0);
	CHECK(asprintf(&kernel, "http://127.0.0.1:%u/vmlinuz", port_b) > 0);
	CHECK(asprintf(&initrd, "http://127.0.0.1:%u/initrd.img", port_b) > 0);
	CHECK(e && e->kernel.url && strcmp(e->kernel.url, kernel) == 0);
	CHECK(e && e->n_initrds == 1 && strcmp(e->initrds[0].url, initrd) == 0);
	CHECK_EQ(set.timeout, 1);
	boot_set_done(&set);
	diag_list_done(&d);

	/* nginx writes a request's line after the response: the last one asked for first */
	CHECK(asprintf(&logp, "%s/access.log", dir) > 0);
	CHECK(server_wait_log(&nginx_pid, logp, "GET /grub/menu.cfg "));
	CHECK(server_wait_log(&nginx_pid, logp, "GET /images/big.img "));
	CHECK_EQ(requests(port_a, "/boot/grub/grub.cfg", NULL), 1);
	CHECK_EQ(requests(port_a, "/boot/grub/custom.cfg", NULL), 1); /* the probe's text is what source read */
	CHECK_EQ(requests(port_a, "/boot/grub/missing.cfg", NULL), 1);
	CHECK_EQ(requests(port_a, "/images/big.img", &bytes), 1);
	CHECK_EQ(requests(port_b, "/grub/menu.cfg", NULL), 1);
	fprintf(stderr, "  test -s of a %llu-byte file: nginx sent %llu body bytes before the client closed\n",
		(unsigned long long)BIG_SIZE, bytes);
	CHECK(bytes < BIG_SIZE / 4);
}

static const struct test tests[] = {
	TEST(setup),
	TEST(probes_and_configfile),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
