// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/strbuf.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>

static void test_append_and_printf(void)
{
	struct strbuf sb = STRBUF_INIT;

	CHECK_EQ(strbuf_puts(&sb, "abc"), 0);
	CHECK_EQ(strbuf_printf(&sb, "-%d-%s", 42, "x"), 0);
	CHECK_STREQ(sb.buf, "abc-42-x");
	CHECK_EQ(sb.len, 8);
	for (int i = 0; i < 1000; i++)
		CHECK_EQ(strbuf_putc(&sb, 'z'), 0);
	CHECK_EQ(sb.len, 1008);
	strbuf_done(&sb);
}

static void test_json_escape(void)
{
	struct strbuf sb = STRBUF_INIT;
	_cleanup_free_ char *s = NULL;

	CHECK_EQ(strbuf_json_string(&sb, "a\"b\\c\n\x01"), 0);
	s = strbuf_steal(&sb);
	CHECK_STREQ(s, "\"a\\\"b\\\\c\\n\\u0001\"");
	CHECK_EQ(strbuf_json_string(&sb, NULL), 0);
	CHECK_STREQ(sb.buf, "null");
	strbuf_done(&sb);
}

static void test_file_read_limits(void)
{
	char tmpl[] = "/tmp/kexboot-test-XXXXXX";
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	int fd = mkstemp(tmpl);

	CHECK(fd >= 0);
	CHECK_EQ(fd_write_all(fd, "hello world", 11), 0);
	close(fd);
	CHECK_EQ(file_read_at(AT_FDCWD, tmpl, 100, &buf, &len), 0);
	CHECK_STREQ(buf, "hello world");
	CHECK_EQ(len, 11);
	free(TAKE_PTR(buf));
	CHECK_EQ(file_read_at(AT_FDCWD, tmpl, 11, &buf, &len), 0);
	free(TAKE_PTR(buf));
	CHECK_EQ(file_read_at(AT_FDCWD, tmpl, 10, &buf, &len), -EFBIG);
	CHECK(buf == NULL);
	CHECK_EQ(file_read_at(AT_FDCWD, "/nonexistent/x", 10, &buf, &len), -ENOENT);
	unlink(tmpl);
}

static void test_path_join(void)
{
	_cleanup_free_ char *a = path_join("/tmp/root/", "/proc/cmdline");
	_cleanup_free_ char *b = path_join(NULL, "/proc/cmdline");
	_cleanup_free_ char *c = path_join("", "sys");

	CHECK_STREQ(a, "/tmp/root/proc/cmdline");
	CHECK_STREQ(b, "/proc/cmdline");
	CHECK_STREQ(c, "/sys");
}

static const struct test tests[] = {
	TEST(append_and_printf),
	TEST(json_escape),
	TEST(file_read_limits),
	TEST(path_join),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
