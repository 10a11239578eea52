// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * payload: a bzImage's compressed kernel decompressed in user space, and the
 * kernel proper (an ELF vmlinux) laid out for loading. See loader/internal.h for why
 * a plan would rather enter startup_64 itself.
 */
#include "loader/internal.h"

#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

static const uint8_t magic_gzip[] = { 0x1f, 0x8b };
static const uint8_t magic_xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
static const uint8_t magic_zstd[] = { 0x28, 0xb5, 0x2f, 0xfd };

static bool has_magic(const uint8_t *p, size_t len, const uint8_t *m, size_t mlen)
{
	return len >= mlen && memcmp(p, m, mlen) == 0;
}

/* Other compressors the kernel build knows, named for the refusal. */
static const char *other_format(const uint8_t *p, size_t len)
{
	if (has_magic(p, len, (const uint8_t *)"BZh", 3))
		return "bzip2";
	if (len >= 3 && p[0] == 0x5d && p[1] == 0 && p[2] == 0)
		return "lzma";
	if (has_magic(p, len, (const uint8_t *)"\x89LZO", 4))
		return "lzo";
	if (has_magic(p, len, (const uint8_t *)"\x02\x21\x4c\x18", 4))
		return "lz4";
	return NULL;
}

static int inflate_gzip(const uint8_t *in, size_t len, uint8_t *out, size_t cap, size_t *got,
			struct diag_list *err)
{
	z_stream zs = { 0 };
	int zr, r = 0;

	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return diag_fail(err, ENOMEM, "gzip: %s", zs.msg ? zs.msg : "cannot start");
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	zr = inflate(&zs, Z_FINISH);
	if (zr != Z_STREAM_END)
		r = diag_fail(err, EBADMSG, "gzip payload: %s",
				   zs.msg ? zs.msg : "truncated or larger than its recorded size");
	*got = zs.total_out;
	inflateEnd(&zs);
	return r;
}

static int unxz(const uint8_t *in, size_t len, uint8_t *out, size_t cap, size_t *got,
		struct diag_list *err)
{
	uint64_t memlimit = UINT64_MAX;
	size_t in_pos = 0, out_pos = 0;
	lzma_ret lr;

	lr = lzma_stream_buffer_decode(&memlimit, 0, NULL, in, &in_pos, len, out, &out_pos, cap);
	*got = out_pos;
	switch (lr) {
	case LZMA_OK:
		return 0;
	case LZMA_MEM_ERROR:
		return diag_fail(err, ENOMEM, "xz payload: out of memory");
	case LZMA_BUF_ERROR:
		return diag_fail(err, EBADMSG,
				      "xz payload: truncated or larger than its recorded size");
	default:
		return diag_fail(err, EBADMSG, "xz payload: corrupt (liblzma error %d)", (int)lr);
	}
}

static int unzstd(const uint8_t *in, size_t len, uint8_t *out, size_t cap, size_t *got,
		  struct diag_list *err)
{
	size_t frame = ZSTD_findFrameCompressedSize(in, len), n;

	*got = 0;
	if (ZSTD_isError(frame))
		return diag_fail(err, EBADMSG, "zstd payload: %s", ZSTD_getErrorName(frame));
	n = ZSTD_decompress(out, cap, in, frame);
	if (ZSTD_isError(n))
		return diag_fail(err, EBADMSG, "zstd payload: %s", ZSTD_getErrorName(n));
	*got = n;
	return 0;
}

int payload_decompress(const uint8_t *in, size_t len, uint8_t **out, size_t *out_len,
		       const char **format, struct diag_list *err)
{
	int (*fn)(const uint8_t *, size_t, uint8_t *, size_t, size_t *, struct diag_list *);
	const char *other;
	uint8_t *buf;
	size_t want, got = 0;
	int r;

	*out = NULL;
	*out_len = 0;
	if (has_magic(in, len, magic_gzip, sizeof(magic_gzip))) {
		*format = "gzip";
		fn = inflate_gzip;
	} else if (has_magic(in, len, magic_xz, sizeof(magic_xz))) {
		*format = "xz";
		fn = unxz;
	} else if (has_magic(in, len, magic_zstd, sizeof(magic_zstd))) {
		*format = "zstd";
		fn = unzstd;
	} else if ((other = other_format(in, len))) {
		*format = other;
		return diag_fail(err, EOPNOTSUPP,
				      "the kernel payload is %s-compressed; kexboot decompresses gzip, xz and zstd",
				      other);
	} else {
		*format = "unknown";
		return diag_fail(err, ENOEXEC, "the kernel payload has no known compression magic");
	}
	if (len < 8)
		return diag_fail(err, ENOEXEC, "the kernel payload is truncated");
	want = get_le32(in + len - 4);
	if (want == 0 || want > PAYLOAD_MAX_SIZE)
		return diag_fail(err, EFBIG, "the kernel payload says it decompresses to %zu bytes",
				      want);
	buf = malloc(want);
	if (!buf)
		return diag_fail(err, ENOMEM, "out of memory for a %zu-byte kernel", want);
	r = fn(in, len - 4, buf, want, &got, err);
	if (r == 0 && got != want)
		r = diag_fail(err, EBADMSG,
				   "%s payload decompressed to %zu bytes, its trailer says %zu",
				   *format, got, want);
	if (r < 0) {
		free(buf);
		return r;
	}
	*out = buf;
	*out_len = got;
	return 0;
}

