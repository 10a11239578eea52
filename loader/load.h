/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * load: the one load request both front doors build (the boot menu's
 * pipeline and `kexboot kexec`), and the one function that carries it out.
 *
 *   load_request_build()  blobs (kernel, initrds in order), the command line
 *                         and the options into a struct load_request
 *   load_run()            chooses the interface (segments with kexboot's
 *                         own purgatory, or the file-based interface when
 *                         lockdown or signature enforcement demands it, or
 *                         the caller forces one), plans, produces the
 *                         --dry-run JSON instead of loading when asked,
 *                         drops mapped pages behind the hash and the copy
 *                         (lib/pagedrop.h), and loads through loader/sys.h;
 *                         it also reports the one-way state the target
 *                         inherits (loader/inherit.h) as notes, one per
 *                         feature, and in the JSON
 *
 * It prints nothing: failures come back in plain words through why->reason,
 * and what the caller may show with --debug as notes on the same list.
 *
 * Sensitive initrds (a sensitive blob: kexboot's generated initrd with
 * secrets) leave no copy behind on either path, loaded or refused: the
 * planner's seam copies of them are wiped when the plan is freed, and the
 * file-descriptor load reads them from a memfd wiped right after the load
 * (initrd_memfd_compose()). The blob itself is its owner's to release.
 *
 * Ownership: a request borrows its blobs, command line and raw segments;
 * they must outlive load_run(). The result owns its JSON.
 */
#ifndef KEXBOOT_LOADER_LOAD_H
#define KEXBOOT_LOADER_LOAD_H

#include "lib/blob.h"
#include "loader/loader.h"

#include <stdbool.h>
#include <stddef.h>

enum kexec_iface {
	KEXEC_IFACE_AUTO,
	KEXEC_IFACE_LOAD, /* segments + own purgatory */
	KEXEC_IFACE_FILE, /* file descriptors; the kernel's own loader */
};

/* The initrds of a request: as many as an entry may name, and a UKI's .ucode and .initrd. */
#define LOAD_MAX_INITRDS (KEXEC_MAX_INITRDS + 2)
#define KEXEC_RNG_SEED_SIZE 32

/* A --raw segment: a file's bytes at a physical address, unparsed. */
struct load_raw {
	const struct blob *blob; /* borrowed */
	uint64_t addr;
	uint64_t memsz;          /* 0 = page-rounded size */
	const char *name;        /* for messages */
};

struct load_options {
	const char *root;              /* /sys, /proc prefix; NULL or "" for none */
	enum kexec_iface iface;        /* AUTO: lockdown and Secure Boot decide */
	const char *forced_why;        /* why a forced interface, for reports; NULL = "forced" */
	bool crash;                    /* load as the crash kernel */
	uint32_t initrd_align;         /* 0 = 4 */
	enum kexec_kernel_entry kernel_entry;
	const struct load_raw *raw;    /* borrowed */
	size_t nr_raw;
	uint64_t entry;                /* where --raw starts, when has_entry */
	bool has_entry;
	bool verbose_purgatory;        /* the purgatory reports its progress */
	uint16_t serial_port;          /* purgatory messages; 0 = silent */
	bool dry_run;                  /* plan and describe it as JSON; load nothing */
	bool plan_json;                /* also describe the plan when loading (--debug) */
	unsigned hash_threads;         /* 0: every online CPU (1 for a dry run: one digest per segment) */
	const uint8_t *rng_seed;       /* KEXEC_RNG_SEED_SIZE bytes for the next kernel; NULL = fresh */
	const char *target_config;     /* the target's kernel config text (borrowed); NULL = not found */
	size_t target_config_len;
	const struct blob *dtb;        /* a devicetree for the next kernel (borrowed): setup_data SETUP_DTB,
	                                * which only the segment interface hands over; NULL = none */
	int test_errno;                /* test only (kexboot.fault=busy-load): the load step fails with
					  -test_errno instead of asking the kernel; 0 = off */
};

struct load_request {
	struct load_options opt;
	const struct blob *kernel;     /* borrowed; NULL for raw segments only */
	const struct blob *const *initrd_blobs; /* borrowed array of borrowed blobs, nr_initrds long */
	struct kexec_initrd initrds[LOAD_MAX_INITRDS]; /* views of initrd_blobs, in order */
	size_t nr_initrds;
	struct kexec_raw raw[KEXEC_MAX_RAW];
	size_t nr_raw;
	const char *cmdline;           /* borrowed; never NULL */
};

struct load_result {
	enum kexec_iface used;
	const char *why;               /* static or the caller's text: why that interface */
	char *json;                    /* owned: {"interface", "reason", "inherited", "plan"} when asked for */
	struct inherit_report inherited; /* what the target will inherit (loader/inherit.h) */
};

/*
 * The one request builder: kernel (NULL only with raw segments), initrds
 * in boot order, the command line (NULL = empty) and the options.
 * -E2BIG past LOAD_MAX_INITRDS initrds or KEXEC_MAX_RAW raw segments.
 */
int load_request_build(struct load_request *req, const struct blob *kernel, const struct blob *const *initrds,
		       size_t nr_initrds, const char *cmdline, const struct load_options *opt,
		       struct diag_list *why);

/* Carries the request out (see the top of this file). res is filled even on failure. */
int load_run(const struct load_request *req, struct load_result *res, struct diag_list *why);
void load_result_done(struct load_result *res);

/* The purgatory blob embedded in this binary. */
const void *kexboot_purgatory_blob(size_t *ret_size);

/*
 * The initrds as one region (piece i aligned to align, as the planners lay
 * it out) written into a new memfd, sealed (shrink, grow, write, seal); returns
 * a read-only descriptor reopened through <proc_root>/proc/self/fd (so no
 * writable open file is left for the file-based interface to trip over with
 * ETXTBSY). loader/memfd.c.
 */
int initrd_compose_memfd(const struct kexec_initrd *pieces, size_t n, uint32_t align,
			 const char *proc_root, int *ret_fd, struct diag_list *err);

/*
 * The same region for pieces with secrets in them: the memfd is sealed
 * against resizing and every new writer (F_SEAL_FUTURE_WRITE), and the one
 * writable mapping that filled it is kept so that initrd_memfd_done() can
 * wipe it as soon as the kernel read its copy (and on every failure).
 */
struct initrd_memfd {
	int fd;          /* owned, read-only: what the file-descriptor load reads */
	void *map;       /* owned writable shared mapping of the whole memfd; NULL when empty */
	size_t map_len;
};
int initrd_memfd_compose(const struct kexec_initrd *pieces, size_t n, uint32_t align, const char *proc_root,
			 struct initrd_memfd *ret, struct diag_list *err);
/* Wipes the memfd's bytes through the mapping, unmaps, closes; accepts a done one. */
void initrd_memfd_done(struct initrd_memfd *m);

#endif
