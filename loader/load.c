// SPDX-License-Identifier: GPL-2.0-or-later
#include "loader/load.h"
#include "lib/cleanup.h"
#include "lib/pagedrop.h"
#include "loader/policy.h"
#include "loader/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

/* The purgatory blob embedded by purgatory/blob.S. */
extern const char kexboot_purgatory[];
extern const char kexboot_purgatory_end[];

const void *kexboot_purgatory_blob(size_t *ret_size)
{
	*ret_size = (size_t)(kexboot_purgatory_end - kexboot_purgatory);
	return kexboot_purgatory;
}

int load_request_build(struct load_request *req, const struct blob *kernel, const struct blob *const *initrds,
		       size_t nr_initrds, const char *cmdline, const struct load_options *opt,
		       struct diag_list *why)
{
	memset(req, 0, sizeof(*req));
	if (nr_initrds > LOAD_MAX_INITRDS)
		return diag_fail(why, E2BIG, "too many initrds (%zu, at most %d)", nr_initrds, LOAD_MAX_INITRDS);
	if (opt->nr_raw > KEXEC_MAX_RAW)
		return diag_fail(why, E2BIG, "at most %d raw segments", KEXEC_MAX_RAW);
	req->opt = *opt;
	if (!req->opt.initrd_align)
		req->opt.initrd_align = 4;
	req->kernel = kernel;
	req->initrd_blobs = initrds;
	for (size_t i = 0; i < nr_initrds; i++)
		req->initrds[i] = (struct kexec_initrd){ initrds[i]->data, initrds[i]->size, initrds[i]->name,
							 initrds[i]->sensitive };
	req->nr_initrds = nr_initrds;
	for (size_t i = 0; i < opt->nr_raw; i++) {
		const struct load_raw *rs = &opt->raw[i];

		req->raw[i] = (struct kexec_raw){ rs->blob->data, rs->blob->size, rs->addr, rs->memsz, rs->name };
	}
	req->nr_raw = opt->nr_raw;
	req->cmdline = cmdline ? cmdline : "";
	return 0;
}

void load_result_done(struct load_result *res)
{
	free(res->json);
	res->json = NULL;
}

/*
 * Whether the file-based interface can be handed the blob's own descriptor:
 * a whole file opened read-only. (A memfd's descriptor is writable, and the
 * kernel refuses files open for writing with ETXTBSY.)
 */
static bool blob_is_whole_file(const struct blob *b)
{
	return b->fd >= 0 && (b->store == BLOB_FILE_MAP || b->store == BLOB_EMPTY) && b->size == b->storage_len &&
	       b->data == b->storage;
}

/*
 * The file-based interface wants files: a whole file goes as it is; a
 * section of one (a UKI's .linux), heap bytes and several initrds are
 * written into a sealed memfd.
 */
static int load_file_fd(const struct blob *b, const struct kexec_initrd *pieces, size_t n, uint32_t align,
			int *ret_fd, struct diag_list *why)
{
	*ret_fd = -1;
	if (n == 0)
		return 0;
	/* One piece: alignment only matters between pieces. */
	if (n == 1 && b && blob_is_whole_file(b)) {
		*ret_fd = fcntl(b->fd, F_DUPFD_CLOEXEC, 3);
		return *ret_fd < 0 ? diag_fail(why, errno, "%s: %s", b->name, strerror(errno)) : 0;
	}
	return initrd_compose_memfd(pieces, n, align, "", ret_fd, why);
}

static bool load_has_sensitive(const struct load_request *req)
{
	for (size_t i = 0; i < req->nr_initrds; i++)
		if (req->initrds[i].sensitive)
			return true;
	return false;
}

static int load_file(const struct load_request *req, const struct machine_state *ms, struct diag_list *why)
{
	const struct kexec_initrd kernel = { req->kernel->data, req->kernel->size, "kernel", false };
	_cleanup_close_ int kfd = -1, ifd = -1;
	_cleanup_(initrd_memfd_done) struct initrd_memfd secret = { .fd = -1 };
	int r;

	r = load_file_fd(req->kernel, &kernel, 1, 4, &kfd, why);
	if (r < 0)
		return r;
	/* Secrets go through a memfd this process can wipe once the kernel holds its copy. */
	if (load_has_sensitive(req))
		r = initrd_memfd_compose(req->initrds, req->nr_initrds, req->opt.initrd_align, "", &secret, why);
	else
		r = load_file_fd(req->nr_initrds == 1 ? req->initrd_blobs[0] : NULL, req->initrds, req->nr_initrds,
				 req->opt.initrd_align, &ifd, why);
	if (r < 0)
		return r;
	(void)diag_note(why, "%s(%s, %d initrd(s), \"%s\")%s", kexec_iface_name(true), req->kernel->name,
			(int)req->nr_initrds, req->cmdline, req->opt.crash ? " on crash" : "");
	r = req->opt.test_errno ? -req->opt.test_errno
				: sys_kexec_file_load(kfd, secret.fd >= 0 ? secret.fd : ifd, req->cmdline, req->opt.crash);
	/* The kernel read its copy (or refused): the memfd's bytes go now, on either path. */
	initrd_memfd_done(&secret);
	if (r == -EPERM && kexec_lockdown_file_refusal(ms))
		return diag_fail(why, EPERM, "%s: %s", kexec_iface_name(true), kexec_lockdown_file_refusal(ms));
	if (r < 0)
		return diag_fail(why, -r, "%s: %s", kexec_iface_name(true), kexec_strerror(r, true));
	return 0;
}

