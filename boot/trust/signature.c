// SPDX-License-Identifier: GPL-2.0-or-later
/* Detached PKCS#7/CMS signatures over manifests, checked against root certificates (OpenSSL). */
#include "boot/trust/signature.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

struct trust_anchors {
	X509_STORE *store; /* owned */
	size_t n;          /* certificates added */
};

size_t trust_anchors_count(const struct trust_anchors *a)
{
	return a ? a->n : 0;
}

void trust_anchors_free(struct trust_anchors *a)
{
	if (!a)
		return;
	X509_STORE_free(a->store);
	free(a);
}

int trust_anchors_add_pem(struct trust_anchors **a, const void *pem, size_t len, const char *name,
			  struct diag_list *diags)
{
	struct trust_anchors *t = *a;
	size_t added = 0;
	BIO *in;
	X509 *x;
	int r = 0;

	if (len > TRUST_ANCHOR_FILE_MAX)
		return diag_fail(diags, E2BIG, "%s: %zu bytes (at most %u)", name, len, TRUST_ANCHOR_FILE_MAX);
	if (!t) {
		t = calloc(1, sizeof(*t));
		if (!t || !(t->store = X509_STORE_new())) {
			free(t);
			return -ENOMEM;
		}
	}
	in = BIO_new_mem_buf(pem, (int)len);
	if (!in) {
		r = -ENOMEM;
		goto out;
	}
	while ((x = PEM_read_bio_X509(in, NULL, NULL, NULL))) {
		if (X509_STORE_add_cert(t->store, x) == 1)
			added++;
		X509_free(x);
	}
	BIO_free(in);
	ERR_clear_error();
	if (!added)
		r = diag_fail(diags, EINVAL, "%s: no certificate in the file", name);
	t->n += added;
out:
	if (r < 0 && !*a)
		trust_anchors_free(t);
	else
		*a = t;
	return r;
}

static bool name_is_pem(const char *n)
{
	size_t l = strlen(n);

	return l > 4 && strcmp(n + l - 4, ".pem") == 0 && n[0] != '.';
}

int trust_anchors_load(const char *root, const char *dir, struct trust_anchors **ret, struct diag_list *diags)
{
	_cleanup_free_ char *path = path_join(root, dir);
	struct trust_anchors *a = NULL;
	size_t files = 0;
	struct dirent *de;
	DIR *d;
	int r = 0;

	if (!path)
		return -ENOMEM;
	d = opendir(path);
	if (!d)
		return diag_fail(diags, errno, "trust anchors %s: %s", dir, strerror(errno));
	while ((de = readdir(d))) {
		_cleanup_free_ char *buf = NULL;
		size_t len;

		if (!name_is_pem(de->d_name))
			continue;
		if (++files > TRUST_ANCHORS_MAX_FILES) {
			r = diag_fail(diags, E2BIG, "trust anchors %s: more than %d files", dir, TRUST_ANCHORS_MAX_FILES);
			break;
		}
		r = file_read_at(dirfd(d), de->d_name, TRUST_ANCHOR_FILE_MAX, &buf, &len);
		if (r < 0) {
			r = diag_fail(diags, r, "trust anchor %s/%s: %s", dir, de->d_name, strerror(-r));
			break;
		}
		r = trust_anchors_add_pem(&a, buf, len, de->d_name, diags);
		if (r < 0)
			break;
	}
	closedir(d);
	if (r >= 0 && !a)
		r = diag_fail(diags, ENOENT, "trust anchors %s: no *.pem file", dir);
	if (r < 0) {
		trust_anchors_free(a);
		return r;
	}
	*ret = a;
	return 0;
}

/* PEM ("PKCS7" or "CMS" block) or DER bytes into a PKCS#7 structure; NULL when neither. */
static PKCS7 *sig_decode(const void *sig, size_t sig_len)
{
	PKCS7 *p7 = NULL;

	if (sig_len >= 11 && memcmp(sig, "-----BEGIN ", 11) == 0) {
		BIO *in = BIO_new_mem_buf(sig, (int)sig_len);
		char *nm = NULL, *hdr = NULL;
		unsigned char *der = NULL;
		long dlen = 0;

		if (in && PEM_read_bio(in, &nm, &hdr, &der, &dlen) == 1 &&
		    (strcmp(nm, "PKCS7") == 0 || strcmp(nm, "CMS") == 0)) {
			const unsigned char *p = der;

			p7 = d2i_PKCS7(NULL, &p, dlen);
		}
		OPENSSL_free(nm);
		OPENSSL_free(hdr);
		OPENSSL_free(der);
		BIO_free(in);
	} else {
		const unsigned char *p = sig;

		p7 = d2i_PKCS7(NULL, &p, (long)sig_len);
	}
	return p7;
}

static int signer_describe(X509 *x, struct sig_signer *s)
{
	unsigned int mdlen = 0;

	memset(s, 0, sizeof(*s));
	if (!X509_NAME_oneline(X509_get_subject_name(x), s->subject, sizeof(s->subject)))
		snprintf(s->subject, sizeof(s->subject), "?");
	if (X509_pubkey_digest(x, EVP_sha256(), s->key_id, &mdlen) != 1 || mdlen != sizeof(s->key_id))
		return -EINVAL;
	return 0;
}

