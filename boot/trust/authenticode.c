// SPDX-License-Identifier: GPL-2.0-or-later
/* Authenticode: the image hash, the certificate table's PKCS#7 signatures, the anchors. */
#include "boot/trust/authenticode.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/pe-hash.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

/* SpcIndirectDataContent's content type, 1.3.6.1.4.1.311.2.1.4, in DER. */
static const uint8_t spc_indirect_data_oid[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x01, 0x04 };

static void pkcs7_freep(PKCS7 **p)
{
	PKCS7_free(*p);
}

static void bio_freep(BIO **p)
{
	BIO_free(*p);
}

static void x509_sig_freep(X509_SIG **p)
{
	X509_SIG_free(*p);
}

static void store_ctx_freep(X509_STORE_CTX **p)
{
	X509_STORE_CTX_free(*p);
}

static void md_ctx_freep(EVP_MD_CTX **p)
{
	EVP_MD_CTX_free(*p);
}

static void closedirp(DIR **d)
{
	if (*d)
		closedir(*d);
}

/*
 * One DER tag and length at p (up to end): ret_hdr header bytes, ret_len
 * content bytes, both inside [p, end). Definite lengths of at most 4 bytes.
 */
static int der_header(const uint8_t *p, const uint8_t *end, uint8_t tag, size_t *ret_hdr, size_t *ret_len)
{
	size_t avail = (size_t)(end - p), hdr = 2, len;

	if (avail < 2 || p[0] != tag)
		return -EBADMSG;
	len = p[1];
	if (len & 0x80) {
		size_t n = len & 0x7f;

		if (n == 0 || n > 4 || avail - 2 < n)
			return -EBADMSG;
		len = 0;
		for (size_t i = 0; i < n; i++)
			len = len << 8 | p[2 + i];
		hdr += n;
	}
	if (len > avail - hdr)
		return -EBADMSG;
	*ret_hdr = hdr;
	*ret_len = len;
	return 0;
}

static const EVP_MD *digest_by_nid(int nid)
{
	switch (nid) {
	case NID_sha256:
		return EVP_sha256();
	case NID_sha384:
		return EVP_sha384();
	case NID_sha512:
		return EVP_sha512();
	}
	return NULL;
}

static int image_hash_md(const void *pe, const struct pe_hash_layout *l, const EVP_MD *md, uint8_t *out,
			 size_t *ret_len)
{
	_cleanup_(md_ctx_freep) EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned n = 0;

	if (!ctx)
		return -ENOMEM;
	if (EVP_DigestInit_ex(ctx, md, NULL) != 1)
		return -EIO;
	for (size_t i = 0; i < l->n_ranges; i++)
		if (EVP_DigestUpdate(ctx, (const uint8_t *)pe + l->ranges[i].off, l->ranges[i].len) != 1)
			return -EIO;
	if (EVP_DigestFinal_ex(ctx, out, &n) != 1)
		return -EIO;
	*ret_len = n;
	return 0;
}

/*
 * The image hashes computed so far for one image, one per digest: several
 * signatures with the same digest hash a (large) kernel once.
 */
struct hash_cache {
	struct {
		const EVP_MD *md;
		uint8_t d[AUTHENTICODE_MAX_DIGEST];
		size_t len;
	} e[3];
	size_t n;
};

static int image_hash_cached(const void *pe, const struct pe_hash_layout *l, const EVP_MD *md,
			     struct hash_cache *c, const uint8_t **ret, size_t *ret_len)
{
	size_t i;
	int r;

	for (i = 0; i < c->n; i++)
		if (c->e[i].md == md)
			break;
	if (i == c->n) {
		if (i == ARRAY_SIZE(c->e))
			return -E2BIG; /* digest_by_nid() knows three */
		r = image_hash_md(pe, l, md, c->e[i].d, &c->e[i].len);
		if (r < 0)
			return r;
		c->e[i].md = md;
		c->n++;
	}
	*ret = c->e[i].d;
	*ret_len = c->e[i].len;
	return 0;
}

