/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pieces of `kexboot list`: the human table, and the device scan used
 * without --root (list-devices.c with libblkid/libmount in the real build,
 * list-devices-none.c on hosts without them).
 */
#ifndef KEXBOOT_BOOT_LIST_H
#define KEXBOOT_BOOT_LIST_H

#include "lib/diag.h"
#include "boot/entry.h"
#include "lib/strbuf.h"

int list_format_table(const struct boot_set *set, struct strbuf *sb);
/* Scans and mounts the machine's block devices and discovers over them. */
int list_scan_devices(struct boot_set *set, struct diag_list *diags);

#endif
