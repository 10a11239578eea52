// SPDX-License-Identifier: GPL-2.0-or-later
#include "loader/uki.h"
#include "lib/pe.h"

#include <errno.h>
#include <string.h>

static void uki_take(const struct pe_file *pe, const void *buf, const char *name, struct uki_slice *ret)
{
	const struct pe_section *s = pe_find_section(pe, name);

	if (s && s->size) {
		ret->data = (const char *)buf + s->offset;
		ret->size = (size_t)s->size;
	}
}

int uki_split(const void *buf, size_t len, struct uki_parts *ret)
{
	struct uki_parts p;
	struct pe_file pe;

	memset(&p, 0, sizeof(p));
	if (pe_open(&pe, buf, len, len) < 0)
		return -ENOEXEC;
	uki_take(&pe, buf, ".linux", &p.linux_);
	if (!p.linux_.data)
		return -ENOEXEC;
	uki_take(&pe, buf, ".ucode", &p.ucode);
	uki_take(&pe, buf, ".initrd", &p.initrd);
	uki_take(&pe, buf, ".cmdline", &p.cmdline);
	while (p.cmdline.size) {
		char c = ((const char *)p.cmdline.data)[p.cmdline.size - 1];

		if (c != '\0' && c != '\n' && c != ' ')
			break;
		p.cmdline.size--;
	}
	*ret = p;
	return 0;
}