/* Does x chain to an anchor, every certificate valid at now? untrusted: the certificates the signature carries. */
static int signer_chain(const struct trust_anchors *a, X509 *x, STACK_OF(X509) *untrusted, time_t now,
			const char *subject, struct diag_list *diags)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	int ok, err;

	if (!ctx)
		return -ENOMEM;
	if (X509_STORE_CTX_init(ctx, a->store, x, untrusted) != 1) {
		X509_STORE_CTX_free(ctx);
		return -ENOMEM;
	}
	X509_STORE_CTX_set_time(ctx, 0, now);
	ok = X509_verify_cert(ctx);
	err = X509_STORE_CTX_get_error(ctx);
	X509_STORE_CTX_free(ctx);
	if (ok == 1)
		return 0;
	switch (err) {
	case X509_V_ERR_CERT_HAS_EXPIRED:
	case X509_V_ERR_CERT_NOT_YET_VALID:
		return diag_fail(diags, EKEYEXPIRED, "signer %s: %s", subject, X509_verify_cert_error_string(err));
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
		return diag_fail(diags, ENOKEY, "unknown signer %s: %s", subject, X509_verify_cert_error_string(err));
	default:
		return diag_fail(diags, EKEYREJECTED, "signer %s: %s", subject, X509_verify_cert_error_string(err));
	}
}

int sig_verify_one(const struct trust_anchors *a, const void *data, size_t len, const void *sig, size_t sig_len,
		   time_t now, struct sig_signer *ret, size_t max, size_t *ret_n, struct diag_list *diags)
{
	STACK_OF(X509) *signers = NULL;
	struct sig_signer got[SIG_MAX_SIGNERS];
	BIO *content = NULL, *mem;
	PKCS7 *p7 = NULL;
	int n = 0, r = 0;

	if (!a || !a->n)
		return diag_fail(diags, ENOKEY, "no trust anchor is built in");
	if (sig_len > MANIFEST_SIG_MAX || len > MANIFEST_MAX_BYTES)
		return diag_fail(diags, E2BIG, "signature or manifest too large");
	p7 = sig_decode(sig, sig_len);
	if (!p7) {
		r = diag_fail(diags, EBADMSG, "not a PKCS#7/CMS signature");
		goto out;
	}
	if (!PKCS7_type_is_signed(p7) || !p7->d.sign || !PKCS7_get_detached(p7)) {
		r = diag_fail(diags, EBADMSG, "not a detached PKCS#7/CMS signature");
		goto out;
	}
	signers = PKCS7_get0_signers(p7, NULL, 0);
	n = signers ? sk_X509_num(signers) : 0;
	if (n <= 0) {
		r = diag_fail(diags, EBADMSG, "the signature carries no signer certificate");
		goto out;
	}
	if ((size_t)n > SIG_MAX_SIGNERS || (size_t)n > max) {
		r = diag_fail(diags, E2BIG, "%d signers in one signature (at most %zu)", n,
			      max < SIG_MAX_SIGNERS ? max : (size_t)SIG_MAX_SIGNERS);
		goto out;
	}
	/*
	 * The manifest behind a buffering BIO: PKCS7_verify() copies a bare
	 * memory BIO into a temporary one that OpenSSL 3.0 leaks when the
	 * signature's content cannot be set up (found by fuzz-signature).
	 */
	content = BIO_new(BIO_f_buffer());
	mem = BIO_new_mem_buf(len ? data : "", (int)len);
	if (!content || !mem) {
		BIO_free(mem);
		r = -ENOMEM;
		goto out;
	}
	BIO_push(content, mem);
	/* The bytes first (PKCS7_NOVERIFY: the chains are checked below, one signer at a time, at `now`). */
	if (PKCS7_verify(p7, NULL, NULL, content, NULL, PKCS7_BINARY | PKCS7_NOVERIFY) != 1) {
		r = diag_fail(diags, EBADMSG, "the signature does not match the manifest");
		goto out;
	}
	for (int i = 0; i < n; i++) {
		X509 *x = sk_X509_value(signers, i);

		r = signer_describe(x, &got[i]);
		if (r < 0) {
			r = diag_fail(diags, r, "cannot read a signer's public key");
			goto out;
		}
		r = signer_chain(a, x, p7->d.sign->cert, now, got[i].subject, diags);
		if (r < 0)
			goto out;
	}
	memcpy(ret, got, (size_t)n * sizeof(*got));
	*ret_n = (size_t)n;
	r = 0;
out:
	sk_X509_free(signers);
	BIO_free_all(content);
	PKCS7_free(p7);
	ERR_clear_error();
	return r;
}

int sig_count(const struct trust_anchors *a, const char *name, const struct manifest_file *f, time_t now,
	      size_t *ret_good, struct diag_list *diags)
{
	uint8_t seen[MANIFEST_MAX_SIGS * SIG_MAX_SIGNERS][32];
	size_t n_seen = 0;
	bool failed = false;

	for (size_t i = 0; i < f->n_sigs; i++) {
		struct sig_signer got[SIG_MAX_SIGNERS];
		struct diag_list one = { 0 };
		size_t n = 0;
		int r;

		r = sig_verify_one(a, f->text, f->text_len, f->sigs[i].pem, f->sigs[i].len, now, got, SIG_MAX_SIGNERS,
				   &n, &one);
		diag_list_drop_msgs(&one); /* only the reason (a fixed buffer) is used */
		if (r == -ENOMEM)
			return r;
		if (r < 0) {
			(void)diag_add(diags, name, f->sigs[i].line, "%s", diag_reason(&one, strerror(-r)));
			if (!failed)
				(void)diag_fail(diags, r, "%s:%u: %s", name, f->sigs[i].line,
						diag_reason(&one, strerror(-r)));
			failed = true;
			continue;
		}
		for (size_t j = 0; j < n; j++) {
			bool dup = false;

			for (size_t k = 0; k < n_seen && !dup; k++)
				dup = memcmp(seen[k], got[j].key_id, 32) == 0;
			if (!dup && n_seen < ARRAY_SIZE(seen))
				memcpy(seen[n_seen++], got[j].key_id, 32);
		}
	}
	*ret_good = n_seen;
	return 0;
}
