// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a URL the network names holds, by its first bytes: a kernel that
 * boots as it is (a bzImage, a UKI) rather than a config (net.h). Pure.
 */
#include "boot/entry.h"
#include "boot/net/net.h"
#include "lib/pe.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BZ_BOOT_FLAG 0x1fe /* 0xaa55 */
#define BZ_HEADER 0x202    /* "HdrS" */

enum net_image net_image_probe(const uint8_t *buf, size_t len, uint64_t file_size)
{
	struct pe_file pe;

	if (len > file_size)
		len = (size_t)file_size;
	/* A UKI first: its stub is PE too, and it is the .linux inside that boots. */
	if (pe_open(&pe, buf, len, file_size) == 0 && pe_find_section(&pe, ".linux"))
		return NET_IMAGE_UKI;
	if (len >= BZ_HEADER + 4 && buf[BZ_BOOT_FLAG] == 0x55 && buf[BZ_BOOT_FLAG + 1] == 0xaa &&
	    memcmp(buf + BZ_HEADER, "HdrS", 4) == 0)
		return NET_IMAGE_BZIMAGE;
	return NET_IMAGE_NONE;
}

#define NET_CMDLINE_MAX 4096 /* a UKI's .cmdline kept for the menu */

static int section_ref(struct boot_ref *ref, const char *url, const char *section)
{
	int r = str_set(&ref->url, url);

	return r < 0 ? r : str_set(&ref->section, section);
}

/* .cmdline's text up to its first NUL, blanks at the end dropped. */
static int uki_cmdline(const uint8_t *buf, size_t size, const struct pe_section *sec, char **ret)
{
	size_t n = sec && sec->size < NET_CMDLINE_MAX ? (size_t)sec->size : sec ? NET_CMDLINE_MAX : 0;
	const char *t = sec ? (const char *)buf + sec->offset : "";

	/* pe_open() checked offset + size against size. */
	(void)size;
	n = strnlen(t, n);
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\n' || t[n - 1] == '\t'))
		n--;
	*ret = strndup(t, n);
	return *ret ? 0 : -ENOMEM;
}

int net_image_entry(const char *url, enum net_image kind, const uint8_t *buf, size_t size, struct boot_entry **ret)
{
	struct boot_entry *e;
	struct boot_ref ref = { 0 };
	const char *name = strrchr(url, '/');
	struct pe_file pe;
	int r;

	*ret = NULL;
	if (kind == NET_IMAGE_NONE || (kind == NET_IMAGE_UKI && pe_open(&pe, buf, size, size) < 0))
		return -EINVAL;
	name = name && name[1] ? name + 1 : url;
	e = boot_entry_new(BOOT_SOURCE_URL);
	if (!e)
		return -ENOMEM;
	r = asprintf(&e->id, "net:%s", url) < 0 ? (e->id = NULL, -ENOMEM) : 0;
	if (r >= 0)
		r = asprintf(&e->title, "Network: %s (%s)", name, kind == NET_IMAGE_UKI ? "UKI" : "kernel") < 0 ?
			    (e->title = NULL, -ENOMEM) : 0;
	if (r >= 0)
		r = str_set(&e->origin, url);
	if (kind == NET_IMAGE_BZIMAGE) {
		if (r >= 0)
			r = str_set(&e->kernel.url, url);
		if (r >= 0)
			r = str_set(&e->cmdline, "");
	} else {
		if (r >= 0)
			r = section_ref(&e->kernel, url, ".linux");
		if (r >= 0 && pe_find_section(&pe, ".ucode") && (r = section_ref(&ref, url, ".ucode")) >= 0)
			r = boot_entry_add_initrd(e, &ref);
		boot_ref_done(&ref);
		if (r >= 0 && pe_find_section(&pe, ".initrd") && (r = section_ref(&ref, url, ".initrd")) >= 0)
			r = boot_entry_add_initrd(e, &ref);
		boot_ref_done(&ref);
		if (r >= 0)
			r = uki_cmdline(buf, size, pe_find_section(&pe, ".cmdline"), &e->cmdline);
	}
	if (r < 0) {
		boot_entry_free(e);
		return r;
	}
	*ret = e;
	return 0;
}
