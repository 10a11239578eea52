#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The host's CPU during each timed run of the fetch bench (run.sh starts it).

    hostcpu.py SERIAL_LOG QEMU_PID OUT NGINX_PID [RELAY_WORD...]

Follows the guest's serial log as QEMU writes it. From a run's
"BENCH begin proto=P tool=T n=N" line it samples the host's /proc/stat and
the CPU time of QEMU, the relays and nginx every 20 ms; when the run's "BENCH run ... seconds=S"
line comes, it takes the sample nearest S seconds after the begin (kexboot
prints its line only after it has hashed the image, outside the timed part)
and writes one line per run to OUT:

    BENCH host proto=P tool=T n=N wall_s=W busy_pct=B softirq_pct=S qemu_pct=Q relay_pct=R nginx_pct=X ncpu=C

busy_pct and softirq_pct are shares of all the host's CPUs (100 = every one
busy the whole run); the rest are in % of one CPU: qemu_pct QEMU's threads
(the vCPU and the main loop, where the user network's slirp runs),
relay_pct the processes whose command line holds RELAY_WORDs (the user
network's guestfwd command, a `busybox nc` per connection), nginx_pct nginx
and its workers. A host near 100% busy during a run has no CPU to spare: guest CPU spent anywhere in that
run, while the guest idles or not, delays the link. Evidence only; it reads
files and never writes outside OUT. One process, no forks, a look every 20 ms.
"""
import os
import re
import sys
import time

MARK = re.compile(r"BENCH (begin|run) proto=(\S+) tool=(\S+) n=(\d+)")
SECONDS = re.compile(r" seconds=([0-9.]+)")


def host_stat():
    """(busy, softirq, all) jiffies summed over the host's CPUs."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (v + [0] * 8)[:8]
    busy = user + nice + system + irq + softirq + steal
    return busy, softirq, busy + idle + iowait


def proc_cpu(pid):
    """utime + stime of one process (all its threads), in jiffies; None once it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            rest = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(rest[11]) + int(rest[12])


class Relays:
    """The user network's relays: processes whose command line holds the words given (guestfwd's
    `busybox nc 127.0.0.1 PORT`, one per connection; QEMU starts them, but not as its children)."""

    def __init__(self, words):
        self.words = b"\0".join(w.encode() for w in words) + b"\0" if words else None
        self.relay = set()
        self.other = {}  # pid -> when it was last read and was not one (a relay starts as `sh -c`, then execs)

    def pids(self):
        if not self.words:
            return []
        now = time.monotonic()
        found = []
        for p in os.listdir("/proc"):
            if not p.isdigit():
                continue
            pid = int(p)
            if pid not in self.relay and now - self.other.get(pid, -1.0) >= 0.5:
                try:
                    with open("/proc/%d/cmdline" % pid, "rb") as f:
                        is_relay = self.words in f.read()
                except OSError:
                    is_relay = False
                if is_relay:
                    self.relay.add(pid)
                else:
                    self.other[pid] = now
            if pid in self.relay:
                found.append(pid)
        return found


def group_cpu(pids):
    """{pid: jiffies} of the processes still there."""
    got = {}
    for pid in pids:
        c = proc_cpu(pid)
        if c is not None:
            got[pid] = c
    return got


def spent(samples, upto):
    """Jiffies a group's processes spent from samples[0] to samples[upto]: a process born later counts from 0."""
    last = {}
    for s in samples[: upto + 1]:
        last.update(s)
    return sum(c - samples[0].get(pid, 0) for pid, c in last.items())


def sample(qemu, relays, nginx):
    return (time.monotonic(), host_stat(), group_cpu([qemu]), group_cpu(relays.pids()), group_cpu(nginx))


def main():
    serial, qemu, out, nginx_pid = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    relays = Relays(sys.argv[5:])
    relays.other[qemu] = float("inf")  # (QEMU's own command line holds guestfwd's command)
    nginx = [nginx_pid]
    try:  # nginx's workers are its children
        with open("/proc/%d/task/%d/children" % (nginx_pid, nginx_pid)) as f:
            nginx += [int(k) for k in f.read().split()]
    except OSError:
        pass
    hz = os.sysconf("SC_CLK_TCK")
    ncpu = os.cpu_count() or 1
    begun = {}  # (proto, tool, n) -> the samples since its begin line
    pending = ""
    with open(out, "w") as o:
        while not os.path.exists(serial):
            time.sleep(0.02)
        with open(serial, "rb") as s:
            while True:
                if begun:
                    now = sample(qemu, relays, nginx)
                    for samples in begun.values():
                        samples.append(now)
                chunk = s.read()
                if not chunk:
                    if proc_cpu(qemu) is None:
                        return
                    time.sleep(0.02)
                    continue
                pending += chunk.decode("utf-8", "replace").replace("\r", "")
                *lines, pending = pending.split("\n")
                for line in lines:
                    if "BENCH done" in line:
                        return
                    m = MARK.search(line)
                    if not m:
                        continue
                    what, key = m.group(1), m.group(2, 3, 4)
                    if what == "begin":
                        begun[key] = [sample(qemu, relays, nginx)]
                        continue
                    samples, secs = begun.pop(key, None), SECONDS.search(line)
                    if not samples or not secs or len(samples) < 2:
                        continue
                    end = samples[0][0] + float(secs.group(1))
                    i = min(range(1, len(samples)), key=lambda j: abs(samples[j][0] - end))
                    t0, (b0, s0, a0) = samples[0][:2]
                    t1, (b1, s1, a1) = samples[i][:2]
                    if a1 <= a0 or t1 <= t0:
                        continue

                    def pct(g):
                        return 100.0 * spent([x[g] for x in samples], i) / hz / (t1 - t0)

                    o.write("BENCH host proto=%s tool=%s n=%s wall_s=%.2f busy_pct=%.0f softirq_pct=%.0f "
                            "qemu_pct=%.0f relay_pct=%.0f nginx_pct=%.0f ncpu=%d\n"
                            % (key[0], key[1], key[2], t1 - t0, 100.0 * (b1 - b0) / (a1 - a0),
                               100.0 * (s1 - s0) / (a1 - a0), pct(2), pct(3), pct(4), ncpu))
                    o.flush()

if __name__ == "__main__":
    main()
