/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pe-hash: the byte ranges of a PE/COFF file that its Authenticode image hash
 * covers, and the file's attribute certificate table (WIN_CERTIFICATE
 * entries). Pure and bounds-checked over untrusted bytes: it computes no
 * digest and knows no cryptography (boot/trust/authenticode.h does).
 *
 * The ranges follow "Windows Authenticode Portable Executable Signature
 * Format", "Calculating the PE Image Hash":
 *   1. the headers up to SizeOfHeaders, without the optional header's
 *      CheckSum field and without the Certificate Table data directory entry;
 *   2. every section with SizeOfRawData > 0, in PointerToRawData order
 *      (SizeOfRawData bytes each); SUM = SizeOfHeaders + those sizes;
 *   3. when the file is longer than SUM: FILE_SIZE - (certificate table size
 *      + SUM) bytes from offset SUM (the trailing data, as the spec and EDK2's
 *      image verification hash it); a file shorter than SUM + the table size
 *      is refused.
 * The certificate table, when there is one, must end the file (where signing
 * tools put it): a table elsewhere would be hashed as trailing data.
 */
#ifndef KEXBOOT_LIB_PE_HASH_H
#define KEXBOOT_LIB_PE_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "lib/pe.h"

/* Headers in three pieces, the sections, the trailing data. */
#define PE_HASH_MAX_RANGES (3 + PE_MAX_SECTIONS + 1)

/* WIN_CERTIFICATE: the revision and type Authenticode uses. */
#define PE_CERT_REVISION_2_0 0x0200
#define PE_CERT_TYPE_PKCS_SIGNED_DATA 0x0002
/* Entries read from one table at most (hostile tables cannot loop long). */
#define PE_CERT_MAX_ENTRIES 16

struct pe_hash_range {
	uint64_t off;
	uint64_t len;
};

struct pe_hash_layout {
	struct pe_hash_range ranges[PE_HASH_MAX_RANGES]; /* in hashing order, none empty */
	size_t n_ranges;
	uint64_t cert_off;  /* the certificate table: file offset and size; 0/0 when unsigned */
	uint64_t cert_size;
};

/*
 * Fills *ret for the len bytes of a whole PE file at buf. 0, or -EBADMSG
 * (not PE/COFF, truncated or inconsistent headers, a certificate table that
 * does not end the file, a file shorter than what the hash must cover),
 * -E2BIG (more than PE_MAX_SECTIONS sections), -ERANGE (a section's raw data
 * lies outside the file).
 */
int pe_hash_layout(const void *buf, size_t len, struct pe_hash_layout *ret);

/* One WIN_CERTIFICATE entry; data points into the caller's buffer. */
struct pe_cert {
	uint16_t revision;
	uint16_t type;
	const uint8_t *data; /* bCertificate */
	size_t len;          /* dwLength - 8 */
};

/* Where pe_cert_next() is in a table; start from a zeroed one. */
struct pe_cert_iter {
	uint64_t pos; /* offset inside the table */
	unsigned n;   /* entries returned so far */
};

/*
 * Iterates the certificate table of l over buf (the same buffer). Returns 1
 * and the next entry (entries are 8-byte aligned), 0 at the end of the table
 * (up to 7 bytes of padding may be left), -EBADMSG for an entry whose length
 * is impossible, -E2BIG past PE_CERT_MAX_ENTRIES entries.
 */
int pe_cert_next(const void *buf, const struct pe_hash_layout *l, struct pe_cert_iter *it,
		 struct pe_cert *ret);

#endif