int authenticode_image_hash(const void *pe, size_t len, const char *md, uint8_t *out, size_t *ret_len)
{
	const EVP_MD *named = EVP_get_digestbyname(md);
	const EVP_MD *m = named ? digest_by_nid(EVP_MD_type(named)) : NULL;
	struct pe_hash_layout l;
	int r;

	if (!m)
		return -ENOPKG;
	r = pe_hash_layout(pe, len, &l);
	if (r < 0)
		return r;
	return image_hash_md(pe, &l, m, out, ret_len);
}

/*
 * The SpcIndirectDataContent of a SignedData: ret_content and ret_len give
 * the DER its signature covers (the SEQUENCE's value, without tag and
 * length), ret_digest its DigestInfo (owned by the caller).
 */
static int spc_content(PKCS7 *p7, const uint8_t **ret_content, size_t *ret_len, X509_SIG **ret_digest)
{
	PKCS7 *c = p7->d.sign->contents;
	const uint8_t *p, *end, *di;
	size_t hdr, len, ahdr, alen;
	const ASN1_STRING *s;
	unsigned char oid[sizeof(spc_indirect_data_oid)];
	int r;

	if (!c || !c->type || !c->d.other || c->d.other->type != V_ASN1_SEQUENCE)
		return -EBADMSG;
	if (OBJ_length(c->type) != sizeof(oid) || memcmp(OBJ_get0_data(c->type), spc_indirect_data_oid, sizeof(oid)) != 0)
		return -EBADMSG;
	s = c->d.other->value.sequence;
	p = ASN1_STRING_get0_data(s);
	end = p + ASN1_STRING_length(s);
	/* SEQUENCE { SpcAttributeTypeAndOptionalValue, DigestInfo } */
	r = der_header(p, end, 0x30, &hdr, &len);
	if (r < 0 || hdr + len != (size_t)(end - p))
		return -EBADMSG;
	r = der_header(p + hdr, end, 0x30, &ahdr, &alen);
	if (r < 0)
		return r;
	di = p + hdr + ahdr + alen;
	*ret_digest = d2i_X509_SIG(NULL, &di, end - di);
	if (!*ret_digest)
		return -EBADMSG;
	*ret_content = p + hdr;
	*ret_len = len;
	return 0;
}

/* The signer chains to an anchor (time not checked; see authenticode.h). */
static int signer_chain(PKCS7 *p7, const struct authenticode_anchors *a, const char *name, struct diag_list *why)
{
	_cleanup_(store_ctx_freep) X509_STORE_CTX *ctx = NULL;
	STACK_OF(X509) *signers = PKCS7_get0_signers(p7, NULL, 0);
	X509 *signer = signers && sk_X509_num(signers) == 1 ? sk_X509_value(signers, 0) : NULL;
	char subject[128] = "?";
	int ok;

	if (!signer) {
		sk_X509_free(signers);
		return diag_fail(why, EBADMSG, "%s: bad PKCS#7 signature: no signer certificate", name);
	}
	X509_NAME_oneline(X509_get_subject_name(signer), subject, sizeof(subject));
	ctx = X509_STORE_CTX_new();
	if (!ctx || !a->store || X509_STORE_CTX_init(ctx, a->store, signer, p7->d.sign->cert) != 1) {
		sk_X509_free(signers);
		return diag_fail(why, ENOKEY, "%s: unknown signer %s (no Authenticode anchors)", name, subject);
	}
	ok = X509_verify_cert(ctx);
	sk_X509_free(signers);
	if (ok != 1)
		return diag_fail(why, ENOKEY, "%s: unknown signer %s: %s (anchors: %s, %zu)", name, subject,
				 X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)),
				 a->dir ? a->dir : "none", a->n);
	return 0;
}

