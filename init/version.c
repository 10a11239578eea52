// SPDX-License-Identifier: GPL-2.0-or-later
/* `kexboot --version`: kexboot's version and each statically linked library's. */
#include "init/commands.h"

#include <blkid/blkid.h>
#include <libmount/libmount.h>
#include <openssl/crypto.h>
#include <zlib.h>
#include <lzma.h>
#include <zstd.h>

#include <stdio.h>

#ifndef ELFUTILS_VERSION
#error "ELFUTILS_VERSION comes from the dependency build (build/deps.mk)"
#endif

int cmd_version(int argc, char **argv)
{
	const char *blkid_ver = NULL, *blkid_date = NULL, *mnt_ver = NULL;

	(void)argc;
	(void)argv;
	blkid_get_library_version(&blkid_ver, &blkid_date);
	mnt_get_library_version(&mnt_ver);
	printf("kexboot %s\n", KEXBOOT_VERSION);
	printf("  libblkid %s\n", blkid_ver);
	printf("  libmount %s\n", mnt_ver);
	printf("  libelf (elfutils) %s\n", ELFUTILS_VERSION);
	printf("  libzstd %s\n", ZSTD_versionString());
	printf("  liblzma %s\n", lzma_version_string());
	printf("  zlib %s\n", zlibVersion());
	printf("  %s\n", OpenSSL_version(OPENSSL_VERSION));
	return 0;
}
