// SPDX-License-Identifier: GPL-2.0-or-later
#include "initramfs/cpio.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/strbuf.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

static int build_sample_to(int (*sink)(void *, const void *, size_t), void *userdata, uint64_t *ret_len)
{
	struct cpio_writer w;
	int r = 0;

	cpio_writer_init(&w, sink, userdata);
	r |= cpio_add_dir(&w, "/etc", 0755);
	r |= cpio_add_file(&w, "/etc/hello", 0644, "hello, world\n", 13);
	r |= cpio_add_file(&w, "/odd", 0600, "abc", 3); /* odd size: data padding */
	r |= cpio_add_file(&w, "/empty", 0644, "", 0);
	r |= cpio_add_symlink(&w, "/bin-link", "etc/hello");
	r |= cpio_add_char_device(&w, "/console", 0600, 5, 1);
	r |= cpio_finish(&w);
	*ret_len = w.offset;
	return r;
}

static int build_sample(struct strbuf *sb)
{
	uint64_t len = 0;
	int r = build_sample_to(cpio_sink_strbuf, sb, &len);

	CHECK_EQ(len, sb->len);
	return r;
}

/* Counted, then written into exactly that much memory: the same bytes as the strbuf sink. */
static void test_memory_sinks(void)
{
	struct strbuf sb = STRBUF_INIT;
	size_t counted = 0;
	uint64_t len = 0;
	struct cpio_mem m;
	_cleanup_free_ uint8_t *buf = NULL;

	CHECK_EQ(build_sample(&sb), 0);
	CHECK_EQ(build_sample_to(cpio_sink_count, &counted, &len), 0);
	CHECK_EQ(counted, sb.len);
	buf = malloc(counted);
	CHECK(buf != NULL);
	m = (struct cpio_mem){ .buf = buf, .cap = counted, .len = 0 };
	CHECK_EQ(build_sample_to(cpio_sink_mem, &m, &len), 0);
	CHECK_EQ(m.len, counted);
	CHECK(m.len == sb.len && memcmp(buf, sb.buf, sb.len) == 0);
	/* One byte short: refused, never written past the end (ASan watches). */
	m = (struct cpio_mem){ .buf = buf, .cap = counted - 1, .len = 0 };
	CHECK_EQ(build_sample_to(cpio_sink_mem, &m, &len), -ENOSPC);
	CHECK(m.len <= counted - 1);
	strbuf_done(&sb);
}

static void test_layout(void)
{
	struct strbuf sb = STRBUF_INIT;

	CHECK_EQ(build_sample(&sb), 0);
	CHECK_EQ(sb.len % 4, 0);
	CHECK(sb.len > 110);
	CHECK(memcmp(sb.buf, "070701", 6) == 0);
	/* The first entry is inode 1, a directory with mode 040755. */
	CHECK(memcmp(sb.buf + 6, "00000001000041ED", 16) == 0);
	/* The trailer is last. */
	CHECK(sb.len > 120 && memmem(sb.buf + sb.len - 124, 124, "TRAILER!!!", 10) != NULL);
	strbuf_done(&sb);
}

static void test_deterministic(void)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	CHECK_EQ(build_sample(&a), 0);
	CHECK_EQ(build_sample(&b), 0);
	CHECK_EQ(a.len, b.len);
	CHECK(a.len == b.len && memcmp(a.buf, b.buf, a.len) == 0);
	strbuf_done(&a);
	strbuf_done(&b);
}

/* GNU cpio, an independent reader, must list and extract what we wrote. */
static void test_gnu_cpio_reads_it(void)
{
	struct strbuf sb = STRBUF_INIT;
	char dir[] = "/tmp/kexboot-cpio-XXXXXX";
	_cleanup_free_ char *archive = NULL, *cmd = NULL, *hello = NULL, *odd = NULL, *list = NULL;
	char link[64] = { 0 };
	struct stat st;
	int fd;

	CHECK_EQ(build_sample(&sb), 0);
	CHECK(mkdtemp(dir) != NULL);
	CHECK(asprintf(&archive, "%s/a.cpio", dir) > 0);
	fd = open(archive, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0);
	CHECK_EQ(fd_write_all(fd, sb.buf, sb.len), 0);
	close(fd);
	CHECK(asprintf(&cmd, "cd %s && mkdir x && cd x && cpio -id --quiet --no-absolute-filenames "
			     "--nonmatching console <../a.cpio && cpio -it --quiet <../a.cpio >../list",
		       dir) > 0);
	CHECK_EQ(system(cmd), 0);
	free(cmd);
	CHECK(asprintf(&cmd, "%s/list", dir) > 0);
	CHECK_EQ(file_read_at(AT_FDCWD, cmd, 4096, &list, NULL), 0);
	CHECK_STREQ(list, "etc\netc/hello\nodd\nempty\nbin-link\nconsole\n");
	free(cmd);
	CHECK(asprintf(&cmd, "%s/x/etc/hello", dir) > 0);
	CHECK_EQ(file_read_at(AT_FDCWD, cmd, 4096, &hello, NULL), 0);
	CHECK_STREQ(hello, "hello, world\n");
	free(cmd);
	CHECK(asprintf(&cmd, "%s/x/odd", dir) > 0);
	CHECK_EQ(file_read_at(AT_FDCWD, cmd, 4096, &odd, NULL), 0);
	CHECK_STREQ(odd, "abc");
	CHECK_EQ(stat(cmd, &st), 0);
	CHECK_EQ(st.st_mode & 07777, 0600);
	free(cmd);
	CHECK(asprintf(&cmd, "%s/x/bin-link", dir) > 0);
	CHECK(readlink(cmd, link, sizeof(link) - 1) > 0);
	CHECK_STREQ(link, "etc/hello");
	free(cmd);
	CHECK(asprintf(&cmd, "rm -rf %s", dir) > 0);
	CHECK_EQ(system(cmd), 0);
	strbuf_done(&sb);
}

static int failing_sink(void *userdata, const void *buf, size_t len)
{
	(void)buf;
	(void)len;
	return ++*(int *)userdata > 2 ? -ENOSPC : 0;
}

static void test_errors(void)
{
	struct cpio_writer w;
	int calls = 0;
	char longname[CPIO_NAME_MAX + 2];

	cpio_writer_init(&w, failing_sink, &calls);
	CHECK_EQ(cpio_add_file(&w, "a", 0644, "x", 1), -ENOSPC);
	/* Errors are sticky: nothing more is written after the first. */
	CHECK_EQ(cpio_add_file(&w, "b", 0644, "x", 1), -ENOSPC);
	CHECK_EQ(calls, 3);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	cpio_writer_init(&w, failing_sink, &calls);
	CHECK_EQ(cpio_add_dir(&w, longname, 0755), -ENAMETOOLONG);
	CHECK_EQ(cpio_add_dir(&w, "/", 0755), -ENAMETOOLONG);
}

static const struct test tests[] = {
	TEST(layout),
	TEST(deterministic),
	TEST(memory_sinks),
	TEST(gnu_cpio_reads_it),
	TEST(errors),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
