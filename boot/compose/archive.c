// SPDX-License-Identifier: GPL-2.0-or-later
/* Is an initrd whole? Walked member by member as the kernel's unpacker does (see archive.h). */
#include "boot/compose/archive.h"

#include <errno.h>
#include <lzma.h>
#include <stdbool.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#define CPIO_HEADER 110
#define SCRATCH 32768
/* Past this the xz decoder is not run: the member stays unchecked (the kernel's decoder has its own limit). */
#define XZ_MEMLIMIT (64u << 20)

struct walk {
	const uint8_t *d;
	size_t size;
	const char *name;
	struct diag_list *why;
};

static size_t align4(size_t v)
{
	return (v + 3) & ~(size_t)3;
}

/* An entry name from the archive, for a message: printable, at most 60 characters. */
static void printable(const uint8_t *s, size_t n, char *out, size_t out_size)
{
	size_t j = 0;

	for (size_t i = 0; i < n && s[i] && j + 4 < out_size; i++) {
		if (j >= 60) {
			memcpy(out + j, "...", 3);
			j += 3;
			break;
		}
		out[j++] = s[i] >= 0x20 && s[i] < 0x7f ? (char)s[i] : '?';
	}
	out[j] = 0;
}

static int hex8(const uint8_t *p, uint32_t *ret)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		uint8_t c = p[i];

		if (c >= '0' && c <= '9')
			v = v << 4 | (uint32_t)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v = v << 4 | (uint32_t)((c | 0x20) - 'a' + 10);
		else
			return -1;
	}
	*ret = v;
	return 0;
}

/* A newc archive from off to its TRAILER!!!; *end is the byte after it (4-aligned, at most size). */
static int cpio_walk(const struct walk *w, size_t off, size_t *end)
{
	char last[72] = "";

	for (;;) {
		uint32_t f[13];
		size_t data_off, namesize, filesize;
		const uint8_t *h = w->d + off;
		bool trailer;

		if (off >= w->size)
			return diag_fail(w->why, EBADMSG,
					 "%s: cpio archive has no TRAILER!!! (it ends at byte %zu%s%s%s; truncated?)",
					 w->name, w->size, last[0] ? " after '" : "", last, last[0] ? "'" : "");
		if (w->size - off < CPIO_HEADER)
			return diag_fail(w->why, EBADMSG,
					 "%s: cpio archive ends inside the header at byte %zu (the file has %zu bytes; truncated?)",
					 w->name, off, w->size);
		if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2'))
			return diag_fail(w->why, EBADMSG, "%s: cpio header at byte %zu has no newc magic", w->name, off);
		for (int i = 0; i < 13; i++)
			if (hex8(h + 6 + 8 * i, &f[i]) < 0)
				return diag_fail(w->why, EBADMSG, "%s: cpio header at byte %zu is not hexadecimal",
						 w->name, off);
		filesize = f[6];
		namesize = f[11];
		if (namesize == 0 || namesize > ARCHIVE_NAME_MAX)
			return diag_fail(w->why, EBADMSG, "%s: cpio header at byte %zu gives a name of %zu bytes", w->name,
					 off, namesize);
		if (w->size - off - CPIO_HEADER < namesize)
			return diag_fail(w->why, EBADMSG,
					 "%s: cpio archive ends inside a name at byte %zu (the file has %zu bytes; truncated?)",
					 w->name, off + CPIO_HEADER, w->size);
		printable(h + CPIO_HEADER, namesize, last, sizeof(last));
		trailer = namesize == 11 && memcmp(h + CPIO_HEADER, "TRAILER!!!", 11) == 0;
		data_off = align4(off + CPIO_HEADER + namesize);
		if (data_off > w->size)
			data_off = w->size; /* the name's padding may be all that is missing */
		if (filesize > w->size - data_off)
			return diag_fail(w->why, EBADMSG,
					 "%s: cpio archive ends inside '%s' (%zu of its %zu bytes are in the file; truncated?)",
					 w->name, last, w->size - data_off, filesize);
		off = align4(data_off + filesize);
		if (off > w->size)
			off = w->size;
		if (trailer) {
			*end = off;
			return 0;
		}
	}
}

static int gzip_walk(const struct walk *w, size_t off, size_t *end)
{
	uint8_t out[SCRATCH];
	z_stream z = { 0 };
	size_t pos = off;
	int r, ret = 0;

	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return diag_fail(w->why, ENOMEM, "%s: checking the gzip stream: out of memory", w->name);
	for (;;) {
		if (z.avail_in == 0 && pos < w->size) {
			size_t chunk = w->size - pos < (1u << 30) ? w->size - pos : (1u << 30);

			z.next_in = (Bytef *)(w->d + pos);
			z.avail_in = (uInt)chunk;
			pos += chunk;
		}
		z.next_out = out;
		z.avail_out = sizeof(out);
		r = inflate(&z, Z_NO_FLUSH);
		if (r == Z_STREAM_END) {
			*end = off + (size_t)z.total_in;
			break;
		}
		if (r == Z_OK)
			continue;
		if (r == Z_BUF_ERROR && (z.avail_in || pos < w->size))
			continue;
		if (r == Z_BUF_ERROR)
			ret = diag_fail(w->why, EBADMSG,
					"%s: gzip stream at byte %zu ends early (the file has %zu bytes; truncated?)", w->name,
					off, w->size);
		else if (r == Z_MEM_ERROR)
			ret = diag_fail(w->why, ENOMEM, "%s: checking the gzip stream: out of memory", w->name);
		else
			ret = diag_fail(w->why, EBADMSG, "%s: gzip stream at byte %zu is broken (%s)", w->name, off,
					z.msg ? z.msg : "bad data");
		break;
	}
	inflateEnd(&z);
	return ret;
}

