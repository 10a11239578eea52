// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * GRUB builtins: test/[, variables, search, the boot commands run inside a
 * menuentry, and the ordered builtin table (display and hardware commands
 * are accepted and do nothing). File builtins live in files.c.
 */
#include "boot/grub/internal.h"
#include "boot/bls/bls.h"
#include "lib/cleanup.h"
#include "lib/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * What test's file operators see of gpath (op: 'e', 'f', 'd' or 's'). A
 * file on a server is asked for (gnet_probe); a server lists no
 * directories, so -d holds only for the device itself, "(http)/", and
 * says so otherwise. A failure other than "not there" is diagnosed.
 */
static int gpath_test(struct gctx *c, char op, const char *gpath, struct fsa_stat *st)
{
	_cleanup_free_ char *dev = NULL, *path = NULL, *url = NULL;
	const struct boot_volume *vol;
	struct diag_list why;
	int r;

	r = gpath_resolve(c->s, gpath, &vol, &dev, &path);
	if (r == -ENOMEM)
		c->s->oom = r;
	if (r < 0)
		return r;
	if (!gdev_is_net_file(dev))
		return vol && vol->fs ? fsa_stat(vol->fs, path, st) : -ENOENT;
	if (strcmp(path, "/") == 0) {
		*st = (struct fsa_stat){ .type = FSA_DIR };
		return 0;
	}
	if (op == 'd') {
		diag_add(c->s->diags, c->file, c->line, "test -d %s: a server lists no directories; false", gpath);
		return -EOPNOTSUPP;
	}
	if (gdev_net_url(dev, path, &url) < 0) {
		c->s->oom = -ENOMEM;
		return -ENOMEM;
	}
	diag_list_init(&why);
	r = gnet_probe(c->s, url, st, &why);
	if (r == -EDQUOT) {
		gstate_quota_report(c->s, c->file, c->line);
	} else if (r == -ENOMEM) {
		c->s->oom = r;
	} else if (r < 0 && r != -ENOENT) {
		diag_add(c->s->diags, c->file, c->line, "test -%c: %s; false", op, diag_reason(&why, strerror(-r)));
	}
	diag_list_done(&why);
	return r;
}

/* ---- test / [ ---- */

static int gtest_eval(struct gctx *c, size_t argc, char **argv)
{
	struct fsa_stat st;
	const char *a, *op;

	if (argc == 0)
		return 1;
	if (strcmp(argv[0], "!") == 0)
		return gtest_eval(c, argc - 1, argv + 1) == 0 ? 1 : 0;
	/* -a / -o: split at the last -o, then the last -a (or binds tighter). */
	for (size_t i = argc; i-- > 1;)
		if (strcmp(argv[i], "-o") == 0)
			return gtest_eval(c, i, argv) == 0 || gtest_eval(c, argc - i - 1, argv + i + 1) == 0 ? 0 : 1;
	for (size_t i = argc; i-- > 1;)
		if (strcmp(argv[i], "-a") == 0)
			return gtest_eval(c, i, argv) == 0 && gtest_eval(c, argc - i - 1, argv + i + 1) == 0 ? 0 : 1;
	if (argc == 1)
		return argv[0][0] ? 0 : 1;
	if (argc == 2) {
		op = argv[0];
		a = argv[1];
		if (strcmp(op, "-z") == 0)
			return a[0] ? 1 : 0;
		if (strcmp(op, "-n") == 0)
			return a[0] ? 0 : 1;
		if (strcmp(op, "-e") == 0)
			return gpath_test(c, 'e', a, &st) == 0 ? 0 : 1;
		if (strcmp(op, "-f") == 0)
			return gpath_test(c, 'f', a, &st) == 0 && st.type == FSA_FILE ? 0 : 1;
		if (strcmp(op, "-d") == 0)
			return gpath_test(c, 'd', a, &st) == 0 && st.type == FSA_DIR ? 0 : 1;
		if (strcmp(op, "-s") == 0)
			return gpath_test(c, 's', a, &st) == 0 && st.type == FSA_FILE && st.size > 0 ? 0 : 1;
		diag_add(c->s->diags, c->file, c->line, "test: unknown operator '%s'", op);
		return 1;
	}
	if (argc == 3) {
		const char *b = argv[2];
		long x, y;

		a = argv[0];
		op = argv[1];
		if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0)
			return strcmp(a, b) == 0 ? 0 : 1;
		if (strcmp(op, "!=") == 0)
			return strcmp(a, b) != 0 ? 0 : 1;
		if (strcmp(op, "<") == 0)
			return strcmp(a, b) < 0 ? 0 : 1;
		if (strcmp(op, ">") == 0)
			return strcmp(a, b) > 0 ? 0 : 1;
		x = strtol(a, NULL, 10);
		y = strtol(b, NULL, 10);
		if (strcmp(op, "-eq") == 0)
			return x == y ? 0 : 1;
		if (strcmp(op, "-ne") == 0)
			return x != y ? 0 : 1;
		if (strcmp(op, "-lt") == 0)
			return x < y ? 0 : 1;
		if (strcmp(op, "-le") == 0)
			return x <= y ? 0 : 1;
		if (strcmp(op, "-gt") == 0)
			return x > y ? 0 : 1;
		if (strcmp(op, "-ge") == 0)
			return x >= y ? 0 : 1;
	}
	diag_add(c->s->diags, c->file, c->line, "test: cannot evaluate %zu-word expression", argc);
	return 1;
}

