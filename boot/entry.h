/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The boot-entry model: struct boot_entry is the currency every parser
 * produces, the menu shows and the loader resolves. struct boot_set owns a
 * list of entries plus the default and timeout the configs asked for.
 *
 * Ownership: every char * in these structs is owned by the struct holding
 * it; boot_entry_free() and boot_set_free() free everything and accept NULL.
 */
#ifndef KEXBOOT_BOOT_ENTRY_H
#define KEXBOOT_BOOT_ENTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/strbuf.h"

struct dns_config;

enum boot_source {
	BOOT_SOURCE_GRUB,
	BOOT_SOURCE_BLS,
	BOOT_SOURCE_UKI,
	BOOT_SOURCE_SYSLINUX,
	BOOT_SOURCE_IPXE,
	BOOT_SOURCE_URL,
	_BOOT_SOURCE_MAX,
};

enum boot_state {
	BOOT_ENTRY_OK,
	BOOT_ENTRY_BROKEN, /* shown with reason, never booted */
};

/* Where a kernel, initrd or devicetree lives. Either device+path or url. */
struct boot_ref {
	char *device;  /* "UUID=...", "LABEL=...", "PARTUUID=...", "/dev/vda2", "root" */
	char *path;    /* absolute path on that device */
	char *url;     /* http://, https://, tftp://, file:// instead of device+path */
	char *section; /* PE section inside path (".linux", ".initrd", ".ucode") or NULL */
};

struct boot_entry {
	char *id;      /* stable across boots: "<source>:<device>:<path or title>" */
	char *title;   /* what the menu shows; submenu path joined with '>' */
	enum boot_source source;
	char *origin;  /* "UUID=...:/boot/grub/grub.cfg:42" or a URL, for diagnostics */
	struct boot_ref kernel;
	struct boot_ref *initrds; /* all of them, in order */
	size_t n_initrds;
	char *cmdline;
	struct boot_ref devicetree; /* unset when all fields are NULL */
	/*
	 * The signature file (boot/trust/manifest.h) the config names: BLS
	 * `kexboot-sig PATH`, iPXE `imgverify KERNEL URL`. Unset: the fetch
	 * stage looks for <kernel>.kexboot-sig beside the kernel.
	 */
	struct boot_ref signature;
	enum boot_state state;
	char *reason;  /* why it is broken; NULL when ok */
	char *sort_key; /* BLS sort-key or NULL; used by the BLS ordering */
	char *version;  /* BLS/UKI version or NULL */
	char *machine_id; /* BLS machine-id or NULL */
	/*
	 * Owned, or NULL: the name servers the network source that made the
	 * entry learnt (boot/net/dns.h), for host names in its URLs. It
	 * travels with the entry so the fetch stage never asks the source.
	 */
	struct dns_config *dns;
};

struct boot_set {
	struct boot_entry **entries; /* owned, in menu order */
	size_t n_entries;
	char *default_id; /* entry id, or NULL for "the first" */
	int timeout;      /* seconds; -1 wait forever; BOOT_TIMEOUT_UNSET if no config said */
};

#define BOOT_TIMEOUT_UNSET (-2)
/* Initrds one entry may name; discovery marks an entry with more broken (boot/image.h loads as many). */
#define BOOT_ENTRY_MAX_INITRDS 64

const char *boot_source_to_string(enum boot_source s);

struct boot_entry *boot_entry_new(enum boot_source source);
void boot_entry_free(struct boot_entry *e);
void boot_ref_done(struct boot_ref *r);
int boot_ref_set(struct boot_ref *r, const char *device, const char *path);
int boot_ref_copy(struct boot_ref *dst, const struct boot_ref *src);
/* Appends a copy of ref to e->initrds. */
int boot_entry_add_initrd(struct boot_entry *e, const struct boot_ref *ref);
/* Replaces e->dns with a copy of dns (NULL: none). 0 or -ENOMEM. */
int boot_entry_set_dns(struct boot_entry *e, const struct dns_config *dns);
/* Marks the entry broken; reason is printf-style. */
int boot_entry_set_broken(struct boot_entry *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
struct boot_entry *boot_entry_dup(const struct boot_entry *e);

void boot_set_init(struct boot_set *set);
void boot_set_done(struct boot_set *set);
/* Takes ownership of e on success. */
int boot_set_add(struct boot_set *set, struct boot_entry *e);
const struct boot_entry *boot_set_find(const struct boot_set *set, const char *id);
/* Index of the default entry (0 when unset or not found). */
size_t boot_set_default_index(const struct boot_set *set);

/* The documented `kexboot list --json` shape (README). */
int boot_set_to_json(const struct boot_set *set, struct strbuf *out);
int boot_ref_to_json(const struct boot_ref *r, struct strbuf *out);

/* Replaces *dst with a copy of src (NULL allowed). */
int str_set(char **dst, const char *src);

#endif
