/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * password: the lock on the menu's editor and the rescue shell under policy
 * enforce. The payload carries one hash, made on the build machine
 * (`kexboot passwd-hash`, make KEXBOOT_PASSWORD_HASH=FILE), in a file of the
 * initramfs (config/defaults.h KEXBOOT_PASSWORD_FILE):
 *
 *   pbkdf2-sha256$<iterations>$<salt hex>$<derived key hex>
 *
 * PBKDF2-HMAC-SHA256 (OpenSSL), a 16-byte salt, a 32-byte key, compared in
 * constant time. No file means no password can open the lock.
 *
 * Ownership: the caller owns *ret; everything else is borrowed.
 */
#ifndef KEXBOOT_BOOT_TRUST_PASSWORD_H
#define KEXBOOT_BOOT_TRUST_PASSWORD_H

#include <stddef.h>
#include <stdint.h>

#include "lib/diag.h"

#define PASSWORD_ITERATIONS 100000u  /* kexboot passwd-hash's default */
#define PASSWORD_MIN_ITERATIONS 1000u
#define PASSWORD_MAX_ITERATIONS 10000000u
#define PASSWORD_MAX 256             /* bytes of a typed password */
#define PASSWORD_FILE_MAX 512

/* The hash line for pw with this salt (16 bytes) and iteration count. */
int password_hash(const char *pw, const uint8_t salt[16], unsigned iterations, char **ret);

/* 0 when pw matches hash_line, -EACCES when not, -EINVAL when the line is malformed. */
int password_check(const char *hash_line, const char *pw);

/* password_check() against root+path; -ENOENT (with a reason) when no hash is built in. */
int password_check_file(const char *root, const char *path, const char *pw, struct diag_list *diags);

#endif
