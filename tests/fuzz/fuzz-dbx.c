// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: boot/trust/dbx.h's parser. What parses must keep its
 * promises: within the bound, and every hash it returns is found again.
 */
#include "boot/trust/dbx.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list d = { 0 };
	struct dbx x;

	if (dbx_parse("f", (const char *)data, size, &x, &d) == 0) {
		if (x.n > DBX_MAX_HASHES || (x.n && !x.h))
			abort();
		for (size_t i = 0; i < x.n; i++)
			if (!dbx_has(&x, x.h[i]))
				abort();
		dbx_done(&x);
	}
	diag_list_done(&d);
	return 0;
}
