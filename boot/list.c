// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `kexboot list [--root DIR] [--device NAME] [--json] [--diagnostics]`:
 * discover and print boot entries. With --root the directory tree stands
 * for every device (named "root" unless --device says otherwise) and no
 * privileges are needed; without it the machine's block devices are
 * scanned (boot/list-devices*.c, chosen by the Makefile).
 */
#include "boot/discover.h"
#include "boot/list.h"
#include "boot/list-run.h"
#include "init/commands.h"
#include "lib/strbuf.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static void list_usage(FILE *f)
{
	fputs("usage: kexboot list [--root DIR [--device NAME]] [--json] [--diagnostics]\n", f);
}

static int list_print_ref(struct strbuf *sb, const char *label, const struct boot_ref *r)
{
	if (r->url)
		return strbuf_printf(sb, "     %-8s %s\n", label, r->url);
	if (!r->device && !r->path)
		return strbuf_printf(sb, "     %-8s (none)\n", label);
	return strbuf_printf(sb, "     %-8s %s:%s%s%s\n", label, r->device ? r->device : "?",
			     r->path ? r->path : "?", r->section ? " " : "", r->section ? r->section : "");
}

int list_format_table(const struct boot_set *set, struct strbuf *sb)
{
	size_t def = boot_set_default_index(set);
	int k = 0;

	if (set->timeout == BOOT_TIMEOUT_UNSET)
		k |= strbuf_puts(sb, "timeout: not set\n");
	else
		k |= strbuf_printf(sb, "timeout: %d\n", set->timeout);
	if (set->n_entries == 0)
		k |= strbuf_puts(sb, "no boot entries found\n");
	for (size_t i = 0; i < set->n_entries; i++) {
		const struct boot_entry *e = set->entries[i];

		k |= strbuf_printf(sb, "%c%3zu. %s  [%s%s%s]\n", i == def ? '*' : ' ', i + 1,
				   e->title ? e->title : "(untitled)", boot_source_to_string(e->source),
				   e->state == BOOT_ENTRY_OK ? "" : ", broken: ",
				   e->state == BOOT_ENTRY_OK ? "" : (e->reason ? e->reason : "?"));
		k |= strbuf_printf(sb, "     %-8s %s\n", "id", e->id ? e->id : "");
		k |= list_print_ref(sb, "kernel", &e->kernel);
		for (size_t j = 0; j < e->n_initrds; j++)
			k |= list_print_ref(sb, "initrd", &e->initrds[j]);
		if (e->devicetree.path || e->devicetree.url)
			k |= list_print_ref(sb, "dtb", &e->devicetree);
		k |= strbuf_printf(sb, "     %-8s %s\n", "cmdline", e->cmdline ? e->cmdline : "");
		k |= strbuf_printf(sb, "     %-8s %s\n", "origin", e->origin ? e->origin : "");
	}
	return k < 0 ? -ENOMEM : 0;
}

int cmd_list(int argc, char **argv)
{
	const char *root = NULL, *device = "root";
	bool json = false, show_diags = false;
	struct diag_list diags;
	struct boot_set set;
	struct strbuf sb = STRBUF_INIT;
	int r;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "list") == 0 && i == 1)
			continue; /* "kexboot list ..." passes the command name too */
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--diagnostics") == 0 || strcmp(argv[i], "-v") == 0)
			show_diags = true;
		else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc)
			root = argv[++i];
		else if (strncmp(argv[i], "--root=", 7) == 0)
			root = argv[i] + 7;
		else if (strcmp(argv[i], "--device") == 0 && i + 1 < argc)
			device = argv[++i];
		else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			list_usage(stdout);
			return 0;
		} else {
			list_usage(stderr);
			return 2;
		}
	}
	boot_set_init(&set);
	diag_list_init(&diags);
	if (root)
		r = discover_root(root, device, &set, &diags);
	else
		r = list_scan_devices(&set, &diags);
	if (r < 0) {
		if (diags.reason[0])
			fprintf(stderr, "kexboot list: %s\n", diags.reason);
		else
			fprintf(stderr, "kexboot list: %s: %s\n", root ? root : "devices", strerror(-r));
		for (size_t i = 0; show_diags && i < diags.n; i++)
			fprintf(stderr, "%s\n", diags.msgs[i]);
		boot_set_done(&set);
		diag_list_done(&diags);
		return 1;
	}
	r = json ? boot_set_to_json(&set, &sb) : list_format_table(&set, &sb);
	if (r >= 0) {
		fputs(sb.buf ? sb.buf : "", stdout);
		fflush(stdout);
	}
	/* Nothing listed because of problems: they are the answer, shown even without --diagnostics. */
	if (r >= 0 && list_exit_status(set.n_entries, &diags)) {
		fprintf(stderr, "kexboot list: no entries; %zu problem(s) on the way:\n", diags.n + diags.n_dropped);
		show_diags = true;
		r = -ENOENT;
	}
	if (show_diags) {
		for (size_t i = 0; i < diags.n; i++)
			fprintf(stderr, "%s\n", diags.msgs[i]);
		if (diags.n_dropped)
			fprintf(stderr, "(%zu more diagnostics dropped)\n", diags.n_dropped);
	}
	strbuf_done(&sb);
	boot_set_done(&set);
	diag_list_done(&diags);
	return r < 0 ? 1 : 0;
}
