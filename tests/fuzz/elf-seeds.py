#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the fuzz-elf seeds into DIR: a tiny x86_64 vmlinux-like ELF (one
PT_LOAD with bss; two PT_LOADs with a gap), each behind the 3 request bytes
of tests/fuzz/plan-fuzz.h (flags, initrds, command-line length).
Generated, not committed: tests/fuzz/replay.sh runs this first.
Usage: elf-seeds.py DIR"""
import os, struct, sys


def elf(loads, entry=0x1000000):
    eh = bytearray(64)
    eh[0:4] = b"\x7fELF"
    eh[4], eh[5], eh[6] = 2, 1, 1  # ELFCLASS64, little endian, EV_CURRENT
    struct.pack_into("<HHIQQQIHHHHHH", eh, 16, 2, 62, 1, entry, 64, 0, 0, 64, 56, len(loads), 0, 0, 0)
    phs = b""
    body = bytearray()
    off = 0x1000
    for paddr, filesz, memsz in loads:
        phs += struct.pack("<IIQQQQQQ", 1, 5, off, (0xFFFFFFFF80000000 + paddr) & 0xFFFFFFFFFFFFFFFF, paddr, filesz, memsz, 0x1000)
        body += bytes((i * 7 + 3) & 0xff for i in range(filesz))
        off += filesz
    head = bytes(eh) + phs
    return head + bytes(0x1000 - len(head)) + bytes(body)


def put(d, name, prefix, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(bytes(prefix) + data)


def main(d):
    os.makedirs(d, exist_ok=True)
    one = elf([(0x1000000, 0x200, 0x3000)])
    two = elf([(0x1000000, 0x1000, 0x1000), (0x1200000, 0x300, 0x2000)])
    put(d, "one-load", [0, 0, 0], one)
    put(d, "one-load-initrds-cmdline", [8, 0x03 | (2 << 2), 200], one)
    put(d, "two-loads", [0, 0x01, 20], two)
    put(d, "crash-refused", [1, 0, 0], one)
    put(d, "high-load", [0, 0x02, 0], elf([(0x140000000, 0x100, 0x1000)], entry=0x140000000))


main(sys.argv[1])
