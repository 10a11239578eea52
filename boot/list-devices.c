// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `kexboot list` without --root, in the target: one boot_scan pass (scan
 * block devices, mount candidates read-only, discover over all of them so
 * GRUB's search finds other partitions), then unmount.
 */
#include "boot/list.h"
#include "boot/list-run.h"
#include "boot/scan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int list_scan_devices(struct boot_set *set, struct diag_list *diags)
{
	const char *tmpdir = getenv("TMPDIR");
	const struct list_run_env env = {
		.sys_root = "/sys",
		.run_dir = LIST_RUN_DIR,
		.tmp_base = tmpdir && tmpdir[0] == '/' ? tmpdir : "/tmp",
		.need_root = true,
	};
	struct boot_scan_options opt = {
		.sys_root = "/sys",
		.dev_root = "/dev",
		.settle_max_ms = 3000,
		.settle_quiet_ms = 1000,
	};
	struct list_run run;
	struct boot_scan scan;
	size_t candidates = 0;
	int r;

	r = list_run_prepare(&env, &run, diags);
	if (r < 0)
		return r;
	opt.run_dir = run.dir;
	memset(&scan, 0, sizeof(scan));
	r = boot_scan_run(&scan, &opt, set, diags);
	for (size_t i = 0; i < scan.devs.n; i++)
		candidates += blockdev_is_candidate(&scan.devs.v[i]);
	/* Filesystems found and none mounted: an empty list would be a lie. */
	if (r >= 0 && candidates && scan.n == 0)
		r = diag_fail(diags, EIO, "none of the %zu filesystems found could be mounted (--diagnostics says why)",
			      candidates);
	boot_scan_done(&scan, diags);
	list_run_done(&run);
	return r;
}
