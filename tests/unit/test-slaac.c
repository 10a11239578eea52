// SPDX-License-Identifier: GPL-2.0-or-later
/* net_slaac_enable over a temporary /proc/sys tree. */
#include "boot/net/dhcp6.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

static char root[64];

static void put(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/proc/sys/net/ipv6/conf/eth0/%s", root, name);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static char *get(const char *name)
{
	char path[256], *text = NULL;

	snprintf(path, sizeof(path), "%s/proc/sys/net/ipv6/conf/eth0/%s", root, name);
	if (file_read_at(AT_FDCWD, path, 32, &text, NULL) < 0)
		return NULL;
	return text;
}

static void make_tree(void)
{
	char path[256];

	snprintf(root, sizeof(root), "/tmp/kxb-slaac-XXXXXX");
	CHECK(mkdtemp(root) != NULL);
	snprintf(path, sizeof(path), "mkdir -p %s/proc/sys/net/ipv6/conf/eth0", root);
	CHECK_EQ(system(path), 0);
}

static void drop_tree(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	CHECK_EQ(system(cmd), 0);
}

static void test_turns_on(void)
{
	_cleanup_free_ char *ra = NULL, *ac = NULL;
	unsigned changed = 99;

	make_tree();
	put("accept_ra", "0\n");
	put("autoconf", "0\n");
	CHECK_EQ(net_slaac_enable(root, "eth0", &changed, NULL), 0);
	CHECK_EQ(changed, 2);
	ra = get("accept_ra");
	ac = get("autoconf");
	CHECK_STREQ(ra, "1\n");
	CHECK_STREQ(ac, "1\n");
	/* already on: nothing written */
	CHECK_EQ(net_slaac_enable(root, "eth0", &changed, NULL), 0);
	CHECK_EQ(changed, 0);
	drop_tree();
}

static void test_keeps_two(void)
{
	_cleanup_free_ char *ra = NULL;
	unsigned changed = 99;

	make_tree();
	put("accept_ra", "2\n"); /* on even when forwarding: left alone */
	put("autoconf", "0\n");
	CHECK_EQ(net_slaac_enable(root, "eth0", &changed, NULL), 0);
	CHECK_EQ(changed, 1);
	ra = get("accept_ra");
	CHECK_STREQ(ra, "2\n");
	drop_tree();
}

static void test_missing(void)
{
	struct diag_list d;
	unsigned changed = 0;

	make_tree();
	diag_list_init(&d);
	CHECK_EQ(net_slaac_enable(root, "eth1", &changed, &d), -ENOENT);
	CHECK(strstr(d.reason, "conf/eth1/accept_ra") != NULL);
	CHECK_EQ(net_slaac_enable(root, "../eth0", &changed, &d), -EINVAL);
	CHECK_EQ(net_slaac_enable(root, "..", &changed, &d), -EINVAL);
	diag_list_done(&d);
	drop_tree();
}

static const struct test tests[] = { TEST(turns_on), TEST(keeps_two), TEST(missing) };

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
