// SPDX-License-Identifier: GPL-2.0-or-later
/* lib/sha256: FIPS 180-4 vectors, split updates, and agreement with sha256sum(1). */
#include "lib/cleanup.h"
#include "lib/sha256.h"
#include "tests/unit/harness.h"

#include <stdlib.h>
#include <unistd.h>

static void hex_of(const void *data, size_t len, char out[65])
{
	uint8_t d[32];

	sha256_digest(data, len, d);
	sha256_hex(d, out);
}

static void test_vectors(void)
{
	char hex[65];
	static const char m448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const char m896[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
				   "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

	hex_of("", 0, hex);
	CHECK_STREQ(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hex_of("abc", 3, hex);
	CHECK_STREQ(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hex_of(m448, strlen(m448), hex);
	CHECK_STREQ(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	hex_of(m896, strlen(m896), hex);
	CHECK_STREQ(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_million_a(void)
{
	_cleanup_free_ char *a = malloc(1000000);
	char hex[65];

	CHECK(a != NULL);
	if (!a)
		return;
	memset(a, 'a', 1000000);
	hex_of(a, 1000000, hex);
	CHECK_STREQ(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Every split of a buffer into two updates gives the one-shot digest (block-boundary cases). */
static void test_split_updates(void)
{
	uint8_t buf[300], one[32], two[32];

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7 + 3);
	for (size_t len = 0; len <= sizeof(buf); len += 13) {
		sha256_digest(buf, len, one);
		for (size_t cut = 0; cut <= len; cut++) {
			struct sha256_ctx c;

			sha256_init(&c);
			sha256_update(&c, buf, cut);
			sha256_update(&c, buf + cut, len - cut);
			sha256_final(&c, two);
			CHECK(memcmp(one, two, 32) == 0);
		}
	}
}

static void test_against_sha256sum(void)
{
	char path[] = "/tmp/kexboot-sha256-XXXXXX", cmd[128], got[128] = "", hex[65];
	size_t len = 3 * 1024 * 1024 + 17;
	_cleanup_free_ uint8_t *data = malloc(len);
	FILE *f;
	int fd;

	CHECK(data != NULL);
	if (!data)
		return;
	srand(1234);
	for (size_t i = 0; i < len; i++)
		data[i] = (uint8_t)rand();
	fd = mkstemp(path);
	CHECK(fd >= 0);
	CHECK(write(fd, data, len) == (ssize_t)len);
	close(fd);
	snprintf(cmd, sizeof(cmd), "sha256sum %s", path);
	f = popen(cmd, "r");
	CHECK(f != NULL);
	if (f) {
		CHECK(fgets(got, sizeof(got), f) != NULL);
		pclose(f);
	}
	unlink(path);
	got[64] = '\0';
	hex_of(data, len, hex);
	CHECK_STREQ(hex, got);
}

static const struct test tests[] = {
	TEST(vectors),
	TEST(million_a),
	TEST(split_updates),
	TEST(against_sha256sum),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
