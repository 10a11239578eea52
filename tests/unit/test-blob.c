// SPDX-License-Identifier: GPL-2.0-or-later
/* lib/blob.c: file mappings, narrowing, digests, memfd and heap blobs, wiping. */
#include "lib/blob.h"
#include "lib/cleanup.h"
#include "lib/fileio.h"
#include "lib/sha256.h"
#include "tests/unit/harness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A temporary file holding data; returns its path (caller unlinks and frees). */
static char *tmp_file(const void *data, size_t len)
{
	char *path = strdup("/tmp/kexboot-blob-XXXXXX");
	int fd;

	CHECK(path != NULL);
	fd = mkstemp(path);
	CHECK(fd >= 0);
	CHECK_EQ(fd_write_all(fd, data, len), 0);
	close(fd);
	return path;
}

static void test_map_narrow_sha256(void)
{
	char hex[65];
	_cleanup_free_ char *path = tmp_file("hello, blob world", 17);
	struct blob b = BLOB_INIT;
	struct diag_list why = { 0 };

	CHECK_EQ(blob_map_path(path, 1 << 20, &b, &why), 0);
	CHECK_EQ(b.store, BLOB_FILE_MAP);
	CHECK_EQ(b.size, 17);
	CHECK_STREQ(b.name, path);
	CHECK(memcmp(b.data, "hello, blob world", 17) == 0);
	/* The view narrows; the storage stays the whole file. */
	CHECK_EQ(blob_narrow(&b, 7, 4), 0);
	CHECK_EQ(b.size, 4);
	CHECK(memcmp(b.data, "blob", 4) == 0);
	CHECK_EQ(b.storage_len, 17);
	CHECK_EQ(blob_narrow(&b, 2, 3), -ERANGE);
	CHECK_EQ(blob_narrow(&b, 5, 0), -ERANGE);
	CHECK_EQ(blob_sha256(&b), 0);
	CHECK(b.has_sha256);
	sha256_hex(b.sha256, hex);
	/* The digest is of the view, not of the file: printf blob | sha256sum */
	CHECK_STREQ(hex, "fa2c8cc4f28176bbeed4b736df569a34c79cd3723e9ec42f9674b4d46ac6b8b8");
	/* Narrowing again drops the cached digest. */
	CHECK_EQ(blob_narrow(&b, 0, 1), 0);
	CHECK(!b.has_sha256);
	blob_release(&b);
	CHECK_EQ(b.store, BLOB_EMPTY);
	CHECK(b.storage == NULL && b.name == NULL && b.fd == -1);
	blob_release(&b); /* twice is fine */
	unlink(path);
}

static void test_map_failures(void)
{
	_cleanup_free_ char *path = tmp_file("0123456789", 10);
	struct blob b = BLOB_INIT;
	struct diag_list why = { 0 };

	CHECK_EQ(blob_map_path(path, 9, &b, &why), -EFBIG);
	CHECK(strstr(why.reason, "file too large") != NULL);
	CHECK_EQ(blob_map_path("/nonexistent/kexboot", 9, &b, &why), -ENOENT);
	CHECK_STREQ(why.reason, "/nonexistent/kexboot: No such file or directory");
	CHECK_EQ(blob_map_path("/tmp", 9, &b, &why), -EINVAL);
	CHECK_STREQ(why.reason, "/tmp: not a regular file");
	CHECK(b.storage == NULL && b.name == NULL);
	unlink(path);
	/* An empty file: a blob with no storage. */
	free(path);
	path = tmp_file("", 0);
	CHECK_EQ(blob_map_path(path, 9, &b, &why), 0);
	CHECK_EQ(b.store, BLOB_EMPTY);
	CHECK_EQ(b.size, 0);
	blob_release(&b);
	unlink(path);
}

static void test_sha256_known_value(void)
{
	struct blob b = BLOB_INIT;
	char hex[65];

	CHECK_EQ(blob_new_heap(3, false, "abc", &b), 0);
	memcpy(b.storage, "abc", 3);
	CHECK_EQ(blob_sha256(&b), 0);
	sha256_hex(b.sha256, hex);
	/* FIPS 180-2 example B.1. */
	CHECK_STREQ(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	blob_release(&b);
}

/* Whether the mapping holding p is writable, from /proc/self/maps. */
static bool writable(const void *p)
{
	FILE *f = fopen("/proc/self/maps", "re");
	unsigned long lo, hi;
	char perms[8], line[512];
	bool w = false;

	CHECK(f != NULL);
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) == 3 && (uintptr_t)p >= lo && (uintptr_t)p < hi) {
			w = perms[1] == 'w';
			break;
		}
	if (f)
		fclose(f);
	return w;
}

