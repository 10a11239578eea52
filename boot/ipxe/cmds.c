// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The iPXE command table. Each command gets words already expanded and
 * answers with an enum ipxe_status (or a negative errno); what it means for
 * kexboot, where no user sits at the prompt, is in boot/ipxe/ipxe.h.
 */
#include "boot/ipxe/internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One option of a command: --name VALUE, --name=VALUE, -n VALUE, or a --flag. */
struct ipxe_opt {
	const char *name;
	char letter;
	bool takes_value;
	const char *value; /* out: the value, or "" for a flag that was given */
};

/* Index of the first operand, or -1 when an option is unknown (diagnosed). */
static int ipxe_opts_parse(const struct ipxe_cmd *c, int argc, char **argv, struct ipxe_opt *opts, size_t n)
{
	int i = 1;

	while (i < argc && argv[i][0] == '-' && argv[i][1]) {
		const char *a = argv[i++];
		size_t len = strcspn(a + 2, "=");
		struct ipxe_opt *o = NULL;

		if (strcmp(a, "--") == 0)
			break;
		for (size_t k = 0; k < n && !o; k++) {
			if (a[1] == '-' ? strlen(opts[k].name) == len && strncmp(a + 2, opts[k].name, len) == 0 :
					  a[1] == opts[k].letter && a[2] == '\0')
				o = &opts[k];
		}
		if (!o) {
			ipxe_cmd_diag(c, "%s: unknown option '%s'", argv[0], a);
			return -1;
		}
		if (!o->takes_value) {
			o->value = "";
		} else if (a[1] == '-' && a[2 + len] == '=') {
			o->value = a + 3 + len;
		} else if (i < argc) {
			o->value = argv[i++];
		} else {
			ipxe_cmd_diag(c, "%s: option '%s' needs a value", argv[0], a);
			return -1;
		}
	}
	return i;
}

