// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `kexboot list` without --root, in the target: one boot_scan pass (scan
 * block devices, mount candidates read-only, discover over all of them so
 * GRUB's search finds other partitions), then unmount.
 */
#include "boot/list.h"
#include "boot/scan.h"

#include <string.h>

#define LIST_RUN_DIR "/run/kexboot/list"

int list_scan_devices(struct boot_set *set, struct diag_list *diags)
{
	const struct boot_scan_options opt = {
		.sys_root = "/sys",
		.dev_root = "/dev",
		.run_dir = LIST_RUN_DIR,
		.settle_max_ms = 3000,
		.settle_quiet_ms = 1000,
	};
	struct boot_scan scan;
	int r;

	memset(&scan, 0, sizeof(scan));
	r = boot_scan_run(&scan, &opt, set, diags);
	boot_scan_done(&scan, diags);
	return r;
}
