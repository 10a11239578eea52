// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexboot fetch (boot/fetch/cli.c): the line it prints for a file:// URL
 * (bytes and SHA-256 of what it read, the peak memory fields), its usage
 * errors, and a failure's reason. Runs the command in a child with stdout
 * on a pipe.
 */
#include "init/commands.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/sha256.h"
#include "tests/unit/harness.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs cmd_fetch(argv) in a child; its stdout into out (NUL-terminated), its exit status returned. */
static int run(char **argv, int argc, char *out, size_t cap)
{
	int p[2], status = -1;
	size_t have = 0;
	pid_t pid;

	if (pipe(p) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		int r = cmd_fetch(argc, argv);

		fflush(stdout); /* main() would, by returning */
		_exit(r);
	}
	close(p[1]);
	for (ssize_t n; have + 1 < cap && (n = read(p[0], out + have, cap - 1 - have)) > 0;)
		have += (size_t)n;
	out[have] = '\0';
	close(p[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_file_url(void)
{
	char path[] = "/tmp/kexboot-fetch-cli-XXXXXX", out[1024], hex[65], want[128];
	_cleanup_free_ char *url = NULL;
	uint8_t data[5000], digest[32];
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	CHECK_EQ(fd_write_all(fd, data, sizeof(data)), 0);
	close(fd);
	sha256_digest(data, sizeof(data), digest);
	sha256_hex(digest, hex);
	CHECK(asprintf(&url, "file://%s", path) > 0);
	CHECK_EQ(run((char *[]){ "fetch", url, NULL }, 2, out, sizeof(out)), 0);
	snprintf(want, sizeof(want), "kexboot-fetch url=%s bytes=5000 ", url);
	CHECK(strncmp(out, want, strlen(want)) == 0);
	snprintf(want, sizeof(want), " sha256=%s\n", hex);
	CHECK(strstr(out, want) != NULL);
	CHECK(strstr(out, " hwm_kib=") && strstr(out, " start_hwm_kib=") && strstr(out, " seconds="));
	CHECK(strstr(out, " user_s=") && strstr(out, " sys_s="));
	CHECK(strstr(out, " minflt=") && strstr(out, " nvcsw=") && strstr(out, " nivcsw="));
	unlink(path);
	/* gone: exit 1, nothing on stdout */
	CHECK_EQ(run((char *[]){ "fetch", url, NULL }, 2, out, sizeof(out)), 1);
	CHECK_STREQ(out, "");
}

static void test_usage(void)
{
	char out[1024];

	CHECK_EQ(run((char *[]){ "fetch", NULL }, 1, out, sizeof(out)), 2);
	CHECK_EQ(run((char *[]){ "fetch", "a", "b", NULL }, 3, out, sizeof(out)), 2);
	CHECK_EQ(run((char *[]){ "fetch", "--help", NULL }, 2, out, sizeof(out)), 0);
	CHECK(strstr(out, "usage: kexboot fetch") == out);
}

static const struct test tests[] = {
	TEST(file_url),
	TEST(usage),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
