/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * compose: the stage between secrets and plan. It decides the initrd
 * pieces the next kernel gets, in order: every initrd of the fetched image
 * as the entry listed them (a UKI's .ucode and .initrd first), then what
 * kexboot generates itself. The loader lays the pieces out back to back
 * (4-byte aligned, where the kernel's unpacker looks for the next cpio),
 * straight from their blobs.
 *
 *   compose_initrds()   the image's initrds, in order
 *   compose_generate()  the generated initrd, appended last when there is
 *                       anything to hand over: one newc cpio
 *                       (initramfs/cpio.h) written in memory into a
 *                       sensitive blob (locked, not dumped, wiped by
 *                       composed_done()), never through a file:
 *
 *     <credentials dir>/NAME  each secret (default /.extra/credentials,
 *                             systemd's convention for system credentials)
 *     /.kexboot/source-url    the URL the entry came from, when it did
 *     PATH                    named files other stages produce
 *                             (compose_input_add_file(); the TPM event log
 *                             goes to COMPOSE_TPM_EVENTLOG)
 *
 *   The archive is deterministic: names sorted, parent directories before
 *   their files, mtime 0, uid and gid 0, files 0400, directories 0500,
 *   inode numbers counting up from 1.
 *
 * Ownership: struct composed borrows the image's blobs (the image must
 * outlive it) and owns `pieces` and `generated`; its last piece points at
 * its own `generated`, so a struct composed is not moved once generated.
 * composed_done() releases them. struct compose_input borrows everything.
 */
#ifndef KEXBOOT_BOOT_COMPOSE_H
#define KEXBOOT_BOOT_COMPOSE_H

#include <stddef.h>
#include <stdint.h>

#include "boot/image.h"
#include "boot/secrets/secrets.h"
#include "lib/blob.h"
#include "lib/diag.h"

#define COMPOSE_CREDENTIALS_DIR "/.extra/credentials"
#define COMPOSE_SOURCE_URL "/.kexboot/source-url"
#define COMPOSE_TPM_EVENTLOG "/.kexboot/tpm-eventlog"
#define COMPOSE_MAX_FILES 16      /* extra named files */
#define COMPOSE_PATH_MAX 512

struct composed {
	const struct blob **pieces; /* owned array of borrowed blobs, in boot order */
	size_t n_pieces;
	struct blob generated;      /* owned; BLOB_EMPTY while nothing is generated */
};

struct compose_file {
	const char *path;           /* borrowed; absolute, e.g. COMPOSE_TPM_EVENTLOG */
	const struct blob *bytes;   /* borrowed */
};

struct compose_input {
	const struct secret_set *secrets;  /* borrowed; NULL: none */
	const char *credentials_dir;       /* borrowed; NULL: COMPOSE_CREDENTIALS_DIR */
	const char *source_url;            /* borrowed; NULL: the entry did not come from a URL */
	struct compose_file files[COMPOSE_MAX_FILES];
	size_t n_files;
};

/*
 * Each initrd is checked whole first (boot/compose/archive.h): one cut
 * short fails with its name and where it ends.
 */
int compose_initrds(const struct boot_image *img, struct composed *ret, struct diag_list *why);

/*
 * Before composing: whether the image's kernel and initrds fit in
 * `available` bytes (the running system's MemAvailable), since the kernel
 * copies every byte into its own pages at load time. -ENOMEM with the sizes
 * in the reason when they do not.
 */
int compose_check_memory(const struct boot_image *img, uint64_t available, struct diag_list *why);

/* Adds a named file to the generated initrd (path absolute, no "." or ".." parts). */
int compose_input_add_file(struct compose_input *in, const char *path, const struct blob *bytes,
			   struct diag_list *why);

/*
 * Writes the generated initrd for in (nothing when in has nothing) into
 * c->generated and appends it as c's last piece. On failure c is as it
 * was and nothing generated is left in memory.
 */
int compose_generate(struct composed *c, const struct compose_input *in, struct diag_list *why);

/*
 * The URL an entry came from, for COMPOSE_SOURCE_URL: its origin when that
 * is an http://, https:// or tftp:// URL, without the ":LINE" parsers
 * append. *ret is NULL (and 0 returned) when the entry came from a disk.
 */
int compose_source_url(const char *origin, char **ret);

/* Whether path is absolute with only non-empty parts other than "." and "..", under COMPOSE_PATH_MAX. */
bool compose_path_valid(const char *path);

void composed_done(struct composed *c);

#endif
