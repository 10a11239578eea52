/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sign: the build machine's side of boot/trust/manifest.h, for `kexboot
 * sign`: a detached PKCS#7 SignedData (SHA-256, binary, the signer's
 * certificate and any intermediates carried inside) over the manifest
 * bytes, as a PEM block to append to the .kexboot-sig container.
 *
 * Ownership: the caller owns *ret; everything else is borrowed.
 */
#ifndef KEXBOOT_BOOT_TRUST_SIGN_H
#define KEXBOOT_BOOT_TRUST_SIGN_H

#include <stddef.h>

#include "lib/diag.h"

/*
 * key_pem: the private key (PEM, unencrypted); cert_pem: the signer's
 * certificate first, then intermediates to carry along. *ret is the PEM
 * text ("-----BEGIN PKCS7-----...").
 */
int sig_sign(const void *data, size_t len, const char *key_pem, size_t key_len, const char *cert_pem,
	     size_t cert_len, char **ret, size_t *ret_len, struct diag_list *diags);

#endif