/* One PKCS#7 SignedData from the certificate table, against the image. */
static int verify_one(const void *pe, const struct pe_hash_layout *l, struct hash_cache *hashes,
		      const struct pe_cert *cert, const char *name, const struct authenticode_anchors *a,
		      struct diag_list *why)
{
	_cleanup_(pkcs7_freep) PKCS7 *p7 = NULL;
	_cleanup_(x509_sig_freep) X509_SIG *di = NULL;
	_cleanup_(bio_freep) BIO *content = NULL;
	const X509_ALGOR *alg;
	const ASN1_OCTET_STRING *want;
	const unsigned char *p = cert->data;
	const uint8_t *got, *c;
	size_t got_len, c_len;
	const EVP_MD *md;
	int r;

	if (cert->len > LONG_MAX)
		return diag_fail(why, EBADMSG, "%s: bad PKCS#7 signature: too large", name);
	p7 = d2i_PKCS7(NULL, &p, (long)cert->len);
	if (!p7 || !PKCS7_type_is_signed(p7) || !p7->d.sign)
		return diag_fail(why, EBADMSG, "%s: bad PKCS#7 signature: not a SignedData", name);
	if (sk_PKCS7_SIGNER_INFO_num(p7->d.sign->signer_info) != 1)
		return diag_fail(why, EBADMSG, "%s: bad PKCS#7 signature: %d signers, Authenticode has one", name,
				 sk_PKCS7_SIGNER_INFO_num(p7->d.sign->signer_info));
	r = spc_content(p7, &c, &c_len, &di);
	if (r < 0)
		return diag_fail(why, r, "%s: bad PKCS#7 signature: no SpcIndirectDataContent", name);
	X509_SIG_get0(di, &alg, &want);
	md = digest_by_nid(OBJ_obj2nid(alg->algorithm));
	if (!md)
		return diag_fail(why, ENOPKG, "%s: Authenticode digest %s is not accepted (SHA-256/384/512 only)", name,
				 OBJ_nid2sn(OBJ_obj2nid(alg->algorithm)));
	r = image_hash_cached(pe, l, md, hashes, &got, &got_len);
	if (r < 0)
		return diag_fail(why, r, "%s: cannot hash the image", name);
	if ((size_t)ASN1_STRING_length(want) != got_len ||
	    CRYPTO_memcmp(ASN1_STRING_get0_data(want), got, got_len) != 0)
		return diag_fail(why, EKEYREJECTED, "%s: Authenticode digest mismatch (the image was changed after signing)",
				 name);
	/* The signature covers the content's value, handed over as detached data. */
	content = BIO_new_mem_buf(c, (int)c_len);
	if (!content)
		return -ENOMEM;
	if (PKCS7_verify(p7, NULL, NULL, content, NULL, PKCS7_BINARY | PKCS7_NOVERIFY) != 1)
		return diag_fail(why, EKEYREJECTED, "%s: Authenticode signature does not verify", name);
	return signer_chain(p7, a, name, why);
}

int authenticode_verify(const void *pe, size_t len, const char *name, const struct authenticode_anchors *a,
			struct diag_list *why)
{
	struct diag_list first;
	struct pe_hash_layout l;
	struct pe_cert_iter it = { 0 };
	struct hash_cache hashes = { 0 };
	struct pe_cert cert;
	unsigned tried = 0;
	int r, first_r = 0;

	if (len < 2 || memcmp(pe, "MZ", 2) != 0)
		return diag_fail(why, ENOEXEC, "%s: not a PE image", name);
	r = pe_hash_layout(pe, len, &l);
	if (r < 0)
		return diag_fail(why, EBADMSG, "%s: malformed PE headers, no Authenticode hash", name);
	if (!l.cert_size)
		return diag_fail(why, ENODATA, "%s: unsigned (no Authenticode signature)", name);
	diag_list_init(&first);
	while ((r = pe_cert_next(pe, &l, &it, &cert)) > 0) {
		if (cert.revision != PE_CERT_REVISION_2_0 || cert.type != PE_CERT_TYPE_PKCS_SIGNED_DATA)
			continue;
		r = verify_one(pe, &l, &hashes, &cert, name, a, tried ? NULL : &first);
		ERR_clear_error(); /* OpenSSL's queue of what failed: the reason says it */
		if (r == 0) {
			diag_list_done(&first);
			return 0;
		}
		if (!tried++)
			first_r = r;
	}
	if (r < 0 && !tried) {
		diag_list_done(&first);
		return diag_fail(why, EBADMSG, "%s: malformed certificate table", name);
	}
	if (!tried) {
		diag_list_done(&first);
		return diag_fail(why, ENODATA, "%s: unsigned (no PKCS#7 signature in the certificate table)", name);
	}
	/* The first signature's reason; others failed too. */
	r = diag_fail(why, first_r, "%s%s", first.reason, tried > 1 ? " (and every other signature failed)" : "");
	diag_list_done(&first);
	return r;
}

