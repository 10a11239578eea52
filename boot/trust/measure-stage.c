// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The measure stage (trust.h): plan and log, then the entry's extends before
 * the secrets stage unseals, the separators after the load.
 */
#include "boot/trust/trust.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void trust_measured_done(struct trust_measured *m)
{
	if (!m)
		return;
	free(m->records);
	*m = (struct trust_measured){ 0 };
}

void trust_measurement_done(struct trust_measurement *m)
{
	if (!m)
		return;
	tpm_close(&m->tpm);
	measure_plan_done(&m->plan);
	blob_release(&m->eventlog);
	*m = (struct trust_measurement)TRUST_MEASUREMENT_INIT;
}

/*
 * A TPM problem under the policy: enforce stops the boot with the reason
 * (kept in why->reason), warn and off say it and go on unmeasured.
 */
static int measure_failed(const struct trust_ctx *ctx, struct trust_measurement *m, int r, const char *going_on,
			  struct diag_list *why)
{
	char reason[DIAG_REASON_MAX];

	/* A copy: the new reason is written over the old one. */
	snprintf(reason, sizeof(reason), "%s", diag_reason(why, strerror(-r)));

	if (ctx->policy == TRUST_POLICY_ENFORCE) {
		trust_measurement_done(m);
		return diag_fail(why, r, "refused by policy enforce: TPM measurement failed: %s", reason);
	}
	(void)diag_note(why, "TPM measurement failed, %s (policy %s): %s", going_on, trust_policy_name(ctx->policy),
			reason);
	trust_measurement_done(m);
	return 0;
}

/* Where a log's first TCG_PCR_EVENT2 starts: after the TCG_PCR_EVENT header and its Spec ID data. */
static size_t log_records_off(const uint8_t *log, size_t len)
{
	size_t size;

	if (len < 32)
		return len;
	size = (size_t)log[28] | (size_t)log[29] << 8 | (size_t)log[30] << 16 | (size_t)log[31] << 24;
	return size <= len - 32 ? 32 + size : len;
}

/* The plan's log, with what earlier attempts extended (ctx->measured) between the header and the plan's events. */
static int measure_log(const struct trust_ctx *ctx, struct trust_measurement *m, struct diag_list *why)
{
	const struct trust_measured *before = ctx->measured;
	size_t extra = before ? before->len : 0, len = 0, head;
	uint8_t *log = NULL, *out;
	int r = eventlog_build(&m->plan, &m->banks, &log, &len);

	if (r < 0)
		return diag_fail(why, r, "building the TPM event log: %s", strerror(-r));
	head = log_records_off(log, len);
	if (extra > SIZE_MAX - len)
		r = -ENOMEM;
	else
		r = blob_new_heap(len + extra, false, EVENTLOG_PATH, &m->eventlog);
	if (r >= 0) {
		out = (uint8_t *)m->eventlog.data;
		memcpy(out, log, head);
		if (extra)
			memcpy(out + head, before->records, extra);
		memcpy(out + head + extra, log + head, len - head);
	}
	free(log);
	return r < 0 ? diag_fail(why, r, "building the TPM event log: %s", strerror(-r)) : 0;
}

int trust_measure(const struct trust_ctx *ctx, const struct boot_image *img, struct trust_measurement *ret,
		  struct diag_list *why)
{
	struct trust_measurement m = TRUST_MEASUREMENT_INIT;
	int r;

	*ret = m;
	r = tpm_open(ctx->root, &m.tpm, why);
	if (r == -ENOENT) {
		if (ctx->policy != TRUST_POLICY_OFF)
			(void)diag_note(why, "no TPM (%s/dev/tpmrm0): nothing measured", ctx->root);
		return 0;
	}
	if (r >= 0)
		r = tpm_get_pcr_banks(&m.tpm, &m.banks, why);
	if (r >= 0 && !m.banks.n)
		r = diag_fail(why, ENODEV, "%s: no PCR bank is active", m.tpm.name);
	if (r >= 0) {
		r = measure_plan_build(img, &m.plan);
		if (r < 0)
			r = diag_fail(why, r, "planning the TPM measurements: %s", strerror(-r));
	}
	if (r >= 0)
		r = measure_plan_hash(&m.plan, &m.banks, why);
	if (r >= 0)
		r = measure_log(ctx, &m, why);
	if (r < 0)
		return measure_failed(ctx, &m, r, "booting unmeasured", why);
	*ret = m;
	return 0;
}

/* The sha256 bank (or the first) of the PCRs the plan touches, read back against the log's replay. */
static int measure_check(struct trust_measurement *m, struct diag_list *why)
{
	const uint8_t(*before)[TPM_MAX_DIGEST] = (const uint8_t(*)[TPM_MAX_DIGEST])m->before;
	uint16_t alg = m->check_alg;
	size_t dsize = tpm_alg_digest_size(alg);

	for (uint32_t pcr = 0; pcr < TPM_NUM_PCRS; pcr++) {
		uint8_t want[TPM_MAX_DIGEST], got[TPM_MAX_DIGEST];
		bool touched = false;
		size_t n = 0;
		int r;

		memcpy(want, before[pcr], dsize);
		for (size_t i = 0; i < m->plan.n; i++) {
			const struct measure_event *e = &m->plan.ev[i];

			for (size_t b = 0; e->pcr == pcr && b < e->digests.n; b++)
				if (e->digests.alg[b] == alg) {
					r = measure_extend(alg, want, e->digests.d[b]);
					if (r < 0)
						return r;
					touched = true;
				}
		}
		if (!touched)
			continue;
		r = tpm_pcr_read(&m->tpm, pcr, alg, got, &n, why);
		if (r < 0)
			return r;
		if (n != dsize || memcmp(got, want, dsize) != 0)
			return diag_fail(why, EIO, "%s: PCR %u does not hold what was extended (something else extended it)",
					 m->tpm.name, pcr);
	}
	return 0;
}

