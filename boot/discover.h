/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * discover: finds every boot entry a set of filesystems offers. For each
 * volume it looks where GRUB, systemd-boot (BLS + UKI) and syslinux look,
 * runs the parsers, drops entries already found through another route
 * (GRUB's blscfg and the BLS scan give the same id), and resolves every
 * kernel/initrd/devicetree reference: an entry whose files are missing
 * stays in the list, broken, with the reason.
 *
 * Menu order: per volume GRUB's menu, then BLS/UKI entries in the spec's
 * order, then syslinux labels: the order of discover_parsers, one row per
 * config language, each run over a source (boot/source.h: a volume, or a
 * base URL read through the fetch seam). The first config that names a
 * default or a timeout wins.
 */
#ifndef KEXBOOT_BOOT_DISCOVER_H
#define KEXBOOT_BOOT_DISCOVER_H

#include "lib/diag.h"
#include "boot/entry.h"
#include "boot/source.h"
#include "boot/volume.h"

/* One config language. */
struct discover_parser {
	const char *name; /* "grub", "bls", "syslinux" */
	/*
	 * Reads the language's configs from ctx, wherever it keeps them, and
	 * merges their entries into set (source_merge: ids set already has are
	 * dropped; default and timeout kept when set has them). Returns 0 or
	 * -ENOMEM; configs that are missing or broken are not errors, their
	 * problems go to diags.
	 */
	int (*parse)(const struct source_ctx *ctx, struct boot_set *set, struct diag_list *diags);
};

/* The table, in menu order (boot/parsers.c). */
extern const struct discover_parser discover_parsers[];
extern const size_t discover_n_parsers;

/*
 * Runs every row of discover_parsers over ctx, in order; entries are
 * appended, not yet resolved. All rows share ctx->budget (a default budget
 * when NULL): once it is spent the remaining rows are skipped, entries found
 * so far stay, and one diagnostic names the budget.
 */
int discover_source(const struct source_ctx *ctx, struct boot_set *set, struct diag_list *diags);

/* Scans vols->v[vol] and appends its entries (not yet resolved), within the default budget. */
int discover_volume(const struct boot_volumes *vols, size_t vol, struct boot_set *set, struct diag_list *diags);
/* discover_volume within lim (NULL: boot/budget.h's defaults), a fresh budget for the volume. */
int discover_volume_limited(const struct boot_volumes *vols, size_t vol, const struct discover_limits *lim,
			    struct boot_set *set, struct diag_list *diags);
/*
 * Marks entries broken whose referenced files do not exist on their volume,
 * that name more than BOOT_ENTRY_MAX_INITRDS initrds, or whose device spec
 * names two volumes ("UUID=... is on two filesystems (X and Y)").
 */
int discover_resolve(const struct boot_volumes *vols, struct boot_set *set);
/*
 * discover_volume_limited for vols->v[vol], then its new entries resolved
 * with the home-volume rule below (the disk source calls this per disk).
 */
int discover_volume_resolved(const struct boot_volumes *vols, size_t vol, const struct discover_limits *lim,
			     struct boot_set *set, struct diag_list *diags);
/*
 * discover_volume for each volume, each volume's entries resolved as
 * discover_resolve does, except that a spec naming the volume the config
 * came from resolves there when it has the file (then the ref names that
 * volume by its own name).
 */
int discover_volumes(const struct boot_volumes *vols, struct boot_set *set, struct diag_list *diags);
/* discover_volumes with every volume's budget set by lim (NULL: the defaults). */
int discover_volumes_limited(const struct boot_volumes *vols, const struct discover_limits *lim,
			     struct boot_set *set, struct diag_list *diags);
/*
 * One directory tree standing for every device (`kexboot list --root`, tests,
 * or one mounted partition): device_name names it in the entries ("root").
 */
int discover_root(const char *root_dir, const char *device_name, struct boot_set *set, struct diag_list *diags);

#endif
