// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a killed pipeline left mounted: the mount points under the scan
 * directory, read from mountinfo text (never unmounted here: only the
 * guest's PID 1 does that).
 */
#include "init/sweep.h"
#include "lib/cleanup.h"
#include "tests/unit/harness.h"

#include <stdlib.h>

static const char mountinfo[] =
	"22 1 0:20 / /run rw,nosuid,nodev - tmpfs tmpfs rw,mode=755\n"
	"30 22 0:25 / /run/kexboot/mnt rw - tmpfs tmpfs rw\n"
	"31 22 253:0 / /run/kexboot/mnt/vda1 ro,relatime - vfat /dev/vda1 ro\n"
	"32 22 253:2 / /run/kexboot/mnt/vda2 ro,relatime - ext4 /dev/vda2 ro,noload\n"
	"33 22 253:3 / /run/kexboot/mntother ro - ext4 /dev/vdb ro\n"
	"34 22 253:4 / /run/kexboot/mnt/my\\040disk ro - ext4 /dev/vdc ro\n"
	"35 22 253:5 /sub /run/kexboot/mnt/vda2/nested ro - ext4 /dev/vdd ro\n"
	"garbage line\n"
	"36 22 0:30 / /run/kexboot/mnt/last ro - tmpfs tmpfs ro";

static void test_mounts_under_dir(void)
{
	char **v = NULL;
	size_t n = 0;

	CHECK_EQ(sweep_mountinfo_under(mountinfo, "/run/kexboot/mnt", &v, &n), 0);
	CHECK_EQ(n, 5);
	if (n == 5) {
		CHECK_STREQ(v[0], "/run/kexboot/mnt/vda1");
		CHECK_STREQ(v[1], "/run/kexboot/mnt/vda2");
		CHECK_STREQ(v[2], "/run/kexboot/mnt/my disk"); /* \040 decoded */
		CHECK_STREQ(v[3], "/run/kexboot/mnt/vda2/nested");
		CHECK_STREQ(v[4], "/run/kexboot/mnt/last");   /* no newline at the end */
	}
	sweep_free(v, n);
}

static void test_nothing_under_dir(void)
{
	char **v = NULL;
	size_t n = 7;

	CHECK_EQ(sweep_mountinfo_under(mountinfo, "/mnt", &v, &n), 0);
	CHECK_EQ(n, 0);
	sweep_free(v, n);
	CHECK_EQ(sweep_mountinfo_under("", "/run/kexboot/mnt", &v, &n), 0);
	CHECK_EQ(n, 0);
	sweep_free(v, n);
}

static const struct test tests[] = {
	TEST(mounts_under_dir),
	TEST(nothing_under_dir),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
