#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""One NMI-storm trial: boot KERNEL + CPIO under QEMU (TCG), wait for the
loader's "LOADER load rc=0" line, then inject NMIs paced at RATE per second,
one at a time (each QMP inject-nmi is sent only after the previous one
returned, at its own slot t0 + k/RATE: NMIs do not queue, a CPU holds at
most one pending, so a burst would deliver about one), until the target
prints its "Linux version" banner (reached), QEMU resets (triple fault; the
-d cpu_reset dump says where) or TIMEOUT passes (hung).

How many arrive is measured, not assumed: the loader's init prints the NMI
line of /proc/interrupts before and after a two-second pause under the flood
("LOADER nmi-before N", "LOADER nmi-after N"); the difference over the
guest's own clock is the delivered rate, reported as "delivered_per_s"
beside "sent_per_s" (commands the host sent per second over the flood).
Prints one JSON line. Usage:
  nmi-bench.py KERNEL CPIO WORKDIR [--rate 700] [--calm] [--timeout 150]
"""
import argparse, json, os, re, socket, subprocess, sys, threading, time

ap = argparse.ArgumentParser()
ap.add_argument("kernel"); ap.add_argument("cpio"); ap.add_argument("workdir")
ap.add_argument("--rate", type=float, default=700.0)
ap.add_argument("--calm", action="store_true", help="no NMIs (control)")
ap.add_argument("--timeout", type=float, default=150.0)
ap.add_argument("--append", default="console=ttyS0 panic=-1")
a = ap.parse_args()

os.makedirs(a.workdir, exist_ok=True)
serial = os.path.join(a.workdir, "serial.log")
cpulog = os.path.join(a.workdir, "cpu.log")
sock = os.path.join(a.workdir, "qmp.sock")
for p in (serial, cpulog, sock):
    if os.path.exists(p):
        os.unlink(p)
# No -no-reboot: a triple fault must reset (and be dumped), not just exit.
qemu = subprocess.Popen([
    "qemu-system-x86_64", "-M", "q35", "-m", "1G", "-display", "none", "-monitor", "none",
    "-serial", "file:" + serial, "-kernel", a.kernel, "-initrd", a.cpio, "-append", a.append,
    "-qmp", "unix:%s,server=on,wait=off" % sock, "-d", "cpu_reset,guest_errors", "-D", cpulog],
    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(os.path.join(a.workdir, "qemu.err"), "w"))

def connect():
    for _ in range(200):
        try:
            s = socket.socket(socket.AF_UNIX); s.connect(sock); return s
        except OSError:
            time.sleep(0.05)
    raise SystemExit("no QMP socket")

s = connect()
# Answers and events are read through a file object of their own; commands go
# straight to the socket. (A write on a shared "rw" text file resets its
# decoder and drops the lines read ahead: answers were lost, the count fell
# behind for good and every later inject-nmi waited out its 1 s deadline, so
# the flood fell to one NMI per second for the rest of such a trial.)
f = s.makefile("r")
def send(cmd):
    s.sendall(('{"execute": "%s"}\n' % cmd).encode())
f.readline()
send("qmp_capabilities")
events = []
lock = threading.Lock()
# inject-nmi answers {"return": {}}; the reader thread counts the answers so
# the next command goes out only after the last one was carried out. Defined
# before the thread starts: when the qmp_capabilities answer came first, the
# thread died of a NameError, nothing was counted, and every inject-nmi waited
# out its 1 s deadline (a "flood" of one NMI per second).
answered = [0]
def reader():
    try:
        for line in f:
            try:
                m = json.loads(line)
            except ValueError:
                continue
            if "event" in m:
                with lock:
                    events.append(m["event"])
            elif "return" in m or "error" in m:
                with lock:
                    answered[0] += 1
    except OSError:
        pass  # QEMU quit
threading.Thread(target=reader, daemon=True).start()

def log():
    try:
        return open(serial, "rb").read().decode("latin-1").replace("\r", "")
    except OSError:
        return ""

result = {"result": "hung", "nmis": 0}
start = time.time()
flooding = False
sent = 0
t_flood = None
while time.time() - start < a.timeout:
    text = log()
    with lock:
        ev = list(events)
    # The second test does not rely on QMP: a reset reboots the guest
    # (no -no-reboot), so its loader would run again.
    if "RESET" in ev or text.count("LOADER load rc=") > 1:
        result["result"] = "reset"; break
    if qemu.poll() is not None:
        result["result"] = "exited"; break
    if not flooding and "LOADER load rc=0" in text:
        flooding = True; t_flood = time.time()
    if flooding:
        tail = text.split("LOADER load rc=0", 1)[1]
        if "Linux version" in tail:
            result["result"] = "reached"; break
        if "LOADER load rc=" in text and "LOADER load rc=0" not in text:
            result["result"] = "load-failed"; break
        if not a.calm:
            # Paced, one outstanding command at a time, for 50 ms; then check the log again.
            until = time.time() + 0.05
            while time.time() < until:
                slot = t_flood + sent / a.rate
                now = time.time()
                if slot > now:
                    time.sleep(slot - now)
                send("inject-nmi")
                sent += 1
                deadline = time.time() + 1.0
                while time.time() < deadline:
                    with lock:
                        # +1: the qmp_capabilities answer
                        if answered[0] >= sent + 1 or "RESET" in events:
                            break
                    time.sleep(0.0002)
            continue
    elif "LOADER load rc=" in text:
        result["result"] = "load-failed"; break
    time.sleep(0.05)
result["nmis"] = sent
if t_flood:
    result["flood_seconds"] = round(time.time() - t_flood, 2)
    if sent:
        result["sent_per_s"] = round(sent / max(0.001, time.time() - t_flood))
text = log()
nb = re.search(r"LOADER nmi-before (\d+)", text)
na = re.search(r"LOADER nmi-after (\d+) (\d+)", text)
if nb and na:
    # the pause's length by the guest's clock (ms), printed with the count
    result["delivered_per_s"] = round((int(na.group(1)) - int(nb.group(1))) * 1000 / max(1, int(na.group(2))))
# What kexboot's purgatory (--debug) said about NMIs before the jump.
m = re.search(r"kexboot purgatory: NMIs ([^\n]*)", text)
if m:
    result["purgatory_nmis"] = m.group(1).strip()
try:
    send("quit")
except OSError:
    pass
try:
    qemu.wait(10)
except subprocess.TimeoutExpired:
    qemu.kill()
# Where did the reset happen? The first cpu_reset dump not at the reset vector
# (0xfff0: power-on) holds the faulting state. Not the last: the guest reboots
# and the flood goes on until the bench sees the reset, so the rebooted
# kernel's decompressor can triple-fault too (seen with kexec-tools).
if result["result"] == "reset":
    dump = open(cpulog, errors="replace").read()
    blocks = dump.split("CPU Reset")
    for b in blocks[1:]:
        rip = re.search(r"RIP=([0-9a-f]+)", b)
        idt = re.search(r"IDT=\s*([0-9a-f]+) ([0-9a-f]+)", b)
        if rip and int(rip.group(1), 16) != 0xfff0:
            result["rip"] = "0x" + rip.group(1).lstrip("0")
            if idt:
                result["idt"] = "0x%s/0x%s" % (idt.group(1).lstrip("0") or "0", idt.group(2).lstrip("0") or "0")
            break
    m = re.search(r'"what": "purgatory", "mem": "(0x[0-9a-f]+)", "memsz": "(0x[0-9a-f]+)"', log())
    if m and "rip" in result:
        p = int(m.group(1), 16); r = int(result["rip"], 16)
        result["in_kexboot_purgatory"] = p <= r < p + int(m.group(2), 16)
    # Where, by the IDT in force: none (the handoff after the old kernel dropped
    # its IDT: relocate_kernel or an IDT-less purgatory), a patched old
    # kernel's relocate_kernel IDT (limit 0x2f), the target
    # decompressor's stage-1 IDT (physical), or the target kernel's early IDT.
    idt = result.get("idt", "")
    if result.get("in_kexboot_purgatory"):
        result["where"] = "kexboot purgatory"
    elif idt == "0x0/0x0":
        result["where"] = "handoff, no IDT"
    elif idt.startswith("0xffffffff"):
        result["where"] = "target kernel, early IDT"
    elif idt.endswith("/0x1ff"):
        result["where"] = "target decompressor, stage-1 IDT"
    elif idt.endswith("/0x2f"):
        # config/kexec-nmi-gate.patch: 3 gates in the control page, loaded
        # by machine_kexec() at the control page's direct map address, then
        # by relocate_kernel's identity_mapped at its physical address
        result["where"] = "handoff, the old kernel's kexec NMI-gate IDT (%s)" % (
            "direct map" if idt.startswith("0xffff") else "identity map")
    elif idt.startswith("0xfffffe0000000000"):
        result["where"] = "a kernel's runtime IDT (cpu_entry_area)"
    else:
        result["where"] = "other"
print(json.dumps(result))
