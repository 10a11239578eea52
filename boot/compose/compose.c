// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/compose/compose.h"
#include "boot/compose/archive.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int compose_initrds(const struct boot_image *img, struct composed *ret, struct diag_list *why)
{
	struct composed c = { .generated = BLOB_INIT };

	if (img->n_initrds) {
		c.pieces = calloc(img->n_initrds + 1, sizeof(*c.pieces)); /* + 1: room for the generated piece */
		if (!c.pieces)
			return diag_fail(why, ENOMEM, "composing the initrds: out of memory");
	}
	for (size_t i = 0; i < img->n_initrds; i++) {
		const struct blob *b = &img->initrds[i];
		/* A cut-short initrd is said here, with its name, not left to the target kernel's unpacker. */
		int r = initrd_archive_check(b->data, b->size, b->name, why);

		if (r < 0) {
			free(c.pieces);
			return r;
		}
		c.pieces[c.n_pieces++] = b;
	}
	*ret = c;
	return 0;
}

int compose_check_memory(const struct boot_image *img, uint64_t available, struct diag_list *why)
{
	uint64_t initrds = 0, k = img->kernel.size;

	for (size_t i = 0; i < img->n_initrds; i++)
		initrds += img->initrds[i].size;
	if (k + initrds <= available)
		return 0;
	return diag_fail(why, ENOMEM,
			 "the image needs %llu MiB of memory (kernel %llu MiB, initrds %llu MiB) and %llu MiB are "
			 "available: it does not fit",
			 (unsigned long long)((k + initrds + (1u << 20) - 1) >> 20),
			 (unsigned long long)((k + (1u << 20) - 1) >> 20),
			 (unsigned long long)((initrds + (1u << 20) - 1) >> 20), (unsigned long long)(available >> 20));
}

void composed_done(struct composed *c)
{
	if (!c)
		return;
	free(c->pieces);
	blob_release(&c->generated);
	memset(c, 0, sizeof(*c));
	c->generated.fd = -1;
}
