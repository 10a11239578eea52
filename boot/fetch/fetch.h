/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fetch: the resolve/fetch stage's one seam. fetch_ref() turns a reference
 * a boot entry holds (device + path, a URL, optionally a PE section of it)
 * into a blob (lib/blob.h). Back ends:
 *
 *   file (boot/fetch/file.c)  device + path on a volume the sources found,
 *                             and file:// URLs; mapped, never copied
 *   http, https               into anonymous memory, a heap blob
 *                             (boot/fetch/http.c); host names
 *                             through ctx->dns; https over TLS 1.2+ (tls.c),
 *                             the server checked against the CAs in
 *                             FETCH_CA_BUNDLE only; Range resumes; sizes
 *                             checked against MemAvailable up front
 *   tftp (boot/fetch/tftp.c)  each block received straight into anonymous
 *                             memory; blksize, tsize, windowsize, rollover
 *
 * fetch_text() reads a small text (a config file a network source names)
 * through the same back ends.
 *
 * A context with `secret` set fetches secrets (boot/secrets/): https://
 * only (any other scheme, and a redirect away from https, is refused with
 * the reason), into a sensitive memfd blob (locked, wiped on release), the
 * transfer's own buffer wiped and OpenSSL told to wipe the plaintext it
 * handed over; no progress is reported.
 *
 * Long downloads report progress through the context's callback
 * (boot/fetch/progress.h: about once a second after the first second).
 *
 * A download over the network stops once the context's stop fd is readable
 * (the network source passes the sources' stop fd: boot/sources.h): every
 * wait (connect, TLS, an answer, the body, a backoff) ends at once with
 * -ECANCELED, why says "URL: stopped ...", and nothing is kept. file://
 * and volume reads do not wait and ignore it. A caller that knows why its
 * stop fd fires says so in stop_says (the boot pipeline: "cancelled by a
 * key", init/cancelkey.h); a stopped download's reason is then "download
 * of URL cancelled by a key (stopped after N bytes)".
 *
 * Ownership: the context borrows its volumes, root and callback argument;
 * the caller owns every blob and text it gets back.
 */
#ifndef KEXBOOT_BOOT_FETCH_H
#define KEXBOOT_BOOT_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/entry.h"
#include "boot/fetch/progress.h"
#include "boot/volume.h"
#include "lib/blob.h"
#include "lib/diag.h"

struct dns_config;
struct dns_cache;

/*
 * The CAs https:// trusts: a PEM bundle put into the initramfs at build time
 * (scripts/initramfs-list.sh, make KEXBOOT_CA_BUNDLE=FILE), read under the
 * context's root.
 */
#define FETCH_CA_BUNDLE "/etc/kexboot/ca.pem"

struct fetch_ctx {
	const struct boot_volumes *vols; /* borrowed; where device references resolve */
	bool signatures; /* boot_image_fetch() also fetches <kernel>.kexboot-sig (boot/image.h) */
	const char *root;                /* borrowed: prefix of FETCH_CA_BUNDLE and /proc; NULL or "": / */
	fetch_progress_fn progress;      /* long downloads report here, or NULL */
	void *progress_arg;              /* borrowed */
	bool secret;                     /* secrets: https:// only, sensitive blobs, buffers wiped (above) */
	/*
	 * Borrowed: the name servers host names in URLs are looked up with
	 * (what the network source learnt, boot/net/dns.h; an entry's own,
	 * boot_entry.dns, takes its place in boot_image_fetch). NULL: URLs
	 * must name addresses.
	 */
	const struct dns_config *dns;
	struct dns_cache *dns_cache; /* borrowed: what lookups with dns learnt in this task, or NULL */
	const int *stop_fd;              /* borrowed: NULL, or an fd whose readability ends a download */
	const char *stop_says;           /* borrowed: what a stop is, for the reason ("cancelled by a key"), or NULL */
};

/* ref into *ret (BLOB_INIT on failure), at most max bytes; why names the file. */
int fetch_ref(const struct fetch_ctx *ctx, const struct boot_ref *ref, uint64_t max, struct blob *ret,
	      struct diag_list *why);

/* A URL's text, NUL-terminated, at most max bytes (config files). */
int fetch_text(const struct fetch_ctx *ctx, const char *url, size_t max, char **ret_text, size_t *ret_len,
	       struct diag_list *why);

#endif
