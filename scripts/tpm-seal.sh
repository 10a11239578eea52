#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Seals a secret to a PCR policy with tpm2-tools and writes kexboot's sealed
# file (format: boot/trust/tpm/seal.h), to go into the payload as
# /etc/kexboot/sealed/NAME.tpm2; kexboot hands the unsealed bytes to the
# target as /.extra/credentials/NAME.
#
#   scripts/tpm-seal.sh [--bank sha256] [--pcrs 8,9] --values FILE SECRET OUT
#
# The TPM is the one tpm2-tools reach (TPM2TOOLS_TCTI, e.g.
# "swtpm:path=/x/sock" or "device:/dev/tpmrm0"): the machine that will boot
# with kexboot, since only its owner key loads the blob. The parent is the
# owner hierarchy's primary key from tpm2_createprimary's default template
# (kexboot makes the same key again at boot); the sealed object has the PCR
# policy and no password path (tpm2_create with -L sets no userwithauth).
#
# FILE holds the PCR values the secret unseals under, as tpm2_createpolicy -f
# reads them: the digests of the bank, one per selected PCR in increasing
# order, back to back. They are the values kexboot's PCRs hold after the
# entry's events and before the separators (README: the measurement table):
#   PCR 8 = extend(0, sha256("kernel_cmdline: " + the command line))
#   PCR 9 = extend(extend(0, sha256(kernel)), sha256(initrd)) ... in boot order
# (scripts/tpm-predict.py writes them from an entry's files and command
# line). The policy
# must name PCR 8 or 9: kexboot extends a separator into both before the
# jump, so what runs after cannot unseal. At most 128 bytes can be sealed.
set -eu
bank=sha256 pcrs=8,9 values=
while [ $# -gt 2 ]; do
	case $1 in
	--bank) bank=$2; shift 2 ;;
	--pcrs) pcrs=$2; shift 2 ;;
	--values) values=$2; shift 2 ;;
	*) echo "tpm-seal: unknown option $1" >&2; exit 2 ;;
	esac
done
if [ $# -ne 2 ] || [ -z "$values" ]; then
	echo "usage: scripts/tpm-seal.sh [--bank sha256] [--pcrs 8,9] --values FILE SECRET OUT" >&2
	exit 2
fi
secret=$1 out=$2
for t in tpm2_createprimary tpm2_createpolicy tpm2_create tpm2_flushcontext; do
	command -v "$t" >/dev/null || { echo "tpm-seal: $t missing (Debian package tpm2-tools)" >&2; exit 1; }
done
case $bank in
sha1) alg=4 ;;
sha256) alg=11 ;;
sha384) alg=12 ;;
sha512) alg=13 ;;
*) echo "tpm-seal: bank $bank: sha1, sha256, sha384 or sha512" >&2; exit 2 ;;
esac
size=$(wc -c <"$secret")
[ "$size" -le 128 ] || { echo "tpm-seal: $secret: $size bytes, a sealed object holds at most 128" >&2; exit 1; }

# The PCR bitmap, three bytes for PCRs 0-23.
b0=0 b1=0 b2=0 saw=
for p in $(echo "$pcrs" | tr ',' ' '); do
	case $p in *[!0-9]* | '') echo "tpm-seal: PCR '$p' is not a number" >&2; exit 2 ;; esac
	[ "$p" -le 23 ] || { echo "tpm-seal: PCR $p: only 0-23" >&2; exit 2; }
	case $p in 8 | 9) saw=1 ;; esac
	case $((p / 8)) in
	0) b0=$((b0 | 1 << (p % 8))) ;;
	1) b1=$((b1 | 1 << (p % 8))) ;;
	2) b2=$((b2 | 1 << (p % 8))) ;;
	esac
done
[ -n "$saw" ] || { echo "tpm-seal: the policy must name PCR 8 or 9 (kexboot caps them before the jump)" >&2; exit 2; }

t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
umask 077
tpm2_createprimary -Q -C o -c "$t/primary.ctx"
tpm2_createpolicy -Q --policy-pcr -l "$bank:$pcrs" -f "$values" -L "$t/policy"
tpm2_create -Q -C "$t/primary.ctx" -L "$t/policy" -i "$secret" -u "$t/pub" -r "$t/priv"
# Without a resource manager (swtpm) the transient objects and the policy's trial session stay loaded otherwise.
tpm2_flushcontext -t
tpm2_flushcontext -l

# One byte of value $1 (an octal escape built for printf's format).
# shellcheck disable=SC2059
byte() { printf "\\$(printf %03o "$1")"; }
{
	printf 'KXSEAL\000\001'
	printf '\000\000\000\001'
	byte 0
	byte "$alg"
	byte 3
	byte "$b0"
	byte "$b1"
	byte "$b2"
	cat "$t/pub" "$t/priv"
} >"$out"
echo "tpm-seal: $out: $size byte(s) sealed to $bank:$pcrs"
