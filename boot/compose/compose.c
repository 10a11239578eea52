// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/compose/compose.h"

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
	for (size_t i = 0; i < img->n_initrds; i++)
		c.pieces[c.n_pieces++] = &img->initrds[i];
	*ret = c;
	return 0;
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
