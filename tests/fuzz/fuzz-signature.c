// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the signature-checking path (boot/trust/signature.h)
 * fed arbitrary bytes as the PKCS#7/CMS blob (PEM or DER), over a fixed
 * manifest, against an anchor made once at start-up (an EC key and a
 * self-signed certificate). Nothing may crash or leak, and nothing made up
 * may verify: the anchor's key never signs anything here.
 */
#include "boot/trust/signature.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static struct trust_anchors *anchors;
static const char manifest[] = "kexboot-manifest 1\nkernel 00\ncmdline 00\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	X509_NAME *n = X509_NAME_new();
	BIO *out = BIO_new(BIO_s_mem());
	char *pem;
	long len;

	(void)argc;
	(void)argv;
	if (!key || !x || !n || !out)
		abort();
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400L * 365);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)"fuzz root", -1, -1, 0);
	X509_set_subject_name(x, n);
	X509_set_issuer_name(x, n);
	X509_set_pubkey(x, key);
	if (!X509_sign(x, key, EVP_sha256()) || !PEM_write_bio_X509(out, x))
		abort();
	len = BIO_get_mem_data(out, &pem);
	if (trust_anchors_add_pem(&anchors, pem, (size_t)len, "fuzz", NULL) != 0)
		abort();
	BIO_free(out);
	X509_NAME_free(n);
	X509_free(x);
	EVP_PKEY_free(key);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sig_signer got[SIG_MAX_SIGNERS];
	struct diag_list d = { 0 };
	size_t n = 0;

	if (sig_verify_one(anchors, manifest, strlen(manifest), data, size, time(NULL), got, SIG_MAX_SIGNERS, &n,
			   &d) == 0)
		abort();
	diag_list_done(&d);
	return 0;
}
