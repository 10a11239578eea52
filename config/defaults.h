/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kexboot's compiled-in defaults. Kernel command-line keys (kexboot.*) and
 * the boot configs found on disk override them (see config/settings.h).
 */
#ifndef KEXBOOT_CONFIG_DEFAULTS_H
#define KEXBOOT_CONFIG_DEFAULTS_H

#define KEXBOOT_DEFAULT_TIMEOUT_S 5      /* menu countdown when nothing says otherwise */
#define KEXBOOT_DEFAULT_SHELL 1          /* rescue shell offered */
#define KEXBOOT_DEFAULT_MENU 1           /* interactive menu */
#define KEXBOOT_DEFAULT_QUIESCE 1        /* unbind the devices kexboot used before the jump */
#define KEXBOOT_SHELL_PATH "/bin/sh"     /* BusyBox from Debian's busybox-static */
#define KEXBOOT_MODULES_LIST "/etc/kexboot/modules" /* one module name a line */
#define KEXBOOT_RUN_DIR "/run/kexboot"   /* mounts, ledger, pids */
#define KEXBOOT_CMDLINE_MAX 4096         /* bytes read from /proc/cmdline */

#endif
