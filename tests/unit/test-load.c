// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * load_request_build + load_run (loader/load.c) against the fake kernel
 * seam: which interface it picks, what reaches the kernel, and what a
 * refusal says.
 */
#include "lib/cleanup.h"
#include "loader/load.h"
#include "tests/unit/harness.h"
#include "tests/unit/loader-util.h"
#include "tests/unit/sys-fake.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

/* free() is wrapped at link time (loader/loader.mk): a freed buffer still holding the secret is counted. */
void __real_free(void *p);
void __wrap_free(void *p);

static struct {
	const char *needle;
	unsigned unwiped;
} watch;

void __wrap_free(void *p)
{
	if (p && watch.needle && memmem(p, malloc_usable_size(p), watch.needle, strlen(watch.needle)))
		watch.unwiped++;
	__real_free(p);
}

/* A heap blob holding a copy of data. */
static struct blob heap(const void *data, size_t len, const char *name)
{
	struct blob b;

	CHECK_EQ(blob_new_heap(len, false, name, &b), 0);
	if (len)
		memcpy(b.storage, data, len);
	return b;
}

/* Builds the request and runs it; the blobs stay the test's. */
static int run(const struct blob *kernel, const struct blob *rd, size_t n, const char *cmdline,
	       const struct load_options *opt, struct load_result *res, struct diag_list *err)
{
	const struct blob *pieces[8];
	struct load_request req;
	int r;

	if (n > 8)
		return -E2BIG;
	for (size_t i = 0; i < n; i++)
		pieces[i] = &rd[i];
	r = load_request_build(&req, kernel, pieces, n, cmdline, opt, err);
	if (r < 0)
		return r;
	r = load_run(&req, res, err);
	load_result_done(res);
	return r;
}

static void test_own_loader_when_not_locked_down(void)
{
	struct util_bz bz = util_bz_default();
	size_t len = 0;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	struct blob k = heap(img, len, "kernel"), rd[2] = { heap("first", 5, "a"), heap("second", 6, "b") };
	const struct load_options opt = { .root = util_fixture("q35-1g"), .serial_port = 0x3f8 };
	struct load_result res;
	struct diag_list err = { 0 };

	sys_fake_reset();
	CHECK_EQ(run(&k, rd, 2, "console=ttyS0", &opt, &res, &err), 0);
	CHECK_EQ(res.used, KEXEC_IFACE_LOAD);
	CHECK_EQ(sys_fake()->kexec_load_calls, 1);
	CHECK_EQ(sys_fake()->kexec_file_load_calls, 0);
	/* kernel, initrd pieces, zero page, purgatory; the entry is the purgatory's */
	CHECK(sys_fake()->last_nr_segments >= 4);
	CHECK(sys_fake()->last_entry != 0);
	CHECK(!sys_fake()->last_crash);
	blob_release(&k);
	blob_release(&rd[0]);
	blob_release(&rd[1]);
}

static void keep_purgatory_flags(const struct kexec_plan *plan, void *userdata)
{
	*(uint32_t *)userdata = plan->args ? plan->args->flags : 0xffffffff;
}

/*
 * A payload kernel with the kexec NMI gate (/sys/kernel/kexec_nmi_safe) may
 * leave NMIs blocked: the purgatory is told so, and only then.
 */
static void test_purgatory_told_of_the_old_kernels_nmi_gate(void)
{
	struct util_bz bz = util_bz_default();
	size_t len = 0;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	struct blob k = heap(img, len, "kernel");
	static const char *const roots[] = { "nmi-safe", "nmi-safe-0", "q35-1g" };

	for (size_t i = 0; i < ARRAY_SIZE(roots); i++) {
		/* Through the decompressor: the test image has no payload to enter the kernel proper with. */
		const struct load_options opt = { .root = util_fixture(roots[i]), .serial_port = 0x3f8,
						  .verbose_purgatory = true,
						  .kernel_entry = KEXEC_ENTRY_DECOMPRESSOR };
		struct load_result res;
		struct diag_list err = { 0 };
		uint32_t flags = 0;

		sys_fake_reset();
		sys_fake()->on_segments = keep_purgatory_flags;
		sys_fake()->hook_userdata = &flags;
		CHECK_EQ(run(&k, NULL, 0, "console=ttyS0", &opt, &res, &err), 0);
		CHECK_EQ(sys_fake()->kexec_load_calls, 1);
		CHECK(flags & PURGATORY_F_VERBOSE);
		CHECK_EQ(!!(flags & PURGATORY_F_NMI_GATE), i == 0);
		diag_list_done(&err);
	}
	blob_release(&k);
}

