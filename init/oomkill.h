/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * oomkill: did the kernel's out-of-memory killer end the pipeline child?
 * The kernel counts its kills in /proc/vmstat ("oom_kill N", since 4.13);
 * PID 1 reads the count before it starts the child and after the child
 * died of SIGKILL that PID 1 did not send. A count that went up means the
 * kernel ran out of memory meanwhile and, the child being the one that
 * died, chose it (PID 1 itself is never chosen). The parser and the
 * decision are pure; the read takes a root prefix.
 */
#ifndef KEXBOOT_INIT_OOMKILL_H
#define KEXBOOT_INIT_OOMKILL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VMSTAT_MAX 65536 /* bytes of /proc/vmstat read */

/* The "oom_kill N" count of vmstat's text; -ENOENT when no well-formed line holds it. */
int vmstat_oom_kills(const char *text, size_t n, uint64_t *ret);

/* The same from root/proc/vmstat (root NULL or "": the running system). */
int oom_kills_read(const char *root, uint64_t *ret);

/*
 * Whether a child that ended with wstatus was the OOM killer's: killed by
 * SIGKILL not sent by PID 1 (by_pid1 false), while the count went from
 * before to after (both read: known false means unknown, never a yes).
 */
bool oomkill_ended_child(int wstatus, bool by_pid1, bool known, uint64_t before, uint64_t after);

#endif
