// SPDX-License-Identifier: GPL-2.0-or-later
/* The network source's pure parts: kexboot.url's list, base URLs, link choice over fixture sysfs trees. */
#include "boot/net/net.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_url_list(void)
{
	struct net_url_list l;
	struct diag_list d = { 0 };

	CHECK_EQ(net_url_list_parse("http://10.0.2.100/boot/ , tftp://10.0.2.2/pxelinux.cfg/default\thttp://a/b.ipxe",
				    &l, &d),
		 0);
	CHECK_EQ(l.n, 3);
	CHECK_STREQ(l.v[0], "http://10.0.2.100/boot/");
	CHECK_STREQ(l.v[1], "tftp://10.0.2.2/pxelinux.cfg/default");
	CHECK_STREQ(l.v[2], "http://a/b.ipxe");
	CHECK_EQ(d.n, 0);
	net_url_list_done(&l);

	/* Not a URL: said, skipped; the rest stay in order. */
	CHECK_EQ(net_url_list_parse("boot.cfg,,http://x/", &l, &d), 0);
	CHECK_EQ(l.n, 1);
	CHECK_STREQ(l.v[0], "http://x/");
	CHECK_EQ(d.n, 1);
	net_url_list_done(&l);
	diag_list_done(&d);

	CHECK_EQ(net_url_list_parse("", &l, NULL), 0);
	CHECK_EQ(l.n, 0);
	CHECK_EQ(net_url_list_parse(NULL, &l, NULL), 0);
	CHECK_EQ(l.n, 0);

	/* More than NET_URLS_MAX: the first ones are kept. */
	{
		char text[1024] = "";

		for (int i = 0; i < NET_URLS_MAX + 2; i++)
			snprintf(text + strlen(text), sizeof(text) - strlen(text), "http://h/%d ", i);
		CHECK_EQ(net_url_list_parse(text, &l, &d), 0);
		CHECK_EQ(l.n, NET_URLS_MAX);
		CHECK_STREQ(l.v[0], "http://h/0");
		CHECK_EQ(d.n, 2);
		net_url_list_done(&l);
		diag_list_done(&d);
	}
}

static void check_plan(const char *url, enum net_url_kind kind, const char *base, const char *path)
{
	struct net_url_plan p;

	CHECK_EQ(net_url_plan_make(url, &p), 0);
	CHECK_EQ(p.kind, kind);
	CHECK_STREQ(p.base, base);
	if (path)
		CHECK_STREQ(p.path, path);
	else
		CHECK(p.path == NULL);
	net_url_plan_done(&p);
}

static void test_plan(void)
{
	struct net_url_plan p;

	/* PXELINUX's layout: the base is above pxelinux.cfg/, where its names resolve. */
	check_plan("http://10.0.2.100/boot/pxelinux.cfg/default", NET_URL_PXELINUX, "http://10.0.2.100/boot/",
		   "/pxelinux.cfg/default");
	check_plan("tftp://10.0.2.2/pxelinux.cfg/01-52-54-00-12-34-56", NET_URL_PXELINUX, "tftp://10.0.2.2/",
		   "/pxelinux.cfg/01-52-54-00-12-34-56");
	/* Directories: every parser looks where it looks. */
	check_plan("http://10.0.2.100/boot/", NET_URL_DIR, "http://10.0.2.100/boot/", NULL);
	check_plan("http://10.0.2.100", NET_URL_DIR, "http://10.0.2.100/", NULL);
	check_plan("http://10.0.2.100/", NET_URL_DIR, "http://10.0.2.100/", NULL);
	check_plan("http://10.0.2.100/pxelinux.cfg/", NET_URL_DIR, "http://10.0.2.100/pxelinux.cfg/", NULL);
	/* Other files: their directory, the file under it (the query kept). */
	check_plan("http://10.0.2.100/boot/menu.ipxe", NET_URL_FILE, "http://10.0.2.100/boot/", "/menu.ipxe");
	check_plan("http://h/cgi/boot.php?mac=52:54", NET_URL_FILE, "http://h/cgi/", "/boot.php?mac=52:54");
	check_plan("http://h/x?/a/b", NET_URL_FILE, "http://h/", "/x?/a/b");
	check_plan("http://h/extlinux.conf", NET_URL_FILE, "http://h/", "/extlinux.conf");
	/* "notpxelinux.cfg/" is not pxelinux.cfg/. */
	check_plan("http://h/notpxelinux.cfg/default", NET_URL_FILE, "http://h/notpxelinux.cfg/", "/default");
	check_plan("http://h/a/b/#frag", NET_URL_DIR, "http://h/a/b/", NULL);

	CHECK_EQ(net_url_plan_make("boot.cfg", &p), -EINVAL);
	CHECK(p.base == NULL);
	CHECK_EQ(net_url_plan_make("/pxelinux.cfg/default", &p), -EINVAL);
}