static void test_file_load_under_lockdown(void)
{
	struct util_bz bz = util_bz_default();
	size_t len = 0;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	struct blob k = heap(img, len, "kernel"), rd[2] = { heap("first", 5, "a"), heap("second", 6, "b") };
	const struct load_options opt = { .root = util_fixture("lockdown") };
	struct load_result res;
	struct diag_list err = { 0 };

	sys_fake_reset();
	CHECK_EQ(run(&k, rd, 2, "quiet", &opt, &res, &err), 0);
	CHECK_EQ(res.used, KEXEC_IFACE_FILE);
	CHECK(strstr(res.why, "locked down") != NULL);
	CHECK_EQ(sys_fake()->kexec_load_calls, 0);
	CHECK_EQ(sys_fake()->kexec_file_load_calls, 1);
	/* The whole image as the kernel file; the initrds joined, each 4-byte aligned (8 + 6). */
	CHECK_EQ(sys_fake()->last_kernel_size, (long long)len);
	CHECK_EQ(sys_fake()->last_initrd_size, 14);
	CHECK_STREQ(sys_fake()->last_cmdline, "quiet");
	blob_release(&k);
	blob_release(&rd[0]);
	blob_release(&rd[1]);
	diag_list_done(&err);
}

/*
 * kexec_load refused (EPERM): on a kernel that shows its lockdown, the
 * reason says so; chosen by kexboot on one that does not, kexec_file_load
 * is tried once and the result says why; forced, nothing else is tried.
 */
static void test_refused_then_file_load(void)
{
	struct util_bz bz = util_bz_default();
	size_t len = 0;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	struct blob k = heap(img, len, "kernel"), rd[1] = { heap("first", 5, "a") };
	struct load_options opt = { .root = util_fixture("lockdown"), .iface = KEXEC_IFACE_LOAD };
	struct load_result res;
	struct diag_list err = { 0 };

	sys_fake_reset();
	sys_fake()->kexec_load_ret = -EPERM;
	CHECK_EQ(run(&k, rd, 1, "quiet", &opt, &res, &err), -EPERM);
	CHECK(strstr(err.reason, "kexec_load: refused: the kernel is locked down (integrity)") == err.reason);
	CHECK_EQ(sys_fake()->kexec_file_load_calls, 0);
	/* Locked down, kexboot's choice: kexec_file_load, which refuses an image it cannot verify. */
	opt.iface = KEXEC_IFACE_AUTO;
	sys_fake_reset();
	sys_fake()->kexec_file_load_ret = -EPERM;
	CHECK_EQ(run(&k, rd, 1, "quiet", &opt, &res, &err), -EPERM);
	CHECK_STREQ(err.reason, "kexec_file_load: refused: the kernel is locked down and could not verify the kernel "
				"image's signature against its keys");
	CHECK_EQ(sys_fake()->kexec_load_calls, 0);
	/* auto, no lockdown seen: refused, then the file-based interface, which loads. */
	opt = (struct load_options){ .root = util_fixture("q35-1g") };
	sys_fake_reset();
	sys_fake()->kexec_load_ret = -EPERM;
	{
		const struct blob *pieces[1] = { &rd[0] };
		struct load_request req;

		CHECK_EQ(load_request_build(&req, &k, pieces, 1, "quiet", &opt, &err), 0);
		CHECK_EQ(load_run(&req, &res, &err), 0);
		CHECK_EQ(res.used, KEXEC_IFACE_FILE);
		CHECK(strstr(res.why, "kexec_load was refused (not permitted)") == res.why);
		CHECK_EQ(sys_fake()->kexec_load_calls, 1);
		CHECK_EQ(sys_fake()->kexec_file_load_calls, 1);
		load_result_done(&res);
		/* Both refused: both reasons. */
		sys_fake_reset();
		sys_fake()->kexec_load_ret = -EPERM;
		sys_fake()->kexec_file_load_ret = -EKEYREJECTED;
		CHECK_EQ(load_run(&req, &res, &err), -EKEYREJECTED);
		CHECK(strstr(err.reason, "kexec_load: not permitted") == err.reason);
		CHECK(strstr(err.reason, "; then kexec_file_load: the kernel refused the image's signature") != NULL);
		load_result_done(&res);
		/* The test hook: -EBUSY without asking the kernel. */
		sys_fake_reset();
		req.opt.test_errno = EBUSY;
		CHECK_EQ(load_run(&req, &res, &err), -EBUSY);
		CHECK_EQ(sys_fake()->kexec_load_calls + sys_fake()->kexec_file_load_calls, 0);
		CHECK_STREQ(err.reason, "kexec_load: the kernel is busy with another kexec load or unload; try again");
		load_result_done(&res);
	}
	blob_release(&k);
	blob_release(&rd[0]);
	diag_list_done(&err);
}

