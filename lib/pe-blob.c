// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/pe-blob.h"
#include "lib/pe.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int pe_blob_narrow(struct blob *b, const char *section, struct diag_list *why)
{
	const struct pe_section *sec;
	struct pe_file pe;
	int r;

	r = pe_open(&pe, b->data, b->size, b->size);
	if (r < 0)
		return diag_fail(why, r, "%s: not a valid PE image", b->name);
	sec = pe_find_section(&pe, section);
	if (!sec)
		return diag_fail(why, ENOENT, "%s: no such section in the image", b->name);
	/* pe_open() checked every section against the size. */
	return blob_narrow(b, sec->offset, sec->size);
}

int pe_blob_uki(const struct blob *b, struct pe_uki *ret)
{
	const struct pe_section *lin, *uc, *rd, *cl;
	struct pe_file pe;
	size_t n;

	memset(ret, 0, sizeof(*ret));
	if (!b->size || pe_open(&pe, b->data, b->size, b->size) < 0)
		return -ENOEXEC;
	lin = pe_find_section(&pe, ".linux");
	if (!lin || !lin->size)
		return -ENOEXEC;
	uc = pe_find_section(&pe, ".ucode");
	rd = pe_find_section(&pe, ".initrd");
	cl = pe_find_section(&pe, ".cmdline");
	/* Empty sections count as absent, as systemd-stub treats them. */
	ret->has_ucode = uc && uc->size;
	ret->has_initrd = rd && rd->size;
	if (cl && cl->size) {
		const char *s = (const char *)b->data + cl->offset;

		n = (size_t)cl->size;
		while (n && (s[n - 1] == '\0' || s[n - 1] == '\n' || s[n - 1] == ' '))
			n--;
		ret->cmdline = strndup(s, n);
		if (!ret->cmdline)
			return -ENOMEM;
	}
	return 0;
}

void pe_uki_done(struct pe_uki *u)
{
	free(u->cmdline);
	memset(u, 0, sizeof(*u));
}
