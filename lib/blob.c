// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/blob.h"
#include "lib/cleanup.h"
#include "lib/digest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int blob_set_name(struct blob *b, const char *name)
{
	b->name = strdup(name ? name : "");
	return b->name ? 0 : -ENOMEM;
}

int blob_map_fd(int fd, uint64_t max, const char *name, struct blob *ret, struct diag_list *why)
{
	struct blob b = BLOB_INIT;
	struct stat st;
	void *map;
	int r;

	*ret = (struct blob)BLOB_INIT;
	if (fstat(fd, &st) < 0) {
		r = -errno;
		return diag_fail(why, r, "%s: %s", name, strerror(-r));
	}
	if (!S_ISREG(st.st_mode))
		return diag_fail(why, EINVAL, "%s: not a regular file", name);
	if ((uint64_t)st.st_size > max)
		return diag_fail(why, EFBIG, "%s: file too large", name);
	if (blob_set_name(&b, name) < 0)
		return -ENOMEM;
	b.fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (b.fd < 0) {
		r = -errno;
		blob_release(&b);
		return diag_fail(why, r, "%s: %s", name, strerror(-r));
	}
	if (st.st_size > 0) {
		/* Private and read-only: the bytes stay in the page cache, nothing is copied. */
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			r = -errno;
			blob_release(&b);
			return diag_fail(why, r, "%s: cannot map: %s", name, strerror(-r));
		}
		b.store = BLOB_FILE_MAP;
		b.storage = map;
		b.storage_len = (size_t)st.st_size;
		b.data = map;
		b.size = b.storage_len;
	}
	*ret = b;
	return 0;
}

int blob_map_path(const char *path, uint64_t max, struct blob *ret, struct diag_list *why)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);

	*ret = (struct blob)BLOB_INIT;
	if (fd < 0) {
		int r = -errno;

		return diag_fail(why, r, "%s: %s", path, strerror(-r));
	}
	return blob_map_fd(fd, max, path, ret, why);
}

/* Locks and hides a sensitive blob's storage; the caller releases b on failure. */
static int blob_protect(struct blob *b)
{
	if (!b->sensitive || !b->storage)
		return 0;
	if (mlock(b->storage, b->storage_len) < 0)
		return -errno;
	/*
	 * A kernel built without CONFIG_ADVISE_SYSCALLS has no madvise (the
	 * LinuxBoot payload had none before it took huge pages for downloads);
	 * the payload is also built without core dumps, so there is no dump
	 * to keep the bytes out of.
	 */
	if (madvise(b->storage, b->storage_len, MADV_DONTDUMP) < 0 && errno != ENOSYS)
		return -errno;
	return 0;
}

/* Maps size writable bytes (of b->fd, or anonymous) as b's storage and data; nothing for 0. */
static int blob_map_fresh(struct blob *b, size_t size, int flags)
{
	void *p;

	if (!size)
		return 0;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, flags, b->fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	b->storage = p;
	b->storage_len = size;
	b->data = p;
	b->size = size;
	return 0;
}

/*
 * Anonymous read-write memory of size bytes for b (nothing for 0). From
 * BLOB_HUGE_MIN bytes on, and not for a sensitive blob, the mapping starts on
 * a BLOB_HUGE_ALIGN boundary and asks for huge pages (MADV_HUGEPAGE), so a
 * kernel with transparent huge pages fills it with 2 MiB pages: one fault
 * and one clear per 2 MiB instead of per 4 KiB. A kernel without
 * madvise() (ENOSYS) or without THP (EINVAL) just uses small pages.
 */