/* The planner's request; the one place kexec_plan_build is called. */
static int load_plan_build(const struct load_request *req, const struct machine_state *ms, struct kexec_plan *plan,
			   struct diag_list *why)
{
	uint8_t seed[KEXEC_RNG_SEED_SIZE];
	struct kexec_request kr = { 0 };
	const struct load_options *o = &req->opt;
	size_t psize;
	long ncpus;
	int r;

	kr.image = req->kernel ? req->kernel->data : NULL;
	kr.image_size = req->kernel ? req->kernel->size : 0;
	kr.initrds = req->initrds;
	kr.nr_initrds = req->nr_initrds;
	kr.initrd_align = o->initrd_align;
	kr.cmdline = req->cmdline;
	if (o->rng_seed) {
		kr.rng_seed = o->rng_seed;
		kr.rng_seed_len = KEXEC_RNG_SEED_SIZE;
	} else if (getrandom(seed, sizeof(seed), GRND_NONBLOCK) == (ssize_t)sizeof(seed)) {
		/* Left out when the kernel's pool cannot give one without blocking. */
		kr.rng_seed = seed;
		kr.rng_seed_len = sizeof(seed);
	}
	if (o->dtb && o->dtb->size) {
		kr.dtb = o->dtb->data;
		kr.dtb_size = o->dtb->size;
	}
	kr.purgatory = kexboot_purgatory_blob(&psize);
	kr.purgatory_size = psize;
	kr.purgatory_flags = o->verbose_purgatory ? PURGATORY_F_VERBOSE : 0;
	/* The old kernel's handoff may leave NMIs blocked: the purgatory need not wait long for its own. */
	if (ms->kexec_nmi_safe)
		kr.purgatory_flags |= PURGATORY_F_NMI_GATE;
	kr.serial_port = o->serial_port;
	/* Digests on every CPU (loader/regions.c); a dry run shows one sha256sum per segment. */
	ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	kr.hash_threads = o->hash_threads ? o->hash_threads : o->dry_run ? 1 : ncpus > 0 ? (unsigned)ncpus : 1;
	kr.raw = req->raw;
	kr.nr_raw = req->nr_raw;
	kr.entry = o->entry;
	kr.has_entry = o->has_entry;
	kr.crash = o->crash;
	kr.kernel_entry = o->kernel_entry;
	r = kexec_plan_build(&kr, ms, plan, why);
	explicit_bzero(seed, sizeof(seed));
	return r;
}

static int load_plan(const struct load_request *req, const struct machine_state *ms, bool file, struct load_result *res,
		     struct diag_list *why)
{
	struct kexec_plan plan;
	_cleanup_free_ char *json = NULL;
	_cleanup_(strbuf_done) struct strbuf inherited = { 0 };
	int r;

	r = load_plan_build(req, ms, &plan, why);
	if (r < 0)
		return r;
	if (req->opt.dry_run || req->opt.plan_json) {
		json = kexec_plan_json(&plan);
		if (!json || inherit_report_json(&res->inherited, &inherited) < 0 ||
		    asprintf(&res->json,
			     "{\"interface\": \"%s\", \"reason\": \"%s\", \"inherited\": %s, \"plan\": %s}\n",
			     kexec_iface_name(file), res->why, inherited.buf, json) < 0) {
			res->json = NULL;
			kexec_plan_free(&plan);
			return -ENOMEM;
		}
	}
	if (!req->opt.dry_run) {
		r = req->opt.test_errno ? -req->opt.test_errno : sys_kexec_load(&plan, req->opt.crash);
		if (r == -EPERM && kexec_lockdown_refusal(ms))
			r = diag_fail(why, EPERM, "%s: %s", kexec_iface_name(false), kexec_lockdown_refusal(ms));
		else if (r < 0)
			r = diag_fail(why, -r, "%s: %s", kexec_iface_name(false), kexec_strerror(r, false));
	}
	kexec_plan_free(&plan);
	return r;
}

