/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * blockdev: the machine's disks and partitions, from sysfs (which devices
 * exist) and libblkid (what is on them: filesystem type, UUID, LABEL, GPT/MBR
 * partition UUID, name and type). The sysfs and /dev roots are parameters so
 * the enumeration can run against a fake tree; probing opens the device
 * nodes read-only. Runs only in the guest/target (never probes host disks
 * in tests). A device that cannot be probed is reported once and skipped.
 */
#ifndef KEXBOOT_BOOT_BLOCKDEV_H
#define KEXBOOT_BOOT_BLOCKDEV_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/diag.h"

#define BLOCKDEV_MAX 256

struct blockdev {
	char *name;      /* "vda2", "nvme0n1p1", "sr0" */
	char *node;      /* "<dev_root>/vda2" */
	char *disk;      /* parent disk name for partitions, NULL for whole disks */
	char *fstype;    /* "ext4", "vfat", "iso9660", ... or NULL */
	char *uuid;      /* filesystem UUID */
	char *label;     /* filesystem LABEL */
	char *partuuid;  /* GPT partition UUID / MBR disk-id-partno */
	char *partlabel; /* GPT partition name */
	char *parttype;  /* GPT type GUID / MBR type byte */
	char *pttype;    /* partition table on a whole disk: "gpt", "dos" */
	bool removable;
};

struct blockdev_list {
	struct blockdev *v; /* owned */
	size_t n;
};

void blockdev_list_done(struct blockdev_list *l);
/* Enumerates <sys_root>/class/block and probes each node under dev_root. */
int blockdev_scan(const char *sys_root, const char *dev_root, struct blockdev_list *out, struct diag_list *diags);
/*
 * Rescans until the device set stayed the same for quiet_ms or max_ms passed
 * (slow USB/NVMe appear late). Returns the last scan.
 */
int blockdev_scan_settle(const char *sys_root, const char *dev_root, unsigned max_ms, unsigned quiet_ms,
			 struct blockdev_list *out, struct diag_list *diags);
/* A filesystem kexboot mounts to look for boot configs. */
bool blockdev_is_candidate(const struct blockdev *d);

#endif
