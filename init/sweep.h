/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sweep: what a pipeline child that PID 1 killed leaves mounted under
 * kexboot's run directory (its volumes, mounted read-only). The child
 * undoes its own mounts when it ends normally; a killed one cannot, and the
 * next run would mount the same devices on top. PID 1 lazily unmounts them.
 * Reading /proc/self/mountinfo is pure and tested; the unmount runs only in
 * the guest.
 */
#ifndef KEXBOOT_INIT_SWEEP_H
#define KEXBOOT_INIT_SWEEP_H

#include <stddef.h>

#include "lib/diag.h"

#define SWEEP_MAX_MOUNTS 256 /* mount points taken from one mountinfo */

/*
 * The mount points of mountinfo text (field 5, octal escapes decoded) that
 * are under dir (dir itself excluded), in the order they appear; a new
 * array of new strings, freed with sweep_free.
 */
int sweep_mountinfo_under(const char *text, const char *dir, char ***ret, size_t *ret_n);
void sweep_free(char **v, size_t n);

/*
 * Unmounts (lazily) everything mounted under dir, newest first, as
 * /proc/self/mountinfo lists it. Returns how many, or a negative errno;
 * failures are noted in diags.
 */
int sweep_mounts(const char *dir, struct diag_list *diags);

#endif
