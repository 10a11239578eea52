// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Both front doors make the same plan: for one entry, the boot menu's path
 * (a boot_entry as the parsers make it -> boot_image_fetch ->
 * load_request_build -> load_run) and the CLI's path (blob_map_path, a UKI
 * split with lib/pe-blob as cli.c does -> the same builder -> load_run) give
 * byte-identical --dry-run JSON, on a fixed machine root with a fixed RNG
 * seed. Kernel + three initrds, and a UKI.
 */
#include "boot/compose/compose.h"
#include "boot/image.h"
#include "boot/uki/uki.h"
#include "init/commands.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/pe.h"
#include "lib/pe-blob.h"
#include "loader/load.h"
#include "loader/policy.h"
#include "tests/unit/harness.h"
#include "tests/unit/loader-util.h"
#include "tests/unit/test-pe-build.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const uint8_t seed[KEXEC_RNG_SEED_SIZE] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
static char dir[64];
static struct fsaccess fs;
static struct boot_volume vol;
static struct boot_volumes vols;
static const struct fetch_ctx ctx = { &vols };

/* What the menu's pipeline_load and `kexboot kexec --dry-run` both ask for. */
static struct load_options options(void)
{
	return (struct load_options){ .root = util_fixture("q35-1g"), .serial_port = 0x3f8, .dry_run = true,
				      .rng_seed = seed };
}

static void put(const char *name, const void *data, size_t len)
{
	_cleanup_free_ char *p = NULL;
	int fd;

	CHECK(asprintf(&p, "%s/%s", dir, name) > 0);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	CHECK_EQ(fd_write_all(fd, data, len), 0);
	close(fd);
}

