#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the fuzz-initrd seeds into DIR: n, align (le16), max_segments, a
spare byte, then a le24 size per piece (tests/fuzz/fuzz-initrd.c).
Generated, not committed: tests/fuzz/replay.sh runs this first.
Usage: initrd-seeds.py DIR"""
import os, struct, sys


def seed(sizes, align=4, max_segments=15):
    b = struct.pack("<BHBB", len(sizes), align, max_segments, 0)
    for s in sizes:
        b += struct.pack("<I", s)[:3]
    return b


def main(d):
    os.makedirs(d, exist_ok=True)
    seeds = {
        "one": seed([100]),
        "three-seams": seed([5000, 4096, 3]),
        "page-aligned": seed([4096, 8192, 1], align=4096),
        "align-512": seed([700, 12000, 4095], align=512),
        "many-copied": seed([300] * 20, max_segments=3),
        "empty-pieces": seed([0, 0, 4097, 0]),
        "too-many": seed([1] * 65),
        "bad-align": seed([10, 10], align=6),
    }
    for name, data in seeds.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


main(sys.argv[1])
