/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * image: the "fetch/resolve" stage. Turns a chosen boot_entry into the
 * bytes the loader needs: the kernel and every initrd, in order, each a
 * blob fetched through boot/fetch (mapped read-only straight from its
 * filesystem: no copies, no temporary files), and the command line to use.
 * UKI sections (.linux, .initrd, .ucode) are blobs narrowed to the section.
 * A kernel reference without a section that turns out to be a whole UKI (a
 * BLS uki-url, an iPXE chain of a .efi) is split the way `kexboot kexec`
 * splits one: .linux is the kernel, .ucode and .initrd come before the
 * entry's initrds, .cmdline is the command line when the entry has none.
 * The entry's devicetree (BLS and GRUB `devicetree`) is fetched too: the
 * verify stage wants it signed, the measure stage puts it in PCR 9, and the
 * loader hands it over as setup_data SETUP_DTB.
 *
 * With ctx->signatures the stage also reads the entry's signature file
 * (the trust stage's manifest and signatures): the one the config names
 * (e->signature: BLS kexboot-sig, iPXE imgverify), else the one beside the
 * kernel (<kernel path or URL>.kexboot-sig). Optional, so a missing one is
 * recorded, not an error (enforce then refuses the entry, naming it).
 *
 * Ownership: struct boot_image owns its blobs and strings;
 * boot_image_done() releases them and accepts a zeroed struct.
 */
#ifndef KEXBOOT_BOOT_IMAGE_H
#define KEXBOOT_BOOT_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "boot/entry.h"
#include "boot/fetch/fetch.h"
#include "lib/blob.h"
#include "lib/diag.h"

#define BOOT_IMAGE_KERNEL_MAX (256ull << 20) /* bigger "kernels" are refused */
#define BOOT_IMAGE_INITRD_MAX (2ull << 30)
#define BOOT_IMAGE_MAX_INITRDS BOOT_ENTRY_MAX_INITRDS

struct boot_image {
	struct blob kernel;
	struct blob *initrds;      /* owned array, in boot order */
	size_t n_initrds;
	char *cmdline;             /* owned; "" when none */
	struct blob devicetree;    /* the entry's devicetree (BLS/GRUB `devicetree`); no name when none
	                            * (a zeroed one is fine: boot_image_done() releases only a fetched one) */

	/* The signature file for the verify stage (boot/trust/manifest.h); all owned. */
	char *sig_name;            /* where it was looked for, for messages; NULL when not looked for */
	char *sig_data;            /* its bytes (NUL-terminated), or NULL */
	size_t sig_len;
	char *sig_error;           /* why there is none ("...: No such file"), or NULL */
};

#define BOOT_IMAGE_DTB_MAX (4u << 20) /* the loader's SETUP_DTB bound (loader/loader.h KEXEC_MAX_DTB) */
#define BOOT_IMAGE_SIG_SUFFIX ".kexboot-sig"
#define BOOT_IMAGE_SIG_MAX (256u << 10)

/*
 * Fetches e's kernel and initrds through ctx. cmdline overrides
 * e->cmdline when non-NULL (an edit from the menu). On failure writes a
 * plain-words reason naming the file to why->reason and leaves img empty.
 */
int boot_image_fetch(const struct fetch_ctx *ctx, const struct boot_entry *e, const char *cmdline,
		     struct boot_image *img, struct diag_list *why);
void boot_image_done(struct boot_image *img);
/* The entry named a devicetree and it was fetched (it may be empty). */
static inline bool boot_image_has_devicetree(const struct boot_image *img)
{
	return img->devicetree.name != NULL;
}

#endif
