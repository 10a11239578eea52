// SPDX-License-Identifier: GPL-2.0-or-later
/* The measurement plan: an image -> the ordered events (measure.h has the table). Pure. */
#include "boot/trust/tpm/measure.h"
#include "lib/pe.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The UKI specification's canonical order; .pcrsig is never measured. */
static const char *const uki_sections[] = {
	".linux", ".osrel", ".cmdline", ".initrd", ".ucode", ".splash", ".dtb",
	".uname", ".sbat", ".pcrpkey", ".profile", ".dtbauto", ".hwids", ".efifw",
};

/*
 * What systemd-stub 252 and older measure: its unified-section list
 * (src/fundamental/tpm-pcr.h of v252: .linux .osrel .cmdline .initrd
 * .splash .dtb .pcrsig .pcrpkey, .pcrsig left out). Such a stub neither
 * measures nor reads .ucode, .uname or its own .sbat.
 */
static const char *const uki_sections_252[] = {
	".linux", ".osrel", ".cmdline", ".initrd", ".splash", ".dtb", ".pcrpkey",
};

static const uint8_t separator[4] = { 0, 0, 0, 0 };

void measure_plan_done(struct measure_plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		free(p->ev[i].event);
	free(p->ev);
	memset(p, 0, sizeof(*p));
}

/*
 * Appends an event: event data copied from ev (ev_size bytes); the measured
 * bytes are data (borrowed) or, when data is NULL, the event data itself.
 */
static int plan_add(struct measure_plan *p, uint32_t pcr, uint32_t type, const void *ev, size_t ev_size,
		    const void *data, size_t size)
{
	struct measure_event *e;
	uint8_t *copy;

	if (p->n >= MEASURE_MAX_EVENTS || ev_size > UINT32_MAX)
		return -E2BIG;
	if (p->n % 16 == 0) {
		e = realloc(p->ev, (p->n + 16) * sizeof(*e));
		if (!e)
			return -ENOMEM;
		p->ev = e;
	}
	copy = malloc(ev_size ? ev_size : 1);
	if (!copy)
		return -ENOMEM;
	if (ev_size)
		memcpy(copy, ev, ev_size);
	e = &p->ev[p->n++];
	*e = (struct measure_event){ .pcr = pcr, .type = type, .event = copy, .event_size = (uint32_t)ev_size };
	e->data = data ? data : copy;
	e->size = data ? size : ev_size;
	return 0;
}

/* A file's event: "<what>: <name>" describes the blob's bytes. */
static int plan_add_file(struct measure_plan *p, uint32_t pcr, const char *what, const struct blob *b)
{
	char *desc = NULL;
	int n, r;

	n = asprintf(&desc, "%s: %s", what, b->name ? b->name : "(unnamed)");
	if (n < 0)
		return -ENOMEM;
	/* An empty file is measured as zero bytes (data non-NULL so that plan_add does not take the description). */
	r = plan_add(p, pcr, EV_IPL, desc, (size_t)n, b->size ? b->data : (const void *)"", b->size);
	free(desc);
	return r;
}

/* UTF-8 into UTF-16LE with a terminating NUL; an invalid byte stands for U+FFFD. */
static int utf16le(const char *s, uint8_t **ret, size_t *ret_len)
{
	size_t n = strlen(s), len = 0;
	uint8_t *out;

	if (n > (SIZE_MAX - 2) / 4)
		return -E2BIG;
	out = malloc(n * 4 + 2); /* at most one surrogate pair (4 bytes) per input byte */
	if (!out)
		return -ENOMEM;
	for (size_t i = 0; i < n;) {
		const uint8_t *u = (const uint8_t *)s + i;
		uint32_t cp = 0xFFFD;
		size_t k = 1, need = 0;

		if (u[0] < 0x80)
			cp = u[0];
		else if ((u[0] & 0xE0) == 0xC0)
			need = 1, cp = u[0] & 0x1F;
		else if ((u[0] & 0xF0) == 0xE0)
			need = 2, cp = u[0] & 0x0F;
		else if ((u[0] & 0xF8) == 0xF0)
			need = 3, cp = u[0] & 0x07;
		if (need && need < n - i) {
			size_t j;

			for (j = 1; j <= need && (u[j] & 0xC0) == 0x80; j++)
				cp = cp << 6 | (u[j] & 0x3F);
			if (j <= need || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000) ||
			    cp < (need == 1 ? 0x80u : need == 2 ? 0x800u : 0x10000u))
				cp = 0xFFFD;
			else
				k = need + 1;
		} else if (need) {
			cp = 0xFFFD;
		}
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000, hi = 0xD800 | v >> 10, lo = 0xDC00 | (v & 0x3FF);

			out[len++] = (uint8_t)hi, out[len++] = (uint8_t)(hi >> 8);
			out[len++] = (uint8_t)lo, out[len++] = (uint8_t)(lo >> 8);
		} else {
			out[len++] = (uint8_t)cp, out[len++] = (uint8_t)(cp >> 8);
		}
		i += k;
	}
	out[len++] = 0;
	out[len++] = 0;
	*ret = out;
	*ret_len = len;
	return 0;
}

