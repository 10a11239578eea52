#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the fuzz-dhcp6 seeds into DIR: DHCPv6 ADVERTISE and REPLY messages
(an address with the boot options, two preferences, NoAddrsAvail in the IA
and at the top, several IAADDRs, a malformed option 60, an option running
past the end, a bare header). The client id is the DUID-LL fuzz-dhcp6.c's
client uses, so the client reaches BOUND. Generated, not committed:
tests/fuzz/replay.sh runs this first. Usage: dhcp6-seeds.py DIR"""
import os, socket, struct, sys

d = sys.argv[1]
os.makedirs(d, exist_ok=True)
MAC = bytes([0x52, 0x54, 0x00, 0x12, 0x34, 0x56])
CLIENT = struct.pack("!HH", 3, 1) + MAC
SERVER = struct.pack("!HH", 3, 1) + bytes([2, 0, 0, 0, 0, 0xaa])


def ip6(s):
    return socket.inet_pton(socket.AF_INET6, s)


def opt(code, data):
    return struct.pack("!HH", code, len(data)) + data


def status(code, msg=b""):
    return opt(13, struct.pack("!H", code) + msg)


def iaaddr(a, pref=3000, valid=4000, inner=b""):
    return opt(5, ip6(a) + struct.pack("!II", pref, valid) + inner)


def ia_na(inner, iaid=0x12345678):
    return opt(3, struct.pack("!III", iaid, 100, 200) + inner)


def msg(mtype, opts, xid=0x010203):
    return bytes([mtype]) + xid.to_bytes(3, "big") + opts


def put(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


ids = opt(2, SERVER) + opt(1, CLIENT)
params = opt(60, struct.pack("!H", 13) + b"console=ttyS0" + struct.pack("!H", 5) + b"quiet")
boot = opt(59, b"http://[2001:db8::1]:8080/boot.ipxe") + params + opt(23, ip6("2001:db8::53") + ip6("2001:db8::54"))
put("advertise", msg(2, ids + opt(7, b"\x0a") + ia_na(iaaddr("2001:db8::50")) + boot))
put("advertise-255", msg(2, ids + opt(7, b"\xff") + ia_na(iaaddr("2001:db8::51"))))
put("reply", msg(7, ids + ia_na(iaaddr("2001:db8::50")) + boot))
put("noaddrs-ia", msg(2, ids + ia_na(status(2, b"pool exhausted"))))
put("noaddrs-top", msg(7, ids + status(2, b"none left")))
put("two-addrs", msg(7, ids + ia_na(iaaddr("2001:db8::50", 5000, 10) + iaaddr("2001:db8::52", inner=status(0, b"ok")))))
put("bad-params", msg(7, ids + ia_na(iaaddr("2001:db8::50")) + opt(60, struct.pack("!H", 200) + b"x")))
put("tftp-url", msg(7, ids + ia_na(iaaddr("2001:db8::50")) + opt(59, b"tftp://[2001:db8::1]/pxelinux.cfg/default")))
put("overrun", msg(7, ids + ia_na(iaaddr("2001:db8::50")) + struct.pack("!HH", 59, 500) + b"http://"))
put("header-only", msg(7, b""))
