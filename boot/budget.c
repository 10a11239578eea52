// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/budget.h"
#include "lib/clock.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

void discover_budget_init(struct discover_budget *b, const struct discover_limits *lim)
{
	memset(b, 0, sizeof(*b));
	if (lim)
		b->lim = *lim;
	if (!b->lim.ms)
		b->lim.ms = DISCOVER_BUDGET_MS;
	if (!b->lim.bytes)
		b->lim.bytes = DISCOVER_BUDGET_BYTES;
	if (!b->lim.files)
		b->lim.files = DISCOVER_BUDGET_FILES;
	if (!b->lim.mem)
		b->lim.mem = DISCOVER_BUDGET_MEM;
	b->t0_ms = clock_now_ms();
}

bool discover_budget_spent(struct discover_budget *b)
{
	if (!b)
		return false;
	if (!b->spent && clock_now_ms() - b->t0_ms > b->lim.ms)
		b->spent = "time";
	return b->spent != NULL;
}

bool discover_budget_tick(struct discover_budget *b)
{
	if (!b)
		return false;
	if (b->spent)
		return true;
	if (++b->ticks < DISCOVER_BUDGET_CLOCK_EVERY)
		return false;
	b->ticks = 0;
	return discover_budget_spent(b);
}

int discover_budget_charge(struct discover_budget *b, unsigned files, uint64_t bytes)
{
	if (!b)
		return 0;
	if (discover_budget_spent(b))
		return -EDQUOT;
	if (b->mem_full) {
		b->spent = "memory";
		return -EDQUOT;
	}
	if (files > b->lim.files - b->files) {
		b->spent = "files";
		return -EDQUOT;
	}
	if (bytes > b->lim.bytes - b->bytes) {
		b->spent = "bytes read";
		return -EDQUOT;
	}
	b->files += files;
	b->bytes += bytes;
	return 0;
}

uint64_t discover_budget_mem_left(const struct discover_budget *b, uint64_t max)
{
	uint64_t left;

	if (!b)
		return max;
	left = b->lim.mem - b->mem;
	return left < max ? left : max;
}

int discover_budget_charge_mem(struct discover_budget *b, uint64_t bytes)
{
	if (!b)
		return 0;
	if (bytes > b->lim.mem - b->mem) {
		b->mem = b->lim.mem;
		b->mem_full = true;
		return -EDQUOT;
	}
	b->mem += bytes;
	return 0;
}

void discover_budget_report(struct discover_budget *b, struct diag_list *diags, const char *file, unsigned line)
{
	const char *what = b && !b->spent && b->mem_full ? "memory" : b ? b->spent : NULL;

	if (!what || b->reported)
		return;
	b->reported = true;
	if (strcmp(what, "time") == 0)
		diag_add(diags, file, line, "discovery budget spent: more than %u ms; rest of this source skipped",
			 b->lim.ms);
	else if (strcmp(what, "memory") == 0)
		diag_add(diags, file, line,
			 "discovery budget spent: parsed configs would hold more than %llu bytes; rest of this source skipped",
			 (unsigned long long)b->lim.mem);
	else if (strcmp(what, "files") == 0)
		diag_add(diags, file, line,
			 "discovery budget spent: more than %u files opened or parsed; rest of this source skipped",
			 b->lim.files);
	else
		diag_add(diags, file, line,
			 "discovery budget spent: more than %llu bytes read; rest of this source skipped",
			 (unsigned long long)b->lim.bytes);
}
