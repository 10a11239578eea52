// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The tftp:// back end (boot/fetch/tftp.c) against a real server: dnsmasq
 * (Debian package dnsmasq-base) started here as a TFTP-only server on a
 * loopback address of its own, stopped at the end. Nothing leaves the
 * machine: every URL names that loopback address.
 *
 * dnsmasq's TFTP port is always 69; each run takes its own address in
 * 127.0.0.0/8 (from its pid) so parallel runs do not collide.
 */
#include "boot/fetch/fetch.h"
#include "boot/fetch/tftp.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "tests/unit/server-util.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BIG_SIZE (65536u * 512 + 1000) /* past 65535 blocks of 512: the block number rolls over */
#define MID_SIZE (5u << 20)

static char dir[64], root[80], addr[20];
static pid_t server = -1;
static const struct fetch_ctx ctx = { NULL };

static void put(const char *name, size_t size, uint32_t seed)
{
	_cleanup_free_ char *p = NULL;
	_cleanup_free_ uint8_t *buf = malloc(size ? size : 1);
	int fd;

	CHECK(buf != NULL);
	/* xorshift: incompressible, and the same bytes on every run */
	for (size_t i = 0; i < size; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		buf[i] = (uint8_t)seed;
	}
	CHECK(asprintf(&p, "%s/%s", root, name) > 0);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(fd_write_all(fd, buf, size), 0);
	/* dnsmasq running as root serves world-readable files only */
	CHECK_EQ(fchmod(fd, 0644), 0);
	close(fd);
}

static char *url_of(const char *path)
{
	char *u = NULL;

	CHECK(asprintf(&u, "tftp://%s/%s", addr, path) > 0);
	return u;
}

static void test_server_start(void)
{
	const char *bin = server_dnsmasq_path();
	char *args[16];
	char a_root[128], a_listen[64], a_pid[128], a_log[128];
	int n = 0;

	if (!bin) {
		fprintf(stderr, "  dnsmasq not found: install the package dnsmasq-base (scripts/host-deps.sh)\n");
		CHECK(bin != NULL);
		return;
	}
	snprintf(addr, sizeof(addr), "127.77.%u.%u", (unsigned)(getpid() >> 8) & 0xff, 1 + (unsigned)getpid() % 254);
	strcpy(dir, "/tmp/kexboot-tftp-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	snprintf(root, sizeof(root), "%s/root", dir);
	CHECK_EQ(chmod(dir, 0755), 0);
	CHECK_EQ(mkdir(root, 0755), 0);
	put("small.txt", 6, 1);
	put("mid.bin", MID_SIZE, 2);
	put("big.bin", BIG_SIZE, 3);
	put("empty", 0, 4);
	snprintf(a_root, sizeof(a_root), "--tftp-root=%s", root);
	snprintf(a_listen, sizeof(a_listen), "--listen-address=%s", addr);
	snprintf(a_pid, sizeof(a_pid), "--pid-file=%s/dnsmasq.pid", dir);
	snprintf(a_log, sizeof(a_log), "--log-facility=%s/dnsmasq.log", dir);
	args[n++] = (char *)bin;
	args[n++] = "--no-daemon";
	args[n++] = "--port=0"; /* no DNS */
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

		/* Ready when its log says it serves TFTP (where its root is). */
		CHECK(asprintf(&log, "%s/dnsmasq.log", dir) > 0);
		CHECK(server_wait_log(&server, log, "TFTP root is"));
	}
}

static void test_small_file(void)
{
	_cleanup_free_ char *url = url_of("small.txt");
	_cleanup_free_ char *text = NULL;
	struct boot_ref ref = { .url = url };
	struct diag_list why = { 0 };
	struct blob b;
	size_t len = 0;

	CHECK_EQ(fetch_ref(&ctx, &ref, 1 << 20, &b, &why), 0);
	CHECK_EQ(b.store, BLOB_HEAP);
	CHECK_EQ(b.size, 6);
	CHECK_STREQ(b.name, url);
	blob_release(&b);
	/* Through fetch_text too, as a network source reads a config; the bytes are put()'s seed 1. */
	CHECK_EQ(fetch_text(&ctx, url, 100, &text, &len, &why), 0);
	CHECK_EQ(len, 6);
	CHECK(text && text[6] == '\0' && (uint8_t)text[0] == 0x21);
	free(url);
	url = url_of("empty");
	ref.url = url;
	CHECK_EQ(fetch_ref(&ctx, &ref, 1 << 20, &b, &why), 0);
	CHECK_EQ(b.size, 0);
	blob_release(&b);
}

