// SPDX-License-Identifier: GPL-2.0-or-later
#include "init/mounts.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

struct early_mount {
	const char *source, *target, *type, *data;
	unsigned long flags;
	bool required;
	const char *only_if; /* mount only when this path exists */
};

static const struct early_mount early_mount_table[] = {
	{ "devtmpfs", "/dev", "devtmpfs", "mode=0755", MS_NOSUID, true, NULL },
	{ "proc", "/proc", "proc", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC, true, NULL },
	{ "sysfs", "/sys", "sysfs", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC, true, NULL },
	{ "tmpfs", "/run", "tmpfs", "mode=0755", MS_NOSUID | MS_NODEV, true, NULL },
	{ "devpts", "/dev/pts", "devpts", "mode=0620,ptmxmode=0666", MS_NOSUID | MS_NOEXEC, false, NULL },
	{ "securityfs", "/sys/kernel/security", "securityfs", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC, false,
	  "/sys/kernel/security" },
	{ "efivarfs", "/sys/firmware/efi/efivars", "efivarfs", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC, false,
	  "/sys/firmware/efi/efivars" },
};

int early_mounts(struct diag_list *log)
{
	int first_err = 0;

	for (size_t i = 0; i < sizeof(early_mount_table) / sizeof(early_mount_table[0]); i++) {
		const struct early_mount *m = &early_mount_table[i];
		struct stat st;

		if (m->only_if && stat(m->only_if, &st) < 0)
			continue;
		(void)mkdir(m->target, 0755);
		if (mount(m->source, m->target, m->type, m->flags, m->data) == 0 || errno == EBUSY)
			continue;
		if (!m->required)
			continue;
		(void)diag_note(log, "mount %s on %s: %s", m->type, m->target, strerror(errno));
		if (!first_err)
			first_err = -errno;
	}
	return first_err;
}
