#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the fuzz-tftp seeds into DIR: the packets a TFTP server sends
(DATA, OACK with every option, ERROR) and a few malformed ones.
Generated, not committed: tests/fuzz/replay.sh runs this first.
Usage: tftp-seeds.py DIR"""
import os, struct, sys

d = sys.argv[1]
os.makedirs(d, exist_ok=True)


def put(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def oack(*pairs):
    return struct.pack(">H", 6) + b"".join(k + b"\0" + v + b"\0" for k, v in pairs)


put("data-first", struct.pack(">HH", 3, 1) + bytes(range(256)) * 2)
put("data-rollover", struct.pack(">HH", 3, 0) + b"tail")
put("data-empty", struct.pack(">HH", 3, 65535))
put("ack", struct.pack(">HH", 4, 0))
put("error-notfound", struct.pack(">HH", 5, 1) + b"File not found\0")
put("error-nonul", struct.pack(">HH", 5, 0) + b"\x1b[31mred")
put("oack-all", oack((b"blksize", b"1468"), (b"tsize", b"67108864"), (b"windowsize", b"16"), (b"timeout", b"3")))
put("oack-unknown", oack((b"multicast", b",,1"), (b"TSIZE", b"0")))
put("oack-twice", oack((b"blksize", b"512"), (b"blksize", b"1024")))
put("oack-huge", oack((b"tsize", b"99999999999999999999999")))
put("oack-unterminated", struct.pack(">H", 6) + b"blksize\0" + b"1468")
put("rrq", struct.pack(">H", 1) + b"pxelinux.0\0octet\0")
