/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mounts: read-only mounts of candidate filesystems under a run directory,
 * recorded in a ledger so the quiesce step can undo them in reverse order.
 * ext3/ext4 mount with "noload" and xfs with "norecovery" so no journal is
 * replayed; btrfs with "rescue=nologreplay" (older kernels: "nologreplay").
 * Only ever used inside the target/guest.
 */
#ifndef KEXBOOT_BOOT_MOUNTS_H
#define KEXBOOT_BOOT_MOUNTS_H

#include <stddef.h>

#include "boot/blockdev.h"
#include "lib/diag.h"

struct mount_record {
	char *source; /* device node */
	char *target; /* mount point */
	char *fstype;
};

struct mount_ledger {
	struct mount_record *v; /* owned, in mount order */
	size_t n;
};

/* Mounts d read-only at <run_dir>/<name>; *ret_target is borrowed from the ledger. */
int mount_ledger_mount_ro(struct mount_ledger *l, const struct blockdev *d, const char *run_dir,
			  const char **ret_target, struct diag_list *diags);
/* Unmounts everything in reverse order (lazily when busy); returns the first error. */
int mount_ledger_undo(struct mount_ledger *l, struct diag_list *diags);
void mount_ledger_done(struct mount_ledger *l);

#endif