/* Heap blobs that grow and shrink (HTTP downloads): zeroes where new, bytes kept, huge ones 2 MiB-aligned. */
static void test_heap_resize(void)
{
	struct blob h = BLOB_INIT, s = BLOB_INIT, m = BLOB_INIT;
	size_t big = 3 * BLOB_HUGE_ALIGN + 12345;

	CHECK_EQ(blob_new_heap(0, false, "http://x/big", &h), 0);
	CHECK_EQ(h.store, BLOB_EMPTY);
	CHECK_EQ(blob_heap_resize(&h, big), 0);
	CHECK_EQ(h.store, BLOB_HEAP);
	CHECK_EQ(h.size, big);
	CHECK(h.data == h.storage);
	CHECK_EQ((uintptr_t)h.storage % BLOB_HUGE_ALIGN, 0);
	CHECK(writable(h.storage));
	memset(h.storage, 0xab, big);
	CHECK_EQ(blob_heap_resize(&h, 2 * big), 0);
	CHECK(((const uint8_t *)h.data)[big - 1] == 0xab);
	CHECK(((const uint8_t *)h.data)[big] == 0 && ((const uint8_t *)h.data)[2 * big - 1] == 0);
	CHECK_EQ(blob_heap_resize(&h, 100), 0);
	CHECK_EQ(h.size, 100);
	CHECK(((const uint8_t *)h.data)[99] == 0xab);
	CHECK_EQ(blob_seal(&h), 0);
	CHECK(!writable(h.storage));
	CHECK(memcmp(h.data, "\xab\xab", 2) == 0);
	blob_release(&h);
	CHECK(h.storage == NULL && h.fd == -1);

	/* to nothing and back; sealing nothing is nothing */
	CHECK_EQ(blob_new_heap(10, false, "small", &h), 0);
	CHECK_EQ(blob_heap_resize(&h, 0), 0);
	CHECK(h.store == BLOB_EMPTY && h.storage == NULL && h.size == 0);
	CHECK_EQ(blob_seal(&h), 0);
	blob_release(&h);

	/* not for sensitive, memfd or narrowed blobs */
	CHECK_EQ(blob_new_heap(10, true, "secret", &s), 0);
	CHECK_EQ(blob_heap_resize(&s, 20), -EINVAL);
	blob_release(&s);
	CHECK_EQ(blob_new_memfd(10, false, "memfd", &m), 0);
	CHECK_EQ(blob_heap_resize(&m, 20), -EINVAL);
	blob_release(&m);
	CHECK_EQ(blob_new_heap(10, false, "narrowed", &h), 0);
	CHECK_EQ(blob_narrow(&h, 2, 4), 0);
	CHECK_EQ(blob_heap_resize(&h, 20), -EINVAL);
	blob_release(&h);
}

int __real_madvise(void *addr, size_t len, int advice);
int __wrap_madvise(void *addr, size_t len, int advice);

/* MADV_POPULATE_WRITE refused as an old kernel would (EINVAL), to take the fallback */
static bool populate_refused;
static unsigned populate_calls;

int __wrap_madvise(void *addr, size_t len, int advice)
{
	if (advice == 23 /* MADV_POPULATE_WRITE */) {
		populate_calls++;
		if (populate_refused) {
			errno = EINVAL;
			return -1;
		}
	}
	return __real_madvise(addr, len, advice);
}

/* How many of the pages holding [p, p + len) are resident (mincore). */
static size_t resident_pages(const void *p, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), head = (uintptr_t)p % page;
	size_t n = (head + len + page - 1) / page, count = 0;
	unsigned char *vec = calloc(n, 1);

	CHECK(vec != NULL);
	/* mincore wants a page-aligned start */
	CHECK_EQ(mincore((char *)p - head, head + len, vec), 0);
	for (size_t i = 0; i < n; i++)
		count += vec[i] & 1;
	free(vec);
	return count;
}

