/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unified kernel images (Boot Loader Specification Type #2): /EFI/Linux/NAME.efi
 * and BLS `uki` keys. The PE section table (lib/pe.h) is read bounds-checked;
 * the entry boots .linux with .ucode (first) and .initrd as initrds and
 * .cmdline as command line; its title comes from .osrel and .uname.
 */
#ifndef KEXBOOT_BOOT_UKI_H
#define KEXBOOT_BOOT_UKI_H

#include <stdbool.h>

#include "boot/bls/list.h"
#include "lib/diag.h"
#include "boot/entry.h"
#include "boot/fsaccess.h"
#include "boot/volume.h"

#define UKI_MAX_TEXT_SECTION (64u << 10) /* .osrel, .cmdline, .uname */
#define UKI_MAX_ENTRIES 256

struct uki_info {
	bool has_initrd, has_ucode;
	char *cmdline;       /* .cmdline, trailing blanks and NULs removed, or NULL */
	char *uname;         /* .uname or NULL */
	char *pretty_name, *name, *id, *image_id, *version_id, *image_version, *build_id; /* .osrel */
};

/* Reads path's PE headers and text sections. -ENOEXEC when it has no .linux. */
int uki_inspect(const struct fsaccess *fs, const char *path, struct uki_info *out, struct diag_list *diags,
		const char *origin);
void uki_info_done(struct uki_info *info);
/*
 * Fills e's kernel/initrds (PE sections of device:path), and title,
 * sort_key, version where e has none; the command line too when use_cmdline.
 */
int uki_info_to_entry(const struct uki_info *info, const char *device, const char *path, struct boot_entry *e,
		      bool use_cmdline);
/* Adds every *.efi UKI in dir to l (sorted later with the BLS entries). -ENOENT if no dir. */
int uki_collect_dir(const struct boot_volume *vol, const char *dir, struct bls_list *l, struct diag_list *diags);

#endif
