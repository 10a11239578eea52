/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * secrets: the stage between measure and compose that gathers the secrets
 * handed to the next kernel (through compose's generated initrd, as
 * systemd credentials under /.extra/credentials/NAME). It owns where
 * secrets come from, their names, and the rule that refuses an entry when
 * a secret it needs is missing.
 *
 * Sources, tried in this order (secrets_sources[] in secrets.c; a name
 * found twice keeps the first and notes the second):
 *
 *   payload   regular files under <root>/etc/kexboot/secrets/ (built into
 *             the payload initramfs); opened without following symlinks or
 *             blocking, at most SECRET_MAX_SIZE bytes each
 *   keyring   `user` keys linked into the keyring named by
 *             kexboot.keyring=DESC: a keyring whose description is DESC,
 *             searched from the session keyring, then the user keyring.
 *             `logon` keys cannot be read back: they are reported by name
 *             and not handed over. Read with keyctl through a seam
 *             (struct secrets_keyctl) that tests fake.
 *   tpm       sealed files <root>/etc/kexboot/sealed/NAME.tpm2 (tpm.c;
 *             the format is in boot/trust/tpm/seal.h), unsealed over the
 *             measure stage's TPM (secrets_ctx.tpm) after the entry's PCR
 *             8/9 extends and before the separators: only while the PCRs
 *             hold the state the secret was sealed to. One that does not
 *             unseal refuses the entry when kexboot.secrets names it, and
 *             is left out with a note saying why when it does not.
 *   https     asked last, and only for an entry that came from a network
 *             config (ctx->source_url: the URL compose writes to
 *             /.kexboot/source-url). Each name kexboot.secrets requires
 *             that no source above holds is fetched from
 *             secrets_https_url(): "secrets/NAME" resolved against the
 *             config's URL, i.e. a folder `secrets/` beside the config
 *             (https://h/boot/pxelinux.cfg/default ->
 *             https://h/boot/pxelinux.cfg/secrets/NAME), through the fetch
 *             stage in its secret mode (struct secrets_fetch; the real one
 *             is boot/fetch/ with `secret` set: https:// only, redirects
 *             too, the chain and host checked against the CA bundle, the
 *             bytes in a sensitive blob). An entry from an http:// or
 *             tftp:// config is refused with the reason, never fetched
 *             from, and so is an entry whose kernel or an initrd came over
 *             http:// or tftp:// unverified (ctx->plain_piece): anyone on
 *             the path could have swapped the kernel the secret goes to. A
 *             fetch that fails refuses the entry with the fetch's reason
 *             (nothing after https could still supply the name).
 *             Why this rule and not a list the server sends: the names
 *             come from the payload's own command line, so a config server
 *             cannot widen what is handed over, and kexboot.secrets
 *             already is the rule that an entry needing a secret is not
 *             booted without it; one request per missing name, no list
 *             format to parse from the network; the secrets sit beside the
 *             config, served by whoever serves the config under the same
 *             certificate.
 *
 * Every secret goes to every entry. kexboot.secrets=NAME,NAME names the
 * secrets each entry needs: one of them missing refuses the entry with the
 * reason. Names are what systemd accepts as credential names, kept to
 * [A-Za-z0-9_.-] without a leading dot (secret_name_valid()), which also
 * keeps them plain in a URL path (no escaping, no "." or "..").
 *
 * A secret's bytes live only in sensitive blobs (lib/blob.h: locked, not
 * dumped, wiped on release); they are read straight into them, never
 * logged and never written to a file. Messages name secrets, never show
 * their bytes.
 *
 * The memory scan (secrets_memscan_*) is a test hook, on only with
 * kexboot.test.memscan: it keeps its own copy of each secret in one locked
 * mapping and, just before the jump, reads every other readable mapping of
 * the process through /proc/self/mem looking for those bytes.
 *
 * Ownership: struct secret_set owns its secrets (names and blobs);
 * secret_set_done() wipes and frees them and accepts a zeroed set.
 */
#ifndef KEXBOOT_BOOT_SECRETS_H
#define KEXBOOT_BOOT_SECRETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/blob.h"
#include "lib/diag.h"

#define SECRETS_DIR "/etc/kexboot/secrets"
#define SECRETS_SEALED_DIR "/etc/kexboot/sealed"
#define SECRET_MAX_SIZE (1u << 20)  /* bytes per secret */
#define SECRETS_MAX 64              /* secrets per boot */
#define SECRET_NAME_MAX 255         /* bytes, like a file name */
#define SECRETS_KEYRING_MAX_KEYS 256 /* key ids read from one keyring */

struct secret {
	char *name;          /* owned; valid per secret_name_valid() */
	const char *source;  /* static: "payload", "keyring", "tpm", "https" */
	struct blob bytes;   /* owned, sensitive: a heap blob, or a memfd blob for "https" */
};

struct secret_set {
	struct secret *v;    /* owned array */
	size_t n;
};

/*
 * The kernel keyring, thin: each returns what keyctl(2) returns (>= 0) or
 * a negative errno. search: a key of type in the keyring tree below ring
 * (a KEY_SPEC_* id or a serial); read: the payload (or, for a keyring, its
 * key ids) into buf, returning the full length even when buf is shorter;
 * describe: "type;uid;gid;perm;description" with its NUL.
 */
