// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexboot sign | verify | passwd-hash: the trust stage's tools for the
 * build machine and for checking a signature file by hand. `verify` runs
 * the same trust_verify() the boot path runs, under policy enforce.
 */
#include "boot/image.h"
#include "boot/trust/manifest.h"
#include "boot/trust/password.h"
#include "boot/trust/sign.h"
#include "boot/trust/trust.h"
#include "init/commands.h"
#include "lib/blob.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/sha256.h"
#include "lib/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#define CLI_KEY_MAX (64u << 10)

/* What sign and verify share: the files and the command line a manifest covers. */
struct cli_pieces {
	const char *kernel;
	const char *initrds[MANIFEST_MAX_INITRDS];
	size_t n_initrds;
	const char *devicetree; /* or NULL */
	const char *cmdline;
};

static int pieces_add_initrd(struct cli_pieces *p, const char *path)
{
	if (p->n_initrds == MANIFEST_MAX_INITRDS) {
		fprintf(stderr, "kexboot: more than %d initrds\n", MANIFEST_MAX_INITRDS);
		return -E2BIG;
	}
	p->initrds[p->n_initrds++] = path;
	return 0;
}

/* Maps the pieces into an image (the CLI's "fetch"). */
static int pieces_map(const struct cli_pieces *p, struct boot_image *img, struct diag_list *why)
{
	int r;

	memset(img, 0, sizeof(*img));
	img->kernel = (struct blob)BLOB_INIT;
	img->devicetree = (struct blob)BLOB_INIT;
	r = blob_map_path(p->kernel, BOOT_IMAGE_KERNEL_MAX, &img->kernel, why);
	if (r >= 0 && p->devicetree)
		r = blob_map_path(p->devicetree, BOOT_IMAGE_DTB_MAX, &img->devicetree, why);
	if (r < 0)
		return r;
	img->initrds = calloc(p->n_initrds ? p->n_initrds : 1, sizeof(*img->initrds));
	if (!img->initrds)
		return -ENOMEM;
	for (size_t i = 0; i < p->n_initrds; i++) {
		img->initrds[i] = (struct blob)BLOB_INIT;
		r = blob_map_path(p->initrds[i], BOOT_IMAGE_INITRD_MAX, &img->initrds[i], why);
		if (r < 0)
			return r;
		img->n_initrds++;
	}
	img->cmdline = strdup(p->cmdline);
	return img->cmdline ? 0 : -ENOMEM;
}

static int read_file(const char *path, size_t max, char **ret, size_t *ret_len)
{
	int r = file_read_at(AT_FDCWD, path, max, ret, ret_len);

	if (r < 0)
		fprintf(stderr, "kexboot: %s: %s\n", path, strerror(-r));
	return r;
}

static int write_file_atomic(const char *path, const char *a, size_t alen, const char *b, size_t blen)
{
	_cleanup_free_ char *tmp = NULL;
	int fd, r;

	if (asprintf(&tmp, "%s.tmp", path) < 0)
		return -ENOMEM;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	r = fd_write_all(fd, a, alen);
	if (r >= 0)
		r = fd_write_all(fd, b, blen);
	if (close(fd) < 0 && r >= 0)
		r = -errno;
	if (r >= 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp);
	return r;
}

static void sign_usage(FILE *f)
{
	fprintf(f, "usage: kexboot sign --key KEY.pem --cert CERT.pem --kernel FILE [--initrd FILE ...]\n"
		   "                    [--devicetree FILE] --cmdline STRING -o OUT.kexboot-sig\n"
		   "Writes the manifest of these pieces and a detached PKCS#7 signature over it to OUT.\n"
		   "When OUT exists and holds the same manifest, the signature is appended (m-of-n).\n"
		   "CERT.pem: the signer's certificate, then any intermediates to carry along.\n");
}