void vmlinux_image_free(struct vmlinux_image *vm)
{
	free(vm->buf);
	memset(vm, 0, sizeof(*vm));
}

/*
 * One pass over the PT_LOADs: the span, or (when buf is set) the copy, which
 * also sets bufsz to the end of the last non-zero byte a segment's file bytes
 * put there. Those bytes are scanned in the input, never the zero gaps of
 * the buffer between segments (a few KiB of headers can span 512 MiB).
 */
static int vmlinux_loads(Elf *e, const uint8_t *elf, size_t len, struct vmlinux_image *vm,
			 struct diag_list *err)
{
	size_t phnum, loads = 0;
	uint64_t lo = UINT64_MAX, hi = 0, file_hi = 0, used = 0;

	if (elf_getphdrnum(e, &phnum) < 0)
		return diag_fail(err, ENOEXEC, "vmlinux: %s", elf_errmsg(-1));
	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(e, (int)i, &ph))
			return diag_fail(err, ENOEXEC, "vmlinux: program header %zu: %s", i,
					      elf_errmsg(-1));
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (ph.p_offset > len || ph.p_filesz > len - ph.p_offset ||
		    ph.p_filesz > ph.p_memsz || ph.p_paddr > UINT64_MAX - ph.p_memsz)
			return diag_fail(err, ENOEXEC, "vmlinux: PT_LOAD %zu runs past the file", i);
		if (vm->buf) {
			uint64_t at = ph.p_paddr - vm->base, n = ph.p_filesz;

			memcpy(vm->buf + at, elf + ph.p_offset, n);
			while (n && elf[ph.p_offset + n - 1] == 0)
				n--;
			if (n && at + n > used)
				used = at + n;
			continue;
		}
		loads++;
		if (ph.p_paddr < lo)
			lo = ph.p_paddr;
		if (ph.p_paddr + ph.p_memsz > hi)
			hi = ph.p_paddr + ph.p_memsz;
		if (ph.p_filesz && ph.p_paddr + ph.p_filesz > file_hi)
			file_hi = ph.p_paddr + ph.p_filesz;
	}
	if (vm->buf) {
		vm->bufsz = used;
		return 0;
	}
	if (!loads)
		return diag_fail(err, ENOEXEC, "vmlinux: no PT_LOAD segments");
	if (hi - lo > PAYLOAD_MAX_SIZE)
		return diag_fail(err, EFBIG, "vmlinux: PT_LOADs span %llu bytes",
				      (unsigned long long)(hi - lo));
	vm->base = lo;
	vm->memsz = hi - lo;
	vm->bufsz = file_hi > lo ? file_hi - lo : 0;
	return 0;
}

int vmlinux_layout(const uint8_t *elf, size_t len, struct vmlinux_image *vm,
		   struct diag_list *err)
{
	GElf_Ehdr eh;
	Elf *e;
	int r;

	memset(vm, 0, sizeof(*vm));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return diag_fail(err, ENOSYS, "libelf: %s", elf_errmsg(-1));
	/* elf_memory wants a non-const pointer; ELF_K_ELF images are only read. */
	e = elf_memory((char *)(uintptr_t)elf, len);
	if (!e)
		return diag_fail(err, ENOEXEC, "vmlinux: %s", elf_errmsg(-1));
	if (elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, &eh) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64 ||
	    eh.e_type != ET_EXEC) {
		r = diag_fail(err, ENOEXEC, "the decompressed kernel is not an x86_64 vmlinux");
		goto out;
	}
	r = vmlinux_loads(e, elf, len, vm, err);
	if (r < 0)
		goto out;
	if (eh.e_entry < vm->base || eh.e_entry - vm->base >= vm->memsz) {
		r = diag_fail(err, ENOEXEC, "vmlinux: entry 0x%llx is outside its PT_LOADs",
				   (unsigned long long)eh.e_entry);
		goto out;
	}
	vm->entry_off = eh.e_entry - vm->base;
	vm->buf = calloc(1, vm->bufsz ? vm->bufsz : 1);
	if (!vm->buf) {
		r = diag_fail(err, ENOMEM, "out of memory for a %llu-byte kernel",
				   (unsigned long long)vm->bufsz);
		goto out;
	}
	/* bss and brk are zeros in the file; the kernel zero-fills past bufsz for free. */
	r = vmlinux_loads(e, elf, len, vm, err);
out:
	elf_end(e);
	if (r < 0)
		vmlinux_image_free(vm);
	return r;
}