/* A fixture <root>/sys/class/net/NAME with a type file and optionally a device link and a wireless dir. */
static void fixture_link(const char *root, const char *name, int type, bool device, bool wireless)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/sys/class/net/%s", root, name);
	CHECK_EQ(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/sys/class/net/%s/type", root, name);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fprintf(f, "%d\n", type);
		fclose(f);
	}
	if (device) {
		snprintf(path, sizeof(path), "%s/sys/class/net/%s/device", root, name);
		CHECK_EQ(symlink("../../../devices/pci0000:00", path), 0);
	}
	if (wireless) {
		snprintf(path, sizeof(path), "%s/sys/class/net/%s/wireless", root, name);
		CHECK_EQ(mkdir(path, 0755), 0);
	}
}

static void test_links_pick(void)
{
	char root[] = "/tmp/kexboot-netsrc-XXXXXX", path[512], cmd[600];
	char names[NET_LINKS_MAX][IF_NAMESIZE];
	struct diag_list d = { 0 };
	size_t n = 99;

	CHECK(mkdtemp(root) != NULL);
	/* No sysfs there at all: a reason, not a crash. */
	CHECK(net_links_pick(root, NULL, names, NET_LINKS_MAX, &n, &d) < 0);
	CHECK_EQ(n, 0);
	CHECK(strstr(d.reason, "/sys/class/net") != NULL);

	snprintf(path, sizeof(path), "%s/sys", root);
	CHECK_EQ(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/sys/devices", root);
	CHECK_EQ(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/sys/devices/pci0000:00", root);
	CHECK_EQ(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/sys/class", root);
	CHECK_EQ(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/sys/class/net", root);
	CHECK_EQ(mkdir(path, 0755), 0);
	CHECK_EQ(net_links_pick(root, NULL, names, NET_LINKS_MAX, &n, &d), 0);
	CHECK_EQ(n, 0);

	fixture_link(root, "lo", 772, false, false);
	fixture_link(root, "lo2", 1, true, false); /* not the name "lo": kept */
	fixture_link(root, "enp0s3", 1, true, false);
	fixture_link(root, "eth0", 1, true, false);
	fixture_link(root, "br0", 1, false, false);   /* a bridge: no device */
	fixture_link(root, "wlan0", 1, true, true);   /* wireless */
	fixture_link(root, "ib0", 32, true, false);   /* InfiniBand */
	CHECK_EQ(net_links_pick(root, NULL, names, NET_LINKS_MAX, &n, &d), 0);
	CHECK_EQ(n, 3);
	CHECK_STREQ(names[0], "enp0s3");
	CHECK_STREQ(names[1], "eth0");
	CHECK_STREQ(names[2], "lo2");

	/* cap bounds what is filled. */
	CHECK_EQ(net_links_pick(root, NULL, names, 1, &n, &d), 0);
	CHECK_EQ(n, 1);

	/* kexboot.net: those named, in its order; one that is not wired is said and left out. */
	CHECK_EQ(net_links_pick(root, "eth0,wlan0 enp0s3,nosuch", names, NET_LINKS_MAX, &n, &d), 0);
	CHECK_EQ(n, 2);
	CHECK_STREQ(names[0], "eth0");
	CHECK_STREQ(names[1], "enp0s3");
	CHECK_EQ(d.n, 2);
	diag_list_done(&d);

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	CHECK_EQ(system(cmd), 0);
}

static void test_wanted(void)
{
	/* No URL and no wired link: nothing to ask; a wired link alone is enough (the lease may name a config). */
	CHECK(!net_source_wanted(NULL, NULL, NULL, 0));
	CHECK(!net_source_wanted("", NULL, NULL, 0));
	CHECK(net_source_wanted("", NULL, NULL, 2));
	CHECK(net_source_wanted("http://x/", NULL, NULL, 0));
	CHECK(net_source_wanted("http://x/", "eth0", NULL, 1));
	CHECK(!net_source_wanted("http://x/", "off", NULL, 1));
}

static const struct test tests[] = {
	TEST(url_list),
	TEST(plan),
	TEST(links_pick),
	TEST(wanted),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
