/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tftp: the tftp:// fetch back end's own pieces (internal to boot/fetch/).
 *
 *  - a pure codec for TFTP packets (RFC 1350) with the option extension
 *    (RFC 2347) and the options blksize (2348), timeout and tsize (2349)
 *    and windowsize (7440): builds RRQ/ACK/ERROR, parses what a server
 *    sends. Bytes in, struct out; every length is bounded by the named
 *    limits below, nothing is allocated.
 *  - the transfer itself, tftp_fetch(), with its knobs in struct
 *    tftp_config so tests can shorten timeouts and force block sizes.
 */
#ifndef KEXBOOT_BOOT_FETCH_TFTP_H
#define KEXBOOT_BOOT_FETCH_TFTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/fetch/progress.h"
#include "lib/blob.h"
#include "lib/diag.h"

struct dns_config;
struct dns_cache;

#define TFTP_PORT 69
#define TFTP_BLKSIZE_DEFAULT 512  /* RFC 1350: without the blksize option */
#define TFTP_BLKSIZE_MIN 8        /* RFC 2348 */
#define TFTP_BLKSIZE_MAX 65464    /* RFC 2348 */
#define TFTP_WINDOW_MAX 65535     /* RFC 7440 */
#define TFTP_TIMEOUT_MAX 255      /* RFC 2349, seconds */
#define TFTP_FILENAME_MAX 1024    /* longer names are refused before anything is sent */
#define TFTP_ERRMSG_MAX 200       /* a server's error text is cut here */
#define TFTP_PACKET_MAX (4 + TFTP_BLKSIZE_MAX)
#define TFTP_RRQ_MAX (2 + TFTP_FILENAME_MAX + 1 + sizeof("octet") + 128) /* name, mode, 4 options */

enum tftp_opcode {
	TFTP_RRQ = 1,
	TFTP_WRQ = 2,
	TFTP_DATA = 3,
	TFTP_ACK = 4,
	TFTP_ERROR = 5,
	TFTP_OACK = 6,
};

/* RFC 1350 error codes (8: RFC 2347 option negotiation refused). */
enum tftp_error_code {
	TFTP_EUNDEF = 0,
	TFTP_ENOTFOUND = 1,
	TFTP_EACCESS = 2,
	TFTP_ENOSPACE = 3,
	TFTP_EBADOP = 4,
	TFTP_EBADID = 5,
	TFTP_EEXISTS = 6,
	TFTP_ENOUSER = 7,
	TFTP_EOPTNEG = 8,
};

/* Options as a request names them (0 / false: not requested) or an OACK grants them (0 / false: absent). */
struct tftp_options {
	unsigned blksize;    /* TFTP_BLKSIZE_MIN..TFTP_BLKSIZE_MAX */
	unsigned windowsize; /* 1..TFTP_WINDOW_MAX */
	unsigned timeout;    /* seconds, 1..TFTP_TIMEOUT_MAX */
	bool has_tsize;      /* a request sends tsize 0; an OACK gives the size */
	uint64_t tsize;
};

struct tftp_packet {
	enum tftp_opcode op;
	uint16_t block;             /* DATA, ACK */
	const uint8_t *data;        /* DATA: points into the parsed bytes */
	size_t data_len;
	uint16_t error_code;        /* ERROR */
	char error_msg[TFTP_ERRMSG_MAX + 1]; /* ERROR: printable ASCII only, NUL-terminated */
	struct tftp_options oack;   /* OACK */
	unsigned oack_unknown;      /* OACK: options this codec does not know (ignored) */
};

/*
 * An octet-mode RRQ for filename with the options opts names, into buf
 * (cap bytes). -ENAMETOOLONG past TFTP_FILENAME_MAX, -EINVAL for an empty
 * name or out-of-range options, -ENOBUFS when cap is too small.
 */
int tftp_rrq_build(uint8_t *buf, size_t cap, const char *filename, const struct tftp_options *opts,
		   size_t *ret_len);
/* ACK of block: 4 bytes. */
int tftp_ack_build(uint8_t *buf, size_t cap, uint16_t block, size_t *ret_len);
/* ERROR code with msg (cut to TFTP_ERRMSG_MAX). */
int tftp_error_build(uint8_t *buf, size_t cap, uint16_t code, const char *msg, size_t *ret_len);

/*
 * One packet a client may receive: DATA, ERROR, OACK (and ACK for
 * completeness). -EBADMSG for malformed bytes (short, bad opcode, a DATA
 * body over TFTP_BLKSIZE_MAX, an OACK option without its value, a value
 * out of range, an option twice), -EPROTO for a request opcode.
 */
int tftp_packet_parse(const uint8_t *buf, size_t len, struct tftp_packet *ret);

/*
 * The 64-bit block number a 16-bit wire number stands for: the one nearest
 * to expect (the next block wanted), so numbering can roll over past 65535
 * (to 0, as servers do). Never returns a number below 0.
 */
uint64_t tftp_block_unwrap(uint64_t expect, uint16_t wire);

/* Plain words for an error code ("File not found"); the server's own text wins when it sent one. */
const char *tftp_error_name(uint16_t code);

/* The transfer's knobs; tftp_config_default() fills the production values. */
struct tftp_config {
	unsigned blksize;      /* asked for; 0: ask nothing, RFC 1350's 512 */
	unsigned windowsize;   /* asked for; 0 or 1: one block per ACK */
	unsigned timeout_ms;   /* one wait for an answer */
	unsigned retries;      /* waits in a row with no progress before giving up */
	bool ask_tsize;        /* ask the size first (to refuse early and size the body) */
	bool options;          /* false: a plain RFC 1350 request */
	fetch_progress_fn progress; /* reports of long transfers (progress.h), or NULL */
	void *progress_arg;
	const struct dns_config *dns; /* borrowed: who looks up a host name (boot/net/dns.h); NULL: addresses only */
	struct dns_cache *dns_cache;  /* borrowed: names already looked up, or NULL */
	const int *stop_fd;    /* NULL, or an fd whose readability ends the transfer: -ECANCELED */
};

void tftp_config_default(struct tftp_config *cfg);

/*
 * Fetches url (tftp://host[:port]/path, a numeric IPv4 or [IPv6] host, or a name through cfg->dns)
 * into a heap blob (anonymous memory) named name, at most max bytes. Once
 * *cfg->stop_fd is readable it tells the server (an ERROR packet) and
 * returns -ECANCELED, keeping nothing.
 */
int tftp_fetch(const char *url, const char *name, uint64_t max, const struct tftp_config *cfg, struct blob *ret,
	       struct diag_list *why);

#endif
