// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: boot/trust/manifest.h's pure parsers. The input is a
 * .kexboot-sig container: split it, parse the manifest part, and parse the
 * whole input as manifest text too. What parses must keep its promises
 * (blocks inside the input, initrd count within the limit, the text it
 * formats back parses to the same digests).
 */
#include "boot/trust/manifest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void parse_and_reformat(const char *text, size_t len)
{
	struct diag_list d = { 0 };
	struct manifest m, again;
	char *out = NULL;
	size_t out_len = 0;

	if (manifest_parse("f", text, len, &m, &d) == 0) {
		if (m.n_initrds > MANIFEST_MAX_INITRDS || m.version != MANIFEST_VERSION)
			abort();
		if (manifest_format_dt(m.kernel, (const uint8_t(*)[32])m.initrds, m.n_initrds,
				       m.has_devicetree ? m.devicetree : NULL, m.cmdline, &out, &out_len) != 0 ||
		    manifest_parse("f", out, out_len, &again, &d) != 0 || memcmp(&m, &again, sizeof(m)) != 0)
			abort();
		free(out);
	}
	diag_list_done(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct diag_list d = { 0 };
	struct manifest_file f;

	if (manifest_file_split("f", text, size, &f, &d) == 0) {
		if (f.text != text || f.text_len > size || f.n_sigs == 0 || f.n_sigs > MANIFEST_MAX_SIGS)
			abort();
		for (size_t i = 0; i < f.n_sigs; i++)
			if (f.sigs[i].pem < text || f.sigs[i].len > size ||
			    (size_t)(f.sigs[i].pem - text) > size - f.sigs[i].len)
				abort();
		parse_and_reformat(f.text, f.text_len);
	}
	diag_list_done(&d);
	parse_and_reformat(text, size);
	return 0;
}