/* argv[from..] joined with spaces into *ret ("" when none). */
static int ipxe_join(int argc, char **argv, int from, char **ret)
{
	size_t len = 1;
	char *s;

	for (int i = from; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = malloc(len);
	if (!s)
		return -ENOMEM;
	s[0] = '\0';
	for (int i = from; i < argc; i++) {
		if (i > from)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	*ret = s;
	return 0;
}

/* An image: its URL resolved against the running script, named by --name or the URL's last segment. */
static int ipxe_image_set(const struct ipxe_cmd *c, struct ipxe_image *img, const char *name, int argc,
			  char **argv, int at)
{
	struct ipxe_image n = { 0 };
	const char *end, *start;
	int r;

	r = ipxe_url_resolve(c->run->scripts[c->script].url, argv[at], &n.url);
	if (r >= 0 && at + 1 < argc)
		r = ipxe_join(argc, argv, at + 1, &n.args);
	if (r >= 0 && !name) {
		end = n.url + strcspn(n.url, "?#");
		for (start = end; start > n.url && start[-1] != '/'; start--)
			;
		n.name = strndup(start, (size_t)(end - start));
	} else if (r >= 0) {
		n.name = strdup(name);
	}
	if (r < 0 || !n.name) {
		ipxe_image_done(&n);
		return -ENOMEM;
	}
	ipxe_image_done(img);
	*img = n;
	return 0;
}

#define IPXE_IMAGE_OPTS                                                                          \
	{ { "name", 'n', true, NULL }, { "timeout", 't', true, NULL }, { "autofree", 'a', false, NULL }, \
	  { "replace", 'r', false, NULL } }

static int cmd_kernel(struct ipxe_cmd *c, int argc, char **argv)
{
	struct ipxe_opt o[] = IPXE_IMAGE_OPTS;
	int i = ipxe_opts_parse(c, argc, argv, o, 4);

	if (i < 0 || i >= argc) {
		if (i >= 0)
			ipxe_cmd_diag(c, "%s: no image named", argv[0]);
		return IPXE_FAIL;
	}
	return ipxe_image_set(c, &c->path->kernel, o[0].value, argc, argv, i);
}

static int cmd_initrd(struct ipxe_cmd *c, int argc, char **argv)
{
	struct ipxe_opt o[] = IPXE_IMAGE_OPTS;
	int i = ipxe_opts_parse(c, argc, argv, o, 4), r;

	if (i < 0 || i >= argc) {
		if (i >= 0)
			ipxe_cmd_diag(c, "%s: no image named", argv[0]);
		return IPXE_FAIL;
	}
	if (c->path->n_images >= IPXE_MAX_IMAGES) {
		ipxe_cmd_diag(c, "%s: more than %u images", argv[0], IPXE_MAX_IMAGES);
		return IPXE_FAIL;
	}
	r = ipxe_image_set(c, &c->path->images[c->path->n_images], o[0].value, argc, argv, i);
	if (r >= 0)
		c->path->n_images++;
	return r;
}

/* chain, imgexec, boot: the selected kernel, a kernel by name or URL, or a script run in place. */
static int cmd_chain(struct ipxe_cmd *c, int argc, char **argv)
{
	struct ipxe_opt o[] = IPXE_IMAGE_OPTS;
	int i = ipxe_opts_parse(c, argc, argv, o, 4), r;
	struct ipxe_image *k = &c->path->kernel;
	struct diag_list why;
	char *url = NULL;

	if (i < 0)
		return IPXE_FAIL;
	if (i >= argc || (k->url && strcmp(argv[i], k->name) == 0)) {
		if (!k->url) {
			ipxe_cmd_diag(c, "%s: no image selected", argv[0]);
			return IPXE_FAIL;
		}
		if (i + 1 < argc) {
			free(k->args);
			k->args = NULL;
			if (ipxe_join(argc, argv, i + 1, &k->args) < 0)
				return -ENOMEM;
		}
		r = ipxe_entry_make(c);
		return r < 0 ? r : IPXE_STOP;
	}
	r = ipxe_url_resolve(c->run->scripts[c->script].url, argv[i], &url);
	if (r < 0)
		return r;
	if (ipxe_url_is_kernel(url)) {
		r = -EMEDIUMTYPE; /* not fetched: booted as it is */
	} else if (c->depth + 1 >= IPXE_MAX_CHAIN_DEPTH || c->path->n_frames + 1 >= IPXE_MAX_CHAIN_DEPTH) {
		ipxe_cmd_diag(c, "%s %s: scripts chained deeper than %u", argv[0], url, IPXE_MAX_CHAIN_DEPTH);
		free(url);
		return IPXE_FAIL;
	} else {
		diag_list_init(&why);
		r = ipxe_script_load(c->run, url, &why);
		if (r < 0 && r != -EMEDIUMTYPE && r != -EFBIG && r != -ENOMEM)
			ipxe_cmd_diag(c, "%s %s: %s", argv[0], url, diag_reason(&why, strerror(-r)));
		diag_list_done(&why);
	}
	free(url);
	if (r >= 0) {
		struct ipxe_path *p = c->path;

		/* a menu in the chained script hands this line to its items' paths */
		p->frames[p->n_frames++] = (struct ipxe_frame){ c->script, c->line, c->next_seg, c->depth,
								o[3].value != NULL };
		r = ipxe_exec(c->run, p, (size_t)r, 0, 0, IPXE_OK, c->depth + 1);
		p->n_frames--;
		if (r == IPXE_EXIT)
			r = IPXE_OK;
		/* --replace: the chained script took this one's place */
		return r == IPXE_OK && o[3].value ? IPXE_EXIT : r;
	}
	if (r != -EMEDIUMTYPE && r != -EFBIG)
		return r == -ENOMEM ? r : IPXE_FAIL;
	/* not a script: an image to boot */
	r = ipxe_image_set(c, k, o[0].value, argc, argv, i);
	if (r >= 0)
		r = ipxe_entry_make(c);
	return r < 0 ? r : IPXE_STOP;
}

static struct ipxe_image *ipxe_image_named(struct ipxe_path *p, const char *name)
{
	if (p->kernel.url && strcmp(p->kernel.name, name) == 0)
		return &p->kernel;
	for (size_t i = 0; i < p->n_images; i++)
		if (strcmp(p->images[i].name, name) == 0)
			return &p->images[i];
	return NULL;
}

/*
 * imgverify [--signer NAME] [--keep] IMAGE SIGNATURE_URL: kexboot's verify
 * stage checks the entry, not the script: the URL of the kernel's
 * signature becomes the entry's signature file (a kexboot manifest with its
 * signatures, boot/trust/manifest.h), fetched and checked when the entry is
 * chosen. The manifest covers the initrds and the command line too, so a
 * signature named for another image is said and not used.
 */
static int cmd_imgverify(struct ipxe_cmd *c, int argc, char **argv)
{
	struct ipxe_opt o[] = { { "signer", 's', true, NULL }, { "keep", 'k', false, NULL },
				{ "timeout", 't', true, NULL } };
	int i = ipxe_opts_parse(c, argc, argv, o, 3), r;
	struct ipxe_image *img;
	char *url = NULL;

	if (i < 0)
		return IPXE_FAIL;
	if (argc - i != 2) {
		ipxe_cmd_diag(c, "%s: needs an image and a signature URL", argv[0]);
		return IPXE_FAIL;
	}
	img = ipxe_image_named(c->path, argv[i]);
	if (!img) {
		ipxe_cmd_diag(c, "%s: no image '%s'", argv[0], argv[i]);
		return IPXE_FAIL;
	}
	if (img != &c->path->kernel) {
		ipxe_cmd_diag(c, "%s: '%s' is not the kernel: kexboot checks the entry against the kernel's "
			      "signature file only", argv[0], argv[i]);
		return IPXE_OK;
	}
	r = ipxe_url_resolve(c->run->scripts[c->script].url, argv[i + 1], &url);
	if (r < 0)
		return r;
	free(img->sig_url);
	img->sig_url = url;
	return IPXE_OK;
}

static int cmd_imgargs(struct ipxe_cmd *c, int argc, char **argv)
{
	struct ipxe_image *img = argc >= 2 ? ipxe_image_named(c->path, argv[1]) : NULL;

	if (!img) {
		ipxe_cmd_diag(c, "%s: no image '%s'", argv[0], argc >= 2 ? argv[1] : "");
		return IPXE_FAIL;
	}
	free(img->args);
	img->args = NULL;
	return ipxe_join(argc, argv, 2, &img->args);
}

static int cmd_imgfree(struct ipxe_cmd *c, int argc, char **argv)
{
	struct ipxe_path *p = c->path;
	size_t kept = 0;

	if (argc < 2 || (p->kernel.url && strcmp(argv[1], p->kernel.name) == 0))
		ipxe_image_done(&p->kernel);
	for (size_t i = 0; i < p->n_images; i++) {
		if (argc < 2 || strcmp(argv[1], p->images[i].name) == 0)
			ipxe_image_done(&p->images[i]);
		else
			p->images[kept++] = p->images[i];
	}
	p->n_images = kept;
	return IPXE_OK;
}

static int ipxe_var_store(struct ipxe_cmd *c, const char *name, const char *value)
{
	char *n = strndup(name, strcspn(name, ":")); /* "net0/ip:ipv4": the type is not kept */
	int r = n ? ipxe_var_set(c->path, n, value && *value ? value : NULL) : -ENOMEM;

	free(n);
	if (r == -ENOSPC) {
		ipxe_cmd_diag(c, "more than %u settings set", IPXE_MAX_VARS);
		return IPXE_FAIL;
	}
	return r;
}

static int cmd_set(struct ipxe_cmd *c, int argc, char **argv)
{
	char *value = NULL;
	int r;

	if (argc < 2)
		return IPXE_FAIL;
	r = ipxe_join(argc, argv, 2, &value);
	if (r >= 0)
		r = ipxe_var_store(c, argv[1], value);
	free(value);
	return r;
}

static int cmd_clear(struct ipxe_cmd *c, int argc, char **argv)
{
	return argc < 2 ? IPXE_FAIL : ipxe_var_store(c, argv[1], NULL);
}

static int cmd_inc(struct ipxe_cmd *c, int argc, char **argv)
{
	const char *v;
	char num[32];

	if (argc < 2)
		return IPXE_FAIL;
	v = ipxe_var_get(c->run, c->path, argv[1]);
	snprintf(num, sizeof(num), "%ld", (v ? strtol(v, NULL, 0) : 0) + (argc > 2 ? strtol(argv[2], NULL, 0) : 1));
	return ipxe_var_store(c, argv[1], num);
}

static int cmd_isset(struct ipxe_cmd *c, int argc, char **argv)
{
	(void)c;
	return argc >= 2 && argv[1][0] ? IPXE_OK : IPXE_FAIL;
}

static int cmd_iseq(struct ipxe_cmd *c, int argc, char **argv)
{
	(void)c;
	return argc == 3 && strcmp(argv[1], argv[2]) == 0 ? IPXE_OK : IPXE_FAIL;
}

static int cmd_goto(struct ipxe_cmd *c, int argc, char **argv)
{
	const struct ipxe_script *s = &c->run->scripts[c->script];

	if (argc < 2)
		return IPXE_FAIL;
	if (++c->path->jumps > IPXE_MAX_JUMPS) {
		ipxe_cmd_diag(c, "more than %u gotos; path stopped", IPXE_MAX_JUMPS);
		return IPXE_STOP;
	}
	for (size_t i = 0; i < s->n_lines; i++) {
		const char *l = s->lines[i] + strspn(s->lines[i], " \t");
		size_t n = strlen(argv[1]);

		if (l[0] == ':' && strncmp(l + 1, argv[1], n) == 0 && (!l[1 + n] || strchr(" \t\r", l[1 + n]))) {
			*c->next_line = i + 1;
			return IPXE_JUMP;
		}
	}
	ipxe_cmd_diag(c, "goto: no label ':%s'", argv[1]);
	return IPXE_FAIL;
}

static int cmd_menu(struct ipxe_cmd *c, int argc, char **argv)
{
	struct ipxe_opt o[] = { { "name", 'n', true, NULL }, { "delete", 'd', false, NULL } };

	if (ipxe_opts_parse(c, argc, argv, o, 2) < 0)
		return IPXE_FAIL;
	/* one menu: named menus share it; the title is not part of an entry's */
	ipxe_items_clear(c->path);
	return IPXE_OK;
}

static int cmd_item(struct ipxe_cmd *c, int argc, char **argv)
{
	struct ipxe_opt o[] = { { "menu", 'm', true, NULL }, { "key", 'k', true, NULL },
				{ "default", 'd', false, NULL }, { "gap", 'g', false, NULL } };
	int i = ipxe_opts_parse(c, argc, argv, o, 4);
	struct ipxe_path *p = c->path;
	struct ipxe_item *items, *it;
	bool gap;

	if (i < 0)
		return IPXE_FAIL;
	if (p->n_items >= IPXE_MAX_ITEMS) {
		ipxe_cmd_diag(c, "item: more than %u items", IPXE_MAX_ITEMS);
		return IPXE_FAIL;
	}
	items = realloc(p->items, (p->n_items + 1) * sizeof(*items));
	if (!items)
		return -ENOMEM;
	p->items = items;
	it = &items[p->n_items];
	memset(it, 0, sizeof(*it));
	gap = o[3].value || i >= argc;
	it->is_default = o[2].value != NULL;
	if (!gap && !(it->label = strdup(argv[i])))
		return -ENOMEM;
	if (ipxe_join(argc, argv, gap ? i : i + 1, &it->text) < 0) {
		free(it->label);
		return -ENOMEM;
	}
	p->n_items++;
	return IPXE_OK;
}

/* The set's default and timeout, from the first menu a parse meets. */
static int ipxe_choose_defaults(struct ipxe_cmd *c, const char *def, const char *timeout)
{
	struct boot_set *out = c->run->out;

	for (size_t i = 0; !def && i < c->path->n_items; i++)
		if (c->path->items[i].is_default)
			def = c->path->items[i].label;
	if (def && !out->default_id &&
	    asprintf(&out->default_id, "ipxe:%s:%s", c->run->scripts[c->script].url, def) < 0) {
		out->default_id = NULL;
		return -ENOMEM;
	}
	if (out->timeout == BOOT_TIMEOUT_UNSET) {
		unsigned long ms = timeout ? strtoul(timeout, NULL, 0) : 0;

		/* no timeout, or 0: iPXE waits for a choice */
		out->timeout = ms ? (int)((ms > 86400000ul ? 86400000ul : ms) + 999) / 1000 : -1;
	}
	return 0;
}

/* Each item continues the line after choose on its own copy of the path; this path ends here. */
static int cmd_choose(struct ipxe_cmd *c, int argc, char **argv)
{
	struct ipxe_opt o[] = { { "menu", 'm', true, NULL }, { "default", 'd', true, NULL },
				{ "timeout", 't', true, NULL }, { "retimeout", 'r', true, NULL },
				{ "keep", 'k', false, NULL } };
	int i = ipxe_opts_parse(c, argc, argv, o, 5), r;
	struct ipxe_path *p = c->path;

	if (i < 0 || i >= argc || p->n_items == 0) {
		if (i >= 0)
			ipxe_cmd_diag(c, "choose: %s", i >= argc ? "no setting named" : "no menu items");
		return IPXE_FAIL;
	}
	for (size_t k = 0; k < p->n_chosen; k++)
		if (p->chosen[k].script == c->script && p->chosen[k].line == c->line)
			return IPXE_STOP; /* back to a menu this path chose in: listed once already */
	if (p->n_chosen >= IPXE_MAX_MENU_DEPTH) {
		ipxe_cmd_diag(c, "choose: menus nested deeper than %u", IPXE_MAX_MENU_DEPTH);
		return IPXE_STOP;
	}
	if (p->n_chosen == 0 && (r = ipxe_choose_defaults(c, o[1].value, o[2].value)) < 0)
		return r;
	for (size_t k = 0; k < p->n_items && !c->run->steps_said; k++) {
		const struct ipxe_item *it = &p->items[k];
		struct ipxe_path *child;
		char *title = NULL;

		if (!it->label)
			continue;
		if (++c->run->n_paths > IPXE_MAX_PATHS) {
			if (c->run->n_paths == IPXE_MAX_PATHS + 1)
				ipxe_cmd_diag(c, "more than %u menu items followed; the rest ignored", IPXE_MAX_PATHS);
			break;
		}
		child = ipxe_path_copy(p);
		if (!child)
			return -ENOMEM;
		if (!o[4].value)
			ipxe_items_clear(child);
		child->chosen[child->n_chosen++] = (struct ipxe_choice){ c->script, c->line };
		r = p->title ? (asprintf(&title, "%s>%s", p->title, it->text) < 0 ? -ENOMEM : 0) :
			       (!(title = strdup(it->text)) ? -ENOMEM : 0);
		free(child->title);
		child->title = title;
		if (r >= 0)
			r = str_set(&child->id_script, c->run->scripts[c->script].url);
		if (r >= 0)
			r = str_set(&child->id_label, it->label);
		/* the copy, not this path, holds the choice */
		if (r >= 0)
			r = ipxe_var_set(child, argv[i], it->label);
		if (r == -ENOSPC) {
			ipxe_cmd_diag(c, "more than %u settings set", IPXE_MAX_VARS);
			r = 0;
		}
		if (r >= 0)
			r = ipxe_exec(c->run, child, c->script, c->line, c->next_seg, IPXE_OK, c->depth);
		/* the item's path goes on after the chain lines this script was run from */
		if (r >= 0)
			r = ipxe_path_return(c->run, child, r);
		ipxe_path_free(child);
		if (r < 0)
			return r;
	}
	return IPXE_STOP;
}

static int cmd_prompt(struct ipxe_cmd *c, int argc, char **argv)
{
	struct ipxe_opt o[] = { { "key", 'k', true, NULL }, { "timeout", 't', true, NULL } };

	if (ipxe_opts_parse(c, argc, argv, o, 2) < 0)
		return IPXE_FAIL;
	/* nobody presses a key: a prompt with a timeout times out, one without waits for ever */
	return o[1].value ? IPXE_FAIL : IPXE_OK;
}

static int cmd_exit(struct ipxe_cmd *c, int argc, char **argv)
{
	(void)c, (void)argc, (void)argv;
	return IPXE_EXIT;
}

static int cmd_end(struct ipxe_cmd *c, int argc, char **argv)
{
	(void)c, (void)argc, (void)argv;
	return IPXE_STOP;
}

static int cmd_nothing(struct ipxe_cmd *c, int argc, char **argv)
{
	(void)c, (void)argc, (void)argv;
	return IPXE_OK;
}

static int cmd_shell(struct ipxe_cmd *c, int argc, char **argv)
{
	(void)argc;
	ipxe_cmd_diag(c, "%s: no interactive iPXE shell here; taken as failed", argv[0]);
	return IPXE_FAIL;
}

static int cmd_unsupported(struct ipxe_cmd *c, int argc, char **argv)
{
	(void)argc;
	ipxe_cmd_diag(c, "'%s' is not supported; taken as failed", argv[0]);
	return IPXE_FAIL;
}

static const struct {
	const char *name;
	int (*run)(struct ipxe_cmd *c, int argc, char **argv);
} ipxe_commands[] = {
	{ "kernel", cmd_kernel },     { "imgselect", cmd_kernel },  { "imgload", cmd_kernel },
	{ "initrd", cmd_initrd },     { "imgfetch", cmd_initrd },   { "module", cmd_initrd },
	{ "chain", cmd_chain },       { "imgexec", cmd_chain },     { "boot", cmd_chain },
	{ "imgargs", cmd_imgargs },   { "imgfree", cmd_imgfree },   { "set", cmd_set },
	{ "clear", cmd_clear },       { "inc", cmd_inc },           { "isset", cmd_isset },
	{ "iseq", cmd_iseq },         { "goto", cmd_goto },         { "menu", cmd_menu },
	{ "item", cmd_item },         { "choose", cmd_choose },     { "prompt", cmd_prompt },
	{ "exit", cmd_exit },         { "reboot", cmd_end },        { "poweroff", cmd_end },
	{ "shell", cmd_shell },       { "sanboot", cmd_unsupported }, { "sanhook", cmd_unsupported },
	{ "autoboot", cmd_unsupported }, { "read", cmd_unsupported }, { "login", cmd_unsupported },
	{ "config", cmd_unsupported },
	/* network and display: done already or meaningless before kexec */
	{ "dhcp", cmd_nothing },      { "ifconf", cmd_nothing },    { "ifopen", cmd_nothing },
	{ "ifclose", cmd_nothing },   { "ifstat", cmd_nothing },    { "iflinkwait", cmd_nothing },
	{ "echo", cmd_nothing },      { "sleep", cmd_nothing },     { "show", cmd_nothing },
	{ "imgstat", cmd_nothing },   { "route", cmd_nothing },     { "ntp", cmd_nothing },
	{ "cpuid", cmd_nothing },     { "colour", cmd_nothing },    { "cpair", cmd_nothing },
	{ "console", cmd_nothing },   { "params", cmd_nothing },    { "param", cmd_nothing },
	{ "sync", cmd_nothing },      { "vcreate", cmd_nothing },   { "vdestroy", cmd_nothing },
	/* trust is kexboot's verify stage's call, not the script's */
	{ "imgtrust", cmd_nothing },  { "imgverify", cmd_imgverify },
};

int ipxe_cmd_run(struct ipxe_cmd *c, int argc, char **argv)
{
	for (size_t i = 0; i < sizeof(ipxe_commands) / sizeof(ipxe_commands[0]); i++)
		if (strcmp(ipxe_commands[i].name, argv[0]) == 0)
			return ipxe_commands[i].run(c, argc, argv);
	ipxe_cmd_diag(c, "unknown command '%s'", argv[0]);
	return IPXE_OK;
}
