// SPDX-License-Identifier: GPL-2.0-or-later
#include "init/console.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "tests/unit/harness.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

static void test_names(void)
{
	char *names[CONSOLES_MAX];
	int n = console_names_parse("root=/dev/vda console=tty0 console=ttyS0,115200n8 console=null "
				    "console=uart,io,0x3f8 console=ttyS0 console=hvc0",
				    names, CONSOLES_MAX);

	CHECK_EQ(n, 3);
	if (n == 3) {
		CHECK_STREQ(names[0], "tty0");
		CHECK_STREQ(names[1], "ttyS0");
		CHECK_STREQ(names[2], "hvc0");
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	CHECK_EQ(console_names_parse("quiet", names, CONSOLES_MAX), 0);
}

/* Consoles open relative to a root prefix; plain files stand in for ttys. */
static void test_open_write_read(void)
{
	char root[] = "/tmp/kexboot-console-XXXXXX";
	_cleanup_free_ char *dev = NULL, *a = NULL, *b = NULL, *cmd = NULL;
	_cleanup_free_ char *got = NULL;
	struct consoles c;
	int fd;

	CHECK(mkdtemp(root) != NULL);
	CHECK(asprintf(&dev, "%s/dev", root) > 0);
	CHECK_EQ(mkdir(dev, 0755), 0);
	CHECK(asprintf(&a, "%s/dev/ttyS0", root) > 0);
	CHECK(asprintf(&b, "%s/dev/tty0", root) > 0);
	fd = open(a, O_CREAT | O_WRONLY, 0600);
	close(fd);
	fd = open(b, O_CREAT | O_WRONLY, 0600);
	close(fd);
	CHECK_EQ(consoles_open(&c, root, "console=ttyS0,115200 console=tty0 console=ttyS9"), 2);
	consoles_printf(&c, "hello %d\n", 1);
	consoles_close(&c);
	CHECK_EQ(file_read_at(AT_FDCWD, a, 100, &got, NULL), 0);
	CHECK_STREQ(got, "hello 1\r\n");
	free(got);
	got = NULL;
	CHECK_EQ(file_read_at(AT_FDCWD, b, 100, &got, NULL), 0);
	CHECK_STREQ(got, "hello 1\r\n");
	/* No console= at all: fall back to /dev/console, absent here. */
	CHECK_EQ(consoles_open(&c, root, "quiet"), 0);
	consoles_close(&c);
	CHECK(asprintf(&cmd, "rm -rf %s", root) > 0);
	CHECK_EQ(system(cmd), 0);
}

static void test_read_key_from_any(void)
{
	struct consoles c = { 0 };
	int p1[2], p2[2];
	char key = 0;
	size_t idx = 99;

	CHECK_EQ(pipe(p1), 0);
	CHECK_EQ(pipe(p2), 0);
	c.items[0].fd = p1[0];
	c.items[1].fd = p2[0];
	c.n = 2;
	CHECK_EQ(consoles_read_key(&c, 10, &key, &idx), 0);
	CHECK_EQ(write(p2[1], "s", 1), 1);
	CHECK_EQ(consoles_read_key(&c, 1000, &key, &idx), 1);
	CHECK_EQ(key, 's');
	CHECK_EQ(idx, 1);
	close(p1[0]);
	close(p1[1]);
	close(p2[0]);
	close(p2[1]);
}

static const struct test tests[] = {
	TEST(names),
	TEST(open_write_read),
	TEST(read_key_from_any),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
