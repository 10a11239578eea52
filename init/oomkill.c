// SPDX-License-Identifier: GPL-2.0-or-later
#include "init/oomkill.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

int vmstat_oom_kills(const char *text, size_t n, uint64_t *ret)
{
	return text_field_u64(text, n, "oom_kill ", "", 19, ret);
}

int oom_kills_read(const char *root, uint64_t *ret)
{
	_cleanup_free_ char *path = path_join(root, "/proc/vmstat"), *text = NULL;
	size_t len = 0;
	int r;

	if (!path)
		return -ENOMEM;
	r = file_read_at(AT_FDCWD, path, VMSTAT_MAX, &text, &len);
	if (r < 0)
		return r;
	return vmstat_oom_kills(text, len, ret);
}

bool oomkill_ended_child(int wstatus, bool by_pid1, bool known, uint64_t before, uint64_t after)
{
	return known && !by_pid1 && WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGKILL && after > before;
}
