/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dbx: the payload's list of forbidden SHA-256 hashes, built in at payload
 * build time (`make KEXBOOT_TRUST_DBX=FILE` installs FILE as
 * /etc/kexboot/trust/dbx, config/defaults.h KEXBOOT_TRUST_DBX_PATH), consulted by the verify stage under warn and enforce
 * before any signature: a revoked piece is refused even when it is signed.
 *
 * What a hash in the list forbids:
 *   - the Authenticode image hash (SHA-256, lib/pe-hash.h's ranges) of a
 *     kernel that is a PE file (an EFI-stub bzImage, a whole UKI), as UEFI's
 *     dbx lists image hashes: `sbverify`/`pesign -h` print it;
 *   - the SHA-256 of a file's bytes: the kernel as booted (a UKI's .linux
 *     section) and each initrd, the hashes a manifest lists
 *     (`sha256sum`, `kexboot sign` writes the same).
 *
 * The file is text: one hash a line, 64 hex digits, optionally followed by
 * blank space and a comment; '#' starts a comment line; blank lines are
 * allowed. Anything else is an error naming the line (the verify stage
 * then refuses under enforce: a list it cannot read forbids nothing it can
 * rely on). A missing file is an empty list.
 *
 * dbx_parse() is pure. Ownership: struct dbx owns its array; dbx_done()
 * accepts a zeroed struct.
 */
#ifndef KEXBOOT_BOOT_TRUST_DBX_H
#define KEXBOOT_BOOT_TRUST_DBX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/image.h"
#include "lib/diag.h"

#define DBX_MAX_BYTES (1u << 20)
#define DBX_MAX_HASHES 16384

struct dbx {
	uint8_t (*h)[32]; /* owned */
	size_t n;
};

/* Parses the list (name is used in messages: "dbx:3: ..."); -EBADMSG, -E2BIG, -ENOMEM. */
int dbx_parse(const char *name, const char *text, size_t len, struct dbx *ret, struct diag_list *why);
/* Reads <root>path: a missing file is an empty list. */
int dbx_load(const char *root, const char *path, struct dbx *ret, struct diag_list *why);
bool dbx_has(const struct dbx *x, const uint8_t h[32]);
void dbx_done(struct dbx *x);

/*
 * Checks img against the list: the kernel's Authenticode image hash when
 * it is a PE file, then the SHA-256 of the kernel and of every initrd.
 * 0 when nothing is listed; -EKEYREVOKED with why->reason ("revoked:
 * NAME: sha256 HEX is in the payload's dbx") for the first that is.
 */
int dbx_check_image(const struct dbx *x, struct boot_image *img, struct diag_list *why);

#endif
