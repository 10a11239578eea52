/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * scan: the machine's block devices as boot volumes, alive while an entry
 * is chosen and loaded: the read-only mounts, their file-access views and
 * the volume table the entries' references name. The table only grows
 * (boot_scan_add), so entries keep naming valid volumes while disks are
 * hot-added. boot_scan_done() closes the views and undoes the mounts in
 * reverse order (the quiesce step for filesystems). Only ever run inside
 * the target.
 *
 * Two ways to fill it: boot_scan_run() waits for the device set to settle
 * and discovers once (`kexboot list`); the disk source (boot_scan_source_run,
 * a boot/sources.h source) enumerates at once, delivers what it found, then
 * follows the kernel's uevents and delivers each disk added later.
 */
#ifndef KEXBOOT_BOOT_SCAN_H
#define KEXBOOT_BOOT_SCAN_H

#include "boot/blockdev.h"
#include "lib/diag.h"
#include "boot/entry.h"
#include "boot/fsaccess.h"
#include "boot/mounts.h"
#include "boot/sources.h"
#include "boot/volume.h"

struct boot_scan {
	struct blockdev_list devs; /* every device seen, candidate or not */
	struct mount_ledger mounts;
	struct boot_volume *vols; /* owned array of BLOCKDEV_MAX; members borrow from devs/names/fss */
	struct fsaccess *fss;     /* owned array of BLOCKDEV_MAX, one per volume */
	char **names;             /* owned: "UUID=..." or the device node */
	size_t n;
	struct boot_volumes volumes; /* view of vols[0..n) */
};

struct boot_scan_options {
	const char *sys_root; /* "/sys" */
	const char *dev_root; /* "/dev" */
	const char *run_dir;  /* where the mounts go */
	/* boot_scan_run: rescans until the set is quiet this long (at most max). The
	 * disk source: "searching" until no disk was added for quiet ms (at most max). */
	unsigned settle_max_ms, settle_quiet_ms;
};

/* Scans, mounts every candidate read-only and discovers over all of them. */
int boot_scan_run(struct boot_scan *s, const struct boot_scan_options *opt, struct boot_set *set,
		  struct diag_list *diags);
/*
 * Takes the devices of found not seen before (by name; the others are
 * freed, found is left empty), mounts the candidates and appends them as
 * volumes [*first, s->n).
 */
int boot_scan_add(struct boot_scan *s, const struct boot_scan_options *opt, struct blockdev_list *found,
		  size_t *first, struct diag_list *diags);
/* Closes the views and unmounts (reverse order). Safe on a zeroed struct. */
void boot_scan_done(struct boot_scan *s, struct diag_list *diags);

/* The disk source's context: scan is shared (changed under the data lock). */
struct boot_scan_source {
	struct boot_scan *scan;
	struct boot_scan_options opt;
	unsigned debounce_ms; /* events this close together are one rescan (default 100) */
};
int boot_scan_source_run(struct source *src, void *ctx);

#endif
