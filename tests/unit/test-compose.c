// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * boot/compose/: the generated initrd, read back by GNU cpio and bsdcpio
 * (listing, modes, contents), its headers (mtime, uid, gid 0), determinism,
 * what refuses it, and compose_source_url().
 */
#include "boot/compose/compose.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "tests/unit/harness.h"
#include "tests/unit/wipe-watch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char *tree_with_secrets(void)
{
	char *root = strdup("/tmp/kexboot-compose-XXXXXX");
	_cleanup_free_ char *cmd = NULL;

	CHECK(root && mkdtemp(root));
	CHECK(asprintf(&cmd, "mkdir -p %1$s" SECRETS_DIR " && printf 'alpha bytes' >%1$s" SECRETS_DIR "/alpha"
			     " && printf 'the zulu secret\\n' >%1$s" SECRETS_DIR "/zulu",
		       root) > 0 &&
	      system(cmd) == 0);
	return root;
}

static void tree_free(char *root)
{
	_cleanup_free_ char *cmd = NULL;

	CHECK(asprintf(&cmd, "rm -rf %s", root) > 0 && system(cmd) == 0);
	free(root);
}

/* Runs a shell command and returns its standard output (caller frees). */
static char *run(const char *fmt, const char *arg)
{
	_cleanup_free_ char *cmd = NULL;
	char *out = NULL;
	size_t len = 0, cap = 0;
	FILE *f;
	int c;

	CHECK(asprintf(&cmd, fmt, arg, arg) > 0);
	f = popen(cmd, "r");
	CHECK(f != NULL);
	if (!f)
		return strdup("");
	while ((c = fgetc(f)) != EOF) {
		if (len + 2 > cap) {
			cap = cap ? 2 * cap : 256;
			out = realloc(out, cap);
			CHECK(out != NULL);
		}
		out[len++] = (char)c;
	}
	CHECK_EQ(pclose(f), 0);
	if (!out)
		return strdup("");
	out[len] = '\0';
	return out;
}

static char *write_tmp(const struct blob *b)
{
	char *path = strdup("/tmp/kexboot-generated-XXXXXX");
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	CHECK_EQ(fd_write_all(fd, b->data, b->size), 0);
	close(fd);
	return path;
}

/* The generated initrd for the tree's secrets, a source URL and one extra file. */
static int generate(struct composed *c, struct secret_set *set, const struct blob *extra, struct diag_list *why)
{
	struct compose_input in = { .secrets = set, .source_url = "http://10.0.2.2/boot/ipxe.cfg" };

	*c = (struct composed){ .generated = BLOB_INIT };
	CHECK_EQ(compose_input_add_file(&in, COMPOSE_TPM_EVENTLOG, extra, why), 0);
	return compose_generate(c, &in, why);
}

