// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The iPXE row and interpreter: fetches scripts through the source, splits
 * each line into words and &&/|| segments, expands each segment's settings
 * just before it runs (so `choose t && goto ${t}` sees the choice), and
 * turns every boot into an entry. Paths through a menu are copies of the
 * state run one after the other; every loop is bounded by the step and
 * jump limits of ipxe.h.
 */
#include "boot/ipxe/internal.h"
#include "lib/url.h"
#include "lib/cleanup.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One line in words; op[i] is true for an unquoted "&&" or "||" between commands. */
struct ipxe_words {
	char *w[IPXE_MAX_ARGS];
	bool op[IPXE_MAX_ARGS];
	size_t n;
};

void ipxe_cmd_diag(const struct ipxe_cmd *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (diag_add(c->run->diags, c->run->scripts[c->script].url, (unsigned)c->line + 1, "%s", msg) < 0)
		c->run->err = -ENOMEM;
}

bool ipxe_is_script(const char *text)
{
	if (strncmp(text, "\xef\xbb\xbf", 3) == 0)
		text += 3;
	text += strspn(text, " \t\r\n");
	if (strncmp(text, "#!ipxe", 6) != 0 && strncmp(text, "#!gpxe", 6) != 0)
		return false;
	return text[6] == '\0' || strchr(" \t\r\n", text[6]);
}

