/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * systemd-boot's menu list: BLS Type #1 entries (boot/bls) and UKIs
 * (boot/uki) join one list and are sorted together the way systemd-boot
 * sorts them. Both parsers include this header and neither includes the
 * other's for it: the list knows entries and file names, not how they were
 * read.
 */
#ifndef KEXBOOT_BOOT_BLS_LIST_H
#define KEXBOOT_BOOT_BLS_LIST_H

#include <stddef.h>

#include "boot/entry.h"

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

/* systemd's strverscmp_improved(): the spec's version comparison (boot/bls/version.c). */
int bls_version_cmp(const char *a, const char *b);

#endif
