/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A boot_set built from static strings for the menu tests (no boot/ code linked). */
#ifndef KEXBOOT_TESTS_MENU_FIXTURE_H
#define KEXBOOT_TESTS_MENU_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "boot/entry.h"

#define FIX_MAX 64

struct fixture {
	struct boot_entry e[FIX_MAX];
	struct boot_entry *p[FIX_MAX];
	char ids[FIX_MAX][32];
	char titles[FIX_MAX][48];
	struct boot_set set;
};

/* n entries "Entry 1".."Entry n", ids "test:e1".., kernel UUID=1234-ABCD:/vmlinuz-N. */
static inline void fixture_init(struct fixture *f, size_t n)
{
	static char dev[] = "UUID=1234-ABCD", path[] = "/vmlinuz", cmd[] = "root=/dev/vda1 ro",
		    origin[] = "UUID=1234-ABCD:/boot/grub/grub.cfg:42";

	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < n && i < FIX_MAX; i++) {
		snprintf(f->ids[i], sizeof(f->ids[i]), "test:e%zu", i + 1);
		snprintf(f->titles[i], sizeof(f->titles[i]), "Entry %zu", i + 1);
		f->e[i].id = f->ids[i];
		f->e[i].title = f->titles[i];
		f->e[i].origin = origin;
		f->e[i].kernel.device = dev;
		f->e[i].kernel.path = path;
		f->e[i].cmdline = cmd;
		f->e[i].state = BOOT_ENTRY_OK;
		f->p[i] = &f->e[i];
	}
	f->set.entries = f->p;
	f->set.n_entries = n;
	f->set.timeout = BOOT_TIMEOUT_UNSET;
}

static inline void fixture_break(struct fixture *f, size_t i, char *reason)
{
	f->e[i].state = BOOT_ENTRY_BROKEN;
	f->e[i].reason = reason;
}

#endif
