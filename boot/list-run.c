// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/list-run.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkdir -p with mode 0700 for what it makes. */
static int list_run_mkdirs(const char *path)
{
	char buf[PATH_MAX];
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1;; p++) {
		bool end = *p == '\0';

		if (*p != '/' && !end)
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) < 0 && errno != EEXIST)
			return -errno;
		if (end)
			break;
		*p = '/';
	}
	return 0;
}

int list_run_prepare(const struct list_run_env *env, struct list_run *ret, struct diag_list *diags)
{
	char *blockdir = NULL, *tmp = NULL;
	struct stat st;
	int r;

	memset(ret, 0, sizeof(*ret));
	if (asprintf(&blockdir, "%s/class/block", env->sys_root) < 0)
		return -ENOMEM;
	r = stat(blockdir, &st) < 0 ? -errno : S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
	if (r < 0) {
		r = diag_fail(diags, -r, "cannot scan devices: %s: %s (is sysfs mounted? --root DIR lists a directory tree)",
			      blockdir, strerror(-r));
		free(blockdir);
		return r;
	}
	free(blockdir);
	if (env->need_root && geteuid() != 0)
		return diag_fail(diags, EPERM, "cannot scan devices: mounting them read-only needs root "
					       "(--root DIR lists a directory tree without)");
	if (list_run_mkdirs(env->run_dir) == 0) {
		ret->dir = strdup(env->run_dir);
		return ret->dir ? 0 : -ENOMEM;
	}
	/* A rescue system without a writable /run: a private directory of our own. */
	if (asprintf(&tmp, "%s/%s", env->tmp_base, LIST_TMP_TEMPLATE) < 0)
		return -ENOMEM;
	if (!mkdtemp(tmp)) {
		r = -errno;
		diag_fail(diags, -r, "cannot make a directory for mount points: %s or %s: %s", env->run_dir, tmp,
			  strerror(-r));
		free(tmp);
		return r;
	}
	ret->dir = tmp;
	ret->temp = true;
	return 0;
}

void list_run_done(struct list_run *run)
{
	if (run->dir && run->temp)
		rmdir(run->dir);
	free(run->dir);
	memset(run, 0, sizeof(*run));
}

int list_exit_status(size_t n_entries, const struct diag_list *diags)
{
	return n_entries == 0 && (diags->n || diags->n_dropped) ? 1 : 0;
}
