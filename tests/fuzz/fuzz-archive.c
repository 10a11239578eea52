// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: boot/compose/archive.c (is an initrd whole?) over the
 * input as one initrd. Every result is 0 or -EBADMSG (-ENOMEM only when the
 * decoders cannot allocate), and a failure always carries a reason.
 */
#include "boot/compose/archive.h"

#include <errno.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list why;
	int r;

	diag_list_init(&why);
	r = initrd_archive_check(data, size, "fuzz", &why);
	if (r != 0 && r != -EBADMSG && r != -ENOMEM)
		abort();
	if (r < 0 && !why.reason[0])
		abort();
	diag_list_done(&why);
	return 0;
}
