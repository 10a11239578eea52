// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/volume.h"

#include <string.h>
#include <strings.h>

static bool volume_key_match(const char *spec, const char *key, const char *val, bool icase)
{
	size_t kl = strlen(key);

	if (!val || strncmp(spec, key, kl) != 0)
		return false;
	return icase ? strcasecmp(spec + kl, val) == 0 : strcmp(spec + kl, val) == 0;
}

bool boot_volume_is(const struct boot_volume *v, const char *spec)
{
	return v && spec &&
	       ((v->name && strcmp(v->name, spec) == 0) || volume_key_match(spec, "UUID=", v->uuid, true) ||
		volume_key_match(spec, "LABEL=", v->label, false) ||
		volume_key_match(spec, "PARTUUID=", v->partuuid, true) ||
		volume_key_match(spec, "PARTLABEL=", v->partlabel, false));
}

const struct boot_volume *boot_volume_find_near(const struct boot_volumes *vs, const char *spec,
						const struct boot_volume *home)
{
	return boot_volume_is(home, spec) ? home : boot_volume_find(vs, spec);
}

size_t boot_volume_matches(const struct boot_volumes *vs, const char *spec, const struct boot_volume **ret,
			   size_t max)
{
	size_t n = 0;

	for (size_t i = 0; vs && i < vs->n; i++)
		if (boot_volume_is(&vs->v[i], spec)) {
			if (n < max)
				ret[n] = &vs->v[i];
			n++;
		}
	return n;
}

const struct boot_volume *boot_volume_find(const struct boot_volumes *vs, const char *spec)
{
	const struct boot_volume *any = NULL;

	if (!vs || !spec)
		return NULL;
	for (size_t i = 0; i < vs->n; i++) {
		const struct boot_volume *v = &vs->v[i];

		if (boot_volume_is(v, spec))
			return v;
		if (v->match_any && !any)
			any = v;
	}
	return any;
}
