/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The iPXE interpreter's pieces, shared by the files of boot/ipxe/ only:
 * ipxe.c (scripts, lines, the run loop, entries), cmds.c (the command
 * table), vars.c (settings and ${...} expansion). Not for other folders:
 * boot/ipxe/ipxe.h is the interface.
 */
#ifndef KEXBOOT_BOOT_IPXE_INTERNAL_H
#define KEXBOOT_BOOT_IPXE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "boot/ipxe/ipxe.h"

/* What a command, a line or a script ends with (negative: an errno). */
enum ipxe_status {
	IPXE_OK = 0,
	IPXE_FAIL = 1, /* the command failed: && skips, || runs, a line ending so ends its script */
	IPXE_STOP = 2, /* this path is over (booted, forked into a menu, a bound hit) */
	IPXE_EXIT = 3, /* `exit`: the current script ends */
	IPXE_JUMP = 4, /* `goto`: the frame's next line was moved */
};

/* One fetched script, split in place into lines (lines[i] is line i + 1). */
struct ipxe_script {
	char *url;
	char *text;
	char **lines;
	size_t n_lines;
};

struct ipxe_var {
	char *name;
	char *value; /* NULL: cleared, hides the source's and the built-in value */
};

struct ipxe_image {
	char *name; /* --name, or the URL's last segment */
	char *url;  /* resolved; NULL when no image */
	char *args; /* joined with spaces, or NULL */
	char *sig_url; /* `imgverify IMAGE URL`: its signature file, resolved; or NULL */
};

struct ipxe_item {
	char *label; /* NULL for a gap */
	char *text;
	bool is_default;
};

struct ipxe_choice {
	size_t script;
	size_t line;
};

/* A `chain` line a script was run from: where the path goes on when that script ends. */
struct ipxe_frame {
	size_t script;
	size_t line;   /* 0-based, the chain line */
	size_t seg;    /* the segment after the chain command */
	unsigned depth;
	bool replace;  /* `chain --replace`: the chaining script ends with the chained one */
};

/* One path through the scripts: everything a menu choice copies. */
struct ipxe_path {
	struct ipxe_var vars[IPXE_MAX_VARS];
	size_t n_vars;
	struct ipxe_image kernel;
	struct ipxe_image images[IPXE_MAX_IMAGES];
	size_t n_images;
	struct ipxe_item *items;
	size_t n_items;
	char *title;      /* the item texts chosen so far, '>'-joined; NULL outside a menu */
	char *id_script;  /* url of the script holding the innermost choose */
	char *id_label;   /* its chosen label */
	struct ipxe_choice chosen[IPXE_MAX_MENU_DEPTH]; /* chooses this path went through */
	size_t n_chosen;
	struct ipxe_frame frames[IPXE_MAX_CHAIN_DEPTH]; /* the chain lines around the running script, outermost first */
	size_t n_frames;
	unsigned jumps;
};

/* One parse. */
struct ipxe_run {
	const struct source_ctx *src;
	struct boot_set *out;
	struct diag_list *diags;
	struct ipxe_script scripts[IPXE_MAX_SCRIPTS];
	size_t n_scripts;
	unsigned steps;
	bool steps_said; /* the step bound was diagnosed once */
	size_t n_paths;  /* menu items followed */
	size_t n_made;   /* entries made, the index of unlabelled ids */
	int err;         /* -ENOMEM seen anywhere */
};

/* Where a command runs: the line it is on and the segment after it. */
struct ipxe_cmd {
	struct ipxe_run *run;
	struct ipxe_path *path;
	size_t script;  /* index in run->scripts */
	size_t line;    /* 0-based */
	size_t next_seg; /* the segment of this line after the command */
	size_t *next_line; /* the frame's next line: goto moves it */
	unsigned depth; /* chain depth */
	unsigned expansions; /* ${...} expanded for this command */
};

/* ipxe.c */
/* diag_add at the command's "<url>:<line>". */
void ipxe_cmd_diag(const struct ipxe_cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Runs script from line, starting at segment seg of that line with status in. */
int ipxe_exec(struct ipxe_run *run, struct ipxe_path *path, size_t script, size_t line, size_t seg,
	      int status_in, unsigned depth);
/*
 * A path that outlived the script it forked in (a menu item inside a chained
 * script): the script ended with status r; runs the rest of every chain line
 * around it, innermost first, as the chain commands would have. Returns the
 * status the outermost one ends with.
 */
int ipxe_path_return(struct ipxe_run *run, struct ipxe_path *path, int r);
/* Loads (or finds already loaded) the script at url: its index, -ENOENT/-EMEDIUMTYPE/-EFBIG/... */
int ipxe_script_load(struct ipxe_run *run, const char *url, struct diag_list *why);
/* Makes an entry of path's kernel and images; origin is the command's line. */
int ipxe_entry_make(const struct ipxe_cmd *c);
/* A deep copy of p, or NULL. */
struct ipxe_path *ipxe_path_copy(const struct ipxe_path *p);
void ipxe_path_free(struct ipxe_path *p);
void ipxe_image_done(struct ipxe_image *img);
void ipxe_items_clear(struct ipxe_path *p);

/* cmds.c: runs argv[0]; argv[i] are expanded already. */
int ipxe_cmd_run(struct ipxe_cmd *c, int argc, char **argv);

/* vars.c */
/* The value of a setting as ${name} shows it, or NULL when unset. */
const char *ipxe_var_get(const struct ipxe_run *run, const struct ipxe_path *path, const char *name);
/* Sets (value NULL: clears) name on the path. 0, -ENOSPC past IPXE_MAX_VARS, -ENOMEM. */
int ipxe_var_set(struct ipxe_path *path, const char *name, const char *value);
/*
 * in with every ${...} expanded, as a new string. Problems (an unsupported
 * type, an unclosed ${, too long) go to diags at c's line; -ENOMEM only.
 */
int ipxe_expand(struct ipxe_cmd *c, const char *in, char **ret);

#endif
