#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# kernels: 6.1 payload
# Secrets handed to the next kernel through kexboot's generated initrd, with
# kexboot running on a Debian 6.1 kernel (6.1) or on its own payload kernel
# (payload: build/payload/bzImage, whose built-in initramfs is kexboot's).
# An extra initrd (over kexboot's archive; for the payload, unpacked over its
# built-in one) adds
#   /etc/kexboot/secrets/payload-key   a payload secret (random bytes)
#   /keyinit, /keyinit.conf, key files a test-only first process
#                                       (rdinit=/keyinit, tests/qemu/tools/
#                                       keyinit.c): it puts a `user` key
#                                       (disk-key) and a `logon` key into a
#                                       keyring "kexboot" in the user keyring,
#                                       removes the key files and execs
#                                       kexboot's /init as PID 1 (kexboot
#                                       itself adds no key)
#   /etc/kexboot/sealed/sealed-key.tpm2 a secret the host sealed with
#                                       tpm2-tools (scripts/tpm-seal.sh) into
#                                       the guest's swtpm, to the PCR 8 and 9
#                                       values the entry below leaves there
#                                       (scripts/tpm-predict.py), unsealed by
#                                       kexboot only in that state
# A one-entry disk boots the Debian 6.1 kernel with three initrds: a
# microcode-style early cpio (also carrying a copy of its blob under
# /payload/early/ so the target reports it), the target's base cpio and a
# gzip-compressed cpio; kexboot appends the generated one. The target prints
# the mode and SHA-256 of every file under /.extra/credentials/ and
# /.kexboot/ and the SHA-256 of every file under /payload/; both secrets
# (three secrets from three sources: payload file, keyring key, TPM-sealed
# blob) must arrive with the host's digests, mode 0400 (directories 0500), the
# logon key is reported by name and not handed over, the command line
# carries no secret, and kexboot.test.memscan finds none of the secrets'
# bytes in kexboot's memory before the jump, nor in any file of the boot
# side's in-memory file systems (/, /tmp, /run, /dev/shm; the payload's own
# /etc/kexboot/secrets, the source, left out). The target's PCR 8 and 9 are
# the entry's events and the separators only: no secret (nor the generated
# initrd) is measured.
#   tests/qemu/case-secrets.sh SERIES [segments|file]   (no mode: both, one after the other)
#     SERIES  6.1 (kexboot on the Debian kernel) or payload (on its own kernel)
set -eu
if [ $# -eq 1 ]; then
	sh "$0" "$1" segments && sh "$0" "$1" file
	exit
fi
. tests/qemu/lib.sh
. tests/qemu/kexec-lib.sh
series=$1 mode=$2
need="build/kexboot.cpio build/kexboot build/tests/qemu-keyinit build/target/base.cpio build/target/payload2.cpio.gz"
[ "$series" = payload ] && need="$need build/payload/bzImage"
for t in swtpm tpm2_createprimary; do
	command -v "$t" >/dev/null || { echo "  $t missing (Debian packages swtpm, tpm2-tools)" >&2; exit 1; }
done
for f in $need; do
	[ -f "$f" ] || { echo "  $f missing: run 'make all payload build/tests/qemu-keyinit build/target/base.cpio'" >&2; exit 1; }
done
grep -q credentials build/target/base.cpio ||
	{ echo "  build/target/base.cpio predates the credentials report: make build/target/base.cpio" >&2; exit 1; }
kdir=$(kernel_dir 6.1)
w=$QEMU_DIR/secrets
mkdir -p "$w/esp/loader/entries" "$w/esp/k" "$w/uc" "$w/tpm"
echo "secrets through the $mode load (kexboot on $series)"

# The entry: early (microcode-style) cpio, the target's base cpio, a compressed one.
head -c 4096 /dev/urandom >"$w/uc/GenuineIntel.bin"
usum=$(sha256sum <"$w/uc/GenuineIntel.bin" | cut -d' ' -f1)
kx_cpio "$w/esp/k/ucode.cpio" <<SPEC
dir kernel 755
dir kernel/x86 755
dir kernel/x86/microcode 755
file kernel/x86/microcode/GenuineIntel.bin 644 $w/uc/GenuineIntel.bin
dir payload 755
dir payload/early 755
file payload/early/GenuineIntel.bin 644 $w/uc/GenuineIntel.bin
SPEC
cp build/target/base.cpio build/target/payload2.cpio.gz "$kdir/vmlinuz" "$w/esp/k/"
cat >"$w/esp/loader/entries/secrets.conf" <<CONF
title   Secrets target
linux   /k/vmlinuz
initrd  /k/ucode.cpio
initrd  /k/base.cpio
initrd  /k/payload2.cpio.gz
options console=ttyS0 panic=-1 entry=secrets
CONF
scripts/disk-image.sh "$w/disk.img" "esp:$w/esp"

# The sealed secret: PCR 8 and 9 as kexboot leaves them after this entry's events (before its
# separators), sealed on a swtpm the host reaches with tpm2-tools; QEMU's swtpm then runs on
# the same state.
python3 scripts/tpm-predict.py --cmdline "console=ttyS0 panic=-1 entry=secrets" "$w/pcrs" \
	"$w/esp/k/vmlinuz" "$w/esp/k/ucode.cpio" "$w/esp/k/base.cpio" "$w/esp/k/payload2.cpio.gz" | sed 's/^/  /'
head -c 40 /dev/urandom >"$w/sealed-key"
ssum=$(sha256sum <"$w/sealed-key" | cut -d' ' -f1)
kx_tpm_seal "$w/tpm" "$w/pcrs" "$w/sealed-key" "$w/sealed-key.tpm2"

# The secrets: random bytes, digests kept on the host.
head -c 61 /dev/urandom >"$w/payload-key"
head -c 47 /dev/urandom >"$w/keyring-key"
head -c 32 /dev/urandom >"$w/logon-key"
psum=$(sha256sum <"$w/payload-key" | cut -d' ' -f1)
ksum=$(sha256sum <"$w/keyring-key" | cut -d' ' -f1)
cat >"$w/keyinit.conf" <<'CONF'
kexboot user disk-key /keyring-key
kexboot logon kexboot:luks /logon-key
CONF
kx_cpio "$w/extra.cpio" <<SPEC
file keyinit 755 build/tests/qemu-keyinit
file keyinit.conf 600 $w/keyinit.conf
file keyring-key 600 $w/keyring-key
file logon-key 600 $w/logon-key
dir etc 755
dir etc/kexboot 755
dir etc/kexboot/secrets 700
file etc/kexboot/secrets/payload-key 600 $w/payload-key
dir etc/kexboot/sealed 700
file etc/kexboot/sealed/sealed-key.tpm2 600 $w/sealed-key.tpm2
SPEC
# Debian's kernel gets kexboot's archive and the extra one; the payload has kexboot built in
# (and no gzip: the extra archive stays uncompressed).
if [ "$series" = payload ]; then
	kernel=build/payload/bzImage initrd=$w/extra.cpio
else
	kernel=$kdir/vmlinuz initrd=$w/initrd.cpio
	cat build/kexboot.cpio "$w/extra.cpio" >"$initrd"
fi

swtpm socket --tpm2 --tpmstate dir="$w/tpm" --ctrl type=unixio,path="$w/tpm/sock" --terminate \
	--log file="$w/swtpm.log" &
SWTPM_PID=$!
for _ in $(seq 100); do [ -S "$w/tpm/sock" ] && break; sleep 0.1; done
[ -S "$w/tpm/sock" ] || { echo "  swtpm did not start" >&2; exit 1; }
qemu_start "$kernel" "$initrd" \
	"console=ttyS0 panic=-1 rdinit=/keyinit kexboot.timeout=0 kexboot.keyring=kexboot kexboot.secrets=payload-key,disk-key,sealed-key kexboot.interface=$mode kexboot.test.memscan" \
	-drive file="$w/disk.img",if=virtio,format=raw,snapshot=on \
	-chardev socket,id=chrtpm,path="$w/tpm/sock" -tpmdev emulator,id=tpm0,chardev=chrtpm \
	-device tpm-tis,tpmdev=tpm0
trap 'qemu_stop; kill "$SWTPM_PID" 2>/dev/null || true' EXIT
if [ "$series" = payload ]; then
	qemu_expect "Linux version 6\.1\.[0-9]+-kexboot " 120
fi
qemu_expect "keyinit: user key disk-key in keyring kexboot" 180
qemu_expect "keyinit: logon key kexboot:luks in keyring kexboot" 30
qemu_expect "'kexboot:luks' is a logon key, which cannot be read back; not handed over" 240
qemu_expect "kexboot: handing over 3 secret\(s\): disk-key \(keyring\) payload-key \(payload\) sealed-key \(tpm\)" 60
# The interfaces' names, without spelling them: "..._file_..." is the file-descriptor load.
case $mode in
segments) qemu_expect "kexboot: loaded through [a-z]+_load \(kexboot.interface\)" 180 ;;
file) qemu_expect "kexboot: loaded through [a-z]+_file_[a-z]+ \(kexboot.interface\)" 180 ;;
esac
qemu_expect "kexboot: memscan: disk-key: not found" 120
qemu_expect "kexboot: memscan: payload-key: not found" 10
qemu_expect "kexboot: memscan: sealed-key: not found" 10
qemu_expect "kexboot: memscan: read [1-9][0-9]{5,} bytes of [1-9][0-9]* readable mapping\(s\)" 10
qemu_expect "kexboot: memscan: 3 secret\(s\) looked for, 0 found" 10
# No copy in any file of the boot side's in-memory file systems either (the payload's own
# /etc/kexboot/secrets is the source, left out; keyinit removed its key files).
qemu_expect "kexboot: fsscan: disk-key: not found" 60
qemu_expect "kexboot: fsscan: payload-key: not found" 10
qemu_expect "kexboot: fsscan: sealed-key: not found" 10
qemu_expect "kexboot: fsscan: read [1-9][0-9]{5,} bytes of [1-9][0-9]* file\(s\)" 10
qemu_expect "kexboot: fsscan: 3 secret\(s\) looked for, 0 found in files" 10
# Exactly the entry's command line: kexboot adds nothing to it (a secret least of all).
qemu_expect "TARGET: cmdline console=ttyS0 panic=-1 entry=secrets$" 240
qemu_expect "TARGET: dir 500 /.extra/credentials" 30
qemu_expect "TARGET: file 400 $ksum  /.extra/credentials/disk-key" 30
qemu_expect "TARGET: file 400 $psum  /.extra/credentials/payload-key" 30
qemu_expect "TARGET: file 400 $ssum  /.extra/credentials/sealed-key" 30
while read -r sum path; do
	case $path in /payload/two.bin) qemu_expect "TARGET: sha256 $sum  $path" 10 ;; esac
