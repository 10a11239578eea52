// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: splitting a unified kernel image through lib/pe-blob.h,
 * as the fetch stage (boot/image.c) and `kexboot kexec` do: pe_blob_uki,
 * then each piece it reports narrowed out of the whole (.ucode, .initrd,
 * .linux). What it promises is checked: a section it reports as present
 * narrows, and every narrowed blob lies inside the input.
 */
#include "lib/pe-blob.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A blob over the input itself (borrowed: never released). */
static struct blob whole(const uint8_t *data, size_t size)
{
	struct blob b = BLOB_INIT;

	b.data = size ? data : NULL;
	b.size = size;
	b.name = (char *)"x.efi";
	return b;
}

static void narrow(const uint8_t *data, size_t size, const char *section, bool must)
{
	struct blob b = whole(data, size);
	struct diag_list why;
	volatile uint8_t sink;
	int r;

	diag_list_init(&why);
	r = pe_blob_narrow(&b, section, &why);
	if (r < 0 && must)
		abort(); /* pe_blob_uki said it is there */
	if (r == 0 && b.size) {
		const uint8_t *p = b.data;

		if (p < data || b.size > size || (size_t)(p - data) > size - b.size)
			abort();
		sink = p[0] ^ p[b.size - 1];
		(void)sink;
	}
	if (r < 0 && (b.data != (size ? data : NULL) || b.size != size))
		abort(); /* "b is unchanged on failure" */
	diag_list_done(&why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct blob b = whole(data, size);
	struct pe_uki u;

	if (pe_blob_uki(&b, &u) == 0) {
		if (u.has_ucode)
			narrow(data, size, ".ucode", true);
		if (u.has_initrd)
			narrow(data, size, ".initrd", true);
		narrow(data, size, ".linux", true);
		if (u.cmdline && strlen(u.cmdline) > size)
			abort();
		pe_uki_done(&u);
	} else {
		narrow(data, size, ".linux", false);
	}
	narrow(data, size, ".cmdline", false);
	return 0;
}