/* Fetches path with cfg and compares its SHA-256 with the served file's. */
static void fetch_compare(const char *path, const struct tftp_config *cfg)
{
	_cleanup_free_ char *url = url_of(path);
	_cleanup_free_ char *file = NULL;
	struct diag_list why = { 0 };
	struct blob got, want;
	struct timespec t0, t1;

	CHECK(asprintf(&file, "%s/%s", root, path) > 0);
	CHECK_EQ(blob_map_path(file, UINT64_MAX, &want, &why), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_EQ(tftp_fetch(url, url, 64u << 20, cfg, &got, &why), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (why.reason[0])
		fprintf(stderr, "  %s\n", why.reason);
	fprintf(stderr, "  %s: %zu bytes, blksize %u%s%s, %.2f s\n", path, got.size, cfg->blksize,
		cfg->options ? "" : " (no options)", cfg->ask_tsize ? "" : " (no tsize)",
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	CHECK_EQ(got.store, BLOB_HEAP);
	CHECK_EQ(got.size, want.size);
	CHECK_EQ(got.storage_len, want.size);
	blob_sha256(&got);
	blob_sha256(&want);
	CHECK(memcmp(got.sha256, want.sha256, 32) == 0);
	blob_release(&got);
	blob_release(&want);
}

static void test_mid_file(void)
{
	struct tftp_config cfg;

	tftp_config_default(&cfg);
	fetch_compare("mid.bin", &cfg);
	/* No tsize: the body grows as blocks come. */
	cfg.ask_tsize = false;
	fetch_compare("mid.bin", &cfg);
	/* A plain RFC 1350 request: DATA 1 with no OACK, 512-byte blocks. */
	cfg.options = false;
	fetch_compare("mid.bin", &cfg);
}

static void test_rollover(void)
{
	struct tftp_config cfg;

	tftp_config_default(&cfg);
	cfg.blksize = 512;
	fetch_compare("big.bin", &cfg);
}

static void test_missing_file(void)
{
	_cleanup_free_ char *url = url_of("nope/gone");
	_cleanup_free_ char *want = NULL;
	struct boot_ref ref = { .url = url };
	struct diag_list why = { 0 };
	struct blob b;

	CHECK(asprintf(&want, "%s: File not found", url) > 0);
	CHECK_EQ(fetch_ref(&ctx, &ref, 1 << 20, &b, &why), -ENOENT);
	CHECK_STREQ(why.reason, want);
	CHECK_EQ(b.store, BLOB_EMPTY);
}

static void test_over_max(void)
{
	_cleanup_free_ char *url = url_of("mid.bin");
	_cleanup_free_ char *log = NULL, *text = NULL, *want = NULL;
	struct diag_list why = { 0 };
	struct tftp_config cfg;
	struct blob b;

	tftp_config_default(&cfg);
	CHECK(asprintf(&want, "%s: %u bytes, over the limit of %u", url, MID_SIZE, 1u << 20) > 0);
	CHECK_EQ(tftp_fetch(url, url, 1 << 20, &cfg, &b, &why), -EFBIG);
	CHECK_STREQ(why.reason, want);
	CHECK_EQ(b.store, BLOB_EMPTY);
	/* Refused on the OACK: the server heard why. */
	CHECK(asprintf(&log, "%s/dnsmasq.log", dir) > 0);
	usleep(100000);
	CHECK_EQ(file_read_at(AT_FDCWD, log, 1 << 20, &text, NULL), 0);
	CHECK(text && strstr(text, "File too large") != NULL);
	/* Without tsize it is found out on the way. */
	cfg.ask_tsize = false;
	CHECK_EQ(tftp_fetch(url, url, 1 << 20, &cfg, &b, &why), -EFBIG);
	CHECK(strstr(why.reason, "larger than the limit of 1048576 bytes") != NULL);
	CHECK_EQ(b.store, BLOB_EMPTY);
}

/* No limit from the caller (UINT64_MAX): the body's room and growth must not wrap, with tsize and without. */
static void test_no_limit(void)
{
	_cleanup_free_ char *url = url_of("mid.bin");
	struct diag_list why = { 0 };
	struct tftp_config cfg;
	struct blob b;

	tftp_config_default(&cfg);
	CHECK_EQ(tftp_fetch(url, url, UINT64_MAX, &cfg, &b, &why), 0);
	CHECK_EQ(b.store, BLOB_HEAP);
	CHECK_EQ(b.size, MID_SIZE);
	blob_release(&b);
	cfg.ask_tsize = false;
	CHECK_EQ(tftp_fetch(url, url, UINT64_MAX, &cfg, &b, &why), 0);
	CHECK_EQ(b.size, MID_SIZE);
	blob_release(&b);
}

static double since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* 512-byte blocks, and a bound of 0.6 s (200 ms, 2 retries) a silent server is given. */
static void short_bound(struct tftp_config *cfg)
{
	tftp_config_default(cfg);
	cfg->blksize = 512;
	cfg->timeout_ms = 200;
	cfg->retries = 2;
}

static void test_server_stops(void)
{
	_cleanup_free_ char *url = url_of("big.bin");
	_cleanup_free_ char *silent = NULL;
	struct diag_list why = { 0 };
	struct tftp_config cfg;
	struct timespec t0;
	struct blob b;
	pid_t stopper;

	if (server <= 0)
		return;
	short_bound(&cfg);
	/* Stopped 150 ms into a transfer of several seconds. */
	stopper = fork();
	CHECK(stopper >= 0);
	if (stopper == 0) {
		usleep(150000);
		kill(server, SIGSTOP);
		_exit(0);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_EQ(tftp_fetch(url, url, 64u << 20, &cfg, &b, &why), -ETIMEDOUT);
	/* The bound itself is in the reason below; the clock only catches a hang. */
	CHECK(since(&t0) < 30);
	waitpid(stopper, NULL, 0);
	kill(server, SIGCONT);
	CHECK(strstr(why.reason, ": no answer in 0.6 s") != NULL);
	CHECK_EQ(b.store, BLOB_EMPTY);
	/* A port nobody answers on. */
	CHECK(asprintf(&silent, "tftp://%s:9/x", addr) > 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_EQ(tftp_fetch(silent, silent, 1 << 20, &cfg, &b, &why), -ETIMEDOUT);
	CHECK(strstr(why.reason, ": no answer in 0.6 s") != NULL);
	CHECK(since(&t0) < 30);
}

static void test_url_refused(void)
{
	static const char *const urls[] = { "tftp://boot..example/x", "tftp://127.0.0.1/", "tftp://127.0.0.1",
					    "tftp://127.0.0.1:0/x", "tftp://127.0.0.1:65536/x", "tftp://[::1/x",
					    "tftp://127.0.0.1/a%zz", "tftp://127.0.0.1/a%00b", "tftp://:69/x",
					    "tftp://127.0.0.1: 69/x", "tftp://127.0.0.1:-1/x", "tftp://127.0.0.1:/x",
					    "tftp://[fe80::1%25eth0]/x", "tftp:/", "tftp://127.0.0.1/a%4" };
	struct diag_list why = { 0 };
	struct tftp_config cfg;
	struct blob b;

	tftp_config_default(&cfg);
	/* Refused before any socket: no packet goes anywhere. */
	for (size_t i = 0; i < ARRAY_SIZE(urls); i++) {
		int r = tftp_fetch(urls[i], urls[i], 1 << 20, &cfg, &b, &why);

		if (r != -EINVAL)
			fprintf(stderr, "  %s: %d %s\n", urls[i], r, why.reason);
		CHECK_EQ(r, -EINVAL);
		CHECK(strncmp(why.reason, urls[i], strlen(urls[i])) == 0);
	}
	/* a host name and no name server to ask: said so, nothing sent */
	CHECK_EQ(tftp_fetch("tftp://boot.example/x", "tftp://boot.example/x", 1 << 20, &cfg, &b, &why), -EHOSTUNREACH);
	CHECK(strstr(why.reason, "tftp://boot.example/x: cannot look up \"boot.example\": no DNS server known") ==
	      why.reason);
	cfg.blksize = 4;
	CHECK_EQ(tftp_fetch("tftp://127.0.0.1/x", "x", 1, &cfg, &b, &why), -EINVAL);
	tftp_config_default(&cfg);
	cfg.timeout_ms = 0;
	CHECK_EQ(tftp_fetch("tftp://127.0.0.1/x", "x", 1, &cfg, &b, &why), -EINVAL);
	tftp_config_default(&cfg);
	cfg.windowsize = TFTP_WINDOW_MAX + 1;
	CHECK_EQ(tftp_fetch("tftp://127.0.0.1/x", "x", 1, &cfg, &b, &why), -EINVAL);
	CHECK_STREQ(why.reason, "x: TFTP window, timeout or retries out of range");
}

/*
 * A scripted server of our own for what dnsmasq never does: windows
 * (RFC 7440), a lost block, duplicated windows, a stranger's packet, and
 * options ignored. A child process on 127.0.0.1; its exit status is 0
 * when the client behaved.
 */
enum fake_script { FAKE_WINDOWS, FAKE_LOSS, FAKE_DUPS, FAKE_STRANGER, FAKE_IGNORE, FAKE_DIES };

#define FAKE_BLOCKS 20
#define FAKE_SIZE (FAKE_BLOCKS * 512 + 100)

static uint8_t fake_byte(size_t i)
{
	return (uint8_t)(i * 7 + (i >> 9));
}

static void fake_send_block(int fd, const struct sockaddr_in *to, uint64_t b)
{
	uint8_t pkt[4 + 512];
	size_t off = (b - 1) * 512, n = off + 512 <= FAKE_SIZE ? 512 : FAKE_SIZE - off;

	pkt[0] = 0;
	pkt[1] = TFTP_DATA;
	pkt[2] = (uint8_t)(b >> 8);
	pkt[3] = (uint8_t)b;
	for (size_t i = 0; i < n; i++)
		pkt[4 + i] = fake_byte(off + i);
	sendto(fd, pkt, 4 + n, 0, (const struct sockaddr *)to, sizeof(*to));
}

/* The child: one request on lfd, the transfer from a new port; bounded in packets and time. */
static int fake_serve(int lfd, enum fake_script script)
{
	const uint64_t last = FAKE_BLOCKS + 1;
	unsigned window = script == FAKE_IGNORE ? 1 : 4;
	struct sockaddr_in client, any = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t clen = sizeof(client);
	struct timeval tv = { .tv_sec = 2 };
	uint8_t buf[1024];
	uint64_t base = 0;
	bool dropped = false, strange = false;
	int fd, sfd;
	ssize_t n;

	setsockopt(lfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	n = recvfrom(lfd, buf, sizeof(buf), 0, (struct sockaddr *)&client, &clen);
	if (n < 2 || buf[1] != TFTP_RRQ)
		return 10;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	sfd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || sfd < 0 || bind(fd, (struct sockaddr *)&any, sizeof(any)) < 0 ||
	    bind(sfd, (struct sockaddr *)&any, sizeof(any)) < 0)
		return 11;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(sfd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (script != FAKE_IGNORE) {
		static const char oack[] = "\0\6blksize\0" "512\0tsize\0" "10340\0windowsize\0" "4";
		struct tftp_packet p;

		sendto(fd, oack, sizeof(oack), 0, (struct sockaddr *)&client, clen);
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0 || tftp_packet_parse(buf, (size_t)n, &p) < 0 || p.op != TFTP_ACK || p.block != 0)
			return 12;
	}
	for (int rounds = 0; rounds < 100; rounds++) {
		struct tftp_packet p;

		for (uint64_t b = base + 1; b <= base + window && b <= last; b++) {
			if (script == FAKE_LOSS && b == 2 && !dropped) {
				dropped = true;
				continue;
			}
			if (script == FAKE_STRANGER && !strange) {
				/* The same client, a DATA from another port: it must answer "Unknown transfer ID". */
				strange = true;
				fake_send_block(sfd, &client, b);
				n = recv(sfd, buf, sizeof(buf), 0);
				if (n < 0 || tftp_packet_parse(buf, (size_t)n, &p) < 0 || p.op != TFTP_ERROR ||
				    p.error_code != TFTP_EBADID)
					return 13;
			}
			fake_send_block(fd, &client, b);
			if (script == FAKE_DUPS)
				fake_send_block(fd, &client, b);
		}
		/* The client's ACK; with duplicates it may say the same twice. */
		do {
			n = recv(fd, buf, sizeof(buf), 0);
			if (n < 0 || tftp_packet_parse(buf, (size_t)n, &p) < 0 || p.op != TFTP_ACK)
				return 14;
		} while (p.block == base && script == FAKE_DUPS && base);
		if (p.block == last)
			return script == FAKE_LOSS && !dropped ? 15 : 0;
		/* The server process ends halfway: its sockets go, the client's next ACK finds a closed port. */
		if (script == FAKE_DIES && p.block >= 8)
			return 0;
		if (p.block < base || p.block > last)
			return 16;
		base = p.block;
	}
	return 17;
}

/* The fake server for one transfer under script, on a free port of 127.0.0.1: its pid; url[64] names its file. */
static pid_t fake_start(enum fake_script script, char url[64])
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	int lfd;
	pid_t pid;

	lfd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	CHECK(lfd >= 0);
	CHECK_EQ(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	CHECK_EQ(getsockname(lfd, (struct sockaddr *)&sa, &len), 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		_exit(fake_serve(lfd, script));
	}
	close(lfd);
	snprintf(url, 64, "tftp://127.0.0.1:%u/f", ntohs(sa.sin_port));
	return pid;
}

static void fake_run(enum fake_script script, unsigned blksize)
{
	struct diag_list why = { 0 };
	struct tftp_config cfg;
	char url[64];
	struct timespec t0;
	struct blob b;
	int status = -1;
	pid_t pid;

	pid = fake_start(script, url);
	tftp_config_default(&cfg);
	cfg.blksize = blksize;
	/* Every script recovers without waiting out a timeout: the fake server
	 * never retransmits on its own and gives up after 2 s of silence
	 * (SO_RCVTIMEO), so a client that waited out its 3 s timeout finds it
	 * gone and fails; no wall-time check (a loaded host is slow, not wrong). */
	cfg.timeout_ms = 3000;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_EQ(tftp_fetch(url, url, 1 << 20, &cfg, &b, &why), 0);
	fprintf(stderr, "  script %d: %.3f s %s\n", script, since(&t0), why.reason);
	CHECK_EQ(b.size, FAKE_SIZE);
	for (size_t i = 0; i < b.size; i++)
		if (((const uint8_t *)b.data)[i] != fake_byte(i)) {
			CHECK_EQ(i, b.size);
			break;
		}
	blob_release(&b);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 0);
}

static void test_fake_windows(void)
{
	fake_run(FAKE_WINDOWS, 1468);
	fake_run(FAKE_LOSS, 1468);
	fake_run(FAKE_DUPS, 1468);
	fake_run(FAKE_STRANGER, 1468);
	/* Options asked for, none granted: DATA 1 at once, 512 bytes a block, one per ACK. */
	fake_run(FAKE_IGNORE, 1468);
}

/*
 * The server process dies mid-transfer (a TFTP server killed): the client
 * waits out its bound and says the server's host answered "port
 * unreachable", with how far the transfer got.
 */
static void test_fake_dies(void)
{
	struct diag_list why = { 0 };
	struct tftp_config cfg;
	char url[64], want[256];
	struct timespec t0;
	struct blob b;
	int status = -1;
	pid_t pid;

	pid = fake_start(FAKE_DIES, url);
	short_bound(&cfg);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_EQ(tftp_fetch(url, url, 1 << 20, &cfg, &b, &why), -ETIMEDOUT);
	CHECK(since(&t0) < 30);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* Blocks 1..8 arrived (two windows of 4) before the server went. */
	snprintf(want, sizeof(want),
		 "%s: no answer in 0.6 s; the TFTP server is gone (its host answers port unreachable) after 4096 bytes",
		 url);
	CHECK_STREQ(why.reason, want);
	CHECK_EQ(b.store, BLOB_EMPTY);
}

static void test_server_stop(void)
{
	_cleanup_free_ char *cmd = NULL;
	int status = 0;

	if (server > 0) {
		kill(server, SIGCONT);
		kill(server, SIGTERM);
		for (int i = 0; i < 40 && waitpid(server, &status, WNOHANG) == 0; i++)
			usleep(50000);
		if (waitpid(server, &status, WNOHANG) == 0) {
			kill(server, SIGKILL);
			waitpid(server, &status, 0);
		}
		server = -1;
	}
	if (dir[0]) {
		CHECK(asprintf(&cmd, "rm -rf %s", dir) > 0);
		CHECK_EQ(system(cmd), 0);
	}
}

static const struct test tests[] = {
	TEST(server_start), TEST(small_file),   TEST(mid_file),	   TEST(rollover),    TEST(missing_file),
	TEST(over_max),	    TEST(server_stops), TEST(url_refused), TEST(fake_windows), TEST(fake_dies),
	TEST(no_limit),	    TEST(server_stop),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
