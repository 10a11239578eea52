#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Predicts what PCR 8 and PCR 9 hold when kexboot unseals (after an entry's
events, before its separators) for an entry that is not a UKI, and writes
them as the values file scripts/tpm-seal.sh --values (tpm2_createpolicy -f)
reads: the PCR 8 digest, then the PCR 9 digest.

  scripts/tpm-predict.py [--bank sha256] --cmdline 'CMDLINE' OUT KERNEL [INITRD...]

PCR 8 = extend(0, H("kernel_cmdline: " + CMDLINE)), CMDLINE exactly as booted
(the entry's options, or the edited line); PCR 9 = extend(...extend(0,
H(KERNEL)), H(INITRD)...) in boot order (boot/trust/tpm/measure.h). Both start
from zero: PC firmware does not measure into PCR 8 or 9 before kexboot runs.
"""
import argparse
import hashlib

p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
p.add_argument("--bank", default="sha256", choices=["sha1", "sha256", "sha384", "sha512"])
p.add_argument("--cmdline", required=True)
p.add_argument("out")
p.add_argument("kernel")
p.add_argument("initrds", nargs="*")
a = p.parse_args()


def H(data):
    return hashlib.new(a.bank, data).digest()


def extend(pcr, data):
    return H(pcr + H(data))


zero = bytes(hashlib.new(a.bank).digest_size)
pcr8 = extend(zero, b"kernel_cmdline: " + a.cmdline.encode())
pcr9 = zero
for f in [a.kernel] + a.initrds:
    with open(f, "rb") as fh:
        pcr9 = extend(pcr9, fh.read())
with open(a.out, "wb") as fh:
    fh.write(pcr8 + pcr9)
print("tpm-predict: %s: PCR 8 %s, PCR 9 %s" % (a.bank, pcr8.hex()[:16], pcr9.hex()[:16]))
