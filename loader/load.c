// SPDX-License-Identifier: GPL-2.0-or-later
#include "loader/load.h"
#include "lib/cleanup.h"
#include "loader/policy.h"
#include "loader/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
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

void kexec_request_set_defaults(struct kexec_request *req, uint8_t seed[KEXEC_RNG_SEED_SIZE],
				bool verbose, uint16_t serial_port)
{
	size_t psize;
	long ncpus;

	if (getrandom(seed, KEXEC_RNG_SEED_SIZE, GRND_NONBLOCK) == KEXEC_RNG_SEED_SIZE) {
		req->rng_seed = seed;
		req->rng_seed_len = KEXEC_RNG_SEED_SIZE;
	}
	req->purgatory = kexboot_purgatory_blob(&psize);
	req->purgatory_size = psize;
	req->purgatory_flags = verbose ? PURGATORY_F_VERBOSE : 0;
	req->serial_port = serial_port;
	/* Digests on every CPU (loader/regions.c); the count only shapes the regions. */
	ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	req->hash_threads = ncpus > 0 ? (unsigned)ncpus : 1;
}

/* The file-based interface wants a file: the kernel bytes go into a sealed memfd. */
static int kernel_memfd(const void *data, size_t size, struct diag_list *err)
{
	struct kexec_initrd one = { data, size, "kernel" };
	int fd = -1, r;

	r = initrd_compose_memfd(&one, 1, 4, "", &fd, err);
	return r < 0 ? r : fd;
}

static int load_file(const struct load_input *in, struct diag_list *err)
{
	_cleanup_close_ int kfd = -1, ifd = -1;
	int r;

	kfd = kernel_memfd(in->kernel, in->kernel_size, err);
	if (kfd < 0)
		return kfd;
	if (in->nr_initrds) {
		r = initrd_compose_memfd(in->initrds, in->nr_initrds, in->initrd_align ? in->initrd_align : 4, "",
					 &ifd, err);
		if (r < 0)
			return r;
	}
	return load_fds(kfd, ifd, in->cmdline ? in->cmdline : "", in->crash, err);
}

int load_fds(int kernel_fd, int initrd_fd, const char *cmdline, bool crash, struct diag_list *err)
{
	int r = sys_kexec_file_load(kernel_fd, initrd_fd, cmdline, crash);

	if (r < 0)
		return diag_fail(err, -r, "%s: %s", kexec_iface_name(true), kexec_strerror(r, true));
	return 0;
}

int load_plan_into_kernel(const struct kexec_plan *plan, bool crash, struct diag_list *err)
{
	int r = sys_kexec_load(plan, crash);

	if (r < 0)
		return diag_fail(err, -r, "%s: %s", kexec_iface_name(false), kexec_strerror(r, false));
	return 0;
}

static int load_plan(const struct load_input *in, const struct machine_state *ms,
		     struct diag_list *err)
{
	uint8_t seed[KEXEC_RNG_SEED_SIZE];
	struct kexec_request req = { 0 };
	struct kexec_plan plan;
	int r;

	req.image = in->kernel;
	req.image_size = in->kernel_size;
	req.initrds = in->initrds;
	req.nr_initrds = in->nr_initrds;
	req.initrd_align = in->initrd_align ? in->initrd_align : 4;
	req.cmdline = in->cmdline;
	kexec_request_set_defaults(&req, seed, in->verbose_purgatory, 0x3f8);
	req.crash = in->crash;
	r = kexec_plan_build(&req, ms, &plan, err);
	explicit_bzero(seed, sizeof(seed));
	if (r < 0)
		return r;
	r = load_plan_into_kernel(&plan, in->crash, err);
	kexec_plan_free(&plan);
	return r;
}

int load_mapped(const struct load_input *in, struct load_result *res,
		      struct diag_list *err)
{
	_cleanup_(machine_state_free) struct machine_state ms = { 0 };
	bool file;
	int r;

	/* Read once: the interface choice and the plan see the same machine. */
	r = machine_state_read(in->root, &ms, err);
	if (r < 0)
		return r;
	res->why = "kexboot's own loader and purgatory";
	switch (in->iface) {
	case KEXEC_IFACE_FILE:
		file = true;
		res->why = "forced";
		break;
	case KEXEC_IFACE_LOAD:
		file = false;
		res->why = "forced";
		break;
	default:
		file = kexec_wants_file_load(&ms, &res->why);
		break;
	}
	res->used = file ? KEXEC_IFACE_FILE : KEXEC_IFACE_LOAD;
	if (!in->kernel || !in->kernel_size)
		return diag_fail(err, EINVAL, "no kernel image");
	return file ? load_file(in, err) : load_plan(in, &ms, err);
}
