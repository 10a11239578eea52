#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the fuzz-dhcp4 seeds into DIR: DHCP server replies (OFFER, ACK,
NAK, a proxyDHCP offer, option overload, RFC 3396 split options, a
truncated option). Generated, not committed: tests/fuzz/replay.sh runs
this first. Usage: dhcp4-seeds.py DIR"""
import os, socket, struct, sys

d = sys.argv[1]
os.makedirs(d, exist_ok=True)
MAC = bytes([0x52, 0x54, 0x00, 0x12, 0x34, 0x56])


def ip(s):
    return socket.inet_aton(s)


def opt(code, data):
    return bytes([code, len(data)]) + data


def reply(yiaddr="0.0.0.0", sname=b"", file=b"", opts=b"", xid=1):
    h = struct.pack("!BBBBIHH", 2, 1, 6, 0, xid, 0, 0x8000)
    h += ip("0.0.0.0") + ip(yiaddr) + ip("10.0.0.1") + ip("0.0.0.0")
    h += MAC + bytes(10)
    h += sname.ljust(64, b"\0") + file.ljust(128, b"\0")
    return h + bytes([99, 130, 83, 99]) + opts


def put(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


common = (opt(54, ip("10.0.0.1")) + opt(1, ip("255.255.255.0")) + opt(3, ip("10.0.0.1")) +
          opt(6, ip("10.0.0.2") + ip("10.0.0.3")) + opt(51, struct.pack("!I", 3600)) +
          opt(12, b"client1") + opt(15, b"example.org") + opt(28, ip("10.0.0.255")))
boot = opt(66, b"10.0.0.1") + opt(67, b"grubx64.efi") + opt(209, b"pxelinux.cfg/default") + opt(210, b"/tftpboot/")
put("offer", reply("10.0.0.50", opts=opt(53, b"\x02") + common + boot + b"\xff"))
put("ack", reply("10.0.0.50", opts=opt(53, b"\x05") + common + boot + b"\xff"))
put("nak", reply(opts=opt(53, b"\x06") + opt(54, ip("10.0.0.1")) + opt(56, b"wrong network") + b"\xff"))
put("proxy", reply(file=b"ipxe.efi", opts=opt(53, b"\x02") + opt(54, ip("10.0.0.9")) + opt(60, b"PXEClient") + b"\xff"))
put("fields", reply("10.0.0.50", sname=b"tftp.example", file=b"pxelinux.0", opts=opt(53, b"\x02") + common + b"\xff"))
put("overload", reply("10.0.0.50", sname=opt(66, b"srv1") + b"\xff", file=opt(67, b"boot1") + opt(209, b"cfg") + b"\xff",
                      opts=opt(53, b"\x05") + opt(52, b"\x03") + opt(67, b"part1/") + common + b"\xff"))
long = bytes((ord("a") + i % 26) for i in range(600))
put("split", reply("10.0.0.50", opts=opt(53, b"\x05") + opt(209, long[:255]) + opt(12, b"x") +
                   opt(209, long[255:510]) + opt(209, long[510:]) + common + b"\xff"))
put("truncated", reply("10.0.0.50", opts=opt(53, b"\x02") + opt(54, ip("10.0.0.1")) + b"\x43\xc8short"))
put("header-only", reply("10.0.0.50"))
