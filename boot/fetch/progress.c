// SPDX-License-Identifier: GPL-2.0-or-later
/* The progress meter of long fetches: when to report, and the words. */
#include "boot/fetch/progress.h"

#include <stdio.h>

void fetch_meter_start(struct fetch_meter *m, fetch_progress_fn fn, void *arg, const char *name, uint64_t now_ms)
{
	*m = (struct fetch_meter){ .fn = fn, .arg = arg, .name = name, .start_ms = now_ms,
				   .next_ms = now_ms + FETCH_PROGRESS_FIRST_MS };
}

void fetch_meter_tick(struct fetch_meter *m, uint64_t got, bool has_total, uint64_t total, uint64_t now_ms)
{
	struct fetch_progress p = { .name = m->name, .got = got, .has_total = has_total, .total = total,
				    .elapsed_ms = now_ms - m->start_ms };

	if (!m->fn || now_ms < m->next_ms)
		return;
	m->fn(m->arg, &p);
	m->shown = true;
	m->next_ms = now_ms + FETCH_PROGRESS_EVERY_MS;
}

void fetch_meter_end(struct fetch_meter *m, uint64_t got, uint64_t now_ms)
{
	struct fetch_progress p = { .name = m->name, .got = got, .has_total = true, .total = got,
				    .elapsed_ms = now_ms - m->start_ms, .done = true };

	if (m->fn && m->shown)
		m->fn(m->arg, &p);
}

/* "812 bytes", "512.0 KiB", "7.9 MiB", "1.25 GiB" */
static const char *progress_size(uint64_t v, char *buf, size_t n)
{
	if (v < 10 * 1024)
		snprintf(buf, n, "%llu bytes", (unsigned long long)v);
	else if (v < (1ull << 20))
		snprintf(buf, n, "%.1f KiB", (double)v / 1024);
	else if (v < (1ull << 30))
		snprintf(buf, n, "%.1f MiB", (double)v / (1 << 20));
	else
		snprintf(buf, n, "%.2f GiB", (double)v / (1 << 30));
	return buf;
}

int fetch_progress_format(const struct fetch_progress *p, char *buf, size_t n)
{
	char got[24], total[24], rate[24];
	uint64_t per_s = p->elapsed_ms ? p->got * 1000 / p->elapsed_ms : 0;

	progress_size(per_s, rate, sizeof(rate));
	progress_size(p->got, got, sizeof(got));
	if (p->done)
		return snprintf(buf, n, "%s: %s in %.1f s, %s/s", p->name, got, (double)p->elapsed_ms / 1000, rate);
	if (!p->has_total || p->total < p->got)
		return snprintf(buf, n, "%s: %s, %s/s", p->name, got, rate);
	progress_size(p->total, total, sizeof(total));
	if (!per_s)
		return snprintf(buf, n, "%s: %s of %s (%u%%), stalled", p->name, got, total,
				(unsigned)(p->total ? p->got * 100 / p->total : 100));
	return snprintf(buf, n, "%s: %s of %s (%u%%), %s/s, %llu s left", p->name, got, total,
			(unsigned)(p->total ? p->got * 100 / p->total : 100), rate,
			(unsigned long long)((p->total - p->got + per_s - 1) / per_s));
}
