// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/pe-hash.h"

#include <errno.h>
#include <string.h>

/* Offsets inside the optional header (PE32 / PE32+). */
#define OPT_MAGIC_PE32 0x10b
#define OPT_MAGIC_PE32PLUS 0x20b
#define OPT_SIZE_OF_HEADERS 60
#define OPT_CHECKSUM 64
#define DD_SECURITY 4 /* the Certificate Table's index among the data directories */

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void add_range(struct pe_hash_layout *l, uint64_t off, uint64_t end)
{
	if (end > off) {
		l->ranges[l->n_ranges].off = off;
		l->ranges[l->n_ranges].len = end - off;
		l->n_ranges++;
	}
}

/* Sections with raw data, sorted by PointerToRawData (insertion sort: at most PE_MAX_SECTIONS). */
static int sections_sorted(const uint8_t *b, size_t len, size_t tab, size_t nsec,
			   struct pe_hash_range *out, size_t *ret_n)
{
	size_t n = 0;

	for (size_t i = 0; i < nsec; i++) {
		const uint8_t *s = b + tab + i * 40;
		uint64_t raw = le32(s + 16), ptr = le32(s + 20);
		size_t j;

		if (!raw)
			continue;
		if (ptr > len || raw > len - ptr)
			return -ERANGE;
		for (j = n; j > 0 && out[j - 1].off > ptr; j--)
			out[j] = out[j - 1];
		out[j].off = ptr;
		out[j].len = raw;
		n++;
	}
	*ret_n = n;
	return 0;
}

int pe_hash_layout(const void *buf, size_t len, struct pe_hash_layout *ret)
{
	struct pe_hash_range secs[PE_MAX_SECTIONS];
	const uint8_t *b = buf;
	struct pe_hash_layout l;
	size_t opt, optsz, nsec, tab, nrva_off, dd_off, certdir = 0, n_secs;
	uint64_t hdrs, sum, cert_off = 0, cert_size = 0;
	uint32_t lfanew, nrva;
	uint16_t magic;
	int r;

	memset(&l, 0, sizeof(l));
	if (len < 0x40 || b[0] != 'M' || b[1] != 'Z')
		return -EBADMSG;
	lfanew = le32(b + 0x3c);
	if (lfanew > len || 24 + 2 > len - lfanew || memcmp(b + lfanew, "PE\0\0", 4) != 0)
		return -EBADMSG;
	nsec = le16(b + lfanew + 6);
	optsz = le16(b + lfanew + 20);
	opt = (size_t)lfanew + 24;
	if (nsec > PE_MAX_SECTIONS)
		return -E2BIG;
	magic = le16(b + opt);
	if (magic == OPT_MAGIC_PE32) {
		nrva_off = 92;
		dd_off = 96;
	} else if (magic == OPT_MAGIC_PE32PLUS) {
		nrva_off = 108;
		dd_off = 112;
	} else {
		return -EBADMSG;
	}
	/* The optional header must hold what is read from it, and lie inside the file. */
	if (optsz < nrva_off + 4 || optsz > len - opt)
		return -EBADMSG;
	nrva = le32(b + opt + nrva_off);
	if (nrva > DD_SECURITY) {
		if (optsz < dd_off + (DD_SECURITY + 1) * 8)
			return -EBADMSG;
		certdir = opt + dd_off + DD_SECURITY * 8;
		cert_off = le32(b + certdir);
		cert_size = le32(b + certdir + 4);
	}
	/* The section table is inside the headers, which are inside the file. */
	tab = opt + optsz;
	hdrs = le32(b + opt + OPT_SIZE_OF_HEADERS);
	if (hdrs > len || tab > hdrs || nsec * 40 > hdrs - tab)
		return -EBADMSG;
	if (certdir) {
		add_range(&l, 0, opt + OPT_CHECKSUM);
		add_range(&l, opt + OPT_CHECKSUM + 4, certdir);
		add_range(&l, certdir + 8, hdrs);
	} else {
		add_range(&l, 0, opt + OPT_CHECKSUM);
		add_range(&l, opt + OPT_CHECKSUM + 4, hdrs);
	}
	r = sections_sorted(b, len, tab, nsec, secs, &n_secs);
	if (r < 0)
		return r;
	sum = hdrs;
	for (size_t i = 0; i < n_secs; i++) {
		add_range(&l, secs[i].off, secs[i].off + secs[i].len);
		sum += secs[i].len; /* at most 96 * 4 GiB: no overflow */
	}
	if (cert_size) {
		/* Signing tools append the table: it must end the file, after what is hashed. */
		if (cert_off > len || cert_size != len - cert_off || sum > cert_off)
			return -EBADMSG;
		l.cert_off = cert_off;
		l.cert_size = cert_size;
	}
	if (len > sum)
		add_range(&l, sum, len - cert_size);
	*ret = l;
	return 0;
}

int pe_cert_next(const void *buf, const struct pe_hash_layout *l, struct pe_cert_iter *it,
		 struct pe_cert *ret)
{
	const uint8_t *t = (const uint8_t *)buf + l->cert_off;
	uint32_t dwlen;

	if (it->pos > l->cert_size || l->cert_size - it->pos < 8)
		return 0;
	if (it->n >= PE_CERT_MAX_ENTRIES)
		return -E2BIG;
	dwlen = le32(t + it->pos);
	if (dwlen < 8 || dwlen > l->cert_size - it->pos)
		return -EBADMSG;
	ret->revision = le16(t + it->pos + 4);
	ret->type = le16(t + it->pos + 6);
	ret->data = t + it->pos + 8;
	ret->len = dwlen - 8;
	it->pos += ((uint64_t)dwlen + 7) & ~(uint64_t)7;
	it->n++;
	return 1;
}