static void test_generated_initrd_reads_back(void)
{
	char *root = tree_with_secrets();
	const struct secrets_ctx sctx = { .root = root };
	static const char eventlog[] = "\x01\x02 event log bytes";
	struct blob extra = { .data = eventlog, .size = sizeof(eventlog) - 1, .fd = -1 };
	struct secret_set set;
	struct composed c, again;
	struct diag_list why = { 0 };
	_cleanup_free_ char *path = NULL, *list = NULL, *verbose = NULL, *alpha = NULL, *zulu = NULL, *url = NULL,
			     *log = NULL;

	CHECK_EQ(secrets_gather(&sctx, &set, &why), 0);
	CHECK_EQ(generate(&c, &set, &extra, &why), 0);
	CHECK_EQ(c.n_pieces, 1);
	CHECK(c.n_pieces == 1 && c.pieces[0] == &c.generated);
	CHECK(c.generated.sensitive);
	CHECK_EQ(c.generated.store, BLOB_HEAP);
	CHECK_EQ(c.generated.size % 4, 0);
	path = write_tmp(&c.generated);

	/* Sorted, parents before their files; GNU cpio lists it. */
	list = run("cpio -t --quiet <%s 2>/dev/null", path);
	CHECK_STREQ(list, ".extra\n.extra/credentials\n.extra/credentials/alpha\n.extra/credentials/zulu\n"
			  ".kexboot\n.kexboot/source-url\n.kexboot/tpm-eventlog\n");
	/* bsdcpio: modes, owner 0:0, the epoch. */
	verbose = run("bsdcpio -itvn <%s 2>/dev/null | awk '{print $1, $3, $4, $5, $6, $7, $8, $9}'", path);
	CHECK_STREQ(verbose, "dr-x------ 0 0 0 Jan 1 1970 .extra\n"
			     "dr-x------ 0 0 0 Jan 1 1970 .extra/credentials\n"
			     "-r-------- 0 0 11 Jan 1 1970 .extra/credentials/alpha\n"
			     "-r-------- 0 0 16 Jan 1 1970 .extra/credentials/zulu\n"
			     "dr-x------ 0 0 0 Jan 1 1970 .kexboot\n"
			     "-r-------- 0 0 29 Jan 1 1970 .kexboot/source-url\n"
			     "-r-------- 0 0 18 Jan 1 1970 .kexboot/tpm-eventlog\n");
	/* Contents, byte for byte. */
	alpha = run("cpio -i --quiet --to-stdout .extra/credentials/alpha <%s 2>/dev/null", path);
	CHECK_STREQ(alpha, "alpha bytes");
	/* bsdcpio unpacks it (into a directory of the test's) with the modes it says. */
	zulu = run("d=$(mktemp -d) && cd $d && bsdcpio -id --quiet <%s 2>/dev/null && "
		   "stat -c '%%a %%n' .extra .extra/credentials .extra/credentials/zulu && "
		   "cat .extra/credentials/zulu && chmod -R u+w $d && rm -rf $d",
		   path);
	CHECK_STREQ(zulu, "500 .extra\n500 .extra/credentials\n400 .extra/credentials/zulu\nthe zulu secret\n");
	url = run("cpio -i --quiet --to-stdout .kexboot/source-url <%s 2>/dev/null", path);
	CHECK_STREQ(url, "http://10.0.2.2/boot/ipxe.cfg");
	log = run("cpio -i --quiet --to-stdout .kexboot/tpm-eventlog <%s 2>/dev/null | od -An -c | tr -s ' '", path);
	CHECK(strstr(log, "001 002 e v e n t") != NULL);

	/* Deterministic: the same input, the same bytes. */
	CHECK_EQ(generate(&again, &set, &extra, &why), 0);
	CHECK_EQ(again.generated.size, c.generated.size);
	CHECK(again.generated.size == c.generated.size &&
	      !memcmp(again.generated.data, c.generated.data, c.generated.size));
	composed_done(&again);
	composed_done(&c);
	CHECK(c.pieces == NULL && c.generated.storage == NULL);
	secret_set_done(&set);
	unlink(path);
	diag_list_done(&why);
	tree_free(root);
}

/* Every header: mtime, uid, gid 0 (fields 7, 3, 4 of newc), inodes counting up. */
static void test_headers_are_zeroed(void)
{
	char *root = tree_with_secrets();
	const struct secrets_ctx sctx = { .root = root };
	struct blob extra = { .data = "x", .size = 1, .fd = -1 };
	struct secret_set set;
	struct composed c;
	struct diag_list why = { 0 };
	const char *p;
	size_t off = 0, n = 0;

	CHECK_EQ(secrets_gather(&sctx, &set, &why), 0);
	CHECK_EQ(generate(&c, &set, &extra, &why), 0);
	p = c.generated.data;
	while (off + 110 <= c.generated.size) {
		unsigned f[13];
		char name[64];

		CHECK(!memcmp(p + off, "070701", 6));
		for (int i = 0; i < 13; i++) {
			char hex[9];

			memcpy(hex, p + off + 6 + 8 * i, 8);
			hex[8] = '\0';
			f[i] = (unsigned)strtoul(hex, NULL, 16);
		}
		snprintf(name, sizeof(name), "%.*s", (int)f[11] - 1, p + off + 110);
		if (!strcmp(name, "TRAILER!!!"))
			break;
		CHECK_EQ(f[0], n + 1);      /* ino */
		CHECK_EQ(f[2], 0);          /* uid */
		CHECK_EQ(f[3], 0);          /* gid */
		CHECK_EQ(f[5], 0);          /* mtime */
		CHECK(f[1] == (S_IFDIR | 0500) || f[1] == (S_IFREG | 0400));
		off += (110 + f[11] + 3) & ~3u;
		off += (f[6] + 3) & ~3u;
		n++;
	}
	CHECK_EQ(n, 7);
	composed_done(&c);
	secret_set_done(&set);
	diag_list_done(&why);
	tree_free(root);
}

