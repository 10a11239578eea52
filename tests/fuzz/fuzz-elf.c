// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the ELF planner (loader/elf.c: libelf over the image, every PT_LOAD
 * placed at its p_paddr) and the zero page it builds,
 * over a fixed fake machine (tests/fuzz/plan-fuzz.c). The first
 * PLAN_FUZZ_PREFIX bytes pick the request's options, the rest is the image.
 */
#include "tests/fuzz/plan-fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	plan_fuzz_run(kexec_plan_elf, data, size);
	return 0;
}
