/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ledger: the devices kexboot touched on the way to a boot (the disks it
 * probed and mounted, the NICs it brought up), so that quiesce can
 * hand each one back to a clean state before the jump: every device is
 * unbound from its driver (the driver's remove path resets it fully, which
 * the kexec-time shutdown hook does not always do), in the reverse order of
 * use. Filesystems are unmounted before (boot/mounts.h).
 *
 * All sysfs paths live under a root prefix so tests run on a fake tree.
 * The struct owns its strings.
 */
#ifndef KEXBOOT_BOOT_LEDGER_H
#define KEXBOOT_BOOT_LEDGER_H

#include <stddef.h>

#include "lib/diag.h"

#define LEDGER_MAX 64

struct ledger_device {
	char *driver_dir; /* "<sys_root>/bus/virtio/drivers/virtio_blk" */
	char *device;     /* "virtio2": what the driver's unbind file takes */
	char *why;        /* "vda (mounted)" */
};

struct ledger {
	char *sys_root;
	struct ledger_device v[LEDGER_MAX];
	size_t n;
};

int ledger_init(struct ledger *l, const char *sys_root);
void ledger_done(struct ledger *l);

/*
 * Records the device behind a block device name ("vda2" or "vda"): the
 * partition's disk, then the disk's device link and the driver bound to it.
 * Recording the same device twice keeps the first. Returns 0, or -ENOENT
 * when sysfs shows no driver (nothing to quiesce).
 */
int ledger_note_block(struct ledger *l, const char *block_name, const char *why);

/*
 * Records the device behind a network interface: <sys_root>/class/net/IF/
 * device and the driver bound to it (what the interface's bus id is to the
 * driver's unbind file). why NULL: "IF (network)". Same returns as above.
 */
int ledger_note_net(struct ledger *l, const char *ifname, const char *why);

/*
 * Unbinds every recorded device, newest first. Failures are reported in
 * diags and do not stop the others. Returns how many were unbound.
 */
int ledger_quiesce(struct ledger *l, struct diag_list *diags);

#endif
