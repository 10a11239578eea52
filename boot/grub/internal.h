/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internals of the GRUB parser shared by its files:
 *   script.c  lexer + parser: text -> AST of commands (raw words kept)
 *   env.c     variables, word expansion (quotes, $var, field splitting)
 *   exec.c    the interpreter (state, paths, commands, functions, menuentry)
 *   builtins.c test/[, set/export, search, linux/initrd..., the builtin table
 *   files.c   source, configfile, load_env, blscfg
 *   menu.c    menu items -> boot entries, default, blscfg entries
 *   net.c     network devices: (http), (http,SERVER), (tftp,SERVER) -> URLs,
 *             and their files read or probed through the URL source's
 *             fetch_text (with what was asked kept per parse);
 *             grub.c reads a config behind a URL with its server as a volume
 */
#ifndef KEXBOOT_BOOT_GRUB_INTERNAL_H
#define KEXBOOT_BOOT_GRUB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "boot/grub/grub.h"

/*
 * realloc for appending item n (0-based) to an array that has no capacity
 * field: its capacity is the power of two at or above its count, so it
 * doubles when n is a power of two and is returned as it is otherwise.
 * Growing by one slot at a time copied O(n^2) bytes: a block of 20,000
 * commands spent seconds in memmove and held gigabytes on the way.
 */
static inline void *ggrow(void *ptr, size_t n, size_t size)
{
	size_t cap = n == 0 ? 1 : (n & (n - 1)) == 0 ? 2 * n : 0;

	if (!cap)
		return ptr;
	if (cap > SIZE_MAX / size)
		return NULL;
	return realloc(ptr, cap * size);
}

enum gnode_kind {
	GN_CMD,
	GN_IF,
	GN_MENUENTRY,
	GN_SUBMENU,
	GN_FUNCTION,
	GN_BLOCK,
	GN_UNSUPPORTED, /* for/while/until: parsed, diagnosed when run */
};

struct gnode;

struct gblock {
	struct gnode **nodes; /* owned */
	size_t n;
};

struct gif_branch {
	struct gblock cond;
	struct gblock body;
};

struct gnode {
	enum gnode_kind kind;
	unsigned line;
	char **words;  /* raw words, quotes kept; owned */
	size_t n_words;
	struct gblock body;       /* menuentry/submenu/function/block */
	struct gif_branch *br;    /* if/elif branches; owned */
	size_t n_br;
	struct gblock els;
	bool has_else;
	bool unterminated; /* block hit end of file: GRUB rejects it */
};

/* One parsed file; owns its AST. */
struct gfile {
	char *name;  /* path for diagnostics */
	struct gblock top;
};

/*
 * Parses text into out. The parsed form may take mem_max bytes (an estimate
 * counting allocator overhead); past that the rest of the file is ignored
 * with a diagnostic and *ret_mem says mem_max + 1. *ret_mem: the estimate.
 */
int gscript_parse(const char *name, const char *text, size_t len, size_t mem_max, struct gfile *out,
		  size_t *ret_mem, struct diag_list *diags);
void gfile_done(struct gfile *f);

/* Variables. */
struct gvar {
	char *name;
	char *value;
	bool exported;
};

/*
 * Variables in order of creation plus an open-addressing index by name
 * (slots hold index + 1, 0 empty, GENV_TOMB deleted): lookups were linear,
 * and copying 20,000 variables into each menu entry's context cost seconds.
 */
struct genv {
	struct gvar *v;   /* owned */
	size_t n;
	size_t bytes;     /* names + values, capped at GRUB_MAX_ENV */
	uint32_t *slots;  /* owned; n_slots is 0 or a power of two */
	size_t n_slots;
	size_t n_tomb;
};

const char *genv_get(const struct genv *e, const char *name);
/* -E2BIG when the context would hold more than GRUB_MAX_ENV bytes. */
int genv_set(struct genv *e, const char *name, const char *value);
int genv_export(struct genv *e, const char *name);
void genv_unset(struct genv *e, const char *name);
/* A copy holding every variable (all=true) or only the exported ones. */
int genv_clone(const struct genv *src, bool all, struct genv *dst);
void genv_done(struct genv *e);

/* Positional parameters ($1...) for function and menuentry bodies. */
struct gargs {
	char **v; /* borrowed */
	size_t n;
};

struct gwords {
	char **v; /* owned */
	size_t n;
	size_t cap;
};
void gwords_done(struct gwords *w);
int gwords_push(struct gwords *w, const char *s, size_t len);

/* Expands raw words into fields. Returns 0, -ENOMEM or -E2BIG (too long). */
int gexpand_words(const struct genv *env, const struct gargs *args, char *const *raw, size_t n,
		  struct gwords *out);
/* Expands $var/${var} in plain text (BLS options), no quotes, no splitting. */
int gexpand_text(const struct genv *env, const char *text, char **ret);

/* Menu items collected while running. */
enum gitem_kind {
	GI_ENTRY,
	GI_SUBMENU,
	GI_BLS,
};

struct gitem;

struct gmenu {
	struct gitem *items; /* owned */
	size_t n;
};

struct gitem {
	enum gitem_kind kind;
	char *title;
	char *id;            /* --id, or the BLS id */
	struct gwords args;  /* positional parameters: title, then extra args */
	const struct gnode *node; /* body; borrowed from a gfile in the state */
	const char *file;    /* borrowed */
	unsigned line;
	struct boot_entry *bls; /* GI_BLS: the BLS entry, options unexpanded */
};

void gmenu_done(struct gmenu *m);

/* What a menuentry body asked to boot. */
struct gboot {
	bool have_kernel;
	char *kernel_dev, *kernel_path;
	char *boot_image; /* linux's first argument as written, for BOOT_IMAGE= */
	char *cmdline;
	struct gwords initrd_dev, initrd_path;
	char *dtb_dev, *dtb_path;
	char *unsupported; /* "chainloader" etc. */
	char *error;       /* a device that did not resolve, etc. */
};

void gboot_done(struct gboot *b);

/* What a server said about one URL (net.c): kept so a probe is not repeated and its text is read once. */
struct gnetfile {
	char *url;    /* owned */
	int err;      /* 0 there (len known), -EFBIG there and larger than a probe reads, or why not */
	size_t len;
	char *text;   /* owned: a probe's whole text until a read takes it, or NULL */
	char *reason; /* owned: the fetch's reason for an error other than -ENOENT, or NULL */
};

struct gstate {
	const struct boot_volumes *vols;
	size_t vol;                /* volume of the top config */
	struct diag_list *diags;
	struct genv env;
	struct gfile **files;      /* every parsed file, owned; ASTs stay alive */
	size_t n_files;
	struct gfunc {
		char *name;
		const struct gnode *node;
	} *funcs;
	size_t n_funcs;
	struct gmenu menu;
	struct gboot *boot;        /* non-NULL while running a menuentry body */
	const struct gargs *args;  /* current positional parameters */
	unsigned depth;            /* include depth */
	const char *stack[GRUB_MAX_INCLUDE_DEPTH]; /* files being run ("vol:path"), borrowed */
	unsigned call_depth;
	unsigned long steps;
	bool stop;                 /* a configfile showed its menu: stop this file */
	bool budget_reported;
	bool deep_said, loop_said; /* diagnosed once: an include bomb would flood the list */
	bool emitting;             /* running menu bodies (menu.c): the source's budget no longer stops us */
	struct discover_budget *budget; /* the source's work budget; borrowed, NULL: unlimited */
	/*
	 * A config read over the network: files on network devices with a
	 * server are read and probed by URL through net->fetch_text (borrowed;
	 * a fake in tests). NULL for a volume's config: such files are not read.
	 */
	const struct source_ctx *net;
	struct gnetfile *netfiles; /* owned, n_netfiles of them (at most GRUB_NET_FILES_MAX) */
	size_t n_netfiles;
	size_t net_cached;         /* bytes of probe texts kept */
	unsigned net_requests;     /* requests made to servers (at most GRUB_NET_REQUESTS_MAX) */
	bool net_capped;           /* one more was refused: the config stops (gstate_quota_report) */
	bool net_cap_said;
	int oom;                   /* sticky -ENOMEM */
};

int gstate_init(struct gstate *s, const struct boot_volumes *vols, size_t vol, struct diag_list *diags);
void gstate_done(struct gstate *s);
/*
 * True when the rest of the config must not run: the command budget ran out,
 * or (outside menu bodies) the source's work budget or GRUB_NET_REQUESTS_MAX did.
 */
bool gstate_halted(struct gstate *s);
/*
 * A read or probe came back -EDQUOT: says once, at file:line, which limit
 * ran out (the source's budget, or GRUB_NET_REQUESTS_MAX), and stops the
 * config.
 */
void gstate_quota_report(struct gstate *s, const char *file, unsigned line);
/*
 * The file gpath resolved to (vol, dev, path) read whole, at most max bytes:
 * on a network device with a server by its URL (s->net), else through the
 * volume. Charges the bytes it read to the budget. -ENOENT, -EFBIG,
 * -EDQUOT (the budget ran out), -ENODEV when nothing can read it (why says
 * which), or the fetch's error with why's reason.
 */
int gfile_read(struct gstate *s, const struct boot_volume *vol, const char *dev, const char *path, size_t max,
	       char **ret_buf, size_t *ret_len, struct diag_list *why);
/* Reads, parses and runs a file in the current context. -ENOENT if missing, -EDQUOT past the budget. */
int gexec_file(struct gstate *s, const char *file, unsigned line, const char *path);
/* Runs a block; returns the last command's status (0 true). */
int gexec_block(struct gstate *s, const struct gblock *b, const char *file);

/*
 * Splits a GRUB path "(dev)/p" or "/p" (device $root) into a volume and an
 * absolute path. ret_dev is the volume's name or, when nothing matched, the
 * device as written (then ret_vol is NULL).
 */
int gpath_resolve(struct gstate *s, const char *gpath, const struct boot_volume **ret_vol,
		  char **ret_dev, char **ret_path);

/*
 * GRUB network device names (net.c). gdev_net_split: whether dev is one
 * ("http", "http,SERVER", "tftp,...", "pxe" as tftp, "https"): its
 * protocol into proto, the server or NULL. gdev_net_canon: the device as
 * gpath_resolve keeps it, "PROTO,SERVER" with the server filled in
 * ($net_default_server, $pxe_default_server, the config's own), or the
 * config's own volume's name when it is that server. gdev_net_url: the URL
 * of path on a "PROTO,SERVER" device (1), 0 when dev is not one.
 */
bool gdev_net_split(const char *dev, char *proto, size_t cap, const char **server);
int gdev_net_canon(struct gstate *s, const char *proto, const char *server, char **ret);
int gdev_net_url(const char *dev, const char *path, char **ret);
/* A network device with a server: its files are URLs, found or not by the fetch stage. */
bool gdev_is_net_file(const char *dev);
/*
 * A file on a server (s->net set), by URL. gnet_read: whole, at most max
 * bytes; a text an earlier probe fetched is handed over without asking
 * again; *ret_fetched says whether bytes crossed the network (for the
 * budget). Both return -EDQUOT past the budget or GRUB_NET_REQUESTS_MAX. gnet_probe: whether it is there, by a read of at most
 * GRUB_NET_PROBE_MAX bytes (why in grub.h): 0 and *st (FSA_FILE, its size,
 * or GRUB_NET_PROBE_MAX + 1 when it is larger), -ENOENT, -EDQUOT, -ENOMEM,
 * or another error with why's reason. Both remember each URL's answer (up
 * to GRUB_NET_FILES_MAX URLs; probe texts up to GRUB_NET_CACHE_MAX bytes).
 */
int gnet_read(struct gstate *s, const char *url, size_t max, char **ret_buf, size_t *ret_len, bool *ret_fetched,
	      struct diag_list *why);
int gnet_probe(struct gstate *s, const char *url, struct fsa_stat *st, struct diag_list *why);
void gnet_files_done(struct gstate *s);

/* What a builtin sees: the state and where the command was. */
struct gctx {
	struct gstate *s;
	const char *file;
	unsigned line;
};

/* A builtin returns its status: 0 true/success, 1 false/failure. */
typedef int (*gbuiltin_fn)(struct gctx *c, size_t argc, char **argv);

/* The builtin called name, or NULL (builtins.c). */
gbuiltin_fn gbuiltin_find(const char *name);
bool gvar_name_ok(const char *s, size_t n);
/* "NAME=VALUE" as a command or `set` argument. */
int gassign(struct gctx *c, const char *arg);
/* Sets a variable; running past GRUB_MAX_ENV is diagnosed, not fatal. */
int gset_checked(struct gctx *c, const char *name, const char *value);
/* files.c */
int gb_source(struct gctx *c, size_t argc, char **argv);
int gb_configfile(struct gctx *c, size_t argc, char **argv);
int gb_load_env(struct gctx *c, size_t argc, char **argv);
int gb_blscfg(struct gctx *c, size_t argc, char **argv);

/* Turns the collected menu into entries on out (menu.c). */
int gmenu_emit(struct gstate *s, struct boot_set *out);

#endif
