// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * iPXE settings: what `set` stored on the path, then what the source knows
 * about the machine, then a few built-ins; and ${name[:type]} expansion,
 * innermost first so ${${x}} reads the setting x names.
 */
#include "boot/ipxe/internal.h"
#include "lib/strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#define IPXE_BUILDARCH "x86_64"
#elif defined(__i386__)
#define IPXE_BUILDARCH "i386"
#elif defined(__aarch64__)
#define IPXE_BUILDARCH "arm64"
#elif defined(__arm__)
#define IPXE_BUILDARCH "arm32"
#elif defined(__riscv) && __riscv_xlen == 64
#define IPXE_BUILDARCH "riscv64"
#else
#define IPXE_BUILDARCH "unknown"
#endif

/* Scripts pick their EFI branch: a LinuxBoot machine boots the same kernels either way. */
static const struct source_setting ipxe_builtins[] = {
	{ "buildarch", IPXE_BUILDARCH },
	{ "platform", "efi" },
};

static const struct ipxe_var *ipxe_var_find(const struct ipxe_path *path, const char *name)
{
	for (size_t i = 0; i < path->n_vars; i++)
		if (strcmp(path->vars[i].name, name) == 0)
			return &path->vars[i];
	return NULL;
}

static const char *ipxe_table_get(const struct source_setting *t, size_t n, const char *name)
{
	for (size_t i = 0; t && i < n; i++)
		if (t[i].name && strcmp(t[i].name, name) == 0)
			return t[i].value;
	return NULL;
}

static const char *ipxe_var_lookup(const struct ipxe_run *run, const struct ipxe_path *path, const char *name,
				   bool *found)
{
	const struct ipxe_var *v = ipxe_var_find(path, name);
	const char *s;

	*found = true;
	if (v)
		return v->value;
	s = ipxe_table_get(run->src->settings, run->src->n_settings, name);
	if (s)
		return s;
	s = ipxe_table_get(ipxe_builtins, sizeof(ipxe_builtins) / sizeof(ipxe_builtins[0]), name);
	if (s)
		return s;
	*found = false;
	return NULL;
}

const char *ipxe_var_get(const struct ipxe_run *run, const struct ipxe_path *path, const char *name)
{
	char alias[128];
	bool found;
	const char *s = ipxe_var_lookup(run, path, name, &found);

	if (found)
		return s;
	/* netX is the interface opened last: kexboot knows one, net0 */
	if (strncmp(name, "netX/", 5) == 0) {
		snprintf(alias, sizeof(alias), "net0/%s", name + 5);
		return ipxe_var_lookup(run, path, alias, &found);
	}
	/* an unscoped name finds the first settings block that has it */
	if (!strchr(name, '/') && strlen(name) < sizeof(alias) - 5) {
		snprintf(alias, sizeof(alias), "net0/%s", name);
		return ipxe_var_lookup(run, path, alias, &found);
	}
	return NULL;
}

int ipxe_var_set(struct ipxe_path *path, const char *name, const char *value)
{
	struct ipxe_var *v = (struct ipxe_var *)ipxe_var_find(path, name);
	char *copy = NULL;

	if (value) {
		copy = strdup(value);
		if (!copy)
			return -ENOMEM;
	}
	if (v) {
		free(v->value);
		v->value = copy;
		return 0;
	}
	if (path->n_vars >= IPXE_MAX_VARS) {
		free(copy);
		return -ENOSPC;
	}
	v = &path->vars[path->n_vars];
	v->name = strdup(name);
	if (!v->name) {
		free(copy);
		return -ENOMEM;
	}
	v->value = copy;
	path->n_vars++;
	return 0;
}

