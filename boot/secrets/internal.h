/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside boot/secrets/ only: the sources secrets.c calls and the one way
 * they add to a set. Nothing outside the folder includes this.
 */
#ifndef KEXBOOT_BOOT_SECRETS_INTERNAL_H
#define KEXBOOT_BOOT_SECRETS_INTERNAL_H

#include "boot/secrets/secrets.h"

/*
 * Adds name with bytes (moved in: bytes is left BLOB_INIT, released when
 * it is not kept). A name already in the set is noted and the new bytes
 * are wiped. 0 or -errno.
 */
int secret_set_take(struct secret_set *set, const char *name, const char *source, struct blob *bytes,
		    struct diag_list *why);

/* The sources (dir.c, keyring.c, tpm.c): problems are notes; only allocation failures stop. */
int secrets_dir_gather(const struct secrets_ctx *ctx, struct secret_set *set, struct diag_list *why);
int secrets_keyring_gather(const struct secrets_ctx *ctx, struct secret_set *set, struct diag_list *why);
/* tpm.c: a sealed secret that does not unseal is a failure only when kexboot.secrets names it. */
int secrets_tpm_gather(const struct secrets_ctx *ctx, struct secret_set *set, struct diag_list *why);
/*
 * https.c: a required secret it cannot supply (an http:// or tftp://
 * config, a failed fetch) stops with the reason: no source comes after it.
 */
int secrets_https_gather(const struct secrets_ctx *ctx, struct secret_set *set, struct diag_list *why);

#endif
