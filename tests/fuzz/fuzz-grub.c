// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the input is /boot/grub/grub.cfg (it may source or
 * configfile itself) on a volume, then the same text as
 * http://10.0.2.100/boot/grub/grub.cfg read over a fake fetch (GRUB's
 * network devices, the server as a volume), which serves it as well at
 * http://10.0.2.101/grub/menu.cfg and tftp://10.0.2.2/grub.cfg (configfile,
 * source and probes on other servers) and a 100 KiB file at
 * http://10.0.2.100/big (a probe past GRUB_NET_PROBE_MAX).
 */
#include "boot/grub/grub.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const uint8_t *fuzz_data;
static size_t fuzz_size;

static int fuzz_fetch_text(const struct fetch_ctx *ctx, const char *url, size_t max, char **ret_text, size_t *ret_len,
			   struct diag_list *why)
{
	(void)ctx;
	if (strcmp(url, "http://10.0.2.100/big") == 0)
		return 100u * 1024 > max ? diag_fail(why, EFBIG, "%s: too large", url) : diag_fail(why, EIO, "%s: cut", url);
	if (strcmp(url, "http://10.0.2.100/boot/grub/grub.cfg") != 0 && strcmp(url, "http://10.0.2.101/grub/menu.cfg") != 0 &&
	    strcmp(url, "tftp://10.0.2.2/grub.cfg") != 0)
		return diag_fail(why, ENOENT, "%s: not found", url);
	if (fuzz_size > max)
		return -EFBIG;
	*ret_text = malloc(fuzz_size + 1);
	if (!*ret_text)
		return -ENOMEM;
	memcpy(*ret_text, fuzz_data, fuzz_size);
	(*ret_text)[fuzz_size] = '\0';
	if (ret_len)
		*ret_len = fuzz_size;
	return 0;
}

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

	{
		static const struct fetch_ctx none = { 0 };
		struct source_ctx ctx = source_url("http://10.0.2.100/boot/grub/", &none, fuzz_fetch_text);

		fuzz_data = data;
		fuzz_size = size;
		boot_set_init(&set);
		diag_list_init(&d);
		grub_parse_url(&ctx, "http://10.0.2.100/boot/grub/grub.cfg", &set, &d);
		boot_set_done(&set);
		diag_list_done(&d);
	}
	return 0;
}
