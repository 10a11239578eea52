// SPDX-License-Identifier: GPL-2.0-or-later
/* A detached PKCS#7 signature over a manifest (kexboot sign). */
#include "boot/trust/sign.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

int sig_sign(const void *data, size_t len, const char *key_pem, size_t key_len, const char *cert_pem,
	     size_t cert_len, char **ret, size_t *ret_len, struct diag_list *diags)
{
	BIO *kb = NULL, *cb = NULL, *in = NULL, *out = NULL;
	STACK_OF(X509) *extra = NULL;
	EVP_PKEY *key = NULL;
	X509 *cert = NULL, *x;
	PKCS7 *p7 = NULL;
	char *mem, *buf;
	long n;
	int r = 0;

	if (len > INT_MAX || key_len > INT_MAX || cert_len > INT_MAX)
		return diag_fail(diags, E2BIG, "input too large");
	kb = BIO_new_mem_buf(key_pem, (int)key_len);
	cb = BIO_new_mem_buf(cert_pem, (int)cert_len);
	in = BIO_new_mem_buf(len ? data : "", (int)len);
	out = BIO_new(BIO_s_mem());
	extra = sk_X509_new_null();
	if (!kb || !cb || !in || !out || !extra) {
		r = -ENOMEM;
		goto out;
	}
	key = PEM_read_bio_PrivateKey(kb, NULL, NULL, NULL);
	if (!key) {
		r = diag_fail(diags, EINVAL, "the key is not a PEM private key (or it is encrypted)");
		goto out;
	}
	cert = PEM_read_bio_X509(cb, NULL, NULL, NULL);
	if (!cert) {
		r = diag_fail(diags, EINVAL, "the certificate file holds no PEM certificate");
		goto out;
	}
	while ((x = PEM_read_bio_X509(cb, NULL, NULL, NULL)))
		if (!sk_X509_push(extra, x)) {
			X509_free(x);
			r = -ENOMEM;
			goto out;
		}
	ERR_clear_error();
	if (X509_check_private_key(cert, key) != 1) {
		r = diag_fail(diags, EINVAL, "the key does not belong to the certificate");
		goto out;
	}
	p7 = PKCS7_sign(cert, key, sk_X509_num(extra) ? extra : NULL, in, PKCS7_DETACHED | PKCS7_BINARY);
	if (!p7 || PEM_write_bio_PKCS7(out, p7) != 1) {
		r = diag_fail(diags, EINVAL, "signing failed: %s", ERR_reason_error_string(ERR_peek_last_error()));
		goto out;
	}
	n = BIO_get_mem_data(out, &mem);
	buf = n > 0 ? malloc((size_t)n + 1) : NULL;
	if (!buf) {
		r = -ENOMEM;
		goto out;
	}
	memcpy(buf, mem, (size_t)n);
	buf[n] = '\0';
	*ret = buf;
	*ret_len = (size_t)n;
out:
	PKCS7_free(p7);
	X509_free(cert);
	sk_X509_pop_free(extra, X509_free);
	EVP_PKEY_free(key);
	BIO_free(kb);
	BIO_free(cb);
	BIO_free(in);
	BIO_free(out);
	ERR_clear_error();
	return r;
}
