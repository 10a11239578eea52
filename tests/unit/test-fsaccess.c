// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/diag.h"
#include "boot/fsaccess.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_normalize(void)
{
	char out[FSA_PATH_MAX];

	CHECK_EQ(fsa_path_normalize("/a//b/./c/", out), 0);
	CHECK_STREQ(out, "a/b/c");
	CHECK_EQ(fsa_path_normalize("/../../etc/../x", out), 0);
	CHECK_STREQ(out, "x");
	CHECK_EQ(fsa_path_normalize("/", out), 0);
	CHECK_STREQ(out, ".");
	CHECK_EQ(fsa_path_normalize("a/b/../../..", out), 0);
	CHECK_STREQ(out, ".");
}

static void test_mem_tree(void)
{
	static const struct fsa_mem_file f[] = {
		{ "/boot/grub/grub.cfg", "hello", 5 },
		{ "/boot/vmlinuz", "k", 1 },
		{ "/EFI/Linux/a.efi", "MZ", 2 },
	};
	struct fsaccess fs;
	struct fsa_stat st;
	char **names = NULL, *buf = NULL;
	size_t n = 0, len = 0;

	fsa_init_mem(&fs, f, ARRAY_SIZE(f));
	CHECK(fsa_is_file(&fs, "/boot/grub/grub.cfg"));
	CHECK(fsa_is_dir(&fs, "/boot/grub"));
	CHECK(fsa_is_dir(&fs, "/"));
	CHECK(!fsa_exists(&fs, "/nope"));
	CHECK_EQ(fsa_stat(&fs, "boot/../boot/vmlinuz", &st), 0);
	CHECK_EQ(st.size, 1);
	CHECK_EQ(fsa_list(&fs, "/", &names, &n), 0);
	CHECK_EQ(n, 2);
	if (n == 2) {
		CHECK_STREQ(names[0], "EFI");
		CHECK_STREQ(names[1], "boot");
	}
	fsa_names_free(names, n);
	CHECK_EQ(fsa_list(&fs, "/boot", &names, &n), 0);
	CHECK_EQ(n, 2);
	fsa_names_free(names, n);
	CHECK_EQ(fsa_read(&fs, "/boot/grub/grub.cfg", 100, &buf, &len), 0);
	CHECK_STREQ(buf, "hello");
	free(buf);
	CHECK_EQ(fsa_read(&fs, "/boot/grub/grub.cfg", 4, &buf, &len), -EFBIG);
	CHECK_EQ(fsa_read_range(&fs, "/boot/grub/grub.cfg", 3, 10, &buf, &len), 0);
	CHECK_STREQ(buf, "lo");
	free(buf);
	CHECK_EQ(fsa_read(&fs, "/boot", 100, &buf, &len), -EISDIR);
}

static void test_dir_tree_stays_inside_root(void)
{
	char tmpl[] = "/tmp/kexboot-fsa-XXXXXX";
	char *dir = mkdtemp(tmpl);
	_cleanup_free_ char *p1 = NULL, *p2 = NULL, *p3 = NULL, *outside = NULL;
	struct fsaccess fs;
	char *buf = NULL, **names = NULL;
	size_t n = 0;
	int fd;

	CHECK(dir != NULL);
	if (!dir)
		return;
	CHECK(asprintf(&p1, "%s/root", dir) > 0);
	CHECK(asprintf(&p2, "%s/root/f", dir) > 0);
	CHECK(asprintf(&outside, "%s/secret", dir) > 0);
	CHECK(asprintf(&p3, "%s/root/link", dir) > 0);
	CHECK_EQ(mkdir(p1, 0755), 0);
	fd = open(p2, O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0 && write(fd, "inside", 6) == 6);
	close(fd);
	fd = open(outside, O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0 && write(fd, "secret", 6) == 6);
	close(fd);
	CHECK_EQ(symlink("/../secret", p3), 0);

	CHECK_EQ(fsa_open_dir(&fs, p1), 0);
	CHECK_EQ(fsa_read(&fs, "/f", 100, &buf, NULL), 0);
	CHECK_STREQ(buf, "inside");
	free(buf);
	buf = NULL;
	CHECK(fsa_read(&fs, "/../secret", 100, &buf, NULL) < 0);  /* ".." clamps at the root */
	free(buf);
	buf = NULL;
	CHECK(fsa_read(&fs, "/link", 100, &buf, NULL) < 0);       /* symlink resolved inside root */
	free(buf);
	CHECK_EQ(fsa_list(&fs, "/", &names, &n), 0);
	CHECK_EQ(n, 2);
	fsa_names_free(names, n);
	fsa_close(&fs);
	unlink(p3);
	unlink(p2);
	unlink(outside);
	rmdir(p1);
	rmdir(dir);
}

static void test_diag_format_and_cap(void)
{
	struct diag_list d;

	diag_list_init(&d);
	CHECK_EQ(diag_add(&d, "root:/grub.cfg", 42, "unknown command '%s'", "foo"), 0);
	CHECK_EQ(diag_add(&d, "x.efi", 0, "bad"), 0);
	CHECK_STREQ(d.msgs[0], "root:/grub.cfg:42: unknown command 'foo'");
	CHECK_STREQ(d.msgs[1], "x.efi: bad");
	for (int i = 0; i < DIAG_MAX + 10; i++)
		diag_add(&d, "f", 1, "m");
	CHECK_EQ(d.n, DIAG_MAX);
	CHECK_EQ(d.n_dropped, 12);
	diag_list_done(&d);
	CHECK_EQ(diag_add(NULL, "f", 1, "dropped"), 0);
}

static const struct test tests[] = {
	TEST(normalize),
	TEST(mem_tree),
	TEST(dir_tree_stays_inside_root),
	TEST(diag_format_and_cap),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
