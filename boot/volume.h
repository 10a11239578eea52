/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * volume: the set of filesystems a discovery pass can see, so parsers can
 * resolve GRUB's `search`, "(dev)/path" and UUID= references without
 * touching devices themselves. Each volume has a canonical name (what a
 * boot_ref's device says: "UUID=...", "/dev/vda2", or "root" for --root),
 * its identifiers and a file-access view. All members are borrowed.
 *
 * A volume with match_any set stands for every device: `kexboot list --root`
 * runs over one directory tree, so every UUID/LABEL/hd0,gpt2 a config names
 * resolves to that tree.
 */
#ifndef KEXBOOT_BOOT_VOLUME_H
#define KEXBOOT_BOOT_VOLUME_H

#include <stdbool.h>
#include <stddef.h>

#include "boot/fsaccess.h"

struct boot_volume {
	const char *name;
	const char *uuid;      /* filesystem UUID or NULL */
	const char *label;     /* filesystem LABEL or NULL */
	const char *partuuid;  /* GPT/MBR partition UUID or NULL */
	const char *partlabel; /* GPT partition name or NULL */
	const struct fsaccess *fs;
	bool match_any;
};

struct boot_volumes {
	const struct boot_volume *v;
	size_t n;
};

/*
 * Finds the volume a device spec names: its canonical name, "UUID=x",
 * "LABEL=x", "PARTUUID=x", "PARTLABEL=x" (UUIDs compared case-insensitively).
 * Falls back to a match_any volume. NULL when nothing matches.
 */
const struct boot_volume *boot_volume_find(const struct boot_volumes *vs, const char *spec);
/* True when spec names v itself (match_any aside). */
bool boot_volume_is(const struct boot_volume *v, const char *spec);
/*
 * boot_volume_find preferring home when spec names it: two filesystems may
 * share a UUID (a cloned disk), and a config means its own.
 */
const struct boot_volume *boot_volume_find_near(const struct boot_volumes *vs, const char *spec,
						const struct boot_volume *home);
/* The volumes spec names (match_any aside): the first max into ret, the count returned. */
size_t boot_volume_matches(const struct boot_volumes *vs, const char *spec, const struct boot_volume **ret,
			   size_t max);

#endif
