// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the input is /boot/grub/grubenv, read by GRUB's load_env
 * (boot/grub/files.c) from a fixed grub.cfg that loads it whole and by name,
 * then uses what it set (default, kernel options, a BLS entry's $kernelopts).
 */
#include "boot/grub/grub.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char cfg[] =
	"load_env\n"
	"load_env -f ${prefix}/grubenv saved_entry next_entry kernelopts\n"
	"load_env --file=/boot/grub/grubenv --skip-sig boot_once\n"
	"if [ \"${next_entry}\" ] ; then\n"
	"  set default=\"${next_entry}\"\n"
	"  set next_entry=\n"
	"else\n"
	"  set default=\"${saved_entry}\"\n"
	"fi\n"
	"menuentry \"A $menu_title\" --id a {\n"
	"  linux /vmlinuz $kernelopts $extra_cmdline\n"
	"  initrd $initrd_list\n"
	"}\n"
	"submenu 'More' { menuentry 'B' { linux /vmlinuz ${boot_once} } }\n"
	"blscfg\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char bls[] = "title A\nlinux /vmlinuz\noptions $kernelopts\n";
	struct fsa_mem_file f[] = {
		{ "/boot/grub/grub.cfg", cfg, sizeof(cfg) - 1 },
		{ "/boot/grub/grubenv", data, size },
		{ "/loader/entries/a-1.conf", bls, sizeof(bls) - 1 },
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
