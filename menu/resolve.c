// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which entry is the default and how long to wait: kernel command line
 * first, then the configs, then kexboot's own defaults. Values come in as
 * plain parameters; the coordinator owns settings and configs.
 */
#include "menu/menu.h"

#include <stdlib.h>
#include <string.h>

static bool menu_parse_index(const char *s, size_t n, size_t *ret)
{
	size_t v = 0;

	if (!*s)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (size_t)(*p - '0');
		if (v >= n)
			return false;
	}
	*ret = v;
	return true;
}

static const char *menu_title_leaf(const char *title)
{
	const char *gt = strrchr(title, '>');

	return gt ? gt + 1 : title;
}

/* Id, then index, then full title, then a unique last title component. */
static bool menu_match_default(const struct boot_set *set, const char *want, size_t *ret)
{
	size_t n = set->n_entries, found = SIZE_MAX, hits = 0;

	if (!want || !*want)
		return false;
	for (size_t i = 0; i < n; i++)
		if (set->entries[i]->id && strcmp(set->entries[i]->id, want) == 0) {
			*ret = i;
			return true;
		}
	if (menu_parse_index(want, n, ret))
		return true;
	for (size_t i = 0; i < n; i++)
		if (set->entries[i]->title && strcmp(set->entries[i]->title, want) == 0) {
			*ret = i;
			return true;
		}
	for (size_t i = 0; i < n; i++)
		if (set->entries[i]->title &&
		    strcmp(menu_title_leaf(set->entries[i]->title), menu_title_leaf(want)) == 0) {
			found = i;
			hits++;
		}
	if (hits == 1) {
		*ret = found;
		return true;
	}
	return false;
}

size_t menu_resolve_default(const struct boot_set *set, const char *cmdline_default)
{
	size_t i;

	if (!set || set->n_entries == 0)
		return 0;
	if (menu_match_default(set, cmdline_default, &i))
		return i;
	if (menu_match_default(set, set->default_id, &i))
		return i;
	return 0;
}

int menu_resolve_timeout(int cmdline_timeout, int config_timeout, int fallback_s)
{
	int t = cmdline_timeout != BOOT_TIMEOUT_UNSET ? cmdline_timeout
		: config_timeout != BOOT_TIMEOUT_UNSET ? config_timeout
		: fallback_s;

	if (t < 0)
		return -1;
	return t > MENU_MAX_TIMEOUT_S ? MENU_MAX_TIMEOUT_S : t;
}
