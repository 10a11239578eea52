#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the fuzz-payload seeds into DIR: a tiny x86_64 vmlinux-like ELF
(one PT_LOAD, bss), the same ELF as gzip, xz and zstd payloads with the
kernel build's le32 size trailer, an lz4 magic the loader refuses, and the
regression input of the 2026-12-06 campaign's one finding: an ELF whose
PT_LOADs span 500 MiB with zero file bytes at the top (the loader used to walk
the whole laid-out buffer back byte by byte: 0.19 s of CPU a try).
Generated, not committed: tests/fuzz/replay.sh runs this first.
Usage: payload-seeds.py DIR"""
import gzip, lzma, os, struct, subprocess, sys

d = sys.argv[1]
os.makedirs(d, exist_ok=True)
eh = bytearray(64)
eh[0:4] = b"\x7fELF"
eh[4], eh[5], eh[6] = 2, 1, 1  # ELFCLASS64, little endian, EV_CURRENT
# e_type ET_EXEC, e_machine x86_64, e_version, e_entry, e_phoff, e_shoff, e_flags,
# e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx
struct.pack_into("<HHIQQQIHHHHHH", eh, 16, 2, 62, 1, 0x1000000, 64, 0, 0, 64, 56, 1, 0, 0, 0)
ph = struct.pack("<IIQQQQQQ", 1, 5, 0x1000, 0xFFFFFFFF81000000, 0x1000000, 0x100, 0x3000, 0x1000)
elf = bytes(eh) + ph + bytes(0x1000 - 64 - 56) + bytes(range(256))


def put(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def trailer(b):
    return b + struct.pack("<I", len(elf))


put("vmlinux.elf", elf)
put("elf.gz", trailer(gzip.compress(elf, mtime=0)))
put("elf.xz", trailer(lzma.compress(elf, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32)))
put("elf.zst", trailer(subprocess.run(["zstd", "-q", "-c", "-19"], input=elf,
                                      capture_output=True, check=True).stdout))
put("lz4-magic", b"\x02\x21\x4c\x18" + bytes(12))

# Two PT_LOADs: 256 bytes of data at 16 MiB, and 256 zero file bytes 500 MiB up.
span = bytearray(eh)
struct.pack_into("<H", span, 56, 2)  # e_phnum
span += struct.pack("<IIQQQQQQ", 1, 5, 0x1000, 0xFFFFFFFF81000000, 0x1000000, 0x100, 0x100, 0x1000)
span += struct.pack("<IIQQQQQQ", 1, 6, 0x1100, 0xFFFFFFFF9F400000, 0x1000000 + (500 << 20), 0x100, 0x100, 0x1000)
span += bytes(0x1000 - len(span)) + bytes(range(256)) + bytes(256)
put("slow-span-500mib", bytes(span))
