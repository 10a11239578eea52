// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The verify stage's Authenticode step over a fetched boot image: the
 * kernel's signature, and what else a UKI's signature covers (its
 * .ucode/.initrd sections and its embedded command line).
 */
#include "boot/trust/authenticode.h"
#include "lib/cleanup.h"
#include "lib/pe-blob.h"
#include "lib/pe.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool str_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* Both references name the same file (on the same device, or at the same URL). */
static bool same_file(const struct boot_ref *a, const struct boot_ref *b)
{
	if (a->url || b->url)
		return str_eq(a->url, b->url);
	return str_eq(a->device, b->device) && str_eq(a->path, b->path);
}

/*
 * The initrd blob holds exactly the bytes of the named section of the
 * verified file (its own mapping of the file may be another one).
 */
static bool section_is_signed(const struct pe_file *pe, const uint8_t *file, const char *section,
			      const struct blob *b)
{
	const struct pe_section *s = pe_find_section(pe, section);
	const uint8_t *base = b->storage ? b->storage : b->data;
	size_t off;

	if (!s || !b->data || !base || s->size != b->size)
		return false;
	off = (size_t)((const uint8_t *)b->data - base);
	return off == s->offset && memcmp(file + s->offset, b->data, b->size) == 0;
}

/* The blob's name without the section the fetch stage appended: the file is what was signed. */
static char *file_name(const char *blob_name, const char *section)
{
	size_t n, sn = section ? strlen(section) : 0;

	if (!blob_name)
		return NULL;
	n = strlen(blob_name);
	if (sn && n > sn && strcmp(blob_name + n - sn, section) == 0)
		n -= sn;
	return strndup(blob_name, n);
}

int authenticode_verify_image(const struct authenticode_anchors *a, const struct boot_entry *e,
			      struct boot_image *img, bool *ret_cmdline_signed, struct diag_list *why)
{
	struct blob *k = &img->kernel;
	const uint8_t *file = k->storage ? k->storage : k->data;
	size_t len = k->storage ? k->storage_len : k->size;
	_cleanup_free_ char *name = NULL;
	struct blob view = BLOB_INIT;
	struct pe_uki uki;
	struct pe_file pe;
	int r;

	name = file_name(k->name, e->kernel.section);
	r = authenticode_verify(file, len, name ? name : "kernel", a, why);
	if (r < 0)
		return r;
	k->verified = true;
	*ret_cmdline_signed = false;
	if (!e->kernel.section)
		return 0; /* a signed EFI-stub kernel: only the kernel is covered */
	/* A UKI: the signature covered the whole file, so its sections too. */
	if (pe_open(&pe, file, len, len) < 0)
		return 0;
	for (size_t i = 0; i < img->n_initrds && i < e->n_initrds; i++) {
		const struct boot_ref *ref = &e->initrds[i];

		if (ref->section && same_file(ref, &e->kernel) &&
		    section_is_signed(&pe, file, ref->section, &img->initrds[i]))
			img->initrds[i].verified = true;
	}
	view.data = file;
	view.size = len;
	if (pe_blob_uki(&view, &uki) < 0)
		return 0;
	*ret_cmdline_signed = str_eq(uki.cmdline ? uki.cmdline : "", img->cmdline ? img->cmdline : "");
	pe_uki_done(&uki);
	return 0;
}