/* Whether the file-based interface can take this request at all (a kernel image, no raw segments). */
static bool load_file_possible(const struct load_request *req)
{
	return req->kernel && req->kernel->size && !req->nr_raw && req->opt.kernel_entry != KEXEC_ENTRY_KERNEL_PROPER;
}

/* Only read-only file mappings: on other memory MADV_DONTNEED would throw the bytes away. */
static void load_pagedrop_add(struct pagedrop *pd, const struct blob *b)
{
	if (b && b->store == BLOB_FILE_MAP)
		(void)pagedrop_add(pd, b->storage, b->storage_len);
}

int load_run(const struct load_request *req, struct load_result *res, struct diag_list *why)
{
	const struct load_options *o = &req->opt;
	_cleanup_(machine_state_free) struct machine_state ms = { 0 };
	struct pagedrop drop = { .nr_ranges = 0 };
	bool file;
	int r;

	memset(res, 0, sizeof(*res));
	/* Read once: the interface choice and the plan see the same machine. */
	r = machine_state_read(o->root ? o->root : "", &ms, why);
	if (r < 0)
		return r;
	inherit_compare(&ms.features, o->target_config, o->target_config_len, &res->inherited);
	for (size_t i = 0; i < res->inherited.n; i++) {
		char line[400];

		inherit_item_describe(&res->inherited.items[i], line, sizeof(line));
		(void)diag_note(why, "%s", line);
	}
	switch (o->iface) {
	case KEXEC_IFACE_FILE:
	case KEXEC_IFACE_LOAD:
		file = o->iface == KEXEC_IFACE_FILE;
		res->why = o->forced_why ? o->forced_why : "forced";
		break;
	default:
		file = kexec_wants_file_load(&ms, &res->why);
		break;
	}
	res->used = file ? KEXEC_IFACE_FILE : KEXEC_IFACE_LOAD;
	/* A dry run always plans: the plan is what it shows. */
	if (file && !o->dry_run) {
		if (o->kernel_entry == KEXEC_ENTRY_KERNEL_PROPER)
			return diag_fail(why, EINVAL,
					 "--kernel-proper needs kexboot's own loader, and %s is in use (%s)",
					 kexec_iface_name(true), res->why);
		if (!req->kernel || !req->kernel->size)
			return diag_fail(why, EINVAL, "%s needs a kernel image (%s)", kexec_iface_name(true), res->why);
		if (req->nr_raw)
			return diag_fail(why, EINVAL,
					 "--raw needs %s (-c); %s only takes signed kernels", kexec_iface_name(false),
					 kexec_iface_name(true));
		if (o->dtb && o->dtb->size)
			return diag_fail(why, EINVAL, "a devicetree needs %s (setup_data); %s takes none (%s)",
					 kexec_iface_name(false), kexec_iface_name(true), res->why);
	}
	/*
	 * Every byte of the files is read twice, front to back: hashed, then
	 * copied by the kernel. Drop the pages behind the readers so the
	 * process never holds whole initrds mapped (they stay in the page cache).
	 */
	if (req->kernel)
		load_pagedrop_add(&drop, req->kernel);
	for (size_t i = 0; i < req->nr_initrds; i++)
		load_pagedrop_add(&drop, req->initrd_blobs[i]);
	for (size_t i = 0; i < req->nr_raw; i++)
		load_pagedrop_add(&drop, o->raw ? o->raw[i].blob : NULL);
	if (drop.nr_ranges && pagedrop_start(&drop, 5000) < 0)
		(void)diag_note(why, "no page-drop thread; the mapped files stay resident");
	r = file && !o->dry_run ? load_file(req, &ms, why) : load_plan(req, &ms, file, res, why);
	/*
	 * Chosen by kexboot, the segment-list load was refused although no
	 * lockdown was seen (securityfs absent, a policy kexboot cannot read):
	 * the kernel may still take a kernel it verifies itself through the
	 * file-based interface. Tried once, and said.
	 */
	if (r == -EPERM && !file && o->iface == KEXEC_IFACE_AUTO && !o->dry_run && load_file_possible(req)) {
		char first[DIAG_REASON_MAX];

		snprintf(first, sizeof(first), "%s", why->reason);
		(void)diag_note(why, "%s; trying %s", first, kexec_iface_name(true));
		res->used = KEXEC_IFACE_FILE;
		res->why = kexec_fallback_why();
		r = load_file(req, &ms, why);
		if (r < 0) {
			char second[DIAG_REASON_MAX];

			snprintf(second, sizeof(second), "%s", why->reason);
			r = diag_fail(why, -r, "%s; then %s", first, second);
		}
	}
	pagedrop_stop(&drop);
	return r;
}
