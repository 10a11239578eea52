// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The real keyring behind struct secrets_keyctl: thin wrappers over the
 * keyctl system call (musl has no libkeyutils). Only the secrets stage's
 * production path uses it; tests fake the table.
 */
#include "boot/secrets/secrets.h"

#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KEYCTL_DESCRIBE_OP 6
#define KEYCTL_SEARCH_OP 10
#define KEYCTL_READ_OP 11

static long keyctl_ret(long r)
{
	return r < 0 ? -errno : r;
}

static long real_search(void *userdata, int32_t ring, const char *type, const char *desc)
{
	(void)userdata;
	return keyctl_ret(syscall(SYS_keyctl, KEYCTL_SEARCH_OP, (long)ring, type, desc, 0L));
}

static long real_read(void *userdata, int32_t key, void *buf, size_t len)
{
	(void)userdata;
	return keyctl_ret(syscall(SYS_keyctl, KEYCTL_READ_OP, (long)key, buf, len));
}

static long real_describe(void *userdata, int32_t key, char *buf, size_t len)
{
	(void)userdata;
	return keyctl_ret(syscall(SYS_keyctl, KEYCTL_DESCRIBE_OP, (long)key, buf, len));
}

const struct secrets_keyctl *secrets_keyctl_real(void)
{
	static const struct secrets_keyctl real = { real_search, real_read, real_describe, NULL };

	return &real;
}
