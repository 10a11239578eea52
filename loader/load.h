/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * load: hands a kernel and its initrds, already mapped by the caller, to the
 * running kernel through loader/sys.h (the one syscall layer), choosing the
 * interface: segments with kexboot's own purgatory, or the file-based
 * interface when lockdown or signature enforcement demands it (or the
 * caller forces one). The boot pipeline calls this; it prints nothing and
 * reports failures in plain words through err.
 */
#ifndef KEXBOOT_LOADER_LOAD_H
#define KEXBOOT_LOADER_LOAD_H

#include "loader/loader.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kexec_iface {
	KEXEC_IFACE_AUTO,
	KEXEC_IFACE_LOAD, /* segments + own purgatory */
	KEXEC_IFACE_FILE, /* file descriptors; the kernel's own loader */
};

struct load_input {
	const char *root;                 /* /sys, /proc prefix; "" for none */
	const void *kernel;               /* borrowed mapping */
	size_t kernel_size;
	const struct kexec_initrd *initrds; /* borrowed mappings, in order */
	size_t nr_initrds;
	uint32_t initrd_align;            /* 0 = 4 */
	const char *cmdline;
	enum kexec_iface iface;
	bool crash;                       /* load as the crash kernel */
	bool verbose_purgatory;           /* purgatory reports on COM1 */
};

struct load_result {
	enum kexec_iface used;
	const char *why;                  /* static text: why that interface */
};

#define KEXEC_RNG_SEED_SIZE 32

/* The purgatory blob embedded in this binary. */
const void *kexboot_purgatory_blob(size_t *ret_size);

/*
 * Fills what every kexboot plan carries: the embedded purgatory (verbose on
 * COM1 or silent), digests hashed on every online CPU, and an RNG seed for
 * the next kernel read into seed
 * (left out when the kernel's pool cannot give one without blocking). The
 * caller wipes seed after the plan is built.
 */
void kexec_request_set_defaults(struct kexec_request *req, uint8_t seed[KEXEC_RNG_SEED_SIZE],
				bool verbose, uint16_t serial_port);

/* A built plan into the kernel, kexboot's purgatory first to run (crash: the crash slot). */
int load_plan_into_kernel(const struct kexec_plan *plan, bool crash, struct diag_list *err);
/* Kernel and initrd descriptors (initrd_fd -1: none) to the kernel's own file-based loader. */
int load_fds(int kernel_fd, int initrd_fd, const char *cmdline, bool crash, struct diag_list *err);

int load_mapped(const struct load_input *in, struct load_result *res,
		      struct diag_list *err);

/*
 * The initrds as one region (piece i aligned to align, as the planners lay
 * it out) written into a new memfd, sealed (shrink, grow, write, seal); returns
 * a read-only descriptor reopened through <proc_root>/proc/self/fd (so no
 * writable open file is left for the file-based interface to trip over with
 * ETXTBSY). loader/memfd.c.
 */
int initrd_compose_memfd(const struct kexec_initrd *pieces, size_t n, uint32_t align,
			 const char *proc_root, int *ret_fd, struct diag_list *err);

#endif
