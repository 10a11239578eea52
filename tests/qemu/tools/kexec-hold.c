// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test-only, run inside QEMU guests (never on the host): a second kexec
 * loader in the same machine that holds the kernel's kexec lock, without a
 * gap, until the test says stop, so that the kernel itself answers
 * kexboot's load with EBUSY every time.
 *
 *   kexec-hold MIB STOPFILE
 *
 * How the lock is held (6.1): kexec_load's do_kexec_load() (kernel/kexec.c)
 * takes the lock with kexec_trylock() (kernel/kexec_internal.h: an atomic
 * __kexec_lock moved from 0 to 1 by cmpxchg; any other taker, kexec_load,
 * kexec_file_load or reboot(KEXEC), gets EBUSY while it is 1) and gives it
 * back only on its way out. In between, kimage_load_segment()
 * (kernel/kexec_core.c) copies each segment's bytes from the caller with
 * copy_from_user(). This loader's one segment (one page of bytes, MIB MiB
 * in memory, at 8 GiB where a small guest has no RAM) lies in memory
 * registered with userfaultfd(2) for missing pages: the kernel's copy of
 * its first page faults and waits, inside the syscall and with the lock
 * taken, until this program supplies that page. Nothing else touches the
 * page, so the fault's message is the proof that the lock is held from
 * then on. The page (zeros) is supplied only once STOPFILE exists; the load
 * then completes, and this program unloads it and says for how long it held
 * the lock. Its lines ("kexec-hold: ...") go to the kernel log.
 *
 * If this program dies while holding, the kernel closes its userfaultfd:
 * the waiting copy fails (EFAULT) and the lock is given back.
 *
 * A thread issues kexec_load through kexboot's kernel seam (loader/sys.c);
 * the main thread watches the userfaultfd and STOPFILE.
 */
#include "loader/sys.h"
#include "tests/qemu/tools/guest-common.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define HOLD_DEST 0x200000000ull /* 8 GiB */
#define FAULT_WAIT_MS 60000      /* the load reaches its copy in well under a second */

#define say(...) guest_say("kexec-hold", 2, __VA_ARGS__)

struct loader {
	struct kexec_plan plan;
	int done_fd;        /* written once kexec_load has returned */
	volatile long tid;  /* the loading thread's id (for /proc/self/task/TID/stack) */
	int r;              /* its result */
};

static unsigned long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + (unsigned long long)ts.tv_nsec / 1000000;
}

static void *load_thread(void *arg)
{
	struct loader *l = arg;

	l->tid = syscall(SYS_gettid);
	l->r = sys_kexec_load(&l->plan, false);
	(void)!write(l->done_fd, "x", 1);
	return NULL;
}

/* A userfaultfd watching page (missing pages), its faults read without blocking: the fd, or -errno. */
static int uffd_watch(void *page, size_t len)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .range = { .start = (uintptr_t)page, .len = len },
				       .mode = UFFDIO_REGISTER_MODE_MISSING };
	/* Not UFFD_USER_MODE_ONLY: the fault to catch is the kernel's own (root may handle those). */
	int fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK), r = 0;

	if (fd < 0)
		return -errno;
	if (ioctl(fd, UFFDIO_API, &api) < 0 || ioctl(fd, UFFDIO_REGISTER, &reg) < 0)
		r = -errno;
	else if (!(reg.ioctls & (1ull << _UFFDIO_ZEROPAGE)))
		r = -EOPNOTSUPP;
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

/*
 * The function names of the loading thread's kernel stack, innermost first,
 * down to the syscall's entry ("...kexec_load"), joined by " < " into out;
 * "" when /proc/self/task/TID/stack cannot be read. The fault itself
 * proves the hold; the stack shows where it waits, and the test checks it
 * (... < kimage_load_segment < do_kexec_load).
 */
static void kernel_stack(long tid, char *out, size_t size)
{
	char path[64], text[4096], *line, *save = NULL;
	size_t len = 0;

	out[0] = '\0';
	snprintf(path, sizeof(path), "/proc/self/task/%ld/stack", tid);
	if (guest_read_text(path, text, sizeof(text)) < 0)
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *name = strchr(line, ' ');
		size_t n;

		if (!name)
			continue;
		name++;
		n = strcspn(name, "+ ");
		if (len + n + 4 >= size)
			break;
		len += (size_t)snprintf(out + len, size - len, "%s%.*s", len ? " < " : "", (int)n, name);
		if (n >= 10 && !strncmp(name + n - 10, "kexec_load", 10))
			break;
	}
}

