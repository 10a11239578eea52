#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the fuzz-tpm seeds into DIR: TPM 2.0 responses (GetCapability of
the PCR banks, PCR_Extend, PCR_Read, an error; the unseal flow's
CreatePrimary/Load, StartAuthSession, PolicyPCR and Unseal answers), a sealed
file (boot/trust/tpm/seal.h) and a crypto-agile event log with sha1 and
sha256 banks. Generated, not committed: tests/fuzz/replay.sh
runs this first.
Usage: tpm-seeds.py DIR"""
import hashlib, os, struct, sys

d = sys.argv[1]
os.makedirs(d, exist_ok=True)


def put(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def resp(tag, body, rc=0):
    return struct.pack(">HII", tag, 10 + len(body), rc) + body


sel = struct.pack(">HB3s", 0x0004, 3, b"\xff\xff\xff") + struct.pack(">HB3s", 0x000B, 3, b"\xff\xff\xff")
put("caps", resp(0x8001, b"\0" + struct.pack(">II", 5, 2) + sel))
put("extend", resp(0x8002, struct.pack(">IHBH", 0, 0, 1, 0)))
put("read", resp(0x8001, struct.pack(">II", 7, 1) + struct.pack(">HB3s", 0x000B, 3, b"\0\x02\0")
                 + struct.pack(">IH", 1, 32) + bytes(32)))
put("error", resp(0x8001, b"", 0x922))
session = struct.pack(">HBH", 0, 1, 0)  # nonceTPM, attributes, hmac
put("create-primary", resp(0x8002, struct.pack(">II", 0x80000000, 6) + b"params" + session))
put("start-auth-session", resp(0x8001, struct.pack(">IH", 0x03000000, 32) + bytes(range(32))))
put("policy-pcr", resp(0x8001, b""))
put("unseal", resp(0x8002, struct.pack(">IH", 2 + 32, 32) + bytes(range(100, 132)) + session))
put("policy-fail", resp(0x8001, b"", 0x99d))
pub = struct.pack(">HHIH", 0x0008, 0x000B, 0x12, 32) + bytes(32) + struct.pack(">HH", 0x0010, 32) + bytes(32)
put("sealed", b"KXSEAL\0\1" + struct.pack(">IHB3s", 1, 0x000B, 3, b"\0\x03\0")
    + struct.pack(">H", len(pub)) + pub + struct.pack(">H", 16) + bytes(range(16)))

algs = [(0x0004, hashlib.sha1), (0x000B, hashlib.sha256)]
spec = b"Spec ID Event03\0" + struct.pack("<IBBBBI", 0, 0, 2, 0, 2, len(algs))
spec += b"".join(struct.pack("<HH", a, h().digest_size) for a, h in algs) + b"\0"
log = struct.pack("<II20sI", 0, 3, bytes(20), len(spec)) + spec
for pcr, typ, data in [(8, 0xD, b"kernel_cmdline: quiet"), (9, 0xD, b"kernel"), (9, 4, bytes(4))]:
    log += struct.pack("<III", pcr, typ, len(algs))
    log += b"".join(struct.pack("<H", a) + h(data).digest() for a, h in algs)
    log += struct.pack("<I", len(data)) + data
put("eventlog", log)
