// SPDX-License-Identifier: GPL-2.0-or-later
/* `kexboot kexec --dry-run`: the plan as JSON (addresses as hex strings). */
#include "loader/loader.h"
#include "lib/sha256.h"
#include "lib/strbuf.h"

#include <inttypes.h>

static int hex_field(struct strbuf *sb, const char *name, uint64_t v, const char *sep)
{
	return strbuf_printf(sb, "\"%s\": \"0x%" PRIx64 "\"%s", name, v, sep);
}

char *kexec_plan_json(const struct kexec_plan *plan)
{
	struct strbuf sb = STRBUF_INIT;
	int r = 0;

	r |= strbuf_puts(&sb, "{\n  ");
	r |= hex_field(&sb, "entry", plan->entry, ",\n  ");
	r |= hex_field(&sb, "purgatory", plan->purgatory_addr, ",\n  ");
	if (plan->args) {
		r |= hex_field(&sb, "jump", plan->args->regs.rip, ",\n  ");
		r |= hex_field(&sb, "rsi", plan->args->regs.rsi, ",\n  ");
	}
	if (plan->kernel_addr)
		r |= hex_field(&sb, "kernel", plan->kernel_addr, ",\n  ");
	if (plan->elfcorehdr_addr)
		r |= hex_field(&sb, "elfcorehdr", plan->elfcorehdr_addr, ",\n  ");
	if (plan->kernel_entry)
		r |= strbuf_printf(&sb, "\"kernel_entry\": \"%s\",\n  ", plan->kernel_entry);
	if (plan->payload_format)
		r |= strbuf_printf(&sb, "\"payload\": \"%s\",\n  ", plan->payload_format);
	if (plan->kernel_reserved)
		r |= hex_field(&sb, "kernel_reserved", plan->kernel_reserved, ",\n  ");
	if (plan->zero_page_addr) {
		r |= hex_field(&sb, "zero_page", plan->zero_page_addr, ",\n  ");
		r |= hex_field(&sb, "cmdline", plan->cmdline_addr, ",\n  ");
	}
	if (plan->initrd_size) {
		r |= hex_field(&sb, "initrd", plan->initrd_addr, ",\n  ");
		r |= strbuf_printf(&sb, "\"initrd_size\": %" PRIu64 ",\n  \"initrd_copied\": %s,\n  ",
				   plan->initrd_size, plan->initrd_copied ? "true" : "false");
	}
	if (plan->zero_page_addr) {
		r |= hex_field(&sb, "acpi_rsdp", plan->acpi_rsdp, ",\n  ");
		if (plan->efi_systab) {
			r |= strbuf_puts(&sb, "\"efi\": {");
			r |= hex_field(&sb, "systab", plan->efi_systab, ", ");
			r |= strbuf_printf(&sb, "\"runtime_map_entries\": %zu},\n  ",
					   plan->efi_runtime_entries);
		} else {
			r |= strbuf_puts(&sb, "\"efi\": null,\n  ");
		}
	}
	r |= strbuf_puts(&sb, "\"segments\": [\n");
	for (size_t i = 0; i < plan->nr_segments; i++) {
		const struct kexec_plan_segment *s = &plan->seg[i];
		char hex[65];

		sha256_hex(s->sha256, hex);
		r |= strbuf_puts(&sb, "    {\"what\": ");
		r |= strbuf_json_string(&sb, s->what);
		r |= strbuf_puts(&sb, ", ");
		r |= hex_field(&sb, "mem", s->mem, ", ");
		r |= hex_field(&sb, "memsz", s->memsz, ", ");
		r |= strbuf_printf(&sb, "\"bufsz\": %" PRIu64 ", \"source\": \"%s\", ", s->bufsz,
				   s->owned ? "built" : "mapped");
		if (s->nr_regions > 1) {
			/* Hashed in pieces (loader/regions.c): the pieces' digests instead. */
			r |= strbuf_puts(&sb, "\"sha256\": null, \"regions\": [");
			for (uint32_t k = 0; plan->args && k < plan->args->nr_regions; k++) {
				const struct purgatory_region *pr = &plan->args->regions[k];

				if (pr->start < s->mem || pr->start >= s->mem + s->bufsz)
					continue;
				sha256_hex(pr->sha256, hex);
				r |= strbuf_printf(&sb, "%s{\"start\": \"0x%" PRIx64 "\", \"len\": %" PRIu64
						   ", \"sha256\": \"%s\"}",
						   pr->start == s->mem ? "" : ", ", pr->start, pr->len, hex);
			}
			r |= strbuf_puts(&sb, "]}");
		} else {
			r |= strbuf_printf(&sb, "\"sha256\": \"%s\"}", hex);
		}
		r |= strbuf_puts(&sb, i + 1 < plan->nr_segments ? ",\n" : "\n");
	}
	r |= strbuf_puts(&sb, "  ]\n}\n");
	if (r) {
		strbuf_done(&sb);
		return NULL;
	}
	return strbuf_steal(&sb);
}
