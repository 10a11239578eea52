// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/trust/dbx.h"
#include "boot/trust/authenticode.h"
#include "lib/fileio.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dbx_done(struct dbx *x)
{
	if (!x)
		return;
	free(x->h);
	x->h = NULL;
	x->n = 0;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int dbx_parse(const char *name, const char *text, size_t len, struct dbx *ret, struct diag_list *why)
{
	struct dbx x = { 0 };
	unsigned line = 0;
	size_t cap = 0;
	int r = 0;

	for (size_t at = 0; at < len;) {
		const char *s = text + at, *nl = memchr(s, '\n', len - at);
		size_t n = nl ? (size_t)(nl - s) : len - at, i = 0;
		uint8_t h[32];

		at += n + (nl ? 1 : 0);
		line++;
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
			i++;
		if (i == n || s[i] == '#')
			continue;
		for (size_t k = 0; k < 32; k++) {
			int hi = i + 2 * k + 1 < n ? hexval(s[i + 2 * k]) : -1;
			int lo = hi >= 0 ? hexval(s[i + 2 * k + 1]) : -1;

			if (hi < 0 || lo < 0) {
				r = diag_fail(why, EBADMSG, "%s:%u: not a SHA-256 hash (64 hex digits)", name, line);
				goto fail;
			}
			h[k] = (uint8_t)(hi << 4 | lo);
		}
		i += 64;
		if (i < n && !isspace((unsigned char)s[i])) {
			r = diag_fail(why, EBADMSG, "%s:%u: not a SHA-256 hash (64 hex digits)", name, line);
			goto fail;
		}
		if (x.n >= DBX_MAX_HASHES) {
			r = diag_fail(why, E2BIG, "%s:%u: more than %u hashes", name, line, DBX_MAX_HASHES);
			goto fail;
		}
		if (x.n == cap) {
			void *g = realloc(x.h, (cap ? cap * 2 : 16) * sizeof(*x.h));

			if (!g) {
				r = -ENOMEM;
				goto fail;
			}
			x.h = g;
			cap = cap ? cap * 2 : 16;
		}
		memcpy(x.h[x.n++], h, 32);
	}
	*ret = x;
	return 0;
fail:
	dbx_done(&x);
	return r;
}

int dbx_load(const char *root, const char *path, struct dbx *ret, struct diag_list *why)
{
	char *full = NULL, *text = NULL;
	size_t len = 0;
	int r;

	*ret = (struct dbx){ 0 };
	if (asprintf(&full, "%s%s", root ? root : "", path) < 0)
		return -ENOMEM;
	r = file_read_at(AT_FDCWD, full, DBX_MAX_BYTES, &text, &len);
	if (r == -ENOENT)
		r = 0;
	else if (r < 0)
		r = diag_fail(why, -r, "%s: %s", path, strerror(-r));
	else
		r = dbx_parse(path, text, len, ret, why);
	free(text);
	free(full);
	return r;
}

bool dbx_has(const struct dbx *x, const uint8_t h[32])
{
	for (size_t i = 0; i < x->n; i++)
		if (memcmp(x->h[i], h, 32) == 0)
			return true;
	return false;
}

static void hex(const uint8_t h[32], char out[65])
{
	for (size_t i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

static int revoked(struct diag_list *why, const char *name, const char *what, const uint8_t h[32])
{
	char s[65];

	hex(h, s);
	return diag_fail(why, EKEYREVOKED, "revoked: %s: %s %s is in the payload's dbx", name ? name : "(unnamed)",
			 what, s);
}

int dbx_check_image(const struct dbx *x, struct boot_image *img, struct diag_list *why)
{
	const struct blob *k = &img->kernel;
	const uint8_t *file = k->storage ? k->storage : k->data;
	size_t flen = k->storage ? k->storage_len : k->size;
	uint8_t ah[AUTHENTICODE_MAX_DIGEST];
	size_t alen = 0;
	int r;

	if (!x->n)
		return 0;
	/* Not a PE file (or headers the hash refuses): there is no image hash to forbid, the file hash remains. */
	if (file && flen && authenticode_image_hash(file, flen, "sha256", ah, &alen) == 0 && alen == 32 &&
	    dbx_has(x, ah))
		return revoked(why, k->name, "Authenticode sha256", ah);
	for (size_t i = 0; i <= img->n_initrds; i++) {
		struct blob *b = i == 0 ? &img->kernel : &img->initrds[i - 1];

		r = blob_sha256(b);
		if (r < 0)
			return diag_fail(why, -r, "%s: sha256: %s", b->name ? b->name : "(unnamed)", strerror(-r));
		if (dbx_has(x, b->sha256))
			return revoked(why, b->name, "sha256", b->sha256);
	}
	return 0;
}
