// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Runs under the nokexec wrapper (tests/run.sh sees to that): checks that the
 * dangerous syscalls really are refused, so no other test can take the host
 * down. Arguments are deliberately invalid, so even without the filter the
 * kernel would refuse them (EINVAL/EFAULT/EBADF), never act.
 */
#include "lib/cleanup.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

static long try(long nr, long a, long b, long c, long d)
{
	errno = 0;
	return syscall(nr, a, b, c, d) < 0 ? errno : 0;
}

static void test_dangerous_syscalls_refused(void)
{
	/* kexec_load with nr_segments beyond KEXEC_SEGMENT_MAX and bad flags */
	CHECK_EQ(try(__NR_kexec_load, 0, 100000, 0, 0x7fff0000), EPERM);
	CHECK_EQ(try(__NR_kexec_file_load, -1, -1, 0, 0), EPERM);
	/* reboot with wrong magic numbers */
	CHECK_EQ(try(__NR_reboot, 0, 0, 0, 0), EPERM);
	CHECK_EQ(try(__NR_finit_module, -1, 0, 0, 0), EPERM);
	CHECK_EQ(try(__NR_init_module, 0, 0, 0, 0), EPERM);
	CHECK_EQ(try(__NR_delete_module, 0, 0, 0, 0), EPERM);
}

static const struct test tests[] = {
	TEST(dangerous_syscalls_refused),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
