/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `kexboot list` needs before it scans devices, outside kexboot's own
 * PID 1 too (a rescue system, a fleet script): a sysfs to find devices in,
 * the privilege to mount them, and a directory for the mount points. Kept
 * apart from the scan (which needs libblkid/libmount) so hosts test it.
 */
#ifndef KEXBOOT_BOOT_LIST_RUN_H
#define KEXBOOT_BOOT_LIST_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/diag.h"

#define LIST_RUN_DIR "/run/kexboot/list"   /* where the mount points go */
#define LIST_TMP_TEMPLATE "kexboot-list-XXXXXX" /* under tmp_base when LIST_RUN_DIR cannot be made */

struct list_run_env {
	const char *sys_root; /* "/sys" */
	const char *run_dir;  /* LIST_RUN_DIR; its parents are made too */
	const char *tmp_base; /* "/tmp" or $TMPDIR: the fallback's parent */
	bool need_root;       /* mounting needs root: refuse early with a clear word */
};

struct list_run {
	char *dir;  /* owned: where the mounts go */
	bool temp;  /* made by mkdtemp: removed by list_run_done */
};

/*
 * Checks sys_root has class/block and (need_root) that we are root, then
 * makes run_dir with its parents, or a fresh directory under tmp_base when
 * that fails. 0, or a negative errno with diags->reason saying why.
 */
int list_run_prepare(const struct list_run_env *env, struct list_run *ret, struct diag_list *diags);
/* Removes a temporary directory (empty by now: the mounts are undone) and frees. */
void list_run_done(struct list_run *run);

/*
 * The exit status of a listing: 1 when nothing was listed and problems were
 * noticed on the way (a config that could not be read must not pass for a
 * disk without configs), else 0.
 */
int list_exit_status(size_t n_entries, const struct diag_list *diags);

#endif