static int blob_map_anon(struct blob *b, size_t size)
{
	size_t len = size, head = 0, page = (size_t)sysconf(_SC_PAGESIZE), whole;
	uintptr_t at;
	char *p;

	if (!size)
		return 0;
	if (b->sensitive || size < BLOB_HUGE_MIN)
		return blob_map_fresh(b, size, MAP_PRIVATE | MAP_ANONYMOUS);
	if (len > SIZE_MAX - BLOB_HUGE_ALIGN)
		return -ENOMEM;
	/* room to slide to the next boundary; what is left over on either side goes back */
	p = mmap(NULL, len + BLOB_HUGE_ALIGN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	at = (uintptr_t)p;
	if (at % BLOB_HUGE_ALIGN)
		head = BLOB_HUGE_ALIGN - at % BLOB_HUGE_ALIGN;
	whole = (len + page - 1) / page * page;
	if (head)
		munmap(p, head);
	munmap(p + head + whole, BLOB_HUGE_ALIGN - head);
	p += head;
	(void)madvise(p, len, MADV_HUGEPAGE);
	b->storage = p;
	b->storage_len = len;
	b->data = p;
	b->size = len;
	return 0;
}

int blob_new_heap(size_t size, bool sensitive, const char *name, struct blob *ret)
{
	struct blob b = BLOB_INIT;
	int r;

	*ret = (struct blob)BLOB_INIT;
	b.sensitive = sensitive;
	if (blob_set_name(&b, name) < 0)
		return -ENOMEM;
	if (size)
		b.store = BLOB_HEAP;
	/* Whole pages of their own, so mlock and MADV_DONTDUMP cover only this blob. */
	r = blob_map_anon(&b, size);
	if (r >= 0)
		r = blob_protect(&b);
	if (r < 0) {
		blob_release(&b);
		return r;
	}
	*ret = b;
	return 0;
}

int blob_new_memfd(size_t size, bool sensitive, const char *name, struct blob *ret)
{
	struct blob b = BLOB_INIT;
	int r;

	*ret = (struct blob)BLOB_INIT;
	b.sensitive = sensitive;
	if (blob_set_name(&b, name) < 0)
		return -ENOMEM;
	b.store = BLOB_MEMFD;
	b.fd = memfd_create("kexboot-blob", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (b.fd < 0 || ftruncate(b.fd, (off_t)size) < 0) {
		r = -errno;
		blob_release(&b);
		return r;
	}
	r = blob_map_fresh(&b, size, MAP_SHARED);
	if (r >= 0)
		r = blob_protect(&b);
	if (r < 0) {
		blob_release(&b);
		return r;
	}
	*ret = b;
	return 0;
}

int blob_memfd_resize(struct blob *b, size_t size)
{
	void *p;

	if (b->store != BLOB_MEMFD || (b->data && b->data != b->storage))
		return -EINVAL;
	/* what a sensitive blob gives up is wiped first: truncation frees the pages, it does not clear them */
	if (b->sensitive && b->storage && size < b->storage_len)
		explicit_bzero((char *)b->storage + size, b->storage_len - size);
	if (ftruncate(b->fd, (off_t)size) < 0)
		return -errno;
	if (size == 0) {
		if (b->storage)
			munmap(b->storage, b->storage_len);
		b->storage = NULL;
		b->storage_len = 0;
		b->data = NULL;
		b->size = 0;
		return 0;
	}
	if (b->storage)
		p = mremap(b->storage, b->storage_len, size, MREMAP_MAYMOVE);
	else
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, b->fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	b->storage = p;
	b->storage_len = size;
	b->data = p;
	b->size = size;
	/* a sensitive blob's new pages are locked and kept out of dumps too */
	return b->sensitive ? blob_protect(b) : 0;
}

uint64_t blob_grow_size(uint64_t have, uint64_t need, uint64_t first, uint64_t cap)
{
	uint64_t size = have ? have : first;

	if (need > cap || !size)
		return 0;
	while (size < need)
		size = size > UINT64_MAX / 2 ? UINT64_MAX : size * 2;
	return size < cap ? size : cap;
}

int blob_heap_resize(struct blob *b, size_t size)
{
	void *p;

	if (b->sensitive || b->fd >= 0 || (b->store != BLOB_HEAP && b->store != BLOB_EMPTY) ||
	    (b->data && b->data != b->storage) || (b->store == BLOB_EMPTY && b->storage))
		return -EINVAL;
	if (size == b->storage_len)
		return 0;
	if (size == 0) {
		munmap(b->storage, b->storage_len);
		b->storage = NULL;
		b->storage_len = 0;
		b->data = NULL;
		b->size = 0;
		b->store = BLOB_EMPTY;
		return 0;
	}
	if (!b->storage) {
		int r = blob_map_anon(b, size);

		if (r == 0)
			b->store = BLOB_HEAP;
		return r;
	}
	/* page tables move, bytes are not copied; shrinking stays in place */
	p = mremap(b->storage, b->storage_len, size, MREMAP_MAYMOVE);
	if (p == MAP_FAILED)
		return -errno;
	b->storage = p;
	b->storage_len = size;
	b->data = p;
	b->size = size;
	return 0;
}

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14; older musl headers lack it */
#endif

int blob_heap_populate(struct blob *b, size_t off, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), start, end;

	if (b->store != BLOB_HEAP || !b->storage)
		return -EINVAL;
	if (off > b->storage_len || len > b->storage_len - off)
		return -ERANGE;
	if (len == 0)
		return 0;
	/* whole pages around the range: the advice wants an aligned start */
	start = off / page * page;
	end = off + len;
	if (madvise((char *)b->storage + start, end - start, MADV_POPULATE_WRITE) == 0)
		return 0;
	/*
	 * No such advice (EINVAL before 5.14, ENOSYS without madvise): a write
	 * fault per page. Adding zero atomically leaves whatever is there.
	 */
	for (size_t at = start; at < end; at += page)
		__atomic_fetch_add((uint8_t *)b->storage + at, 0, __ATOMIC_RELAXED);
	return 0;
}

int blob_seal(struct blob *b)
{
	int seals = F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL;
	size_t off = b->data ? (size_t)((const char *)b->data - (const char *)b->storage) : 0;
	void *p;

	if (b->store == BLOB_EMPTY && b->fd < 0 && !b->storage)
		return 0; /* no bytes: nothing to write to */
	if (b->store == BLOB_HEAP && !b->sensitive)
		return mprotect(b->storage, b->storage_len, PROT_READ) < 0 ? -errno : 0;
	if (b->store != BLOB_MEMFD)
		return -EINVAL;
	/*
	 * A sensitive memfd keeps its writable mapping and no write seal:
	 * blob_release() must still be able to wipe it.
	 */
	if (b->sensitive)
		return fcntl(b->fd, F_ADD_SEALS, seals) < 0 ? -errno : 0;
	/* The write seal is refused while any shared mapping may write: unmap first. */
	if (b->storage)
		munmap(b->storage, b->storage_len);
	b->storage = NULL;
	if (fcntl(b->fd, F_ADD_SEALS, seals | F_SEAL_WRITE) < 0)
		return -errno;
	if (b->storage_len) {
		/* Private and read-only: no writable mapping is counted against the seal. */
		p = mmap(NULL, b->storage_len, PROT_READ, MAP_PRIVATE, b->fd, 0);
		if (p == MAP_FAILED) {
			b->data = NULL;
			b->size = 0;
			b->storage_len = 0;
			return -errno;
		}
		b->storage = p;
		b->data = b->size ? (const char *)p + off : NULL;
	}
	return 0;
}

int blob_narrow(struct blob *b, uint64_t off, uint64_t len)
{
	if (off > b->size || len > b->size - off)
		return -ERANGE;
	b->data = len ? (const char *)b->data + off : NULL;
	b->size = (size_t)len;
	b->has_sha256 = false;
	return 0;
}

int blob_sha256(struct blob *b)
{
	if (!b->has_sha256) {
		segment_digest(b->data, b->size, b->sha256);
		b->has_sha256 = true;
	}
	return 0;
}

void blob_release(struct blob *b)
{
	if (b->storage) {
		/*
		 * A file mapping is private and read-only: its bytes live in the page
		 * cache, not here, so only writable storage is wiped.
		 */
		if (b->sensitive && b->store != BLOB_FILE_MAP) {
			/* Writable: blob_seal() leaves sensitive memfds mapped read-write. */
			explicit_bzero(b->storage, b->storage_len);
			munlock(b->storage, b->storage_len);
		}
		munmap(b->storage, b->storage_len);
	}
	if (b->fd >= 0)
		close(b->fd);
	free(b->name);
	*b = (struct blob)BLOB_INIT;
}

void blob_forget(struct blob *b)
{
	*b = (struct blob)BLOB_INIT;
}
