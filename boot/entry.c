// SPDX-License-Identifier: GPL-2.0-or-later
#include "boot/entry.h"
#include "boot/net/dns.h"
#include "lib/cleanup.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const boot_source_names[_BOOT_SOURCE_MAX] = {
	[BOOT_SOURCE_GRUB] = "grub",
	[BOOT_SOURCE_BLS] = "bls",
	[BOOT_SOURCE_UKI] = "uki",
	[BOOT_SOURCE_SYSLINUX] = "syslinux",
	[BOOT_SOURCE_IPXE] = "ipxe",
	[BOOT_SOURCE_URL] = "url",
};

const char *boot_source_to_string(enum boot_source s)
{
	return (unsigned)s < _BOOT_SOURCE_MAX ? boot_source_names[s] : "unknown";
}

int str_set(char **dst, const char *src)
{
	char *p = NULL;

	if (src) {
		p = strdup(src);
		if (!p)
			return -ENOMEM;
	}
	free(*dst);
	*dst = p;
	return 0;
}

struct boot_entry *boot_entry_new(enum boot_source source)
{
	struct boot_entry *e = calloc(1, sizeof(*e));

	if (e)
		e->source = source;
	return e;
}

void boot_ref_done(struct boot_ref *r)
{
	if (!r)
		return;
	free(r->device);
	free(r->path);
	free(r->url);
	free(r->section);
	memset(r, 0, sizeof(*r));
}

int boot_ref_set(struct boot_ref *r, const char *device, const char *path)
{
	int k;

	k = str_set(&r->device, device);
	if (k < 0)
		return k;
	return str_set(&r->path, path);
}

int boot_ref_copy(struct boot_ref *dst, const struct boot_ref *src)
{
	struct boot_ref t = { 0 };

	if ((src->device && !(t.device = strdup(src->device))) ||
	    (src->path && !(t.path = strdup(src->path))) ||
	    (src->url && !(t.url = strdup(src->url))) ||
	    (src->section && !(t.section = strdup(src->section)))) {
		boot_ref_done(&t);
		return -ENOMEM;
	}
	boot_ref_done(dst);
	*dst = t;
	return 0;
}

void boot_entry_free(struct boot_entry *e)
{
	if (!e)
		return;
	free(e->id);
	free(e->title);
	free(e->origin);
	boot_ref_done(&e->kernel);
	for (size_t i = 0; i < e->n_initrds; i++)
		boot_ref_done(&e->initrds[i]);
	free(e->initrds);
	free(e->cmdline);
	boot_ref_done(&e->devicetree);
	boot_ref_done(&e->signature);
	free(e->reason);
	free(e->sort_key);
	free(e->version);
	free(e->machine_id);
	free(e->dns);
	free(e);
}

int boot_entry_set_dns(struct boot_entry *e, const struct dns_config *dns)
{
	struct dns_config *c = NULL;

	if (dns) {
		c = malloc(sizeof(*c));
		if (!c)
			return -ENOMEM;
		*c = *dns;
	}
	free(e->dns);
	e->dns = c;
	return 0;
}

