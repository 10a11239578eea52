// SPDX-License-Identifier: GPL-2.0-or-later
/* Host builds have no libblkid/libmount: only `kexboot list --root` works. */
#include "boot/list.h"

#include <errno.h>

int list_scan_devices(struct boot_set *set, struct diag_list *diags)
{
	(void)set;
	return diag_fail(diags, EOPNOTSUPP, "this build cannot scan devices; --root DIR lists a directory tree");
}