static char *path_of(const char *name)
{
	char *p = NULL;

	CHECK(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

/* A UKI whose .linux is the synthetic bzImage (tpe_build takes text: patch the bytes in). */
static uint8_t *make_uki(const uint8_t *bz, size_t bz_len, size_t *ret_len)
{
	char *filler = malloc(bz_len + 1);
	struct pe_file pe;
	uint8_t *img;

	CHECK(filler != NULL);
	memset(filler, 'X', bz_len);
	filler[bz_len] = '\0';
	{
		const struct tpe_sec secs[] = { { ".osrel", "ID=debian\nVERSION_ID=12\n" },
						{ ".cmdline", "root=/dev/vda2 quiet\n" }, { ".linux", filler },
						{ ".initrd", "INITRD-FROM-THE-UKI" }, { ".ucode", "MICROCODE" } };

		img = tpe_build(secs, ARRAY_SIZE(secs), ret_len);
	}
	free(filler);
	CHECK(img != NULL);
	CHECK_EQ(pe_open(&pe, img, *ret_len, *ret_len), 0);
	memcpy(img + pe_find_section(&pe, ".linux")->offset, bz, bz_len);
	return img;
}

static void setup(void)
{
	struct util_bz bz = util_bz_default();
	size_t len = 0, uki_len = 0;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	_cleanup_free_ uint8_t *uki = NULL;
	char rd[3][5000];

	strcpy(dir, "/tmp/kexboot-doors-XXXXXX");
	CHECK(mkdtemp(dir) != NULL);
	put("vmlinuz", img, len);
	/* Sizes that are not multiples of 4: the alignment between initrds shows. */
	for (int i = 0; i < 3; i++)
		memset(rd[i], 'a' + i, sizeof(rd[i]));
	put("one.img", rd[0], 4097);
	put("two.img", rd[1], 3);
	put("three.img", rd[2], 4999);
	uki = make_uki(img, len, &uki_len);
	put("linux.efi", uki, uki_len);
	CHECK_EQ(fsa_open_dir(&fs, dir), 0);
	vol = (struct boot_volume){ .name = "UUID=abcd", .uuid = "abcd", .fs = &fs };
	vols = (struct boot_volumes){ &vol, 1 };
}

static void teardown(void)
{
	_cleanup_free_ char *cmd = NULL;

	fsa_close(&fs);
	CHECK(asprintf(&cmd, "rm -rf %s", dir) > 0);
	CHECK_EQ(system(cmd), 0);
}

/* Blobs into the one builder and load_run; the JSON it describes (caller frees). */
static char *dry_run(const struct blob *kernel, const struct blob *const *initrds, size_t n, const char *cmdline)
{
	const struct load_options opt = options();
	struct load_request req;
	struct load_result res;
	struct diag_list why;
	char *json;

	diag_list_init(&why);
	CHECK_EQ(load_request_build(&req, kernel, initrds, n, cmdline, &opt, &why), 0);
	CHECK_EQ(load_run(&req, &res, &why), 0);
	if (why.reason[0])
		fprintf(stderr, "  %s\n", why.reason);
	json = TAKE_PTR(res.json);
	load_result_done(&res);
	diag_list_done(&why);
	CHECK(json != NULL);
	return json;
}

/* The menu's path: an entry -> boot_image_fetch -> compose_initrds -> the builder. */
static char *menu_path(const struct boot_entry *e)
{
	struct boot_image img;
	struct composed c;
	struct diag_list why = { 0 };
	char *json = NULL;

	CHECK_EQ(boot_image_fetch(&ctx, e, NULL, &img, &why), 0);
	CHECK_EQ(compose_initrds(&img, &c, &why), 0);
	json = dry_run(&img.kernel, c.pieces, c.n_pieces, img.cmdline);
	composed_done(&c);
	boot_image_done(&img);
	return json;
}

/*
 * The CLI's path: the real `kexboot kexec -l --dry-run` (cmd_kexec, in this
 * process) with the test's seed and fixture root; its stdout is the JSON.
 */
static char *cli_run(const char *const *args, size_t n)
{
	char hex[2 * KEXEC_RNG_SEED_SIZE + 1];
	const char *argv[32] = { "kexec", "-l", "--dry-run", "--root", util_fixture("q35-1g"), "--rng-seed", hex };
	size_t argc = 7;
	char out_path[] = "/tmp/kexboot-doors-out-XXXXXX";
	char *json = NULL;
	int out, saved, rc;

	for (size_t i = 0; i < KEXEC_RNG_SEED_SIZE; i++)
		snprintf(hex + 2 * i, 3, "%02x", seed[i]);
	CHECK(argc + n < ARRAY_SIZE(argv));
	for (size_t i = 0; i < n && argc + 1 < ARRAY_SIZE(argv); i++)
		argv[argc++] = args[i];
	argv[argc] = NULL;
	out = mkstemp(out_path);
	CHECK(out >= 0);
	if (out < 0)
		return NULL;
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	CHECK(saved >= 0 && dup2(out, STDOUT_FILENO) >= 0);
	rc = cmd_kexec((int)argc, (char **)argv);
	fflush(stdout);
	CHECK(dup2(saved, STDOUT_FILENO) >= 0);
	close(saved);
	close(out);
	CHECK_EQ(rc, 0);
	CHECK_EQ(file_read_at(AT_FDCWD, out_path, 1 << 20, &json, NULL), 0);
	unlink(out_path);
	return json;
}

static char *cli_path(const char *kernel, const char *const *initrds, size_t n, const char *cmdline)
{
	_cleanup_free_ char *kp = path_of(kernel);
	char *paths[3] = { NULL };
	const char *args[16];
	size_t k = 0;
	char *json;

	CHECK(n <= 3);
	for (size_t i = 0; i < n && i < 3; i++) {
		paths[i] = path_of(initrds[i]);
		args[k++] = "--initrd";
		args[k++] = paths[i];
	}
	args[k++] = "--command-line";
	args[k++] = cmdline;
	args[k++] = kp;
	json = cli_run(args, k);
	for (size_t i = 0; i < 3; i++)
		free(paths[i]);
	return json;
}

static void test_kernel_and_three_initrds(void)
{
	const char *const files[] = { "two.img", "one.img", "three.img" };
	const char *const swapped[] = { "one.img", "two.img", "three.img" };
	struct boot_entry *e;
	struct boot_ref r = { 0 };
	_cleanup_free_ char *menu = NULL, *cli = NULL, *cli_swapped = NULL;

	setup();
	/* As the BLS parser makes it. */
	e = boot_entry_new(BOOT_SOURCE_BLS);
	CHECK(e != NULL);
	CHECK_EQ(str_set(&e->title, "Debian"), 0);
	CHECK_EQ(str_set(&e->cmdline, "root=/dev/vda2 console=ttyS0"), 0);
	CHECK_EQ(boot_ref_set(&e->kernel, "UUID=abcd", "/vmlinuz"), 0);
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		CHECK_EQ(boot_ref_set(&r, "UUID=abcd", files[i]), 0);
		CHECK_EQ(boot_entry_add_initrd(e, &r), 0);
	}
	boot_ref_done(&r);
	menu = menu_path(e);
	cli = cli_path("vmlinuz", files, 3, "root=/dev/vda2 console=ttyS0");
	CHECK(menu && cli);
	if (menu && cli && strcmp(menu, cli) != 0)
		fprintf(stderr, "  menu:\n%s\n  cli:\n%s\n", menu, cli);
	CHECK(menu && cli && strcmp(menu, cli) == 0);
	/* The three initrds one after another, each 4-byte aligned: 3 -> 4, 4 + 4097 -> 4104, + 4999. */
	CHECK(menu && strstr(menu, "\"initrd_size\": 9103,") != NULL);
	CHECK(menu && strstr(menu, "\"interface\": \"kexec_load\"") != NULL);
	/* The comparison sees a difference in order: this would have told. */
	cli_swapped = cli_path("vmlinuz", swapped, 3, "root=/dev/vda2 console=ttyS0");
	CHECK(menu && cli_swapped && strcmp(menu, cli_swapped) != 0);
	boot_entry_free(e);
	teardown();
}

/* The CLI's UKI handling: .linux the kernel, .ucode and .initrd first, .cmdline. */
static char *cli_uki_path(const char *name)
{
	_cleanup_free_ char *p = path_of(name);
	const char *args[] = { p };

	return cli_run(args, ARRAY_SIZE(args));
}

static void test_uki(void)
{
	struct uki_info info = { 0 };
	struct diag_list diags = { 0 };
	struct boot_entry *e;
	_cleanup_free_ char *menu = NULL, *cli = NULL;

	setup();
	/* As the UKI source makes it. */
	CHECK_EQ(uki_inspect(&fs, "/linux.efi", &info, &diags, "UUID=abcd:/linux.efi"), 0);
	e = boot_entry_new(BOOT_SOURCE_UKI);
	CHECK(e != NULL);
	CHECK_EQ(uki_info_to_entry(&info, "UUID=abcd", "/linux.efi", e, true), 0);
	CHECK_EQ(e->n_initrds, 2);
	menu = menu_path(e);
	cli = cli_uki_path("linux.efi");
	CHECK(menu && cli);
	if (menu && cli && strcmp(menu, cli) != 0)
		fprintf(stderr, "  menu:\n%s\n  cli:\n%s\n", menu, cli);
	CHECK(menu && cli && strcmp(menu, cli) == 0);
	/* .ucode (9 bytes, padded to 12) then .initrd (19). */
	CHECK(menu && strstr(menu, "\"initrd_size\": 31,") != NULL);
	uki_info_done(&info);
	diag_list_done(&diags);
	boot_entry_free(e);
	teardown();
}

/* The CLI runs no verify or measure stage: what each build policy lets it do (loader/policy.h). */
static void test_cli_under_the_trust_policy(void)
{
	bool refuse = true;
	const char *s;

	/* off: nothing said, -l loads */
	CHECK(kexec_cli_policy(0, true, false, &refuse) == NULL && !refuse);
	/* warn: said, loads */
	s = kexec_cli_policy(1, true, false, &refuse);
	CHECK(s && strstr(s, "policy warn: this loader neither verifies nor measures") && !refuse);
	/* enforce: a load is refused with the reason */
	s = kexec_cli_policy(2, true, false, &refuse);
	CHECK(s && strstr(s, "refused by policy enforce: this loader neither verifies nor measures") && refuse);
	/* enforce: --dry-run (loads nothing), -u and -e stay */
	CHECK(kexec_cli_policy(2, true, true, &refuse) == NULL && !refuse);
	CHECK(kexec_cli_policy(2, false, false, &refuse) == NULL && !refuse);
}

static const struct test tests[] = {
	TEST(kernel_and_three_initrds),
	TEST(uki),
	TEST(cli_under_the_trust_policy),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