struct secrets_keyctl {
	long (*search)(void *userdata, int32_t ring, const char *type, const char *desc);
	long (*read)(void *userdata, int32_t key, void *buf, size_t len);
	long (*describe)(void *userdata, int32_t key, char *buf, size_t len);
	void *userdata;
};

#define SECRETS_KEY_SPEC_SESSION (-3) /* KEY_SPEC_SESSION_KEYRING */
#define SECRETS_KEY_SPEC_USER (-4)    /* KEY_SPEC_USER_KEYRING */

/* The real keyring (boot/secrets/keyctl.c). */
const struct secrets_keyctl *secrets_keyctl_real(void);

/*
 * Fetching one secret, thin: url into *ret (a sensitive blob, at most max
 * bytes), 0 or a negative errno with why->reason naming the URL and what
 * went wrong. Tests fake it; the real one is secrets_fetch_https().
 */
struct secrets_fetch {
	int (*get)(void *userdata, const char *url, size_t max, struct blob *ret, struct diag_list *why);
	void *userdata;
};

/*
 * The real fetch (boot/secrets/https-fetch.c): userdata is the boot path's
 * struct fetch_ctx (its root: the CA bundle), borrowed; the fetch runs with
 * `secret` set (boot/fetch/fetch.h).
 */
int secrets_fetch_https(void *userdata, const char *url, size_t max, struct blob *ret, struct diag_list *why);

struct tpm;

struct secrets_ctx {
	const char *root;                      /* prefix for SECRETS_DIR; "" for none */
	const char *keyring;                   /* kexboot.keyring, or NULL: no keyring source */
	const struct secrets_keyctl *keyctl;   /* borrowed; NULL: no keyring source */
	const char *required;                  /* kexboot.secrets, comma separated, or NULL */
	const char *source_url;                /* the entry's config URL (compose_source_url), NULL: from a disk */
	const char *plain_piece;               /* the first of the entry's fetched files that came over http://
						  or tftp:// and that the verify stage did not vouch for, or NULL */
	const struct secrets_fetch *fetch;     /* borrowed; NULL: no https source */
	struct tpm *tpm;                       /* borrowed, after the entry's extends; NULL: nothing unsealed */
};

/*
 * Gathers every source's secrets into ret (sorted by name) and checks the
 * required ones. A source that cannot be read is a note, not a failure;
 * a required secret missing is -ENOENT with the reason naming it. On
 * failure ret is empty and every byte read so far is wiped.
 */
int secrets_gather(const struct secrets_ctx *ctx, struct secret_set *ret, struct diag_list *why);
void secret_set_done(struct secret_set *set);
const struct secret *secret_set_find(const struct secret_set *set, const char *name);

/*
 * Pure: where the https source fetches name for an entry from source_url
 * ("secrets/NAME" resolved against it), as a new string. -EINVAL for a name
 * that is not valid, a source_url that is not https://, or one that does
 * not resolve.
 */
int secrets_https_url(const char *source_url, const char *name, char **ret);

/* Whether name may name a credential file: 1..SECRET_NAME_MAX of [A-Za-z0-9_.-], no leading dot. */
bool secret_name_valid(const char *name);

/*
 * Pure: splits keyctl's description "type;uid;gid;perm;description" into
 * the type (copied into type, typelen bytes with its NUL) and a pointer to
 * the description inside desc. -EINVAL when it has not that shape.
 */
int secrets_parse_description(const char *desc, char *type, size_t typelen, const char **ret_name);

/*
 * Checks a comma-separated list of required names against set: 0, or
 * -ENOENT naming the first missing one, -EINVAL for an invalid name.
 */
int secrets_check_required(const struct secret_set *set, const char *required, struct diag_list *why);

/* The memory-scan test hook (boot/secrets/memscan.c). */
struct secrets_memscan {
	uint8_t *needles;      /* owned locked mapping: every secret back to back */
	size_t needles_len;
	size_t cap;
	struct { char name[SECRET_NAME_MAX + 1]; size_t off, len; } v[SECRETS_MAX];
	size_t n;
};

/* Copies each secret of set (named) into the hook's own locked mapping. */
int secrets_memscan_remember(struct secrets_memscan *m, const struct secret_set *set);
/*
 * Reads <proc_root>/proc/self/maps and every readable mapping but the
 * hook's own through <proc_root>/proc/self/mem (mappings over 1 GiB are
 * left out with a note); found[i] tells whether secret i's bytes are
 * anywhere. Returns the number found or -errno.
 */
int secrets_memscan_run(const struct secrets_memscan *m, const char *proc_root, bool *found, struct diag_list *why);
void secrets_memscan_done(struct secrets_memscan *m);
/*
 * The file-system half (boot/secrets/fsscan.c): every regular file under
 * <root>/T for each T in tops (NULL-terminated, each walked without leaving
 * its own file system), but those under a path in skip (relative to root,
 * NULL-terminated: the payload's own secret sources), read for the same
 * needles; found[i] as above. Returns the number found or -errno; a note
 * says how much was read.
 */
int secrets_fsscan_run(const struct secrets_memscan *m, const char *root, const char *const *tops,
		       const char *const *skip, bool *found, struct diag_list *why);

#endif