static void test_refusal_in_plain_words(void)
{
	struct util_bz bz = util_bz_default();
	size_t len = 0;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	struct blob k = heap(img, len, "kernel");
	struct load_options opt = { .root = util_fixture("q35-1g"), .iface = KEXEC_IFACE_LOAD };
	struct load_result res;
	struct diag_list err = { 0 };

	sys_fake_reset();
	sys_fake()->kexec_load_ret = -EBUSY;
	CHECK_EQ(run(&k, NULL, 0, NULL, &opt, &res, &err), -EBUSY);
	CHECK_STREQ(err.reason, "kexec_load: the kernel is busy with another kexec load or unload; try again");
	/* The kernel's page allocations for the image failed (6.1: control pages are taken __GFP_NORETRY). */
	sys_fake_reset();
	sys_fake()->kexec_load_ret = -ENOMEM;
	CHECK_EQ(run(&k, NULL, 0, NULL, &opt, &res, &err), -ENOMEM);
	CHECK_STREQ(err.reason, "kexec_load: out of memory: the kernel could not allocate memory for the image (a crash "
				"kernel: its crashkernel= region may be too small)");
	sys_fake_reset();
	sys_fake()->kexec_load_ret = -EINVAL;
	CHECK_EQ(run(&k, NULL, 0, NULL, &opt, &res, &err), -EINVAL);
	CHECK_STREQ(err.reason, "kexec_load: the kernel rejected the request as invalid (an image over half of the "
				"memory, or a command line too long for it?)");
	sys_fake_reset();
	sys_fake()->kexec_file_load_ret = -EKEYREJECTED;
	opt.iface = KEXEC_IFACE_FILE;
	CHECK_EQ(run(&k, NULL, 0, NULL, &opt, &res, &err), -EKEYREJECTED);
	CHECK_STREQ(err.reason, "kexec_file_load: the kernel refused the image's signature");
	/* No kernel: refused before the kernel is asked. */
	sys_fake_reset();
	CHECK_EQ(run(NULL, NULL, 0, NULL, &opt, &res, &err), -EINVAL);
	CHECK_STREQ(err.reason, "kexec_file_load needs a kernel image (forced)");
	opt.iface = KEXEC_IFACE_LOAD;
	CHECK_EQ(run(NULL, NULL, 0, NULL, &opt, &res, &err), -EINVAL);
	CHECK_EQ(sys_fake()->kexec_file_load_calls + sys_fake()->kexec_load_calls, 0);
	blob_release(&k);
	diag_list_done(&err);
}

/* A sensitive heap blob holding a copy of data. */
static struct blob secret_blob(const char *data, size_t len)
{
	struct blob b;

	CHECK_EQ(blob_new_heap(len, true, "generated", &b), 0);
	memcpy(b.storage, data, len);
	return b;
}

struct seen {
	const char *secret;
	const struct blob *blob;
	unsigned copies, unmarked, unlocked, dup_fd;
	int fd;
	bool in_memfd, memfd_locked;
};

/*
 * mlock and munlock are wrapped at link time too (loader/loader.mk): the
 * sanitizers make mlock a no-op, so the test keeps the ranges the code under
 * test locked, and has not unlocked since, itself.
 */
