#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the fuzz-dns seeds into DIR: answers about boot.test a server may
send (A, AAAA, CNAME chains, compression, NXDOMAIN, TC) and malformed ones
(pointers forwards and onto themselves, records cut short, a CNAME loop).
Generated, not committed: tests/fuzz/replay.sh runs this first.
Usage: dns-seeds.py DIR"""
import os, struct, sys

d = sys.argv[1]
os.makedirs(d, exist_ok=True)
ID = 0x1234


def put(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def name(n):
    return b"".join(bytes([len(l)]) + l.encode() for l in n.split(".")) + b"\0"


def hdr(flags=0x8180, qd=1, an=0, ns=0, ar=0, ident=ID):
    return struct.pack(">HHHHHH", ident, flags, qd, an, ns, ar)


def q(n="boot.test", t=1):
    return name(n) + struct.pack(">HH", t, 1)


def rr(owner, t, data, ttl=60):
    return owner + struct.pack(">HHIH", t, 1, ttl, len(data)) + data


PTR_Q = b"\xc0\x0c"  # the question's name, right after the header
put("a", hdr(an=1) + q() + rr(PTR_Q, 1, bytes([10, 0, 2, 2])))
put("aaaa", hdr(an=1) + q(t=28) + rr(PTR_Q, 28, bytes(15) + b"\x01"))
put("a-two", hdr(an=2) + q() + rr(PTR_Q, 1, bytes([10, 0, 2, 2])) + rr(name("boot.test"), 1, bytes([10, 0, 2, 3])))
# www -> boot.test (pointer into the question) -> A
cn = hdr(an=2) + q("www.boot.test")
put("cname", cn + rr(PTR_Q, 5, name("boot.test")) + rr(name("boot.test"), 1, bytes([10, 0, 2, 4])))
put("cname-q-boot", hdr(an=2) + q() + rr(PTR_Q, 5, b"\x03www\xc0\x0c") + rr(b"\x03www\xc0\x0c", 1, bytes([1, 2, 3, 4])))
put("cname-loop", hdr(an=2) + q() + rr(PTR_Q, 5, b"\x01a\xc0\x0c") + rr(b"\x01a\xc0\x0c", 5, PTR_Q))
put("nxdomain", hdr(flags=0x8183) + q())
put("servfail", hdr(flags=0x8182) + q())
put("truncated", hdr(flags=0x8380, an=1) + q())
put("ptr-forward", hdr(an=1) + q() + rr(b"\xc0\x40", 1, bytes(4)))
put("ptr-self", hdr(an=1) + q() + b"\xc0\x1b" + struct.pack(">HHIH", 1, 1, 0, 4) + bytes(4))
put("ptr-chain", hdr(an=1) + q() + rr(b"\x01x\xc0\x0c", 1, bytes(4)))
put("rdlen-past-end", hdr(an=1) + q() + PTR_Q + struct.pack(">HHIH", 1, 1, 0, 400) + bytes(4))
put("a-five-bytes", hdr(an=1) + q() + rr(PTR_Q, 1, bytes(5)))
put("cut-question", hdr() + name("boot.test")[:5])
put("wrong-id", hdr(an=1, ident=0x4321) + q() + rr(PTR_Q, 1, bytes(4)))
put("label-64", hdr(an=1) + q() + rr(b"\x40" + b"a" * 64 + b"\0", 1, bytes(4)))
put("many-records", hdr(an=100) + q() + rr(PTR_Q, 1, bytes(4)) * 100)
put("empty", b"")
