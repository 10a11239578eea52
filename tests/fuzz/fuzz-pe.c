// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: lib/pe.h over the input, with the file size the buffer claims and a smaller one. */
#include "lib/pe.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pe_file pe;

	if (pe_open(&pe, data, size, size) == 0) {
		for (size_t i = 0; i < pe.n_sections; i++) {
			const struct pe_section *s = pe_find_section(&pe, pe.sections[i].name);
			volatile uint8_t sink = 0;

			/* every returned range must be readable */
			if (s && s->size)
				sink = data[s->offset] ^ data[s->offset + s->size - 1];
			(void)sink;
		}
	}
	pe_open(&pe, data, size, size / 2);
	return 0;
}
