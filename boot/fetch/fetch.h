/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fetch: the resolve/fetch stage's one seam. fetch_ref() turns a reference
 * a boot entry holds (device + path, a URL, optionally a PE section of it)
 * into a blob (lib/blob.h). Back ends:
 *
 *   file (boot/fetch/file.c)  device + path on a volume the sources found,
 *                             and file:// URLs; mapped, never copied
 *   http (boot/fetch/http.c)  into a memfd; numeric hosts until DNS exists
 *   tftp (boot/fetch/tftp.c)  into a memfd; blksize, tsize, windowsize, rollover
 *   https                     not built yet: -EPROTONOSUPPORT, said so
 *
 * fetch_text() reads a small text (a config file a network source names)
 * through the same back ends.
 *
 * Ownership: the context borrows its volumes; the caller owns every blob
 * and text it gets back.
 */
#ifndef KEXBOOT_BOOT_FETCH_H
#define KEXBOOT_BOOT_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/entry.h"
#include "boot/volume.h"
#include "lib/blob.h"
#include "lib/diag.h"

struct fetch_ctx {
	const struct boot_volumes *vols; /* borrowed; where device references resolve */
	bool signatures; /* boot_image_fetch() also fetches <kernel>.kexboot-sig (boot/image.h) */
};

/* ref into *ret (BLOB_INIT on failure), at most max bytes; why names the file. */
int fetch_ref(const struct fetch_ctx *ctx, const struct boot_ref *ref, uint64_t max, struct blob *ret,
	      struct diag_list *why);

/* A URL's text, NUL-terminated, at most max bytes (config files). */
int fetch_text(const struct fetch_ctx *ctx, const char *url, size_t max, char **ret_text, size_t *ret_len,
	       struct diag_list *why);

#endif
