// SPDX-License-Identifier: GPL-2.0-or-later
/* The measure stage (trust.h): plan and log before compose, extends after load. */
#include "boot/trust/trust.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int measure_log(struct trust_measurement *m, struct diag_list *why)
{
	uint8_t *log = NULL;
	size_t len = 0;
	int r = eventlog_build(&m->plan, &m->banks, &log, &len);

	if (r < 0)
		return diag_fail(why, r, "building the TPM event log: %s", strerror(-r));
	r = blob_new_heap(len, false, EVENTLOG_PATH, &m->eventlog);
	if (r >= 0)
		memcpy((void *)m->eventlog.data, log, len);
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
		r = measure_log(&m, why);
	if (r < 0)
		return measure_failed(ctx, &m, r, "booting unmeasured", why);
	*ret = m;
	return 0;
}

/* The sha256 bank (or the first) of the PCRs the plan touches, read back against the log's replay. */
static int measure_check(struct trust_measurement *m, const uint8_t before[TPM_NUM_PCRS][TPM_MAX_DIGEST],
			 uint16_t alg, struct diag_list *why)
{
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

int trust_measure_commit(const struct trust_ctx *ctx, struct trust_measurement *m, struct diag_list *why)
{
	uint8_t before[TPM_NUM_PCRS][TPM_MAX_DIGEST];
	bool read[TPM_NUM_PCRS] = { false };
	char pcrs[TPM_NUM_PCRS * 4];
	uint16_t alg;
	int r = 0;

	if (m->tpm.fd < 0)
		return 0;
	alg = m->banks.alg[0];
	for (size_t b = 0; b < m->banks.n; b++)
		if (m->banks.alg[b] == TPM_ALG_SHA256)
			alg = TPM_ALG_SHA256;
	/* The values before, to check the extends against. */
	for (size_t i = 0; r >= 0 && i < m->plan.n; i++) {
		uint32_t pcr = m->plan.ev[i].pcr;
		size_t n = 0;

		if (!read[pcr])
			r = tpm_pcr_read(&m->tpm, pcr, alg, before[pcr], &n, why);
		read[pcr] = true;
	}
	for (size_t i = 0; r >= 0 && i < m->plan.n; i++)
		r = tpm_pcr_extend(&m->tpm, m->plan.ev[i].pcr, &m->plan.ev[i].digests, why);
	if (r >= 0)
		r = measure_check(m, (const uint8_t(*)[TPM_MAX_DIGEST])before, alg, why);
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