/* Waits (up to FAULT_WAIT_MS) for the kernel's fault on the segment: its address, or 0 and *why. */
static unsigned long long wait_fault(int uffd, int done_fd, const char **why)
{
	struct pollfd pf[2] = { { .fd = uffd, .events = POLLIN }, { .fd = done_fd, .events = POLLIN } };
	struct uffd_msg msg;
	int n = poll(pf, 2, FAULT_WAIT_MS);

	if (n < 0) {
		*why = strerror(errno);
		return 0;
	}
	if (n == 0) {
		*why = "no fault within 60 s";
		return 0;
	}
	if (!(pf[0].revents & POLLIN)) {
		*why = "kexec_load returned before it copied its segment";
		return 0;
	}
	if (read(uffd, &msg, sizeof(msg)) != (ssize_t)sizeof(msg) || msg.event != UFFD_EVENT_PAGEFAULT) {
		*why = "the userfaultfd gave no page fault";
		return 0;
	}
	return msg.arg.pagefault.address;
}

int main(int argc, char **argv)
{
	static struct loader l;
	const size_t page = (size_t)sysconf(_SC_PAGESIZE);
	unsigned long long fault, held_from, held_ms;
	unsigned long mib;
	const char *why = NULL;
	char stack[400];
	pthread_t th;
	int done[2], uffd, r;
	void *buf;

	if (argc != 3 || !(mib = strtoul(argv[1], NULL, 10))) {
		fprintf(stderr, "usage: kexec-hold MIB STOPFILE\n");
		return 2;
	}
	buf = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED) {
		say("mmap: %s", strerror(errno));
		return 1;
	}
	uffd = uffd_watch(buf, page);
	if (uffd < 0) {
		say("userfaultfd: %s", strerror(-uffd));
		return 1;
	}
	if (pipe2(done, O_CLOEXEC) < 0) {
		say("pipe: %s", strerror(errno));
		return 1;
	}
	l.plan.nr_segments = 1;
	l.plan.seg[0].buf = buf;
	l.plan.seg[0].bufsz = page;
	l.plan.seg[0].mem = HOLD_DEST;
	l.plan.seg[0].memsz = (uint64_t)mib << 20;
	l.plan.entry = HOLD_DEST;
	l.done_fd = done[1];
	say("loading %lu MiB at 0x%llx; its first page comes when %s exists", mib, HOLD_DEST, argv[2]);
	r = pthread_create(&th, NULL, load_thread, &l);
	if (r) {
		say("pthread_create: %s", strerror(r));
		return 1;
	}
	fault = wait_fault(uffd, done[0], &why);
	if (!fault) {
		/* Supply the page anyway, so that a load still inside the kernel ends. */
		(void)ioctl(uffd, UFFDIO_ZEROPAGE, &(struct uffdio_zeropage){ .range = { (uintptr_t)buf, page } });
		pthread_join(th, NULL);
		say("not holding: %s (kexec_load: %s)", why, l.r < 0 ? strerror(-l.r) : "ok");
		(void)sys_kexec_unload(false);
		return 1;
	}
	held_from = now_ms();
	say("holding the kexec lock: kexec_load waits in the kernel for its segment's first page (fault at 0x%llx, "
	    "the segment at 0x%llx)",
	    fault, (unsigned long long)(uintptr_t)buf);
	/* The waiting thread is off the CPU now (it sleeps in the fault): its stack reads whole. */
	kernel_stack(l.tid, stack, sizeof(stack));
	say("the waiting load's kernel stack: %s", stack[0] ? stack : "(unreadable)");
	while (access(argv[2], F_OK) != 0) {
		struct pollfd pf = { .fd = done[0], .events = POLLIN };

		/* The load cannot end while its page is missing; if it did, the hold was not one. */
		if (poll(&pf, 1, 100) > 0) {
			pthread_join(th, NULL);
			say("the load ended while its page was missing (kexec_load: %s): the lock is free",
			    l.r < 0 ? strerror(-l.r) : "ok");
			return 1;
		}
	}
	held_ms = now_ms() - held_from;
	if (ioctl(uffd, UFFDIO_ZEROPAGE, &(struct uffdio_zeropage){ .range = { (uintptr_t)buf, page } }) < 0)
		say("UFFDIO_ZEROPAGE: %s", strerror(errno));
	pthread_join(th, NULL);
	say("released the kexec lock after %llu ms: the load went on and ended: %s", held_ms,
	    l.r < 0 ? strerror(-l.r) : "ok");
	r = sys_kexec_unload(false);
	say("stopped; unloaded: %s", r < 0 ? strerror(-r) : "ok");
	return l.r < 0 || r < 0;
}
