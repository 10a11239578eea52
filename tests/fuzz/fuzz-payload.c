// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: loader/payload.c over the input, as a compressed
 * bzImage payload (its size trailer capped at 1 MiB here to keep runs
 * fast) and as a vmlinux; then the decompressed bytes as a vmlinux too.
 */
#include "loader/internal.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list err;
	struct vmlinux_image vm;
	const char *fmt;
	uint8_t *out = NULL;
	size_t out_len = 0;

	if (size >= 8 && get_le32(data + size - 4) <= (1u << 20) &&
	    payload_decompress(data, size, &out, &out_len, &fmt, &err) == 0) {
		if (vmlinux_layout(out, out_len, &vm, &err) == 0)
			vmlinux_image_free(&vm);
		free(out);
	}
	if (vmlinux_layout(data, size, &vm, &err) == 0)
		vmlinux_image_free(&vm);
	return 0;
}
