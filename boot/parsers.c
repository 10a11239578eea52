// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The config languages discovery runs on every source, in menu order: a
 * volume lists GRUB's menu first, then systemd-boot's (BLS entries and UKIs
 * sorted together), then syslinux labels. Each row's parse function knows
 * where its language looks (the paths live in the parser's folder) and
 * merges what it finds into the set; a language with nothing to read under
 * a source (BLS behind a URL, iPXE on a volume) returns 0. iPXE scripts
 * come last: a netboot source's own config.
 */
#include "boot/discover.h"
#include "boot/bls/bls.h"
#include "boot/grub/grub.h"
#include "boot/ipxe/ipxe.h"
#include "boot/syslinux/syslinux.h"

const struct discover_parser discover_parsers[] = {
	{ "grub", grub_discover },
	{ "bls", bls_discover },
	{ "syslinux", syslinux_discover },
	{ "ipxe", ipxe_discover },
};

const size_t discover_n_parsers = sizeof(discover_parsers) / sizeof(discover_parsers[0]);
