/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wire-internal: inside boot/trust/tpm/ only. The big-endian command writer
 * and response field readers the codecs share (wire.c: measurement
 * commands; wire-seal.c: the unseal commands), and the response header
 * check. Pure: no I/O, no allocation.
 */
#ifndef KEXBOOT_BOOT_TRUST_TPM_WIRE_INTERNAL_H
#define KEXBOOT_BOOT_TRUST_TPM_WIRE_INTERNAL_H

#include "boot/trust/tpm/reader.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define TPM_ST_NO_SESSIONS 0x8001
#define TPM_ST_SESSIONS 0x8002
#define TPM_RS_PW 0x40000009
#define TPM_HEADER 10

/* A writer that stops at cap and remembers it overflowed. */
struct wbuf {
	uint8_t *p;
	size_t cap, len;
	bool over;
};

static inline void put(struct wbuf *w, const void *src, size_t n)
{
	if (w->over || n > w->cap - w->len) {
		w->over = true;
		return;
	}
	if (n)
		memcpy(w->p + w->len, src, n);
	w->len += n;
}

static inline void put8(struct wbuf *w, uint8_t v)
{
	put(w, &v, 1);
}

static inline void put16(struct wbuf *w, uint16_t v)
{
	const uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	put(w, b, 2);
}

static inline void put32(struct wbuf *w, uint32_t v)
{
	const uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	put(w, b, 4);
}

/* Writes the header with a zero size; tpm_finish() fills the size in. */
static inline void tpm_start(struct wbuf *w, uint16_t tag, uint32_t cc)
{
	put16(w, tag);
	put32(w, 0);
	put32(w, cc);
}

/* The authorization area of one password session with the empty password (TPM_RS_PW). */
static inline void put_pw_session(struct wbuf *w)
{
	put32(w, 9);      /* authorizationSize: one TPMS_AUTH_COMMAND below */
	put32(w, TPM_RS_PW);
	put16(w, 0);      /* nonceCaller: empty */
	put8(w, 0);       /* sessionAttributes */
	put16(w, 0);      /* hmac: the empty password */
}

static inline int tpm_finish(struct wbuf *w)
{
	if (w->over || w->len > INT32_MAX)
		return -ENOBUFS;
	w->p[2] = (uint8_t)(w->len >> 24);
	w->p[3] = (uint8_t)(w->len >> 16);
	w->p[4] = (uint8_t)(w->len >> 8);
	w->p[5] = (uint8_t)w->len;
	return (int)w->len;
}

/* Big-endian fields over the shared bounds-checked reader (reader.h); past the end they read 0. */
static inline uint8_t get8(struct tpm_reader *r)
{
	const uint8_t *b = tpm_reader_take(r, 1);

	return b ? b[0] : 0;
}

static inline uint16_t get16(struct tpm_reader *r)
{
	const uint8_t *b = tpm_reader_take(r, 2);

	return b ? (uint16_t)(b[0] << 8 | b[1]) : 0;
}

static inline uint32_t get32(struct tpm_reader *r)
{
	const uint8_t *b = tpm_reader_take(r, 4);

	return b ? (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3] : 0;
}

/* A TPM2B: its 16-bit size, then that many bytes (NULL and bad set when they are not there). */
static inline const uint8_t *get2b(struct tpm_reader *r, uint16_t *ret_size)
{
	uint16_t n = get16(r);
	const uint8_t *b = tpm_reader_take(r, n);

	*ret_size = b ? n : 0;
	return b;
}

/*
 * The header: the size must be the response's length, the code success.
 * -EBADMSG, or -EPROTO with *ret_rc set (ret_rc may be NULL).
 */
int tpm_resp_open(struct tpm_reader *r, const uint8_t *resp, size_t len, uint32_t *ret_rc);

/* The response authorization area of one session (nonceTPM, attributes, hmac), which must end the response. */
int tpm_resp_session_end(struct tpm_reader *r);

#endif