/* Writes (or appends to) out; an exit status. One exit label, everything freed there. */
static int sign_run(const char *key, const char *cert, const struct cli_pieces *p, const char *out)
{
	char *key_pem = NULL, *cert_pem = NULL, *text = NULL, *sig = NULL, *old = NULL;
	uint8_t initrds[MANIFEST_MAX_INITRDS][32], cmd[32];
	struct boot_image img = { .kernel = BLOB_INIT };
	struct diag_list why = { 0 };
	size_t key_len, cert_len, text_len, sig_len, old_len = 0;
	int r;

	r = read_file(key, CLI_KEY_MAX, &key_pem, &key_len);
	if (r >= 0)
		r = read_file(cert, CLI_KEY_MAX, &cert_pem, &cert_len);
	if (r < 0) {
		r = diag_fail(&why, r, "cannot read the key or the certificate");
		goto out;
	}
	r = pieces_map(p, &img, &why);
	if (r < 0)
		goto out;
	for (size_t i = 0; i < img.n_initrds; i++) {
		(void)blob_sha256(&img.initrds[i]);
		memcpy(initrds[i], img.initrds[i].sha256, 32);
	}
	(void)blob_sha256(&img.kernel);
	/* The exact bytes, no NUL, as manifest_check() digests them. */
	sha256_digest(p->cmdline, strlen(p->cmdline), cmd);
	if (boot_image_has_devicetree(&img))
		(void)blob_sha256(&img.devicetree);
	r = manifest_format_dt(img.kernel.sha256, (const uint8_t(*)[32])initrds, img.n_initrds,
			       boot_image_has_devicetree(&img) ? img.devicetree.sha256 : NULL, cmd, &text, &text_len);
	if (r < 0)
		goto out;
	r = sig_sign(text, text_len, key_pem, key_len, cert_pem, cert_len, &sig, &sig_len, &why);
	if (r < 0)
		goto out;
	r = file_read_at(AT_FDCWD, out, BOOT_IMAGE_SIG_MAX, &old, &old_len);
	if (r >= 0) {
		struct manifest_file f;

		r = manifest_file_split(out, old, old_len, &f, &why);
		if (r < 0)
			goto out;
		if (f.text_len != text_len || memcmp(f.text, text, text_len) != 0) {
			r = diag_fail(&why, EEXIST, "%s signs a different manifest (other files or command line)", out);
			goto out;
		}
		if (f.n_sigs >= MANIFEST_MAX_SIGS) {
			r = diag_fail(&why, E2BIG, "%s holds %d signatures already", out, MANIFEST_MAX_SIGS);
			goto out;
		}
		r = write_file_atomic(out, old, old_len, sig, sig_len);
		if (r >= 0)
			printf("%s: signature %zu appended\n", out, f.n_sigs + 1);
	} else if (r == -ENOENT) {
		r = write_file_atomic(out, text, text_len, sig, sig_len);
		if (r >= 0)
			printf("%s: manifest and signature written\n", out);
	}
	if (r < 0 && !why.reason[0])
		(void)diag_fail(&why, r, "%s: %s", out, strerror(-r));
out:
	if (r < 0)
		fprintf(stderr, "kexboot sign: %s\n", diag_reason(&why, strerror(-r)));
	if (key_pem)
		explicit_bzero(key_pem, key_len);
	free(key_pem);
	free(cert_pem);
	free(text);
	free(sig);
	free(old);
	boot_image_done(&img);
	diag_list_done(&why);
	return r < 0 ? 1 : 0;
}

int cmd_sign(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },    { "cert", required_argument, NULL, 'c' },
		{ "kernel", required_argument, NULL, 'K' }, { "initrd", required_argument, NULL, 'i' },
		{ "cmdline", required_argument, NULL, 'l' }, { "output", required_argument, NULL, 'o' },
		{ "devicetree", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },         { NULL, 0, NULL, 0 },
	};
	struct cli_pieces p = { 0 };
	const char *key = NULL, *cert = NULL, *out = NULL;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': key = optarg; break;
		case 'c': cert = optarg; break;
		case 'K': p.kernel = optarg; break;
		case 'i':
			if (pieces_add_initrd(&p, optarg) < 0)
				return 2;
			break;
		case 'l': p.cmdline = optarg; break;
		case 'd': p.devicetree = optarg; break;
		case 'o': out = optarg; break;
		case 'h': sign_usage(stdout); return 0;
		default: sign_usage(stderr); return 2;
		}
	}
	if (!key || !cert || !p.kernel || !p.cmdline || !out || optind != argc) {
		sign_usage(stderr);
		return 2;
	}
	return sign_run(key, cert, &p, out);
}

static void verify_usage(FILE *f)
{
	fprintf(f, "usage: kexboot verify --anchors DIR [--threshold M] [--time UNIX_SECONDS]\n"
		   "                      --kernel FILE [--initrd FILE ...] [--devicetree FILE]\n"
		   "                      --cmdline STRING SIGFILE\n"
		   "Checks SIGFILE (a .kexboot-sig) the way the boot path does under policy enforce:\n"
		   "M distinct signers chaining to the root certificates DIR/*.pem, valid now (or at\n"
		   "--time), and every piece's SHA-256. Exit status 0 verified, 1 refused, 2 usage.\n");
}

