// SPDX-License-Identifier: GPL-2.0-or-later
#include "init/sweep.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#define SWEEP_MOUNTINFO_MAX (4u << 20)

void sweep_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* Field 5 of one mountinfo line (len bytes at line) with \ooo escapes decoded; NULL when malformed. */
static char *mountinfo_target(const char *line, size_t len)
{
	const char *p = line, *end = line + len;
	char *out, *o;

	for (int field = 0; field < 4; field++) {
		while (p < end && *p != ' ')
			p++;
		if (p == end)
			return NULL;
		p++;
	}
	out = malloc(len + 1);
	if (!out)
		return NULL;
	for (o = out; p < end && *p != ' '; p++) {
		if (*p == '\\' && end - p >= 4 && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' &&
		    p[3] >= '0' && p[3] <= '7') {
			*o++ = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
			p += 3;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

int sweep_mountinfo_under(const char *text, const char *dir, char ***ret, size_t *ret_n)
{
	size_t dlen = strlen(dir), n = 0;
	char **v = calloc(SWEEP_MAX_MOUNTS, sizeof(*v));

	if (!v)
		return -ENOMEM;
	for (const char *line = text; *line && n < SWEEP_MAX_MOUNTS;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *t = mountinfo_target(line, len);

		if (t && strncmp(t, dir, dlen) == 0 && t[dlen] == '/' && t[dlen + 1])
			v[n++] = t;
		else
			free(t);
		line += len + (nl ? 1 : 0);
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

int sweep_mounts(const char *dir, struct diag_list *diags)
{
	_cleanup_free_ char *text = NULL;
	char **v = NULL;
	size_t n = 0;
	int r, done = 0;

	r = file_read_at(AT_FDCWD, "/proc/self/mountinfo", SWEEP_MOUNTINFO_MAX, &text, NULL);
	if (r < 0)
		return diag_fail(diags, -r, "/proc/self/mountinfo: %s", strerror(-r));
	r = sweep_mountinfo_under(text, dir, &v, &n);
	if (r < 0)
		return r;
	for (size_t i = n; i-- > 0;) {
		if (umount2(v[i], MNT_DETACH) == 0)
			done++;
		else
			(void)diag_note(diags, "unmount %s: %s", v[i], strerror(errno));
	}
	sweep_free(v, n);
	return done;
}