static void test_heap_populate(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	struct blob h = BLOB_INIT, m = BLOB_INIT;

	for (int refused = 0; refused < 2; refused++) {
		size_t big = 3 * BLOB_HUGE_ALIGN + 123, mid = BLOB_HUGE_ALIGN;
		uint8_t *p;

		populate_refused = refused;
		populate_calls = 0;
		CHECK_EQ(blob_new_heap(0, false, "http://x/populate", &h), 0);
		CHECK_EQ(blob_heap_resize(&h, big), 0);
		p = h.storage;
		/* bytes already there in the range stay as they are */
		p[page + 5] = 0x5a;
		p[mid - 1] = 0xa5;
		CHECK_EQ(blob_heap_populate(&h, page + 7, mid - page - 7), 0);
		CHECK_EQ(populate_calls, 1);
		CHECK(p[page + 5] == 0x5a && p[mid - 1] == 0xa5 && p[page + 7] == 0 && p[mid - 2] == 0);
		/* the pages asked for are resident, from the one holding the start on */
		CHECK_EQ(resident_pages(p + page, mid - page), (mid - page) / page);
		/* the last huge page's range was not asked for: nothing made it resident (no THP here takes it in) */
		CHECK_EQ(resident_pages(p + 2 * BLOB_HUGE_ALIGN + page, page), 0);
		CHECK_EQ(blob_heap_populate(&h, big - 1, 1), 0);
		CHECK_EQ(resident_pages(p + big - 1, 1), 1);
		CHECK_EQ(blob_heap_populate(&h, big, 0), 0);
		CHECK_EQ(blob_heap_populate(&h, big, 1), -ERANGE);
		CHECK_EQ(blob_heap_populate(&h, 0, big + 1), -ERANGE);
		blob_release(&h);
	}
	populate_refused = false;
	CHECK_EQ(blob_new_memfd(10, false, "memfd", &m), 0);
	CHECK_EQ(blob_heap_populate(&m, 0, 1), -EINVAL);
	blob_release(&m);
	CHECK_EQ(blob_heap_populate(&h, 0, 1), -EINVAL); /* released: nothing to populate */
}

static void test_memfd_and_heap(void)
{
	struct blob m = BLOB_INIT, h = BLOB_INIT, z = BLOB_INIT;
	char buf[8] = { 0 };

	CHECK_EQ(blob_new_memfd(8, false, "cpio", &m), 0);
	CHECK_EQ(m.store, BLOB_MEMFD);
	CHECK(m.fd >= 0);
	memcpy(m.storage, "MEMFDxyz", 8);
	CHECK_EQ(blob_seal(&m), 0);
	CHECK(memcmp(m.data, "MEMFDxyz", 8) == 0);
	/* Sealed: the descriptor reads the bytes and refuses writes and resizing. */
	CHECK_EQ(pread(m.fd, buf, 8, 0), 8);
	CHECK(memcmp(buf, "MEMFDxyz", 8) == 0);
	CHECK(pwrite(m.fd, "x", 1, 0) < 0);
	CHECK(ftruncate(m.fd, 4) < 0);
	blob_release(&m);
	CHECK_EQ(m.fd, -1);

	CHECK_EQ(blob_new_heap(5000, false, "heap", &h), 0);
	CHECK_EQ(h.store, BLOB_HEAP);
	CHECK_EQ(h.size, 5000);
	CHECK(((const uint8_t *)h.data)[4999] == 0);
	CHECK_EQ(blob_seal(&h), 0);
	CHECK(!writable(h.storage));
	blob_release(&h);
	CHECK_EQ(blob_new_heap(0, true, "nothing", &z), 0);
	CHECK_EQ(z.size, 0);
	blob_release(&z);
}