int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "anchors", required_argument, NULL, 'a' }, { "threshold", required_argument, NULL, 'm' },
		{ "time", required_argument, NULL, 't' },    { "kernel", required_argument, NULL, 'K' },
		{ "initrd", required_argument, NULL, 'i' },  { "cmdline", required_argument, NULL, 'l' },
		{ "devicetree", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },          { NULL, 0, NULL, 0 },
	};
	struct cli_pieces p = { 0 };
	struct trust_ctx ctx = { .policy = TRUST_POLICY_ENFORCE, .root = "", .threshold = 1, .now = time(NULL) };
	struct boot_entry e = { .title = (char *)"kexboot verify" };
	struct boot_image img = { .kernel = BLOB_INIT };
	struct diag_list why = { 0 };
	_cleanup_free_ char *anchors = NULL;
	char *end;
	int c, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			/* The stage reads anchors under a root prefix: give it an absolute directory. */
			free(anchors);
			anchors = realpath(optarg, NULL);
			if (!anchors) {
				fprintf(stderr, "kexboot verify: %s: %s\n", optarg, strerror(errno));
				return 1;
			}
			ctx.anchors_dir = anchors;
			break;
		case 'm':
			ctx.threshold = (unsigned)strtoul(optarg, &end, 10);
			if (*end || ctx.threshold < 1 || ctx.threshold > 64) {
				fprintf(stderr, "kexboot verify: --threshold takes 1..64\n");
				return 2;
			}
			break;
		case 't':
			ctx.now = (time_t)strtoll(optarg, &end, 10);
			if (*end || !*optarg) {
				fprintf(stderr, "kexboot verify: --time takes seconds since 1970\n");
				return 2;
			}
			break;
		case 'K': p.kernel = optarg; break;
		case 'i':
			if (pieces_add_initrd(&p, optarg) < 0)
				return 2;
			break;
		case 'l': p.cmdline = optarg; break;
		case 'd': p.devicetree = optarg; break;
		case 'h': verify_usage(stdout); return 0;
		default: verify_usage(stderr); return 2;
		}
	}
	if (!ctx.anchors_dir || !p.kernel || !p.cmdline || optind + 1 != argc) {
		verify_usage(stderr);
		return 2;
	}
	r = pieces_map(&p, &img, &why);
	if (r >= 0) {
		const char *base = strrchr(argv[optind], '/');

		img.sig_name = strdup(base ? base + 1 : argv[optind]);
		r = file_read_at(AT_FDCWD, argv[optind], BOOT_IMAGE_SIG_MAX, &img.sig_data, &img.sig_len);
		if (r < 0 && r != -ENOMEM)
			r = diag_fail(&why, r, "%s: %s", argv[optind], strerror(-r));
	}
	if (r >= 0)
		r = trust_verify(&ctx, &e, &img, &why);
	for (size_t i = 0; i < why.n; i++)
		printf("  %s\n", why.msgs[i]);
	if (r >= 0)
		printf("VERIFIED: %s\n", argv[optind]);
	else
		printf("REFUSED: %s\n", diag_reason(&why, strerror(-r)));
	boot_image_done(&img);
	diag_list_done(&why);
	return r >= 0 ? 0 : 1;
}

int cmd_passwd_hash(int argc, char **argv)
{
	char line[PASSWORD_MAX + 2];
	unsigned iterations = PASSWORD_ITERATIONS;
	_cleanup_free_ char *hash = NULL;
	uint8_t salt[16];
	size_t n;
	int r;

	if (argc == 3 && strcmp(argv[1], "--iterations") == 0) {
		iterations = (unsigned)strtoul(argv[2], NULL, 10);
	} else if (argc != 1) {
		fprintf(stderr, "usage: kexboot passwd-hash [--iterations N] <password-on-stdin\n"
				"Prints the pbkdf2-sha256 line for KEXBOOT_PASSWORD_HASH (the menu lock).\n");
		return 2;
	}
	if (!fgets(line, sizeof(line), stdin)) {
		fprintf(stderr, "kexboot passwd-hash: no password on stdin\n");
		return 1;
	}
	n = strcspn(line, "\r\n");
	if (n == 0 || n > PASSWORD_MAX) {
		fprintf(stderr, "kexboot passwd-hash: the password must be 1..%d bytes\n", PASSWORD_MAX);
		return 1;
	}
	line[n] = '\0';
	if (getrandom(salt, sizeof(salt), 0) != (ssize_t)sizeof(salt)) {
		fprintf(stderr, "kexboot passwd-hash: no randomness for the salt\n");
		return 1;
	}
	r = password_hash(line, salt, iterations, &hash);
	explicit_bzero(line, sizeof(line));
	if (r < 0) {
		fprintf(stderr, "kexboot passwd-hash: %s\n", r == -EINVAL ? "iterations out of range" : strerror(-r));
		return 1;
	}
	printf("%s\n", hash);
	return 0;
}