static bool ipxe_is_hexbyte_list(const char *s)
{
	size_t n = strlen(s);

	/* "52:54:00:12:34:56": pairs of hex digits joined by ':' */
	if (n < 2 || (n + 1) % 3 != 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool sep = i % 3 == 2;

		if (sep ? s[i] != ':' : !strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	}
	return true;
}

/* value shown as type into out; false when the type is not one kexboot applies. */
static int ipxe_type_apply(const char *type, const char *value, struct strbuf *out, bool *supported)
{
	static const char hex[] = "0123456789ABCDEF";
	int r = 0;

	*supported = true;
	if (!type || strcmp(type, "string") == 0)
		return strbuf_puts(out, value);
	if (strcmp(type, "hex") == 0 || strcmp(type, "hexhyp") == 0 || strcmp(type, "hexraw") == 0) {
		/* settings kexboot is given are text; a MAC is the one hex-typed value scripts format */
		if (!ipxe_is_hexbyte_list(value)) {
			*supported = false;
			return strbuf_puts(out, value);
		}
		for (const char *p = value; *p && r >= 0; p++) {
			if (*p != ':')
				r = strbuf_putc(out, *p);
			else if (type[3] == 'h')
				r = strbuf_putc(out, '-');
			else if (type[3] == '\0')
				r = strbuf_putc(out, ':');
		}
		return r;
	}
	if (strcmp(type, "uristring") == 0) {
		for (const unsigned char *p = (const unsigned char *)value; *p && r >= 0; p++) {
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			    strchr("-._~", *p)) {
				r = strbuf_putc(out, (char)*p);
			} else {
				r = strbuf_putc(out, '%');
				if (r >= 0)
					r = strbuf_putc(out, hex[*p >> 4]);
				if (r >= 0)
					r = strbuf_putc(out, hex[*p & 15]);
			}
		}
		return r;
	}
	*supported = false;
	return strbuf_puts(out, value);
}

/* The value of "name[:type]" appended to out. */
static int ipxe_expand_one(const struct ipxe_cmd *c, char *spec, struct strbuf *out)
{
	char *type = strrchr(spec, ':');
	const char *value;
	bool supported;
	int r;

	if (type)
		*type++ = '\0';
	value = ipxe_var_get(c->run, c->path, spec);
	if (!value)
		value = "";
	r = ipxe_type_apply(type, value, out, &supported);
	if (r >= 0 && !supported)
		ipxe_cmd_diag(c, "${%s:%s}: type '%s' not supported; expanded as text", spec, type, type);
	return r;
}

int ipxe_expand(struct ipxe_cmd *c, const char *in, char **ret)
{
	char *cur = strdup(in);

	if (!cur)
		return -ENOMEM;
	for (;;) {
		char *open = NULL, *close = NULL;
		struct strbuf sb;
		int r;

		/* the innermost pair: the first '}' after a "${", with the last "${" before it */
		for (char *p = cur; *p && !close; p++) {
			if (p[0] == '$' && p[1] == '{')
				open = p++;
			else if (*p == '}' && open)
				close = p;
		}
		if (!close)
			break;
		if (++c->expansions > IPXE_MAX_EXPANSIONS) {
			ipxe_cmd_diag(c, "more than %u settings expanded for one command; the rest left as is",
				      IPXE_MAX_EXPANSIONS);
			break;
		}
		sb = (struct strbuf)STRBUF_INIT;
		*open = '\0';
		*close = '\0';
		r = strbuf_puts(&sb, cur);
		if (r >= 0)
			r = ipxe_expand_one(c, open + 2, &sb);
		if (r >= 0)
			r = strbuf_puts(&sb, close + 1);
		free(cur);
		if (r < 0) {
			strbuf_done(&sb);
			return -ENOMEM;
		}
		cur = strbuf_steal(&sb);
		if (!cur)
			return -ENOMEM;
		if (strlen(cur) > IPXE_MAX_LINE) {
			ipxe_cmd_diag(c, "an argument grows past %u bytes when expanded; cut", IPXE_MAX_LINE);
			cur[IPXE_MAX_LINE] = '\0';
			break;
		}
	}
	*ret = cur;
	return 0;
}
