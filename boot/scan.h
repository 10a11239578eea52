/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scan: one discovery pass over the machine's block devices that stays
 * alive while an entry is chosen and loaded: the read-only mounts, their
 * file-access views and the volume table the entries' references name.
 * boot_scan_done() closes the views and undoes the mounts in reverse order
 * (the quiesce step for filesystems). Only ever run inside the target.
 */
#ifndef KEXBOOT_BOOT_SCAN_H
#define KEXBOOT_BOOT_SCAN_H

#include "boot/blockdev.h"
#include "lib/diag.h"
#include "boot/entry.h"
#include "boot/fsaccess.h"
#include "boot/mounts.h"
#include "boot/volume.h"

struct boot_scan {
	struct blockdev_list devs;
	struct mount_ledger mounts;
	struct boot_volume *vols; /* owned array; members borrow from devs/names/fss */
	struct fsaccess *fss;     /* owned array, one per volume */
	char **names;             /* owned: "UUID=..." or the device node */
	size_t n;
	struct boot_volumes volumes; /* view of vols[0..n) */
};

struct boot_scan_options {
	const char *sys_root; /* "/sys" */
	const char *dev_root; /* "/dev" */
	const char *run_dir;  /* where the mounts go */
	unsigned settle_max_ms, settle_quiet_ms;
};

/* Scans, mounts every candidate read-only and discovers over all of them. */
int boot_scan_run(struct boot_scan *s, const struct boot_scan_options *opt, struct boot_set *set,
		  struct diag_list *diags);
/* Closes the views and unmounts (reverse order). Safe on a zeroed struct. */
void boot_scan_done(struct boot_scan *s, struct diag_list *diags);

#endif
