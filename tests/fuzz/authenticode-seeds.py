#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the fuzz-authenticode seeds into DIR: a small PE32+ built here
(unsigned; with a certificate table of two entries; with a real PKCS#7
SignedData whose digest does not match), and, when the tools are there,
UKIs signed at replay time by tests/unit/authenticode-fixtures.sh (a
throwaway CA: one and two signatures). Generated, not committed:
tests/fuzz/replay.sh runs this first.
Usage: authenticode-seeds.py DIR"""
import os, shutil, struct, subprocess, sys, tempfile

d = sys.argv[1]
os.makedirs(d, exist_ok=True)


def put(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def pe(certs=b""):
    """Headers to 0x400, .data at 0x400 (0x400), .text at 0x800 (0x200), trailing to 0xb00, certs."""
    lfanew, opt, optsz = 0x80, 0x80 + 24, 240
    b = bytearray(0xB00)
    b[0:2] = b"MZ"
    struct.pack_into("<I", b, 0x3C, lfanew)
    b[lfanew:lfanew + 4] = b"PE\0\0"
    struct.pack_into("<HH", b, lfanew + 4, 0x8664, 2)
    struct.pack_into("<H", b, lfanew + 20, optsz)
    struct.pack_into("<H", b, opt, 0x20B)
    struct.pack_into("<I", b, opt + 60, 0x400)
    struct.pack_into("<I", b, opt + 108, 16)
    if certs:
        struct.pack_into("<II", b, opt + 112 + 32, 0xB00, len(certs))
    for i, (name, raw, ptr) in enumerate([(b".text", 0x200, 0x800), (b".data", 0x400, 0x400)]):
        s = opt + optsz + 40 * i
        b[s:s + len(name)] = name
        struct.pack_into("<IIII", b, s + 8, raw, 0x1000 * (i + 1), raw, ptr)
    for i in range(0x400, 0xB00):
        b[i] = i & 0xFF
    return bytes(b) + certs


def wincert(der, rev=0x200, typ=2):
    e = struct.pack("<IHH", 8 + len(der), rev, typ) + der
    return e + b"\0" * (-len(e) % 8)


put("unsigned.efi", pe())
put("two-entries.efi", pe(wincert(b"\x30\x03\x02\x01\x01") + wincert(b"x509", typ=1)))
put("not-der.efi", pe(wincert(b"\x30\x84\xff\xff\xff\xff")))

tmp = tempfile.mkdtemp(prefix="kexboot-authenticode-seeds-")
try:
    r = subprocess.run(["sh", "tests/unit/authenticode-fixtures.sh", tmp], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    if r.returncode == 0:
        for f in ("uki-signed.efi", "uki-two.efi"):
            shutil.copy(os.path.join(tmp, f), os.path.join(d, f))
        signed = open(os.path.join(tmp, "uki-signed.efi"), "rb").read()
        lfanew = struct.unpack_from("<I", signed, 0x3C)[0]
        off, size = struct.unpack_from("<II", signed, lfanew + 24 + 144)
        table = signed[off:off + size]
        # The real SignedData on another image: a digest mismatch, reached in a few KiB.
        put("mismatch.efi", pe(table))
    elif r.returncode != 77:
        sys.exit("authenticode-fixtures.sh failed")
finally:
    shutil.rmtree(tmp)
