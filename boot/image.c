// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/image.h"
#include "lib/cleanup.h"
#include "lib/pe.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

static void boot_blob_done(struct boot_blob *b)
{
	if (b->map)
		munmap(b->map, b->map_len);
	free(b->name);
	memset(b, 0, sizeof(*b));
}

void boot_image_done(struct boot_image *img)
{
	boot_blob_done(&img->kernel);
	for (size_t i = 0; i < img->n_initrds; i++)
		boot_blob_done(&img->initrds[i]);
	free(img->initrds);
	free(img->cmdline);
	memset(img, 0, sizeof(*img));
}

static int blob_map(const struct boot_volumes *vols, const struct boot_ref *ref, uint64_t max,
		    struct boot_blob *ret, struct diag_list *why)
{
	const struct boot_volume *v;
	_cleanup_close_ int fd = -1;
	struct boot_blob b = { 0 };
	struct stat st;
	int r;

	if (ref->url) {
		diag_fail(why, 0, "%s: network sources cannot be fetched by this build", ref->url);
		return -EPROTONOSUPPORT;
	}
	if (!ref->path) {
		diag_fail(why, 0, "an entry names no file");
		return -EINVAL;
	}
	if (asprintf(&b.name, "%s:%s%s", ref->device ? ref->device : "?", ref->path,
		     ref->section ? ref->section : "") < 0) {
		b.name = NULL;
		return -ENOMEM;
	}
	v = boot_volume_find(vols, ref->device);
	if (!v) {
		diag_fail(why, 0, "%s: no such device", b.name);
		r = -ENODEV;
		goto fail;
	}
	fd = fsa_open_file(v->fs, ref->path);
	if (fd < 0) {
		r = fd;
		diag_fail(why, 0, "%s: %s", b.name, strerror(-r));
		goto fail;
	}
	if (fstat(fd, &st) < 0) {
		r = -errno;
		diag_fail(why, 0, "%s: %s", b.name, strerror(-r));
		goto fail;
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > max) {
		r = S_ISREG(st.st_mode) ? -EFBIG : -EINVAL;
		diag_fail(why, 0, "%s: %s", b.name, S_ISREG(st.st_mode) ? "file too large" : "not a regular file");
		goto fail;
	}
	if (st.st_size > 0) {
		b.map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (b.map == MAP_FAILED) {
			b.map = NULL;
			r = -errno;
			diag_fail(why, 0, "%s: cannot map: %s", b.name, strerror(-r));
			goto fail;
		}
		b.map_len = (size_t)st.st_size;
	}
	b.data = b.map;
	b.size = b.map_len;
	if (ref->section) {
		struct pe_file pe;
		const struct pe_section *sec;

		r = pe_open(&pe, b.map, b.map_len, b.map_len);
		if (r < 0) {
			diag_fail(why, 0, "%s: not a valid PE image", b.name);
			goto fail;
		}
		sec = pe_find_section(&pe, ref->section);
		if (!sec) {
			r = -ENOENT;
			diag_fail(why, 0, "%s: no such section in the image", b.name);
			goto fail;
		}
		b.data = (const char *)b.map + sec->offset;
		b.size = (size_t)sec->size;
	}
	*ret = b;
	return 0;
fail:
	boot_blob_done(&b);
	return r;
}

int boot_image_open(const struct boot_volumes *vols, const struct boot_entry *e, const char *cmdline,
		    struct boot_image *img, struct diag_list *why)
{
	struct boot_image t = { 0 };
	int r;

	memset(img, 0, sizeof(*img));
	if (e->state != BOOT_ENTRY_OK) {
		diag_fail(why, 0, "%s", e->reason ? e->reason : "the entry is broken");
		return -EINVAL;
	}
	if (e->n_initrds > BOOT_IMAGE_MAX_INITRDS) {
		diag_fail(why, 0, "too many initrds (%zu, at most %d)", e->n_initrds, BOOT_IMAGE_MAX_INITRDS);
		return -E2BIG;
	}
	r = blob_map(vols, &e->kernel, BOOT_IMAGE_KERNEL_MAX, &t.kernel, why);
	if (r < 0)
		goto fail;
	if (e->n_initrds) {
		t.initrds = calloc(e->n_initrds, sizeof(*t.initrds));
		if (!t.initrds) {
			r = -ENOMEM;
			goto fail;
		}
	}
	for (size_t i = 0; i < e->n_initrds; i++) {
		r = blob_map(vols, &e->initrds[i], BOOT_IMAGE_INITRD_MAX, &t.initrds[i], why);
		if (r < 0)
			goto fail;
		t.n_initrds++;
	}
	t.cmdline = strdup(cmdline ? cmdline : e->cmdline ? e->cmdline : "");
	if (!t.cmdline) {
		r = -ENOMEM;
		goto fail;
	}
	*img = t;
	return 0;
fail:
	boot_image_done(&t);
	return r;
}
