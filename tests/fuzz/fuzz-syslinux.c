// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: the input is /syslinux/syslinux.cfg (and an INCLUDEd file). */
#include "boot/syslinux/syslinux.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fsa_mem_file f[] = {
		{ "/syslinux/syslinux.cfg", data, size },
		{ "/syslinux/inc.cfg", data, size },
		{ "/vmlinuz", "k", 1 },
	};
	struct fsaccess fs;
	struct boot_volume v = { .name = "root", .match_any = true, .fs = &fs };
	struct boot_set set;
	struct diag_list d;

	fsa_init_mem(&fs, f, sizeof(f) / sizeof(f[0]));
	boot_set_init(&set);
	diag_list_init(&d);
	syslinux_parse(&v, "/syslinux/syslinux.cfg", &set, &d);
	boot_set_done(&set);
	diag_list_done(&d);
	return 0;
}