/* The .cmdline section as the UKI parser (boot/uki) reads it: up to a NUL, trailing white space cut. */
static size_t uki_cmdline_len(const uint8_t *s, size_t n)
{
	const uint8_t *nul = memchr(s, 0, n);

	if (nul)
		n = (size_t)(nul - s);
	while (n && isspace(s[n - 1]))
		n--;
	return n;
}

/*
 * The kernel blob is a UKI's .linux section when its storage is a PE file
 * whose .linux section is exactly the blob's bytes (boot/fetch narrows a
 * section reference that way). *ret_pe describes the storage then.
 */
static bool plan_is_uki(const struct blob *k, struct pe_file *ret_pe)
{
	const struct pe_section *lin;
	const uint8_t *base = k->storage;

	if (!base || !k->data || !k->storage_len || pe_open(ret_pe, base, k->storage_len, k->storage_len) < 0)
		return false;
	lin = pe_find_section(ret_pe, ".linux");
	return lin && lin->size && (const uint8_t *)k->data == base + lin->offset && k->size == lin->size;
}

/*
 * The version of the systemd-stub a UKI carries, from its .sdmagic section
 * ("#### LoaderInfo: systemd-stub 252.39-1~deb12u2 ####" -> 252); 0 when
 * there is none or it says no version (another stub: the current list).
 */
unsigned measure_uki_stub_version(const struct pe_file *pe, const uint8_t *base)
{
	static const char tag[] = "systemd-stub ";
	const struct pe_section *m = pe_find_section(pe, ".sdmagic");
	unsigned v = 0;

	if (!m || !m->size)
		return 0;
	for (size_t i = 0; i + sizeof(tag) - 1 < m->size; i++) {
		if (memcmp(base + m->offset + i, tag, sizeof(tag) - 1) != 0)
			continue;
		for (size_t j = i + sizeof(tag) - 1; j < m->size && isdigit(base[m->offset + j]) && v < 100000; j++)
			v = v * 10 + (unsigned)(base[m->offset + j] - '0');
		break;
	}
	return v;
}

/* The sections this UKI's stub measures into PCR 11, in its order. */
static const char *const *uki_measured_sections(unsigned stub_version, size_t *ret_n)
{
	if (stub_version && stub_version <= 252) {
		*ret_n = sizeof(uki_sections_252) / sizeof(uki_sections_252[0]);
		return uki_sections_252;
	}
	*ret_n = sizeof(uki_sections) / sizeof(uki_sections[0]);
	return uki_sections;
}

