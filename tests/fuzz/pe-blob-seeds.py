#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the fuzz-pe-blob seeds into DIR: small PE files laid out as
unified kernel images (systemd-stub sections .linux, .initrd, .ucode,
.cmdline in different combinations, one empty section, one without .linux).
Generated, not committed: tests/fuzz/replay.sh runs this first.
Usage: pe-blob-seeds.py DIR"""
import os, struct, sys


def pe(sections):
    """sections: [(name, bytes)]; raw data after the headers, 512-aligned."""
    lfanew = 0x40
    opt = 0xF0  # PE32+ optional header size
    hdr_end = lfanew + 24 + opt + 40 * len(sections)
    ptr = (hdr_end + 511) // 512 * 512
    mz = bytearray(lfanew)
    mz[0:2] = b"MZ"
    struct.pack_into("<I", mz, 0x3C, lfanew)
    coff = b"PE\0\0" + struct.pack("<HHIIIHH", 0x8664, len(sections), 0, 0, 0, opt, 0x22)
    optional = bytearray(opt)
    struct.pack_into("<H", optional, 0, 0x20B)
    table = b""
    body = b""
    vaddr = 0x1000
    for name, data in sections:
        raw = (len(data) + 511) // 512 * 512
        table += struct.pack("<8sIIIIIIHHI", name.encode(), len(data), vaddr, raw, ptr + len(body),
                             0, 0, 0, 0, 0x40000040)
        body += data + bytes(raw - len(data))
        vaddr += (len(data) + 0xFFF) // 0x1000 * 0x1000 or 0x1000
    head = bytes(mz) + coff + bytes(optional) + table
    return head + bytes(ptr - len(head)) + body


def main(d):
    os.makedirs(d, exist_ok=True)
    linux = b"MZkernel" + bytes(range(200))
    seeds = {
        "uki-full.efi": [(".osrel", b"ID=test\n"), (".cmdline", b"root=/dev/vda ro quiet \n\0\0"),
                         (".ucode", b"microcode"), (".linux", linux), (".initrd", b"070701" + bytes(90))],
        "uki-linux-only.efi": [(".linux", linux)],
        "uki-empty-initrd.efi": [(".linux", linux), (".initrd", b""), (".cmdline", b"  \n")],
        "no-linux.efi": [(".text", b"\xc3"), (".initrd", b"x")],
    }
    for name, secs in seeds.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(pe(secs))


main(sys.argv[1])
