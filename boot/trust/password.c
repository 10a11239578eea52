// SPDX-License-Identifier: GPL-2.0-or-later
/* PBKDF2-HMAC-SHA256 password hashes for the menu lock. */
#include "boot/trust/password.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#define PASSWORD_PREFIX "pbkdf2-sha256$"

static void hex(const uint8_t *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

static int unhex(const char *s, size_t len, uint8_t *out, size_t n)
{
	if (len != 2 * n)
		return -EINVAL;
	for (size_t i = 0; i < 2 * n; i++) {
		char c = s[i];
		int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;

		if (v < 0)
			return -EINVAL;
		if (i % 2 == 0)
			out[i / 2] = (uint8_t)(v << 4);
		else
			out[i / 2] |= (uint8_t)v;
	}
	return 0;
}

static int derive(const char *pw, const uint8_t salt[16], unsigned iterations, uint8_t key[32])
{
	size_t len = strnlen(pw, PASSWORD_MAX + 1);

	if (len > PASSWORD_MAX)
		return -E2BIG;
	if (PKCS5_PBKDF2_HMAC(pw, (int)len, salt, 16, (int)iterations, EVP_sha256(), 32, key) != 1)
		return -ENOMEM;
	return 0;
}

int password_hash(const char *pw, const uint8_t salt[16], unsigned iterations, char **ret)
{
	uint8_t key[32];
	char salt_hex[33], key_hex[65];
	int r;

	if (iterations < PASSWORD_MIN_ITERATIONS || iterations > PASSWORD_MAX_ITERATIONS)
		return -EINVAL;
	r = derive(pw, salt, iterations, key);
	if (r < 0)
		return r;
	hex(salt, 16, salt_hex);
	hex(key, 32, key_hex);
	OPENSSL_cleanse(key, sizeof(key));
	return asprintf(ret, PASSWORD_PREFIX "%u$%s$%s", iterations, salt_hex, key_hex) < 0 ? -ENOMEM : 0;
}

int password_check(const char *hash_line, const char *pw)
{
	const char *p = hash_line, *d1, *d2;
	uint8_t salt[16], want[32], got[32];
	size_t end;
	char *num_end;
	unsigned long iter;
	int r;

	if (strncmp(p, PASSWORD_PREFIX, strlen(PASSWORD_PREFIX)) != 0)
		return -EINVAL;
	p += strlen(PASSWORD_PREFIX);
	if (*p < '1' || *p > '9')
		return -EINVAL;
	iter = strtoul(p, &num_end, 10);
	if (*num_end != '$' || iter < PASSWORD_MIN_ITERATIONS || iter > PASSWORD_MAX_ITERATIONS)
		return -EINVAL;
	d1 = num_end + 1;
	d2 = strchr(d1, '$');
	if (!d2 || unhex(d1, (size_t)(d2 - d1), salt, 16) < 0)
		return -EINVAL;
	end = strcspn(d2 + 1, "\r\n");
	if (d2[1 + end] && strspn(d2 + 1 + end, "\r\n") != strlen(d2 + 1 + end))
		return -EINVAL;
	if (unhex(d2 + 1, end, want, 32) < 0)
		return -EINVAL;
	r = derive(pw, salt, (unsigned)iter, got);
	if (r < 0)
		return r;
	r = CRYPTO_memcmp(got, want, 32) == 0 ? 0 : -EACCES;
	OPENSSL_cleanse(got, sizeof(got));
	return r;
}

int password_check_file(const char *root, const char *path, const char *pw, struct diag_list *diags)
{
	_cleanup_free_ char *full = path_join(root, path);
	_cleanup_free_ char *line = NULL;
	int r;

	if (!full)
		return -ENOMEM;
	r = file_read_at(AT_FDCWD, full, PASSWORD_FILE_MAX, &line, NULL);
	if (r == -ENOENT)
		return diag_fail(diags, ENOENT, "no password is built into this payload");
	if (r < 0)
		return diag_fail(diags, r, "%s: %s", path, strerror(-r));
	r = password_check(line, pw);
	if (r == -EINVAL)
		return diag_fail(diags, EINVAL, "%s: not a pbkdf2-sha256 hash", path);
	if (r == -EACCES)
		return diag_fail(diags, EACCES, "wrong password");
	return r;
}
