// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * boot/secrets/: the payload directory over a temp tree, the keyring over a
 * fake keyctl seam, the https source over a fake fetch seam (the real fetch
 * against nginx: test-secrets-https.c), the required-names rule, wiping on failure (mmap made
 * to fail, munmap watched for unwiped secret bytes: both wrapped at link
 * time, see boot/secrets/secrets.mk) and the memory-scan hook over this
 * process's own memory.
 */
#include "boot/secrets/secrets.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "tests/unit/harness.h"
#include "tests/unit/wipe-watch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- a temp tree ---- */

static char *tree_new(void)
{
	char *root = strdup("/tmp/kexboot-secrets-XXXXXX");
	char *dir = NULL;

	CHECK(root && mkdtemp(root));
	CHECK(asprintf(&dir, "mkdir -p %s" SECRETS_DIR, root) > 0 && system(dir) == 0);
	free(dir);
	return root;
}

static void tree_put(const char *root, const char *name, const char *data)
{
	_cleanup_free_ char *path = NULL;
	_cleanup_close_ int fd = -1;

	CHECK(asprintf(&path, "%s" SECRETS_DIR "/%s", root, name) > 0);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	CHECK(fd >= 0);
	CHECK_EQ(fd_write_all(fd, data, strlen(data)), 0);
}

static void tree_free(char *root)
{
	_cleanup_free_ char *cmd = NULL;

	CHECK(asprintf(&cmd, "rm -rf %s", root) > 0 && system(cmd) == 0);
	free(root);
}

static bool notes_have(const struct diag_list *d, const char *what)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->msgs[i], what))
			return true;
	return false;
}

static bool secret_is(const struct secret_set *set, const char *name, const char *bytes, const char *source)
{
	const struct secret *s = secret_set_find(set, name);

	return s && s->bytes.size == strlen(bytes) && (!s->bytes.size || !memcmp(s->bytes.data, bytes, s->bytes.size)) &&
	       s->bytes.sensitive && !strcmp(s->source, source);
}

/* ---- the fake keyring ---- */

struct fake_key {
	int32_t id;
	const char *type, *desc, *payload;
};

static const struct fake_key fake_keys[] = {
	{ 101, "user", "disk-key", "keyring secret 0123" },
	{ 102, "logon", "luks-volume", "cannot be read" },
	{ 103, "asymmetric", "signer", "not a secret" },
	{ 104, "user", "bad/name", "skipped" },
	{ 105, "user", "alpha", "the keyring's alpha" },
};

static long fake_search(void *userdata, int32_t ring, const char *type, const char *desc)
{
	const char *want = userdata;

	/* The ring lives in the user keyring: the session search misses it. */
	if (ring == SECRETS_KEY_SPEC_USER && !strcmp(type, "keyring") && !strcmp(desc, want))
		return 100;
	return -ENOKEY;
}

static long fake_read(void *userdata, int32_t key, void *buf, size_t len)
{
	(void)userdata;
	if (key == 100) {
		int32_t ids[ARRAY_SIZE(fake_keys)];

		for (size_t i = 0; i < ARRAY_SIZE(fake_keys); i++)
			ids[i] = fake_keys[i].id;
		if (buf)
			memcpy(buf, ids, len < sizeof(ids) ? len : sizeof(ids));
		return sizeof(ids);
	}
	for (size_t i = 0; i < ARRAY_SIZE(fake_keys); i++) {
		const struct fake_key *k = &fake_keys[i];
		size_t n = strlen(k->payload);

		if (k->id != key)
			continue;
		if (!strcmp(k->type, "logon"))
			return -EOPNOTSUPP; /* what the kernel says for logon keys */
		if (buf)
			memcpy(buf, k->payload, len < n ? len : n);
		return (long)n;
	}
	return -ENOKEY;
}

static long fake_describe(void *userdata, int32_t key, char *buf, size_t len)
{
	(void)userdata;
	for (size_t i = 0; i < ARRAY_SIZE(fake_keys); i++) {
		char d[256];
		int n;

		if (fake_keys[i].id != key)
			continue;
		n = snprintf(d, sizeof(d), "%s;0;0;3f010000;%s", fake_keys[i].type, fake_keys[i].desc);
		if ((size_t)n + 1 <= len)
			memcpy(buf, d, (size_t)n + 1);
		return n + 1;
	}
	return -ENOKEY;
}

