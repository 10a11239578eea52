/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inherit: the state the running kernel switched on that the next kernel
 * inherits through kexec and cannot switch off again, set against what
 * the target's build configuration says it can take.
 *
 * Some CPU and platform state has no way back short of a reset: once HWP
 * is enabled (IA32_PM_ENABLE) it stays on; a CPU in x2APIC mode cannot go
 * back to xAPIC without disabling its APIC; DMA remapping stays on until a
 * driver turns it off; memory encryption and 5-level paging shape the page
 * tables the next kernel is entered with; lockdown decides which loads
 * are allowed at all. A target built without support for one of these
 * boots into a machine it does not understand (the kexec issues list: a
 * boot kernel with intel_pstate on and a target with it off leaves the
 * driver half-enabled).
 *
 *   struct running_features   what is on, read by machine_state_read()
 *                             (loader/machine_features.c) under a root prefix
 *   inherit_compare()         pure: features + the target's kernel config
 *                             text -> one item per inherited feature, with
 *                             whether the target supports it
 *   inherit_report_json()     the "inherited" list of --dry-run JSON
 *
 * Ownership: everything is fixed-size and owned by the caller's structs.
 */
#ifndef KEXBOOT_LOADER_INHERIT_H
#define KEXBOOT_LOADER_INHERIT_H

#include "lib/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

enum inherit_feature {
	INHERIT_HWP,         /* intel_pstate enabled hardware P-states */
	INHERIT_X2APIC,      /* the local APICs run in x2APIC mode */
	INHERIT_IOMMU,       /* an IOMMU remaps DMA (Intel VT-d or AMD-Vi) */
	INHERIT_MEM_ENCRYPT, /* SME / SEV / TDX memory encryption is active */
	INHERIT_LA57,        /* 5-level paging */
	INHERIT_LOCKDOWN,    /* the kernel is locked down */
	INHERIT_NR,
};

struct running_features {
	bool on[INHERIT_NR];
	char detail[INHERIT_NR][64]; /* "intel" / "amd", "AMD SME", "integrity", ... */
};

enum inherit_support {
	INHERIT_SUPPORTED,
	INHERIT_UNSUPPORTED,
	INHERIT_UNKNOWN, /* no target configuration to judge by */
};

struct inherit_item {
	enum inherit_feature feature;
	enum inherit_support support;
	char what[96];  /* "x2APIC mode", "DMA remapping (intel IOMMU)" */
	char basis[128]; /* "CONFIG_X86_X2APIC=y", "# CONFIG_X86_5LEVEL is not set" */
};

struct inherit_report {
	struct inherit_item items[INHERIT_NR];
	size_t n;
	bool have_config; /* a target configuration was given */
};

/* "hwp", "x2apic", ...: the JSON names. */
const char *inherit_feature_name(enum inherit_feature f);
const char *inherit_support_name(enum inherit_support s);

/*
 * The value of SYM ("CONFIG_X86_X2APIC") in kernel config text: "y", "m",
 * a string's contents, "n" for "# SYM is not set", or NULL when the file
 * does not mention it. The value is copied into buf (size bytes).
 */
const char *kconfig_value(const char *text, size_t len, const char *sym, char *buf, size_t size);

/*
 * Fills out with one item per feature that is on. config may be NULL (no
 * configuration found: every item is INHERIT_UNKNOWN).
 */
void inherit_compare(const struct running_features *rf, const char *config, size_t config_len,
		     struct inherit_report *out);

/*
 * Where a distribution keeps the configuration beside a kernel at
 * kernel_path: "<dir>/config-<ver>" for "<dir>/vmlinuz-<ver>" (Debian's and
 * Fedora's /boot), then "<dir>/config". Writes up to 2 candidate paths;
 * returns how many.
 */
size_t inherit_config_candidates(const char *kernel_path, char out[2][4096]);

/* One line for a console: "inherited: x2APIC mode; the target supports it (CONFIG_X86_X2APIC=y)". */
void inherit_item_describe(const struct inherit_item *it, char *buf, size_t size);

/* Appends the JSON array [{"feature":..,"what":..,"support":..,"basis":..}, ...]. */
int inherit_report_json(const struct inherit_report *r, struct strbuf *out);

#endif
