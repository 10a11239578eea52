/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * memavail: how much memory a download may still take, from the kernel's
 * MemAvailable (/proc/meminfo under a root prefix), so that a size known up
 * front is refused before any byte is fetched. meminfo_available() is the
 * pure parser.
 */
#ifndef KEXBOOT_BOOT_FETCH_MEMAVAIL_H
#define KEXBOOT_BOOT_FETCH_MEMAVAIL_H

#include <stddef.h>
#include <stdint.h>

#define MEMINFO_MAX 65536 /* bytes of /proc/meminfo read */

/* MemAvailable in bytes from meminfo's text; -ENOENT when no well-formed line holds it. */
int meminfo_available(const char *text, size_t n, uint64_t *ret_bytes);

/* The same from root/proc/meminfo (root NULL or "": the running system). */
int mem_available(const char *root, uint64_t *ret_bytes);

#endif
