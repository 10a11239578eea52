/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The purgatory blob, embedded read-only into build/kexboot (see loader/purgatory_blob.h). */
	.section .rodata.kexboot_purgatory, "a"
	.balign 16
	.globl kexboot_purgatory
kexboot_purgatory:
	.incbin PURGATORY_BIN
	.globl kexboot_purgatory_end
kexboot_purgatory_end:
	.section .note.GNU-stack, "", @progbits
