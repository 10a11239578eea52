// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The one "number in a sysfs file" reader, for loader/machine.c and
 * loader/machine_efi.c (its own file so neither calls the other back).
 */
#include "loader/internal.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

int sysfs_u64_read(const char *root, const char *rel, int base, uint64_t *ret,
		   struct diag_list *err)
{
	_cleanup_free_ char *path = path_join(root, rel);
	_cleanup_free_ char *s = NULL;
	char *end;
	int r;

	if (!path)
		return diag_fail(err, ENOMEM, "out of memory");
	r = file_read_at(AT_FDCWD, path, 64, &s, NULL);
	if (r == -ENOENT)
		return r;
	if (r < 0)
		return diag_fail(err, -r, "%s: %s", rel + 1, strerror(-r));
	errno = 0;
	*ret = strtoull(s, &end, base);
	if (errno || end == s || (*end && strcmp(end, "\n")) || s[0] == '-') {
		s[strcspn(s, "\n")] = '\0';
		return diag_fail(err, EINVAL, "%s: not a number: '%.32s'", rel + 1, s);
	}
	return 0;
}
