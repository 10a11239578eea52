/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * digest: the SHA-256 of a loaded segment, as the planner records it for the
 * purgatory to check. Two implementations, chosen by the Makefile: the
 * static binary uses OpenSSL's (assembly, much faster on the megabytes of a
 * kernel and initrds), host tests use lib/sha256.c, the same code the
 * purgatory runs. Both compute FIPS 180-4 SHA-256; tests/unit/test-digest.c
 * holds them to the same answers.
 */
#ifndef KEXBOOT_LIB_DIGEST_H
#define KEXBOOT_LIB_DIGEST_H

#include <stddef.h>
#include <stdint.h>

void segment_digest(const void *data, size_t len, uint8_t out[32]);

#endif