static const struct secrets_keyctl fake_keyctl = { fake_search, fake_read, fake_describe, (void *)"kexboot" };

/* ---- tests ---- */

static void test_names_and_descriptions(void)
{
	char type[16];
	const char *name = NULL;
	char longname[SECRET_NAME_MAX + 2];

	CHECK(secret_name_valid("disk-key"));
	CHECK(secret_name_valid("a.b_c-9"));
	CHECK(!secret_name_valid(""));
	CHECK(!secret_name_valid(".hidden"));
	CHECK(!secret_name_valid("a/b"));
	CHECK(!secret_name_valid("a b"));
	CHECK(!secret_name_valid(NULL));
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	CHECK(!secret_name_valid(longname));
	longname[SECRET_NAME_MAX] = '\0';
	CHECK(secret_name_valid(longname));

	CHECK_EQ(secrets_parse_description("user;0;0;3f010000;disk;key", type, sizeof(type), &name), 0);
	CHECK_STREQ(type, "user");
	CHECK_STREQ(name, "disk;key");
	CHECK_EQ(secrets_parse_description("user;0;0;3f010000", type, sizeof(type), &name), -EINVAL);
	CHECK_EQ(secrets_parse_description(";0;0;0;x", type, sizeof(type), &name), -EINVAL);
	CHECK_EQ(secrets_parse_description("averyveryverylongtype;0;0;0;x", type, 8, &name), -EINVAL);
}

static void test_payload_directory(void)
{
	char *root = tree_new();
	_cleanup_free_ char *p = NULL;
	struct secret_set set;
	struct diag_list why = { 0 };
	const struct secrets_ctx ctx = { .root = root };
	int fd;

	tree_put(root, "beta", "second payload secret");
	tree_put(root, "alpha", "first payload secret");
	tree_put(root, "empty", "");
	tree_put(root, ".hidden", "bad name");
	CHECK(asprintf(&p, "%s" SECRETS_DIR "/link", root) > 0 && symlink("alpha", p) == 0);
	free(p);
	CHECK(asprintf(&p, "%s" SECRETS_DIR "/fifo", root) > 0 && mkfifo(p, 0600) == 0);
	free(p);
	CHECK(asprintf(&p, "%s" SECRETS_DIR "/sub", root) > 0 && mkdir(p, 0700) == 0);
	free(p);
	CHECK(asprintf(&p, "%s" SECRETS_DIR "/big", root) > 0);
	fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	CHECK(fd >= 0 && ftruncate(fd, SECRET_MAX_SIZE + 1) == 0);
	close(fd);

	CHECK_EQ(secrets_gather(&ctx, &set, &why), 0);
	CHECK_EQ(set.n, 3);
	/* Sorted by name, bytes as written, each in a sensitive blob. */
	CHECK(set.n == 3 && !strcmp(set.v[0].name, "alpha") && !strcmp(set.v[1].name, "beta") &&
	      !strcmp(set.v[2].name, "empty"));
	CHECK(secret_is(&set, "alpha", "first payload secret", "payload"));
	CHECK(secret_is(&set, "beta", "second payload secret", "payload"));
	CHECK(secret_is(&set, "empty", "", "payload"));
	CHECK(notes_have(&why, "/link: a symbolic link, skipped"));
	CHECK(notes_have(&why, "/fifo: not a regular file, skipped"));
	CHECK(notes_have(&why, "/sub: not a regular file, skipped"));
	CHECK(notes_have(&why, "/big: larger than"));
	CHECK(notes_have(&why, "/.hidden: not a valid secret name"));
	/* Names only: no note carries a secret's bytes. */
	for (size_t i = 0; i < why.n; i++)
		CHECK(!strstr(why.msgs[i], "payload secret"));
	secret_set_done(&set);
	CHECK(set.n == 0 && set.v == NULL);
	secret_set_done(&set); /* twice is fine */
	diag_list_done(&why);
	tree_free(root);
}

static void test_no_directory_is_no_secrets(void)
{
	const struct secrets_ctx ctx = { .root = "/nonexistent-kexboot-root" };
	struct secret_set set;
	struct diag_list why = { 0 };

	CHECK_EQ(secrets_gather(&ctx, &set, &why), 0);
	CHECK_EQ(set.n, 0);
	CHECK_EQ(why.n, 0);
}

