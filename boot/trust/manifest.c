// SPDX-License-Identifier: GPL-2.0-or-later
/* The manifest text and its container: pure parsers, the comparison with a fetched image, the writer. */
#include "boot/trust/manifest.h"
#include "lib/hex.h"
#include "lib/sha256.h"
#include "lib/strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Exactly 64 hex digits into out. */
static int parse_sha256(const char *s, size_t len, uint8_t out[32])
{
	if (len != 64)
		return -EINVAL;
	for (size_t i = 0; i < 32; i++) {
		int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

#define MANIFEST_MAX_WORDS 4

/* Splits line [p, p+len) at spaces/tabs into at most MANIFEST_MAX_WORDS words; -E2BIG for more. */
static int split_words(const char *p, size_t len, const char *w[], size_t wl[], size_t *n)
{
	size_t i = 0;

	*n = 0;
	while (i < len) {
		size_t start;

		while (i < len && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i == len)
			break;
		if (*n == MANIFEST_MAX_WORDS)
			return -E2BIG;
		start = i;
		while (i < len && p[i] != ' ' && p[i] != '\t')
			i++;
		w[*n] = p + start;
		wl[*n] = i - start;
		(*n)++;
	}
	return 0;
}

static bool word_is(const char *w, size_t wl, const char *s)
{
	return wl == strlen(s) && memcmp(w, s, wl) == 0;
}

/* Parses a decimal 1..max from a word; 0 on junk. */
static size_t parse_index(const char *w, size_t wl, size_t max)
{
	size_t v = 0;

	if (wl == 0 || wl > 3 || w[0] == '0')
		return 0;
	for (size_t i = 0; i < wl; i++) {
		if (w[i] < '0' || w[i] > '9')
			return 0;
		v = v * 10 + (size_t)(w[i] - '0');
	}
	return v <= max ? v : 0;
}

enum manifest_seen { SEEN_NOTHING, SEEN_VERSION, SEEN_KERNEL, SEEN_CMDLINE };

int manifest_parse(const char *name, const char *text, size_t len, struct manifest *ret, struct diag_list *diags)
{
	struct manifest m;
	enum manifest_seen seen = SEEN_NOTHING;
	unsigned line = 0;
	size_t off = 0;

	if (len > MANIFEST_MAX_BYTES)
		return diag_fail(diags, E2BIG, "%s: manifest of %zu bytes (at most %u)", name, len, MANIFEST_MAX_BYTES);
	memset(&m, 0, sizeof(m));
	while (off < len) {
		const char *p = text + off, *nl = memchr(p, '\n', len - off);
		size_t ll = nl ? (size_t)(nl - p) : len - off;
		const char *w[MANIFEST_MAX_WORDS];
		size_t wl[MANIFEST_MAX_WORDS], nw;

		line++;
		off += ll + (nl ? 1 : 0);
		if (memchr(p, '\0', ll) || memchr(p, '\r', ll))
			return diag_fail(diags, EBADMSG, "%s:%u: control character in the manifest", name, line);
		if (split_words(p, ll, w, wl, &nw) < 0)
			return diag_fail(diags, EBADMSG, "%s:%u: too many words", name, line);
		if (nw == 0 || w[0][0] == '#')
			continue;
		if (seen == SEEN_NOTHING) {
			if (nw != 2 || !word_is(w[0], wl[0], "kexboot-manifest"))
				return diag_fail(diags, EBADMSG, "%s:%u: expected 'kexboot-manifest %d' first", name,
						 line, MANIFEST_VERSION);
			if (!word_is(w[1], wl[1], "1"))
				return diag_fail(diags, EBADMSG, "%s:%u: unknown manifest version '%.*s'", name, line,
						 (int)(wl[1] > 16 ? 16 : wl[1]), w[1]);
			m.version = MANIFEST_VERSION;
			seen = SEEN_VERSION;
		} else if (word_is(w[0], wl[0], "kernel")) {
			if (seen != SEEN_VERSION)
				return diag_fail(diags, EBADMSG, "%s:%u: a second or misplaced kernel line", name, line);
			if (nw != 2 || parse_sha256(w[1], wl[1], m.kernel) < 0)
				return diag_fail(diags, EBADMSG, "%s:%u: expected 'kernel <sha256>'", name, line);
			seen = SEEN_KERNEL;
		} else if (word_is(w[0], wl[0], "initrd")) {
			size_t idx;

			if (seen != SEEN_KERNEL || m.has_devicetree)
				return diag_fail(diags, EBADMSG,
						 "%s:%u: initrd before the kernel or after the devicetree or cmdline", name,
						 line);
			if (nw != 3)
				return diag_fail(diags, EBADMSG, "%s:%u: expected 'initrd <n> <sha256>'", name, line);
			idx = parse_index(w[1], wl[1], MANIFEST_MAX_INITRDS);
			if (idx == 0)
				return diag_fail(diags, EBADMSG, "%s:%u: bad initrd number (1..%d)", name, line,
						 MANIFEST_MAX_INITRDS);
			if (idx != m.n_initrds + 1)
				return diag_fail(diags, EBADMSG, "%s:%u: initrd %zu where initrd %zu was expected", name,
						 line, idx, m.n_initrds + 1);
			if (parse_sha256(w[2], wl[2], m.initrds[m.n_initrds]) < 0)
				return diag_fail(diags, EBADMSG, "%s:%u: expected 'initrd <n> <sha256>'", name, line);
			m.n_initrds++;
		} else if (word_is(w[0], wl[0], "devicetree")) {
			if (seen != SEEN_KERNEL || m.has_devicetree)
				return diag_fail(diags, EBADMSG, "%s:%u: a second or misplaced devicetree line", name,
						 line);
			if (nw != 2 || parse_sha256(w[1], wl[1], m.devicetree) < 0)
				return diag_fail(diags, EBADMSG, "%s:%u: expected 'devicetree <sha256>'", name, line);
			m.has_devicetree = true;
		} else if (word_is(w[0], wl[0], "cmdline")) {
			if (seen != SEEN_KERNEL)
				return diag_fail(diags, EBADMSG, "%s:%u: a second or misplaced cmdline line", name, line);
			if (nw != 2 || parse_sha256(w[1], wl[1], m.cmdline) < 0)
				return diag_fail(diags, EBADMSG, "%s:%u: expected 'cmdline <sha256>'", name, line);
			seen = SEEN_CMDLINE;
		} else {
			return diag_fail(diags, EBADMSG, "%s:%u: unknown item '%.*s'", name, line,
					 (int)(wl[0] > 32 ? 32 : wl[0]), w[0]);
		}
	}
	if (seen != SEEN_CMDLINE)
		return diag_fail(diags, EBADMSG, "%s: the manifest ends before its %s line", name,
				 seen == SEEN_NOTHING ? "'kexboot-manifest'" : seen == SEEN_VERSION ? "kernel" : "cmdline");
	*ret = m;
	return 0;
}

static bool starts_with(const char *p, size_t len, const char *s)
{
	size_t n = strlen(s);

	return len >= n && memcmp(p, s, n) == 0;
}

int manifest_file_split(const char *name, const char *data, size_t len, struct manifest_file *ret,
			struct diag_list *diags)
{
	struct manifest_file f;
	unsigned line = 0, block_line = 0;
	const char *block = NULL;
	size_t off = 0;
	bool in_text = true;

	if (len > MANIFEST_FILE_MAX)
		return diag_fail(diags, E2BIG, "%s: %zu bytes (at most %u)", name, len, MANIFEST_FILE_MAX);
	memset(&f, 0, sizeof(f));
	f.text = data;
	f.text_len = len;
	while (off < len) {
		const char *p = data + off, *nl = memchr(p, '\n', len - off);
		size_t ll = nl ? (size_t)(nl - p) : len - off;

		line++;
		off += ll + (nl ? 1 : 0);
		if (!block && starts_with(p, ll, "-----BEGIN ")) {
			if (!starts_with(p, ll, "-----BEGIN CMS-----") && !starts_with(p, ll, "-----BEGIN PKCS7-----"))
				return diag_fail(diags, EBADMSG, "%s:%u: not a CMS or PKCS7 block", name, line);
			if (f.n_sigs == MANIFEST_MAX_SIGS)
				return diag_fail(diags, E2BIG, "%s:%u: more than %d signatures", name, line,
						 MANIFEST_MAX_SIGS);
			if (in_text) {
				f.text_len = (size_t)(p - data);
				in_text = false;
			}
			block = p;
			block_line = line;
		} else if (block && starts_with(p, ll, "-----END ")) {
			size_t bl = (size_t)(p + ll - block);

			if (bl > MANIFEST_SIG_MAX)
				return diag_fail(diags, E2BIG, "%s:%u: signature block of %zu bytes (at most %u)", name,
						 block_line, bl, MANIFEST_SIG_MAX);
			f.sigs[f.n_sigs++] = (struct manifest_sig){ .pem = block, .len = bl, .line = block_line };
			block = NULL;
		} else if (!block && !in_text) {
			/* Between blocks only blank lines. */
			for (size_t i = 0; i < ll; i++)
				if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
					return diag_fail(diags, EBADMSG, "%s:%u: text after the signatures", name, line);
		}
	}
	if (block)
		return diag_fail(diags, EBADMSG, "%s:%u: signature block without its END line", name, block_line);
	if (f.n_sigs == 0)
		return diag_fail(diags, ENOKEY, "%s: no signature in the file", name);
	*ret = f;
	return 0;
}

static int check_blob(const char *name, const char *what, struct blob *b, const uint8_t want[32],
		      struct diag_list *diags)
{
	int r = blob_sha256(b);

	if (r < 0)
		return diag_fail(diags, r, "%s: %s: cannot compute its sha256", name, what);
	if (memcmp(b->sha256, want, 32) != 0)
		return diag_fail(diags, EBADMSG, "%s: %s sha256 mismatch (%s)", name, what, b->name ? b->name : "?");
	return 0;
}

int manifest_check(const char *name, const struct manifest *m, struct boot_image *img, struct diag_list *diags)
{
	uint8_t cmd[32];
	char what[32];
	int r;

	if (img->n_initrds != m->n_initrds)
		return diag_fail(diags, EBADMSG, "%s: the entry has %zu initrd(s), the manifest signs %zu", name,
				 img->n_initrds, m->n_initrds);
	r = check_blob(name, "kernel", &img->kernel, m->kernel, diags);
	for (size_t i = 0; r >= 0 && i < m->n_initrds; i++) {
		snprintf(what, sizeof(what), "initrd %zu", i + 1);
		r = check_blob(name, what, &img->initrds[i], m->initrds[i], diags);
	}
	if (r >= 0 && boot_image_has_devicetree(img) != m->has_devicetree)
		r = diag_fail(diags, EBADMSG, m->has_devicetree ? "%s: the manifest signs a devicetree, the entry has none"
								 : "%s: the entry has a devicetree, the manifest signs none",
			      name);
	if (r >= 0 && m->has_devicetree)
		r = check_blob(name, "devicetree", &img->devicetree, m->devicetree, diags);
	if (r < 0)
		return r;
	sha256_digest(img->cmdline ? img->cmdline : "", img->cmdline ? strlen(img->cmdline) : 0, cmd);
	if (memcmp(cmd, m->cmdline, 32) != 0)
		return diag_fail(diags, EBADMSG, "%s: cmdline sha256 mismatch (the command line is not the signed one)",
				 name);
	return 0;
}

int manifest_format(const uint8_t kernel[32], const uint8_t (*initrds)[32], size_t n_initrds,
		    const uint8_t cmdline[32], char **ret, size_t *ret_len)
{
	return manifest_format_dt(kernel, initrds, n_initrds, NULL, cmdline, ret, ret_len);
}

int manifest_format_dt(const uint8_t kernel[32], const uint8_t (*initrds)[32], size_t n_initrds,
		       const uint8_t *devicetree, const uint8_t cmdline[32], char **ret, size_t *ret_len)
{
	struct strbuf sb = STRBUF_INIT;
	char hex[65];
	int k = 0;

	if (n_initrds > MANIFEST_MAX_INITRDS)
		return -E2BIG;
	k |= strbuf_printf(&sb, "kexboot-manifest %d\n", MANIFEST_VERSION);
	sha256_hex(kernel, hex);
	k |= strbuf_printf(&sb, "kernel %s\n", hex);
	for (size_t i = 0; i < n_initrds; i++) {
		sha256_hex(initrds[i], hex);
		k |= strbuf_printf(&sb, "initrd %zu %s\n", i + 1, hex);
	}
	if (devicetree) {
		sha256_hex(devicetree, hex);
		k |= strbuf_printf(&sb, "devicetree %s\n", hex);
	}
	sha256_hex(cmdline, hex);
	k |= strbuf_printf(&sb, "cmdline %s\n", hex);
	if (k < 0 || !sb.buf) {
		strbuf_done(&sb);
		return -ENOMEM;
	}
	*ret_len = sb.len;
	*ret = sb.buf;
	return 0;
}
