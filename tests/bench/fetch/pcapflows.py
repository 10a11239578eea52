#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The fetch bench's link as the guest saw it, from a QEMU filter-dump pcap.

    BENCH_QEMU_ARGS="-object filter-dump,id=fd0,netdev=n0,file=/tmp/x.pcap,maxlen=96" \
        MODE=user tests/bench/fetch/run.sh
    tests/bench/fetch/pcapflows.py /tmp/x.pcap [MIN_MIB]

One line per TCP connection that carried at least MIN_MIB (default 10) from
the server, in the order the connections opened (the order of the serial
log's `BENCH run` lines, plus the one checked run of each other tool): time
from SYN to the first data, the span of the data, the frames and their mean
size, the guest's ACKs and the window they advertised (scaled only when both
SYNs carried the window-scale option, RFC 7323: QEMU's user network sends
none, so there the window is at most 65,535 bytes), the gaps
between data frames summed by size, and the gaps of 200 us or more split
at the guest's first ACK in them: the guest's part (the last frame to its
ACK) and the server side's (that ACK to the next frame). The dump slows QEMU's main thread,
so the times are the dump's, not the bench's: evidence of where a transfer
waits, not a figure. Ethernet/IPv4 frames only; a snapshot length of 96
bytes holds every header.
"""
import collections
import struct
import sys

GAP_EDGES = (20e-6, 50e-6, 100e-6, 200e-6, 500e-6, 1e-3, 2e-3, 5e-3, float("inf"))


def read_frames(path):
    """(seconds, frame bytes) for every record of a classic pcap file."""
    with open(path, "rb") as f:
        head = f.read(24)
        magic = struct.unpack("<I", head[:4])[0]
        if magic not in (0xA1B2C3D4, 0xA1B23C4D):
            sys.exit(f"{path}: not a little-endian pcap file")
        scale = 1e-9 if magic == 0xA1B23C4D else 1e-6
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return
            sec, frac, incl, _ = struct.unpack("<IIII", rec)
            yield sec + frac * scale, f.read(incl)


def window_scale(frame, tcp, tcp_len):
    """The window-scale option's shift in a SYN, None without one."""
    o = tcp + 20
    while o < tcp + tcp_len and o + 1 < len(frame):
        kind = frame[o]
        if kind == 0:
            break
        if kind == 1:
            o += 1
            continue
        if kind == 3 and o + 2 < len(frame):
            return frame[o + 2]
        o += max(frame[o + 1], 2)
    return None


def collect(path):
    """Connections by the guest's port: opened at, data frames (time, bytes), guest ACK windows."""
    conns = collections.OrderedDict()
    for t, fr in read_frames(path):
        if len(fr) < 34 or fr[12:14] != b"\x08\x00" or fr[23] != 6:
            continue
        ihl = (fr[14] & 15) * 4
        total = struct.unpack(">H", fr[16:18])[0]
        tcp = 14 + ihl
        if len(fr) < tcp + 16:
            continue
        sport, dport, _, _, off, flags, win = struct.unpack(">HHIIBBH", fr[tcp:tcp + 16])
        tcp_len = (off >> 4) * 4
        payload = total - ihl - tcp_len
        from_guest = sport > dport  # the guest's end is the ephemeral port
        port = sport if from_guest else dport
        c = conns.get(port)
        if c is None:
            if not (flags & 2):
                continue  # began before the dump
            c = conns[port] = {"opened": t, "data": [], "wins": [], "acks": [], "wscale": 0, "peer_scales": False,
                               "bytes": 0}
        if flags & 2:
            # the guest's shift applies only once the server's SYN-ACK has offered scaling too
            if from_guest:
                c["wscale"] = window_scale(fr, tcp, tcp_len) or 0
            else:
                c["peer_scales"] = window_scale(fr, tcp, tcp_len) is not None
        elif from_guest and flags & 16:
            c["wins"].append(win << (c["wscale"] if c["peer_scales"] else 0))
            if payload == 0:
                c["acks"].append(t)
        if not from_guest and payload > 0:
            c["data"].append((t, payload))
            c["bytes"] += payload
    return conns


def report(conns, min_bytes):
    print("gap sums, s/count:", " ".join(f"<{e * 1e6:.0f}us" if e != float("inf") else "longer" for e in GAP_EDGES))
    for port, c in conns.items():
        if c["bytes"] < min_bytes:
            continue
        data = c["data"]
        gaps = [b[0] - a[0] for a, b in zip(data, data[1:])]
        sums = [0.0] * len(GAP_EDGES)
        counts = [0] * len(GAP_EDGES)
        for g in gaps:
            i = next(k for k, e in enumerate(GAP_EDGES) if g < e)
            sums[i] += g
            counts[i] += 1
        wins = sorted(c["wins"])
        win_txt = f"min {wins[0]} median {wins[len(wins) // 2]}" if wins else "none"
        print(f"port {port}: {c['bytes']} bytes, first data {1000 * (data[0][0] - c['opened']):.1f} ms after SYN, "
              f"data span {data[-1][0] - data[0][0]:.3f} s, {len(data)} frames of {c['bytes'] / len(data):.0f} B mean, "
              f"{len(wins)} guest ACKs, window {win_txt}")
        print("    " + " ".join(f"{s:.3f}/{n}" for s, n in zip(sums, counts)))
        print("    " + split_gaps(data, c["acks"]))


def split_gaps(data, acks, least=200e-6):
    """The gaps of at least `least` between data frames, split at the guest's first ACK in each."""
    guest = server = unanswered = 0.0
    n = 0
    ai = 0
    for (t0, _), (t1, _) in zip(data, data[1:]):
        if t1 - t0 < least:
            continue
        n += 1
        while ai < len(acks) and acks[ai] < t0:
            ai += 1
        if ai < len(acks) and acks[ai] <= t1:
            guest += acks[ai] - t0
            server += t1 - acks[ai]
        else:
            unanswered += t1 - t0
    per = f" ({1e6 * guest / n:.0f} us a gap)" if n else ""
    return (f"{n} gaps of {least * 1e6:.0f} us or more: the guest's part {guest:.3f} s{per}, "
            f"the server side's {server:.3f} s, with no ACK in them {unanswered:.3f} s")


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    min_mib = float(sys.argv[2]) if len(sys.argv) == 3 else 10
    report(collect(sys.argv[1]), int(min_mib * 1048576))


if __name__ == "__main__":
    main()