static void test_keyring(void)
{
	char *root = tree_new();
	const struct secrets_ctx ctx = { .root = root, .keyring = "kexboot", .keyctl = &fake_keyctl };
	struct secret_set set;
	struct diag_list why = { 0 };

	tree_put(root, "alpha", "payload alpha wins");
	CHECK_EQ(secrets_gather(&ctx, &set, &why), 0);
	CHECK_EQ(set.n, 2);
	CHECK(secret_is(&set, "disk-key", "keyring secret 0123", "keyring"));
	/* The payload's file was found first: the key of the same name is not handed over. */
	CHECK(secret_is(&set, "alpha", "payload alpha wins", "payload"));
	CHECK(notes_have(&why, "keyring: 'alpha' was found already"));
	CHECK(notes_have(&why, "'luks-volume' is a logon key, which cannot be read back"));
	CHECK(notes_have(&why, "'signer' is a 'asymmetric' key, not handed over"));
	CHECK(notes_have(&why, "key 104: its description is not a valid secret name"));
	for (size_t i = 0; i < why.n; i++)
		CHECK(!strstr(why.msgs[i], "keyring secret") && !strstr(why.msgs[i], "cannot be read\""));
	secret_set_done(&set);
	diag_list_done(&why);
	tree_free(root);
}

static void test_required_secrets(void)
{
	struct secrets_ctx ctx = { .root = "/nonexistent-kexboot-root", .keyring = "kexboot", .keyctl = &fake_keyctl };
	struct secret_set set;
	struct diag_list why = { 0 };

	ctx.required = "disk-key,alpha";
	CHECK_EQ(secrets_gather(&ctx, &set, &why), 0);
	CHECK_EQ(set.n, 2);
	secret_set_done(&set);

	/* A logon key cannot be handed over: needing it refuses the entry, by name. */
	ctx.required = "disk-key,luks-volume";
	CHECK_EQ(secrets_gather(&ctx, &set, &why), -ENOENT);
	CHECK_STREQ(why.reason, "secret 'luks-volume' is missing (kexboot.secrets needs it)");
	CHECK(set.n == 0 && set.v == NULL);

	ctx.required = "../etc";
	CHECK_EQ(secrets_gather(&ctx, &set, &why), -EINVAL);
	CHECK(strstr(why.reason, "not a valid secret name") != NULL);

	/* No such keyring: a note; what it would have held is missing. */
	ctx.keyring = "nosuchring";
	ctx.required = "disk-key";
	CHECK_EQ(secrets_gather(&ctx, &set, &why), -ENOENT);
	CHECK(notes_have(&why, "no keyring 'nosuchring'"));
	CHECK(strstr(why.reason, "'disk-key' is missing") != NULL);
	diag_list_done(&why);
}

/* A failure after secrets were read wipes them: no unmap sees their bytes. */
static void test_failures_wipe(void)
{
	char *root = tree_new();
	struct secrets_ctx ctx = { .root = root, .keyring = "kexboot", .keyctl = &fake_keyctl };
	struct secret_set set;
	struct diag_list why = { 0 };
	int r;

	tree_put(root, "alpha", "first payload secret");
	tree_put(root, "beta", "second payload secret");

	/* The watch itself: releasing without the wipe would be seen. */
	wipe_watch_reset();
	wipe_watch()->needle = "first payload secret";
	{
		void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		CHECK(p != MAP_FAILED);
		memcpy(p, wipe_watch()->needle, strlen(wipe_watch()->needle));
		munmap(p, 4096);
		CHECK_EQ(wipe_watch()->unwiped, 1);
	}

	/* Allocation failure at each step: whatever was read before is wiped. */
	for (int at = 1; at <= 3; at++) {
		wipe_watch_reset();
		wipe_watch()->needle = "payload secret";
		wipe_watch()->mmap_fail_at = at;
		r = secrets_gather(&ctx, &set, &why);
		CHECK_EQ(r, -ENOMEM);
		CHECK(set.n == 0);
		CHECK_EQ(wipe_watch()->unwiped, 0);
	}
	/* A missing required secret after everything was read: all wiped too. */
	wipe_watch_reset();
	wipe_watch()->needle = "keyring secret 0123";
	ctx.required = "nosuch";
	CHECK_EQ(secrets_gather(&ctx, &set, &why), -ENOENT);
	CHECK_EQ(wipe_watch()->unwiped, 0);
	/* And the normal release. */
	wipe_watch_reset();
	wipe_watch()->needle = "second payload secret";
	ctx.required = NULL;
	CHECK_EQ(secrets_gather(&ctx, &set, &why), 0);
	CHECK_EQ(set.n, 3);
	secret_set_done(&set);
	CHECK_EQ(wipe_watch()->unwiped, 0);
	wipe_watch_reset();
	diag_list_done(&why);
	tree_free(root);
}