done <build/target/expected.sha256
# The modes the initrds gave their files (payload2.cpio.gz and the early cpio: 0644).
qemu_expect "TARGET: mode 644 /payload/two.bin" 10
qemu_expect "TARGET: sha256 $usum  /payload/early/GenuineIntel.bin" 10
qemu_expect "TARGET: mode 644 /payload/early/GenuineIntel.bin" 10
qemu_expect "TARGET: done" 60
qemu_wait_exit 60
# No secret on any command line, and no third credential.
log=$(tr -d '\r' <"$QEMU_LOG")
if printf '%s\n' "$log" | grep -q "TARGET: file .*/.extra/credentials/kexboot"; then
	echo "  the logon key was handed over" >&2
	exit 1
fi
if printf '%s\n' "$log" | grep "TARGET: cmdline" | grep -q "disk-key\|payload-key\|sealed-key"; then
	echo "  a secret's name reached the target's command line" >&2
	exit 1
fi
# Never measured: the target's PCR 8 and 9 are the entry's own events (what the secret was
# sealed to) and the separators, nothing for the secrets or the generated initrd.
printf '%s\n' "$log" | sed -n 's/^TARGET: pcr-sha256 \([89]\) \([0-9A-Fa-f]*\)$/\1 \2/p' >"$w/target.pcrs"
python3 - "$w/pcrs" "$w/target.pcrs" <<'PY' || exit 1
import hashlib, sys
H = lambda b: hashlib.sha256(b).digest()
sealed = open(sys.argv[1], "rb").read()
want = {8: H(sealed[:32] + H(bytes(4))), 9: H(sealed[32:64] + H(bytes(4)))}
got = {int(n): bytes.fromhex(v) for n, v in (l.split() for l in open(sys.argv[2]))}
for n in (8, 9):
    ok = got.get(n) == want[n]
    print("  PCR %d target %s = the entry's events + separator %s: %s" % (n, got.get(n, b"").hex()[:16], want[n].hex()[:16], "ok" if ok else "MISMATCH"))
    if not ok:
        sys.exit(1)
PY
echo "  ok: the three secrets (payload, keyring, TPM-sealed) and the three initrds delivered through the $mode load from kexboot on $series, none left in kexboot's memory"
