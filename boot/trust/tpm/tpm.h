/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tpm: a tiny TPM 2.0 client, only what the measure stage needs (the
 * unseal commands the secrets stage uses are in seal.h, wire-seal.c and
 * unseal.c over the same client; wire-internal.h is the shared codec).
 *
 *   wire    (wire.c, pure)   marshals TPM2_GetCapability(TPM_CAP_PCRS),
 *                            TPM2_PCR_Extend and TPM2_PCR_Read commands and
 *                            decodes their responses. Big-endian, every read
 *                            bounds-checked against the response's length;
 *                            fuzzed by tests/fuzz/fuzz-tpm.c.
 *   client  (client.c)       one command at a time over a descriptor: the
 *                            kernel's resource manager <root>/dev/tpmrm0 in
 *                            production; in tests a unix socket at that
 *                            path where swtpm serves its data channel (the
 *                            same raw command/response bytes).
 *
 * TPM 2.0 Part 3 layouts: GetCapability 0x17A, PCR_Read 0x17E and
 * PCR_Extend 0x182 (a password session TPM_RS_PW with the empty
 * authorisation, which is what a PCR's platform default needs).
 *
 * Ownership: struct tpm owns its descriptor; tpm_close() accepts a closed one.
 */
#ifndef KEXBOOT_BOOT_TRUST_TPM_H
#define KEXBOOT_BOOT_TRUST_TPM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/diag.h"

#define TPM_ALG_SHA1 0x0004
#define TPM_ALG_SHA256 0x000B
#define TPM_ALG_SHA384 0x000C
#define TPM_ALG_SHA512 0x000D

#define TPM_MAX_BANKS 8          /* PCR banks one TPM may report */
#define TPM_MAX_DIGEST 64        /* SHA-512 */
#define TPM_NUM_PCRS 24
#define TPM_MAX_RESPONSE 4096    /* bigger responses are refused */
#define TPM_MAX_COMMAND 1024

/* The PCR banks with at least one PCR allocated, as the TPM reports them. */
struct tpm_banks {
	uint16_t alg[TPM_MAX_BANKS];
	size_t n;
};

/* One digest for each bank, in the order of a struct tpm_banks. */
struct tpm_digests {
	uint16_t alg[TPM_MAX_BANKS];
	uint8_t d[TPM_MAX_BANKS][TPM_MAX_DIGEST];
	size_t n;
};

/* Digest size of alg in bytes, 0 when kexboot cannot hash with it. */
size_t tpm_alg_digest_size(uint16_t alg);
/* "sha256", or "0x0012" (buf must hold 7 bytes) for other algorithms. */
const char *tpm_alg_name(uint16_t alg, char buf[7]);

/*
 * Command encoders: write the command to buf (cap bytes) and return its
 * length, or -ENOBUFS / -EINVAL (a PCR index >= TPM_NUM_PCRS, a digest of
 * an algorithm kexboot has no size for).
 */
int tpm_cmd_get_pcr_banks(uint8_t *buf, size_t cap);
int tpm_cmd_pcr_extend(uint8_t *buf, size_t cap, uint32_t pcr, const struct tpm_digests *d);
int tpm_cmd_pcr_read(uint8_t *buf, size_t cap, uint32_t pcr, uint16_t alg);

/*
 * Response decoders over len bytes of resp. -EBADMSG for a malformed or
 * truncated response, -EPROTO with *ret_rc set when the TPM answered with
 * an error code (ret_rc may be NULL).
 */
int tpm_resp_check(const uint8_t *resp, size_t len, uint32_t *ret_rc);
int tpm_resp_get_pcr_banks(const uint8_t *resp, size_t len, struct tpm_banks *ret, uint32_t *ret_rc);
int tpm_resp_pcr_extend(const uint8_t *resp, size_t len, uint32_t *ret_rc);
/* The one digest the read returned (*ret_size bytes into out); -ENODATA when the bank lacks the PCR. */
int tpm_resp_pcr_read(const uint8_t *resp, size_t len, uint8_t out[TPM_MAX_DIGEST], size_t *ret_size,
		      uint32_t *ret_rc);

struct tpm {
	int fd;           /* owned; -1 when closed */
	const char *name; /* borrowed, for messages */
	bool sock;        /* fd is a socket (tests): sent without SIGPIPE */
};

#define TPM_INIT { .fd = -1 }

/*
 * Opens <root>/dev/tpmrm0: 0, -ENOENT when the machine has none (nothing
 * said), other negative errnos with a reason.
 */
int tpm_open(const char *root, struct tpm *ret, struct diag_list *why);
/* Takes over fd (a socket to swtpm in tests). */
void tpm_open_fd(int fd, const char *name, struct tpm *ret);
void tpm_close(struct tpm *t);

/* One command, its response into resp (cap bytes); returns the response length. */
int tpm_transact(struct tpm *t, const uint8_t *cmd, size_t len, uint8_t *resp, size_t cap, struct diag_list *why);

int tpm_get_pcr_banks(struct tpm *t, struct tpm_banks *ret, struct diag_list *why);
int tpm_pcr_extend(struct tpm *t, uint32_t pcr, const struct tpm_digests *d, struct diag_list *why);
int tpm_pcr_read(struct tpm *t, uint32_t pcr, uint16_t alg, uint8_t out[TPM_MAX_DIGEST], size_t *ret_size,
		 struct diag_list *why);

#endif