/* ---- the fake fetch (the https source's seam) ---- */

struct fake_fetch {
	char urls[8][256]; /* what was asked for, in order */
	size_t n;
	bool insecure;     /* hand back a blob that is not sensitive */
};

static int fake_get(void *userdata, const char *url, size_t max, struct blob *ret, struct diag_list *why)
{
	struct fake_fetch *f = userdata;
	static const char *const served[][2] = {
		{ "https://10.0.2.100/boot/pxelinux.cfg/secrets/net-key", "fetched net secret" },
		{ "https://10.0.2.100/boot/pxelinux.cfg/secrets/alpha", "fetched alpha" },
	};
	int r;

	CHECK_EQ(max, SECRET_MAX_SIZE);
	if (f->n < ARRAY_SIZE(f->urls))
		snprintf(f->urls[f->n++], sizeof(f->urls[0]), "%s", url);
	for (size_t i = 0; i < ARRAY_SIZE(served); i++) {
		size_t n = strlen(served[i][1]);

		if (strcmp(url, served[i][0]))
			continue;
		r = blob_new_heap(n, !f->insecure, url, ret);
		if (r < 0)
			return diag_fail(why, r, "%s: no memory", url);
		memcpy(ret->storage, served[i][1], n);
		return 0;
	}
	return diag_fail(why, ENOENT, "%s: 404 Not Found", url);
}

static void test_https_url(void)
{
	char *u = NULL;

	CHECK_EQ(secrets_https_url("https://10.0.2.100/boot/pxelinux.cfg/default", "net-key", &u), 0);
	CHECK_STREQ(u, "https://10.0.2.100/boot/pxelinux.cfg/secrets/net-key");
	free(u);
	/* beside the config: its query goes, a folder URL keeps its folder, a port stays */
	CHECK_EQ(secrets_https_url("https://[fd00::1]:8443/a/boot.ipxe?mac=52:54", "k.1", &u), 0);
	CHECK_STREQ(u, "https://[fd00::1]:8443/a/secrets/k.1");
	free(u);
	CHECK_EQ(secrets_https_url("https://10.0.2.100/cfg/", "k", &u), 0);
	CHECK_STREQ(u, "https://10.0.2.100/cfg/secrets/k");
	free(u);
	/* names that are not valid never become a path */
	CHECK_EQ(secrets_https_url("https://10.0.2.100/cfg", "../k", &u), -EINVAL);
	CHECK_EQ(secrets_https_url("https://10.0.2.100/cfg", ".k", &u), -EINVAL);
	CHECK_EQ(secrets_https_url("https://10.0.2.100/cfg", "a/b", &u), -EINVAL);
	CHECK_EQ(secrets_https_url("https://10.0.2.100/cfg", "a%2fb", &u), -EINVAL);
	CHECK_EQ(secrets_https_url(NULL, "k", &u), -EINVAL);
	CHECK_EQ(secrets_https_url("http://10.0.2.100/cfg", "k", &u), -EINVAL);
	CHECK_EQ(secrets_https_url("logon:0;0;3f;x", "k", &u), -EINVAL);
	CHECK(u == NULL);
}

