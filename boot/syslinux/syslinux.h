/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * syslinux / extlinux / isolinux configuration: LABEL, KERNEL/LINUX,
 * APPEND (global and per label, initrd= lists taken out of it), INITRD,
 * FDT, DEFAULT, ONTIMEOUT, MENU LABEL, MENU DEFAULT, INCLUDE, TIMEOUT (1/10 s),
 * TEXT HELP blocks. Labels booting COM32 modules, boot sectors or LOCALBOOT
 * are listed as broken with the reason.
 */
#ifndef KEXBOOT_BOOT_SYSLINUX_H
#define KEXBOOT_BOOT_SYSLINUX_H

#include "lib/diag.h"
#include "boot/entry.h"
#include "boot/volume.h"

#define SYSLINUX_MAX_FILE (1u << 20)
#define SYSLINUX_MAX_INCLUDE_DEPTH 8
#define SYSLINUX_MAX_ENTRIES 1024
#define SYSLINUX_MAX_LINE 4096

/* Appends the labels of cfg_path to out; sets default/timeout when unset. -ENOENT if missing. */
int syslinux_parse(const struct boot_volume *vol, const char *cfg_path, struct boot_set *out,
		   struct diag_list *diags);

#endif