static void test_nothing_to_generate(void)
{
	struct composed c = { .generated = BLOB_INIT };
	struct compose_input in = { 0 };
	struct secret_set none = { 0 };
	struct diag_list why = { 0 };

	in.secrets = &none;
	CHECK_EQ(compose_generate(&c, &in, &why), 0);
	CHECK_EQ(c.n_pieces, 0);
	CHECK_EQ(c.generated.store, BLOB_EMPTY);
	composed_done(&c);
}

static void test_refusals_leave_nothing(void)
{
	char *root = tree_with_secrets();
	const struct secrets_ctx sctx = { .root = root };
	struct blob extra = { .data = "x", .size = 1, .fd = -1 };
	struct secret_set set;
	struct composed c = { .generated = BLOB_INIT };
	struct compose_input in = { 0 };
	struct diag_list why = { 0 };

	CHECK_EQ(secrets_gather(&sctx, &set, &why), 0);
	in.secrets = &set;
	/* A file where a secret goes: refused, nothing generated. */
	CHECK_EQ(compose_input_add_file(&in, "/.extra/credentials/alpha", &extra, &why), 0);
	CHECK_EQ(compose_generate(&c, &in, &why), -EEXIST);
	CHECK(strstr(why.reason, "/.extra/credentials/alpha' is in the generated initrd twice") != NULL);
	CHECK_EQ(c.n_pieces, 0);
	CHECK_EQ(c.generated.store, BLOB_EMPTY);
	/* A file where a directory goes. */
	in.n_files = 0;
	CHECK_EQ(compose_input_add_file(&in, "/.extra", &extra, &why), 0);
	CHECK_EQ(compose_generate(&c, &in, &why), -EEXIST);
	/* Bad paths. */
	in.n_files = 0;
	CHECK_EQ(compose_input_add_file(&in, "relative", &extra, &why), -EINVAL);
	CHECK_EQ(compose_input_add_file(&in, "/a/../b", &extra, &why), -EINVAL);
	CHECK_EQ(compose_input_add_file(&in, "/a//b", &extra, &why), -EINVAL);
	CHECK_EQ(compose_input_add_file(&in, "/a/./b", &extra, &why), -EINVAL);
	CHECK_EQ(compose_input_add_file(&in, "/", &extra, &why), -EINVAL);
	CHECK_EQ(in.n_files, 0);
	for (int i = 0; i < COMPOSE_MAX_FILES; i++)
		CHECK_EQ(compose_input_add_file(&in, "/f", &extra, &why), 0);
	CHECK_EQ(compose_input_add_file(&in, "/f", &extra, &why), -E2BIG);
	in.n_files = 0;
	in.credentials_dir = "/x/../etc";
	CHECK_EQ(compose_generate(&c, &in, &why), -EINVAL);
	CHECK_EQ(c.n_pieces, 0);
	/* Generated once only. */
	in.credentials_dir = "/run/credentials/@initrd";
	CHECK_EQ(compose_generate(&c, &in, &why), 0);
	CHECK_EQ(c.n_pieces, 1);
	/* kexboot.credentials=DIR: the secrets under DIR, nothing under /.extra/credentials. */
	{
		_cleanup_free_ char *path = write_tmp(&c.generated), *list = NULL;

		list = run("cpio -t --quiet <%s 2>/dev/null", path);
		CHECK_STREQ(list, "run\nrun/credentials\nrun/credentials/@initrd\nrun/credentials/@initrd/alpha\n"
				  "run/credentials/@initrd/zulu\n");
		unlink(path);
	}
	CHECK_EQ(compose_generate(&c, &in, &why), -EBUSY);
	CHECK_EQ(c.n_pieces, 1);
	composed_done(&c);
	secret_set_done(&set);
	diag_list_done(&why);
	tree_free(root);
}

