/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * budget: how much work discovery may spend on one source (a volume or a
 * base URL), counted across every parser and every include. Depth limits
 * alone do not bound a hostile disk: nine small syslinux files including
 * each other five times at each level are 5^8 parses. A budget counts files
 * opened or parsed (a file parsed again counts again, even when its text or
 * AST is cached), bytes read, and milliseconds on a monotonic clock.
 *
 * Once one runs out the source's parse stops where it is: what was found so
 * far stays, one diagnostic names the budget, the next source starts afresh.
 */
#ifndef KEXBOOT_BOOT_BUDGET_H
#define KEXBOOT_BOOT_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/diag.h"

/*
 * Fuzz builds pass smaller limits with -D (DISCOVERY_FUZZ_LIMITS in boot/boot.mk)
 * so one input costs milliseconds; every other build uses these.
 */
#ifndef DISCOVER_BUDGET_MS
#define DISCOVER_BUDGET_MS 2000               /* wall time per source */
#endif
#ifndef DISCOVER_BUDGET_BYTES
#define DISCOVER_BUDGET_BYTES (64ull << 20)   /* bytes read per source */
#endif
#ifndef DISCOVER_BUDGET_FILES
#define DISCOVER_BUDGET_FILES 4096            /* files opened or parsed per source */
#endif
#ifndef DISCOVER_BUDGET_MEM
#define DISCOVER_BUDGET_MEM (128ull << 20)    /* parsed forms (ASTs) held per source */
#endif
#define DISCOVER_BUDGET_CLOCK_EVERY 256       /* interpreter steps between clock reads */

/* The limits; 0 in a field means its default. */
struct discover_limits {
	unsigned ms;
	uint64_t bytes;
	unsigned files;
	uint64_t mem;
};

struct discover_budget {
	struct discover_limits lim; /* defaults filled in */
	uint64_t t0_ms;
	uint64_t bytes;
	unsigned files;
	uint64_t mem;
	unsigned ticks;             /* steps since the clock was last read */
	const char *spent;          /* which ran out ("time", "bytes read", "files", "memory"), NULL while left */
	bool mem_full;              /* a parsed form was cut: what was parsed runs, the next read is refused */
	bool reported;
};

/* Starts the clock; lim NULL means the defaults. */
void discover_budget_init(struct discover_budget *b, const struct discover_limits *lim);
/*
 * Charges files opened or parsed and bytes read (a cached file: 1, 0; the
 * bytes of a file already counted: 0, len). 0 while every budget lasts,
 * -EDQUOT once one is spent (and from then on). b NULL: unlimited.
 */
int discover_budget_charge(struct discover_budget *b, unsigned files, uint64_t bytes);
/*
 * Memory a parser may still take for a parsed form (b NULL: max), and the
 * charge for what it took: -EDQUOT (and spent) when that exceeds the budget.
 */
uint64_t discover_budget_mem_left(const struct discover_budget *b, uint64_t max);
int discover_budget_charge_mem(struct discover_budget *b, uint64_t bytes);
/* True once a budget is spent; reads the clock. */
bool discover_budget_spent(struct discover_budget *b);
/* discover_budget_spent, reading the clock only every DISCOVER_BUDGET_CLOCK_EVERY calls. */
bool discover_budget_tick(struct discover_budget *b);
/* Diagnoses the spent budget once (later calls add nothing). */
void discover_budget_report(struct discover_budget *b, struct diag_list *diags, const char *file, unsigned line);

#endif
