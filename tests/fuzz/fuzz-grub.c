// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: the input is /boot/grub/grub.cfg (it may source or configfile itself). */
#include "boot/grub/grub.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char env[] = "# GRUB Environment Block\nsaved_entry=1>0\nkernelopts=root=/dev/x\n";
	struct fsa_mem_file f[] = {
		{ "/boot/grub/grub.cfg", data, size },
		{ "/boot/grub/grubenv", env, sizeof(env) - 1 },
		{ "/loader/entries/a-1.conf", "title A\nlinux /vmlinuz\noptions $kernelopts\n", 42 },
		{ "/vmlinuz", "k", 1 },
	};
	struct fsaccess fs;
	struct boot_volume v = { .name = "root", .match_any = true, .fs = &fs };
	struct boot_volumes vs = { &v, 1 };
	struct boot_set set;
	struct diag_list d;

	fsa_init_mem(&fs, f, sizeof(f) / sizeof(f[0]));
	boot_set_init(&set);
	diag_list_init(&d);
	grub_parse(&vs, 0, "/boot/grub/grub.cfg", &set, &d);
	boot_set_done(&set);
	diag_list_done(&d);
	return 0;
}
