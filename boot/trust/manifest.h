/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * manifest: the signed list of what one boot entry may boot, and the
 * container it travels in beside the kernel (<kernel>.kexboot-sig).
 *
 * The manifest is text, one item a line, in this order:
 *
 *   kexboot-manifest 1
 *   kernel <sha256 hex>
 *   initrd 1 <sha256 hex>        (one line per initrd, numbered 1..n in boot order)
 *   devicetree <sha256 hex>      (only when the entry has a devicetree; after the initrds)
 *   cmdline <sha256 hex of the exact command-line bytes, no trailing NUL or newline>
 *
 * Lines end in "\n"; '#' starts a comment line; blank lines are allowed.
 * Anything else (an unknown keyword, a second kernel, initrds out of order, a
 * missing cmdline) is an error naming the line.
 *
 * The container (.kexboot-sig) is the manifest text followed by one or more
 * PEM blocks ("-----BEGIN CMS-----" or "-----BEGIN PKCS7-----"), each a
 * detached CMS signature over the exact manifest bytes (everything before the
 * first "-----BEGIN " line). `kexboot sign` writes it; a second signer
 * appends a block.
 *
 * Both parsers are pure (bytes in, structs and line-numbered messages out)
 * and fuzzed (tests/fuzz/fuzz-manifest.c). manifest_check() compares a
 * parsed manifest with the fetched image: every blob's cached SHA-256 and
 * the command line that will be booted.
 *
 * Ownership: struct manifest holds no pointers; struct manifest_file
 * borrows the container's bytes (views into it).
 */
#ifndef KEXBOOT_BOOT_TRUST_MANIFEST_H
#define KEXBOOT_BOOT_TRUST_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/entry.h"
#include "boot/image.h"
#include "lib/diag.h"

#define MANIFEST_VERSION 1
#define MANIFEST_SUFFIX ".kexboot-sig"
#define MANIFEST_MAX_BYTES (16u << 10)      /* the manifest text */
#define MANIFEST_FILE_MAX (256u << 10)      /* the whole container */
#define MANIFEST_MAX_INITRDS BOOT_ENTRY_MAX_INITRDS
#define MANIFEST_MAX_SIGS 8                 /* signature blocks in one container */
#define MANIFEST_SIG_MAX (64u << 10)        /* one signature block */

struct manifest {
	unsigned version;
	uint8_t kernel[32];
	uint8_t initrds[MANIFEST_MAX_INITRDS][32];
	size_t n_initrds;
	uint8_t devicetree[32];
	bool has_devicetree;
	uint8_t cmdline[32];
};

/* One signature block: PEM text, borrowed from the container. */
struct manifest_sig {
	const char *pem;
	size_t len;
	unsigned line; /* where it starts, for messages */
};

struct manifest_file {
	const char *text;   /* the manifest bytes (borrowed), what the signatures cover */
	size_t text_len;
	struct manifest_sig sigs[MANIFEST_MAX_SIGS];
	size_t n_sigs;
};

/*
 * Parses manifest text. name is used in messages ("vmlinuz.kexboot-sig:3:
 * ..."); the first error goes to diags->reason with its line, and the
 * return is -EBADMSG (-E2BIG past the limits).
 */
int manifest_parse(const char *name, const char *text, size_t len, struct manifest *ret, struct diag_list *diags);

/*
 * Splits a container into the manifest text and its signature blocks. An
 * unterminated block, or more than MANIFEST_MAX_SIGS, is an error; a
 * container with no block is one (-ENOKEY: nothing is signed).
 */
int manifest_file_split(const char *name, const char *data, size_t len, struct manifest_file *ret,
			struct diag_list *diags);

/*
 * Compares m with the image: the kernel, every initrd in order and the
 * command line that will be booted (img->cmdline). Computes the blobs'
 * SHA-256 when not cached. 0 when every piece matches; otherwise the first
 * mismatch in diags->reason ("initrd 2 sha256 mismatch") and -EBADMSG.
 * Marks nothing: the caller decides (it also needs the signatures).
 */
int manifest_check(const char *name, const struct manifest *m, struct boot_image *img, struct diag_list *diags);

/* Writes the manifest text for these digests into *ret (owned, NUL-terminated). */
int manifest_format(const uint8_t kernel[32], const uint8_t (*initrds)[32], size_t n_initrds,
		    const uint8_t cmdline[32], char **ret, size_t *ret_len);
/* The same with a devicetree line (devicetree NULL: none). */
int manifest_format_dt(const uint8_t kernel[32], const uint8_t (*initrds)[32], size_t n_initrds,
		       const uint8_t *devicetree, const uint8_t cmdline[32], char **ret, size_t *ret_len);

#endif
