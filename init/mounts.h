/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Early mounts PID 1 makes before anything else (only ever run in the guest). */
#ifndef KEXBOOT_INIT_MOUNTS_H
#define KEXBOOT_INIT_MOUNTS_H

#include "lib/diag.h"

/*
 * Mounts devtmpfs on /dev, proc, sysfs, a tmpfs on /run, and securityfs and
 * efivarfs where the kernel has them. Filesystems already mounted are left
 * alone. Failures of the optional ones are not errors; failures of the
 * required ones are described in log, and the first one is returned.
 */
int early_mounts(struct diag_list *log);

#endif