/* "8 9 11" for the message. */
static void measure_pcr_list(const struct measure_plan *p, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (uint32_t pcr = 0; pcr < TPM_NUM_PCRS; pcr++)
		for (size_t i = 0; i < p->n; i++)
			if (p->ev[i].pcr == pcr) {
				int n = snprintf(buf + len, size - len, "%s%u", len ? " " : "", pcr);

				if (n > 0 && (size_t)n < size - len)
					len += (size_t)n;
				break;
			}
}

/* The events up to the closing separators: what a secret may be sealed to. */
static size_t measure_entry_events(const struct measure_plan *p)
{
	size_t n = p->n;

	while (n && p->ev[n - 1].type == EV_SEPARATOR)
		n--;
	return n;
}

/* Reads the PCRs the plan touches once, before the first extend. */
static int measure_read_before(struct trust_measurement *m, struct diag_list *why)
{
	int r = 0;

	m->check_alg = m->banks.alg[0];
	for (size_t b = 0; b < m->banks.n; b++)
		if (m->banks.alg[b] == TPM_ALG_SHA256)
			m->check_alg = TPM_ALG_SHA256;
	for (size_t i = 0; r >= 0 && i < m->plan.n; i++) {
		uint32_t pcr = m->plan.ev[i].pcr;
		size_t n = 0;

		if (!m->before_read[pcr])
			r = tpm_pcr_read(&m->tpm, pcr, m->check_alg, m->before[pcr], &n, why);
		m->before_read[pcr] = true;
	}
	return r;
}

/* Events [m->extended, end) into the TPM. */
static int measure_extend_to(struct trust_measurement *m, size_t end, struct diag_list *why)
{
	int r = 0;

	if (!m->extended)
		r = measure_read_before(m, why);
	while (r >= 0 && m->extended < end) {
		r = tpm_pcr_extend(&m->tpm, m->plan.ev[m->extended].pcr, &m->plan.ev[m->extended].digests, why);
		if (r >= 0)
			m->extended++;
	}
	return r;
}

int trust_measure_extend(const struct trust_ctx *ctx, struct trust_measurement *m, struct diag_list *why)
{
	int r;

	if (m->tpm.fd < 0)
		return 0;
	r = measure_extend_to(m, measure_entry_events(&m->plan), why);
	if (r < 0)
		return measure_failed(ctx, m, r, "booting with the PCRs holding part of it at most", why);
	return 0;
}

void trust_measure_abandon(const struct trust_ctx *ctx, struct trust_measurement *m, struct diag_list *why)
{
	struct diag_list tpm_why = { 0 };
	size_t head;
	uint8_t *rec;
	int r;

	if (m->tpm.fd < 0 || !m->extended)
		return;
	r = measure_extend_to(m, m->plan.n, &tpm_why);
	if (r < 0)
		(void)diag_note(why, "TPM: closing the failed attempt's PCRs: %s", diag_reason(&tpm_why, strerror(-r)));
	diag_list_done(&tpm_why);
	if (!ctx->measured)
		return;
	/* The log held the earlier attempts' events and this one's: together, what the TPM holds now. */
	head = log_records_off(m->eventlog.data, m->eventlog.size);
	rec = malloc(m->eventlog.size - head + 1);
	if (!rec) {
		(void)diag_note(why, "TPM: out of memory: the next attempt's event log will not replay");
		return;
	}
	memcpy(rec, (const uint8_t *)m->eventlog.data + head, m->eventlog.size - head);
	free(ctx->measured->records);
	ctx->measured->records = rec;
	ctx->measured->len = m->eventlog.size - head;
}

int trust_measure_commit(const struct trust_ctx *ctx, struct trust_measurement *m, struct diag_list *why)
{
	char pcrs[TPM_NUM_PCRS * 4];
	int r;

	if (m->tpm.fd < 0)
		return 0;
	r = measure_extend_to(m, m->plan.n, why);
	if (r >= 0)
		r = measure_check(m, why);
	if (r < 0)
		return measure_failed(ctx, m, r, "booting with the PCRs holding part of it at most", why);
	measure_pcr_list(&m->plan, pcrs, sizeof(pcrs));
	if (m->plan.uki && m->plan.stub_version)
		(void)diag_note(why, "TPM: %zu event(s) measured into PCRs %s (PCR 11: the sections systemd-stub %u measures)",
				m->plan.n, pcrs, m->plan.stub_version);
	else
		(void)diag_note(why, "TPM: %zu event(s) measured into PCRs %s", m->plan.n, pcrs);
	tpm_close(&m->tpm);
	return 0;
}
