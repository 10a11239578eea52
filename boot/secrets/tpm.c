// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The TPM source: sealed files <root>/etc/kexboot/sealed/NAME.tpm2
 * (boot/trust/tpm/seal.h has the format), unsealed over the measure stage's
 * TPM after the entry's PCR 8/9 extends and before the separators, each
 * straight into a sensitive blob named NAME. One primary key (the parent)
 * serves them all and is flushed at the end.
 *
 * A sealed secret that does not unseal (the PCRs hold another state, the
 * file breaks a rule, no TPM): when kexboot.secrets names it, the entry is
 * refused with the reason ("sealed secret 'NAME' not unsealed: ..."); when
 * it does not, the entry boots without it and a note says why. Either way
 * nothing of it reaches the target.
 */
#include "boot/secrets/internal.h"
#include "boot/trust/tpm/seal.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SEALED_SUFFIX ".tpm2"

static void closedirp(DIR **d)
{
	if (*d)
		closedir(*d);
}

/* Whether the comma-separated list names name. */
static bool tpm_required(const char *required, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = required; p && *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (len == n && !memcmp(p, name, n))
			return true;
		p = comma ? comma + 1 : NULL;
	}
	return false;
}

/* The rule above: a refusal when the name is required, else a note and 0. */
static int tpm_not_unsealed(const struct secrets_ctx *ctx, const char *name, const char *reason,
			    struct diag_list *why)
{
	if (tpm_required(ctx->required, name))
		return diag_fail(why, EACCES, "sealed secret '%s' not unsealed: %s", name, reason);
	return diag_note(why, "secrets: sealed '%s' not unsealed, not handed over: %s", name, reason);
}

/* The sealed file's bytes (not secret: only this TPM can open them) into buf. */
static int tpm_read_sealed(int dfd, const char *file, uint8_t *buf, size_t *ret_len, const char **ret_what)
{
	_cleanup_close_ int fd = openat(dfd, file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat st;
	size_t got = 0;

	if (fd < 0) {
		*ret_what = errno == ELOOP ? "a symbolic link" : strerror(errno);
		return -errno;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > TPM_SEALED_MAX) {
		*ret_what = "not a regular file of at most 4096 bytes";
		return -EINVAL;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*ret_what = "changed while it was read";
			return -EIO;
		}
		got += (size_t)n;
	}
	*ret_len = got;
	return 0;
}

/*
 * One directory entry: 0 (taken, or not unsealed with a note) or a fatal
 * -errno. *parent is the primary key, made by the first file that needs it.
 */
static int tpm_one(const struct secrets_ctx *ctx, int dfd, const char *file, uint32_t *parent, struct secret_set *set,
		   struct diag_list *why)
{
	uint8_t buf[TPM_SEALED_MAX];
	char name[SECRET_NAME_MAX + 1];
	size_t flen = strlen(file), slen = strlen(SEALED_SUFFIX), len = 0;
	struct diag_list tpm_why = { 0 };
	struct tpm_sealed s;
	struct blob b = BLOB_INIT;
	const char *what = NULL;
	int r;

	if (flen <= slen || strcmp(file + flen - slen, SEALED_SUFFIX) != 0 || flen - slen > SECRET_NAME_MAX)
		return diag_note(why, "secrets: " SECRETS_SEALED_DIR "/%s: not NAME" SEALED_SUFFIX ", skipped", file);
	memcpy(name, file, flen - slen);
	name[flen - slen] = '\0';
	if (!secret_name_valid(name))
		return diag_note(why, "secrets: " SECRETS_SEALED_DIR "/%s: not a valid secret name, skipped", file);
	if (secret_set_find(set, name))
		return diag_note(why, "secrets: tpm: '%s' was found already, this one is not unsealed", name);
	r = tpm_read_sealed(dfd, file, buf, &len, &what);
	if (r >= 0)
		r = tpm_sealed_parse(buf, len, &s, &what);
	if (r < 0)
		return tpm_not_unsealed(ctx, name, what, why);
	if (!ctx->tpm)
		return tpm_not_unsealed(ctx, name, "no TPM to unseal it with", why);
	r = *parent ? 0 : tpm_unseal_parent(ctx->tpm, parent, &tpm_why);
	if (r >= 0)
		r = tpm_unseal(ctx->tpm, *parent, &s, name, &b, &tpm_why);
	if (r == -ENOMEM || r == -EPERM) {
		/* As for the other sources: no locked memory stops the stage. */
		diag_list_done(&tpm_why);
		return diag_fail(why, -r, "secrets: no locked memory for '%s': %s", name, strerror(-r));
	}
	if (r < 0) {
		r = tpm_not_unsealed(ctx, name, diag_reason(&tpm_why, strerror(-r)), why);
		diag_list_done(&tpm_why);
		return r;
	}
	diag_list_done(&tpm_why);
	return secret_set_take(set, name, "tpm", &b, why);
}

int secrets_tpm_gather(const struct secrets_ctx *ctx, struct secret_set *set, struct diag_list *why)
{
	_cleanup_free_ char *path = path_join(ctx->root ? ctx->root : "", SECRETS_SEALED_DIR);
	_cleanup_(closedirp) DIR *d = NULL;
	struct dirent *de;
	uint32_t parent = 0;
	int dfd, r = 0;

	if (!path)
		return diag_fail(why, ENOMEM, "secrets: out of memory");
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		if (errno == ENOENT)
			return 0; /* a payload without sealed secrets */
		return diag_note(why, "secrets: " SECRETS_SEALED_DIR ": %s", strerror(errno));
	}
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return diag_note(why, "secrets: " SECRETS_SEALED_DIR ": %s", strerror(errno));
	}
	while (r >= 0 && (errno = 0, de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		r = tpm_one(ctx, dirfd(d), de->d_name, &parent, set, why);
	}
	if (parent)
		tpm_flush(ctx->tpm, &parent);
	return r < 0 ? r : 0;
}
