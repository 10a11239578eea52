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
#define KEXBOOT_SCAN_DIR KEXBOOT_RUN_DIR "/mnt" /* the boot pipeline's volume mounts */
#define KEXBOOT_CMDLINE_MAX 4096         /* bytes read from /proc/cmdline */
/*
 * How long PID 1 lets the boot pipeline spend in a stage before it kills it
 * (init/watchdog.h): generous, since a TCG guest or a slow USB stick is many
 * times slower than a real disk, but finite. The menu waiting for a key is
 * not a stage and has no bound.
 */
#define KEXBOOT_DEFAULT_DISCOVERY_LIMIT_S 60 /* looking for entries (first batch, or a rescan) */
#define KEXBOOT_DEFAULT_LOAD_LIMIT_S 120     /* fetch, verify, load, quiesce of the chosen entry */
#define KEXBOOT_DEFAULT_RETRY_S 30           /* the rescue prompt looks again after this; 0 never */
#define KEXBOOT_LIMIT_MAX_S (24 * 3600)      /* the largest bound or retry the command line may set */
/*
 * The verify stage's policy, fixed when the payload is built (never from the
 * payload's command line): 0 off, 1 warn, 2 enforce (boot/trust/trust.h).
 * Build with e.g. `make KEXBOOT_TRUST_POLICY=1`.
 */
#ifndef KEXBOOT_TRUST_POLICY
#define KEXBOOT_TRUST_POLICY 0
#endif
/*
 * What the verify stage trusts, also fixed at build time: the root
 * certificates (*.pem, put there by `make KEXBOOT_TRUST_ANCHORS="a.pem b.pem"`)
 * and how many distinct signers a manifest needs (`make
 * KEXBOOT_TRUST_THRESHOLD=2`). Under enforce the menu's editor and the rescue
 * shell ask for the password whose hash is in KEXBOOT_PASSWORD_FILE (`make
 * KEXBOOT_PASSWORD_HASH=FILE`, a line from `kexboot passwd-hash`); without
 * the file they stay locked.
 */
#define KEXBOOT_TRUST_DIR "/etc/kexboot/trust"
#ifndef KEXBOOT_TRUST_THRESHOLD
#define KEXBOOT_TRUST_THRESHOLD 1
#endif
#define KEXBOOT_PASSWORD_FILE "/etc/kexboot/password"
/*
 * Revoked hashes (boot/trust/dbx.h), put there by `make
 * KEXBOOT_TRUST_DBX=FILE`: a kernel or initrd listed there is refused
 * under enforce even when signed. No file: nothing is revoked.
 */
#define KEXBOOT_TRUST_DBX_PATH "/etc/kexboot/trust/dbx"

#endif
