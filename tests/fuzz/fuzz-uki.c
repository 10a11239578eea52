// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: the input is /EFI/Linux/x.efi. */
#include "boot/uki/uki.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fsa_mem_file f[] = { { "/EFI/Linux/x.efi", data, size } };
	struct fsaccess fs;
	struct boot_volume v = { .name = "root", .match_any = true, .fs = &fs };
	struct bls_list l = { 0 };
	struct diag_list d;

	fsa_init_mem(&fs, f, 1);
	diag_list_init(&d);
	uki_collect_dir(&v, "/EFI/Linux", &l, &d);
	bls_list_done(&l);
	diag_list_done(&d);
	return 0;
}
