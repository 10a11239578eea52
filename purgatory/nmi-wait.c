// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Waiting for the self-NMI (purgatory/nmi.c sends it): how long, and what
 * it means when it does not come. Pure (the clock and the flag head.S's
 * NMI gate sets are passed in), so it is also built hosted for tests.
 *
 * An NMI to ourselves arrives within microseconds unless NMIs are blocked.
 * A stock old kernel leaves them unblocked, so a missing one is a failure
 * (after a generous wait). An old kernel whose kexec NMI gate returns
 * without iretq (PURGATORY_F_NMI_GATE) leaves them blocked once it has
 * dismissed one: then ours stays pending, which is what the jump wants,
 * and waiting longer would only delay the boot. So with that flag the wait
 * is short and its end means "already blocked".
 */
#include "purgatory/purgatory.h"

enum nmi_block purgatory_nmi_wait(uint32_t flags, const volatile uint8_t *seen, uint64_t (*now)(void))
{
	uint64_t limit = (flags & PURGATORY_F_NMI_GATE) ? NMI_WAIT_GATE_CYCLES : NMI_WAIT_CYCLES;
	uint64_t start = now();

	while (!*seen) {
		if (now() - start > limit)
			return (flags & PURGATORY_F_NMI_GATE) ? NMI_BLOCK_INHERITED : NMI_BLOCK_TIMEOUT;
		__asm__ volatile("pause");
	}
	return NMI_BLOCK_SENT;
}
