// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The secrets stage: the table of sources, the set they fill, names, and the
 * required-names rule (boot/secrets/secrets.h). The sources themselves are
 * dir.c (the payload's directory), keyring.c (the kernel keyring), tpm.c
 * (sealed files unsealed by the TPM) and https.c (beside a network config).
 */
#include "boot/secrets/internal.h"
#include "lib/cleanup.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool secret_name_valid(const char *name)
{
	size_t n = 0;

	if (!name || !*name || *name == '.')
		return false;
	for (const char *p = name; *p; p++, n++) {
		char c = *p;

		if (n >= SECRET_NAME_MAX)
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
		      c == '-' || c == '.'))
			return false;
	}
	return true;
}

int secrets_parse_description(const char *desc, char *type, size_t typelen, const char **ret_name)
{
	const char *semi = strchr(desc, ';'), *p;
	size_t tlen;

	if (!semi || semi == desc)
		return -EINVAL;
	tlen = (size_t)(semi - desc);
	if (tlen >= typelen)
		return -EINVAL;
	/* uid, gid and perm follow: three more separators before the description. */
	p = semi + 1;
	for (int i = 0; i < 3; i++) {
		p = strchr(p, ';');
		if (!p)
			return -EINVAL;
		p++;
	}
	memcpy(type, desc, tlen);
	type[tlen] = '\0';
	*ret_name = p;
	return 0;
}

const struct secret *secret_set_find(const struct secret_set *set, const char *name)
{
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->v[i].name, name))
			return &set->v[i];
	return NULL;
}

int secret_set_take(struct secret_set *set, const char *name, const char *source, struct blob *bytes,
		    struct diag_list *why)
{
	struct secret *v;
	char *copy;

	if (secret_set_find(set, name)) {
		(void)diag_note(why, "secrets: %s: '%s' was found already, this one is not handed over", source, name);
		blob_release(bytes);
		return 0;
	}
	if (set->n >= SECRETS_MAX) {
		blob_release(bytes);
		return diag_fail(why, E2BIG, "secrets: more than %d secrets", SECRETS_MAX);
	}
	copy = strdup(name);
	v = copy ? realloc(set->v, (set->n + 1) * sizeof(*set->v)) : NULL;
	if (!v) {
		free(copy);
		blob_release(bytes);
		return diag_fail(why, ENOMEM, "secrets: out of memory");
	}
	set->v = v;
	set->v[set->n++] = (struct secret){ .name = copy, .source = source, .bytes = *bytes };
	blob_forget(bytes);
	return 0;
}

void secret_set_done(struct secret_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++) {
		blob_release(&set->v[i].bytes);
		free(set->v[i].name);
	}
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

int secrets_check_required(const struct secret_set *set, const char *required, struct diag_list *why)
{
	_cleanup_free_ char *list = NULL;
	char *save = NULL;

	if (!required || !*required)
		return 0;
	list = strdup(required);
	if (!list)
		return diag_fail(why, ENOMEM, "secrets: out of memory");
	for (char *name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		if (!secret_name_valid(name))
			return diag_fail(why, EINVAL, "kexboot.secrets: '%s' is not a valid secret name", name);
		if (!secret_set_find(set, name))
			return diag_fail(why, ENOENT, "secret '%s' is missing (kexboot.secrets needs it)", name);
	}
	return 0;
}

static int secret_cmp(const void *a, const void *b)
{
	return strcmp(((const struct secret *)a)->name, ((const struct secret *)b)->name);
}

/* The sources, in the order they are asked: the local ones, then the network. */
static const struct secrets_source {
	const char *name;
	int (*gather)(const struct secrets_ctx *ctx, struct secret_set *set, struct diag_list *why);
} secrets_sources[] = {
	{ "payload", secrets_dir_gather },
	{ "keyring", secrets_keyring_gather },
	{ "tpm", secrets_tpm_gather },
	{ "https", secrets_https_gather },
};

int secrets_gather(const struct secrets_ctx *ctx, struct secret_set *ret, struct diag_list *why)
{
	struct secret_set set = { 0 };
	int r = 0;

	*ret = (struct secret_set){ 0 };
	for (size_t i = 0; r >= 0 && i < ARRAY_SIZE(secrets_sources); i++)
		r = secrets_sources[i].gather(ctx, &set, why);
	if (r >= 0 && set.n)
		qsort(set.v, set.n, sizeof(*set.v), secret_cmp);
	if (r >= 0)
		r = secrets_check_required(&set, ctx->required, why);
	if (r < 0) {
		secret_set_done(&set);
		return r;
	}
	*ret = set;
	return 0;
}
