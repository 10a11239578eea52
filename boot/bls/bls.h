/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Boot Loader Specification Type #1 entries (loader/entries/NAME.conf) and
 * loader.conf, read the way systemd-boot reads them: every key, repeated
 * initrd/options kept in order, architecture filtering, boot counting
 * (+LEFT-DONE), the spec's sort order, loader.conf default (glob) and
 * timeout. UKIs (boot/uki) join the same sorted list (boot/bls/list.h), as in
 * systemd-boot.
 *
 * One key is kexboot's own (systemd-boot ignores unknown keys):
 *   kexboot-sig PATH   the entry's signature file (boot/trust/manifest.h),
 *                      resolved like `linux` (same volume, or against the
 *                      entry's URL); without it the fetch stage looks for
 *                      <kernel>.kexboot-sig. The last one wins.
 */
#ifndef KEXBOOT_BOOT_BLS_H
#define KEXBOOT_BOOT_BLS_H

#include <stddef.h>

#include "lib/diag.h"
#include "boot/bls/list.h"
#include "boot/entry.h"
#include "boot/source.h"
#include "boot/volume.h"

#define BLS_MAX_FILE (64u << 10)   /* one entry file or loader.conf */
#define BLS_MAX_ENTRIES 1024       /* entries per directory */

/*
 * Parses one entry file's text. dir is the entries directory ("/loader/entries"
 * or "/boot/loader/entries"); paths in the entry are resolved against the
 * tree the directory belongs to. *ret is NULL when the entry is filtered out
 * (another architecture).
 */
int bls_entry_parse(const struct boot_volume *vol, const char *dir, const char *fname, const char *text,
		    struct boot_entry **ret, struct diag_list *diags);
/*
 * One entry file read from url (a URL source's own document): its paths and
 * a relative `uki-url` resolve against url, and its references are URLs.
 * `uki-url` (and `uki` here) make the kernel reference the whole image's URL,
 * without a section: the fetch stage splits it (boot/image.h). On a volume,
 * an absolute `uki-url` does the same and a relative one marks the entry
 * broken. The origin is url; the id is left to the caller.
 */
int bls_entry_parse_url(const char *url, const char *text, struct boot_entry **ret, struct diag_list *diags);
/* Adds every *.conf in dir. -ENOENT when dir does not exist. */
int bls_collect_dir(const struct boot_volume *vol, const char *dir, struct bls_list *l, struct diag_list *diags);
/* collect + sort + move. */
int bls_scan_dir(const struct boot_volume *vol, const char *dir, struct boot_set *out, struct diag_list *diags);

/*
 * Applies loader.conf at path to the sorted list: out->default_id (when not
 * yet set) from `default` (a glob over entry ids; "@saved" needs EFI
 * variables and falls back to the first entry) and out->timeout from
 * `timeout`. -ENOENT when there is no loader.conf.
 */
int bls_loader_conf(const struct boot_volume *vol, const char *path, const struct bls_list *l,
		    struct boot_set *out, struct diag_list *diags);

/*
 * The "bls" row of the discovery table (boot/discover.h), systemd-boot's
 * whole menu on one volume (boot/bls/menu.c): entries of /loader/entries and
 * /boot/loader/entries, UKIs of /EFI/Linux and friends, sorted together,
 * titles shown twice made unique as systemd-boot does (" (version)", then
 * " (file stem)"), loader.conf's default and timeout; merged into set. A URL
 * source has no directory to list: when its base URL names a "*.conf"
 * document, that document is one entry (bls_entry_parse_url, id
 * "bls:<url>"); otherwise nothing, 0.
 */
int bls_discover(const struct source_ctx *ctx, struct boot_set *set, struct diag_list *diags);

#endif
