// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net_source_read_url over file:// URLs: what a kexboot.url names is found
 * by the real parsers (a PXELINUX file, a directory, an iPXE script, another
 * syslinux config), references come out as URLs under the right base, and
 * a URL that cannot be read or holds no entry fails with the reason.
 */
#include "boot/entry.h"
#include "boot/net/net.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[] = "/tmp/kexboot-netsrc-read-XXXXXX";

static void put(const char *rel, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		(void)mkdir(path, 0755);
		*p = '/';
	}
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static const char pxe_cfg[] = "DEFAULT netdeb\n"
			      "LABEL netdeb\n"
			      "  MENU LABEL Network Debian\n"
			      "  KERNEL vmlinuz\n"
			      "  INITRD a.cpio,b.cpio\n"
			      "  APPEND console=ttyS0\n";

/* Reads url (relative to file://root) and checks the one entry's title (NULL: any), kernel and first initrd. */
static void check_one(const char *rel_url, const char *title, const char *kernel, const char *initrd)
{
	char url[512], want[512];
	struct boot_set set;
	struct diag_list notes = { 0 }, why = { 0 };

	snprintf(url, sizeof(url), "file://%s/%s", root, rel_url);
	boot_set_init(&set);
	CHECK_EQ(net_source_read_url(url, NULL, NULL, &set, &notes, &why), 0);
	CHECK_EQ(set.n_entries, 1);
	if (set.n_entries == 1) {
		const struct boot_entry *e = set.entries[0];

		if (title) /* iPXE titles an entry by its kernel */
			CHECK_STREQ(e->title, title);
		snprintf(want, sizeof(want), "file://%s/%s", root, kernel);
		CHECK_STREQ(e->kernel.url, want);
		CHECK(e->n_initrds >= 1);
		snprintf(want, sizeof(want), "file://%s/%s", root, initrd);
		if (e->n_initrds >= 1)
			CHECK_STREQ(e->initrds[0].url, want);
	}
	if (harness_failures)
		fprintf(stderr, "  %s: %s\n", url, diag_reason(&why, "-"));
	boot_set_done(&set);
	diag_list_done(&notes);
	diag_list_done(&why);
}

static void check_fails(const char *rel_url, int err, const char *reason_part)
{
	char url[512];
	struct boot_set set;
	struct diag_list notes = { 0 }, why = { 0 };

	snprintf(url, sizeof(url), "file://%s/%s", root, rel_url);
	boot_set_init(&set);
	CHECK_EQ(net_source_read_url(url, NULL, NULL, &set, &notes, &why), -err);
	CHECK_EQ(set.n_entries, 0);
	CHECK(strstr(why.reason, reason_part) != NULL);
	if (harness_failures)
		fprintf(stderr, "  %s: '%s'\n", url, why.reason);
	boot_set_done(&set);
	diag_list_done(&notes);
	diag_list_done(&why);
}

static void test_pxelinux_file(void)
{
	/* Names resolve against the directory above pxelinux.cfg/, as PXELINUX does. */
	check_one("boot/pxelinux.cfg/default", "Network Debian", "boot/vmlinuz", "boot/a.cpio");
	check_one("boot/pxelinux.cfg/01-52-54-00-12-34-56", "Per MAC", "boot/mac/vmlinuz", "boot/mac/i.cpio");
}

static void test_directory(void)
{
	check_one("boot/", "Network Debian", "boot/vmlinuz", "boot/a.cpio");
	check_one("ipxe/", NULL, "ipxe/k", "ipxe/i");
}

static void test_named_files(void)
{
	/* An iPXE script named directly, and a syslinux config under another name. */
	check_one("scripts/menu.ipxe", NULL, "scripts/kernel", "scripts/initrd");
	check_one("other/ext.cfg", "Other", "other/k2", "other/i2");
}

static void test_failures(void)
{
	check_fails("boot/pxelinux.cfg/nosuch", ENOENT, "No such file");
	check_fails("nothing/", ENOENT, "found no grub.cfg, grub/grub.cfg, pxelinux.cfg/default");
	check_fails("other/empty.cfg", ENOENT, "no boot entry");
	{
		struct boot_set set;
		struct diag_list why = { 0 };

		boot_set_init(&set);
		CHECK_EQ(net_source_read_url("not a url", NULL, NULL, &set, NULL, &why), -EINVAL);
		CHECK_STREQ(why.reason, "not a URL");
		boot_set_done(&set);
	}
}

/* size bytes at rel: zeros with a bzImage setup header, so it reads as a kernel. */
static void put_bzimage(const char *rel, size_t size)
{
	char path[512];
	uint8_t *b = calloc(1, size);
	FILE *f;

	CHECK(b != NULL);
	if (!b)
		return;
	b[0x1fe] = 0x55, b[0x1ff] = 0xaa;
	memcpy(b + 0x202, "HdrS", 4);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		CHECK_EQ(fwrite(b, 1, size, f), size);
		fclose(f);
	}
	free(b);
}

