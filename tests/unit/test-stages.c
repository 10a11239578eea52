// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The seams of the stages that are pass-through today (verify, measure,
 * compose): what each does now, so the work that fills them in starts from
 * a test that already runs them in the pipeline's order.
 */
#include "boot/compose/compose.h"
#include "boot/trust/trust.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void image_with_initrds(struct boot_image *img, size_t n)
{
	/* Not archives the initrd check knows (boot/compose/archive.h): a single "0" would be a cut newc header. */
	static const char bytes[] = "abcdefghij";

	memset(img, 0, sizeof(*img));
	img->kernel = (struct blob)BLOB_INIT;
	img->initrds = calloc(n, sizeof(*img->initrds));
	CHECK(img->initrds != NULL);
	for (size_t i = 0; img->initrds && i < n; i++) {
		img->initrds[i] = (struct blob)BLOB_INIT;
		img->initrds[i].data = bytes + i;
		img->initrds[i].size = 1;
	}
	img->n_initrds = img->initrds ? n : 0;
	img->cmdline = strdup("console=ttyS0");
}

static void test_verify_follows_the_policy(void)
{
	struct boot_entry *e = boot_entry_new(BOOT_SOURCE_BLS);
	struct boot_image img;
	struct diag_list why = { 0 };
	struct trust_ctx ctx = { .policy = TRUST_POLICY_OFF, .root = "" };

	CHECK(e != NULL);
	if (!e)
		return;
	CHECK_EQ(str_set(&e->title, "Debian"), 0);
	image_with_initrds(&img, 2);
	CHECK_EQ(trust_verify(&ctx, e, &img, &why), 0);
	CHECK_EQ(why.n, 0);
	CHECK(!img.initrds[0].verified && !img.kernel.verified);

	ctx.policy = TRUST_POLICY_WARN;
	CHECK_EQ(trust_verify(&ctx, e, &img, &why), 0);
	CHECK_EQ(why.n, 1);
	CHECK(why.n == 1 && strstr(why.msgs[0], "Debian: not verified") != NULL);
	CHECK_STREQ(why.reason, "");

	ctx.policy = TRUST_POLICY_ENFORCE;
	CHECK_EQ(trust_verify(&ctx, e, &img, &why), -EPERM);
	CHECK(strstr(why.reason, "refused by policy enforce") != NULL);
	CHECK(!img.kernel.verified);
	CHECK_STREQ(trust_policy_name(TRUST_POLICY_ENFORCE), "enforce");

	diag_list_done(&why);
	boot_image_done(&img);
	boot_entry_free(e);
}

/*
 * No TPM: nothing measured (said under warn and enforce). A <root>/dev/tpmrm0
 * that answers nothing (a regular file): enforce refuses with the reason, warn
 * and off say so and boot unmeasured. A real TPM: tests/unit/test-tpm-swtpm.c.
 */
static void test_measure_follows_the_policy(void)
{
	char root[] = "/tmp/kexboot-trust-XXXXXX";
	_cleanup_free_ char *dev = NULL, *tpm = NULL, *cmd = NULL;
	struct diag_list why = { 0 };
	struct boot_image img;
	struct trust_measurement m;
	struct trust_ctx ctx = { .policy = TRUST_POLICY_OFF, .root = root };
	int fd;

	CHECK(mkdtemp(root) != NULL);
	image_with_initrds(&img, 1);
	CHECK_EQ(trust_measure(&ctx, &img, &m, &why), 0);
	CHECK_EQ(why.n, 0);
	CHECK(m.tpm.fd < 0 && m.eventlog.size == 0);
	CHECK_EQ(trust_measure_commit(&ctx, &m, &why), 0);
	trust_measurement_done(&m);
	ctx.policy = TRUST_POLICY_ENFORCE;
	CHECK_EQ(trust_measure(&ctx, &img, &m, &why), 0);
	CHECK(why.n == 1 && strstr(why.msgs[0], "no TPM") != NULL);
	diag_list_drop_msgs(&why);

	CHECK(asprintf(&dev, "%s/dev", root) > 0 && mkdir(dev, 0755) == 0);
	CHECK(asprintf(&tpm, "%s/dev/tpmrm0", root) > 0);
	fd = open(tpm, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	CHECK(fd >= 0);
	if (fd >= 0)
		close(fd);
	CHECK_EQ(trust_measure(&ctx, &img, &m, &why), -EPIPE);
	CHECK(strstr(why.reason, "refused by policy enforce: TPM measurement failed") != NULL);
	CHECK(strstr(why.reason, "the answer stopped") != NULL);
	CHECK(m.tpm.fd < 0);
	ctx.policy = TRUST_POLICY_WARN;
	why.reason[0] = '\0';
	CHECK_EQ(trust_measure(&ctx, &img, &m, &why), 0);
	CHECK(why.n == 1 && strstr(why.msgs[0], "booting unmeasured (policy warn)") != NULL);
	CHECK(m.tpm.fd < 0 && m.eventlog.size == 0);
	trust_measurement_done(&m);
	CHECK(asprintf(&cmd, "rm -rf %s", root) > 0 && system(cmd) == 0);
	diag_list_done(&why);
	boot_image_done(&img);
}

static void test_compose_keeps_every_initrd_in_order(void)
{
	struct boot_image img;
	struct composed c;
	struct diag_list why = { 0 };

	image_with_initrds(&img, 3);
	CHECK_EQ(compose_initrds(&img, &c, &why), 0);
	CHECK_EQ(c.n_pieces, 3);
	for (size_t i = 0; i < c.n_pieces && i < 3; i++)
		CHECK(c.pieces[i] == &img.initrds[i]);
	CHECK_EQ(c.generated.size, 0);
	composed_done(&c);
	composed_done(&c); /* twice is fine */

	/* No initrds: no pieces, nothing allocated. */
	boot_image_done(&img);
	image_with_initrds(&img, 0);
	CHECK_EQ(compose_initrds(&img, &c, &why), 0);
	CHECK_EQ(c.n_pieces, 0);
	composed_done(&c);
	boot_image_done(&img);
	diag_list_done(&why);
}

static const struct test tests[] = {
	TEST(verify_follows_the_policy),
	TEST(measure_follows_the_policy),
	TEST(compose_keeps_every_initrd_in_order),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
