// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The keyring source: the `user` keys linked into the keyring named by
 * kexboot.keyring, read through the keyctl seam straight into sensitive
 * blobs. A key's description is its secret name.
 */
#include "boot/secrets/internal.h"

#include <errno.h>
#include <string.h>

#define KEY_DESC_MAX 512

/* The keyring's id: session tree first, then the user keyring. */
static long keyring_find(const struct secrets_keyctl *kc, const char *desc)
{
	long id = kc->search(kc->userdata, SECRETS_KEY_SPEC_SESSION, "keyring", desc);

	if (id < 0)
		id = kc->search(kc->userdata, SECRETS_KEY_SPEC_USER, "keyring", desc);
	return id;
}

/* One user key into set: 0 (taken or skipped with a note) or a fatal -errno. */
static int keyring_read_user(const struct secrets_keyctl *kc, int32_t id, const char *name,
			     struct secret_set *set, struct diag_list *why)
{
	struct blob b = BLOB_INIT;
	long len, got;
	int r;

	if (!secret_name_valid(name))
		return diag_note(why, "secrets: keyring: key %d: its description is not a valid secret name, skipped",
				 (int)id);
	len = kc->read(kc->userdata, id, NULL, 0);
	if (len < 0)
		return diag_note(why, "secrets: keyring: '%s': %s, skipped", name, strerror((int)-len));
	if ((unsigned long)len > SECRET_MAX_SIZE)
		return diag_note(why, "secrets: keyring: '%s': larger than %u bytes, skipped", name, SECRET_MAX_SIZE);
	r = blob_new_heap((size_t)len, true, name, &b);
	if (r < 0)
		return diag_fail(why, r, "secrets: no locked memory for '%s': %s", name, strerror(-r));
	got = len ? kc->read(kc->userdata, id, b.storage, (size_t)len) : 0;
	if (got < 0 || got > len) {
		blob_release(&b);
		return diag_note(why, "secrets: keyring: '%s': %s, skipped", name,
				 got < 0 ? strerror((int)-got) : "changed while it was read");
	}
	if (got < len)
		(void)blob_narrow(&b, 0, (uint64_t)got);
	return secret_set_take(set, name, "keyring", &b, why);
}

int secrets_keyring_gather(const struct secrets_ctx *ctx, struct secret_set *set, struct diag_list *why)
{
	const struct secrets_keyctl *kc = ctx->keyctl;
	int32_t ids[SECRETS_KEYRING_MAX_KEYS];
	long ring, len;
	size_t n;

	if (!ctx->keyring || !*ctx->keyring || !kc)
		return 0;
	ring = keyring_find(kc, ctx->keyring);
	if (ring < 0)
		return diag_note(why, "secrets: kexboot.keyring: no keyring '%s' in the session or user keyring: %s",
				 ctx->keyring, strerror((int)-ring));
	len = kc->read(kc->userdata, (int32_t)ring, ids, sizeof(ids));
	if (len < 0)
		return diag_note(why, "secrets: keyring '%s': %s", ctx->keyring, strerror((int)-len));
	if ((size_t)len > sizeof(ids))
		(void)diag_note(why, "secrets: keyring '%s': only its first %d keys are read", ctx->keyring,
				SECRETS_KEYRING_MAX_KEYS);
	n = ((size_t)len > sizeof(ids) ? sizeof(ids) : (size_t)len) / sizeof(ids[0]);
	for (size_t i = 0; i < n; i++) {
		char desc[KEY_DESC_MAX], type[32];
		const char *name;
		long dl = kc->describe(kc->userdata, ids[i], desc, sizeof(desc));
		int r;

		desc[sizeof(desc) - 1] = '\0';
		if (dl < 0 || (size_t)dl > sizeof(desc) || secrets_parse_description(desc, type, sizeof(type), &name) < 0) {
			r = diag_note(why, "secrets: keyring '%s': key %d cannot be described, skipped", ctx->keyring,
				      (int)ids[i]);
		} else if (!strcmp(type, "user")) {
			r = keyring_read_user(kc, ids[i], name, set, why);
		} else if (!strcmp(type, "logon")) {
			r = diag_note(why, "secrets: keyring '%s': '%s' is a logon key, which cannot be read back; not handed over",
				      ctx->keyring, name);
		} else {
			r = diag_note(why, "secrets: keyring '%s': '%s' is a '%s' key, not handed over", ctx->keyring,
				      name, type);
		}
		if (r < 0)
			return r;
	}
	return 0;
}