static void test_release_wipes_sensitive(void)
{
	static const char secret[] = "correct horse battery staple";
	struct blob s = BLOB_INIT, moved;
	int fd2;
	uint8_t *look;
	size_t n = 4096;

	CHECK_EQ(blob_new_memfd(n, true, "secret", &s), 0);
	memcpy(s.storage, secret, sizeof(secret));
	CHECK_EQ(blob_seal(&s), 0);
	/* A second look at the same memory, outliving the blob. */
	fd2 = dup(s.fd);
	CHECK(fd2 >= 0);
	look = mmap(NULL, n, PROT_READ, MAP_SHARED, fd2, 0);
	CHECK(look != MAP_FAILED);
	CHECK(memcmp(look, secret, sizeof(secret)) == 0);
	/* Moved, then released through the new owner. */
	moved = s;
	blob_forget(&s);
	CHECK(s.storage == NULL && s.fd == -1);
	blob_release(&moved);
	for (size_t i = 0; i < n; i++)
		if (look[i]) {
			CHECK(!"a released sensitive blob still holds its bytes");
			break;
		}
	munmap(look, n);
	close(fd2);
}

/*
 * mlock is wrapped at link time (lib/lib.mk): the sanitizers make it a
 * no-op, so the test records what the code asked to lock. MADV_DONTDUMP
 * shows in the mapping's VmFlags ("dd" in /proc/self/smaps).
 */
int __real_mlock(const void *addr, size_t len);
int __wrap_mlock(const void *addr, size_t len);

static struct {
	const void *addr;
	size_t len;
	unsigned calls;
} locked;

int __wrap_mlock(const void *addr, size_t len)
{
	int r = __real_mlock(addr, len);

	if (r == 0) {
		locked.addr = addr;
		locked.len = len;
		locked.calls++;
	}
	return r;
}

/* Whether the mapping holding addr has VM_DONTDUMP (MADV_DONTDUMP): -1 when no mapping holds it. */
static int dontdump(const void *addr)
{
	FILE *f = fopen("/proc/self/smaps", "re");
	char line[512];
	bool in = false;
	int r = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;

		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
			in = (uintptr_t)addr >= lo && (uintptr_t)addr < hi;
			continue;
		}
		if (in && !strncmp(line, "VmFlags:", 8)) {
			r = strstr(line, " dd") != NULL;
			break;
		}
	}
	fclose(f);
	return r;
}

/* Sensitive blobs, heap and memfd: their whole storage locked and kept out of core dumps; others neither. */
static void test_sensitive_is_locked_and_not_dumped(void)
{
	struct blob b = BLOB_INIT;

	for (int memfd = 0; memfd < 2; memfd++) {
		for (int sensitive = 0; sensitive < 2; sensitive++) {
			memset(&locked, 0, sizeof(locked));
			CHECK_EQ(memfd ? blob_new_memfd(5000, sensitive, "s", &b) : blob_new_heap(5000, sensitive, "s", &b),
				 0);
			CHECK(b.storage != NULL);
			if (sensitive) {
				CHECK_EQ(locked.calls, 1);
				CHECK(locked.addr == b.storage && locked.len >= 5000);
				CHECK_EQ(dontdump(b.storage), 1);
			} else {
				CHECK_EQ(locked.calls, 0);
				CHECK_EQ(dontdump(b.storage), 0);
			}
			blob_release(&b);
		}
	}
}

/* How a filling body grows: doubling from what it has (or the first size), capped, 0 past the cap; no wrap. */
static void test_grow_size(void)
{
	CHECK_EQ(blob_grow_size(0, 1, 1024, 1 << 20), 1024);
	CHECK_EQ(blob_grow_size(0, 5000, 1024, 1 << 20), 8192);
	CHECK_EQ(blob_grow_size(8192, 8193, 1024, 1 << 20), 16384);
	CHECK_EQ(blob_grow_size(8192, 9000, 1024, 10000), 10000);
	CHECK_EQ(blob_grow_size(8192, 10001, 1024, 10000), 0);
	CHECK_EQ(blob_grow_size((uint64_t)1 << 63, UINT64_MAX, 1, UINT64_MAX), UINT64_MAX);
}

static const struct test tests[] = {
	TEST(grow_size),
	TEST(map_narrow_sha256),
	TEST(map_failures),
	TEST(sha256_known_value),
	TEST(memfd_and_heap),
	TEST(heap_resize),
	TEST(heap_populate),
	TEST(release_wipes_sensitive),
	TEST(sensitive_is_locked_and_not_dumped),
};

int main(void)
{
	return harness_run(tests, ARRAY_SIZE(tests));
}