static bool uki_measures(const char *const *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

/* b holds the same bytes as the UKI's .initrd or .ucode section, and that section is in PCR 11 already. */
static bool uki_has_section_bytes(const struct pe_file *pe, const uint8_t *base, const char *const *list, size_t n,
				  const struct blob *b)
{
	static const char *const initrds[] = { ".initrd", ".ucode" };

	for (size_t i = 0; i < sizeof(initrds) / sizeof(initrds[0]); i++) {
		const struct pe_section *s = pe_find_section(pe, initrds[i]);

		if (!uki_measures(list, n, initrds[i]))
			continue;

		if (s && s->size && s->size == b->size && memcmp(base + s->offset, b->data, b->size) == 0)
			return true;
	}
	return false;
}

static int plan_uki(struct measure_plan *p, const struct boot_image *img, const struct pe_file *pe)
{
	const uint8_t *base = img->kernel.storage;
	const struct pe_section *cl = pe_find_section(pe, ".cmdline");
	size_t own_len = cl && cl->size ? uki_cmdline_len(base + cl->offset, cl->size) : 0;
	const char *const *list;
	size_t n_list;
	int r;

	p->stub_version = measure_uki_stub_version(pe, base);
	list = uki_measured_sections(p->stub_version, &n_list);
	for (size_t i = 0; i < n_list; i++) {
		const struct pe_section *s = pe_find_section(pe, list[i]);
		size_t name_len = strlen(list[i]);

		if (!s || !s->size)
			continue;
		/* The name with its NUL, then the contents (described by the name). */
		r = plan_add(p, MEASURE_PCR_UKI, EV_IPL, list[i], name_len + 1, NULL, 0);
		if (r >= 0)
			r = plan_add(p, MEASURE_PCR_UKI, EV_IPL, list[i], name_len, base + s->offset, s->size);
		if (r < 0)
			return r;
	}
	/* Any other command line (an empty one too, where the UKI has its own) is what PCR 12 records. */
	if (img->cmdline &&
	    (strlen(img->cmdline) != own_len || memcmp(img->cmdline, base + (cl ? cl->offset : 0), own_len) != 0)) {
		uint8_t *u16;
		size_t n;

		r = utf16le(img->cmdline, &u16, &n);
		if (r < 0)
			return r;
		r = plan_add(p, MEASURE_PCR_UKI_CMDLINE, EV_IPL, u16, n, NULL, 0);
		free(u16);
		if (r < 0)
			return r;
	}
	/*
	 * Initrds the entry adds beyond the UKI's measured sections (each
	 * fetched on its own: compared by bytes), and a .ucode an old stub
	 * would not measure but kexboot loads: nothing loaded goes unmeasured.
	 */
	for (size_t i = 0; i < img->n_initrds; i++) {
		if (uki_has_section_bytes(pe, base, list, n_list, &img->initrds[i]))
			continue;
		r = plan_add_file(p, MEASURE_PCR_FILES, "initrd", &img->initrds[i]);
		if (r < 0)
			return r;
	}
	/* A devicetree the entry adds (a UKI's own .dtb is a PCR 11 section). */
	if (boot_image_has_devicetree(img))
		return plan_add_file(p, MEASURE_PCR_FILES, "devicetree", &img->devicetree);
	return 0;
}

static int plan_kernel(struct measure_plan *p, const struct boot_image *img)
{
	const char *cmdline = img->cmdline ? img->cmdline : "";
	char *s = NULL;
	int n, r;

	n = asprintf(&s, "kernel_cmdline: %s", cmdline);
	if (n < 0)
		return -ENOMEM;
	r = plan_add(p, MEASURE_PCR_CMDLINE, EV_IPL, s, (size_t)n, NULL, 0);
	free(s);
	if (r >= 0)
		r = plan_add_file(p, MEASURE_PCR_FILES, "kernel", &img->kernel);
	for (size_t i = 0; r >= 0 && i < img->n_initrds; i++)
		r = plan_add_file(p, MEASURE_PCR_FILES, "initrd", &img->initrds[i]);
	if (r >= 0 && boot_image_has_devicetree(img))
		r = plan_add_file(p, MEASURE_PCR_FILES, "devicetree", &img->devicetree);
	return r;
}

int measure_plan_build(const struct boot_image *img, struct measure_plan *ret)
{
	struct measure_plan p = { 0 };
	struct pe_file pe;
	int r;

	p.uki = plan_is_uki(&img->kernel, &pe);
	r = p.uki ? plan_uki(&p, img, &pe) : plan_kernel(&p, img);
	if (r >= 0)
		r = plan_add(&p, MEASURE_PCR_CMDLINE, EV_SEPARATOR, separator, sizeof(separator), NULL, 0);
	if (r >= 0)
		r = plan_add(&p, MEASURE_PCR_FILES, EV_SEPARATOR, separator, sizeof(separator), NULL, 0);
	if (r < 0) {
		measure_plan_done(&p);
		return r;
	}
	*ret = p;
	return 0;
}
