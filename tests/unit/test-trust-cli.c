// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexboot sign / verify / passwd-hash (boot/trust/cli.c), called as the
 * multi-call binary calls them, over files and a PKI made at test time with
 * openssl(1): a signature file written, a second signer appended (2 of 2),
 * a signer for other files refused, verify's verdicts and exit statuses.
 */
#include "init/commands.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "tests/unit/harness.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[] = "/tmp/kexboot-cli-XXXXXX";

static int sh(const char *cmd)
{
	_cleanup_free_ char *full = NULL;

	if (asprintf(&full, "cd %s && { %s; } >/dev/null 2>&1", dir, cmd) < 0)
		return -1;
	return system(full);
}

/* Runs a command function with a NULL-terminated list of words (paths relative to dir). */
static int call(int (*fn)(int, char **), ...)
{
	char *argv[32];
	int argc = 0, r;
	va_list ap;

	va_start(ap, fn);
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	fflush(stdout);
	r = fn(argc, argv);
	fflush(stdout);
	return r;
}

static void setup(void)
{
	CHECK(mkdtemp(dir) != NULL);
	CHECK_EQ(sh("E='-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes' && "
		    "openssl req -x509 $E -keyout root.key -out root.pem -days 30 -subj /CN=root && "
		    "for n in one two; do openssl req $E -keyout $n.key -out $n.csr -subj /CN=$n && "
		    "openssl x509 -req -in $n.csr -CA root.pem -CAkey root.key -CAcreateserial -days 30 -out $n.pem "
		    "|| exit 1; done && mkdir anchors && cp root.pem anchors/ && "
		    "printf 'kernel bytes' >vmlinuz && printf 'initrd' >initrd.img"),
		 0);
	CHECK_EQ(chdir(dir), 0);
}

static void test_sign_append_verify(void)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;

	/* One signer: verified at threshold 1, refused at 2. */
	CHECK_EQ(call(cmd_sign, "sign", "--key", "one.key", "--cert", "one.pem", "--kernel", "vmlinuz", "--initrd",
		      "initrd.img", "--cmdline", "quiet", "-o", "vmlinuz.kexboot-sig", NULL),
		 0);
	CHECK_EQ(call(cmd_verify, "verify", "--anchors", "anchors", "--kernel", "vmlinuz", "--initrd", "initrd.img",
		      "--cmdline", "quiet", "vmlinuz.kexboot-sig", NULL),
		 0);
	CHECK_EQ(call(cmd_verify, "verify", "--anchors", "anchors", "--threshold", "2", "--kernel", "vmlinuz",
		      "--initrd", "initrd.img", "--cmdline", "quiet", "vmlinuz.kexboot-sig", NULL),
		 1);
	/* The second signer appends; now 2 of 2. */
	CHECK_EQ(call(cmd_sign, "sign", "--key", "two.key", "--cert", "two.pem", "--kernel", "vmlinuz", "--initrd",
		      "initrd.img", "--cmdline", "quiet", "-o", "vmlinuz.kexboot-sig", NULL),
		 0);
	CHECK_EQ(file_read_at(AT_FDCWD, "vmlinuz.kexboot-sig", 1 << 20, &text, &len), 0);
	CHECK(text && strstr(text, "-----BEGIN PKCS7-----") != strrchr(text, '\0') &&
	      strstr(strstr(text, "-----END PKCS7-----"), "-----BEGIN PKCS7-----") != NULL);
	CHECK_EQ(call(cmd_verify, "verify", "--anchors", "anchors", "--threshold", "2", "--kernel", "vmlinuz",
		      "--initrd", "initrd.img", "--cmdline", "quiet", "vmlinuz.kexboot-sig", NULL),
		 0);
	/* A signer of other pieces cannot append to this manifest. */
	CHECK_EQ(call(cmd_sign, "sign", "--key", "two.key", "--cert", "two.pem", "--kernel", "vmlinuz", "--cmdline",
		      "quiet", "-o", "vmlinuz.kexboot-sig", NULL),
		 1);
	/* Wrong pieces, wrong command line, unknown anchors: refused (1); bad usage: 2. */
	CHECK_EQ(call(cmd_verify, "verify", "--anchors", "anchors", "--kernel", "vmlinuz", "--initrd", "vmlinuz",
		      "--cmdline", "quiet", "vmlinuz.kexboot-sig", NULL),
		 1);
	CHECK_EQ(call(cmd_verify, "verify", "--anchors", "anchors", "--kernel", "vmlinuz", "--initrd", "initrd.img",
		      "--cmdline", "quiet ", "vmlinuz.kexboot-sig", NULL),
		 1);
	CHECK_EQ(sh("mkdir other && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
		    "-keyout other/k -out other/root.pem -days 1 -subj /CN=other"),
		 0);
	CHECK_EQ(call(cmd_verify, "verify", "--anchors", "other", "--kernel", "vmlinuz", "--initrd", "initrd.img",
		      "--cmdline", "quiet", "vmlinuz.kexboot-sig", NULL),
		 1);
	CHECK_EQ(call(cmd_verify, "verify", "--kernel", "vmlinuz", "vmlinuz.kexboot-sig", NULL), 2);
	/* The key must be the certificate's. */
	CHECK_EQ(call(cmd_sign, "sign", "--key", "one.key", "--cert", "two.pem", "--kernel", "vmlinuz", "--cmdline",
		      "quiet", "-o", "new.kexboot-sig", NULL),
		 1);
	CHECK(access("new.kexboot-sig", F_OK) != 0);
}

static void test_passwd_hash_usage(void)
{
	CHECK_EQ(call(cmd_passwd_hash, "passwd-hash", "extra", NULL), 2);
}

static const struct test tests[] = {
	TEST(sign_append_verify),
	TEST(passwd_hash_usage),
};

int main(void)
{
	_cleanup_free_ char *cmd = NULL;
	int r;

	setup();
	r = harness_run(tests, ARRAY_SIZE(tests));
	if (chdir("/") == 0 && asprintf(&cmd, "rm -rf %s", dir) >= 0)
		(void)!system(cmd);
	return r;
}
