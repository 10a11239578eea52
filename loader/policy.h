/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * policy: the pure decisions around the kernel seam (loader/sys.h): which
 * kexec interface a load must use, the interfaces' names, and plain words
 * for their errors. Pure: no files, no syscalls.
 */
#ifndef KEXBOOT_LOADER_POLICY_H
#define KEXBOOT_LOADER_POLICY_H

#include <stdbool.h>

struct machine_state;

/*
 * Which interface to use on the machine ms describes (loader/loader.h):
 * true (the file-based one) when its lockdown is anything but [none], or
 * when the running kernel was booted with UEFI Secure Boot enabled
 * (boot_params' secure_boot == 3: the IMA arch policy then enforces kexec
 * signatures). Sets *why to a static explanation.
 */
bool kexec_wants_file_load(const struct machine_state *ms, const char **why);

/* Plain words for a kexec errno from either interface. */
const char *kexec_strerror(int neg_errno, bool file_load);

/*
 * Plain words for the segment-list load refused with EPERM on a
 * locked-down kernel ("refused: the kernel is locked down (integrity):
 * ..."); NULL when ms shows no lockdown.
 */
const char *kexec_lockdown_refusal(const struct machine_state *ms);

/* The same for the file-based load refused with EPERM: locked down, and the image's signature did not verify. */
const char *kexec_lockdown_file_refusal(const struct machine_state *ms);

/* Why the file-based interface was tried after the segment-list load was refused (a static string). */
const char *kexec_fallback_why(void);

/* The interface's syscall name, for messages. */
const char *kexec_iface_name(bool file_load);

/*
 * The payload's trust policy (config/defaults.h: 0 off, 1 warn, 2 enforce)
 * over `kexboot kexec`, which runs neither the verify nor the measure stage
 * of the boot path (boot/trust/trust.h): a load (-l, -p) that is not a
 * --dry-run is refused under enforce, and said under warn. Returns the
 * words to print, or NULL when there is nothing to say; *ret_refuse is set
 * when the load must not happen. Unload (-u), exec (-e) and --dry-run stay.
 */
const char *kexec_cli_policy(int trust_policy, bool loads, bool dry_run, bool *ret_refuse);

#endif