int boot_entry_add_initrd(struct boot_entry *e, const struct boot_ref *ref)
{
	struct boot_ref *n;
	int r;

	if (e->n_initrds >= SIZE_MAX / sizeof(*n) - 1)
		return -ENOMEM;
	n = realloc(e->initrds, (e->n_initrds + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	e->initrds = n;
	memset(&n[e->n_initrds], 0, sizeof(*n));
	r = boot_ref_copy(&n[e->n_initrds], ref);
	if (r < 0)
		return r;
	e->n_initrds++;
	return 0;
}

int boot_entry_set_broken(struct boot_entry *e, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	if (r < 0) {
		strbuf_done(&sb);
		return r;
	}
	free(e->reason);
	e->reason = strbuf_steal(&sb);
	e->state = BOOT_ENTRY_BROKEN;
	return 0;
}

struct boot_entry *boot_entry_dup(const struct boot_entry *e)
{
	struct boot_entry *d = boot_entry_new(e->source);

	if (!d)
		return NULL;
	d->state = e->state;
	if (str_set(&d->id, e->id) < 0 || str_set(&d->title, e->title) < 0 ||
	    str_set(&d->origin, e->origin) < 0 || str_set(&d->cmdline, e->cmdline) < 0 ||
	    str_set(&d->reason, e->reason) < 0 || str_set(&d->sort_key, e->sort_key) < 0 ||
	    str_set(&d->version, e->version) < 0 || str_set(&d->machine_id, e->machine_id) < 0 ||
	    boot_ref_copy(&d->kernel, &e->kernel) < 0 ||
	    boot_ref_copy(&d->devicetree, &e->devicetree) < 0 || boot_ref_copy(&d->signature, &e->signature) < 0 ||
	    boot_entry_set_dns(d, e->dns) < 0)
		goto fail;
	for (size_t i = 0; i < e->n_initrds; i++)
		if (boot_entry_add_initrd(d, &e->initrds[i]) < 0)
			goto fail;
	return d;
fail:
	boot_entry_free(d);
	return NULL;
}

void boot_set_init(struct boot_set *set)
{
	memset(set, 0, sizeof(*set));
	set->timeout = BOOT_TIMEOUT_UNSET;
}

void boot_set_done(struct boot_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n_entries; i++)
		boot_entry_free(set->entries[i]);
	free(set->entries);
	free(set->default_id);
	boot_set_init(set);
}

int boot_set_add(struct boot_set *set, struct boot_entry *e)
{
	struct boot_entry **n;

	if (set->n_entries >= SIZE_MAX / sizeof(*n) - 1)
		return -ENOMEM;
	n = realloc(set->entries, (set->n_entries + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	set->entries = n;
	n[set->n_entries++] = e;
	return 0;
}

const struct boot_entry *boot_set_find(const struct boot_set *set, const char *id)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < set->n_entries; i++)
		if (set->entries[i]->id && strcmp(set->entries[i]->id, id) == 0)
			return set->entries[i];
	return NULL;
}

size_t boot_set_default_index(const struct boot_set *set)
{
	if (set->default_id)
		for (size_t i = 0; i < set->n_entries; i++)
			if (set->entries[i]->id && strcmp(set->entries[i]->id, set->default_id) == 0)
				return i;
	return 0;
}

int boot_ref_to_json(const struct boot_ref *r, struct strbuf *out)
{
	int k = 0;

	if (!r->device && !r->path && !r->url)
		return strbuf_puts(out, "null");
	k |= strbuf_putc(out, '{');
	if (r->url) {
		k |= strbuf_puts(out, "\"url\": ");
		k |= strbuf_json_string(out, r->url);
	} else {
		k |= strbuf_puts(out, "\"device\": ");
		k |= strbuf_json_string(out, r->device);
		k |= strbuf_puts(out, ", \"path\": ");
		k |= strbuf_json_string(out, r->path);
	}
	if (r->section) {
		k |= strbuf_puts(out, ", \"section\": ");
		k |= strbuf_json_string(out, r->section);
	}
	k |= strbuf_putc(out, '}');
	return k < 0 ? -ENOMEM : 0;
}

int boot_set_to_json(const struct boot_set *set, struct strbuf *out)
{
	int k = 0;

	k |= strbuf_puts(out, "{\n  \"default\": ");
	k |= strbuf_json_string(out, set->default_id);
	if (set->timeout == BOOT_TIMEOUT_UNSET)
		k |= strbuf_puts(out, ",\n  \"timeout\": null");
	else
		k |= strbuf_printf(out, ",\n  \"timeout\": %d", set->timeout);
	k |= strbuf_puts(out, ",\n  \"entries\": [");
	for (size_t i = 0; i < set->n_entries; i++) {
		const struct boot_entry *e = set->entries[i];

		k |= strbuf_puts(out, i ? ",\n    {\n" : "\n    {\n");
		k |= strbuf_puts(out, "      \"id\": ");
		k |= strbuf_json_string(out, e->id);
		k |= strbuf_puts(out, ",\n      \"title\": ");
		k |= strbuf_json_string(out, e->title);
		k |= strbuf_puts(out, ",\n      \"source\": ");
		k |= strbuf_json_string(out, boot_source_to_string(e->source));
		k |= strbuf_puts(out, ",\n      \"origin\": ");
		k |= strbuf_json_string(out, e->origin);
		k |= strbuf_puts(out, ",\n      \"kernel\": ");
		k |= boot_ref_to_json(&e->kernel, out);
		k |= strbuf_puts(out, ",\n      \"initrds\": [");
		for (size_t j = 0; j < e->n_initrds; j++) {
			if (j)
				k |= strbuf_puts(out, ", ");
			k |= boot_ref_to_json(&e->initrds[j], out);
		}
		k |= strbuf_puts(out, "],\n      \"cmdline\": ");
		k |= strbuf_json_string(out, e->cmdline);
		k |= strbuf_puts(out, ",\n      \"devicetree\": ");
		k |= boot_ref_to_json(&e->devicetree, out);
		if (e->signature.path || e->signature.url) {
			k |= strbuf_puts(out, ",\n      \"signature\": ");
			k |= boot_ref_to_json(&e->signature, out);
		}
		k |= strbuf_puts(out, ",\n      \"state\": ");
		k |= strbuf_json_string(out, e->state == BOOT_ENTRY_OK ? "ok" : "broken");
		k |= strbuf_puts(out, ",\n      \"reason\": ");
		k |= strbuf_json_string(out, e->reason);
		k |= strbuf_puts(out, "\n    }");
	}
	k |= strbuf_puts(out, set->n_entries ? "\n  ]\n}\n" : "]\n}\n");
	return k < 0 ? -ENOMEM : 0;
}
