#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the fuzz-bzimage seeds into DIR: small bzImages (boot protocol
2.15 setup header, a gzip payload of a tiny vmlinux with the kernel build's
size trailer) behind the 3 request bytes of tests/fuzz/plan-fuzz.h (flags:
crash, entry, RNG seed; initrds and their alignment; command-line length).
Generated, not committed: tests/fuzz/replay.sh runs this first.
Usage: bzimage-seeds.py DIR"""
import gzip, os, struct, sys

# The vmlinux inside: one PT_LOAD at 16 MiB with bss (as tests/fuzz/payload-seeds.py).
eh = bytearray(64)
eh[0:4] = b"\x7fELF"
eh[4], eh[5], eh[6] = 2, 1, 1
struct.pack_into("<HHIQQQIHHHHHH", eh, 16, 2, 62, 1, 0x1000000, 64, 0, 0, 64, 56, 1, 0, 0, 0)
ph = struct.pack("<IIQQQQQQ", 1, 5, 0x1000, 0xFFFFFFFF81000000, 0x1000000, 0x100, 0x3000, 0x1000)
VMLINUX = bytes(eh) + ph + bytes(0x1000 - 64 - 56) + bytes(range(256))


def bzimage(version=0x020F, xloadflags=0x13, align=0x200000, pref=0x1000000, init_size=0x400000,
            relocatable=1, setup_sects=4, cmdline_size=2047):
    payload = gzip.compress(VMLINUX, mtime=0) + struct.pack("<I", len(VMLINUX))
    setup = (setup_sects + 1) * 512
    p = bytearray(setup) + payload
    p[0x1F1] = setup_sects
    struct.pack_into("<H", p, 0x1FE, 0xAA55)
    p[0x200], p[0x201] = 0xEB, 0x6A  # the header ends at 0x26c
    p[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", p, 0x206, version)
    p[0x211] = 0x01  # LOADED_HIGH
    struct.pack_into("<I", p, 0x230, align)
    p[0x234] = relocatable
    struct.pack_into("<H", p, 0x236, xloadflags)
    struct.pack_into("<I", p, 0x238, cmdline_size)
    struct.pack_into("<II", p, 0x248, 0, len(payload))  # payload_offset, payload_length
    struct.pack_into("<Q", p, 0x250, 0x1234)  # a stale setup_data pointer
    struct.pack_into("<Q", p, 0x258, pref)
    struct.pack_into("<I", p, 0x260, init_size)
    return bytes(p)


def put(d, name, prefix, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(bytes(prefix) + data)


def main(d):
    os.makedirs(d, exist_ok=True)
    bz = bzimage()
    put(d, "decompressor", [2, 0, 0], bz)
    put(d, "kernel-proper", [4, 0x01, 30], bz)
    put(d, "auto-rng-initrds", [8, 0x03 | (3 << 2), 255], bz)
    put(d, "crash", [1, 0x02, 10], bz)
    put(d, "crash-decompressor", [3, 0, 0], bz)
    put(d, "fixed-not-relocatable", [0, 0, 0], bzimage(relocatable=0, align=0x1000))
    put(d, "no-efi-kexec-small-cmdline", [0, 0, 100], bzimage(xloadflags=0x03, cmdline_size=50))
    put(d, "old-protocol", [0, 0, 0], bzimage(version=0x020B))


main(sys.argv[1])
