/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * plan-fuzz: what the planner fuzz targets (fuzz-bzimage, fuzz-elf) share:
 * one fixed fake machine (an EFI boot with 6 GiB of RAM, a crash region and
 * two CPUs' crash notes), and a request made from the input's first bytes.
 */
#ifndef KEXBOOT_TESTS_FUZZ_PLAN_FUZZ_H
#define KEXBOOT_TESTS_FUZZ_PLAN_FUZZ_H

#include "loader/internal.h"

#include <stddef.h>
#include <stdint.h>

/* Bytes of the input the request takes before the image. */
#define PLAN_FUZZ_PREFIX 3

/* The machine, built once; never freed. */
const struct machine_state *plan_fuzz_machine(void);

/* One of the per-format planners of loader/internal.h. */
typedef int plan_fuzz_planner(const struct kexec_request *req, const struct machine_state *ms,
			      struct kexec_plan *plan, struct diag_list *err);

/*
 * Plans data[PLAN_FUZZ_PREFIX..] as a kernel image with planner and the
 * options the prefix picks (crash, entry, initrds and their alignment,
 * command line, RNG seed), then checks the plan's invariants (abort on a
 * broken one). Returns the planner's result.
 */
int plan_fuzz_run(plan_fuzz_planner *planner, const uint8_t *data, size_t size);

#endif