int __real_mlock(const void *addr, size_t len);
int __real_munlock(const void *addr, size_t len);
int __wrap_mlock(const void *addr, size_t len);
int __wrap_munlock(const void *addr, size_t len);

static struct {
	uintptr_t lo[256], hi[256];
	size_t n;
} locks;

int __wrap_mlock(const void *addr, size_t len)
{
	int r = __real_mlock(addr, len);

	if (r == 0 && locks.n < 256) {
		locks.lo[locks.n] = (uintptr_t)addr;
		locks.hi[locks.n++] = (uintptr_t)addr + len;
	}
	return r;
}

int __wrap_munlock(const void *addr, size_t len)
{
	for (size_t i = 0; i < locks.n; i++)
		if (locks.lo[i] < (uintptr_t)addr + len && (uintptr_t)addr < locks.hi[i])
			locks.lo[i] = locks.hi[i] = 0;
	return __real_munlock(addr, len);
}

/* Whether [p, p + len) lies in locked memory: one range mlock was given and munlock has not been since. */
static bool is_locked(const void *p, size_t len)
{
	for (size_t i = 0; i < locks.n; i++)
		if (locks.lo[i] <= (uintptr_t)p && (uintptr_t)p + len <= locks.hi[i])
			return true;
	return false;
}

/* Inside the segment-list load: every segment holding the secret is the blob itself or a copy marked for wiping. */
static void look_at_segments(const struct kexec_plan *plan, void *userdata)
{
	struct seen *s = userdata;

	for (size_t i = 0; i < plan->nr_segments; i++) {
		const struct kexec_plan_segment *seg = &plan->seg[i];
		const char *b = seg->buf, *lo = s->blob->storage;
		bool marked = false;

		if (!b || !memmem(b, seg->bufsz, s->secret, strlen(s->secret)))
			continue;
		s->copies++;
		/* Locked wherever it is: the blob's own pages, or a planner copy of whole pages locked for it. */
		s->unlocked += !is_locked(b, seg->bufsz);
		if (!seg->owned) {
			marked = b >= lo && b + seg->bufsz <= lo + s->blob->storage_len; /* the blob's own pages */
		} else {
			for (size_t k = 0; k < plan->nr_owned; k++)
				if (plan->owned[k] == seg->buf && plan->owned_wipe[k] >= seg->bufsz)
					marked = true;
		}
		s->unmarked += !marked;
	}
}

static void test_secret_copies_wiped_after_the_segment_list_load(void)
{
	static const char secret[] = "SEGMENT-SECRET-0123456789abcdef";
	struct util_bz bz = util_bz_default();
	size_t len = 0;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	struct blob k = heap(img, len, "kernel"), rd[2] = { heap("first", 5, "a"), secret_blob(secret, sizeof(secret) - 1) };
	const struct load_options opt = { .root = util_fixture("q35-1g"), .iface = KEXEC_IFACE_LOAD };
	struct seen seen = { .secret = secret, .blob = &rd[1] };
	struct load_result res;
	struct diag_list err = { 0 };

	for (int fail = 0; fail < 2; fail++) {
		sys_fake_reset();
		sys_fake()->kexec_load_ret = fail ? -EBUSY : 0;
		sys_fake()->on_segments = look_at_segments;
		sys_fake()->hook_userdata = &seen;
		seen.copies = seen.unmarked = seen.unlocked = 0;
		watch.needle = secret;
		watch.unwiped = 0;
		CHECK_EQ(run(&k, rd, 2, "console=ttyS0", &opt, &res, &err), fail ? -EBUSY : 0);
		CHECK_EQ(sys_fake()->kexec_load_calls, 1);
		/* The seam holding both pieces is a planner copy: marked, and freed wiped. */
		CHECK(seen.copies >= 1);
		CHECK_EQ(seen.unmarked, 0);
		CHECK_EQ(seen.unlocked, 0);
		CHECK_EQ(watch.unwiped, 0);
		watch.needle = NULL;
	}
	/* The watch works: a freed copy of the secret is counted. */
	{
		/* Through a volatile pointer, so that the compiler keeps the pair. */
		void *(*volatile alloc)(size_t) = malloc;
		void (*volatile release)(void *) = free;
		char *p = alloc(64);

		CHECK(p != NULL);
		memcpy(p, secret, sizeof(secret));
		watch.needle = secret;
		release(p);
		CHECK_EQ(watch.unwiped, 1);
		watch.needle = NULL;
	}
	blob_release(&k);
	blob_release(&rd[0]);
	blob_release(&rd[1]);
	diag_list_done(&err);
}

