// SPDX-License-Identifier: GPL-2.0-or-later
/* Unsealing a sealed file's secret over the TPM client (seal.h has the flow). */
#include "boot/trust/tpm/seal.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

/* The handles the flow holds; each is flushed once and set back to 0. */
struct unseal_handles {
	uint32_t item, session;
};

/* A TPM error in words: -EACCES for a refused policy, -EIO for the rest. */
static int unseal_refused(struct tpm *t, const char *what, int r, uint32_t rc, struct diag_list *why)
{
	const char *words = tpm_rc_describe(rc);

	/* The unseal's own refusal is the answer itself: no step to name. */
	if (r == -EPROTO && words)
		return diag_fail(why, (rc & 0xbf) == 0x9d ? EACCES : EIO, "%s%s%s", what ? what : "", what ? ": " : "",
				 words);
	if (r == -EPROTO)
		return diag_fail(why, EIO, "%s: the TPM answered 0x%x", what ? what : "unsealing", rc);
	return diag_fail(why, EBADMSG, "%s: a malformed answer from %s", what ? what : "unsealing", t->name);
}

void tpm_flush(struct tpm *t, uint32_t *handle)
{
	uint8_t cmd[32], resp[64];
	struct diag_list none = { 0 };
	int n;

	if (!*handle)
		return;
	n = tpm_cmd_flush_context(cmd, sizeof(cmd), *handle);
	*handle = 0;
	if (n < 0)
		return;
	/* A flush that fails leaves the handle to the resource manager, which flushes it when the fd closes. */
	n = tpm_transact(t, cmd, (size_t)n, resp, sizeof(resp), &none);
	diag_list_done(&none);
}

static int unseal_nonce(uint8_t nonce[TPM_NONCE_SIZE], struct diag_list *why)
{
	size_t got = 0;

	while (got < TPM_NONCE_SIZE) {
		ssize_t n = getrandom(nonce + got, TPM_NONCE_SIZE - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return diag_fail(why, errno, "TPM: no random bytes for a nonce: %m");
		got += (size_t)n;
	}
	return 0;
}

int tpm_unseal_parent(struct tpm *t, uint32_t *ret_parent, struct diag_list *why)
{
	uint8_t cmd[TPM_MAX_COMMAND], resp[TPM_MAX_RESPONSE];
	uint32_t rc = 0, handle = 0;
	int n = tpm_cmd_create_primary(cmd, sizeof(cmd)), r;

	r = n < 0 ? n : tpm_transact(t, cmd, (size_t)n, resp, sizeof(resp), why);
	if (r < 0)
		return r;
	r = tpm_resp_create_primary(resp, (size_t)r, &handle, &rc);
	if (r < 0)
		return unseal_refused(t, "making the owner's primary key", r, rc, why);
	*ret_parent = handle;
	return 0;
}

/* Everything up to a policy session that holds the PCR policy and the loaded item. */
static int unseal_prepare(struct tpm *t, uint32_t parent, const struct tpm_sealed *s, struct unseal_handles *h,
			  struct diag_list *why)
{
	uint8_t cmd[TPM_MAX_COMMAND], resp[TPM_MAX_RESPONSE], nonce[TPM_NONCE_SIZE];
	uint32_t rc = 0;
	int n, r;

	n = tpm_cmd_load(cmd, sizeof(cmd), parent, s);
	if (n < 0)
		return diag_fail(why, -n, "loading the sealed object: too large a command");
	r = tpm_transact(t, cmd, (size_t)n, resp, sizeof(resp), why);
	if (r < 0)
		return r;
	r = tpm_resp_load(resp, (size_t)r, &h->item, &rc);
	if (r < 0)
		return unseal_refused(t, "loading the sealed object", r, rc, why);

	r = unseal_nonce(nonce, why);
	if (r < 0)
		return r;
	n = tpm_cmd_start_policy_session(cmd, sizeof(cmd), nonce);
	r = n < 0 ? n : tpm_transact(t, cmd, (size_t)n, resp, sizeof(resp), why);
	if (r < 0)
		return r;
	r = tpm_resp_start_auth_session(resp, (size_t)r, &h->session, &rc);
	if (r < 0)
		return unseal_refused(t, "starting a policy session", r, rc, why);

	n = tpm_cmd_policy_pcr(cmd, sizeof(cmd), h->session, &s->sel);
	r = n < 0 ? n : tpm_transact(t, cmd, (size_t)n, resp, sizeof(resp), why);
	if (r < 0)
		return r;
	r = tpm_resp_policy_pcr(resp, (size_t)r, &rc);
	if (r < 0)
		return unseal_refused(t, "the PCR policy", r, rc, why);
	return 0;
}

int tpm_unseal(struct tpm *t, uint32_t parent, const struct tpm_sealed *s, const char *name, struct blob *ret,
	       struct diag_list *why)
{
	struct unseal_handles h = { 0 };
	uint8_t cmd[TPM_MAX_COMMAND], resp[TPM_MAX_RESPONSE], nonce[TPM_NONCE_SIZE];
	const uint8_t *data = NULL;
	struct blob b = BLOB_INIT;
	uint32_t rc = 0;
	size_t size = 0;
	int n, r;

	r = unseal_prepare(t, parent, s, &h, why);
	if (r < 0)
		goto out;
	r = unseal_nonce(nonce, why);
	if (r < 0)
		goto out;
	n = tpm_cmd_unseal(cmd, sizeof(cmd), h.item, h.session, nonce);
	r = n < 0 ? n : tpm_transact(t, cmd, (size_t)n, resp, sizeof(resp), why);
	if (r < 0)
		goto out;
	r = tpm_resp_unseal(resp, (size_t)r, &data, &size, &rc);
	if (r >= 0)
		h.session = 0; /* continueSession was clear: the TPM closed it */
	if (r < 0) {
		r = unseal_refused(t, NULL, r, rc, why);
		goto out;
	}
	r = blob_new_heap(size, true, name, &b);
	if (r < 0) {
		r = diag_fail(why, -r, "no locked memory for the unsealed secret: %s", strerror(-r));
		goto out;
	}
	if (size)
		memcpy(b.storage, data, size);
	*ret = b;
out:
	/* The response held the secret: it goes before anything else can read this stack. */
	explicit_bzero(resp, sizeof(resp));
	tpm_flush(t, &h.session);
	tpm_flush(t, &h.item);
	return r < 0 ? r : 0;
}
