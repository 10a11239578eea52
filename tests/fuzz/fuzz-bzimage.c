// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the bzImage planner (loader/bzimage.c: setup header, placement, crash
 * kernels, the kernel proper) and the zero page it builds (loader/zeropage.c),
 * over a fixed fake machine (tests/fuzz/plan-fuzz.c). The first
 * PLAN_FUZZ_PREFIX bytes pick the request's options, the rest is the image.
 */
#include "tests/fuzz/plan-fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	plan_fuzz_run(kexec_plan_bzimage, data, size);
	return 0;
}
