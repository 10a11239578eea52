/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * source: where a config language's files come from, so one parser runs on
 * a mounted volume or behind a URL with the same signature.
 *
 *   SOURCE_VOLUME  vols->v[vol]: the volume table travels along because
 *                  GRUB's `search` and "(dev)/path" reach other volumes
 *   SOURCE_URL     a base URL ("http://srv/boot/"); files are read with
 *                  fetch_text (boot/fetch/fetch.h) through the context's
 *                  fetch_text pointer, which a netboot source sets to
 *                  fetch_text itself and a test to a fake
 *
 * A URL source may also carry what the network told about the machine
 * (settings: "net0/mac", "net0/ip", "uuid", "hostname" ... by iPXE's names),
 * for config languages that expand them; NULL/0 when none.
 *
 * Paths a parser asks for are source-absolute ("/pxelinux.cfg/default"):
 * a volume reads them in its tree, a URL source appends them to its base.
 * Everything in the context is borrowed.
 */
#ifndef KEXBOOT_BOOT_SOURCE_H
#define KEXBOOT_BOOT_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "boot/budget.h"
#include "boot/entry.h"
#include "boot/fetch/fetch.h"
#include "boot/volume.h"
#include "lib/diag.h"

/* One thing a source knows about the machine: "net0/mac" = "52:54:00:12:34:56". */
struct source_setting {
	const char *name;
	const char *value;
};

enum source_kind {
	SOURCE_VOLUME,
	SOURCE_URL,
};

/* fetch_text's signature. */
typedef int (*source_fetch_text_fn)(const struct fetch_ctx *ctx, const char *url, size_t max, char **ret_text,
				    size_t *ret_len, struct diag_list *why);

struct source_ctx {
	enum source_kind kind;
	/* SOURCE_VOLUME */
	const struct boot_volumes *vols;
	size_t vol;
	/* SOURCE_URL */
	const char *base_url;
	const struct fetch_ctx *fetch;
	source_fetch_text_fn fetch_text;
	const struct source_setting *settings; /* borrowed, n_settings of them */
	size_t n_settings;
	/* Work left for this source (boot/budget.h), shared by every parser; NULL: unlimited. */
	struct discover_budget *budget;
};

/* A context for vols->v[vol]. */
struct source_ctx source_volume(const struct boot_volumes *vols, size_t vol);
/* A context for base_url, read with read_text(fetch, ...): fetch_text, or a test's fake. */
struct source_ctx source_url(const char *base_url, const struct fetch_ctx *fetch, source_fetch_text_fn read_text);

/* The volume of a SOURCE_VOLUME context, or NULL. */
const struct boot_volume *source_volume_get(const struct source_ctx *ctx);
/* What entry ids and refs name the source by: the volume's name or the base URL. */
const char *source_name(const struct source_ctx *ctx);

/*
 * The whole text of path, NUL-terminated, at most max bytes (-EFBIG beyond).
 * -ENOENT when the source has no such file; -EDQUOT when the context's
 * budget is spent (each read charges one file and its bytes).
 */
int source_read(const struct source_ctx *ctx, const char *path, size_t max, char **ret_text, size_t *ret_len,
		struct diag_list *diags);
/*
 * True when path is a regular file on a volume. A URL source cannot be asked
 * without fetching: false, so callers keep their first guess.
 */
bool source_is_file(const struct source_ctx *ctx, const char *path);
/* "name:path" for a volume, the resolved URL for a URL source: diagnostics and origins. */
int source_origin(const struct source_ctx *ctx, const char *path, char **ret);
/* Points ref at path: device + path on a volume, url under a URL source ("x://..." paths as they are). */
int source_ref_set(const struct source_ctx *ctx, struct boot_ref *ref, const char *path);

/*
 * Moves what one config found (src, emptied and released) into dst: entries
 * whose id dst already has are dropped (GRUB's blscfg and the BLS scan list
 * the same entry), the default is taken when dst has none and names an entry
 * dst now holds, the timeout when dst has none. Returns 0 or -ENOMEM.
 */
int source_merge(struct boot_set *dst, struct boot_set *src);

#endif
