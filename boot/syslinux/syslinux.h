/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * syslinux / extlinux / isolinux configuration: LABEL, KERNEL/LINUX,
 * APPEND (global and per label, initrd= lists taken out of it), INITRD,
 * FDT, DEFAULT, ONTIMEOUT, MENU LABEL, MENU DEFAULT, INCLUDE, TIMEOUT (1/10 s),
 * TEXT HELP blocks. Labels booting COM32 modules, boot sectors or LOCALBOOT
 * are listed as broken with the reason.
 *
 * Menus (menu.c32 / vesamenu.c32): a MENU BEGIN [tag] ... MENU END block,
 * or an INCLUDE / MENU INCLUDE with a tag, is a submenu; its labels' titles
 * are "Submenu>Label", the submenu named by the MENU LABEL given inside the
 * block before its first LABEL, else its MENU TITLE, else its tag. Labels
 * marked MENU EXIT, MENU GOTO, MENU QUIT (navigation) or MENU DISABLE
 * (headings) are no entries. The set's default is what boots unattended:
 * ONTIMEOUT's label when a TIMEOUT runs, else the top menu's MENU DEFAULT,
 * else DEFAULT when it names a label; "DEFAULT vesamenu.c32" (a menu
 * module) leaves the menu's first entry.
 */
#ifndef KEXBOOT_BOOT_SYSLINUX_H
#define KEXBOOT_BOOT_SYSLINUX_H

#include "lib/diag.h"
#include "boot/entry.h"
#include "boot/source.h"
#include "boot/volume.h"

#define SYSLINUX_MAX_FILE (1u << 20)
#define SYSLINUX_MAX_INCLUDE_DEPTH 8
#define SYSLINUX_MAX_ENTRIES 1024
#define SYSLINUX_MAX_LINE 4096
#define SYSLINUX_MAX_MENU_DEPTH 8    /* MENU BEGIN blocks inside each other */
#define SYSLINUX_MAX_SUBMENUS 256    /* MENU BEGIN blocks in one parse */

/*
 * Appends the labels of cfg_path, read from ctx, to out; sets default/timeout
 * when unset. -ENOENT if missing. Under a URL source, names resolve against
 * the base URL (PXELINUX's server directory) and refs are URLs.
 */
int syslinux_parse_source(const struct source_ctx *ctx, const char *cfg_path, struct boot_set *out,
			  struct diag_list *diags);
/* syslinux_parse_source on one volume. */
int syslinux_parse(const struct boot_volume *vol, const char *cfg_path, struct boot_set *out,
		   struct diag_list *diags);

/*
 * The "syslinux" row of the discovery table (boot/discover.h): extlinux.conf,
 * syslinux.cfg and isolinux.cfg where their installers put them on a volume,
 * pxelinux.cfg/default under a URL; each merged into set in that order.
 * -ENOMEM is the only error.
 */
int syslinux_discover(const struct source_ctx *ctx, struct boot_set *set, struct diag_list *diags);

#endif
