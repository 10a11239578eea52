// SPDX-License-Identifier: GPL-2.0-or-later
#include "config/settings.h"
#include "config/defaults.h"
#include "lib/cleanup.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

void settings_init(struct settings *s)
{
	memset(s, 0, sizeof(*s));
	s->timeout = SETTINGS_TIMEOUT_UNSET;
	s->shell = KEXBOOT_DEFAULT_SHELL;
	s->menu = KEXBOOT_DEFAULT_MENU;
	s->quiesce = KEXBOOT_DEFAULT_QUIESCE;
	s->discovery_limit_s = KEXBOOT_DEFAULT_DISCOVERY_LIMIT_S;
	s->load_limit_s = KEXBOOT_DEFAULT_LOAD_LIMIT_S;
	s->retry_s = KEXBOOT_DEFAULT_RETRY_S;
}

void settings_done(struct settings *s)
{
	free(s->default_entry);
	free(s->url);
	free(s->net);
	free(s->ip);
	free(s->modules);
	free(s->keyring);
	free(s->secrets);
	free(s->credentials_dir);
	settings_init(s);
}

int cmdline_foreach(const char *cmdline, int (*fn)(const char *word, void *userdata), void *userdata)
{
	struct strbuf word = STRBUF_INIT;
	const char *p = cmdline;
	int r = 0;

	while (*p) {
		bool quoted = false;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		word.len = 0;
		for (; *p && (quoted || (*p != ' ' && *p != '\t' && *p != '\n')); p++) {
			if (*p == '"') {
				quoted = !quoted;
				continue;
			}
			r = strbuf_putc(&word, *p);
			if (r < 0)
				goto out;
		}
		r = fn(word.buf ? word.buf : "", userdata);
		if (r < 0)
			goto out;
	}
	r = 0;
out:
	strbuf_done(&word);
	return r;
}

static int parse_bool(const char *v, bool *ret)
{
	if (!v || !strcmp(v, "1") || !strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true")) {
		*ret = true;
		return 0;
	}
	if (!strcmp(v, "0") || !strcmp(v, "off") || !strcmp(v, "no") || !strcmp(v, "false")) {
		*ret = false;
		return 0;
	}
	return -EINVAL;
}

static int parse_int(const char *v, int min, int max, int *ret)
{
	char *end;
	long n;

	if (!v || !*v)
		return -EINVAL;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || n < min || n > max)
		return -EINVAL;
	*ret = (int)n;
	return 0;
}

static int str_dup_into(char **dst, const char *src)
{
	char *p = strdup(src);

	if (!p)
		return -ENOMEM;
	free(*dst);
	*dst = p;
	return 0;
}

struct parse_ctx {
	struct settings *s;
	struct diag_list *complaints;
};

static int settings_word(const char *word, void *userdata)
{
	struct parse_ctx *ctx = userdata;
	struct settings *s = ctx->s;
	_cleanup_free_ char *key = NULL;
	const char *eq, *val;
	int r = 0;

	if (strncmp(word, "kexboot.", 8) != 0)
		return 0;
	eq = strchr(word, '=');
	key = strndup(word + 8, eq ? (size_t)(eq - word - 8) : strlen(word + 8));
	if (!key)
		return -ENOMEM;
	val = eq ? eq + 1 : NULL;

	if (!strcmp(key, "timeout"))
		r = parse_int(val, -1, 24 * 3600, &s->timeout);
	else if (!strcmp(key, "shell"))
		r = parse_bool(val, &s->shell);
	else if (!strcmp(key, "menu"))
		r = parse_bool(val, &s->menu);
	else if (!strcmp(key, "quiesce"))
		r = parse_bool(val, &s->quiesce);
	else if (!strcmp(key, "debug"))
		r = parse_bool(val, &s->debug);
	else if (!strcmp(key, "default"))
		r = val && *val ? str_dup_into(&s->default_entry, val) : -EINVAL;
	else if (!strcmp(key, "url"))
		r = val && *val ? str_dup_into(&s->url, val) : -EINVAL;
	else if (!strcmp(key, "net"))
		r = val && *val ? str_dup_into(&s->net, val) : -EINVAL;
	else if (!strcmp(key, "net.timeout"))
		r = parse_int(val, 1, 600, &s->net_timeout);
	else if (!strcmp(key, "net.v6")) {
		bool on;

		r = parse_bool(val, &on);
		if (r >= 0)
			s->net_v6_off = !on;
	}
	else if (!strcmp(key, "ip"))
		r = val && *val ? str_dup_into(&s->ip, val) : -EINVAL;
	else if (!strcmp(key, "modules"))
		r = val ? str_dup_into(&s->modules, val) : -EINVAL;
	else if (!strcmp(key, "keyring"))
		r = val && *val ? str_dup_into(&s->keyring, val) : -EINVAL;
	else if (!strcmp(key, "secrets"))
		r = val && *val ? str_dup_into(&s->secrets, val) : -EINVAL;
	else if (!strcmp(key, "credentials"))
		r = val && *val == '/' ? str_dup_into(&s->credentials_dir, val) : -EINVAL;
	else if (!strcmp(key, "test.memscan"))
		r = parse_bool(val, &s->test_memscan);
	else if (!strcmp(key, "interface")) {
		if (val && !strcmp(val, "auto"))
			s->interface = SETTINGS_INTERFACE_AUTO;
		else if (val && !strcmp(val, "segments"))
			s->interface = SETTINGS_INTERFACE_SEGMENTS;
		else if (val && !strcmp(val, "file"))
			s->interface = SETTINGS_INTERFACE_FILE;
		else
			r = -EINVAL;
	}
	else if (!strcmp(key, "discovery_limit"))
		r = parse_int(val, 1, KEXBOOT_LIMIT_MAX_S, &s->discovery_limit_s);
	else if (!strcmp(key, "load_limit"))
		r = parse_int(val, 1, KEXBOOT_LIMIT_MAX_S, &s->load_limit_s);
	else if (!strcmp(key, "retry"))
		r = parse_int(val, 0, KEXBOOT_LIMIT_MAX_S, &s->retry_s);
	else if (!strcmp(key, "fault")) {
		if (val && !strcmp(val, "segv"))
			s->fault = SETTINGS_FAULT_SEGV;
		else if (val && !strcmp(val, "exit"))
			s->fault = SETTINGS_FAULT_EXIT;
		else if (val && !strcmp(val, "hang-discovery"))
			s->fault = SETTINGS_FAULT_HANG_DISCOVERY;
		else if (val && !strcmp(val, "hang-load"))
			s->fault = SETTINGS_FAULT_HANG_LOAD;
		else if (val && !strcmp(val, "busy-load"))
			s->fault = SETTINGS_FAULT_BUSY_LOAD;
		else
			r = -EINVAL;
	} else {
		(void)diag_note(ctx->complaints, "kernel command line: unknown key 'kexboot.%s', ignored", key);
		return 0;
	}
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		(void)diag_note(ctx->complaints, "kernel command line: bad value in '%s', ignored", word);
	return 0;
}

int settings_parse(struct settings *s, const char *cmdline, struct diag_list *complaints)
{
	struct parse_ctx ctx = { s, complaints };

	return cmdline_foreach(cmdline, settings_word, &ctx);
}