int authenticode_verify_blob(const struct blob *pe, const struct authenticode_anchors *a, struct diag_list *why)
{
	const void *file = pe->storage ? pe->storage : pe->data;
	size_t len = pe->storage ? pe->storage_len : pe->size;

	return authenticode_verify(file, len, pe->name ? pe->name : "image", a, why);
}

void authenticode_anchors_done(struct authenticode_anchors *a)
{
	X509_STORE_free(a->store);
	free(a->dir);
	memset(a, 0, sizeof(*a));
}

/* Adds every certificate of one PEM file; 0 certificates is an error. */
static int anchors_add_file(struct authenticode_anchors *a, int dfd, const char *fname, struct diag_list *why)
{
	_cleanup_free_ char *buf = NULL;
	_cleanup_(bio_freep) BIO *bio = NULL;
	size_t len, n = 0;
	X509 *x;
	int r;

	r = file_read_at(dfd, fname, AUTHENTICODE_MAX_ANCHOR_FILE, &buf, &len);
	if (r < 0)
		return diag_fail(why, r, "%s/%s: cannot read the anchor", a->dir, fname);
	bio = BIO_new_mem_buf(buf, (int)len);
	if (!bio)
		return -ENOMEM;
	while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
		r = X509_STORE_add_cert(a->store, x);
		X509_free(x);
		if (r != 1)
			return diag_fail(why, EBADMSG, "%s/%s: cannot add the anchor", a->dir, fname);
		n++;
	}
	ERR_clear_error();
	if (!n)
		return diag_fail(why, EBADMSG, "%s/%s: no PEM certificate", a->dir, fname);
	a->n += n;
	return 0;
}

static bool is_pem_name(const char *s)
{
	size_t n = strlen(s);

	return s[0] != '.' && n > 4 && strcmp(s + n - 4, ".pem") == 0;
}

int authenticode_anchors_load(struct authenticode_anchors *ret, const char *root, struct diag_list *why)
{
	struct authenticode_anchors a = { 0 };
	_cleanup_(closedirp) DIR *d = NULL;
	struct dirent *de;
	unsigned files = 0;
	int r = 0;

	memset(ret, 0, sizeof(*ret));
	a.dir = path_join(root, AUTHENTICODE_ANCHOR_DIR);
	a.store = X509_STORE_new();
	if (!a.dir || !a.store) {
		authenticode_anchors_done(&a);
		return -ENOMEM;
	}
	/* The firmware's db semantics: any anchor ends a chain, validity periods are not checked. */
	X509_STORE_set_flags(a.store, X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_NO_CHECK_TIME);
	d = opendir(a.dir);
	if (!d) {
		if (errno == ENOENT) {
			*ret = a;
			return 0;
		}
		r = diag_fail(why, errno, "%s: cannot read the Authenticode anchors", a.dir);
		authenticode_anchors_done(&a);
		return r;
	}
	while ((de = readdir(d))) {
		if (!is_pem_name(de->d_name))
			continue;
		if (++files > AUTHENTICODE_MAX_ANCHOR_FILES) {
			r = diag_fail(why, E2BIG, "%s: more than %d anchor files", a.dir, AUTHENTICODE_MAX_ANCHOR_FILES);
			break;
		}
		r = anchors_add_file(&a, dirfd(d), de->d_name, why);
		if (r < 0)
			break;
	}
	if (r < 0) {
		authenticode_anchors_done(&a);
		return r;
	}
	*ret = a;
	return 0;
}
