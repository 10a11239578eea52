/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the test-only guest tools (tests/qemu/tools/kexec-hold.c,
 * memsqueeze.c) share: their lines to the kernel log and small reads of
 * /proc files. They run inside QEMU guests only, never on the host.
 */
#ifndef KEXBOOT_TESTS_QEMU_TOOLS_GUEST_COMMON_H
#define KEXBOOT_TESTS_QEMU_TOOLS_GUEST_COMMON_H

#include <stddef.h>
#include <sys/types.h>

/*
 * One line "TAG: TEXT" (cut at 507 bytes) to the kernel log (/dev/kmsg at
 * level notice, so it shows on the serial console), where a test reads it
 * even after the shell that started the tool is gone. When the kernel log
 * does not take it and fallback_fd >= 0, the line goes to fallback_fd
 * instead; -1: it is lost.
 */
void guest_say(const char *tag, int fallback_fd, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* PATH's first size - 1 bytes, NUL-terminated in buf: how many, or -1 (cannot open, read error, empty). */
ssize_t guest_read_text(const char *path, char *buf, size_t size);

#endif
