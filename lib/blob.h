/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * blob: one piece of bytes on its way to the next kernel (a kernel, an
 * initrd, a generated cpio, a secret), and where those bytes live:
 *
 *   BLOB_FILE_MAP  a read-only mapping of a file (local disks: no copy); the
 *                  descriptor is kept so the file-based kexec interface can
 *                  be handed the file itself
 *   BLOB_MEMFD     a memfd, mapped (secrets fetched over https)
 *   BLOB_HEAP      anonymous memory kexboot filled itself (HTTP and TFTP
 *                  downloads, received straight into it; generated cpio,
 *                  secrets); from
 *                  BLOB_HUGE_MIN bytes on (not sensitive) 2 MiB-aligned and
 *                  backed by transparent huge pages where the kernel has them
 *
 * data/size are the bytes the blob stands for; they may be a view into the
 * storage (a PE section of a UKI file), so storage and view are kept apart.
 *
 * A sensitive blob's storage is locked (mlock), excluded from core dumps
 * (MADV_DONTDUMP) and wiped (explicit_bzero) by blob_release(), which every
 * path that gives the blob up must call. Its bytes are never logged.
 *
 * Ownership: a struct blob owns its storage, descriptor and name.
 * blob_release() accepts a zeroed or already released blob. A blob is moved
 * by struct copy followed by blob_forget() on the source (TAKE-style).
 */
#ifndef KEXBOOT_LIB_BLOB_H
#define KEXBOOT_LIB_BLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/diag.h"

enum blob_store {
	BLOB_EMPTY,    /* no storage (a zero-length file, or released) */
	BLOB_FILE_MAP,
	BLOB_MEMFD,
	BLOB_HEAP,
};

struct blob {
	const void *data;      /* the bytes, inside storage (or NULL when size is 0) */
	size_t size;
	enum blob_store store;
	void *storage;         /* owned mapping or heap buffer */
	size_t storage_len;
	int fd;                /* owned: the mapped file (read-only) or the memfd; -1 for heap and released blobs */
	char *name;            /* owned: "UUID=...:/vmlinuz", "http://...", for messages */
	uint8_t sha256[32];    /* valid when has_sha256 */
	bool has_sha256;
	bool sensitive;        /* locked, not dumped, wiped on release */
	bool verified;         /* set by the verify stage */
};

#define BLOB_INIT { .fd = -1 }

/* Heap blobs from this size on are aligned to BLOB_HUGE_ALIGN and advised MADV_HUGEPAGE. */
#define BLOB_HUGE_ALIGN ((size_t)2 << 20)
#define BLOB_HUGE_MIN BLOB_HUGE_ALIGN

/* Maps fd's whole regular file read-only and keeps a duplicate of fd (max: refuse larger files, -EFBIG). */
int blob_map_fd(int fd, uint64_t max, const char *name, struct blob *ret, struct diag_list *why);
/* Opens path and maps it (the CLI's files). */
int blob_map_path(const char *path, uint64_t max, struct blob *ret, struct diag_list *why);
/* New zero-filled heap storage of size bytes, locked and not dumped when sensitive. */
int blob_new_heap(size_t size, bool sensitive, const char *name, struct blob *ret);
/* New memfd of size bytes, mapped read-write for the filler; sealed by blob_seal(). */
int blob_new_memfd(size_t size, bool sensitive, const char *name, struct blob *ret);
/*
 * Resizes an unsealed, unnarrowed memfd blob to size bytes (a download whose
 * length is not known up front grows it, then trims it); the mapping may move.
 */
int blob_memfd_resize(struct blob *b, size_t size);
/*
 * Resizes a heap blob that is not sensitive and not narrowed to size bytes
 * (BLOB_EMPTY from blob_new_heap(0) included): new bytes read as zero,
 * growing may move the mapping (mremap: page tables move, bytes are not
 * copied), 0 releases the storage. A download fills it, then trims it.
 * -EINVAL for other blobs.
 */
int blob_heap_resize(struct blob *b, size_t size);
/*
 * The size a filling blob grows to so that it holds need bytes: have
 * (first when 0) doubled until it does, then no more than cap. 0 when need
 * is over cap. Pure: the downloads that grow a body share it.
 */
uint64_t blob_grow_size(uint64_t have, uint64_t need, uint64_t first, uint64_t cap);
/*
 * Makes [off, off + len) of a heap blob's storage resident without changing
 * a byte (MADV_POPULATE_WRITE; where the kernel has no such advice, one
 * atomic add of zero per page): the kernel allocates and clears those pages
 * now, so a later copy into them does not stop for it. A download calls it
 * while the socket has nothing for it. -EINVAL for other blobs, -ERANGE past
 * the storage.
 */
int blob_heap_populate(struct blob *b, size_t off, size_t len);
/*
 * Seals a memfd blob against resizing and, unless sensitive, writing (it is
 * then mapped read-only). A sensitive one stays writable so that
 * blob_release() can wipe it. A heap blob that is not sensitive is made
 * read-only (mprotect); an empty blob has nothing to seal (0). -EINVAL for
 * other stores.
 */
int blob_seal(struct blob *b);
/* Narrows the blob's bytes to [off, off + len) of what it holds now (-ERANGE past its end). */
int blob_narrow(struct blob *b, uint64_t off, uint64_t len);
/* Computes and caches the SHA-256 of data/size. */
int blob_sha256(struct blob *b);
/* Wipes a sensitive blob's storage, unmaps, frees, closes; leaves BLOB_INIT. */
void blob_release(struct blob *b);
/* Leaves b as BLOB_INIT without releasing (its contents were moved elsewhere). */
void blob_forget(struct blob *b);

#endif