static void test_https_source(void)
{
	char *root = tree_new();
	struct fake_fetch f = { 0 };
	const struct secrets_fetch fetch = { fake_get, &f };
	struct secrets_ctx ctx = { .root = root, .fetch = &fetch, .required = "alpha,net-key",
				   .source_url = "https://10.0.2.100/boot/pxelinux.cfg/default" };
	struct secret_set set;
	struct diag_list why = { 0 };

	/* Only what the payload does not hold is fetched, beside the config. */
	tree_put(root, "alpha", "payload alpha wins");
	CHECK_EQ(secrets_gather(&ctx, &set, &why), 0);
	CHECK_EQ(set.n, 2);
	CHECK(secret_is(&set, "alpha", "payload alpha wins", "payload"));
	CHECK(secret_is(&set, "net-key", "fetched net secret", "https"));
	CHECK_EQ(f.n, 1);
	CHECK_STREQ(f.urls[0], "https://10.0.2.100/boot/pxelinux.cfg/secrets/net-key");
	secret_set_done(&set);

	/* Nothing required: nothing fetched (a name is never guessed). */
	f.n = 0;
	ctx.required = NULL;
	CHECK_EQ(secrets_gather(&ctx, &set, &why), 0);
	CHECK_EQ(set.n, 1);
	CHECK_EQ(f.n, 0);
	secret_set_done(&set);

	/* A disk entry: the network is not asked; the required rule says what is missing. */
	ctx.required = "net-key";
	ctx.source_url = NULL;
	CHECK_EQ(secrets_gather(&ctx, &set, &why), -ENOENT);
	CHECK_STREQ(why.reason, "secret 'net-key' is missing (kexboot.secrets needs it)");
	CHECK_EQ(f.n, 0);

	/* An entry from plain http or tftp: refused with the reason, nothing fetched, nothing kept. */
	ctx.source_url = "http://10.0.2.100/boot/pxelinux.cfg/default";
	CHECK_EQ(secrets_gather(&ctx, &set, &why), -EPERM);
	CHECK_STREQ(why.reason, "secret 'net-key': not fetched: the entry came from "
				"http://10.0.2.100/boot/pxelinux.cfg/default, and secrets are fetched over "
				"verified https:// only, never http://");
	CHECK(set.n == 0 && set.v == NULL);
	ctx.source_url = "tftp://10.0.2.2/pxelinux.cfg/default";
	CHECK_EQ(secrets_gather(&ctx, &set, &why), -EPERM);
	CHECK(strstr(why.reason, "never tftp://") != NULL);
	CHECK_EQ(f.n, 0);
	/* ... unless a local source holds it: then the network is not needed at all. */
	ctx.required = "alpha";
	CHECK_EQ(secrets_gather(&ctx, &set, &why), 0);
	CHECK_EQ(set.n, 1);
	secret_set_done(&set);

	/* An https config whose kernel came over plain http, unverified: nothing is fetched for it. */
	ctx.source_url = "https://10.0.2.100/boot/pxelinux.cfg/default";
	ctx.required = "net-key";
	ctx.plain_piece = "http://10.0.2.100/boot/vmlinuz";
	f.n = 0;
	CHECK_EQ(secrets_gather(&ctx, &set, &why), -EPERM);
	CHECK_STREQ(why.reason, "secret 'net-key': not fetched: http://10.0.2.100/boot/vmlinuz came over http:// and "
				"is not verified, so the kernel a secret would go to may not be the one the config named");
	CHECK_EQ(f.n, 0);
	ctx.plain_piece = NULL;

	/* A fetch that fails is the entry's reason, with the secret's name; what was read is wiped. */
	ctx.source_url = "https://10.0.2.100/boot/pxelinux.cfg/default";
	ctx.required = "net-key,gone";
	wipe_watch_reset();
	wipe_watch()->needle = "fetched net secret";
	CHECK_EQ(secrets_gather(&ctx, &set, &why), -ENOENT);
	CHECK_STREQ(why.reason, "secret 'gone': https://10.0.2.100/boot/pxelinux.cfg/secrets/gone: 404 Not Found");
	CHECK(set.n == 0);
	CHECK_EQ(wipe_watch()->unwiped, 0);
	wipe_watch_reset();

	/* A fetch that did not land in locked memory is refused. */
	f.insecure = true;
	ctx.required = "net-key";
	CHECK_EQ(secrets_gather(&ctx, &set, &why), -EINVAL);
	CHECK(strstr(why.reason, "was not fetched into locked memory") != NULL);
	f.insecure = false;

	/* Without the seam there is no https source. */
	ctx.fetch = NULL;
	f.n = 0;
	CHECK_EQ(secrets_gather(&ctx, &set, &why), -ENOENT);
	CHECK_EQ(f.n, 0);
	diag_list_done(&why);
	tree_free(root);
}

