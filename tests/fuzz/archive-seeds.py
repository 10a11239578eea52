#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the fuzz-archive seeds into DIR: small initrds (newc cpio; gzip,
xz with CRC32 and zstd of it; a concatenation as early microcode is shipped)
whole and cut short (tests/fuzz/fuzz-archive.c). zstd comes from the zstd
command (Debian package zstd). Generated, not committed: tests/fuzz/replay.sh
runs this first.
Usage: archive-seeds.py DIR"""
import gzip, lzma, os, subprocess, sys


def newc(files):
    out = b""
    ino = 1
    for name, data, mode in files + [("TRAILER!!!", b"", 0)]:
        n = name.encode() + b"\0"
        hdr = "070701" + "".join("%08X" % v for v in (
            ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(n), 0))
        out += hdr.encode() + n
        out += b"\0" * (-len(out) % 4) + data
        out += b"\0" * (-len(out) % 4)
        ino += 1
    return out + b"\0" * (-len(out) % 512)


def main(d):
    os.makedirs(d, exist_ok=True)
    plain = newc([("etc", b"", 0o40755), ("etc/a", b"hello", 0o100644),
                  ("init", b"#!/bin/sh\necho hi\n" * 20, 0o100755)])
    gz = gzip.compress(plain, mtime=0)
    xz = lzma.compress(plain, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32)
    zst = subprocess.run(["zstd", "-q", "-c", "--check"], input=plain, stdout=subprocess.PIPE, check=True).stdout
    seeds = {
        "newc": plain, "newc-cut": plain[:200], "newc-no-trailer": plain[:plain.index(b"TRAILER!!!") - 110],
        "gzip": gz, "gzip-cut": gz[:-5], "xz": xz, "xz-cut": xz[:-20], "xz-padded": xz + b"\0" * 8,
        "zstd": zst, "zstd-cut": zst[:-3], "ucode-then-zstd": newc([("kernel/x86/microcode/A.bin", b"\x01" * 64,
                                                                     0o100644)]) + zst + b"\0" * 3,
        "gzip-then-xz": gz + xz,
    }
    for name, data in seeds.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main(sys.argv[1])