/* Inside the file-descriptor load: the initrd descriptor holds the secret; keep a duplicate to look again. */
static void look_at_files(int kernel_fd, int initrd_fd, void *userdata)
{
	struct seen *s = userdata;
	char buf[256];
	ssize_t n = pread(initrd_fd, buf, sizeof(buf), 0);
	int seals = fcntl(initrd_fd, F_GET_SEALS);

	(void)kernel_fd;
	s->in_memfd = n > 0 && memmem(buf, (size_t)n, s->secret, strlen(s->secret));
	/* The writable mapping the bytes went in through (and are wiped through) is locked. */
	s->memfd_locked = locks.n > 0 && locks.hi[locks.n - 1] - locks.lo[locks.n - 1] >= (uintptr_t)n &&
			  memmem((const void *)locks.lo[locks.n - 1], (size_t)n, s->secret, strlen(s->secret)) != NULL;
	/* Nobody can write it any more, nor grow or shrink it. */
	CHECK_EQ(seals, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_FUTURE_WRITE | F_SEAL_SEAL);
	CHECK_EQ(fcntl(initrd_fd, F_GETFL) & O_ACCMODE, O_RDONLY);
	s->fd = dup(initrd_fd);
}

static void test_secret_memfd_wiped_after_the_file_descriptor_load(void)
{
	static const char secret[] = "FILE-SECRET-fedcba9876543210";
	struct util_bz bz = util_bz_default();
	size_t len = 0;
	_cleanup_free_ uint8_t *img = util_make_bzimage(&bz, &len);
	struct blob k = heap(img, len, "kernel"), rd[2] = { heap("first", 5, "a"), secret_blob(secret, sizeof(secret) - 1) };
	const struct load_options opt = { .root = util_fixture("q35-1g"), .iface = KEXEC_IFACE_FILE };
	struct seen seen = { .secret = secret, .blob = &rd[1] };
	struct load_result res;
	struct diag_list err = { 0 };

	for (int fail = 0; fail < 2; fail++) {
		struct stat st;
		uint8_t *look;

		sys_fake_reset();
		sys_fake()->kexec_file_load_ret = fail ? -EKEYREJECTED : 0;
		sys_fake()->on_files = look_at_files;
		sys_fake()->hook_userdata = &seen;
		seen.fd = -1;
		seen.in_memfd = seen.memfd_locked = false;
		CHECK_EQ(run(&k, rd, 2, "quiet", &opt, &res, &err), fail ? -EKEYREJECTED : 0);
		CHECK_EQ(sys_fake()->kexec_file_load_calls, 1);
		CHECK_EQ(sys_fake()->last_initrd_size, 8 + (long long)sizeof(secret) - 1);
		CHECK(seen.in_memfd);
		CHECK(seen.memfd_locked);
		CHECK(seen.fd >= 0);
		if (seen.fd < 0)
			continue;
		/* A second look at the memfd after the load: every byte is zero. */
		CHECK(fstat(seen.fd, &st) == 0 && st.st_size == 8 + (off_t)sizeof(secret) - 1);
		look = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, seen.fd, 0);
		CHECK(look != MAP_FAILED);
		if (look != MAP_FAILED) {
			for (off_t i = 0; i < st.st_size; i++)
				if (look[i]) {
					CHECK(!"the initrd memfd still holds bytes after the load");
					break;
				}
			munmap(look, (size_t)st.st_size);
		}
		close(seen.fd);
	}
	blob_release(&k);
	blob_release(&rd[0]);
	blob_release(&rd[1]);
	diag_list_done(&err);
}

static const struct test tests[] = {
	TEST(secret_copies_wiped_after_the_segment_list_load),
	TEST(secret_memfd_wiped_after_the_file_descriptor_load),
	TEST(own_loader_when_not_locked_down),
	TEST(purgatory_told_of_the_old_kernels_nmi_gate),
	TEST(file_load_under_lockdown),
	TEST(refusal_in_plain_words),
	TEST(refused_then_file_load),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
