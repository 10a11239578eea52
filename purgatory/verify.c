// SPDX-License-Identifier: GPL-2.0-or-later
/* Region digest check: the only purgatory logic that is also unit-tested hosted. */
#include "purgatory/purgatory.h"
#include "lib/sha256.h"

int purgatory_verify(const struct purgatory_args *args, uint8_t got[32])
{
	if (args->nr_regions > PURGATORY_MAX_REGIONS)
		return PURGATORY_MAX_REGIONS;
	for (uint32_t i = 0; i < args->nr_regions; i++) {
		const struct purgatory_region *r = &args->regions[i];
		uint8_t diff = 0;

		/* Identity-mapped: a physical address is a pointer here. */
		sha256_digest((const void *)(uintptr_t)r->start, (size_t)r->len, got);
		for (unsigned j = 0; j < 32; j++)
			diff |= got[j] ^ r->sha256[j];
		if (diff)
			return (int)i;
	}
	return -1;
}
