// SPDX-License-Identifier: GPL-2.0-or-later
/* boot/trust/password.h: the menu lock's PBKDF2-HMAC-SHA256 hash lines. */
#include "boot/trust/password.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const uint8_t salt[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

static void test_hash_and_check(void)
{
	_cleanup_free_ char *h = NULL;

	CHECK_EQ(password_hash("correct horse", salt, 1000, &h), 0);
	CHECK(h && strncmp(h, "pbkdf2-sha256$1000$0102030405060708090a0b0c0d0e0f10$", 52) == 0);
	CHECK_EQ(password_check(h, "correct horse"), 0);
	CHECK_EQ(password_check(h, "correct horsE"), -EACCES);
	CHECK_EQ(password_check(h, ""), -EACCES);
	CHECK_EQ(password_hash("x", salt, 10, &h), -EINVAL); /* too few iterations */
}

/* The derived key agrees with an independent implementation: Python's
 * hashlib.pbkdf2_hmac("sha256", b"kexboot", bytes(range(1, 17)), 1000). */
static void test_known_value(void)
{
	static const char line[] = "pbkdf2-sha256$1000$0102030405060708090a0b0c0d0e0f10$"
				   "5c7b666f1d87f2e8cb6a67c8cf047bf93201a2021c95451933c8e1a077bc3fcc";
	_cleanup_free_ char *h = NULL;

	CHECK_EQ(password_hash("kexboot", salt, 1000, &h), 0);
	CHECK_STREQ(h, line);
	CHECK_EQ(password_check(line, "kexboot"), 0);
}

static void test_malformed_lines(void)
{
	static const char *const bad[] = {
		"",
		"sha512$1000$00$00",
		"pbkdf2-sha256$0$0102030405060708090a0b0c0d0e0f10$" "00",
		"pbkdf2-sha256$1000$0102$0000000000000000000000000000000000000000000000000000000000000000",
		"pbkdf2-sha256$1000$0102030405060708090a0b0c0d0e0f10$00",
		"pbkdf2-sha256$1000$0102030405060708090a0b0c0d0e0f10$"
		"000000000000000000000000000000000000000000000000000000000000000G",
		"pbkdf2-sha256$1000$0102030405060708090a0b0c0d0e0f10$"
		"0000000000000000000000000000000000000000000000000000000000000000 junk",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		CHECK_EQ(password_check(bad[i], "x"), -EINVAL);
}

static void test_file_under_a_root(void)
{
	char root[] = "/tmp/kexboot-pw-XXXXXX";
	_cleanup_free_ char *h = NULL, *etc = NULL, *file = NULL;
	struct diag_list d = { 0 };
	int fd;

	CHECK(mkdtemp(root) != NULL);
	CHECK_EQ(password_check_file(root, "/etc/kexboot/password", "x", &d), -ENOENT);
	CHECK_STREQ(d.reason, "no password is built into this payload");
	CHECK_EQ(password_hash("open sesame", salt, 1000, &h), 0);
	etc = path_join(root, "/etc");
	file = path_join(root, "/etc/password");
	CHECK(etc && file && mkdir(etc, 0755) == 0);
	fd = file ? open(file, O_WRONLY | O_CREAT, 0644) : -1;
	CHECK(fd >= 0);
	if (fd >= 0 && h) {
		CHECK_EQ(fd_write_all(fd, h, strlen(h)), 0);
		CHECK_EQ(fd_write_all(fd, "\n", 1), 0);
		close(fd);
	}
	CHECK_EQ(password_check_file(root, "/etc/password", "open sesame", &d), 0);
	CHECK_EQ(password_check_file(root, "/etc/password", "open sesame!", &d), -EACCES);
	CHECK_STREQ(d.reason, "wrong password");
	if (file)
		unlink(file);
	if (etc)
		rmdir(etc);
	rmdir(root);
	diag_list_done(&d);
}

static const struct test tests[] = {
	TEST(hash_and_check),
	TEST(known_value),
	TEST(malformed_lines),
	TEST(file_under_a_root),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
