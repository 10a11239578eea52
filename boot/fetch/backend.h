/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The fetch stage's back ends, as boot/fetch/fetch.c dispatches to them.
 * Each fills *ret with the whole file (fetch.c narrows to a PE section)
 * and names it `name` in its blob and its reasons.
 */
#ifndef KEXBOOT_BOOT_FETCH_BACKEND_H
#define KEXBOOT_BOOT_FETCH_BACKEND_H

#include "boot/fetch/fetch.h"

/* device + path on one of ctx's volumes (boot/fsaccess). */
int fetch_file_volume(const struct fetch_ctx *ctx, const struct boot_ref *ref, const char *name, uint64_t max,
		      struct blob *ret, struct diag_list *why);
/* A file:// URL: a path on kexboot's own filesystem. */
int fetch_file_url(const char *url, const char *name, uint64_t max, struct blob *ret, struct diag_list *why);
/*
 * An http:// or https:// URL into a heap blob (a secret: a memfd), with the default timeouts and
 * retries, ctx's root (the CA bundle, /proc/meminfo) and progress callback
 * (boot/fetch/http.c).
 */
int fetch_http_url(const struct fetch_ctx *ctx, const char *url, const char *name, uint64_t max, struct blob *ret,
		   struct diag_list *why);

/* A tftp:// URL (boot/fetch/tftp.c): into anonymous memory, with the default timeouts and block size, ctx's progress callback. */
int fetch_tftp_url(const struct fetch_ctx *ctx, const char *url, const char *name, uint64_t max, struct blob *ret,
		   struct diag_list *why);

#endif
