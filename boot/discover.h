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
 * order, then syslinux labels. The first config that names a default or a
 * timeout wins.
 */
#ifndef KEXBOOT_BOOT_DISCOVER_H
#define KEXBOOT_BOOT_DISCOVER_H

#include "lib/diag.h"
#include "boot/entry.h"
#include "boot/volume.h"

/* Scans vols->v[vol] and appends its entries (not yet resolved). */
int discover_volume(const struct boot_volumes *vols, size_t vol, struct boot_set *set, struct diag_list *diags);
/* Marks entries broken whose referenced files do not exist on their volume. */
int discover_resolve(const struct boot_volumes *vols, struct boot_set *set);
/* discover_volume for each volume, then discover_resolve. */
int discover_volumes(const struct boot_volumes *vols, struct boot_set *set, struct diag_list *diags);
/*
 * One directory tree standing for every device (`kexboot list --root`, tests,
 * or one mounted partition): device_name names it in the entries ("root").
 */
int discover_root(const char *root_dir, const char *device_name, struct boot_set *set, struct diag_list *diags);

#endif
