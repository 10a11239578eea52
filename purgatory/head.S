/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Purgatory entry. relocate_kernel "ret"s here in 64-bit mode on identity
 * page tables, interrupts off, with the old kernel's GDT/IDT already torn
 * down: any NMI or exception until we have our own IDT triple-faults the
 * machine. So the very first instruction loads an IDT that is complete
 * before entry: the loader filled its gates and descriptor for the address
 * the blob lands at (struct purgatory_args), so nothing has to be built
 * first. The GDT follows (where the old kernel left a valid GDT, the gates'
 * CS selector stays resolvable in between), then segments and stack. Everything
 * is addressed RIP-relative (the blob is position independent).
 */
#include "purgatory/abi.h"

#define BOOT_CS PURGATORY_CS
#define BOOT_DS PURGATORY_DS
#define IDT_VECTORS PURGATORY_IDT_VECTORS
#define EXC_STUB_SIZE 16
#define STACK_SIZE 8192

	.section .header, "a"
	.globl purgatory_header
purgatory_header:
	.quad PURGATORY_MAGIC
	.long PURGATORY_ABI_VERSION
	.long PURGATORY_HEADER_SIZE
	.long purgatory_start	/* linked at 0: absolute == offset */
	.long purgatory_args
	.long __file_end
	.long __mem_end
	.long exc_stubs
	.long EXC_STUB_SIZE

	.text
	.globl purgatory_start
purgatory_start:
	lidt	purgatory_args+PURGATORY_ARGS_IDT_DESC_OFFSET(%rip)
	lgdt	purgatory_args+PURGATORY_ARGS_GDT_DESC_OFFSET(%rip)
	cli
	cld
	movl	$BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	leaq	stack_end(%rip), %rsp
	pushq	$BOOT_CS
	leaq	1f(%rip), %rax
	pushq	%rax
	lretq
1:
	/* Verify every region; returns only when the jump may happen. */
	call	purgatory_main

	leaq	purgatory_args+PURGATORY_ARGS_REGS_OFFSET(%rip), %rax
	movq	8(%rax), %rbx
	movq	16(%rax), %rcx
	movq	24(%rax), %rdx
	movq	32(%rax), %rsi
	movq	40(%rax), %rdi
	movq	48(%rax), %rbp
	movq	56(%rax), %rsp
	movq	64(%rax), %r8
	movq	72(%rax), %r9
	movq	80(%rax), %r10
	movq	88(%rax), %r11
	movq	96(%rax), %r12
	movq	104(%rax), %r13
	movq	112(%rax), %r14
	movq	120(%rax), %r15
	movq	0(%rax), %rax
	jmpq	*purgatory_args+PURGATORY_ARGS_REGS_OFFSET+PURGATORY_REGS_RIP_OFFSET(%rip)

/*
 * Exception stubs, one per vector, EXC_STUB_SIZE apart. NMI (2) goes to
 * nmi_return. Vectors without a CPU error code push 0 so exc_common sees
 * one layout.
 */
	.macro exc_stub vec
	.balign EXC_STUB_SIZE
	.if (\vec) == 2
	jmp	nmi_return
	.else
	.if ((\vec) == 8) || (((\vec) >= 10) && ((\vec) <= 14)) || ((\vec) == 17) || ((\vec) == 21) || ((\vec) == 29) || ((\vec) == 30)
	.else
	pushq	$0
	.endif
	pushq	$(\vec)
	jmp	exc_common
	.endif
	.endm

	.macro exc_stubs_from from, to
	exc_stub \from
	.if (\to)-(\from)
	exc_stubs_from "(\from+1)", \to
	.endif
	.endm

	.balign EXC_STUB_SIZE
exc_stubs:
	exc_stubs_from 0, (IDT_VECTORS - 1)
	.balign EXC_STUB_SIZE

/*
 * An NMI returns without iretq, so the CPU keeps NMIs blocked (only iretq
 * unblocks them) from here through the jump into the next kernel, until
 * that kernel's first iretq. A kernel entered at startup_64 has its early
 * IDT, which ignores NMIs, before it takes any exception; the one NMI the
 * CPU holds pending meanwhile lands there. Without this, an NMI storm hits
 * the next kernel's first instructions, whose IDT has no NMI gate.
 *
 * Same privilege, no IST: the frame (rip, cs, rflags, rsp, ss) is on the
 * interrupted stack, below its rsp. We rebuild rflags and rip just below
 * that rsp, after reading everything we need from the frame (the two may
 * overlap), then popfq; retq. Interrupts are off (IF=0) and NMIs are
 * blocked, so nmi_resume_rsp cannot be reentered.
 */
nmi_return:
	movb	$1, purgatory_nmi_seen(%rip)	/* mov leaves rflags alone */
	pushq	%rax
	pushq	%rbx
	/* 0 rbx, 8 rax, 16 rip, 24 cs, 32 rflags, 40 rsp, 48 ss */
	movq	40(%rsp), %rax		/* interrupted rsp */
	movq	16(%rsp), %rbx		/* interrupted rip */
	movq	%rbx, -8(%rax)
	movq	32(%rsp), %rbx		/* interrupted rflags */
	movq	%rbx, -16(%rax)
	subq	$16, %rax
	movq	%rax, nmi_resume_rsp(%rip)
	popq	%rbx
	popq	%rax
	movq	nmi_resume_rsp(%rip), %rsp
	popfq
	retq

exc_common:
	movq	0(%rsp), %rdi	/* vector */
	movq	8(%rsp), %rsi	/* error code */
	movq	16(%rsp), %rdx	/* faulting rip */
	andq	$-16, %rsp
	call	purgatory_exception
3:	cli
	hlt
	jmp	3b

	.globl purgatory_halt
purgatory_halt:
	cli
	hlt
	jmp	purgatory_halt

	.bss
	.balign 8
nmi_resume_rsp:
	.quad	0
	.globl purgatory_nmi_seen
purgatory_nmi_seen:
	.byte	0
	.balign 16
	.globl purgatory_stack_end
stack:
	.skip	STACK_SIZE
purgatory_stack_end:
stack_end:

	.section .note.GNU-stack, "", @progbits
