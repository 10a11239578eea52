/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * archive: is an initrd whole? Pure (bytes in, a reason out). The file is
 * walked the way the kernel's initramfs unpacker walks it: zero bytes are
 * padding; a newc cpio ("070701"/"070702") runs to its TRAILER!!!; a
 * compressed member runs to its stream's end, and the next member starts
 * after it. What each member must have:
 *
 *   newc cpio  every header and name inside the file, every file's data
 *              inside the file, and a TRAILER!!! entry (without one the
 *              archive was cut short)
 *   gzip       a deflate stream that ends, with its CRC-32 and ISIZE
 *              trailer (inflated into a scratch buffer and thrown away)
 *   zstd       every frame's blocks and checksum inside the file (the
 *              block headers are walked; nothing is decompressed)
 *   xz         a stream footer at the end of the file matching the
 *              header, whose backward size points at an index; when it
 *              does not, the stream is decoded to see where it ends
 *
 * Other formats (bzip2, lzma, lzo, lz4, anything unknown) end the walk:
 * they are the target kernel's to judge. A member that is cut short or
 * broken fails with -EBADMSG and a reason naming the file and the byte:
 * "k/initrd.img: gzip stream at byte 0 ends early (the file has 1048576
 * bytes; truncated?)".
 */
#ifndef KEXBOOT_BOOT_COMPOSE_ARCHIVE_H
#define KEXBOOT_BOOT_COMPOSE_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/diag.h"

/* Longest name a newc header may give (the kernel's PATH_MAX). */
#define ARCHIVE_NAME_MAX 4096

/* 0 when every member the walk knows is whole, -EBADMSG with why->reason otherwise. */
int initrd_archive_check(const uint8_t *data, size_t size, const char *name, struct diag_list *why);

#endif