bool ipxe_url_is_kernel(const char *url)
{
	static const char *const prefixes[] = { "vmlinuz", "vmlinux", "bzimage", "linux", "kernel", "image" };
	size_t end = strcspn(url, "?#"), start = end, n;

	while (start > 0 && url[start - 1] != '/')
		start--;
	n = end - start;
	if (n >= 5 && strncasecmp(url + end - 5, ".ipxe", 5) == 0)
		return false;
	if (n >= 4 && (strncasecmp(url + end - 4, ".efi", 4) == 0 || strncasecmp(url + end - 4, ".elf", 4) == 0))
		return true;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (n >= strlen(prefixes[i]) && strncasecmp(url + start, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

int ipxe_url_resolve(const char *base, const char *ref, char **ret)
{
	int r;

	*ret = NULL;
	r = url_resolve(base, ref, ret);
	if (r != -EINVAL)
		return r;
	/* A base that is no URL kexboot can use: nothing to resolve against. */
	*ret = strdup(ref);
	return *ret ? 0 : -ENOMEM;
}

void ipxe_image_done(struct ipxe_image *img)
{
	free(img->name);
	free(img->url);
	free(img->args);
	free(img->sig_url);
	memset(img, 0, sizeof(*img));
}

void ipxe_items_clear(struct ipxe_path *p)
{
	for (size_t i = 0; i < p->n_items; i++) {
		free(p->items[i].label);
		free(p->items[i].text);
	}
	free(p->items);
	p->items = NULL;
	p->n_items = 0;
}

void ipxe_path_free(struct ipxe_path *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_vars; i++) {
		free(p->vars[i].name);
		free(p->vars[i].value);
	}
	ipxe_image_done(&p->kernel);
	for (size_t i = 0; i < p->n_images; i++)
		ipxe_image_done(&p->images[i]);
	ipxe_items_clear(p);
	free(p->title);
	free(p->id_script);
	free(p->id_label);
	free(p);
}

/* *dst = a copy of src (NULL stays NULL); false when out of memory. */
static bool ipxe_dup(char **dst, const char *src)
{
	*dst = src ? strdup(src) : NULL;
	return !src || *dst;
}

static bool ipxe_image_copy(struct ipxe_image *dst, const struct ipxe_image *src)
{
	return ipxe_dup(&dst->name, src->name) & ipxe_dup(&dst->url, src->url) & ipxe_dup(&dst->args, src->args) &
	       ipxe_dup(&dst->sig_url, src->sig_url);
}

struct ipxe_path *ipxe_path_copy(const struct ipxe_path *p)
{
	struct ipxe_path *c = calloc(1, sizeof(*c));
	bool ok = c != NULL;

	if (!c)
		return NULL;
	for (size_t i = 0; i < p->n_vars; i++, c->n_vars++)
		ok &= ipxe_dup(&c->vars[i].name, p->vars[i].name) & ipxe_dup(&c->vars[i].value, p->vars[i].value);
	ok &= ipxe_image_copy(&c->kernel, &p->kernel);
	for (size_t i = 0; i < p->n_images; i++, c->n_images++)
		ok &= ipxe_image_copy(&c->images[i], &p->images[i]);
	if (p->n_items) {
		c->items = calloc(p->n_items, sizeof(*c->items));
		ok &= c->items != NULL;
		for (size_t i = 0; c->items && i < p->n_items; i++, c->n_items++) {
			ok &= ipxe_dup(&c->items[i].label, p->items[i].label) &
			      ipxe_dup(&c->items[i].text, p->items[i].text);
			c->items[i].is_default = p->items[i].is_default;
		}
	}
	ok &= ipxe_dup(&c->title, p->title) & ipxe_dup(&c->id_script, p->id_script) &
	      ipxe_dup(&c->id_label, p->id_label);
	memcpy(c->chosen, p->chosen, sizeof(c->chosen));
	c->n_chosen = p->n_chosen;
	memcpy(c->frames, p->frames, sizeof(c->frames));
	c->n_frames = p->n_frames;
	c->jumps = p->jumps;
	if (!ok) {
		ipxe_path_free(c);
		return NULL;
	}
	return c;
}

int ipxe_script_load(struct ipxe_run *run, const char *url, struct diag_list *why)
{
	struct ipxe_script *s;
	char *text = NULL;
	size_t len = 0, n = 1;
	int r;

	for (size_t i = 0; i < run->n_scripts; i++)
		if (strcmp(run->scripts[i].url, url) == 0)
			return (int)i;
	if (run->n_scripts >= IPXE_MAX_SCRIPTS)
		return -E2BIG;
	r = source_read(run->src, url, IPXE_MAX_FILE, &text, &len, why);
	if (r < 0)
		return r;
	if (!ipxe_is_script(text)) {
		free(text);
		return -EMEDIUMTYPE;
	}
	s = &run->scripts[run->n_scripts];
	for (size_t i = 0; i < len && text[i]; i++)
		n += text[i] == '\n';
	if (n > IPXE_MAX_LINES) {
		diag_add(run->diags, url, IPXE_MAX_LINES + 1, "more than %u lines; the rest ignored", IPXE_MAX_LINES);
		n = IPXE_MAX_LINES;
	}
	s->url = strdup(url);
	s->lines = calloc(n, sizeof(*s->lines));
	if (!s->url || !s->lines) {
		free(s->url);
		free(s->lines);
		free(text);
		memset(s, 0, sizeof(*s));
		return -ENOMEM;
	}
	s->text = text;
	for (char *p = text; p && s->n_lines < n;) {
		char *nl = strchr(p, '\n');

		s->lines[s->n_lines++] = p;
		if (nl)
			*nl++ = '\0';
		p = nl;
	}
	return (int)run->n_scripts++;
}

static void ipxe_words_done(struct ipxe_words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->w[i]);
	w->n = 0;
}

/* Splits a line into words: blanks separate, "..." and '...' quote, a backslash escapes one character. */
static int ipxe_words_split(const struct ipxe_cmd *c, const char *line, struct ipxe_words *w)
{
	const char *p = line;

	w->n = 0;
	for (;;) {
		char *word, *o;
		bool quoted = false;
		char q = 0;

		p += strspn(p, " \t\r");
		if (!*p)
			return 0;
		if (w->n >= IPXE_MAX_ARGS) {
			ipxe_cmd_diag(c, "more than %u words; the rest ignored", IPXE_MAX_ARGS);
			return 0;
		}
		word = malloc(strlen(p) + 1);
		if (!word)
			return -ENOMEM;
		for (o = word; *p && (q || !strchr(" \t\r", *p)); p++) {
			if (*p == '\\' && p[1] && q != '\'') {
				*o++ = *++p;
				quoted = true;
			} else if (q && *p == q) {
				q = 0;
			} else if (!q && (*p == '"' || *p == '\'')) {
				q = *p;
				quoted = true;
			} else {
				*o++ = *p;
			}
		}
		*o = '\0';
		if (q)
			ipxe_cmd_diag(c, "unterminated quote");
		w->op[w->n] = !quoted && (strcmp(word, "&&") == 0 || strcmp(word, "||") == 0);
		w->w[w->n++] = word;
	}
}

/* Runs the segments of w from segment seg (counted by operators) with status in front of it. */
static int ipxe_segments_run(struct ipxe_cmd *c, struct ipxe_words *w, size_t seg, int status)
{
	size_t i = 0, k = 0;

	/* the first word of segment seg */
	while (k < seg && i < w->n) {
		if (w->op[i++])
			k++;
	}
	while (i <= w->n) {
		size_t start = i, argc = 0;
		const char *op = start > 0 && w->op[start - 1] ? w->w[start - 1] : NULL;
		char *argv[IPXE_MAX_ARGS + 1];
		int r = 0;

		while (i < w->n && !w->op[i])
			i++;
		if (op && !((op[0] == '&' && status == IPXE_OK) || (op[0] == '|' && status == IPXE_FAIL))) {
			/* skipped: the status stays for the next operator */
		} else if (++c->run->steps > IPXE_MAX_STEPS) {
			if (!c->run->steps_said)
				ipxe_cmd_diag(c, "stopped after %u commands (the step limit)", IPXE_MAX_STEPS);
			c->run->steps_said = true;
			return IPXE_STOP;
		} else {
				c->expansions = 0;
			for (size_t j = start; j < i && r >= 0; j++) {
				r = ipxe_expand(c, w->w[j], &argv[argc]);
				if (r >= 0)
					argc++;
			}
			argv[argc] = NULL;
			c->next_seg = k + 1;
			status = r < 0 ? r : argc == 0 ? IPXE_OK : ipxe_cmd_run(c, (int)argc, argv);
			for (size_t j = 0; j < argc; j++)
				free(argv[j]);
			if (status < 0 || status == IPXE_STOP || status == IPXE_EXIT || status == IPXE_JUMP)
				return status;
		}
		if (i >= w->n)
			break;
		i++; /* the operator */
		k++;
	}
	return status;
}

int ipxe_exec(struct ipxe_run *run, struct ipxe_path *path, size_t script, size_t line, size_t seg,
	      int status_in, unsigned depth)
{
	const struct ipxe_script *s = &run->scripts[script];
	size_t next = line;
	bool first = true;

	while (next < s->n_lines) {
		struct ipxe_cmd c = { .run = run, .path = path, .script = script, .line = next, .next_line = &next,
				      .depth = depth };
		const char *text = s->lines[next++];
		struct ipxe_words w;
		int r;

		if (c.line == 0 && strncmp(text, "\xef\xbb\xbf", 3) == 0)
			text += 3; /* a BOM before the magic line */
		text += strspn(text, " \t\r");
		if (!*text || *text == '#' || *text == ':') {
			first = false;
			continue;
		}
		if (strlen(text) > IPXE_MAX_LINE) {
			ipxe_cmd_diag(&c, "line longer than %u bytes; skipped", IPXE_MAX_LINE);
			first = false;
			continue;
		}
		r = ipxe_words_split(&c, text, &w);
		if (r >= 0)
			r = ipxe_segments_run(&c, &w, first ? seg : 0, first ? status_in : IPXE_OK);
		ipxe_words_done(&w);
		first = false;
		if (run->err < 0)
			return run->err;
		if (r == IPXE_JUMP || r == IPXE_OK)
			continue;
		return r; /* a failed line ends its script, as in iPXE; STOP, EXIT, errors */
	}
	return IPXE_OK;
}

int ipxe_path_return(struct ipxe_run *run, struct ipxe_path *path, int r)
{
	while (r >= 0 && r != IPXE_STOP && path->n_frames > 0) {
		const struct ipxe_frame f = path->frames[--path->n_frames];
		/* what the chain command answers: a script's `exit` is a success */
		int status = r == IPXE_EXIT ? IPXE_OK : r;

		if (f.replace && status == IPXE_OK)
			r = IPXE_EXIT; /* the chaining script ended too */
		else
			r = ipxe_exec(run, path, f.script, f.line, f.seg, status, f.depth);
	}
	return r;
}

int ipxe_entry_make(const struct ipxe_cmd *c)
{
	struct ipxe_run *run = c->run;
	const struct ipxe_path *p = c->path;
	const char *url = run->scripts[c->script].url;
	struct boot_entry *e;
	int r = 0;

	if (run->out->n_entries >= IPXE_MAX_ENTRIES) {
		ipxe_cmd_diag(c, "more than %u entries; the rest ignored", IPXE_MAX_ENTRIES);
		return 0;
	}
	e = boot_entry_new(BOOT_SOURCE_IPXE);
	if (!e)
		return -ENOMEM;
	if ((p->id_label ? asprintf(&e->id, "ipxe:%s:%s", p->id_script, p->id_label) :
			   asprintf(&e->id, "ipxe:%s:%zu", url, run->n_made)) < 0 ||
	    asprintf(&e->origin, "%s:%zu", url, c->line + 1) < 0) {
		boot_entry_free(e);
		return -ENOMEM;
	}
	r = str_set(&e->title, p->title ? p->title : p->kernel.url);
	if (r >= 0)
		r = source_ref_set(run->src, &e->kernel, p->kernel.url);
	if (r >= 0 && p->kernel.sig_url)
		r = source_ref_set(run->src, &e->signature, p->kernel.sig_url);
	for (size_t i = 0; r >= 0 && i < p->n_images; i++) {
		struct boot_ref ref = { 0 };

		r = source_ref_set(run->src, &ref, p->images[i].url);
		if (r >= 0)
			r = boot_entry_add_initrd(e, &ref);
		boot_ref_done(&ref);
	}
	if (r >= 0)
		r = str_set(&e->cmdline, p->kernel.args ? p->kernel.args : "");
	if (r >= 0)
		r = boot_set_add(run->out, e);
	if (r < 0) {
		boot_entry_free(e);
		return r;
	}
	run->n_made++;
	return 0;
}

int ipxe_parse_url(const struct source_ctx *ctx, const char *script_url, struct boot_set *out,
		   struct diag_list *diags)
{
	struct ipxe_run run = { .src = ctx, .out = out, .diags = diags };
	struct ipxe_path *path = calloc(1, sizeof(*path));
	int r;

	if (!path)
		return -ENOMEM;
	r = ipxe_script_load(&run, script_url, diags);
	if (r >= 0)
		r = ipxe_exec(&run, path, (size_t)r, 0, 0, IPXE_OK, 0);
	if (r >= 0)
		r = run.err;
	ipxe_path_free(path);
	for (size_t i = 0; i < run.n_scripts; i++) {
		free(run.scripts[i].url);
		free(run.scripts[i].text);
		free(run.scripts[i].lines);
	}
	return r < 0 ? r : 0;
}

/* The script a URL source stands for: its own document, or IPXE_WELL_KNOWN under a directory. */
static int ipxe_top_url(const char *base, char **ret)
{
	const char *sep = strstr(base, "://");
	const char *path = sep ? sep + 3 + strcspn(sep + 3, "/?#") : base;
	const char *slash = strrchr(path, '/');
	size_t n = strlen(base);

	if (*path == '?' || (slash && slash[1] && slash[1] != '?' && slash[1] != '#'))
		*ret = strdup(base);
	else if (asprintf(ret, "%.*s/%s", (int)(n - (n && base[n - 1] == '/')), base, IPXE_WELL_KNOWN) < 0)
		*ret = NULL;
	return *ret ? 0 : -ENOMEM;
}

int ipxe_discover(const struct source_ctx *ctx, struct boot_set *set, struct diag_list *diags)
{
	_cleanup_free_ char *url = NULL;
	struct boot_set tmp;
	int r;

	if (ctx->kind != SOURCE_URL || !ctx->base_url)
		return 0;
	if (ipxe_top_url(ctx->base_url, &url) < 0)
		return -ENOMEM;
	boot_set_init(&tmp);
	r = ipxe_parse_url(ctx, url, &tmp, diags);
	if (r == -ENOMEM) {
		boot_set_done(&tmp);
		return r;
	}
	if (r < 0 && r != -ENOENT && r != -EMEDIUMTYPE)
		diag_add(diags, url, 0, "%s", strerror(-r));
	return source_merge(set, &tmp);
}
