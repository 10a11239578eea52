/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * compose: the stage between measure and plan. It decides the initrd
 * pieces the next kernel gets, in order: every initrd of the fetched image
 * as the entry listed them (a UKI's .ucode and .initrd first), then what
 * kexboot generates itself. The loader lays the pieces out back to back
 * (4-byte aligned, where the kernel's unpacker looks for the next cpio),
 * straight from their blobs.
 *
 * Nothing is generated yet: secrets, the TPM event log and the netboot URL
 * (a newc cpio written in memory by initramfs/cpio.c, in a sensitive blob)
 * land in `generated` when those stages exist. Until then composed->generated
 * stays empty and the pieces are the image's initrds.
 *
 * Ownership: struct composed borrows the image's blobs (the image must
 * outlive it) and owns `pieces` and `generated`; composed_done() releases
 * them (wiping a sensitive generated blob).
 */
#ifndef KEXBOOT_BOOT_COMPOSE_H
#define KEXBOOT_BOOT_COMPOSE_H

#include <stddef.h>

#include "boot/image.h"
#include "lib/blob.h"
#include "lib/diag.h"

struct composed {
	const struct blob **pieces; /* owned array of borrowed blobs, in boot order */
	size_t n_pieces;
	struct blob generated;      /* owned; BLOB_EMPTY while nothing is generated */
};

int compose_initrds(const struct boot_image *img, struct composed *ret, struct diag_list *why);
void composed_done(struct composed *c);

#endif
