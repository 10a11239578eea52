/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel modules PID 1 loads from the initramfs: names from a list file,
 * dependency order from modules.dep, each load remembered (in order) so the
 * quiesce step can find what kexboot brought up.
 *
 * The modules.dep parsing and ordering are pure; only modules_load() talks
 * to the kernel, through loader/sys.h.
 */
#ifndef KEXBOOT_INIT_MODULES_H
#define KEXBOOT_INIT_MODULES_H

#include <stddef.h>

#include "lib/diag.h"
#include "lib/strbuf.h"

#define MODULES_DEP_MAX (8u << 20) /* bytes of modules.dep we are willing to read */
#define MODULES_MAX_DEPTH 32       /* dependency chain limit (loops are refused) */

struct module_info {
	char *name;  /* normalised: basename without .ko*, '-' -> '_' */
	char *path;  /* relative to the modules dir, as in modules.dep */
	char **deps; /* paths, as listed (the last one is the deepest) */
	size_t n_deps;
};

struct module_db {
	struct module_info *mods; /* owned */
	size_t n;
};

/* "kernel/fs/ext4/ext4.ko.xz" or "nls-cp437" -> "ext4" / "nls_cp437" (new string). */
char *module_name_normalise(const char *path_or_name);

int module_db_parse(struct module_db *db, const char *text);
void module_db_done(struct module_db *db);
const struct module_info *module_db_find(const struct module_db *db, const char *name);

/*
 * Appends to *paths (a strbuf of NUL-free lines, one path per line) the
 * paths to load for the given names, dependencies first, each once. Names
 * that are not in the db are reported in complaints and skipped (a module
 * built into the kernel is not an error worth stopping for).
 */
int module_db_order(const struct module_db *db, const char *const *names, size_t n_names,
		    struct strbuf *paths, struct diag_list *complaints);

/*
 * Loads each path (lines of order) from moddir through the module call in loader/sys.h, passing
 * MODULE_INIT_COMPRESSED_FILE for .ko.xz/.ko.zst/.ko.gz. A module that is
 * already loaded is fine. Appends each module it loaded to *loaded, one name
 * a line; reports failures in *log and carries on. Returns the number loaded.
 */
int modules_load(const char *moddir, const char *order, struct strbuf *loaded, struct diag_list *log);

#endif
