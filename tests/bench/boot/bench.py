#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Time from PID 1 start to the menu with the demo disk's entries drawn.

Boots the payload (-kernel BZIMAGE, the demo disk on virtio) RUNS times with
kexboot.timeout=-1 loglevel=8 printk.time=1 and reads, per run:
  guest: the kernel's timestamps (one clock) of "Run /init as init process"
         (PID 1 starts) and of kexboot's kernel-log marker "kexboot: menu
         drawn: N entries at T ms" (written once the first picture with
         entries went out). Absent in kexboot versions before the marker.
  host:  wall time between the serial line "kexboot VERSION (PID 1)" and the
         first menu frame showing TITLE (what a user sees; includes the
         serial path and TCG, so it only compares runs on the same host).
The bench answers the menu's terminal-size query (ESC[6n) like a terminal.
Prints each run and the medians. Never asserts.
"""
import argparse, os, re, select, statistics, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("--bzimage", default="build/payload/bzImage")
ap.add_argument("--disk", default="build/demo.img")
ap.add_argument("--runs", type=int, default=5)
ap.add_argument("--title", default="Debian GNU/Linux")
ap.add_argument("--timeout", type=float, default=240)
ap.add_argument("--append", default="")
a = ap.parse_args()

MARK = re.compile(rb"\[ *(\d+\.\d+)\] kexboot: menu drawn: (\d+) entries")
INIT = re.compile(rb"\[ *(\d+\.\d+)\] Run /init as init process")
PID1 = re.compile(rb"kexboot \S+ \(PID 1\)")


def one(i):
    cmd = ["qemu-system-x86_64", "-M", "q35", "-m", "1G", "-nographic", "-no-reboot", "-monitor", "none",
           "-serial", "stdio", "-kernel", a.bzimage,
           "-append", "console=ttyS0 panic=-1 kexboot.timeout=-1 loglevel=8 printk.time=1 " + a.append,
           "-drive", "file=%s,if=virtio,format=raw,snapshot=on" % a.disk]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    buf = b""
    t_pid1 = t_menu = None
    guest = None
    answered = 0
    end = time.monotonic() + a.timeout
    try:
        while time.monotonic() < end:
            r, _, _ = select.select([p.stdout], [], [], 0.5)
            if not r:
                if p.poll() is not None:
                    break
                # An idle menu prints nothing more: older builds have no marker to wait for.
                if t_menu is not None and time.monotonic() - t_menu > 5:
                    break
                continue
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            now = time.monotonic()
            # Answer size queries as a terminal would (else the menu waits 300 ms for one).
            buf += chunk
            # (counted over the whole output: a query may be split between reads)
            while answered < buf.count(b"\x1b[6n"):
                p.stdin.write(b"\x1b[24;80R")
                p.stdin.flush()
                answered += 1
            if t_pid1 is None and PID1.search(buf):
                t_pid1 = now
            if t_pid1 is not None and t_menu is None:
                tail = buf[buf.rfind(b"(PID 1)"):]
                if b"boot menu" in tail and a.title.encode() in tail[tail.find(b"boot menu"):]:
                    t_menu = now
            m, mi = MARK.search(buf), INIT.search(buf)
            if m and mi:
                t0, t1 = float(mi.group(1)) * 1000, float(m.group(1)) * 1000
                guest = (int(m.group(2)), t0, t1, t1 - t0)
            if t_menu is not None and (guest is not None or now - t_menu > 5):
                break
    finally:
        p.kill()
        p.wait()
    host = (t_menu - t_pid1) * 1000 if t_pid1 is not None and t_menu is not None else None
    if guest:
        print("run %d: guest: pid 1 started at %.0f ms, menu with %d entries drawn at %.0f ms: %.0f ms; host: %s ms"
              % (i, guest[1], guest[0], guest[2], guest[3], "%.0f" % host if host is not None else "?"))
    else:
        print("run %d: guest: no marker; host: %s ms" % (i, "%.0f" % host if host is not None else "?"))
    sys.stdout.flush()
    return (guest[3] if guest else None), host


gs, hs = [], []
for i in range(1, a.runs + 1):
    g, h = one(i)
    if g is not None:
        gs.append(g)
    if h is not None:
        hs.append(h)
print("median over %d runs: guest (pid 1 start -> menu with entries): %s ms; host (PID 1 banner -> menu frame): %s ms"
      % (a.runs, "%.0f" % statistics.median(gs) if gs else "n/a", "%.0f" % statistics.median(hs) if hs else "n/a"))