static int gb_test(struct gctx *c, size_t argc, char **argv)
{
	if (strcmp(argv[0], "[") == 0) {
		if (argc < 2 || strcmp(argv[argc - 1], "]") != 0) {
			diag_add(c->s->diags, c->file, c->line, "'[' without ']'");
			return 1;
		}
		argc--;
	}
	return gtest_eval(c, argc - 1, argv + 1);
}

/* ---- variables ---- */

bool gvar_name_ok(const char *s, size_t n)
{
	if (n == 0 || isdigit((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

int gset_checked(struct gctx *c, const char *name, const char *value)
{
	size_t n = strlen(value);
	_cleanup_free_ char *bare = NULL;
	int r;

	/* GRUB keeps $root without its parentheses: "set root=(http,srv)" is "http,srv" */
	if (strcmp(name, "root") == 0 && n >= 2 && value[0] == '(' && value[n - 1] == ')') {
		bare = strndup(value + 1, n - 2);
		if (!bare) {
			c->s->oom = -ENOMEM;
			return 0;
		}
		value = bare;
	}
	r = genv_set(&c->s->env, name, value);

	if (r == -E2BIG) {
		diag_add(c->s->diags, c->file, c->line, "variables exceed %u bytes; '%s' not set", GRUB_MAX_ENV, name);
		return 1;
	}
	if (r < 0)
		c->s->oom = r;
	return 0;
}

int gassign(struct gctx *c, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char name[256];
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);

	if (!eq)
		return 0; /* "set NAME" prints it in GRUB */
	if (n >= sizeof(name) || !gvar_name_ok(arg, n)) {
		diag_add(c->s->diags, c->file, c->line, "set: bad variable name");
		return 1;
	}
	memcpy(name, arg, n);
	name[n] = '\0';
	return gset_checked(c, name, eq + 1);
}

static int gb_set(struct gctx *c, size_t argc, char **argv)
{
	int st = 0;

	for (size_t i = 1; i < argc; i++)
		st |= gassign(c, argv[i]);
	return st;
}

static int gb_unset(struct gctx *c, size_t argc, char **argv)
{
	for (size_t i = 1; i < argc; i++)
		genv_unset(&c->s->env, argv[i]);
	return 0;
}

static int gb_export(struct gctx *c, size_t argc, char **argv)
{
	for (size_t i = 1; i < argc; i++)
		if (genv_export(&c->s->env, argv[i]) == -ENOMEM)
			c->s->oom = -ENOMEM;
	return 0;
}

static int gb_true(struct gctx *c, size_t argc, char **argv)
{
	(void)c, (void)argc, (void)argv;
	return 0;
}

static int gb_false(struct gctx *c, size_t argc, char **argv)
{
	(void)c, (void)argc, (void)argv;
	return 1;
}

/* ---- search ---- */

enum gsearch_kind {
	GS_FILE,
	GS_LABEL,
	GS_UUID,
};

static bool gsearch_match(const struct boot_volume *v, enum gsearch_kind k, const char *name)
{
	switch (k) {
	case GS_FILE:
		return v->fs && fsa_exists(v->fs, name);
	case GS_LABEL:
		return v->match_any || (v->label && strcmp(v->label, name) == 0);
	case GS_UUID:
		return v->match_any || (v->uuid && strcasecmp(v->uuid, name) == 0);
	}
	return false;
}

static const char *const gsearch_opt[] = { "--file", "--label", "--fs-uuid" };

/*
 * search in a config read over the network: there are no file systems to
 * look through. --file asks $root's server (when $root is one) and then
 * the config's own whether the file is there, and the first that has it is
 * the hit; --label and --fs-uuid find nothing, and say so. (GRUB itself
 * searches only disks; a netbooted GRUB's $root stays on the server when
 * they have nothing, which is where these leave it.)
 */
static int gsearch_net(struct gctx *c, enum gsearch_kind k, const char *name, const char *var)
{
	struct gstate *s = c->s;
	const char *root = genv_get(&s->env, "root"), *home = s->vols->v[s->vol].name;
	_cleanup_free_ char *rootdev = NULL, *path = NULL;
	const char *devs[2];
	size_t n = 0;

	if (k != GS_FILE) {
		diag_add(s->diags, c->file, c->line,
			 "search %s %s: a config read over the network has no file systems to search; $root stays '%s'",
			 gsearch_opt[k], name, root ? root : "");
		return 1;
	}
	if (root && *root) {
		_cleanup_free_ char *p = NULL, *full = NULL;
		const struct boot_volume *vol;

		/* $root as a device: "(http)" takes $net_default_server, as a path would */
		if (asprintf(&full, "(%s)/", root) < 0) {
			full = NULL;
			s->oom = -ENOMEM;
			return 1;
		}
		if (gpath_resolve(s, full, &vol, &rootdev, &p) == -ENOMEM) {
			s->oom = -ENOMEM;
			return 1;
		}
		if (rootdev && gdev_is_net_file(rootdev))
			devs[n++] = rootdev;
	}
	if (gdev_is_net_file(home) && (n == 0 || strcmp(devs[0], home) != 0))
		devs[n++] = home;
	if (fsa_path_clean(name, &path) < 0) {
		s->oom = -ENOMEM;
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *url = NULL;
		struct fsa_stat st;
		struct diag_list why;
		int r;

		if (gdev_net_url(devs[i], path, &url) < 0) {
			s->oom = -ENOMEM;
			return 1;
		}
		diag_list_init(&why);
		r = gnet_probe(s, url, &st, &why);
		if (r < 0 && r != -ENOENT && r != -EDQUOT && r != -ENOMEM)
			diag_add(s->diags, c->file, c->line, "search --file: %s", diag_reason(&why, strerror(-r)));
		diag_list_done(&why);
		if (r == -EDQUOT) {
			gstate_quota_report(s, c->file, c->line);
			return 1;
		}
		if (r == -ENOMEM) {
			s->oom = r;
			return 1;
		}
		if (r == 0)
			return var ? gset_checked(c, var, devs[i]) : 0;
	}
	diag_add(s->diags, c->file, c->line,
		 "search --file %s: not on %s%s%s; a config read over the network searches no disks", name,
		 n ? devs[0] : "any server", n > 1 ? " or " : "", n > 1 ? devs[1] : "");
	return 1;
}

static int gsearch_run(struct gctx *c, enum gsearch_kind k, const char *name, const char *var)
{
	const struct boot_volumes *vs = c->s->vols;
	const struct boot_volume *hit = NULL;

	if (c->s->net)
		return gsearch_net(c, k, name, var);

	/* The config's own volume first, like GRUB's hints usually say. */
	if (gsearch_match(&vs->v[c->s->vol], k, name))
		hit = &vs->v[c->s->vol];
	for (size_t i = 0; !hit && i < vs->n; i++)
		if (gsearch_match(&vs->v[i], k, name))
			hit = &vs->v[i];
	if (!hit)
		return 1;
	return var ? gset_checked(c, var, hit->name) : 0;
}

static int gb_search(struct gctx *c, size_t argc, char **argv)
{
	enum gsearch_kind k = GS_FILE;
	const char *var = NULL, *name = NULL;

	if (strcmp(argv[0], "search.fs_uuid") == 0 || strcmp(argv[0], "search.fs_label") == 0 ||
	    strcmp(argv[0], "search.file") == 0) {
		k = argv[0][10] == 'u' ? GS_UUID : argv[0][10] == 'l' ? GS_LABEL : GS_FILE;
		if (argc < 2)
			return 1;
		return gsearch_run(c, k, argv[1], argc > 2 ? argv[2] : NULL);
	}
	for (size_t i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--fs-uuid") == 0 || strcmp(a, "-u") == 0)
			k = GS_UUID;
		else if (strcmp(a, "--label") == 0 || strcmp(a, "--fs-label") == 0 || strcmp(a, "-l") == 0)
			k = GS_LABEL;
		else if (strcmp(a, "--file") == 0 || strcmp(a, "-f") == 0)
			k = GS_FILE;
		else if (strcmp(a, "--set") == 0 || strcmp(a, "-s") == 0)
			var = "root";
		else if (strncmp(a, "--set=", 6) == 0)
			var = a + 6;
		else if (strncmp(a, "--hint", 6) == 0 || strcmp(a, "-h") == 0) {
			if (!strchr(a, '=') && i + 1 < argc)
				i++; /* a hint given as a separate word */
		} else if (a[0] == '-' && a[1])
			continue; /* --no-floppy, --efidisk-only, ... */
		else if (!name)
			name = a;
	}
	if (!name) {
		diag_add(c->s->diags, c->file, c->line, "search: no name given");
		return 1;
	}
	return gsearch_run(c, k, name, var);
}

/* ---- boot commands (inside a menuentry) ---- */

static int gboot_set_str(struct gctx *c, char **dst, const char *v)
{
	if (str_set(dst, v) < 0)
		c->s->oom = -ENOMEM;
	return 0;
}

/* Re-quotes one argument the way GRUB builds the kernel command line. */
static int gcmdline_add(struct strbuf *sb, const char *a)
{
	bool quote = strpbrk(a, " \t") != NULL;
	int k = 0;

	if (sb->len)
		k |= strbuf_putc(sb, ' ');
	if (quote)
		k |= strbuf_putc(sb, '"');
	for (const char *p = a; *p; p++) {
		bool hexesc = p[0] == '\\' && p[1] == 'x' && isxdigit((unsigned char)p[2]) &&
			      isxdigit((unsigned char)p[3]);

		if ((*p == '\\' && !hexesc) || *p == '"' || *p == '\'')
			k |= strbuf_putc(sb, '\\');
		k |= strbuf_putc(sb, *p);
	}
	if (quote)
		k |= strbuf_putc(sb, '"');
	return k;
}

static int gb_linux(struct gctx *c, size_t argc, char **argv)
{
	struct gboot *b = c->s->boot;
	struct strbuf sb = STRBUF_INIT;
	const struct boot_volume *vol;
	char *kdev = NULL, *kpath = NULL;
	size_t i = 1;
	int k = 0;

	if (!b) {
		diag_add(c->s->diags, c->file, c->line, "'%s' outside a menuentry ignored", argv[0]);
		return 0;
	}
	while (i < argc && strncmp(argv[i], "--", 2) == 0)
		i++; /* e.g. linux --no-dtb */
	if (i >= argc) {
		diag_add(c->s->diags, c->file, c->line, "%s: no kernel given", argv[0]);
		return 1;
	}
	/* resolved before the kernel named earlier is let go: a failure leaves that one and the error */
	if (gpath_resolve(c->s, argv[i], &vol, &kdev, &kpath) < 0) {
		gboot_set_str(c, &b->error, "kernel path has an unterminated device");
		return 1;
	}
	free(b->kernel_dev);
	free(b->kernel_path);
	b->kernel_dev = kdev;
	b->kernel_path = kpath;
	if (!vol && !gdev_is_net_file(b->kernel_dev)) {
		_cleanup_free_ char *msg = NULL;

		if (asprintf(&msg, "device %s not found", b->kernel_dev) >= 0)
			gboot_set_str(c, &b->error, msg);
		else
			msg = NULL;
	}
	b->have_kernel = true;
	gboot_set_str(c, &b->boot_image, argv[i]);
	k |= strbuf_printf(&sb, "BOOT_IMAGE=%s", argv[i]);
	for (i++; i < argc; i++)
		k |= gcmdline_add(&sb, argv[i]);
	if (k < 0) {
		strbuf_done(&sb);
		c->s->oom = -ENOMEM;
		return 1;
	}
	free(b->cmdline);
	b->cmdline = strbuf_steal(&sb);
	return 0;
}

static int gb_initrd(struct gctx *c, size_t argc, char **argv)
{
	struct gboot *b = c->s->boot;

	if (!b) {
		diag_add(c->s->diags, c->file, c->line, "'%s' outside a menuentry ignored", argv[0]);
		return 0;
	}
	/* A later initrd line replaces the earlier one, as in GRUB. */
	gwords_done(&b->initrd_dev);
	gwords_done(&b->initrd_path);
	for (size_t i = 1; i < argc; i++) {
		_cleanup_free_ char *dev = NULL, *path = NULL;
		const struct boot_volume *vol;

		if (strncmp(argv[i], "--", 2) == 0)
			continue; /* --nounzip, --newc: not paths */
		if (gpath_resolve(c->s, argv[i], &vol, &dev, &path) < 0)
			continue;
		if (!vol && !gdev_is_net_file(dev) && !b->error && asprintf(&b->error, "device %s not found", dev) < 0)
			b->error = NULL;
		if (gwords_push(&b->initrd_dev, dev, strlen(dev)) < 0 ||
		    gwords_push(&b->initrd_path, path, strlen(path)) < 0)
			c->s->oom = -ENOMEM;
	}
	return 0;
}

static int gb_devicetree(struct gctx *c, size_t argc, char **argv)
{
	struct gboot *b = c->s->boot;
	const struct boot_volume *vol;

	if (!b || argc < 2)
		return 0;
	free(b->dtb_dev);
	free(b->dtb_path);
	b->dtb_dev = b->dtb_path = NULL;
	if (gpath_resolve(c->s, argv[1], &vol, &b->dtb_dev, &b->dtb_path) < 0)
		return 1;
	return 0;
}

static int gb_unsupported_boot(struct gctx *c, size_t argc, char **argv)
{
	(void)argc;
	if (c->s->boot && !c->s->boot->unsupported)
		gboot_set_str(c, &c->s->boot->unsupported, argv[0]);
	return 0;
}

static int gb_fwsetup(struct gctx *c, size_t argc, char **argv)
{
	/* kexboot cannot enter firmware setup: "--is-supported" says no. */
	if (argc > 1 && strcmp(argv[1], "--is-supported") == 0)
		return 1;
	return gb_unsupported_boot(c, argc, argv);
}

/* Ordered builtin table: display and hardware commands map to gb_true. */
static const struct gbuiltin {
	const char *name;
	gbuiltin_fn fn;
} gbuiltins[] = {
	{ "set", gb_set },
	{ "unset", gb_unset },
	{ "export", gb_export },
	{ "true", gb_true },
	{ "false", gb_false },
	{ "[", gb_test },
	{ "test", gb_test },
	{ "search", gb_search },
	{ "search.fs_uuid", gb_search },
	{ "search.fs_label", gb_search },
	{ "search.file", gb_search },
	{ "linux", gb_linux },
	{ "linuxefi", gb_linux },
	{ "linux16", gb_linux },
	{ "initrd", gb_initrd },
	{ "initrdefi", gb_initrd },
	{ "initrd16", gb_initrd },
	{ "devicetree", gb_devicetree },
	{ "configfile", gb_configfile },
	{ "source", gb_source },
	{ ".", gb_source },
	{ "load_env", gb_load_env },
	{ "blscfg", gb_blscfg },
	{ "chainloader", gb_unsupported_boot },
	{ "multiboot", gb_unsupported_boot },
	{ "multiboot2", gb_unsupported_boot },
	{ "module", gb_unsupported_boot },
	{ "module2", gb_unsupported_boot },
	{ "halt", gb_unsupported_boot },
	{ "reboot", gb_unsupported_boot },
	{ "appleloader", gb_unsupported_boot },
	{ "kfreebsd", gb_unsupported_boot },
	{ "knetbsd", gb_unsupported_boot },
	{ "kopenbsd", gb_unsupported_boot },
	{ "ntldr", gb_unsupported_boot },
	{ "fwsetup", gb_fwsetup },
	{ "keystatus", gb_false },
	{ "save_env", gb_true },
	{ "insmod", gb_true },
	{ "rmmod", gb_true },
	{ "font", gb_true },
	{ "loadfont", gb_true },
	{ "terminal_input", gb_true },
	{ "terminal_output", gb_true },
	{ "terminal", gb_true },
	{ "background_image", gb_true },
	{ "background_color", gb_true },
	{ "clear", gb_true },
	{ "echo", gb_true },
	{ "play", gb_true },
	{ "sleep", gb_true },
	{ "serial", gb_true },
	{ "boot", gb_true },
	{ "videoinfo", gb_true },
	{ "gettext", gb_true },
	{ "return", gb_true },
	{ "break", gb_true },
	{ "continue", gb_true },
	{ "exit", gb_true },
	{ "set_gfxpayload", gb_true },
	{ "cutmem", gb_true },
	{ "tpm", gb_true },
};
gbuiltin_fn gbuiltin_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(gbuiltins); i++)
		if (strcmp(gbuiltins[i].name, name) == 0)
			return gbuiltins[i].fn;
	return NULL;
}
