/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Boot Loader Specification Type #1 entries (loader/entries/NAME.conf) and
 * loader.conf, read the way systemd-boot reads them: every key, repeated
 * initrd/options kept in order, architecture filtering, boot counting
 * (+LEFT-DONE), the spec's sort order, loader.conf default (glob) and
 * timeout. UKIs (boot/uki) join the same sorted list, as in systemd-boot.
 */
#ifndef KEXBOOT_BOOT_BLS_H
#define KEXBOOT_BOOT_BLS_H

#include <stddef.h>

#include "lib/diag.h"
#include "boot/entry.h"
#include "boot/volume.h"

#define BLS_MAX_FILE (64u << 10)   /* one entry file or loader.conf */
#define BLS_MAX_ENTRIES 1024       /* entries per directory */

/* An entry on its way into the sorted menu. */
struct bls_item {
	struct boot_entry *e; /* owned */
	char *stem;           /* file name without suffix and boot counter; owned */
	char *fname;          /* file name as found; owned */
	int tries_left;       /* -1 when the name has no boot counter */
	int tries_done;
};

struct bls_list {
	struct bls_item *v; /* owned */
	size_t n;
};

void bls_list_done(struct bls_list *l);
/* Takes e; splits "name+LEFT-DONE<suffix>" into stem and counters. */
int bls_list_add(struct bls_list *l, struct boot_entry *e, const char *fname, const char *suffix);
/* systemd-boot's order: no tries left last, sort-key, machine-id, version (newest first), id. */
void bls_list_sort(struct bls_list *l);
/* Moves the entries to out in order. */
int bls_list_move(struct bls_list *l, struct boot_set *out);

/*
 * Parses one entry file's text. dir is the entries directory ("/loader/entries"
 * or "/boot/loader/entries"); paths in the entry are resolved against the
 * tree the directory belongs to. *ret is NULL when the entry is filtered out
 * (another architecture).
 */
int bls_entry_parse(const struct boot_volume *vol, const char *dir, const char *fname, const char *text,
		    struct boot_entry **ret, struct diag_list *diags);
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

/* systemd's strverscmp_improved(): the spec's version comparison. */
int bls_version_cmp(const char *a, const char *b);

#endif