static void test_memscan_finds_what_is_left(void)
{
	char *root = tree_new();
	const struct secrets_ctx ctx = { .root = root };
	struct secrets_memscan m = { 0 };
	struct secret_set set;
	struct diag_list why = { 0 };
	bool found[SECRETS_MAX];
	char *leak;
	/* Built at run time so that no string constant holds the bytes. */
	char secret[32];

	for (int i = 0; i < 24; i++)
		secret[i] = (char)('A' + (i * 7) % 26);
	secret[24] = '\0';
	tree_put(root, "gamma", secret);
	CHECK_EQ(secrets_gather(&ctx, &set, &why), 0);
	CHECK_EQ(secrets_memscan_remember(&m, &set), 0);
	CHECK_EQ(m.n, 1);
	/* The set itself is still here: found. */
	CHECK_EQ(secrets_memscan_run(&m, "", found, &why), 1);
	CHECK(found[0]);
	secret_set_done(&set);
	explicit_bzero(secret, sizeof(secret));
	/* A stray copy on the heap: found. */
	leak = malloc(4096);
	CHECK(leak != NULL);
	memcpy(leak + 1000, m.needles, m.v[0].len);
	CHECK_EQ(secrets_memscan_run(&m, "", found, &why), 1);
	CHECK(found[0]);
	/* Wiped: nothing left anywhere but the hook's own copy. */
	explicit_bzero(leak, 4096);
	free(leak);
	CHECK_EQ(secrets_memscan_run(&m, "", found, &why), 0);
	CHECK(!found[0]);
	/* It read this process's memory (a scan that read nothing would find nothing too). */
	CHECK(notes_have(&why, "memscan: read "));
	CHECK(!notes_have(&why, "memscan: read 0 bytes"));
	secrets_memscan_done(&m);
	CHECK(m.needles == NULL && m.n == 0);
	diag_list_done(&why);
	tree_free(root);
}

/* Writes len bytes of data at offset off of <root>/rel (made with its directories), zeros before. */
static void tree_write_at(const char *root, const char *rel, const void *data, size_t len, size_t off)
{
	_cleanup_free_ char *path = NULL, *cmd = NULL;
	_cleanup_close_ int fd = -1;

	CHECK(asprintf(&path, "%s%s", root, rel) > 0);
	CHECK(asprintf(&cmd, "mkdir -p \"$(dirname '%s')\"", path) > 0 && system(cmd) == 0);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	CHECK(fd >= 0);
	CHECK(ftruncate(fd, (off_t)off) == 0);
	CHECK(lseek(fd, (off_t)off, SEEK_SET) == (off_t)off);
	CHECK_EQ(fd_write_all(fd, data, len), 0);
}

static void test_fsscan_finds_copies_in_files(void)
{
	static const char *const tops[] = { "/", NULL };
	static const char *const skip[] = { SECRETS_DIR, NULL };
	char *root = tree_new();
	const struct secrets_ctx ctx = { .root = root };
	struct secrets_memscan m = { 0 };
	struct secret_set set;
	struct diag_list why = { 0 };
	bool found[SECRETS_MAX];
	char secret[32];
	_cleanup_free_ char *path = NULL;

	for (int i = 0; i < 24; i++)
		secret[i] = (char)('a' + (i * 11) % 26);
	secret[24] = '\0';
	tree_put(root, "delta", secret);
	CHECK_EQ(secrets_gather(&ctx, &set, &why), 0);
	CHECK_EQ(secrets_memscan_remember(&m, &set), 0);
	secret_set_done(&set);
	/* The payload's own file is the source, left out: nothing found, but files were read. */
	tree_write_at(root, "/bin/tool", "not a secret", 12, 0);
	CHECK_EQ(secrets_fsscan_run(&m, root, tops, skip, found, &why), 0);
	CHECK(!found[0]);
	CHECK(notes_have(&why, "fsscan: read 12 bytes of 1 file(s)"));
	/* A copy in a file elsewhere, across the seam of the scan's 1 MiB chunks: found. */
	tree_write_at(root, "/run/kexboot/leak", secret, 24, (1u << 20) - 10);
	CHECK_EQ(secrets_fsscan_run(&m, root, tops, skip, found, &why), 1);
	CHECK(found[0]);
	/* Gone again: not found. */
	CHECK(asprintf(&path, "%s/run/kexboot/leak", root) > 0 && unlink(path) == 0);
	CHECK_EQ(secrets_fsscan_run(&m, root, tops, skip, found, &why), 0);
	CHECK(!found[0]);
	explicit_bzero(secret, sizeof(secret));
	secrets_memscan_done(&m);
	diag_list_done(&why);
	tree_free(root);
}

static const struct test tests[] = {
	TEST(names_and_descriptions),
	TEST(payload_directory),
	TEST(no_directory_is_no_secrets),
	TEST(keyring),
	TEST(required_secrets),
	TEST(failures_wipe),
	TEST(https_url),
	TEST(https_source),
	TEST(memscan_finds_what_is_left),
	TEST(fsscan_finds_copies_in_files),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