/* A URL that holds a kernel boots as it is: small (read as text first) or bigger than any config. */
static void test_kernel_urls(void)
{
	static const char *const names[] = { "k/small-vmlinuz", "k/big-vmlinuz" };
	char dir[512];

	snprintf(dir, sizeof(dir), "%s/k", root);
	CHECK_EQ(mkdir(dir, 0755), 0);
	put_bzimage(names[0], 64 << 10);
	put_bzimage(names[1], (1 << 20) + 4096); /* past the 1 MiB a config may have */
	for (size_t i = 0; i < 2; i++) {
		char url[512], title[128];
		struct boot_set set;
		struct diag_list notes = { 0 }, why = { 0 };

		snprintf(url, sizeof(url), "file://%s/%s", root, names[i]);
		snprintf(title, sizeof(title), "Network: %s (kernel)", strchr(names[i], '/') + 1);
		boot_set_init(&set);
		CHECK_EQ(net_source_read_url(url, NULL, NULL, &set, &notes, &why), 0);
		CHECK_EQ(set.n_entries, 1);
		if (set.n_entries == 1) {
			CHECK_STREQ(set.entries[0]->title, title);
			CHECK_STREQ(set.entries[0]->kernel.url, url);
			CHECK_EQ(set.entries[0]->n_initrds, 0);
		}
		boot_set_done(&set);
		diag_list_done(&notes);
		diag_list_done(&why);
	}
	/* Big and neither a config nor a kernel: said so. */
	{
		char path[512];
		FILE *f;

		snprintf(path, sizeof(path), "%s/k/big.bin", root);
		f = fopen(path, "w");
		CHECK(f != NULL);
		if (f) {
			CHECK_EQ(fseek(f, (1 << 20) + 10, SEEK_SET), 0);
			fputc('x', f);
			fclose(f);
		}
		check_fails("k/big.bin", ENOEXEC, "neither a config nor a kernel");
	}
}

/*
 * The network's facts reach the parsers as iPXE settings; an iPXE script is
 * told by its first line even after blank lines; a *.conf URL is one BLS entry.
 */
static void test_settings_and_languages(void)
{
	const struct net_facts facts = { .mac = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 },
					 .ip = { .s_addr = htonl(0x0a00020f) } };
	char url[512];
	struct boot_set set;
	struct diag_list notes = { 0 }, why = { 0 };

	put("s/boot.ipxe", "#!ipxe\nkernel vmlinuz mac=${net0/mac} ip=${ip} u=${uuid}\ninitrd a.cpio\nboot\n");
	put("s/entry.conf", "title Over HTTP\nlinux /k/vmlinuz\ninitrd /k/a.cpio\noptions quiet\n");
	snprintf(url, sizeof(url), "file://%s/s/boot.ipxe", root);
	boot_set_init(&set);
	CHECK_EQ(net_source_read_url(url, &facts, NULL, &set, &notes, &why), 0);
	CHECK_EQ(set.n_entries, 1);
	if (set.n_entries == 1)
		CHECK_STREQ(set.entries[0]->cmdline, "mac=52:54:00:12:34:56 ip=10.0.2.15 u=");
	boot_set_done(&set);
	/* without facts the settings are empty, as in iPXE */
	boot_set_init(&set);
	CHECK_EQ(net_source_read_url(url, NULL, NULL, &set, &notes, &why), 0);
	if (set.n_entries == 1)
		CHECK_STREQ(set.entries[0]->cmdline, "mac= ip= u=");
	boot_set_done(&set);

	snprintf(url, sizeof(url), "file://%s/s/entry.conf", root);
	boot_set_init(&set);
	CHECK_EQ(net_source_read_url(url, &facts, NULL, &set, &notes, &why), 0);
	CHECK_EQ(set.n_entries, 1);
	if (set.n_entries == 1) {
		/* BLS paths are absolute: on the config's own server (here file://'s root) */
		CHECK_STREQ(set.entries[0]->title, "Over HTTP");
		CHECK_STREQ(set.entries[0]->kernel.url, "file:///k/vmlinuz");
	}
	if (harness_failures)
		fprintf(stderr, "  %s: %s\n", url, diag_reason(&why, "-"));
	boot_set_done(&set);
	diag_list_done(&notes);
	diag_list_done(&why);
}

static const struct test tests[] = {
	TEST(settings_and_languages),
	TEST(pxelinux_file),
	TEST(kernel_urls),
	TEST(directory),
	TEST(named_files),
	TEST(failures),
};

int main(void)
{
	char cmd[600];
	int r;

	if (!mkdtemp(root))
		return 1;
	put("boot/pxelinux.cfg/default", pxe_cfg);
	put("boot/pxelinux.cfg/01-52-54-00-12-34-56", "LABEL m\n MENU LABEL Per MAC\n KERNEL mac/vmlinuz\n INITRD mac/i.cpio\n");
	put("ipxe/boot.ipxe", "#!ipxe\nkernel k\ninitrd i\nboot\n");
	put("scripts/menu.ipxe", "#!ipxe\nkernel kernel\ninitrd initrd\nboot\n");
	put("other/ext.cfg", "LABEL o\n MENU LABEL Other\n KERNEL k2\n INITRD i2\n");
	put("other/empty.cfg", "# nothing\n");
	snprintf(cmd, sizeof(cmd), "%s/nothing", root);
	(void)mkdir(cmd, 0755);
	r = harness_run(tests, ARRAY_SIZE(tests));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		r = 1;
	return r;
}
