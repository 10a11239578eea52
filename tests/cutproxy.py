#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A TCP proxy on 127.0.0.1 that misbehaves on purpose, for the resume tests.

    tests/cutproxy.py TARGET_PORT MODE BYTES CONNS [RATE]

Listens on a free port of 127.0.0.1, prints it on the first line of stdout,
and forwards every connection to 127.0.0.1:TARGET_PORT (bytes pass through
untouched, TLS included). The first CONNS answers that reach BYTES bytes
from the server are broken there (shorter ones pass whole):
  drop   the connection is closed
  stall  nothing more is forwarded; the connection stays open until the
         client gives up
  slow   no break: every connection is forwarded at RATE bytes a second
Each connection is logged on stderr. Runs until killed; nothing but
loopback is ever reached.
"""
import os
import socket
import sys
import threading
import time


def pump_up(client, server):
    try:
        while True:
            b = client.recv(65536)
            if not b:
                break
            server.sendall(b)
    except OSError:
        pass
    try:
        server.shutdown(socket.SHUT_WR)
    except OSError:
        pass


cuts = 0
cuts_lock = threading.Lock()


def cut_now(conns):
    """Whether this answer is one of the first CONNS to be broken."""
    global cuts
    with cuts_lock:
        if cuts >= conns:
            return False
        cuts += 1
        return True


def serve(client, n, target, mode, limit, conns, rate):
    server = socket.create_connection(("127.0.0.1", target))
    threading.Thread(target=pump_up, args=(client, server), daemon=True).start()
    broken = mode in ("drop", "stall")
    sent = 0
    try:
        while True:
            b = server.recv(16384 if mode != "slow" else max(1, rate // 10))
            if not b:
                break
            if broken and sent + len(b) >= limit and cut_now(conns):
                client.sendall(b[: limit - sent])
                sent = limit
                print(f"cutproxy: connection {n}: {mode} after {sent} bytes", file=sys.stderr, flush=True)
                if mode == "stall":
                    client.settimeout(120)
                    while client.recv(65536):
                        pass
                break
            broken = broken and sent + len(b) < limit
            client.sendall(b)
            sent += len(b)
            if mode == "slow":
                time.sleep(0.1)
    except OSError:
        pass
    # shutdown first: close() alone waits for the other thread's recv() to let go of the socket
    for s in (client, server):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()


def main():
    target, mode, limit, conns = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    rate = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    lsock = socket.socket()
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", int(sys.argv[6]) if len(sys.argv) > 6 else 0))
    lsock.listen(16)
    # one write, so that the reader has the whole line at once
    os.write(1, b"%d\n" % lsock.getsockname()[1])
    n = 0
    while True:
        c, _ = lsock.accept()
        print(f"cutproxy: connection {n}", file=sys.stderr, flush=True)
        threading.Thread(target=serve, args=(c, n, target, mode, limit, conns, rate), daemon=True).start()
        n += 1


if __name__ == "__main__":
    main()
