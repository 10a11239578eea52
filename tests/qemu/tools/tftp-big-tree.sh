#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tftp-big-tree.sh KERNEL_DIR TFTP_DIR MIB SEED: a PXELINUX tree for QEMU's
# own TFTP server with one entry, "TFTP Debian 6.1 with a big initrd"
# (entry=tftp-big): KERNEL_DIR's vmlinuz, the target's base initrd, and a
# newc archive holding one MIB MiB file of pseudo-random bytes (SEED), slow
# enough over TFTP to be cut or cancelled halfway. Used by
# case-netboot-tftpstop.sh and case-netboot-cancel.sh.
set -eu
k=$1 tftp=$2 mib=$3 seed=$4
mkdir -p "$tftp/pxelinux.cfg" "$tftp/deb"
cp "$k/vmlinuz" "$tftp/deb/vmlinuz"
cp build/target/base.cpio "$tftp/deb/a.cpio"
python3 - "$tftp/deb/big.cpio" "$mib" "$seed" <<'PY'
import random, sys
data = random.Random(int(sys.argv[3])).randbytes(int(sys.argv[2]) << 20)
def hdr(name, n):
    name = name + b"\0"
    h = b"070701" + b"".join(b"%08X" % v for v in (1, 0o100644, 0, 0, 1, 0, n, 0, 0, 0, 0, len(name), 0)) + name
    return h + b"\0" * (-len(h) % 4)
with open(sys.argv[1], "wb") as f:
    f.write(hdr(b"big.bin", len(data)) + data)
    f.write(b"\0" * (-f.tell() % 4) + hdr(b"TRAILER!!!", 0))
PY
cat >"$tftp/pxelinux.cfg/default" <<'CFG'
DEFAULT big
LABEL big
  MENU LABEL TFTP Debian 6.1 with a big initrd
  KERNEL deb/vmlinuz
  INITRD deb/a.cpio,deb/big.cpio
  APPEND console=ttyS0 panic=-1 entry=tftp-big
CFG