static bool zstd_magic(const uint8_t *p, size_t n)
{
	uint32_t m;

	if (n < 4)
		return false;
	m = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	return m == 0xFD2FB528u || (m & 0xFFFFFFF0u) == 0x184D2A50u;
}

/* Frames one after the other (skippable ones too): block headers walked, nothing decompressed. */
static int zstd_walk(const struct walk *w, size_t off, size_t *end)
{
	while (off < w->size && zstd_magic(w->d + off, w->size - off)) {
		size_t n = ZSTD_findFrameCompressedSize(w->d + off, w->size - off);

		if (ZSTD_isError(n) && ZSTD_getErrorCode(n) == ZSTD_error_srcSize_wrong)
			return diag_fail(w->why, EBADMSG,
					 "%s: zstd frame at byte %zu ends early (the file has %zu bytes; truncated?)", w->name,
					 off, w->size);
		if (ZSTD_isError(n) || n == 0)
			return diag_fail(w->why, EBADMSG, "%s: zstd frame at byte %zu is broken (%s)", w->name, off,
					 ZSTD_getErrorName(n));
		off += n;
	}
	*end = off;
	return 0;
}

static const uint8_t xz_magic[6] = { 0xFD, '7', 'z', 'X', 'Z', 0x00 };

/* The cheap way: the file ends (past zero padding) with this stream's footer, pointing at an index. */
static bool xz_footer_ok(const struct walk *w, size_t off, const lzma_stream_flags *hf)
{
	lzma_stream_flags ff;
	size_t e = w->size, idx;

	while (e > off && w->d[e - 1] == 0)
		e--;
	if (e - off < 2 * LZMA_STREAM_HEADER_SIZE)
		return false;
	if (lzma_stream_footer_decode(&ff, w->d + e - LZMA_STREAM_HEADER_SIZE) != LZMA_OK ||
	    lzma_stream_flags_compare(hf, &ff) != LZMA_OK)
		return false;
	if (ff.backward_size > e - off - 2 * LZMA_STREAM_HEADER_SIZE)
		return false;
	idx = e - LZMA_STREAM_HEADER_SIZE - (size_t)ff.backward_size;
	return w->d[idx] == 0x00; /* the index indicator */
}

static int xz_walk(const struct walk *w, size_t off, size_t *end)
{
	uint8_t out[SCRATCH];
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_stream_flags hf;
	lzma_ret r;
	int ret = 0;

	if (w->size - off < LZMA_STREAM_HEADER_SIZE)
		return diag_fail(w->why, EBADMSG, "%s: xz stream at byte %zu ends inside its header (truncated?)",
				 w->name, off);
	if (lzma_stream_header_decode(&hf, w->d + off) != LZMA_OK)
		return diag_fail(w->why, EBADMSG, "%s: xz stream at byte %zu has a broken header", w->name, off);
	if (xz_footer_ok(w, off, &hf)) {
		*end = w->size;
		return 0;
	}
	/* No footer where it should be: decode to see where (and whether) the stream ends. */
	if (lzma_stream_decoder(&s, XZ_MEMLIMIT, 0) != LZMA_OK)
		return diag_fail(w->why, ENOMEM, "%s: checking the xz stream: out of memory", w->name);
	s.next_in = w->d + off;
	s.avail_in = w->size - off;
	for (;;) {
		s.next_out = out;
		s.avail_out = sizeof(out);
		r = lzma_code(&s, LZMA_FINISH);
		if (r == LZMA_OK)
			continue;
		if (r == LZMA_STREAM_END)
			*end = off + (size_t)s.total_in;
		else if (r == LZMA_MEMLIMIT_ERROR)
			*end = w->size; /* too big a dictionary to check here: left to the kernel */
		else if (r == LZMA_BUF_ERROR)
			ret = diag_fail(w->why, EBADMSG,
					"%s: xz stream at byte %zu ends early (the file has %zu bytes; truncated?)", w->name,
					off, w->size);
		else if (r == LZMA_MEM_ERROR)
			ret = diag_fail(w->why, ENOMEM, "%s: checking the xz stream: out of memory", w->name);
		else
			ret = diag_fail(w->why, EBADMSG, "%s: xz stream at byte %zu is broken (liblzma error %d)", w->name,
					off, (int)r);
		break;
	}
	lzma_end(&s);
	return ret;
}

int initrd_archive_check(const uint8_t *data, size_t size, const char *name, struct diag_list *why)
{
	const struct walk w = { .d = data, .size = size, .name = name ? name : "initrd", .why = why };
	size_t off = 0;

	while (off < size) {
		const uint8_t *p = data + off;
		size_t left = size - off, end = size;
		int r;

		if (*p == 0) { /* padding between members */
			off++;
			continue;
		}
		/* The kernel reads a cpio header wherever a '0' starts at a 4-byte boundary. */
		if (*p == '0' && !(off & 3))
			r = cpio_walk(&w, off, &end);
		else if (left >= 2 && p[0] == 0x1f && p[1] == 0x8b)
			r = gzip_walk(&w, off, &end);
		else if (zstd_magic(p, left))
			r = zstd_walk(&w, off, &end);
		else if (left >= sizeof(xz_magic) && memcmp(p, xz_magic, sizeof(xz_magic)) == 0)
			r = xz_walk(&w, off, &end);
		else
			return 0; /* bzip2, lzma, lzo, lz4 or unknown: the kernel's to judge */
		if (r < 0)
			return r;
		if (end <= off) /* cannot happen (every walk consumes bytes); never loop */
			return 0;
		off = end;
	}
	return 0;
}