/* No memory for the generated initrd: refused, nothing half-made, and the released archive leaves no secret behind. */
static void test_allocation_failure_and_release_wipe(void)
{
	char *root = tree_with_secrets();
	const struct secrets_ctx sctx = { .root = root };
	struct blob extra = { .data = "x", .size = 1, .fd = -1 };
	struct secret_set set;
	struct composed c;
	struct diag_list why = { 0 };

	CHECK_EQ(secrets_gather(&sctx, &set, &why), 0);
	wipe_watch_reset();
	wipe_watch()->mmap_fail_at = 1;
	CHECK_EQ(generate(&c, &set, &extra, &why), -ENOMEM);
	CHECK(strstr(why.reason, "no locked memory for the generated initrd") != NULL);
	CHECK_EQ(c.n_pieces, 0);
	CHECK_EQ(c.generated.store, BLOB_EMPTY);
	composed_done(&c);
	/* Made, then released: the archive's pages go back wiped. */
	wipe_watch_reset();
	wipe_watch()->needle = "the zulu secret";
	CHECK_EQ(generate(&c, &set, &extra, &why), 0);
	CHECK(memmem(c.generated.data, c.generated.size, "the zulu secret", 15) != NULL);
	composed_done(&c);
	CHECK_EQ(wipe_watch()->unwiped, 0);
	secret_set_done(&set);
	CHECK_EQ(wipe_watch()->unwiped, 0);
	wipe_watch_reset();
	diag_list_done(&why);
	tree_free(root);
}

static void test_source_url(void)
{
	static const struct {
		const char *origin, *want;
	} cases[] = {
		{ "http://10.0.2.2/boot/ipxe.cfg:12", "http://10.0.2.2/boot/ipxe.cfg" },
		{ "https://boot.example:8443/x/grub.cfg:3", "https://boot.example:8443/x/grub.cfg" },
		{ "tftp://10.0.2.2/pxelinux.cfg/default", "tftp://10.0.2.2/pxelinux.cfg/default" },
		{ "http://host:8080", "http://host:8080" },
		{ "http://host/a:b", "http://host/a:b" },
		{ "UUID=1234-ABCD:/loader/entries/a.conf:4", NULL },
		{ "root:/boot/grub/grub.cfg:42", NULL },
		{ NULL, NULL },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *got = (char *)"unset";

		CHECK_EQ(compose_source_url(cases[i].origin, &got), 0);
		if (cases[i].want)
			CHECK_STREQ(got, cases[i].want);
		else
			CHECK(got == NULL);
		free(got);
	}
}

/* The image against the memory left: sizes only (nothing is read), the reason with both in MiB. */
static void test_memory_check(void)
{
	struct blob rd[2] = { BLOB_INIT, BLOB_INIT };
	struct boot_image img = { .kernel = BLOB_INIT, .initrds = rd, .n_initrds = 2 };
	struct diag_list why = { 0 };

	img.kernel.size = 8u << 20;
	rd[0].size = 1u << 20;
	rd[1].size = 1200u << 20;
	CHECK_EQ(compose_check_memory(&img, 2000ull << 20, &why), 0);
	CHECK_EQ(compose_check_memory(&img, (8ull + 1 + 1200) << 20, &why), 0);
	CHECK_EQ(compose_check_memory(&img, 850ull << 20, &why), -ENOMEM);
	CHECK_STREQ(why.reason, "the image needs 1209 MiB of memory (kernel 8 MiB, initrds 1201 MiB) and 850 MiB are "
				"available: it does not fit");
	diag_list_done(&why);
}

static const struct test tests[] = {
	TEST(memory_check),
	TEST(generated_initrd_reads_back),
	TEST(headers_are_zeroed),
	TEST(nothing_to_generate),
	TEST(refusals_leave_nothing),
	TEST(allocation_failure_and_release_wipe),
	TEST(source_url),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
