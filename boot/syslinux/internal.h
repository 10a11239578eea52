/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The syslinux parser's pieces, shared by the files of boot/syslinux/ only:
 * syslinux.c (lines, files, labels, entries) and menu.c (the menu system's
 * submenus and the set's default). boot/syslinux/syslinux.h is the interface.
 */
#ifndef KEXBOOT_BOOT_SYSLINUX_INTERNAL_H
#define KEXBOOT_BOOT_SYSLINUX_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "boot/syslinux/syslinux.h"

/* One LABEL and what followed it; every string owned. */
struct slabel {
	char *label, *title, *kernel, *append, *initrd, *fdt;
	bool localboot, have_append;
	const char *nav;        /* "MENU EXIT", "MENU GOTO", ...: moves in the menu, boots nothing */
	const char *other_kind; /* COM32, BOOT, ... : not Linux */
	int sub;                /* the submenu holding it (index in sstate.subs), -1 at the top */
	char *origin;
};

/* One MENU BEGIN ... MENU END block (or a tagged INCLUDE); strings owned. */
struct ssub {
	char *label;  /* MENU LABEL before the block's first LABEL */
	char *title;  /* MENU TITLE inside the block */
	char *tag;    /* MENU BEGIN's tag, or NULL */
	int parent;   /* -1: the top menu */
};

/* One parse (syslinux_parse_source): what the files said so far; owns labels, subs and strings. */
struct sstate {
	const struct source_ctx *src;
	struct diag_list *diags;
	char *cfgdir;          /* directory of the top config: relative paths start here */
	char *prefix;          /* "/boot" for /boot/extlinux/..., U-Boot's bootfile prefix */
	struct slabel *labels; /* owned */
	size_t n;
	char *global_append;
	char *deflt, *menu_default, *ontimeout;
	int timeout;           /* BOOT_TIMEOUT_UNSET until TIMEOUT */
	struct ssub *subs;     /* owned, every submenu met, in order */
	size_t n_subs;
	int open[SYSLINUX_MAX_MENU_DEPTH]; /* the submenus being read, innermost last */
	unsigned n_open;
	bool in_label;         /* directives go to the last LABEL (false after MENU BEGIN/END) */
	bool sub_said;         /* a submenu bound was diagnosed */
	char *stack[SYSLINUX_MAX_INCLUDE_DEPTH + 1]; /* files being read; borrowed */
	int top_err;           /* reading the top config failed: -ENOENT from a URL source */
	bool deep_said, loop_said; /* diagnosed once: an include bomb would flood the list */
	int err;
};

/* menu.c */
void ssub_done(struct ssub *m);
/* MENU BEGIN [tag] (or a tagged INCLUDE): the labels up to the matching MENU END belong to a new submenu. */
void ssub_begin(struct sstate *s, const char *tag, const char *file, unsigned line);
/* MENU END. */
void ssub_end(struct sstate *s, const char *file, unsigned line);
/* The innermost open submenu while no LABEL is being read (MENU LABEL names it), or NULL. */
struct ssub *ssub_naming(struct sstate *s);
/* The label's title behind the titles of the submenus holding it: "Tools>Memtest". */
int ssub_title(const struct sstate *s, const struct slabel *l, char **ret);
/*
 * Sets out->default_id: the first of ONTIMEOUT (when a timeout runs), the
 * top menu's MENU DEFAULT, DEFAULT that names a label whose entry was made
 * (made[i]: the entry index of label i, -1 for none); else leaves it.
 */
int ssub_default(const struct sstate *s, const int *made, struct boot_set *out);

#endif
