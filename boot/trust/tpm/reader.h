/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * reader: the bounds-checked byte reader the TPM response decoder (wire.c,
 * big-endian) and the event-log reader (eventlog.c, little-endian) share.
 * A read past the end marks the reader bad and yields NULL; callers check
 * `bad` once at the end instead of after every field.
 */
#ifndef KEXBOOT_BOOT_TRUST_TPM_READER_H
#define KEXBOOT_BOOT_TRUST_TPM_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tpm_reader {
	const uint8_t *p;
	size_t len, off;
	bool bad;
};

/* The next n bytes, or NULL (and bad set) when fewer are left. */
static inline const uint8_t *tpm_reader_take(struct tpm_reader *r, size_t n)
{
	const uint8_t *at;

	if (r->bad || n > r->len - r->off) {
		r->bad = true;
		return NULL;
	}
	at = r->p + r->off;
	r->off += n;
	return at;
}

#endif
